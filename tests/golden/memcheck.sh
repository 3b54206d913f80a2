#!/bin/sh
# Runs every golden case under valgrind: the same comparisons as the golden tests, so
# any report of valgrind's (an error, a leak) shows as a difference on standard error,
# and its exit status 99 as a wrong status.
# usage: memcheck.sh FACTLINT SOURCE_DIR
set -u
FACTLINT_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
export FACTLINT_WRAPPER
exec sh "$2/tests/golden/run_all.sh" "$1" "$2" "under valgrind"
