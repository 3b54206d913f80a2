#!/bin/sh
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60),
# starting from the fixtures as seeds. Crashes are left in build-fuzz/crashes/.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh --with-fuzz
CC=clang cmake -S . -B build-fuzz -DFACTLINT_FUZZ=ON -DFACTLINT_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
mkdir -p build-fuzz/crashes
for target in csv number rules mentions names; do
    corpus=build-fuzz/corpus/$target
    mkdir -p "$corpus"
    case $target in
    csv) find fixtures -name '*.csv' -exec cp {} "$corpus" \; ;;
    rules) find fixtures rules -name '*.rules' -exec cp {} "$corpus" \; ;;
    mentions | names) find fixtures -name '*.txt' -exec cp {} "$corpus" \; ;;
    esac
    echo "fuzz_$target: $seconds s"
    build-fuzz/tests/fuzz/fuzz_$target -max_total_time="$seconds" \
        -artifact_prefix=build-fuzz/crashes/ "$corpus" 2>&1 | tail -n 3
done
