#!/bin/sh
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60),
# starting from seed corpora made of the fixtures. Crashes are left in
# build-fuzz/fuzzing/crashes/; each run's last lines show its executions per second.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-csv number rules mentions names check reports}
scripts/install-deps.sh --with-fuzz
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DFACTLINT_FUZZ=ON -DFACTLINT_TESTS=OFF \
    -DFACTLINT_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
status=0
for target in $targets; do
    echo "fuzz_$target: $seconds s"
    sh tests/fuzz/run.sh "build-fuzz/tests/fuzz/fuzz_$target" "$target" "$seconds" "$PWD" \
        build-fuzz/fuzzing >"build-fuzz/fuzzing-$target.log" 2>&1 || status=1
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY)' \
        "build-fuzz/fuzzing-$target.log" || true
done
exit "$status"
