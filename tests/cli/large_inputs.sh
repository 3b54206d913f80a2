#!/bin/sh
# Inputs far larger or deeper than any real one end with a located finding or a clear
# error, never a crash: a 100 MB field, a 20 MB article without a line break, a table
# of a million columns, a check chaining a million terms, and rules nested 100,000
# deep. Run under AddressSanitizer by the test build, so overflows would show.
# usage: large_inputs.sh FACTLINT
set -u
factlint=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 2
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
printf 'rule positive { check $k.total >= 0 }\n' >case.rules
check() {
    "$factlint" check --color never --fail-on none "$@"
}

# A 100 MB field: one input/csv error at its line, the next row still read.
{
    printf 'key,value\nbig.total,'
    head -c 104857600 /dev/zero | tr '\0' '9'
    printf '\nsmall.total,5\n'
} >field.csv
check -r case.rules field.csv >out.txt 2>&1 || fail "a 100 MB field: $(head -c 300 out.txt)"
[ "$(grep -c 'error:' out.txt)" -eq 1 ] && grep -q 'field.csv:2:.*field longer than 1 MiB' out.txt ||
    fail "a 100 MB field is not one located error: $(grep -c error: out.txt) errors"
grep -q '(1 figure, ' out.txt || fail "the row after the 100 MB field was not read"

# A 20 MB article without a single line break.
head -c 20971520 /dev/zero | tr '\0' 'a' >flat.txt
check -r case.rules flat.txt >out.txt 2>&1 || fail "a 20 MB line: $(head -c 300 out.txt)"

# A million columns.
{
    printf 'key,value'
    seq 1 1000000 | sed 's/^/,c/' | tr -d '\n'
    printf '\nwide.total,7'
    seq 1 1000000 | sed 's/.*/,x/' | tr -d '\n'
    printf '\n'
} >wide.csv
check -r case.rules wide.csv >out.txt 2>&1 || fail "a million columns: $(head -c 300 out.txt)"
grep -q '(1 figure, ' out.txt || fail "the row of a million columns was not read"

# A check chaining a million terms runs; nesting 100,000 deep is a located error.
printf 'key,value\nt.total,1\n' >one.csv
{
    printf 'rule long {\n  check t.total'
    seq 2 1000000 | sed 's/.*/ + t.total/' | tr -d '\n'
    printf ' > 0\n}\n'
} >chain.rules
check -r chain.rules one.csv >out.txt 2>&1 || fail "a chain of a million terms: $(head -c 300 out.txt)"
grep -q '0 errors, 0 warnings' out.txt || fail "the chain did not pass: $(head -c 300 out.txt)"
for opener in '(' '-' 'not '; do
    {
        printf 'rule deep {\n  check '
        seq 1 100000 | sed "s/.*/$opener/" | tr -d '\n'
        printf 't.total'
        [ "$opener" = '(' ] && seq 1 100000 | sed 's/.*/)/' | tr -d '\n'
        printf ' > 0\n}\n'
    } >deep.rules
    check -r deep.rules one.csv >out.txt 2>&1
    [ $? -eq 2 ] && grep -q 'deep.rules:2:.*nested more than 256 levels deep' out.txt ||
        fail "nesting 100,000 deep with '$opener': $(head -c 300 out.txt)"
done

[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
