/*
 * snippet.h — the two lines under a diagnostic that show where it is:
 *
 *     5 | The latest arrests followed 2,418 others in the first six months of …
 *       |                             ^~~~~
 *
 * Long lines are shown as a window around the column, cut at word boundaries with "…";
 * the caret is aligned by display width (CJK characters take two columns), and tabs
 * and control characters are shown as spaces so that the alignment holds.
 */
#ifndef FL_SNIPPET_H
#define FL_SNIPPET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* `column` is 1-based in characters; `span` characters are underlined (at least 1).
 * `caret_color` is an ANSI SGR sequence or NULL for none. */
void fl_snippet_write(FILE *out, const char *line, size_t length, uint32_t line_number,
                      uint32_t column, uint32_t span, const char *caret_color);

/* The same with the caret given as a byte offset in `line`: on a long line the caller
 * finds it faster than a walk from the line's start (fl_document_offset_of). Only the
 * part of the line around the caret is read. */
void fl_snippet_write_at(FILE *out, const char *line, size_t length, size_t caret,
                         uint32_t line_number, uint32_t span, const char *caret_color);

#endif
