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
/* Decodes one character at `text` and returns its length in bytes; an invalid
 * sequence decodes as U+FFFD, over the bytes libunistring's u8_mbtouc takes for it. */
size_t fl_utf8_decode(const char *text, size_t length, uint32_t *character);

#endif
