#!/bin/sh
# Baselines end to end: --write-baseline lists the findings, --baseline suppresses
# them (exit 0), moving lines keeps them suppressed, changing a flagged figure brings
# its finding back and makes its entry a stale note, fingerprints do not depend on
# how the path was typed (inside a repository or not), reviews and entries about
# other documents survive a rewrite, and a broken baseline is exit 2 with a place.
# usage: baseline.sh FACTLINT SOURCE_DIR
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
check() {
    "$factlint" check -r "$source/rules" "$@"
}
fingerprints() {
    check -f json "$@" | grep '"fingerprint"' | sort
}

cp -R "$source/fixtures/cambodia-2025" "$tmp/fp"
rm -f "$tmp"/fp/expected.* "$tmp/fp/cmd"
cd "$tmp" || exit 2

# Outside a repository, a document is named from its table's folder.
check --write-baseline base.csv fp >out.txt
[ $? -eq 1 ] || fail "--write-baseline changed the exit status"
count=$(check -f json fp | grep -c '"fingerprint"')
[ "$count" -ge 2 ] && [ "$(wc -l <base.csv)" -eq $((count + 1)) ] ||
    fail "the baseline does not list all $count findings: $(cat base.csv)"
head -n 1 base.csv | grep -qx 'fingerprint,rule,doc,status,reviewer,comment' ||
    fail "the baseline has no header"
grep -q '^[0-9a-f]\{16\},names/near-miss,article.txt,accepted,,$' base.csv ||
    fail "the names finding is not listed as accepted: $(cat base.csv)"
grep -q 'Licadko' out.txt || fail "--write-baseline did not report as usual"

check --baseline base.csv fp >out.txt
status=$?
[ "$status" -eq 0 ] || fail "with the baseline the exit status is $status, not 0"
grep -q "^factlint: 0 errors, 0 warnings, 0 notes in 1 document.*, $count suppressed" out.txt ||
    fail "the findings are not suppressed: $(cat out.txt)"

# The same fingerprints whichever folder the path was typed from.
fingerprints fp >from-parent.txt
(cd fp && fingerprints .) >from-inside.txt
[ -s from-parent.txt ] && cmp -s from-parent.txt from-inside.txt ||
    fail "check fp and cd fp && check . give other fingerprints"
(cd fp && check --baseline ../base.csv .) >out.txt || fail "cd fp && check . is not suppressed"

# Inside a repository, documents are named from its root, wherever the run starts.
mkdir -p repo/.git repo/news
cp -R fp repo/news/fp
(cd repo && fingerprints news/fp) >repo-root.txt
(cd repo/news/fp && fingerprints .) >repo-inside.txt
(cd /tmp && fingerprints "$tmp/repo/news/fp") >repo-absolute.txt
[ -s repo-root.txt ] && cmp -s repo-root.txt repo-inside.txt &&
    cmp -s repo-root.txt repo-absolute.txt ||
    fail "typed paths change fingerprints in a repository"
(cd repo/news/fp && check --write-baseline ../../base.csv .) >/dev/null
grep -q ',news/fp/article.txt,accepted' repo/base.csv ||
    fail "a repository's documents are not named from its root: $(cat repo/base.csv)"
(cd repo && check --baseline base.csv news/fp) >/dev/null || fail "repository baseline not applied"

# Lines move: an editor adds a paragraph on top and the table follows.
{ printf 'A new first paragraph.\n\n'; cat fp/article.txt; } >article.new
mv article.new fp/article.txt
python3 - fp/figures.csv <<'PYTHON'
import csv, sys
with open(sys.argv[1], newline="") as table:
    rows = list(csv.reader(table))
for row in rows[1:]:
    row[3] = str(int(row[3]) + 2)
with open(sys.argv[1], "w", newline="") as table:
    csv.writer(table, lineterminator="\n").writerows(rows)
PYTHON
check --baseline base.csv fp >out.txt || fail "moved lines brought findings back: $(cat out.txt)"
grep -q ", $count suppressed" out.txt || fail "moved lines: not all suppressed"

# A flagged figure changes: its finding comes back, its old entry is stale.
sed 's/2,418/2,420/g' fp/figures.csv >figures.new
mv figures.new fp/figures.csv
sed 's/2,418/2,420/' fp/article.txt >article.new
mv article.new fp/article.txt
grep -q '"2,420"' fp/figures.csv || fail "the test did not change the figure"
check --baseline base.csv fp >out.txt
[ $? -eq 1 ] || fail "a changed figure did not fail the run"
grep -q 'warning: 2,420 arrests' out.txt || fail "the changed figure's finding is not back"
stale='note: baseline entry [0-9a-f]* (outcomes-account-for-arrests in article.txt) matches'
grep -q "^base.csv:[23]:1: $stale no finding any more" out.txt ||
    fail "the old entry is not a stale note: $(cat out.txt)"
grep -q ", $((count - 1)) suppressed" out.txt ||
    fail "the unchanged findings are no longer suppressed"

# Rewriting keeps reviews and entries about documents not checked, drops stale ones.
review='false-positive,"Desk, night","quoted ""as is"""'
sed "s/,names\/near-miss,article.txt,accepted,,\$/,names\/near-miss,article.txt,$review/" \
    base.csv >reviewed.csv
printf 'fedcba9876543210,names/variant,elsewhere.txt,to-fix,,other story\n' >>reviewed.csv
check --baseline reviewed.csv --write-baseline reviewed.csv fp >/dev/null
grep -q ",names/near-miss,article.txt,$review\$" reviewed.csv ||
    fail "the rewrite lost a review: $(cat reviewed.csv)"
grep -q '^fedcba9876543210,names/variant,elsewhere.txt,to-fix,,other story$' reviewed.csv ||
    fail "the rewrite lost an entry about another document"
grep -q ',outcomes-account-for-arrests,article.txt,accepted,,$' reviewed.csv ||
    fail "the rewrite does not list the new finding"
[ "$(wc -l <reviewed.csv)" -eq $((count + 2)) ] ||
    fail "the rewrite kept the stale entry: $(cat reviewed.csv)"
check --baseline reviewed.csv fp >/dev/null || fail "the rewritten baseline does not suppress"

# A baseline in the folder being checked is not read as a table.
cp reviewed.csv fp/reviews.csv
check --baseline fp/reviews.csv fp >out.txt ||
    fail "the baseline was checked as a table: $(cat out.txt)"

# Broken baselines: exit 2, FILE:LINE:COL, and --write-baseline leaves nothing behind.
printf 'fingerprint,status\nnot-a-fingerprint,accepted\n' >bad.csv
check --baseline bad.csv fp >out.txt 2>err.txt
[ $? -eq 2 ] || fail "a malformed baseline is not exit 2"
grep -q '^bad.csv:2:1: error: malformed fingerprint "not-a-fingerprint"' err.txt ||
    fail "no place for the malformed fingerprint: $(cat err.txt)"
[ -s out.txt ] && fail "a report was written despite the malformed baseline"
check --baseline missing.csv fp 2>err.txt >/dev/null
[ $? -eq 2 ] && grep -q "cannot read missing.csv" err.txt ||
    fail "a missing baseline is not exit 2"
check --write-baseline nowhere/base.csv fp >/dev/null 2>err.txt
[ $? -eq 2 ] || fail "--write-baseline into a missing folder is not exit 2"
[ -e nowhere ] && fail "--write-baseline created something"
ls | grep -q 'base.csv\.' && fail "--write-baseline left a temporary file"

[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
