#include "utf8.h"

#include <string.h>
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
