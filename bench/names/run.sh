#!/bin/sh
# Builds the names benchmark as a release is built (scripts/build-release.sh) and
# times name lookups against lists of generated names, by default 10^5 and 10^6 of
# them. A lookup against 10^6 names must be at least 1,000 times faster than comparing
# with every name: that is the ratio column. Times are the benchmark's own CPU clock;
# peak memory is the process's, names and scan data included, while "index MiB" is the
# index alone.
#
# usage: bench/names/run.sh [BUILD_DIR]
# environment: SIZES="100000 1000000"  QUERIES=90000  SEED=2025
# (90,000 queries, 30,000 of each kind, take about a second at 10^6 names: fewer are
# timed in milliseconds and move by a third from one call to the next.)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${TMPDIR:-/tmp}/factlint-bench-names}
sizes=${SIZES:-100000 1000000}
queries=${QUERIES:-90000}
seed=${SEED:-2025}

"$root/scripts/build-release.sh" "$build" >/dev/null

printf '%-9s %8s %13s %12s %7s %10s %9s\n' \
       N "build s" "index look/s" "scan look/s" ratio "index MiB" "peak MiB"
status=0
for n in $sizes; do
    if ! output=$("$build/bench/bench_names" --names "$n" --queries "$queries" --seed "$seed")
    then
        status=1
    fi
    printf '%s\n' "$output" | awk '/^result / {
        for (i = 2; i <= NF; i++) { split($i, pair, "="); v[pair[1]] = pair[2] }
        printf "%-9s %8s %13s %12s %7s %10s %9s\n", v["names"], v["build_s"],
               v["index_per_s"], v["scan_per_s"], v["ratio"], v["index_mib"], v["peak_mib"]
        if (v["disagreements"] != 0)
            printf "  %s queries found different matches in the index and the scan\n",
                   v["disagreements"]
    }'
done
exit "$status"
