#!/bin/sh
# Builds factlint as a release is built (scripts/build-release.sh) and times the whole
# names check (text scan, lookups of the listed names, variants) on generated English
# news (bench/names/gen_news.c):
# about 20 MB of text against a list of 10,000 names, once as ARTICLES articles and
# once as one article holding them all. The names check must run at 30 MB/s or more.
#
# The names check's share is the CPU time (user + system) of a run with the names
# rules less that of the same run with them disabled (`--disable 'names/*'`), which
# reads the same files and writes the same other findings; each is the best of REPEAT
# runs. Peak memory is the run's with the names rules. Exits 1 below 30 MB/s.
#
# The wall columns are the same difference in elapsed time, each the best of REPEAT:
# with two cores, the articles of a folder are read and their mentions found on one
# while the one before is checked on the other, which CPU time does not show.
#
# usage: bench/names/scan_speed.sh [BUILD_DIR]
# environment: MEGABYTES=20  ARTICLES=4000  NAMES=10000  REPEAT=3  SEED=2025
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${TMPDIR:-/tmp}/factlint-bench-scan}
megabytes=${MEGABYTES:-20}
articles=${ARTICLES:-4000}
names=${NAMES:-10000}
repeat=${REPEAT:-3}
seed=${SEED:-2025}

if [ ! -x /usr/bin/time ]; then
    echo "scan_speed.sh: /usr/bin/time is missing (Debian package: time)" >&2
    exit 2
fi

"$root/scripts/build-release.sh" "$build" >/dev/null
factlint=$build/checker/factlint

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM
"$build/bench/gen_news" "$data" --names "$names" --articles "$articles" \
    --bytes $((megabytes * 1024 * 1024)) --seed "$seed"

# measure PATH [OPTION...]: prints "CPU_SECONDS PEAK_MIB FINDINGS WALL_SECONDS", the
# best CPU time of $repeat runs with its peak and findings, and the best wall time.
measure() {
    path=$1
    shift
    best=
    wall=
    for _ in $(seq "$repeat"); do
        /usr/bin/time -f '%U %S %M %e' -o "$data/time" \
            "$factlint" check --fail-on none -f json -r "$data/names.rules" "$@" "$path" \
            >"$data/report.json"
        findings=$(grep -c '"rule": "names/' "$data/report.json" || true)
        line=$(awk -v f="$findings" '{ printf "%.3f %.0f %d", $1 + $2, $3 / 1024, f }' \
                   "$data/time")
        elapsed=$(awk '{ print $4 }' "$data/time")
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'
        then
            best=$line
        fi
        if [ -z "$wall" ] || awk -v a="$elapsed" -v b="$wall" 'BEGIN { exit !(a < b) }'; then
            wall=$elapsed
        fi
    done
    echo "$best $wall"
}

bytes=$(wc -c <"$data/article.txt")
printf '%-14s %6s %11s %11s %6s %12s %9s %9s %9s\n' text MB "names cpu s" "other cpu s" \
       MB/s "names wall s" "wall MB/s" "peak MiB" findings
status=0
for form in articles article.txt; do
    with=$(measure "$data/$form")
    without=$(measure "$data/$form" --disable 'names/*')
    label=$([ "$form" = articles ] && echo "$articles articles" || echo "1 article")
    if ! awk -v label="$label" -v bytes="$bytes" -v with="$with" -v without="$without" '
        BEGIN {
            split(with, w, " "); split(without, o, " ")
            names = w[1] - o[1]
            mb = bytes / 1048576
            rate = names > 0 ? mb / names : 0
            wall = w[4] - o[4]
            wall_rate = wall > 0 ? mb / wall : 0
            printf "%-14s %6.1f %11.3f %11.3f %6.1f %12.2f %9.1f %9s %9s\n", label, mb,
                   names, o[1], rate, wall, wall_rate, w[2], w[3]
            exit !(rate >= 30)
        }'
    then
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "the names check runs below 30 MB/s"
fi
exit "$status"
