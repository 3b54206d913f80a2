#!/bin/sh
# Runs one golden case, fixtures/CASE/:
#   cmd              the arguments to factlint, relative to the source tree (lines
#                    starting with '#' are comments; shell quoting applies)
#   expected.out     the whole standard output of that run
#   expected.err     its standard error (absent: must be empty)
#   expected.status  its exit status (absent: 0)
#   expected.json    standard output of the same run with "-f json" (when present)
# FACTLINT_UPDATE_GOLDEN=1 rewrites the expectations from what the binary does now;
# review the diff before committing it. FACTLINT_WRAPPER, when set, is a command the
# binary runs under (valgrind, for the memcheck run); FACTLINT_ARGS, arguments added
# to every run of the case (which must not change its report).
set -u
factlint=$1
source=$2
case=$3
dir="$source/fixtures/$case"
cd "$source" || exit 2
args=$(grep -v '^#' "$dir/cmd")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# run NAME EXTRA-ARGS: runs factlint with the case's arguments plus EXTRA-ARGS.
run() {
    name=$1
    shift
    eval "set -- $args ${FACTLINT_ARGS:-} \"\$@\""
    # shellcheck disable=SC2086
    env -u NO_COLOR TERM=dumb LC_ALL=C.UTF-8 ${FACTLINT_WRAPPER:-} "$factlint" "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.status"
}

failed=0
# same EXPECTED ACTUAL [DEFAULT]: compares, or with no expectation file, compares
# with DEFAULT (empty when not given).
same() {
    expected=$1
    actual=$2
    if [ -f "$expected" ]; then
        diff -u "$expected" "$actual" || failed=1
    elif [ -n "${3:-}" ]; then
        printf '%s\n' "$3" | diff -u - "$actual" || failed=1
    elif [ -s "$actual" ]; then
        echo "unexpected output in $(basename "$expected"):"
        cat "$actual"
        failed=1
    fi
}

run text
status=$(cat "$tmp/text.status")
if [ "${FACTLINT_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/text.out" "$dir/expected.out"
    if [ -s "$tmp/text.err" ]; then cp "$tmp/text.err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
    if [ "$status" != 0 ]; then cp "$tmp/text.status" "$dir/expected.status"; else rm -f "$dir/expected.status"; fi
    # A JSON expectation for reports only: not for usage errors, not for "rules".
    if [ "$status" != 2 ] && ! printf '%s' "$args" | grep -qE '(^|[[:space:]])(-f|--format)' &&
        ! printf '%s' "$args" | grep -qE '^[[:space:]]*rules'; then
        run json -f json
        cp "$tmp/json.out" "$dir/expected.json"
    fi
    exit 0
fi

same "$dir/expected.out" "$tmp/text.out"
same "$dir/expected.err" "$tmp/text.err"
same "$dir/expected.status" "$tmp/text.status" 0
if [ -f "$dir/expected.json" ]; then
    run json -f json
    same "$dir/expected.json" "$tmp/json.out"
    same "$dir/expected.status" "$tmp/json.status" 0
fi
exit $failed
