#!/bin/sh
# Cell text meant to act on whoever reads a report - a GitHub workflow command after a
# line break, ANSI escapes, "]]>" and "</script>" - is shown as text in every format:
# no raw escape byte anywhere, one workflow command per finding, XML that parses, one
# script element in the HTML page, JSON and SARIF that parse.
# usage: injection.sh FACTLINT SOURCE_DIR
set -u
factlint=$1
cd "$2" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
case=fixtures/bad-injection
for format in text json sarif github junit html; do
    "$factlint" check --color never -f "$format" -r "$case/case.rules" "$case" \
        >"$tmp/report.$format"
    [ $? -eq 1 ] || fail "$format: unexpected exit status"
    if grep -q "$(printf '\033')" "$tmp/report.$format"; then
        fail "$format: a raw escape byte reached the report"
    fi
done
findings=$(grep -c '"fingerprint"' "$tmp/report.json")
[ "$findings" -eq 4 ] || fail "the case should give 4 findings, not $findings"
[ "$(grep -c '^::' "$tmp/report.github")" -eq "$findings" ] ||
    fail "github: a cell started a workflow command of its own"
grep -q '^::error file=x.csv' "$tmp/report.github" && fail "github: the injected command ran"
xmllint --noout "$tmp/report.junit" || fail "junit: the XML does not parse"
[ "$(grep -o '<script' "$tmp/report.html" | wc -l)" -eq 1 ] ||
    fail "html: a cell opened a script element"
for format in json sarif; do
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/report.$format" ||
        fail "$format: the report does not parse"
done
[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
