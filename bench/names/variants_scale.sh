#!/bin/sh
# Builds factlint as a release is built (scripts/build-release.sh) and times the names
# rules on generated articles (bench/names/mentions.awk), to show that comparing the
# spellings of one document grows near linearly:
# - N and 4N name mentions in one article: 4N may cost at most 8 times N (within 2x
#   of linear);
# - the 4N article against the same lines split into 200 articles: the one article
#   may cost at most 1.5 times the 200.
# Times are the CPU seconds (user + system) of the whole run; peak memory is the
# process's. The three runs are made in turn, REPEAT rounds of them, and each limit is
# checked on the median of the rounds' ratios: two runs of one round share the
# machine's load of the moment, which on a shared machine moves single runs by a
# quarter. With 7 rounds the median of one build moved from 1.34 to 1.59 between two
# calls, across the limit; with 11 it stayed within 1.36 to 1.49 over eight calls of
# two builds. Exits 1 when a limit is exceeded.
#
# usage: bench/names/variants_scale.sh [BUILD_DIR]
# environment: MENTIONS=62500  REPEAT=11
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${TMPDIR:-/tmp}/factlint-bench-variants}
mentions=${MENTIONS:-62500}
repeat=${REPEAT:-11}
articles=200

if [ ! -x /usr/bin/time ]; then
    echo "variants_scale.sh: /usr/bin/time is missing (Debian package: time)" >&2
    exit 2
fi

"$root/scripts/build-release.sh" "$build" >/dev/null
factlint=$build/checker/factlint

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM
: >"$data/none.rules"

# measure NAME PATH: appends "CPU_SECONDS WALL_SECONDS PEAK_MIB" of one run to
# $data/NAME.times.
measure() {
    /usr/bin/time -f '%U %S %e %M' -o "$data/time" \
        "$factlint" check -q --fail-on none -r "$data/none.rules" "$2" >/dev/null
    awk '{ printf "%.3f %.2f %.0f\n", $1 + $2, $3, $4 / 1024 }' "$data/time" >>"$data/$1.times"
}

# median: the median of the numbers on standard input, one a line.
median() {
    sort -n | awk '{ v[NR] = $1 }
                   END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

small=$mentions
large=$((mentions * 4))
awk -v mentions="$small" -f "$here/mentions.awk" >"$data/small.txt"
awk -v mentions="$large" -f "$here/mentions.awk" >"$data/large.txt"
mkdir "$data/split"
awk -v parts="$articles" -v lines="$(wc -l <"$data/large.txt")" -v out="$data/split" '
    { file = sprintf("%s/part-%03d.txt", out, int((NR - 1) * parts / lines)); print > file }
' "$data/large.txt"

for _ in $(seq "$repeat"); do
    measure small "$data/small.txt"
    measure large "$data/large.txt"
    measure split "$data/split"
done

printf '%-9s %8s %7s %7s %9s   (medians of %d runs)\n' mentions articles "cpu s" "wall s" \
    "peak MiB" "$repeat"
for row in "small $small 1" "large $large 1" "split $large $articles"; do
    set -- $row
    printf '%-9s %8s %7.2f %7.2f %9.0f\n' "$2" "$3" \
        "$(cut -d ' ' -f 1 "$data/$1.times" | median)" \
        "$(cut -d ' ' -f 2 "$data/$1.times" | median)" \
        "$(cut -d ' ' -f 3 "$data/$1.times" | median)"
done
# ratio A B: each round's CPU time of A over B's, one a line.
ratio() {
    paste -d ' ' "$data/$1.times" "$data/$2.times" | awk '{ print $1 / $4 }'
}
ratio large small >"$data/growth"
ratio large split >"$data/whole"
awk -v small="$small" -v large="$large" -v articles="$articles" \
    -v growth="$(median <"$data/growth")" -v whole="$(median <"$data/whole")" \
    -v low="$(sort -n "$data/whole" | head -n 1)" -v high="$(sort -n "$data/whole" | tail -n 1)" '
    BEGIN {
        ok_growth = growth <= 8; ok_whole = whole <= 1.5
        printf "growth from %d to %d mentions: %.2fx the time (limit 8x, linear 4x): %s\n",
               small, large, growth, ok_growth ? "ok" : "TOO SLOW"
        printf "one article against %d: %.2fx the time (rounds %.2f-%.2f; limit 1.5x): %s\n",
               articles, whole, low, high, ok_whole ? "ok" : "TOO SLOW"
        exit !(ok_growth && ok_whole)
    }'
