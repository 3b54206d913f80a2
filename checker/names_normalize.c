#include "names_normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "utf8.h"

/* Most names fit: libunistring then writes into the stack instead of allocating. */
enum { STACK_BYTES = 256 };

/* The input was validated first, so libunistring can only fail for want of memory,
 * which factlint treats as memory.h's allocators do. */
static uint8_t *unicode_result(uint8_t *result)
{
    if (!result) {
        fprintf(stderr, "factlint: out of memory (normalising a name)\n");
        exit(2);
    }
    return result;
}

static void release(uint8_t *result, const uint8_t *stack)
{
    if (result != stack)
        free(result);
}

static bool is_ascii_space(uint8_t byte)
{
    return byte == ' ' || (byte >= '\t' && byte <= '\r');
}

static bool is_apostrophe(ucs4_t character)
{
    return character == 0x2019 || character == 0x2018 || character == 0x02BC;
}

static bool is_invisible(ucs4_t character)
{
    return character == 0x00AD || character == 0x200B || character == 0x2060 ||
           character == 0xFEFF;
}

static bool is_diacritic(ucs4_t character)
{
    return (character >= 0x0300 && character <= 0x036F) ||
           (character >= 0x1AB0 && character <= 0x1AFF) ||
           (character >= 0x1DC0 && character <= 0x1DFF) ||
           (character >= 0x20D0 && character <= 0x20FF) ||
           (character >= 0xFE20 && character <= 0xFE2F);
}

/* Removes diacritics from decomposed text in place; returns the new length. */
static size_t drop_diacritics(uint8_t *text, size_t length)
{
    size_t kept = 0;
    size_t at = 0;
    while (at < length) {
        ucs4_t character;
        size_t size = (size_t)u8_mbtouc(&character, text + at, length - at);
        if (!is_diacritic(character)) {
            memmove(text + kept, text + at, size);
            kept += size;
        }
        at += size;
    }
    return kept;
}

/* "Licadho's" and "Workers'" lose their ending; a bare "'s" is left alone. */
static size_t drop_possessive(const char *key, size_t length)
{
    if (length >= 3 && (key[length - 1] == 's' || key[length - 1] == 'S') &&
        key[length - 2] == '\'' && key[length - 3] != ' ')
        return length - 2;
    if (length >= 2 && key[length - 1] == '\'' && key[length - 2] != ' ')
        return length - 1;
    return length;
}

static bool is_ascii_letter(uint8_t byte)
{
    return (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
}

static bool is_ascii_digit(uint8_t byte)
{
    return byte >= '0' && byte <= '9';
}

/* The steps both paths share: apostrophes, invisible characters, abbreviation full
 * stops, white space and the possessive. `fold_ascii` lower-cases ASCII letters, which
 * is all case folding does to plain ASCII text. Never writes more bytes than it
 * reads. */
static void write_key(const uint8_t *text, size_t length, bool fold_ascii, fl_buffer *out)
{
    fl_buffer_reserve(out, length);
    char *key = out->data;
    size_t written = 0;
    bool space_pending = false;
    bool after_letter = false;
    size_t at = 0;
    while (at < length) {
        uint8_t byte = text[at];
        if (is_ascii_letter(byte) || is_ascii_digit(byte)) {
            /* Most of a name: a run of letters and digits, which no rule but folding
             * changes, wherever it stands. */
            if (space_pending)
                key[written++] = ' ';
            space_pending = false;
            uint8_t fold = fold_ascii ? 0x20 : 0;
            do {
                key[written++] = (char)(is_ascii_letter(byte) ? byte | fold : byte);
                byte = ++at < length ? text[at] : 0;
            } while (is_ascii_letter(byte) || is_ascii_digit(byte));
            after_letter = is_ascii_letter(text[at - 1]);
            continue;
        }
        if (byte < 0x80) {
            at++;
            if (is_ascii_space(byte)) {
                space_pending = written > 0;
                after_letter = false;
                continue;
            }
            /* "Jr." and "Jr", "U.S." and "US" are one spelling: the text scan ends a
             * word before its full stop, which the list keeps. */
            if (byte == '.' && after_letter)
                continue;
            if (space_pending)
                key[written++] = ' ';
            space_pending = false;
            after_letter = is_ascii_letter(byte);
            if (fold_ascii && byte >= 'A' && byte <= 'Z')
                byte = (uint8_t)(byte - 'A' + 'a');
            key[written++] = (char)byte;
            continue;
        }
        ucs4_t character;
        size_t size = (size_t)u8_mbtouc(&character, text + at, length - at);
        if (uc_is_property_white_space(character)) {
            space_pending = written > 0;
            after_letter = false;
        } else if (!is_invisible(character)) {
            if (space_pending)
                key[written++] = ' ';
            space_pending = false;
            after_letter = uc_is_alpha(character);
            if (is_apostrophe(character)) {
                key[written++] = '\'';
            } else {
                memcpy(key + written, text + at, size);
                written += size;
            }
        }
        at += size;
    }
    out->length = drop_possessive(key, written);
    key[out->length] = '\0';
}

bool fl_name_key(const char *text, size_t length, unsigned flags, fl_buffer *out)
{
    const uint8_t *bytes = (const uint8_t *)text;
    fl_buffer_clear(out);
    if (length == 0)
        return true;
    if (fl_utf8_is_ascii(text, length)) {
        write_key(bytes, length, (flags & FL_NAME_FOLD) != 0, out);
        return true;
    }
    if (u8_check(bytes, length))
        return false;

    bool strip = (flags & FL_NAME_STRIP_MARKS) != 0;
    uint8_t composed_stack[STACK_BYTES], folded_stack[STACK_BYTES], stripped_stack[STACK_BYTES];
    size_t composed_length = sizeof composed_stack;
    uint8_t *composed = unicode_result(
        u8_normalize(UNINORM_NFKC, bytes, length, composed_stack, &composed_length));
    uint8_t *result = composed;
    size_t result_length = composed_length;

    /* Diacritics can only be dropped from decomposed text, so when they go the text is
     * taken apart here and put together again below. */
    uint8_t *folded = NULL;
    size_t folded_length = sizeof folded_stack;
    uninorm_t form = strip ? UNINORM_NFKD : UNINORM_NFKC;
    if (flags & FL_NAME_FOLD)
        folded = unicode_result(
            u8_casefold(composed, composed_length, NULL, form, folded_stack, &folded_length));
    else if (strip)
        folded = unicode_result(
            u8_normalize(form, composed, composed_length, folded_stack, &folded_length));
    if (folded) {
        result = folded;
        result_length = folded_length;
    }

    uint8_t *stripped = NULL;
    if (strip) {
        result_length = drop_diacritics(result, result_length);
        if (result_length > 0) {
            size_t stripped_length = sizeof stripped_stack;
            stripped = unicode_result(u8_normalize(UNINORM_NFC, result, result_length,
                                                   stripped_stack, &stripped_length));
            result = stripped;
            result_length = stripped_length;
        }
    }

    write_key(result, result_length, false, out);
    if (stripped)
        release(stripped, stripped_stack);
    if (folded)
        release(folded, folded_stack);
    release(composed, composed_stack);
    return true;
}
