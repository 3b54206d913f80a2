#include "word_breaks.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <uniwbrk.h>

#include "utf8.h"

enum { PROPERTIES = WBP_WSS + 1 };

/* What lies between two ASCII bytes: a boundary (PAIR_BREAKS), and whether the
 * three-character rules may undo it (PAIR_MAY_JOIN_ACROSS: a mid-word sign, then a
 * letter or a number; see mid_letter()). */
enum { PAIR_BREAKS = 1, PAIR_MAY_JOIN_ACROSS = 2 };

/* What the rules below need, read from libunistring once: each ASCII character's
 * word-break property, and what lies between each pair of ASCII bytes, looked up by
 * the bytes themselves so that a byte of a line costs one load of the table. */
static unsigned char ascii_property[128];
static unsigned char byte_pairs[128][128];
static bool ascii_covered; /* every ASCII property is one the rules below cover */
static pthread_once_t rules_made = PTHREAD_ONCE_INIT;

static bool covered(int property)
{
    switch (property) {
    case WBP_OTHER:
    case WBP_CR:
    case WBP_LF:
    case WBP_NEWLINE:
    case WBP_ALETTER:
    case WBP_NUMERIC:
    case WBP_MIDLETTER:
    case WBP_MIDNUM:
    case WBP_MIDNUMLET:
    case WBP_SQ:
    case WBP_DQ:
    case WBP_EXTENDNUMLET:
    case WBP_WSS:
        return true;
    default:
        return false;
    }
}

static bool is_letter_or_number(int property)
{
    return property == WBP_ALETTER || property == WBP_NUMERIC;
}

/* The annex's rules between two characters that ASCII's properties can meet: CR LF
 * (WB3); horizontal white space (WB3d); letters and numbers (WB5, WB8 to WB10); the
 * underscore's ExtendNumLet (WB13a, WB13b). Everything else, newlines included, is a
 * boundary (WB3a, WB3b, WB999), unless the three-character rules undo it. */
static bool joins(int before, int after)
{
    if (before == WBP_CR && after == WBP_LF)
        return true;
    if (before == WBP_WSS && after == WBP_WSS)
        return true;
    if (is_letter_or_number(before) && is_letter_or_number(after))
        return true;
    if ((is_letter_or_number(before) || before == WBP_EXTENDNUMLET) &&
        after == WBP_EXTENDNUMLET)
        return true;
    return before == WBP_EXTENDNUMLET && is_letter_or_number(after);
}

/* A letter, a mid-word sign, a letter ("can't", "e.g"): no boundary on either side of
 * the sign (WB6, WB7). A number, a mid-number sign, a number ("3.14", "2,418"):
 * likewise (WB11, WB12). */
static bool mid_letter(int property)
{
    return property == WBP_MIDLETTER || property == WBP_MIDNUMLET || property == WBP_SQ;
}

static bool mid_number(int property)
{
    return property == WBP_MIDNUM || property == WBP_MIDNUMLET || property == WBP_SQ;
}

static void make_rules(void)
{
    for (int c = 0; c < 128; c++) {
        int property = uc_wordbreak_property((ucs4_t)c);
        if (property < 0 || property >= PROPERTIES || !covered(property))
            return;
        ascii_property[c] = (unsigned char)property;
    }
    for (int before = 0; before < 128; before++)
        for (int after = 0; after < 128; after++) {
            int last = ascii_property[before], property = ascii_property[after];
            if (joins(last, property))
                continue;
            bool across = (property == WBP_ALETTER && mid_letter(last)) ||
                          (property == WBP_NUMERIC && mid_number(last));
            byte_pairs[before][after] = PAIR_BREAKS | (across ? PAIR_MAY_JOIN_ACROSS : 0);
        }
    ascii_covered = true;
}

static void ascii_word_breaks(const unsigned char *text, size_t length, char *breaks)
{
    breaks[0] = 0;
    for (size_t i = 1; i < length; i++) {
        unsigned char pair = byte_pairs[text[i - 1]][text[i]];
        breaks[i] = (char)(pair & PAIR_BREAKS);
        /* "can't", "3.14": the sign joins when the same property stands either side. */
        if ((pair & PAIR_MAY_JOIN_ACROSS) && i >= 2 &&
            ascii_property[text[i - 2]] == ascii_property[text[i]]) {
            breaks[i - 1] = 0;
            breaks[i] = 0;
        }
    }
}

void fl_word_breaks(const char *text, size_t length, char *breaks)
{
    if (length == 0)
        return;
    pthread_once(&rules_made, make_rules);
    if (ascii_covered && fl_utf8_is_ascii(text, length))
        ascii_word_breaks((const unsigned char *)text, length, breaks);
    else
        u8_wordbreaks((const uint8_t *)text, length, breaks);
}
