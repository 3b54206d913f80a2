#!/bin/sh
# Installs what factlint needs to build and test, when missing: Debian packages, and
# with --with-test-tools the third-party test data and validators: from Debian,
# python3-jsonschema, xmllint and Chromium (the browser the HTML report is tested in);
# from npm, tests/tools (npm ci, versions pinned by its package-lock.json); and the
# tools the test suite runs the code under: clang with libFuzzer, and valgrind.
# --with-fuzz adds clang alone.
set -eu
cd "$(dirname "$0")/.."
packages="cmake make gcc pkg-config libcsv-dev libunistring-dev libcmocka-dev"
test_tools=false
for option in "$@"; do
    case $option in
    --with-fuzz) packages="$packages clang" ;;
    --with-test-tools)
        test_tools=true
        packages="$packages python3 python3-jsonschema libxml2-utils chromium clang valgrind"
        command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
        ;;
    *)
        echo "install-deps.sh: unknown option $option" >&2
        exit 2
        ;;
    esac
done
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing:$missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
# A copy of the lock file in node_modules says which install is there already.
stamp=tests/tools/node_modules/.installed-lock.json
if $test_tools && ! cmp -s tests/tools/package-lock.json "$stamp"; then
    (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/tools/package-lock.json "$stamp"
fi
