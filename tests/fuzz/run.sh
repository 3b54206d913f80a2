#!/bin/sh
# Runs one fuzz target for SECONDS from a seed corpus made of the fixtures, leaving any
# crash in OUT/crashes. Exit status: the fuzzer's (0 when it found nothing).
# usage: run.sh FUZZER TARGET SECONDS SOURCE_DIR OUT
set -u
fuzzer=$1
target=$2
seconds=$3
source=$4
out=$5
corpus="$out/corpus/$target"
mkdir -p "$corpus" "$out/crashes"
seed() {
    find "$source/fixtures" "$@" -type f 2>/dev/null
}
case $target in
csv) seed -name '*.csv' | while read -r file; do cp "$file" "$corpus/"; done ;;
number)
    seed -name '*.csv' | while read -r file; do
        cut -d, -f2 "$file" | head -n 50 | while read -r value; do
            printf '%s' "$value" >"$corpus/$(printf '%s' "$value" | cksum | cut -d' ' -f1)"
        done
    done
    ;;
rules) find "$source/fixtures" "$source/rules" -name '*.rules' -exec cp {} "$corpus/" \; ;;
mentions | names | reports) seed -name '*.txt' | while read -r file; do cp "$file" "$corpus/"; done ;;
check)
    # One seed a fixture: its rules, its first table and its first article.
    for dir in "$source"/fixtures/*/; do
        name=$(basename "$dir")
        rules=$(find "$dir" -name '*.rules' | head -n 1)
        table=$(find "$dir" -name '*.csv' | head -n 1)
        article=$(find "$dir" -name '*.txt' | head -n 1)
        {
            printf '\001'
            [ -n "$rules" ] && cat "$rules"
            printf '\n%%%%\n'
            [ -n "$table" ] && cat "$table"
            printf '\n%%%%\n'
            [ -n "$article" ] && cat "$article"
        } >"$corpus/$name"
    done
    ;;
esac
dictionary=""
case $target in
rules | check) dictionary="-dict=$source/tests/fuzz/rules.dict" ;;
esac
# shellcheck disable=SC2086
exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
    -artifact_prefix="$out/crashes/$target-" -print_final_stats=1 $dictionary "$corpus"
