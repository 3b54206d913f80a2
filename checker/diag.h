/*
 * diag.h — errors in rule files: each with its file, line and column, a sentence a
 * person can act on, and the source line for a caret:
 *
 *   rules/arrests.rules:3:3: error: unknown field "chek" (expected check, severity, …)
 *       3 |   chek a > b
 *         |   ^~~~
 *
 * Rule files and baselines report through it. The list owns its messages; the
 * source lines are borrowed from the rule files' text, which must outlive it, or
 * copied (fl_diagnostics_add_at).
 */
#ifndef FL_DIAG_H
#define FL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "memory.h"

typedef struct fl_diagnostic {
    const char *file;
    uint32_t line, column, length; /* column and length in characters */
    const char *line_text;         /* the source line, or NULL */
    size_t line_length;
    const char *message;
} fl_diagnostic;

typedef struct fl_diagnostics {
    fl_diagnostic *items;
    size_t count, capacity;
    fl_arena arena;
} fl_diagnostics;

/* Adds an error at byte `offset` of `source` (the whole text of `file`), spanning
 * `length` bytes. Line and column are worked out from the source. */
void fl_diagnostics_add(fl_diagnostics *diagnostics, const char *file, const char *source,
                        size_t source_length, size_t offset, size_t length,
                        const char *format, ...) __attribute__((format(printf, 7, 8)));
/* Adds an error at a known line and column (in characters), spanning `length`
 * characters of `line_text` (copied; NULL for no caret). `file` is borrowed. */
void fl_diagnostics_add_at(fl_diagnostics *diagnostics, const char *file, uint32_t line,
                           uint32_t column, uint32_t length, const char *line_text,
                           size_t line_length, const char *format, ...)
    __attribute__((format(printf, 8, 9)));
/* Adds an error without a position in a file (a file that cannot be read). */
void fl_diagnostics_add_plain(fl_diagnostics *diagnostics, const char *file,
                              const char *format, ...) __attribute__((format(printf, 3, 4)));

/* Writes "factlint: MESSAGE" and a line break to standard error, with what a terminal
 * would act on escaped: messages name files and quote input. */
void fl_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Writes every diagnostic, compiler style. `color` adds ANSI colours. */
void fl_diagnostics_write(const fl_diagnostics *diagnostics, FILE *out, bool color);

void fl_diagnostics_free(fl_diagnostics *diagnostics);

#endif
