#!/bin/sh
# Installs what is missing, builds factlint and checks the bundled Cambodia sample
# (fixtures/cambodia-2025) with the shipped rules (rules/).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFACTLINT_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
status=0
build/checker/factlint check fixtures/cambodia-2025 || status=$?
echo "(exit status $status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error)"
[ "$status" -le 1 ]
