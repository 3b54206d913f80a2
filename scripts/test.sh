#!/bin/sh
# Installs what is missing, builds factlint with AddressSanitizer and
# UndefinedBehaviorSanitizer (warnings are errors) and runs every test through ctest.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-test-tools
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DFACTLINT_SANITIZE=ON \
    -DFACTLINT_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)" >/dev/null
exec ctest --test-dir build-test --output-on-failure -j"$(nproc)"
