#include "text_lines.h"

#include <string.h>

/* memchr() reads many bytes a step, and an article's lines are paragraphs of hundreds
 * of bytes. It is asked a stretch at a time, so that a text with one kind of line
 * break is never read to its end for the other kind at every line. */
enum { STRETCH = 256 };

size_t fl_line_end(const char *text, size_t length, size_t start, size_t *next)
{
    for (size_t at = start; at < length;) {
        size_t stretch = length - at < STRETCH ? length - at : STRETCH;
        const char *line_feed = memchr(text + at, '\n', stretch);
        size_t limit = line_feed ? (size_t)(line_feed - text) : at + stretch;
        const char *carriage_return = memchr(text + at, '\r', limit - at);
        if (carriage_return) {
            size_t end = (size_t)(carriage_return - text);
            *next = end + (end + 1 < length && text[end + 1] == '\n' ? 2 : 1);
            return end;
        }
        if (line_feed) {
            *next = limit + 1;
            return limit;
        }
        at = limit;
    }
    *next = length;
    return length;
}
