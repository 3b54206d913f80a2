/*
 * report.h — one report model, one writer per output format.
 *
 * A run hands each finished document's findings to the writer — already filtered,
 * fingerprinted and sorted — and ends with the summary, so writers stream and never
 * hold the whole report. A writer only formats; it never evaluates. All writers have
 * the same three calls; each format is one file (report_text.c, report_json.c).
 */
#ifndef FL_REPORT_H
#define FL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "document.h"
#include "finding.h"

typedef struct fl_report_summary {
    size_t errors, warnings, notes;
    size_t documents, figures, rules, suppressed;
    size_t unused_rules; /* enabled rules that applied to no document */
    size_t unread_keys;  /* distinct keys of each table that no rule reads */
} fl_report_summary;

typedef struct fl_report_options {
    FILE *out;
    bool color;
    bool quiet;
} fl_report_options;

typedef struct fl_report_writer fl_report_writer;

struct fl_report_writer {
    void (*begin)(fl_report_writer *writer);
    void (*document)(fl_report_writer *writer, const fl_document *document,
                     const fl_finding *findings, size_t count);
    void (*end)(fl_report_writer *writer, const fl_report_summary *summary);
    fl_report_options options;
    bool started; /* a writer's own state, e.g. "a finding was written" */
    fl_buffer scratch;
};

/* Writers are plain structs: fill one with its format's init and free its scratch
 * with fl_report_writer_release. */
void fl_report_text_init(fl_report_writer *writer, const fl_report_options *options);
void fl_report_json_init(fl_report_writer *writer, const fl_report_options *options);
void fl_report_writer_release(fl_report_writer *writer);

/* The text of the line `location` points at: from the document when it is the
 * document's own text, else read from the file. false when there is none. The text
 * may live in `scratch`. */
bool fl_report_source_line(const fl_document *document, const fl_location *location,
                           fl_buffer *scratch, const char **text, size_t *length);

/* JSON string literal for `text`, quotes included: shared by every JSON-based format. */
void fl_json_string(FILE *out, const char *text);

#endif
