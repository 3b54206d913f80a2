#!/bin/sh
# -j: a figures table read ahead on a second thread, and articles read and scanned for
# names ahead, give the report, byte for byte, that one thread gives: on every fixture
# folder, in every format; on a table of many batches with bad rows, quoted line
# breaks, resuming documents and bad bytes; and on a folder of articles with near
# misses, variants, odd line ends and bad bytes, whole, in shards and with a table
# that names some of them; and on every fixture's articles in one folder.
# usage: jobs.sh FACTLINT SOURCE_DIR
set -u
factlint=$1
source=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
compared=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
# same ARGS...: -j 1 and -j $jobs (2 unless set) give the same report in every format.
jobs=2
same() {
    for format in text json sarif junit github html; do
        "$factlint" check -j 1 -f "$format" -o "$tmp/one" "$@" >/dev/null 2>"$tmp/one.err"
        one=$?
        "$factlint" check -j "$jobs" -f "$format" -o "$tmp/two" "$@" >/dev/null 2>"$tmp/two.err"
        two=$?
        [ "$one" -eq "$two" ] || fail "$* -f $format: exit $one with -j 1, $two with -j $jobs"
        cmp -s "$tmp/one" "$tmp/two" || fail "$* -f $format -j $jobs: reports differ"
        cmp -s "$tmp/one.err" "$tmp/two.err" || fail "$* -f $format -j $jobs: diagnostics differ"
        compared=$((compared + 1))
    done
}

cd "$source" || exit 2
for folder in fixtures/*/; do
    ls "$folder"*.csv >/dev/null 2>&1 || ls "$folder"*.txt >/dev/null 2>&1 || continue
    same -r rules "$folder"
done

# 60,000 rows in 2,000 documents; every 97th row bad in some way.
awk 'BEGIN {
    print "doc,key,value,quote,unit,qualifier"
    for (i = 0; i < 60000; i++) {
        d = int(i / 30)
        if (i % 9973 == 0) d = 7
        doc = sprintf("d%05d.txt", d)
        key = sprintf("arrests.p%d.part%d", d % 13, i % 30)
        value = (i % 97 == 0) ? "many" : sprintf("about %d", i % 5000)
        quote = sprintf("about %d people", i % 5000)
        if (i % 89 == 0) quote = "\"a quote\nover two lines\""
        if (i % 83 == 0) quote = "none"
        unit = (i % 101 == 0) ? "furlongs per fortnight" : ""
        qual = (i % 103 == 0) ? "roughly" : ""
        if (i % 107 == 0) { print doc "," key; continue }
        if (i % 109 == 0) { print doc ",bad key!," value; continue }
        if (i % 113 == 0) { print doc "," key ",\"2,418\"\"x\",,,"; continue }
        print doc "," key "," value "," quote "," unit "," qual
        if (i % 127 == 0) print doc "," key "," value "," quote "," unit "," qual
    }
}' >"$tmp/large.csv"
printf 'd00001.txt,arrests.x.total,\377\376 1,,,\n' >>"$tmp/large.csv"
same --disable input/doc -r rules "$tmp/large.csv"

# 120 articles, some in a subfolder: listed names, near misses of them, two spellings
# of one person, CR LF and lone CR lines, a bad byte, an empty article.
mkdir -p "$tmp/articles/more"
awk -v dir="$tmp/articles" 'BEGIN {
    split("Amnesty International|Amnesty Internatonal|Human Rights Watch|" \
          "Human Rights Wacth|Licadho|Licadko|Reuters|Agence France-Presse", names, "|")
    for (a = 0; a < 120; a++) {
        file = sprintf("%s/%sa%03d.txt", dir, a % 3 ? "" : "more/", a)
        ends = a % 5 == 0 ? "\r\n" : a % 7 == 0 ? "\r" : "\n"
        if (a == 17) { printf "" >file; close(file); continue }
        for (l = 0; l < a % 23 + 1; l++) {
            printf "%s said on Monday that %s met Kheng Sokhon%s in Phnom Penh.%s",
                   names[(a + l) % 8 + 1], names[(a * 3 + l) % 8 + 1],
                   (a + l) % 4 ? "n" : "m", ends >file
        }
        if (a % 11 == 0) printf "A bad byte: \377 here.\n" >file
        close(file)
    }
}'
same -r rules "$tmp/articles"
"$factlint" check -j 2 -f json -r rules "$tmp/articles" >"$tmp/articles.json"
for rule in names/near-miss names/variant input/encoding; do
    grep -q "\"$rule\"" "$tmp/articles.json" || fail "the articles gave no $rule"
done
same -r rules --shard 2/3 "$tmp/articles"
cp -R "$tmp/articles" "$tmp/mixed"
printf 'doc,key,value,quote\na001.txt,arrests.total,12,12 people\na004.txt,arrests.total,7,\n' \
    >"$tmp/mixed/figures.csv"
same -r rules "$tmp/mixed"

# Every fixture's articles in one folder: the read-ahead path over all of their
# oddities (encodings, long and CJK lines, names cases) in one run.
mkdir "$tmp/fixture-articles"
n=0
for article in fixtures/*/*.txt fixtures/*/*/*.txt; do
    [ -f "$article" ] || continue
    n=$((n + 1))
    cp "$article" "$tmp/fixture-articles/$n-${article##*/}"
done
[ "$n" -gt 20 ] || fail "only $n fixture articles"
same -r rules "$tmp/fixture-articles"

# A table checked in parts on other threads: FACTLINT_PART_BYTES cuts it every few
# kilobytes. Articles (some missing, one outside the folders), keys no rule reads
# (some close to a key a rule reads, some first met late in the table), accepted rows,
# a rule that applies nowhere, documents that resume, quoted line breaks where cuts
# may fall; on 2 and 4 threads, whole, in shards, and with baselines.
mkdir "$tmp/parts"
awk -v dir="$tmp/parts" 'BEGIN {
    table = dir "/figures.csv"
    print "doc,key,value,quote,accept" >table
    for (d = 0; d < 600; d++) {
        doc = sprintf("a%03d.txt", d)
        if (d % 3 == 0) {
            file = dir "/" doc
            printf "In the first half, %d people were arrested.\n", 100 + d >file
            printf "Of them, 40 were prosecuted and %d deported, Licadko said.\n", \
                d % 7 ? 50 : 80 >file
            close(file)
        }
        if (d == 123) doc = "../outside.txt"
        print doc ",arrests.h1.total," 100 + d ",," >table
        print doc ",arrests.h1.prosecutions,40,\"40 were\nprosecuted\"," >table
        print doc ",arrests.h1.deported," (d % 7 ? 50 : 80) ",," (d % 14 ? "" : "checked") >table
        if (d % 11 == 5) print doc ",arrests.h1.totl,3,," (d % 22 == 5 ? "typo" : "") >table
        if (d % 13 == 0) print doc ",misc.k" d ",1,," (d % 26 ? "" : "kept") >table
        if (d % 5 == 0) print doc ",arrests.h1.by_nationality.cn," d ",," >table
        if (d % 50 == 49) print "a003.txt,arrests.h2.total," d ",," >table
    }
}'
printf 'rule typo {\n  check arrests.$p.totall >= 0\n}\n' >"$tmp/typo.rules"
FACTLINT_PART_BYTES=4096
export FACTLINT_PART_BYTES
"$factlint" check -j 4 -f json -r rules -r "$tmp/typo.rules" "$tmp/parts" >"$tmp/parts.json"
for found in figure/unused rule/unused input/doc outcomes-within-arrests names/near-miss \
    '"accepted"' 'resume here' 'did you mean' 'outside the folders'; do
    grep -q "$found" "$tmp/parts.json" || fail "the table in parts gave no $found"
done
for jobs in 2 4; do
    same -r rules -r "$tmp/typo.rules" "$tmp/parts"
    same -r rules -r "$tmp/typo.rules" --shard 2/3 "$tmp/parts"
    same --disable input/doc -r rules "$tmp/large.csv"
done
# Parts of a few hundred bytes: the fixture tables' oddities at the cuts.
FACTLINT_PART_BYTES=200
for folder in fixtures/builtin-*/ fixtures/bad-*/ fixtures/cambodia-*/ fixtures/table-*/; do
    ls "$folder"*.csv >/dev/null 2>&1 && same -r rules "$folder"
done
# Cuts where a document's rows go on after the cut: inside a quoted field whose lines
# read like rows of other documents, before a row that is skipped (bad UTF-8) or that
# names the same document another way. The rows after each such place repeat rows
# before it, so a part that hands on a document without reading on into it shows as
# figure/duplicate findings lost. On 3 and 4 threads, where parts follow parts.
mkdir "$tmp/going-on"
awk -v table="$tmp/going-on/figures.csv" 'BEGIN {
    print "doc,key,value,quote" >table
    for (d = 0; d < 60; d++) {
        doc = sprintf("g%03d.txt", d)
        for (k = 0; k < 5; k++) print doc ",k." k "," k + 1 "," >table
        if (d % 3 == 0) {
            printf "%s,k.q,1,\"1\n", doc >table
            for (j = 0; j < 8; j++) printf "x%d.txt,q.%d,%d,none\n", j, j, j >table
            print "\"" >table
        } else if (d % 3 == 1) {
            print "other.txt,k.x,1,caf\351" >table
        } else {
            print "./" doc ",k.y,2," >table
        }
        for (k = 0; k < 5; k++) print doc ",k." k "," k + 1 "," >table
    }
}'
printf 'rule k {\n  check k.$x >= 0\n}\n' >"$tmp/going-on.rules"
for jobs in 3 4; do
    for bytes in 150 400 1000; do
        FACTLINT_PART_BYTES=$bytes
        same -r "$tmp/going-on.rules" "$tmp/going-on"
    done
done
"$factlint" check -j 1 -f json -r "$tmp/going-on.rules" "$tmp/going-on" >"$tmp/going-on.json"
[ "$(grep -c 'repeats the row' "$tmp/going-on.json")" -eq 300 ] ||
    fail "the going-on table gave $(grep -c 'repeats the row' "$tmp/going-on.json") repeats, not 300"
FACTLINT_PART_BYTES=4096
"$factlint" check -j 1 -r rules --write-baseline "$tmp/one.baseline" "$tmp/parts" >/dev/null
"$factlint" check -j 4 -r rules --write-baseline "$tmp/four.baseline" "$tmp/parts" >/dev/null
cmp -s "$tmp/one.baseline" "$tmp/four.baseline" || fail "baselines written in parts differ"
jobs=4
same -r rules --baseline "$tmp/one.baseline" "$tmp/parts"
unset FACTLINT_PART_BYTES

[ "$compared" -gt 100 ] || fail "only $compared reports compared"
echo "$compared reports compared, $failures differing"
[ "$failures" -eq 0 ]
