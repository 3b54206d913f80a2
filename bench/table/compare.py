#!/usr/bin/env python3
"""Do the four ways of checking agree on a generated table's findings?

usage: compare.py EXPECTED.csv FACTLINT.json NAME=FINDINGS.csv...

EXPECTED.csv is what gen_figures planted (doc,rule,binding,outcome, with a header);
FACTLINT.json is factlint's JSON report; each NAME=FINDINGS.csv is another checker's
output in the expected file's columns, without a header. Findings are compared as
multisets of (document, rule, binding, outcome): a finding missing, added, given for
another period or with another outcome (violated, unconfirmed) is a disagreement.
Every finding of factlint's report counts, built-in rules included. Prints the counts
and up to 10 differences per checker; exits 1 on any disagreement.
"""
import collections
import csv
import json
import sys

SHOWN = 10


def read_findings(path, header):
    with open(path, newline="", encoding="utf-8") as table:
        rows = csv.reader(table)
        if header:
            next(rows)
        return collections.Counter(tuple(row) for row in rows if row)


def binding(finding):
    """The period a rule finding is about: the second segment of its figures' keys."""
    for figure in finding.get("figures", []):
        segments = figure["key"].split(".")
        if len(segments) >= 3 and segments[0] == "arrests":
            return segments[1]
    return ""


def read_factlint(path):
    with open(path, encoding="utf-8") as report:
        findings = json.load(report)["findings"]
    counted = collections.Counter()
    described = {}
    for f in findings:
        key = (f["doc"], f["rule"], binding(f), f["outcome"])
        counted[key] += 1
        location = f.get("location", {})
        described.setdefault(key, "{}:{}:{}: {}: {}".format(
            location.get("file", "?"), location.get("line", "?"), location.get("col", "?"),
            f["severity"], f["message"]))
    return counted, described


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    expected = read_findings(argv[1], header=True)
    checkers = [("factlint",) + read_factlint(argv[2])]
    for argument in argv[3:]:
        name, _, path = argument.partition("=")
        checkers.append((name, read_findings(path, header=False), {}))
    outcomes = collections.Counter(key[3] for key in expected.elements())
    print(f"planted: {sum(expected.values())} findings "
          f"({outcomes['violated']} violated, {outcomes['unconfirmed']} unconfirmed), "
          "compared as (document, rule, binding, outcome)")
    expected_pairs = {(key[0], key[1]) for key in expected}
    agree = True
    for name, found, described in checkers:
        missing, extra = expected - found, found - expected
        pairs = {(key[0], key[1]) for key in found}
        if not missing and not extra:
            print(f"  {name}: agrees ({sum(found.values())} findings)")
            continue
        agree = False
        print(f"  {name}: DISAGREES: {sum(missing.values())} planted findings missing, "
              f"{sum(extra.values())} findings not planted; as (document, rule) pairs "
              f"{len(expected_pairs - pairs)} missing, {len(pairs - expected_pairs)} extra")
        for label, keys in (("missing", missing), ("not planted", extra)):
            for key in sorted(keys)[:SHOWN]:
                detail = described.get(key, "")
                print(f"    {label}: {','.join(key)}" + (f"\n      {detail}" if detail else ""))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
