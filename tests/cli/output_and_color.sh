#!/bin/sh
# Behaviour golden files cannot show: -o writes the report atomically (a temporary
# file renamed into place, nothing left behind on failure), and colour appears on a
# terminal only, never with NO_COLOR.
# usage: output_and_color.sh FACTLINT SOURCE_DIR
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

# -o: the file holds exactly what standard output would, and the exit status stays.
"$factlint" check fixtures/cambodia-2025 >"$tmp/stdout"
expected_status=$?
"$factlint" check -o "$tmp/report.txt" fixtures/cambodia-2025 >"$tmp/o-stdout"
status=$?
[ "$status" -eq "$expected_status" ] || fail "-o changed the exit status ($status, not $expected_status)"
cmp -s "$tmp/stdout" "$tmp/report.txt" || fail "-o wrote something other than the report"
[ -s "$tmp/o-stdout" ] && fail "-o still wrote to standard output"
[ "$(ls "$tmp" | grep -c 'report.txt.')" -eq 0 ] || fail "-o left a temporary file"

# -o replaces an existing file whole.
printf 'old contents that are longer than nothing\n' >"$tmp/replaced.json"
"$factlint" check -f json -o "$tmp/replaced.json" fixtures/cambodia-2025
grep -q 'old contents' "$tmp/replaced.json" && fail "-o kept the old contents"
head -c 1 "$tmp/replaced.json" | grep -q '{' || fail "-o did not write the JSON report"

# -o into a folder that does not exist: exit 2, a message, no file.
"$factlint" check -o "$tmp/missing/report.txt" fixtures/cambodia-2025 2>"$tmp/err"
[ $? -eq 2 ] || fail "-o into a missing folder did not exit 2"
grep -q "cannot write" "$tmp/err" || fail "-o into a missing folder gave no message"
[ -e "$tmp/missing" ] && fail "-o created something"

# Colour: on a terminal (script(1) gives one), not with NO_COLOR, not into a pipe.
escape=$(printf '\033')
script -qec "env -u NO_COLOR TERM=xterm $factlint check fixtures/cambodia-2025" /dev/null \
    >"$tmp/tty" 2>&1
grep -q "$escape\\[" "$tmp/tty" || fail "no colour on a terminal"
script -qec "env NO_COLOR=1 TERM=xterm $factlint check fixtures/cambodia-2025" /dev/null \
    >"$tmp/tty-no-color" 2>&1
grep -q "$escape\\[" "$tmp/tty-no-color" && fail "colour despite NO_COLOR"
grep -q "Licadko" "$tmp/tty-no-color" || fail "no report on the terminal"
grep -q "$escape\\[" "$tmp/stdout" && fail "colour into a pipe"

[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
