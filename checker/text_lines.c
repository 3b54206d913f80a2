#include "text_lines.h"

#include <string.h>

/* memchr() reads many bytes a step: a line of an article is hundreds of bytes, and
 * texts are written with LF far more often than with CR. */
size_t fl_line_end(const char *text, size_t length, size_t start, size_t *next)
{
    const char *line_feed = memchr(text + start, '\n', length - start);
    size_t end = line_feed ? (size_t)(line_feed - text) : length;
    const char *carriage_return = memchr(text + start, '\r', end - start);
    if (carriage_return) {
        end = (size_t)(carriage_return - text);
        *next = end + (end + 1 < length && text[end + 1] == '\n' ? 2 : 1);
    } else {
        *next = end < length ? end + 1 : length;
    }
    return end;
}
