#!/bin/sh
# --shard K/N: the findings of N shards (each read ahead on a second thread), put
# together, are those of the whole single-threaded run,
# each found by exactly one shard, in every shard count tried; the run-wide notes
# that no shard can give alone (rule/unused, figure/unused) are left out of both.
# A malformed K/N is a usage error.
# usage: shard.sh FACTLINT SOURCE_DIR
set -u
factlint=$1
source=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# Documents of several kinds: tables with articles, names in articles, a document
# without its article (input/doc), rows of a document that resume, a table with a bad header.
cd "$tmp" || exit 2
mkdir data
for name in cambodia-2025 builtin-csv-document-resumes builtin-quote builtin-duplicate \
    bad-headers; do
    cp -R "$source/fixtures/$name" "data/$name"
    rm -f "data/$name"/expected.* "data/$name/cmd"
done
for copy in 1 2 3 4; do
    cp -R "$source/fixtures/cambodia-2025" "data/copy-$copy"
    rm -f "data/copy-$copy"/expected.* "data/copy-$copy/cmd"
done
run() {
    "$factlint" check -f json --disable rule/unused,figure/unused -r "$source/rules" "$@" data
}
# One finding a line, as canonical JSON, sorted.
findings() {
    python3 -c '
import json, sys
for finding in json.load(sys.stdin)["findings"]:
    print(json.dumps(finding, sort_keys=True))' | sort
}

run -j 1 >whole.json
[ $? -eq 1 ] || fail "the whole run did not exit 1"
findings <whole.json >whole.txt
[ "$(wc -l <whole.txt)" -ge 12 ] || fail "the whole run found too little: $(cat whole.txt)"
for count in 2 3 5; do
    : >union.txt
    k=1
    while [ "$k" -le "$count" ]; do
        run -j 2 --shard "$k/$count" >"shard-$k.json"
        status=$?
        [ "$status" -le 1 ] || fail "shard $k/$count exited $status"
        findings <"shard-$k.json" >>union.txt
        k=$((k + 1))
    done
    sort union.txt >union-sorted.txt
    cmp -s whole.txt union-sorted.txt ||
        fail "the $count shards differ from the whole run: $(diff whole.txt union-sorted.txt)"
    nonempty=0
    k=1
    while [ "$k" -le "$count" ]; do
        [ "$(findings <"shard-$k.json" | wc -l)" -gt 0 ] && nonempty=$((nonempty + 1))
        k=$((k + 1))
    done
    [ "$nonempty" -ge 2 ] || fail "only $nonempty of $count shards found anything"
done

for bad in 0/3 4/3 1/0 a/2 1/2x 1 /2 1234567/9999999; do
    "$factlint" check --shard "$bad" data >/dev/null 2>err.txt
    status=$?
    [ "$status" -eq 2 ] && grep -q -- '--shard needs K/N' err.txt ||
        fail "--shard $bad: exit $status, $(cat err.txt)"
done

[ "$failures" -eq 0 ] || exit 1
echo "shard: all checks passed"
