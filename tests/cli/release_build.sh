#!/bin/sh
# scripts/build-release.sh builds a binary optimised with the profile of its training
# runs, and that binary gives every golden case its expected report, also with the
# table read in parts on three threads. The build must have used a profile: an empty
# one would build a plain Release binary and pass unnoticed.
# usage: release_build.sh SOURCE_DIR BUILD_DIR
set -u
source=$1
build=$2
rm -rf "$build"
"$source/scripts/build-release.sh" "$build" >/dev/null || {
    echo "FAIL: scripts/build-release.sh"
    exit 1
}
profiles=$(find "$build/profile" -name '*.gcda' | wc -l)
if [ "$profiles" -lt 20 ]; then
    echo "FAIL: the training runs left $profiles profiles in $build/profile"
    exit 1
fi
factlint=$build/checker/factlint
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
for case in table-in-parts table-document-order; do
    count=$((count + 1))
    FACTLINT_ARGS="-j 3" FACTLINT_PART_BYTES=200 \
        sh "$source/tests/golden/run_case.sh" "$factlint" "$source" "$case" >"$out" 2>&1 || {
        echo "FAIL: $case in parts"
        cat "$out"
        failed=$((failed + 1))
    }
done
echo "$count golden runs of the release build ($profiles profiles), $failed failed"
[ "$failed" -eq 0 ]
