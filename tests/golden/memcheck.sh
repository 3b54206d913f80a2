#!/bin/sh
# Runs every golden case under valgrind: the same comparisons as the golden tests, so
# any report of valgrind's (an error, a leak) shows as a difference on standard error,
# and its exit status 99 as a wrong status.
# usage: memcheck.sh FACTLINT SOURCE_DIR
set -u
factlint=$1
source=$2
FACTLINT_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
export FACTLINT_WRAPPER
failed=0
count=0
for cmd in "$source"/fixtures/*/cmd; do
    case=$(basename "$(dirname "$cmd")")
    count=$((count + 1))
    sh "$source/tests/golden/run_case.sh" "$factlint" "$source" "$case" >"${TMPDIR:-/tmp}/memcheck.$$" 2>&1 || {
        echo "FAIL: $case"
        cat "${TMPDIR:-/tmp}/memcheck.$$"
        failed=$((failed + 1))
    }
done
# The cases whose tables split at a few hundred bytes, again read in parts on threads:
# the same reports.
parts=0
for case in table-in-parts table-document-order; do
    parts=$((parts + 1))
    FACTLINT_ARGS="-j 3" FACTLINT_PART_BYTES=200 \
        sh "$source/tests/golden/run_case.sh" "$factlint" "$source" "$case" >"${TMPDIR:-/tmp}/memcheck.$$" 2>&1 || {
        echo "FAIL: $case in parts"
        cat "${TMPDIR:-/tmp}/memcheck.$$"
        failed=$((failed + 1))
    }
done
rm -f "${TMPDIR:-/tmp}/memcheck.$$"
echo "$count golden cases under valgrind, $parts of them also in parts, $failed failed"
[ "$count" -gt 100 ] && [ "$failed" -eq 0 ]
