#!/bin/sh
# Times one figures table checked four ways, side by side: libcsv alone (parsing, the
# floor), factlint, the same three arrest checks in Python's csv module and in
# sqlite3. Builds factlint as a release is built (scripts/build-release.sh), generates
# the table once (gen_figures, with planted inconsistencies and the findings they must
# give), checks that all four find exactly the planted findings, then runs each RUNS
# times, interleaved, and prints medians of wall time, CPU time and peak memory (GNU
# time), wall time also as ratios to libcsv and to factlint: the ratios of those
# medians, and the medians of the ratios taken within each round, which hold better
# when the machine's speed drifts.
#
# With --memory, it measures factlint's peak memory instead, on tables of 10,000 and
# 1,000,000 documents with the same rows per document.
#
# usage: bench/table/run.sh [ROWS]              side by side (default 2,000,000 rows)
#        bench/table/run.sh --memory [SMALL LARGE]   documents (default 10000 1000000)
# environment: DOCS (default ROWS * 3 / 40, 150,000 for 2,000,000 rows), RUNS=5,
#              SEED=2025, PLANTED=0.04, UNCONFIRMED=0.06 (shares of periods),
#              BUILD (default $TMPDIR/factlint-bench-table), DATA (its -data)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-${TMPDIR:-/tmp}/factlint-bench-table}
data=${DATA:-${TMPDIR:-/tmp}/factlint-bench-table-data}
runs=${RUNS:-5}
seed=${SEED:-2025}
planted=${PLANTED:-0.04}
unconfirmed=${UNCONFIRMED:-0.06}
mode=table
if [ "${1:-}" = "--memory" ]; then
    mode=memory
    shift
fi

# What the comparison runs besides the build: GNU time, sqlite3, Python 3.
"$root/scripts/install-deps.sh"
missing=""
for package in time sqlite3 python3; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing:$missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

"$root/scripts/build-release.sh" "$build" >/dev/null
mkdir -p "$data"
# Tables are named relative to $data, as a user names them: factlint's report gives a
# document as the table's folder joined with its doc column, and the doc column is
# what the expected findings hold.
cd "$data"
factlint=$build/checker/factlint
rules=$here/arrests.rules

# generate TABLE EXPECTED ROWS DOCS
generate() {
    "$build/bench/gen_figures" --rows "$3" --docs "$4" --seed "$seed" --planted "$planted" \
        --unconfirmed "$unconfirmed" --out "$1" --expected "$2"
}

# measure NAME COMMAND...: runs COMMAND under GNU time and appends "wall_s peak_kib
# user_s system_s" to $data/NAME.times. factlint exits 1 when it finds something;
# anything else must exit 0.
measure() {
    name=$1
    shift
    status=0
    /usr/bin/time -f '%e %M %U %S' -o "$data/time.out" "$@" || status=$?
    if [ "$status" -ne 0 ] && ! { [ "$name" = factlint ] && [ "$status" -eq 1 ]; }; then
        echo "run.sh: $name exited with status $status" >&2
        exit 1
    fi
    tail -n 1 "$data/time.out" >>"$data/$name.times"
}

run_libcsv() { measure libcsv "$build/bench/csv_count" "$table" >"$data/libcsv.out"; }
run_factlint() {
    measure factlint "$factlint" check -q -f json -o "$data/factlint.json" \
        --disable input/doc,figure/unused,rule/unused -r "$rules" "$table"
}
run_python() { measure python python3 "$here/check_figures.py" "$table" >"$data/python.csv"; }
run_sqlite() {
    measure sqlite sqlite3 -cmd ".import --csv \"$table\" figures" :memory: \
        <"$here/check_figures.sql" >"$data/sqlite.csv"
}

agree() {
    python3 "$here/compare.py" "$expected" "$data/factlint.json" \
        "python=$data/python.csv" "sqlite=$data/sqlite.csv" || {
        echo "run.sh: the four checkers disagree on the planted findings (above)" >&2
        exit 1
    }
}

# median FILE COLUMN
median() {
    cut -d ' ' -f "$2" "$1" | sort -n |
        awk '{ v[NR] = $1 }
             END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

spread() {
    cut -d ' ' -f 1 "$1" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'
}

machine() {
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' \
        /proc/meminfo), load average $(cut -d ' ' -f 1-3 /proc/loadavg) ($1)"
}

if [ "$mode" = memory ]; then
    small=${1:-10000}
    large=${2:-1000000}
    echo "factlint peak memory, same rows per document (40 per 3 documents), $runs runs each"
    machine before
    printf '%-10s %11s %8s %10s %9s\n' documents rows "wall s" "peak MiB" findings
    rm -f "$data/memory.results"
    for docs in $small $large; do
        rows=$((docs * 40 / 3))
        table=memory-$docs.csv
        expected=memory-$docs.expected.csv
        generate "$table" "$expected" "$rows" "$docs" 2>/dev/null
        rm -f "$data/factlint.times"
        i=0
        while [ "$i" -lt "$runs" ]; do
            run_factlint
            i=$((i + 1))
        done
        python3 "$here/compare.py" "$expected" "$data/factlint.json" >"$data/compare.out" || {
            cat "$data/compare.out"
            echo "run.sh: factlint disagrees with the planted findings (above)" >&2
            exit 1
        }
        findings=$(awk '/^planted:/ { print $2 }' "$data/compare.out")
        rss=$(median "$data/factlint.times" 2)
        echo "$docs $rss" >>"$data/memory.results"
        printf '%-10s %11s %8s %10.1f %9s\n' "$docs" "$rows" \
            "$(median "$data/factlint.times" 1)" "$(echo "$rss" | awk '{ print $1 / 1024 }')" \
            "$findings"
        rm -f "$table" "$data/factlint.json"
    done
    awk -v small="$small" -v large="$large" '
        $1 == small { s = $2 } $1 == large { l = $2 }
        END { printf "peak memory at %d documents / at %d: %.2f\n", large, small, l / s }
    ' "$data/memory.results"
    rm -f "$data/memory.results"
    machine after
    exit 0
fi

rows=${1:-2000000}
docs=${DOCS:-$((rows * 3 / 40))}
table=figures.csv
expected=expected.csv
generate "$table" "$expected" "$rows" "$docs"
size=$(wc -c <"$table" | awk '{ printf "%.1f MB", $1 / 1e6 }')
echo "table: $data/$table, $size, $rows rows, $docs documents"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "no git")
echo "factlint $("$factlint" --version | awk '{ print $NF }') ($commit), $(python3 --version)," \
     "sqlite3 $(sqlite3 --version | cut -d ' ' -f 1)"
machine before

# A first round, untimed, fills the page cache and checks that all four agree.
for checker in libcsv factlint python sqlite; do
    "run_$checker"
    rm -f "$data/$checker.times"
done
echo "agreement, first round:"
agree

# Timed rounds, interleaved; each round starts with the next checker, so that none
# always runs after the same one.
round=0
while [ "$round" -lt "$runs" ]; do
    set -- libcsv factlint python sqlite
    shift $((round % 4))
    order="$* libcsv factlint python sqlite"
    for checker in $(echo "$order" | awk '{ for (i = 1; i <= 4; i++) print $i }'); do
        "run_$checker"
    done
    round=$((round + 1))
done
echo "agreement, last round:"
agree
machine after

libcsv_s=$(median "$data/libcsv.times" 1)
factlint_s=$(median "$data/factlint.times" 1)
echo "medians of $runs runs"
printf '%-10s %8s %12s %7s %9s %11s %9s\n' "" "wall s" "range s" "cpu s" "x libcsv" \
       "x factlint" "peak MiB"
for checker in libcsv factlint python sqlite; do
    wall=$(median "$data/$checker.times" 1)
    rss=$(median "$data/$checker.times" 2)
    awk '{ print $3 + $4 }' "$data/$checker.times" >"$data/cpu.times"
    awk -v name="$checker" -v wall="$wall" -v range="$(spread "$data/$checker.times")" -v rss="$rss" \
        -v cpu="$(median "$data/cpu.times" 1)" -v libcsv="$libcsv_s" -v factlint="$factlint_s" '
        BEGIN {
            printf "%-10s %8.2f %12s %7.2f %9.2f %11.2f %9.1f\n", name, wall, range, cpu,
                   wall / libcsv, wall / factlint, rss / 1024
        }'
done

# The four of a round run one after the other, so a ratio taken within each round holds
# when the machine's speed drifts between rounds (a shared machine's does, by up to a
# half); the ratios above, of medians, come from different rounds.
echo "wall-time ratios within each round: median, lowest and highest of $runs"
printf '%-10s %23s %23s\n' "" "x libcsv" "x factlint"
for checker in libcsv factlint python sqlite; do
    paste -d ' ' "$data/$checker.times" "$data/libcsv.times" "$data/factlint.times" |
        awk '{ print $1 / $5 }' | sort -n >"$data/ratios.libcsv"
    paste -d ' ' "$data/$checker.times" "$data/factlint.times" |
        awk '{ print $1 / $5 }' | sort -n >"$data/ratios.factlint"
    awk -v name="$checker" \
        -v a="$(median "$data/ratios.libcsv" 1)" -v a_lo="$(head -n 1 "$data/ratios.libcsv")" \
        -v a_hi="$(tail -n 1 "$data/ratios.libcsv")" \
        -v b="$(median "$data/ratios.factlint" 1)" \
        -v b_lo="$(head -n 1 "$data/ratios.factlint")" \
        -v b_hi="$(tail -n 1 "$data/ratios.factlint")" '
        BEGIN {
            printf "%-10s %9.2f (%5.2f-%5.2f) %9.2f (%5.2f-%5.2f)\n", name, a, a_lo, a_hi,
                   b, b_lo, b_hi
        }'
done
rm -f "$data/ratios.libcsv" "$data/ratios.factlint"
