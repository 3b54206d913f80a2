/*
 * text_lines.h — where the lines of a text end.
 *
 * A line ends at LF, CR LF or a lone CR, the way every part of factlint counts lines
 * in an article. The text needs no NUL and may hold NULs.
 */
#ifndef FL_TEXT_LINES_H
#define FL_TEXT_LINES_H

#include <stddef.h>

/* The end of the line that starts at byte `start` of `length` bytes of `text`: the
 * offset of its line break, or `length` for the last line. Sets `*next` to where the
 * next line starts, past the break (`length` when there is none). */
size_t fl_line_end(const char *text, size_t length, size_t start, size_t *next);

#endif
