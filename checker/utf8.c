#include "utf8.h"

#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

bool fl_utf8_is_ascii(const char *text, size_t length)
{
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t block;
        memcpy(&block, text + i, 8);
        if (block & 0x8080808080808080ull)
            return false;
    }
    for (; i < length; i++)
        if ((unsigned char)text[i] & 0x80)
            return false;
    return true;
}

size_t fl_utf8_invalid_offset(const char *text, size_t length)
{
    if (fl_utf8_is_ascii(text, length))
        return length;
    const uint8_t *bad = u8_check((const uint8_t *)text, length);
    return bad ? (size_t)((const char *)bad - text) : length;
}

size_t fl_utf8_decode(const char *text, size_t length, uint32_t *character)
{
    if (length == 0) {
        *character = 0xFFFD;
        return 0;
    }
    if (!((unsigned char)text[0] & 0x80)) {
        *character = (unsigned char)text[0];
        return 1;
    }
    ucs4_t decoded;
    int used = u8_mbtouc(&decoded, (const uint8_t *)text, length);
    if (used < 1)
        used = 1;
    *character = decoded;
    return (size_t)used;
}

size_t fl_utf8_next_beyond_ascii(const uint8_t *text, size_t length, uint32_t *character,
                                 bool *invalid)
{
    ucs4_t decoded;
    int count = u8_mbtoucr(&decoded, text, length);
    *invalid = count < 0;
    if (count < 0)
        count = u8_mbtouc(&decoded, text, length);
    *character = decoded;
    return (size_t)count;
}

bool fl_utf8_is_format_beyond_ascii(uint32_t c)
{
    return uc_is_general_category(c, UC_CATEGORY_Cf);
}

size_t fl_utf8_count(const char *text, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length;) {
        uint32_t c;
        i += fl_utf8_decode(text + i, length - i, &c);
        count++;
    }
    return count;
}

size_t fl_utf8_offset_of(const char *text, size_t length, size_t characters)
{
    size_t i = 0;
    while (i < length && characters > 0) {
        uint32_t c;
        i += fl_utf8_decode(text + i, length - i, &c);
        characters--;
    }
    return i;
}

size_t fl_utf8_display_width(const char *text, size_t length)
{
    size_t width = 0;
    for (size_t i = 0; i < length;) {
        uint32_t c;
        i += fl_utf8_decode(text + i, length - i, &c);
        int w = uc_width(c, "UTF-8");
        width += w < 0 ? 1 : (size_t)w;
    }
    return width;
}

bool fl_utf8_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

void fl_utf8_escape_controls(const char *text, size_t length, fl_buffer *out)
{
    size_t start = 0, i = 0;
    while (i < length) {
        unsigned char byte = (unsigned char)text[i];
        if (byte >= 0x20 && byte < 0x7F) {
            i++;
            continue;
        }
        uint32_t c;
        size_t used = fl_utf8_decode(text + i, length - i, &c);
        bool invalid = c == 0xFFFD && (used != 3 || memcmp(text + i, "\xEF\xBF\xBD", 3) != 0);
        if (!invalid && !fl_utf8_is_control(c)) {
            i += used;
            continue;
        }
        fl_buffer_append(out, text + start, i - start);
        if (invalid) {
            for (size_t b = 0; b < used; b++)
                fl_buffer_printf(out, "\\x%02x", (unsigned char)text[i + b]);
        } else if (c == '\n') {
            fl_buffer_append_string(out, "\\n");
        } else if (c == '\r') {
            fl_buffer_append_string(out, "\\r");
        } else if (c == '\t') {
            fl_buffer_append_string(out, "\\t");
        } else {
            fl_buffer_printf(out, "\\u%04x", (unsigned)c);
        }
        i += used;
        start = i;
    }
    fl_buffer_append(out, text + start, length - start);
}

void fl_utf8_append_bounded(const char *text, size_t length, size_t characters, fl_buffer *out)
{
    size_t end = fl_utf8_offset_of(text, length, characters);
    fl_buffer_append(out, text, end);
    if (end < length)
        fl_buffer_append_string(out, "\u2026");
}
