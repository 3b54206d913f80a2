#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "snippet.h"
#include "utf8.h"

static fl_diagnostic *add(fl_diagnostics *diagnostics, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));

static fl_diagnostic *add(fl_diagnostics *diagnostics, const char *format, va_list args)
{
    diagnostics->items = fl_xgrow(diagnostics->items, &diagnostics->capacity,
                                  diagnostics->count + 1, sizeof *diagnostics->items);
    fl_diagnostic *d = &diagnostics->items[diagnostics->count++];
    memset(d, 0, sizeof *d);
    fl_buffer message = FL_BUFFER_INIT;
    fl_buffer_vprintf(&message, format, args);
    d->message = fl_arena_strdup(&diagnostics->arena, fl_buffer_cstr(&message));
    fl_buffer_free(&message);
    return d;
}

void fl_diagnostics_add(fl_diagnostics *diagnostics, const char *file, const char *source,
                        size_t source_length, size_t offset, size_t length,
                        const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fl_diagnostic *d = add(diagnostics, format, args);
    va_end(args);
    if (offset > source_length)
        offset = source_length;
    size_t line_start = offset;
    while (line_start > 0 && source[line_start - 1] != '\n')
        line_start--;
    const char *newline = memchr(source + offset, '\n', source_length - offset);
    size_t line_end = newline ? (size_t)(newline - source) : source_length;
    if (line_end > line_start && source[line_end - 1] == '\r')
        line_end--;
    uint32_t line = 1;
    for (size_t i = 0; i < line_start; i++)
        line += source[i] == '\n';
    if (length > line_end - offset || offset > line_end)
        length = offset > line_end ? 0 : line_end - offset;
    d->file = file;
    d->line = line;
    d->column = (uint32_t)fl_utf8_count(source + line_start, offset - line_start) + 1;
    d->length = (uint32_t)fl_utf8_count(source + offset, length);
    d->line_text = source + line_start;
    d->line_length = line_end - line_start;
}

void fl_diagnostics_add_at(fl_diagnostics *diagnostics, const char *file, uint32_t line,
                           uint32_t column, uint32_t length, const char *line_text,
                           size_t line_length, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fl_diagnostic *d = add(diagnostics, format, args);
    va_end(args);
    d->file = file;
    d->line = line;
    d->column = column;
    d->length = length;
    if (line_text) {
        d->line_text = fl_arena_strndup(&diagnostics->arena, line_text, line_length);
        d->line_length = line_length;
    }
}

void fl_diagnostics_add_plain(fl_diagnostics *diagnostics, const char *file,
                              const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fl_diagnostic *d = add(diagnostics, format, args);
    va_end(args);
    d->file = file;
}

typedef struct ordered {
    const fl_diagnostic *diagnostic;
    size_t file_order, index;
} ordered;

static int compare_ordered(const void *left, const void *right)
{
    const ordered *a = left, *b = right;
    if (a->file_order != b->file_order)
        return a->file_order < b->file_order ? -1 : 1;
    if (a->diagnostic->line != b->diagnostic->line)
        return a->diagnostic->line < b->diagnostic->line ? -1 : 1;
    if (a->diagnostic->column != b->diagnostic->column)
        return a->diagnostic->column < b->diagnostic->column ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

void fl_diagnostics_write(const fl_diagnostics *diagnostics, FILE *out, bool color)
{
    const char *bold = color ? "\033[1m" : "", *red = color ? "\033[1;31m" : "",
               *reset = color ? "\033[0m" : "";
    /* In file order, then by position: a later phase (a duplicate id, a capture no
     * check binds) may find an error before one already reported. */
    ordered *order = fl_xmalloc((diagnostics->count + 1) * sizeof *order);
    for (size_t i = 0; i < diagnostics->count; i++) {
        size_t file_order = i;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(diagnostics->items[j].file, diagnostics->items[i].file) == 0) {
                file_order = j;
                break;
            }
        }
        order[i] = (ordered){&diagnostics->items[i], file_order, i};
    }
    qsort(order, diagnostics->count, sizeof *order, compare_ordered);
    fl_buffer file = FL_BUFFER_INIT, message = FL_BUFFER_INIT;
    for (size_t i = 0; i < diagnostics->count; i++) {
        const fl_diagnostic *d = order[i].diagnostic;
        /* Rule files are input too: what they hold is shown, never obeyed. */
        fl_buffer_clear(&file);
        fl_utf8_escape_controls(d->file, strlen(d->file), &file);
        fl_buffer_clear(&message);
        fl_utf8_escape_controls(d->message, strlen(d->message), &message);
        if (d->line)
            fprintf(out, "%s%s:%u:%u:%s %serror:%s %s\n", bold, fl_buffer_cstr(&file),
                    (unsigned)d->line, (unsigned)d->column, reset, red, reset,
                    fl_buffer_cstr(&message));
        else
            fprintf(out, "%s%s:%s %serror:%s %s\n", bold, fl_buffer_cstr(&file), reset, red,
                    reset, fl_buffer_cstr(&message));
        if (d->line_text)
            fl_snippet_write(out, d->line_text, d->line_length, d->line, d->column, d->length,
                             color ? "\033[1;32m" : NULL);
    }
    fl_buffer_free(&file);
    fl_buffer_free(&message);
    free(order);
}

void fl_error(const char *format, ...)
{
    fl_buffer message = FL_BUFFER_INIT, escaped = FL_BUFFER_INIT;
    va_list args;
    va_start(args, format);
    fl_buffer_vprintf(&message, format, args);
    va_end(args);
    fl_utf8_escape_controls(message.data ? message.data : "", message.length, &escaped);
    fprintf(stderr, "factlint: %s\n", fl_buffer_cstr(&escaped));
    fl_buffer_free(&message);
    fl_buffer_free(&escaped);
}

void fl_diagnostics_free(fl_diagnostics *diagnostics)
{
    free(diagnostics->items);
    fl_arena_free(&diagnostics->arena);
    diagnostics->items = NULL;
    diagnostics->count = diagnostics->capacity = 0;
}
