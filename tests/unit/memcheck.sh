#!/bin/sh
# Runs every unit test executable under valgrind; any error or leak fails.
# usage: memcheck.sh BUILD_TESTS_DIR
set -u
failed=0
count=0
for test in "$1"/test_*; do
    [ -x "$test" ] || continue
    count=$((count + 1))
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --trace-children=yes "$test" >/dev/null 2>"${TMPDIR:-/tmp}/memcheck-unit.$$" || {
        echo "FAIL: $test"
        cat "${TMPDIR:-/tmp}/memcheck-unit.$$"
        failed=$((failed + 1))
    }
done
rm -f "${TMPDIR:-/tmp}/memcheck-unit.$$"
echo "$count unit test executables under valgrind, $failed failed"
[ "$count" -gt 10 ] && [ "$failed" -eq 0 ]
