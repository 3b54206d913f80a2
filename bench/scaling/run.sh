#!/bin/sh
# The corners that once grew quadratically, each timed at N and 4N in a release build
# (scripts/build-release.sh): a text report with N findings on one line of an article
# (one line of about 1.3 MB at N = 100,000), N rows of one document read through one
# capture, N rules loaded (ids checked for duplicates), and N rows whose keys no rule
# reads. Within 2x of linear means 4N costs at most 8 times N. Name variants have
# their own script, bench/names/variants_scale.sh. Times are the best of three runs,
# from /usr/bin/time.
# usage: bench/scaling/run.sh [N]
set -eu
cd "$(dirname "$0")/../.."
n=${1:-100000}
scripts/install-deps.sh >/dev/null
command -v /usr/bin/time >/dev/null 2>&1 || {
    echo "bench/scaling: needs GNU time (Debian package time)" >&2
    exit 2
}
scripts/build-release.sh build-bench >/dev/null
factlint=$PWD/build-bench/checker/factlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# make CASE COUNT FOLDER: the inputs of one case, at one size.
make() {
    mkdir -p "$3"
    case $1 in
    long-line)
        awk -v n="$2" 'BEGIN {
            for (i = 0; i < n; i++) printf "word%d 1,234 ", i; printf "\n" }' >"$3/article.txt"
        awk -v n="$2" 'BEGIN {
            print "doc,key,value,line,col"
            col = 1
            for (i = 0; i < n; i++) {
                col += length("word" i) + 1
                printf "article.txt,x.v%d,\"1,234\",1,%d\n", i, col
                col += 6
            } }' >"$3/figures.csv"
        printf 'rule r { check x.$k > 2000 }\n' >"$3/case.rules"
        ;;
    one-capture)
        awk -v n="$2" 'BEGIN { print "key,value"
            for (i = 0; i < n; i++) printf "p%d.total,%d\np%d.part,%d\n", i, i, i, i + 1 }' \
            >"$3/figures.csv"
        printf 'rule r { check $p.part <= $p.total }\n' >"$3/case.rules"
        ;;
    many-rules)
        awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++)
            printf "rule r%d { check a.total > %d }\n", i, i }' >"$3/case.rules"
        printf 'key,value\na.total,5\n' >"$3/figures.csv"
        ;;
    unread-keys)
        awk -v n="$2" 'BEGIN { print "key,value"
            for (i = 0; i < n; i++) printf "k%d.value,%d\n", i, i }' >"$3/figures.csv"
        printf 'rule r { check a.total > 0 }\n' >"$3/case.rules"
        ;;
    esac
}

# best CASE FOLDER: the best of three wall times of the case, in seconds.
best() {
    best=""
    for run in 1 2 3; do
        (cd "$2" && /usr/bin/time -f '%e' -o "$work/time" "$factlint" check --color never \
            --fail-on none -r case.rules . >/dev/null 2>&1) || true
        t=$(cat "$work/time")
        best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
    done
    printf '%s' "$best"
}

status=0
printf '%-12s %10s %10s %10s %10s %8s\n' case N "N s" 4N "4N s" growth
for case in long-line one-capture many-rules unread-keys; do
    make "$case" "$n" "$work/$case-1"
    make "$case" $((4 * n)) "$work/$case-4"
    small=$(best "$case" "$work/$case-1")
    large=$(best "$case" "$work/$case-4")
    growth=$(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    verdict=$(awk -v g="$growth" 'BEGIN { print (g <= 8 ? "ok" : "TOO SLOW") }')
    [ "$verdict" = ok ] || status=1
    printf '%-12s %10d %10s %10d %10s %7sx %s\n' "$case" "$n" "$small" $((4 * n)) "$large" \
        "$growth" "$verdict"
done
exit "$status"
