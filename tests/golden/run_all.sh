#!/bin/sh
# Runs every golden case with FACTLINT, then the cases whose tables split at a few
# hundred bytes again, read in parts on three threads: the same reports. Prints each
# failure, then a count that says how the binary ran (HOW: "under valgrind"); fails
# when a case fails or fewer than 100 ran. FACTLINT_WRAPPER, which run_case.sh reads,
# runs the binary under another command.
# usage: run_all.sh FACTLINT SOURCE_DIR HOW
set -u
factlint=$1
source=$2
how=$3
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT INT TERM
failed=0
count=0
for cmd in "$source"/fixtures/*/cmd; do
    case=$(basename "$(dirname "$cmd")")
    count=$((count + 1))
    sh "$source/tests/golden/run_case.sh" "$factlint" "$source" "$case" >"$out" 2>&1 || {
        echo "FAIL: $case"
        cat "$out"
        failed=$((failed + 1))
    }
done
parts=0
for case in table-in-parts table-document-order; do
    parts=$((parts + 1))
    FACTLINT_ARGS="-j 3" FACTLINT_PART_BYTES=200 \
        sh "$source/tests/golden/run_case.sh" "$factlint" "$source" "$case" >"$out" 2>&1 || {
        echo "FAIL: $case in parts"
        cat "$out"
        failed=$((failed + 1))
    }
done
echo "$count golden cases $how, $parts of them also in parts, $failed failed"
[ "$count" -gt 100 ] && [ "$failed" -eq 0 ]
