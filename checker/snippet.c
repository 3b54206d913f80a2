#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "utf8.h"

enum {
    WINDOW_WIDTH = 88,  /* display columns of text shown, ellipses included */
    LEAD_WIDTH = 30,    /* columns kept before the caret when the line is cut */
};

typedef struct character {
    size_t offset, length;
    unsigned width;
    bool space;
} character;

/* Appends the characters in [from, to) to `out`: a tab as a space, what a terminal
 * would act on escaped ("\u001b"), so that input shows and never commands. */
static void append_text(fl_buffer *out, const char *line, const character *chars,
                        size_t from, size_t to)
{
    /* Characters shown as they are go out a stretch at a time. */
    size_t stretch = from;
    for (size_t i = from; i < to; i++) {
        unsigned char byte = (unsigned char)line[chars[i].offset];
        if (byte >= 0x20 && byte < 0x7F)
            continue;
        uint32_t c;
        fl_utf8_decode(line + chars[i].offset, chars[i].length, &c);
        bool as_is = c != '\t' && !fl_utf8_is_control(c) && !(c == 0xFFFD && chars[i].length == 1);
        if (as_is)
            continue;
        fl_buffer_append(out, line + chars[stretch].offset,
                         chars[i].offset - chars[stretch].offset);
        stretch = i + 1;
        if (c == '\t')
            fl_buffer_append_char(out, ' ');
        else if (fl_utf8_is_control(c))
            fl_buffer_printf(out, "\\u%04x", (unsigned)c);
        else
            fl_buffer_append_string(out, "\xEF\xBF\xBD");
    }
    if (stretch < to)
        fl_buffer_append(out, line + chars[stretch].offset,
                         chars[to - 1].offset + chars[to - 1].length - chars[stretch].offset);
}

enum { ESCAPE_WIDTH = 6 }; /* "\u001b" */

static unsigned width_of(const char *text, size_t length, uint32_t c)
{
    /* Printable ASCII is one column; a report with many findings shows many lines. */
    if ((c >= 0x20 && c < 0x7F) || c == '\t')
        return 1;
    if (fl_utf8_is_control(c))
        return ESCAPE_WIDTH;
    return (unsigned)fl_utf8_display_width(text, length);
}

/* The part of a long line around byte `caret` that a window can show: more bytes on
 * each side than WINDOW_WIDTH columns can hold, cut at character boundaries. */
enum { BYTES_BEFORE = 512, BYTES_AFTER = 2048 };

static size_t boundary(const char *text, size_t length, size_t at)
{
    while (at < length && ((unsigned char)text[at] & 0xC0) == 0x80)
        at++;
    return at;
}

void fl_snippet_write(FILE *out, const char *line, size_t length, uint32_t line_number,
                      uint32_t column, uint32_t span, const char *caret_color)
{
    size_t caret = fl_utf8_offset_of(line, length, column > 0 ? column - 1 : 0);
    fl_snippet_write_at(out, line, length, caret, line_number, span, caret_color);
}

void fl_snippet_write_at(FILE *out, const char *whole, size_t whole_length, size_t caret_byte,
                         uint32_t line_number, uint32_t span, const char *caret_color)
{
    /* Only the part around the caret is decoded, so that a report with many findings
     * on one line of a megabyte costs a window each, not the line each. */
    size_t first = caret_byte > BYTES_BEFORE ? boundary(whole, whole_length,
                                                        caret_byte - BYTES_BEFORE)
                                             : 0;
    if (first > caret_byte)
        first = caret_byte;
    size_t last = whole_length - caret_byte > BYTES_AFTER
                      ? boundary(whole, whole_length, caret_byte + BYTES_AFTER)
                      : whole_length;
    const char *line = whole + first;
    size_t length = last - first;
    bool cut_before = first > 0, cut_after = last < whole_length;
    /* A line of the usual length needs no allocation, and a report may show many. A
     * character takes a byte or more, so `length` entries are enough. */
    character on_stack[256];
    character *chars = length < sizeof on_stack / sizeof *on_stack
                           ? on_stack
                           : fl_xmalloc((length + 1) * sizeof *chars);
    size_t count = 0, total_width = 0;
    for (size_t offset = 0; offset < length; count++) {
        unsigned char byte = (unsigned char)line[offset];
        if (byte >= 0x20 && byte < 0x7F) {
            chars[count] = (character){offset, 1, 1, byte == ' '};
        } else {
            uint32_t c;
            size_t used = fl_utf8_decode(line + offset, length - offset, &c);
            chars[count] = (character){offset, used, width_of(line + offset, used, c),
                                       c == ' ' || c == '\t' || c == 0xA0};
        }
        total_width += chars[count].width;
        offset += chars[count].length;
    }
    size_t caret = fl_utf8_count(line, caret_byte - first);
    if (caret > count)
        caret = count;
    if (span == 0)
        span = 1;

    size_t from = 0, to = count;
    if (total_width > WINDOW_WIDTH || cut_before || cut_after) {
        /* Start LEAD_WIDTH columns before the caret, at the start of a word. */
        size_t lead = 0;
        from = caret;
        while (from > 0 && lead + chars[from - 1].width <= LEAD_WIDTH) {
            from--;
            lead += chars[from].width;
        }
        /* Start at a word when there is one to start at; a line without spaces is
         * cut where it is. */
        size_t word_start = from;
        while (word_start > 0 && word_start < caret && !chars[word_start - 1].space)
            word_start++;
        if (word_start < caret)
            from = word_start;
        /* End where the next word would no longer fit. */
        size_t budget = WINDOW_WIDTH - (from > 0 || cut_before ? 1 : 0) - 1, used = 0,
               last_break = 0;
        to = from;
        while (to < count && used + chars[to].width <= budget) {
            used += chars[to].width;
            to++;
            if (to < count && chars[to - 1].space)
                last_break = to;
        }
        if (to < count && last_break > caret)
            to = last_break;
        if (to < caret + 1 && caret < count)
            to = caret + 1;
    }

    fl_buffer text = FL_BUFFER_INIT, marker = FL_BUFFER_INIT;
    bool lead = from > 0 || cut_before;
    if (lead)
        fl_buffer_append_string(&text, "…");
    append_text(&text, line, chars, from, to);
    if (to < count || cut_after)
        fl_buffer_append_string(&text, "…");

    size_t pad = lead ? 1 : 0;
    for (size_t i = from; i < caret && i < to; i++)
        pad += chars[i].width;
    fl_buffer_append_repeated(&marker, ' ', pad);
    if (caret_color)
        fl_buffer_append_string(&marker, caret_color);
    fl_buffer_append_char(&marker, '^');
    size_t underline = 0;
    for (size_t i = caret; i < caret + span && i < to; i++)
        underline += chars[i].width;
    fl_buffer_append_repeated(&marker, '~', underline > 1 ? underline - 1 : 0);
    if (caret_color)
        fl_buffer_append_string(&marker, "\033[0m");

    char number[16];
    int digits = snprintf(number, sizeof number, "%u", (unsigned)line_number);
    int gutter = digits + 1 > 5 ? digits + 1 : 5;
    fprintf(out, "%*s | %s\n", gutter, number, fl_buffer_cstr(&text));
    fprintf(out, "%*s | %s\n", gutter, "", fl_buffer_cstr(&marker));
    fl_buffer_free(&text);
    fl_buffer_free(&marker);
    if (chars != on_stack)
        free(chars);
}
