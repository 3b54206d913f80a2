/*
 * report.h — one report model, one writer per output format.
 *
 * A run hands each finished document's findings to the writer — already filtered,
 * fingerprinted, matched against the baseline and sorted — and ends with the
 * summary, so writers stream and never hold the whole report. A writer only formats;
 * it never evaluates. All writers have the same three calls; each format is one file
 * (report_text.c, report_json.c, report_sarif.c, report_github.c, report_junit.c,
 * report_html.c), and fl_report_writer_init() picks one by format.
 */
#ifndef FL_REPORT_H
#define FL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "baseline.h"
#include "document.h"
#include "factlint.h"
#include "finding.h"
#include "ruleset.h"
#include "source_lines.h"
#include "source_path.h"

typedef struct fl_report_summary {
    size_t errors, warnings, notes;
    size_t documents, figures, rules, suppressed;
    size_t unused_rules; /* enabled rules that applied to no document */
    size_t unread_keys;  /* distinct keys of each table that no rule reads */
} fl_report_summary;

/* A rule as reports describe it (SARIF's rule list, JUnit's test suites, the HTML
 * page's filter): every enabled built-in rule, rule and names block. */
typedef struct fl_report_rule {
    const char *id;
    fl_severity severity;
    const char *short_description; /* one line */
    const char *full_description;  /* what it checks */
    const char *help;              /* how to act on what it finds */
    bool names_block;              /* its findings carry the names/… ids, not its own */
} fl_report_rule;

typedef struct fl_report_options {
    FILE *out;
    bool color;
    bool quiet;
    const fl_ruleset *rules;     /* what ran; NULL for none besides the built-in rules */
    const fl_baseline *baseline; /* the reviews read with --baseline, or NULL */
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
    fl_source_lines source_lines; /* the file the last snippet's line came from */
    /* The rules, in report order; owned by the writer. */
    fl_report_rule *rules;
    size_t rule_count;
    fl_arena arena;
    fl_source_paths paths;
    fl_buffer path;        /* what fl_report_repository_path returned last */
    /* Format-private state, and how to free it. */
    void *state;
    void (*release_state)(void *state);
};

/* Fills `writer` with the writer of `format`. Free it with fl_report_writer_release. */
void fl_report_writer_init(fl_report_writer *writer, fl_format format,
                           const fl_report_options *options);
void fl_report_writer_release(fl_report_writer *writer);

/* The per-format halves of fl_report_writer_init: each sets the three calls (and
 * its state) of a writer whose common fields are filled. */
void fl_report_text_init(fl_report_writer *writer);
void fl_report_json_init(fl_report_writer *writer);
void fl_report_sarif_init(fl_report_writer *writer);
void fl_report_github_init(fl_report_writer *writer);
void fl_report_junit_init(fl_report_writer *writer);
void fl_report_html_init(fl_report_writer *writer);

/* Index of rule `id` in writer->rules, or SIZE_MAX. */
size_t fl_report_rule_index(const fl_report_writer *writer, const char *id);

/* The text of the line `location` points at: from the document when it is the
 * document's own text, else read from the file. false when there is none. The text
 * may live in `writer->scratch`. */
bool fl_report_source_line(fl_report_writer *writer, const fl_document *document,
                           const fl_location *location, const char **text, size_t *length);

/* Where CI services look for `file`: its path in its repository, else the path as
 * given. The text lives in `writer->path` until the next call. */
const char *fl_report_repository_path(fl_report_writer *writer, const char *file);

/* "factlint: 0 errors, 2 warnings, 0 notes in 1 document (…)", appended to `out`. */
void fl_report_summary_text(const fl_report_summary *summary, fl_buffer *out);

/* `value` in decimal, without stdio's formatting: a report writes two numbers for
 * each location it names. */
void fl_report_unsigned(FILE *out, uint64_t value);

/* JSON string literal for `text`, quotes included: shared by every JSON-based format.
 * Invalid UTF-8 becomes U+FFFD, so that the output is always valid JSON. */
void fl_json_string(FILE *out, const char *text);

/* `text` escaped for XML and HTML content and attribute values (quotes included in
 * the escaping); invalid UTF-8 and characters XML forbids become U+FFFD. */
void fl_markup_text(FILE *out, const char *text);
void fl_markup_text_n(FILE *out, const char *text, size_t length);

#endif
