/*
 * baseline.h — reviewed findings, kept in a CSV file that editors can open in a
 * spreadsheet: `fingerprint,rule,doc,status,reviewer,comment`.
 *
 * `--baseline FILE` reads one: a finding whose fingerprint an "accepted" or
 * "false-positive" entry lists is suppressed; a "to-fix" entry keeps it reported and
 * only remembers the review. An entry whose document was checked, and whose rule is
 * still known and enabled, but that matched no finding is stale: it becomes a
 * `baseline/stale` note at its line, so that it gets removed. Entries about
 * documents or rules the run did not look at are carried over untouched.
 *
 * `--write-baseline FILE` (and the HTML report's "Export reviews") writes one: every
 * current finding with its earlier review, else as "accepted", then the carried
 * entries. Fields are quoted as RFC 4180 says; lines end in LF.
 *
 * The baseline owns its entries and their strings; fl_baseline_free() frees them.
 */
#ifndef FL_BASELINE_H
#define FL_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "document.h"
#include "finding.h"
#include "memory.h"
#include "ruleset.h"
#include "strmap.h"

typedef enum fl_review_status {
    FL_REVIEW_ACCEPTED,
    FL_REVIEW_FALSE_POSITIVE,
    FL_REVIEW_TO_FIX,
} fl_review_status;

typedef struct fl_baseline_entry {
    char fingerprint[17];
    const char *rule, *doc, *reviewer, *comment; /* "" when absent */
    fl_review_status status;
    uint32_t line, column, length; /* of the fingerprint cell, for the stale note */
    size_t next_in_doc;            /* 1 + index of the next entry of this doc; 0: none */
    bool matched;                  /* a finding has its fingerprint (first entry only) */
    bool doc_checked;              /* this run checked its document */
    bool stale;                    /* set by fl_baseline_report_stale */
} fl_baseline_entry;

typedef struct fl_baseline {
    const char *path;
    fl_baseline_entry *entries;
    size_t count, capacity;
    fl_arena arena;
    fl_strmap by_fingerprint; /* the first entry of each fingerprint */
    fl_strmap by_doc;         /* the first entry of each doc */
} fl_baseline;

#define FL_BASELINE_INIT {NULL, NULL, 0, 0, FL_ARENA_INIT, FL_STRMAP_INIT, FL_STRMAP_INIT}

/* Reads the baseline at `path` (borrowed; it must outlive the baseline). false when
 * the file cannot be read (errno set, nothing in `diagnostics`) or is malformed: a
 * CSV error, a header without `fingerprint` and `status`, a row with another field
 * count, a fingerprint that is not 16 hex digits, an unknown status — each in
 * `diagnostics` with its line and column. */
bool fl_baseline_read(fl_baseline *baseline, const char *path, fl_diagnostics *diagnostics);

/* "accepted", "false-positive", "to-fix". */
const char *fl_review_status_name(fl_review_status status);
bool fl_review_status_from_name(const char *name, fl_review_status *status);

/* The first entry with `fingerprint`, or NULL. */
const fl_baseline_entry *fl_baseline_find(const fl_baseline *baseline, const char *fingerprint);

/* Marks the document called `identity` as checked and suppresses its findings that
 * accepted or false-positive entries list (fingerprints must be set). */
void fl_baseline_apply(fl_baseline *baseline, const char *identity, fl_finding *findings,
                       size_t count);

/* After every document: adds a baseline/stale note to `document` (the baseline's
 * own) for each stale entry, and marks it. Returns how many. */
size_t fl_baseline_report_stale(fl_baseline *baseline, const fl_ruleset *rules,
                                fl_document *document);

/* An entry to keep when the baseline is written again: it matched nothing, but only
 * because the run did not look at its document or rule (repeats of a fingerprint
 * are not kept). */
bool fl_baseline_entry_carried(const fl_baseline *baseline, const fl_baseline_entry *entry);

void fl_baseline_free(fl_baseline *baseline);

/* Writing, one document at a time. `prior` (or NULL) gives earlier reviews. */
void fl_baseline_write_header(FILE *out);
void fl_baseline_write_findings(FILE *out, const fl_baseline *prior, const char *identity,
                                const fl_finding *findings, size_t count);
void fl_baseline_write_carried(FILE *out, const fl_baseline *prior);

#endif
