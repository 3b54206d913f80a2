#!/bin/sh
# `cmake --install` puts the binary and the shipped rules under a prefix, and the
# installed binary finds those rules by itself from any folder, even after the
# installed tree has moved.
# usage: install.sh BUILD_DIR
set -u
build=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cmake --install "$build" --prefix "$tmp/first" >/dev/null || exit 1
mv "$tmp/first" "$tmp/moved"
cd "$tmp" || exit 2
failures=0
for rule in outcomes-account-for-arrests human-rights-groups; do
    "$tmp/moved/bin/factlint" rules | grep -q "^$rule " || {
        echo "FAIL: the installed binary does not list $rule"
        failures=$((failures + 1))
    }
done
[ -f "$tmp/moved/share/factlint/rules/names/news-agencies.txt" ] || {
    echo "FAIL: the names lists are not installed"
    failures=$((failures + 1))
}
[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
