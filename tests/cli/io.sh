#!/bin/sh
# Inputs and outputs that are not plain files, and writes that fail. No real device is
# touched: FIFOs and links stand in a temporary folder.
# usage: io.sh FACTLINT SOURCE_DIR
set -u
factlint=$1
source=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
rules="$source/rules/arrests.rules"
cp "$source/fixtures/cambodia-2025/figures.csv" "$tmp/figures.csv"
cd "$tmp" || exit 2
check() {
    "$factlint" check --color never --fail-on none -r "$rules" "$@"
}
check figures.csv >expected.txt 2>&1
[ $? -eq 0 ] || fail "the plain run failed: $(cat expected.txt)"

# A FIFO inside a folder is skipped with a note, not waited on.
mkdir data && cp figures.csv data/ && mkfifo data/waiting.csv
timeout 20 "$factlint" check --color never --fail-on none -r "$rules" data >out.txt 2>&1
status=$?
[ "$status" -eq 0 ] || fail "a FIFO in a folder: exit $status: $(cat out.txt)"
grep -q "data/waiting.csv is skipped: a FIFO" out.txt || fail "no note on the skipped FIFO"
rm data/waiting.csv

# A folder walk tells files and folders by what the folder lists, and the rest by
# looking: a link inside the folders given is read, a link out of them or to nothing
# is skipped with a note, and a subfolder is walked.
mkdir -p walk/sub && cp figures.csv walk/sub/nested.csv && cp figures.csv walk/plain.csv
ln -s sub/nested.csv walk/inside.csv
ln -s /etc/passwd walk/away.csv
ln -s missing.csv walk/nowhere.csv
check walk >out.txt 2>&1
grep -q "(39 figures" out.txt || fail "a folder walk read other than three tables: $(cat out.txt)"
grep -q "walk/inside.csv:9:31: warning" out.txt || fail "a link in the folder was not read"
grep -q "walk/away.csv is skipped: a link that leads out of the folders given" out.txt ||
    fail "no note on a link out of the folders given"
grep -q "walk/nowhere.csv is skipped: a link that leads nowhere" out.txt ||
    fail "no note on a link to nothing"

# A FIFO named outright is read like standard input, and so is "-".
mkfifo pipe.csv
cat figures.csv >pipe.csv &
timeout 20 "$factlint" check --color never --fail-on none -r "$rules" pipe.csv >out.txt 2>&1 ||
    fail "a FIFO named outright was not read: $(cat out.txt)"
grep -q "13 figures" out.txt || fail "the FIFO's figures were not read: $(cat out.txt)"
wait
timeout 20 "$factlint" check --color never --fail-on none -r "$rules" - <figures.csv \
    >out.txt 2>&1 ||
    fail "standard input was not read: $(cat out.txt)"
grep -q "13 figures" out.txt || fail "standard input's figures were not read"

# An empty folder is nothing to check: exit 2, and it says so.
mkdir empty
check empty >out.txt 2>&1
[ $? -eq 2 ] && grep -q "nothing to check" out.txt || fail "an empty folder: $(cat out.txt)"

# -o: a folder is refused, "-" is standard output, an input is never replaced.
check -o empty figures.csv 2>err.txt
[ $? -eq 2 ] && grep -q "it is a folder" err.txt || fail "-o a folder: $(cat err.txt)"
check -o - figures.csv >out.txt && cmp -s out.txt expected.txt || fail "-o - is not stdout"
check -o figures.csv figures.csv 2>err.txt
[ $? -eq 2 ] && grep -q "would replace the input" err.txt || fail "-o an input: $(cat err.txt)"
grep -q '^doc,key,value' figures.csv || fail "-o replaced its input"

# -o through a link replaces the target and keeps the link.
printf 'old report\n' >target.txt
ln -s target.txt link.txt
check -o link.txt figures.csv || fail "-o a link failed"
[ -L link.txt ] || fail "-o replaced the link itself"
cmp -s target.txt expected.txt || fail "-o did not write through the link"

# -o to a FIFO writes into it rather than replacing it.
mkfifo report.fifo
cat report.fifo >from-fifo.txt &
check -o report.fifo figures.csv || fail "-o a FIFO failed"
wait
[ -p report.fifo ] || fail "-o replaced the FIFO with a file"
cmp -s from-fifo.txt expected.txt || fail "-o a FIFO: the reader did not get the report"

# A reader that goes away: exit 2 with a message, for -o and for standard output.
awk 'BEGIN { print "key,value" } { }' /dev/null >many.csv
i=0
while [ $i -lt 3000 ]; do
    printf 'arrests.p%d.total,%d\narrests.p%d.prosecutions,9999\narrests.p%d.deported,1\n' \
        $i $i $i $i >>many.csv
    i=$((i + 1))
done
mkfifo closing.fifo
head -c 10 closing.fifo >/dev/null &
check -o closing.fifo many.csv 2>err.txt
[ $? -eq 2 ] && grep -q "cannot write closing.fifo" err.txt ||
    fail "a FIFO whose reader left: $(cat err.txt)"
wait
status=$( (check many.csv 2>err.txt; echo $? >status.txt) | head -c 10 >/dev/null; cat status.txt)
[ "$status" -eq 2 ] && grep -q "cannot write the report to standard output" err.txt ||
    fail "a closed pipe: exit $status: $(cat err.txt)"

# A write that fails keeps the old file: a file size limit stops the report.
printf 'old report\n' >kept.txt
(ulimit -f 1 && check -o kept.txt many.csv) 2>err.txt
[ $? -eq 2 ] || fail "a failed write did not exit 2"
[ "$(cat kept.txt)" = "old report" ] || fail "a failed write replaced the old file"
ls | grep -q 'kept.txt\.' && fail "a failed write left a temporary file"

# File names that are not UTF-8 are shown escaped.
mkdir odd
cp figures.csv "odd/$(printf 'bad\377name').csv"
check odd >out.txt 2>&1
grep -q 'odd/bad\\xffname.csv' out.txt || fail "a file name that is not UTF-8: $(cat out.txt)"

[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
