#!/bin/sh
# Builds factlint in Release and times the names rules on generated articles
# (bench/names/mentions.awk), to show that comparing the spellings of one document
# grows near linearly:
# - N and 4N name mentions in one article: 4N may cost at most 8 times N (within 2x
#   of linear);
# - the 4N article against the same lines split into 200 articles: the one article
#   may cost at most 1.5 times the 200.
# Times are the CPU seconds (user + system) of the whole run, best of REPEAT runs;
# peak memory is the process's. Exits 1 when a limit is exceeded.
#
# usage: bench/names/variants_scale.sh [BUILD_DIR]
# environment: MENTIONS=62500  REPEAT=3
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${TMPDIR:-/tmp}/factlint-bench-variants}
mentions=${MENTIONS:-62500}
repeat=${REPEAT:-3}
articles=200

if [ ! -x /usr/bin/time ]; then
    echo "variants_scale.sh: /usr/bin/time is missing (Debian package: time)" >&2
    exit 2
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFACTLINT_TESTS=OFF >/dev/null
cmake --build "$build" --target factlint -j 2 >/dev/null
factlint=$build/checker/factlint

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM
: >"$data/none.rules"

# measure LABEL PATH: prints "LABEL CPU_SECONDS WALL_SECONDS PEAK_MIB", best of $repeat.
measure() {
    best=
    for _ in $(seq "$repeat"); do
        /usr/bin/time -f '%U %S %e %M' -o "$data/time" \
            "$factlint" check -q --fail-on none -r "$data/none.rules" "$2" >/dev/null
        line=$(awk '{ printf "%.2f %.2f %.0f", $1 + $2, $3, $4 / 1024 }' "$data/time")
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'
        then
            best=$line
        fi
    done
    echo "$1 $best"
}

small=$mentions
large=$((mentions * 4))
awk -v mentions="$small" -f "$here/mentions.awk" >"$data/small.txt"
awk -v mentions="$large" -f "$here/mentions.awk" >"$data/large.txt"
mkdir "$data/split"
awk -v parts="$articles" -v lines="$(wc -l <"$data/large.txt")" -v out="$data/split" '
    { file = sprintf("%s/part-%03d.txt", out, int((NR - 1) * parts / lines)); print > file }
' "$data/large.txt"

{
    measure "$small 1" "$data/small.txt"
    measure "$large 1" "$data/large.txt"
    measure "$large $articles" "$data/split"
} >"$data/results"

printf '%-9s %8s %7s %7s %9s\n' mentions articles "cpu s" "wall s" "peak MiB"
awk '{ printf "%-9s %8s %7s %7s %9s\n", $1, $2, $3, $4, $5 }' "$data/results"
awk -v small="$small" -v large="$large" '
    NR == 1 { n = $3 } NR == 2 { four_n = $3 } NR == 3 { split_up = $3 }
    END {
        growth = four_n / (n > 0 ? n : 0.01)
        whole = four_n / (split_up > 0 ? split_up : 0.01)
        ok_growth = growth <= 8; ok_whole = whole <= 1.5
        printf "growth from %d to %d mentions: %.2fx the time (limit 8x, linear 4x): %s\n",
               small, large, growth, ok_growth ? "ok" : "TOO SLOW"
        printf "one article against %d: %.2fx the time (limit 1.5x): %s\n",
               '"$articles"', whole, ok_whole ? "ok" : "TOO SLOW"
        exit !(ok_growth && ok_whole)
    }' "$data/results"
