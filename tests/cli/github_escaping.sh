#!/bin/sh
# -f github escapes as the Actions toolkit does: in a message '%', CR and LF; in a
# property (the file name, the title) also ':' and ','. Every annotation stays on one
# line, whatever the inputs hold.
# usage: github_escaping.sh FACTLINT
set -u
factlint=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

cd "$tmp" || exit 2
mkdir rules
printf 'rule share {\n  check t.part <= t.whole\n  %s\n}\n' \
    'message "part: {t.part}, whole: {t.whole} (100%)"' >rules/case.rules
# A table without a doc column stands for itself: its odd name is the annotated file.
printf 'key,value\nt.part,7\nt.whole,5\nt.odd,"5%%:,\r\nx"\n' >'a:b,c%.csv'
"$factlint" check -r rules -f github 'a:b,c%.csv' >out.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status, not 1"

expected_value='::error file=a%3Ab%2Cc%25.csv,line=4,col='
grep -q "^$expected_value" out.txt ||
    fail "the input/value annotation is not escaped: $(cat out.txt)"
grep -q 'title=input/value::.*"5%25:,%0D%0Ax"' out.txt ||
    fail "the value's %, CR and LF are not escaped, or : and , are: $(cat out.txt)"
message='part: 7, whole: 5 (100%25) (off by 2, 28.57%25)'
grep -q "^::warning file=a%3Ab%2Cc%25.csv,line=2,col=8,title=share::$message\$" out.txt ||
    fail "the rule's message is not escaped as a message: $(cat out.txt)"
[ "$(grep -c '^::' out.txt)" -eq 2 ] || fail "not one line per finding: $(cat out.txt)"
[ "$(wc -l <out.txt)" -eq 3 ] || fail "an annotation spans lines: $(cat out.txt)"
grep -q "$(printf '\r')" out.txt && fail "a carriage return went through"
tail -n 1 out.txt | grep -q '^factlint: 1 error, 1 warning' || fail "no summary line"

# Notes become ::notice.
printf 'key,value\nt.a,1\nt.a,1\n' >dup.csv
"$factlint" check -r rules -f github -q dup.csv >out.txt
grep -q '^::notice file=dup.csv,line=3,col=5,title=figure/duplicate::this row repeats' out.txt ||
    fail "a note is not a ::notice: $(cat out.txt)"

[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
