#!/bin/sh
# Installs what is missing and runs every test through ctest, with the code built
# three ways: with AddressSanitizer and UndefinedBehaviorSanitizer (the tests' build),
# with clang and libFuzzer (each fuzz target runs briefly), and with clang alone
# (the golden cases and unit tests run under valgrind). Warnings are errors in all.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-test-tools
jobs=$(nproc)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFACTLINT_FUZZ=ON -DFACTLINT_TESTS=OFF -DFACTLINT_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs" >/dev/null
# DWARF 4: the valgrind of Debian 12 cannot read the DWARF 5 that clang 14 writes.
cmake -S . -B build-memcheck -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS=-gdwarf-4 -DFACTLINT_WERROR=ON >/dev/null
cmake --build build-memcheck -j"$jobs" >/dev/null
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DFACTLINT_SANITIZE=ON -DFACTLINT_WERROR=ON \
    -DFACTLINT_FUZZ_BUILD="$PWD/build-fuzz" -DFACTLINT_MEMCHECK_BUILD="$PWD/build-memcheck" \
    >/dev/null
cmake --build build-test -j"$jobs" >/dev/null
exec ctest --test-dir build-test --output-on-failure -j"$jobs"
