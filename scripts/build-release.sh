#!/bin/sh
# Builds factlint for release, with GCC's profile-guided optimisation, into BUILD
# (default build-release in the source tree; the binary is BUILD/checker/factlint):
#   1. a build that records which branches its runs take and how often;
#   2. training runs: every golden case (each must still pass, some also read in
#      parts), a generated figures table at one and two threads, and generated news
#      with a list of names;
#   3. the build again, laid out and inlined for what those runs did. Code the runs
#      never reached is optimised as in a plain Release build.
# Checking a figures table takes about an eighth less time than in a plain Release
# build (bench/README.md). The training data are generated with seeds and sizes of
# their own, not the benchmarks'. The benchmarks under bench/ build with this script.
# Usage:
#   scripts/build-release.sh [BUILD]
set -eu
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$source_dir/build-release}
mkdir -p "$build"
build=$(cd "$build" && pwd)
cd "$source_dir"
scripts/install-deps.sh
profile=$build/profile
jobs=$(nproc)

# configure FLAGS: the Release build with FLAGS added, bench tools included (the
# training generates its data with them).
configure() {
    cmake -S "$source_dir" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Release \
          -DFACTLINT_BENCH=ON -DFACTLINT_TESTS=OFF -DCMAKE_C_FLAGS="$1" >/dev/null
    cmake --build "$build" -j"$jobs" >/dev/null
}

rm -rf "$profile"
# Atomic counters: the table check runs on several threads.
configure "-fprofile-generate -fprofile-update=atomic -fprofile-dir=$profile"

factlint=$build/checker/factlint
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM

sh tests/golden/run_all.sh "$factlint" "$source_dir" "with the training build" \
    >"$data/cases.out" 2>&1 || {
    cat "$data/cases.out" >&2
    echo "build-release.sh: the training build fails golden cases" >&2
    exit 1
}

# check ARGS...: a training run; exit status 1 only says that something was found.
check() {
    status=0
    "$factlint" check "$@" >/dev/null 2>"$data/check.err" || status=$?
    if [ "$status" -gt 1 ]; then
        cat "$data/check.err" >&2
        echo "build-release.sh: training run failed: factlint check $*" >&2
        exit 1
    fi
}

# generate COMMAND...: makes training data; says what went wrong if it fails.
generate() {
    "$@" >"$data/generate.out" 2>&1 || {
        cat "$data/generate.out" >&2
        echo "build-release.sh: cannot generate training data: $*" >&2
        exit 1
    }
}

generate "$build/bench/gen_figures" --rows 300000 --docs 25000 --seed 7 \
    --out "$data/figures.csv" --expected "$data/expected.csv"
for threads in 1 2; do
    check -j "$threads" -f json -o "$data/report.json" \
        --disable input/doc,figure/unused,rule/unused -r bench/table/arrests.rules \
        "$data/figures.csv"
done
check -f text -o "$data/report.txt" -r rules/arrests.rules "$data/figures.csv"

generate "$build/bench/gen_news" "$data/news" --names 3000 --articles 400 --bytes 3000000 \
    --seed 7
check --fail-on none -f json -o "$data/report.json" -r "$data/news/names.rules" \
    "$data/news/articles"
check --fail-on none -f json -o "$data/report.json" -r "$data/news/names.rules" \
    "$data/news/article.txt"

configure "-fprofile-use -fprofile-partial-training -Wno-missing-profile -fprofile-dir=$profile"
echo "built $factlint"
