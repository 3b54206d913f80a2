#!/bin/sh
# Installs the Debian packages factlint needs to build and test, when missing.
set -eu
packages="cmake make gcc pkg-config libcsv-dev libunistring-dev libcmocka-dev"
if [ "${1:-}" = "--with-fuzz" ]; then
    packages="$packages clang"
fi
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $package"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
