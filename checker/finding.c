#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = {"note", "warning", "error"};

const char *fl_severity_name(fl_severity severity)
{
    return severity_names[severity];
}

bool fl_severity_from_name(const char *name, fl_severity *severity)
{
    for (size_t i = 0; i < sizeof severity_names / sizeof *severity_names; i++) {
        if (strcmp(name, severity_names[i]) == 0) {
            *severity = (fl_severity)i;
            return true;
        }
    }
    return false;
}

const char *fl_outcome_name(fl_outcome outcome)
{
    switch (outcome) {
    case FL_OUTCOME_VIOLATED:
        return "violated";
    case FL_OUTCOME_UNCONFIRMED:
        return "unconfirmed";
    case FL_OUTCOME_INPUT:
        return "input";
    case FL_OUTCOME_NOT_APPLICABLE:
        return "not-applicable";
    }
    return "violated";
}

static uint64_t fnv1a(uint64_t hash, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        hash ^= *p;
        hash *= 0x100000001b3ull;
    }
    /* A separator, so that ("ab", "c") and ("a", "bc") differ. */
    hash ^= 0xff;
    hash *= 0x100000001b3ull;
    return hash;
}

void fl_finding_fingerprint(fl_finding *finding, const char *identity)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    hash = fnv1a(hash, finding->rule);
    hash = fnv1a(hash, identity);
    hash = fnv1a(hash, finding->subject);
    /* The values as written: a reviewed finding comes back when a figure it is about
     * changes, but not when the figure only moves to another line. */
    for (size_t i = 0; i < finding->figure_count; i++)
        hash = fnv1a(hash, finding->figures[i].value);
    snprintf(finding->fingerprint, sizeof finding->fingerprint, "%016llx",
             (unsigned long long)hash);
}

static int compare_strings(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int compare_findings(const void *left, const void *right)
{
    const fl_finding *a = left, *b = right;
    bool a_outside = compare_strings(a->location.file, a->doc) != 0;
    bool b_outside = compare_strings(b->location.file, b->doc) != 0;
    if (a_outside != b_outside)
        return a_outside ? 1 : -1;
    int cmp = compare_strings(a->location.file, b->location.file);
    if (cmp)
        return cmp;
    if (a->location.line != b->location.line)
        return a->location.line < b->location.line ? -1 : 1;
    if (a->location.column != b->location.column)
        return a->location.column < b->location.column ? -1 : 1;
    cmp = compare_strings(a->rule, b->rule);
    if (cmp)
        return cmp;
    cmp = compare_strings(a->message, b->message);
    if (cmp)
        return cmp;
    return compare_strings(a->subject, b->subject);
}

void fl_findings_sort(fl_finding *findings, size_t count)
{
    if (count < 2)
        return;
    qsort(findings, count, sizeof *findings, compare_findings);
}
