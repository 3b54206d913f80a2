#!/usr/bin/env python3
"""The three checks of bench/table/arrests.rules in plain Python, with the csv module.

usage: check_figures.py FIGURES.csv > FINDINGS.csv

Prints one line per finding, `doc,rule,binding,outcome` (outcome `violated` or
`unconfirmed`), as the benchmark's runner compares them with factlint's.

What it implements, so that the comparison with factlint is fair and honest:
- the table is read with csv.reader, rows of a document standing together (a
  document whose rows resume later is checked again as a new group, as factlint does);
- only the figures the three checks read are turned into numbers:
  arrests.<p>.total, .prosecutions, .deported and .by_nationality.<x>;
- the value forms gen_figures writes, as intervals in hundredths (exact integers):
  counts ("2,418", "2418"), "about/around/roughly N", "nearly/almost N",
  "more than/over N", "A-B" and "A to B", "1.5 million" and "2 million" (rounded at
  the last digit shown), with "about" reaching the larger of half the place value of
  the last non-zero digit and the rules' 5% approx-tolerance;
- interval sums and the three-valued comparisons (holds for every value, fails for
  every value, or unconfirmed), with open and infinite ends, and the `when` of
  outcomes-account-for-arrests.
What it leaves out: every other number form (words, other scales, currencies,
percent, other scripts' digits), keys that are not read, duplicate and conflicting
figures, quotes, UTF-8 validation and the report (no messages, locations, snippets,
fingerprints or JSON). A value it cannot read is printed as an `input/value` finding.
"""
import csv
import math
import sys

TOLERANCE_PERCENT = 5  # settings { approx-tolerance 5% }
HUNDREDTHS = 100
INF = math.inf

ABOUT, NEARLY, MORE_THAN, NONE = "about", "nearly", "more-than", "none"
QUALIFIERS = (
    ("about ", ABOUT), ("around ", ABOUT), ("roughly ", ABOUT),
    ("nearly ", NEARLY), ("almost ", NEARLY),
    ("more than ", MORE_THAN), ("over ", MORE_THAN),
)
PARTS = {"total", "prosecutions", "deported"}


class Unreadable(ValueError):
    pass


def written(text):
    """A number as written: (value, rounding, approx step), all in hundredths."""
    scale = 0
    if text.endswith(" million"):
        text, scale = text[:-8], 6
    digits = text.replace(",", "")
    decimals = 0
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        digits, decimals = whole + fraction, len(fraction)
    if not digits.isdigit() or not digits.isascii():
        raise Unreadable(text)
    exponent = scale - decimals + 2  # of hundredths
    if exponent < 1:
        raise Unreadable(text)
    value = int(digits) * 10 ** exponent
    rounding = 5 * 10 ** (exponent - 1) if scale else 0
    trimmed = digits.rstrip("0")
    step = 5 * 10 ** (exponent - 1 + len(digits) - len(trimmed)) if trimmed else 50
    return value, rounding, step


def about_slack(number):
    value, rounding, step = number
    relative, remainder = divmod(value * TOLERANCE_PERCENT, 100)
    if remainder:
        raise Unreadable(value)
    return max(step, rounding, relative)


def interval(text):
    """(lo, lo_open, hi, hi_open) in hundredths; hi is INF for "more than"."""
    text = text.strip()
    qualifier = NONE
    for prefix, name in QUALIFIERS:
        if text.startswith(prefix):
            text, qualifier = text[len(prefix):], name
            break
    low_text = high_text = text
    if " to " in text:
        low_text, _, high_text = text.partition(" to ")
    elif "-" in text[1:]:
        cut = text.index("-", 1)
        low_text, high_text = text[:cut], text[cut + 1:]
    low = written(low_text)
    high = low if high_text is low_text else written(high_text)
    if qualifier == NONE:
        return low[0] - low[1], False, high[0] + high[1], False
    if qualifier == ABOUT:
        return low[0] - about_slack(low), False, high[0] + about_slack(high), False
    if qualifier == NEARLY:
        return low[0] - about_slack(low), False, high[0], False
    if high is not low:
        raise Unreadable(text)
    return low[0], True, INF, True


def add(a, b):
    return a[0] + b[0], a[1] or b[1], a[2] + b[2], a[3] or b[3]


def total_of(intervals):
    lo = hi = 0
    lo_open = hi_open = False
    for i in intervals:
        lo += i[0]
        hi += i[2]
        lo_open = lo_open or i[1]
        hi_open = hi_open or i[3]
    return lo, lo_open, hi, hi_open


def at_most(a, b):
    """a <= b: True (every value), False (none) or None (some only)."""
    d_lo, d_lo_open, d_hi = a[0] - b[2], a[1] or b[3], a[2] - b[0]
    if d_hi <= 0:
        return True
    if d_lo > 0 or (d_lo == 0 and d_lo_open):
        return False
    return None


def equal(a, b):
    d_lo, d_lo_open = a[0] - b[2], a[1] or b[3]
    d_hi, d_hi_open = a[2] - b[0], a[3] or b[1]
    if d_hi <= 0 <= d_lo:
        return True
    if d_lo > 0 or (d_lo == 0 and d_lo_open) or d_hi < 0 or (d_hi == 0 and d_hi_open):
        return False
    return None


def outcome(truth):
    return "violated" if truth is False else "unconfirmed"


def check_document(doc, periods, out):
    for name, figures in periods.items():
        total = figures.get("total")
        breakdown = figures.get("by_nationality")
        if total is not None and breakdown:
            truth = at_most(total_of(breakdown), total)
            if truth is not True:
                out.write(f"{doc},breakdown-within-total,{name},{outcome(truth)}\n")
        prosecutions, deported = figures.get("prosecutions"), figures.get("deported")
        if total is None or prosecutions is None or deported is None:
            continue
        accounted = add(prosecutions, deported)
        truth = at_most(accounted, total)
        if truth is not True:
            out.write(f"{doc},outcomes-within-arrests,{name},{outcome(truth)}\n")
            continue
        truth = equal(total, accounted)
        if truth is not True:
            out.write(f"{doc},outcomes-account-for-arrests,{name},{outcome(truth)}\n")


def main(path):
    out = sys.stdout
    with open(path, newline="", encoding="utf-8-sig") as table:
        rows = csv.reader(table)
        header = [name.strip().lower() for name in next(rows)]
        doc_at, key_at, value_at = header.index("doc"), header.index("key"), header.index("value")
        current, periods = None, {}
        for row in rows:
            doc = row[doc_at]
            if doc != current:
                if current is not None:
                    check_document(current, periods, out)
                current, periods = doc, {}
            key = row[key_at]
            if not key.startswith("arrests."):
                continue
            segments = key.split(".")
            if len(segments) == 3 and segments[2] in PARTS:
                part = segments[2]
            elif len(segments) == 4 and segments[2] == "by_nationality":
                part = "by_nationality"
            else:
                continue
            try:
                figure = interval(row[value_at])
            except Unreadable:
                out.write(f"{doc},input/value,{segments[1]},input\n")
                continue
            figures = periods.setdefault(segments[1], {})
            if part == "by_nationality":
                figures.setdefault(part, []).append(figure)
            else:
                figures[part] = figure
        if current is not None:
            check_document(current, periods, out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_figures.py FIGURES.csv")
    main(sys.argv[1])
