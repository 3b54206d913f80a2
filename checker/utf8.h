/*
 * utf8.h — the few UTF-8 facts the rest of factlint needs, with an ASCII fast path.
 *
 * Validation and widths come from GNU libunistring; these wrappers only skip the
 * Unicode work when the bytes are plain ASCII, which most tables are.
 */
#ifndef FL_UTF8_H
#define FL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory.h"

bool fl_utf8_is_ascii(const char *text, size_t length);
/* Offset of the first byte that is not part of valid UTF-8, or `length`. */
size_t fl_utf8_invalid_offset(const char *text, size_t length);
/* Number of characters (code points); each invalid sequence counts one. */
size_t fl_utf8_count(const char *text, size_t length);
/* Byte offset of the character with 0-based index `characters`, or `length`. */
size_t fl_utf8_offset_of(const char *text, size_t length, size_t characters);
/* Columns `text` takes on a terminal: CJK characters count 2, combining marks 0,
 * control characters and invalid bytes 1. */
size_t fl_utf8_display_width(const char *text, size_t length);
/* Whether a terminal would act on `c` rather than show it: C0 and C1 controls, DEL,
 * and the controls that reorder text (bidirectional embeddings and isolates). */
bool fl_utf8_is_control(uint32_t c);

/* Appends `text` to `out` with what a terminal would act on written out as JSON
 * writes it ("\u001b", "\n"), and invalid bytes as "\xff": what reaches a terminal
 * from input data can then only be shown, never obeyed. */
void fl_utf8_escape_controls(const char *text, size_t length, fl_buffer *out);

/* Appends `text` to `out`, cut after `characters` characters with "…" when longer:
 * messages quote input, and one huge cell must not make a huge message. */
void fl_utf8_append_bounded(const char *text, size_t length, size_t characters, fl_buffer *out);

/* Decodes one character at `text` and returns its length in bytes; an invalid
 * sequence decodes as U+FFFD, over the bytes libunistring's u8_mbtouc takes for it. */
size_t fl_utf8_decode(const char *text, size_t length, uint32_t *character);

/* fl_utf8_next() for `text` starting with a byte of 0x80 or more. */
size_t fl_utf8_next_beyond_ascii(const uint8_t *text, size_t length, uint32_t *character,
                                 bool *invalid);

/* Decodes one character of the `length` (at least 1) bytes at `text` as libunistring's
 * u8_mbtoucr does, and returns its length in bytes; an invalid sequence sets
 * `invalid` and is skipped by the length u8_mbtouc gives it. Inline, so that ASCII,
 * which most text is and every byte of which may pass here, takes no call. */
static inline size_t fl_utf8_next(const uint8_t *text, size_t length, uint32_t *character,
                                  bool *invalid)
{
    if (text[0] < 0x80) {
        *character = text[0];
        *invalid = false;
        return 1;
    }
    return fl_utf8_next_beyond_ascii(text, length, character, invalid);
}

/* fl_utf8_is_format() for `c` of 0x80 or more. */
bool fl_utf8_is_format_beyond_ascii(uint32_t c);

/* Whether `c` is a format character (general category Cf): none is ASCII, which
 * takes no call. */
static inline bool fl_utf8_is_format(uint32_t c)
{
    return c >= 0x80 && fl_utf8_is_format_beyond_ascii(c);
}

#endif
