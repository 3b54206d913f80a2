/*
 * finding.h — the report model: what every rule produces and every writer reads.
 *
 * A finding belongs to one document and lives in that document's arena; writers see
 * findings of one document at a time, already sorted (fl_findings_sort) and with
 * fingerprints set. Nothing here prints or evaluates.
 */
#ifndef FL_FINDING_H
#define FL_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interval.h"
#include "unit.h"

#define FL_NO_OFFSET UINT64_MAX

/* A place in a file: an article position or a table cell. */
typedef struct fl_location {
    const char *file;     /* path as reports show it; NULL for none */
    uint32_t line;        /* 1-based; 0 when unknown */
    uint32_t column;      /* 1-based, in characters; 0 when unknown */
    uint32_t length;      /* characters the finding spans, for carets; 0 means 1 */
    uint64_t line_offset; /* byte offset of the line in the file, FL_NO_OFFSET if unknown */
} fl_location;

typedef enum fl_severity {
    FL_SEVERITY_NOTE,
    FL_SEVERITY_WARNING,
    FL_SEVERITY_ERROR,
} fl_severity;

typedef enum fl_outcome {
    FL_OUTCOME_VIOLATED,
    FL_OUTCOME_UNCONFIRMED,
    FL_OUTCOME_INPUT,
    FL_OUTCOME_NOT_APPLICABLE,
} fl_outcome;

/* Why a finding does not count: a reviewed finding listed in a baseline, or one the
 * inputs accept in place (a figures table's `accept` column, a names block's
 * accepted spelling). Suppressed findings stay in machine-readable reports. */
typedef enum fl_suppression {
    FL_SUPPRESSION_NONE,
    FL_SUPPRESSION_BASELINE,
    FL_SUPPRESSION_ACCEPTED,
} fl_suppression;

typedef struct fl_finding_figure {
    const char *key;
    const char *value;    /* as written */
    fl_interval interval;
    fl_unit unit;         /* percent, a currency, or none */
} fl_finding_figure;

typedef struct fl_finding {
    const char *rule;
    fl_severity severity;
    fl_outcome outcome;
    const char *message;
    const char *doc;
    fl_location location;
    const fl_location *related;
    size_t related_count;
    const fl_finding_figure *figures;
    size_t figure_count;
    /* What the finding is about, independent of line numbers: keys and bindings,
     * a mention, a row's contents. Hashed with rule and doc into the fingerprint. */
    const char *subject;
    /* "Did you mean": the listed name a names finding suggests, and how many edits
     * away the mention is; NULL and -1 for other findings. */
    const char *suggestion;
    int distance;
    char fingerprint[17];
    fl_suppression suppression;
    const char *justification; /* why it is suppressed, when someone said; or NULL */
} fl_finding;

const char *fl_severity_name(fl_severity severity);
bool fl_severity_from_name(const char *name, fl_severity *severity);
const char *fl_outcome_name(fl_outcome outcome);

/* Sets `fingerprint`: 64-bit FNV-1a, as 16 hex digits, of the rule, the document's
 * identity (what fl_source_path_identity() calls it, not the path as typed), the
 * subject and the written values of the figures — never of line numbers. */
void fl_finding_fingerprint(fl_finding *finding, const char *identity);

/* Stable order: locations in the document itself first, then other files; then
 * line, column, rule, message. */
void fl_findings_sort(fl_finding *findings, size_t count);

#endif
