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
exec sh "$source/tests/golden/run_all.sh" "$build/checker/factlint" "$source" \
    "of the release build ($profiles profiles)"
