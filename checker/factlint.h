/*
 * factlint.h — the library as the command line uses it.
 *
 * main.c turns argv into an fl_options and calls one command; everything else —
 * loading rules, reading inputs, checking, writing the report, choosing the exit
 * status — happens behind these calls. The options are borrowed for the call.
 */
#ifndef FACTLINT_H
#define FACTLINT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum fl_format {
    FL_FORMAT_TEXT,
    FL_FORMAT_JSON,
    FL_FORMAT_SARIF,
    FL_FORMAT_GITHUB,
    FL_FORMAT_JUNIT,
    FL_FORMAT_HTML,
} fl_format;

typedef enum fl_color { FL_COLOR_AUTO, FL_COLOR_ALWAYS, FL_COLOR_NEVER } fl_color;

/* The least severity that makes `check` exit with 1. */
typedef enum fl_fail_on {
    FL_FAIL_ON_NOTE,
    FL_FAIL_ON_WARNING,
    FL_FAIL_ON_ERROR,
    FL_FAIL_ON_NONE,
} fl_fail_on;

typedef struct fl_options {
    const char *const *rule_paths; /* -r; none: ./rules, else the installed rules */
    size_t rule_path_count;
    const char *const *paths;      /* what to check */
    size_t path_count;
    const char *const *enable;     /* --enable globs */
    size_t enable_count;
    const char *const *disable;    /* --disable globs */
    size_t disable_count;
    fl_format format;
    const char *output;            /* -o; NULL for standard output */
    const char *baseline;          /* --baseline: reviewed findings to suppress, or NULL */
    const char *write_baseline;    /* --write-baseline: where to list every finding */
    /* --shard K/N: check only the documents whose identity hashes to K of N (1-based);
     * shard_count 0: every document. */
    unsigned shard_index, shard_count;
    /* -j: threads to use; 0 for one per processor. A figures table is read ahead on
     * a second thread when there are two or more. */
    unsigned jobs;
    fl_fail_on fail_on;
    fl_color color;
    bool verbose;
    bool quiet;
    const char *explain;           /* rules --explain ID */
} fl_options;

/* `factlint check`: 0 when no finding reaches fail_on, 1 when one does, 2 for a broken
 * rule file, a malformed baseline or an unreadable input (diagnosed on standard
 * error). */
int fl_check_command(const fl_options *options);

/* `factlint rules`: lists the loaded rules, or explains one. 0, or 2 on error. */
int fl_rules_command(const fl_options *options);

const char *fl_version(void);

#endif
