#include "number.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

/* Eighteen digits always fit an int64_t coefficient. */
#define MAX_SIGNIFICANT_DIGITS 18
/* Leading zeros are not significant, but a numeral that long is no figure. */
#define MAX_DIGITS 64
/* Enough for any grouping of 18 significant digits, with room for leading zeros. */
#define MAX_GROUPS 32
/* How much of the input an error message quotes, in bytes. */
#define QUOTE_MAX 40

/* The text being read, [0, end) of `text`; positions are byte offsets. */
typedef struct reader {
    const char *text;
    size_t end;
} reader;

typedef enum read_status { READ_OK, READ_NONE, READ_FAILED } read_status;

/* The character at `pos`: its length in bytes, 0 at the end. Almost every figure is
 * plain ASCII, so only other bytes are decoded. */
static size_t char_at(const reader *r, size_t pos, ucs4_t *uc)
{
    if (pos >= r->end) {
        *uc = 0;
        return 0;
    }
    unsigned char byte = (unsigned char)r->text[pos];
    if (byte < 0x80) {
        *uc = byte;
        return 1;
    }
    return (size_t)u8_mbtouc(uc, (const uint8_t *)r->text + pos, r->end - pos);
}

static bool is_space(ucs4_t uc)
{
    return uc == ' ' || (uc >= '\t' && uc <= '\r') || uc == 0xA0 || uc == 0x1680 ||
           (uc >= 0x2000 && uc <= 0x200A) || uc == 0x2028 || uc == 0x2029 ||
           uc == 0x202F || uc == 0x205F || uc == 0x3000;
}

static size_t skip_spaces(const reader *r, size_t pos)
{
    /* Mostly one ASCII space, or none, before printable ASCII. */
    while (pos < r->end && r->text[pos] == ' ')
        pos++;
    if (pos < r->end && (unsigned char)r->text[pos] > ' ' && (unsigned char)r->text[pos] < 0x80)
        return pos;
    ucs4_t uc;
    size_t length;
    while ((length = char_at(r, pos, &uc)) > 0 && is_space(uc))
        pos += length;
    return pos;
}

/* The end of the run of non-space characters at `pos`: the word an error quotes. */
static size_t token_end(const reader *r, size_t pos)
{
    ucs4_t uc;
    size_t length;
    while ((length = char_at(r, pos, &uc)) > 0 && !is_space(uc))
        pos += length;
    return pos;
}

static bool is_ascii_letter(ucs4_t uc)
{
    return (uc | 0x20) >= 'a' && (uc | 0x20) <= 'z';
}

static int digit_value(ucs4_t uc)
{
    if (uc < 0x80)
        return uc >= '0' && uc <= '9' ? (int)(uc - '0') : -1;
    return uc_decimal_value(uc);
}

static bool is_letter(ucs4_t uc)
{
    return uc < 0x80 ? is_ascii_letter(uc) : uc_is_alpha(uc) && uc_decimal_value(uc) < 0;
}

/* A word ends only where no letter or digit of any script follows. */
static bool word_char_at(const reader *r, size_t pos)
{
    ucs4_t uc;
    return char_at(r, pos, &uc) > 0 && (is_letter(uc) || digit_value(uc) >= 0);
}

/* The decimal digit at `pos`, of any script: its length in bytes (0 when there is
 * none), its value, and the code point of its script's zero. */
static size_t digit_at(const reader *r, size_t pos, int *value, ucs4_t *zero)
{
    ucs4_t uc;
    size_t length = char_at(r, pos, &uc);
    int digit = length > 0 ? digit_value(uc) : -1;
    if (digit < 0)
        return 0;
    *value = digit;
    *zero = uc - (ucs4_t)digit;
    return length;
}

static bool is_decimal_point(ucs4_t uc)
{
    return uc == '.' || uc == 0x066B;
}

/* Digit group separators; the spaces count as one kind, since a pasted figure often
 * mixes U+0020 with U+00A0. Returns 0 for anything else. */
static ucs4_t separator_kind(ucs4_t uc)
{
    if (uc == ',' || uc == 0x066C)
        return uc;
    if (uc == ' ' || uc == 0xA0 || uc == 0x202F || uc == 0x2009)
        return ' ';
    return 0;
}

/* Matches `phrase` at `pos`: ASCII letters case-insensitively, a space in `phrase` as
 * any run of white space, other bytes exactly. A phrase ending in a letter must end a
 * word ("over" does not match "overall"). Returns the end of the match, or 0. */
static size_t match_phrase(const reader *r, size_t pos, const char *phrase)
{
    for (const char *c = phrase; *c; c++) {
        if (*c == ' ') {
            size_t after = skip_spaces(r, pos);
            if (after == pos)
                return 0;
            pos = after;
            continue;
        }
        if (pos >= r->end)
            return 0;
        unsigned char byte = (unsigned char)r->text[pos];
        unsigned char want = (unsigned char)*c;
        if (is_ascii_letter(byte) ? (byte | 0x20) != want : byte != want)
            return 0;
        pos++;
    }
    if (is_ascii_letter((unsigned char)phrase[strlen(phrase) - 1]) && word_char_at(r, pos))
        return 0;
    return pos;
}

/* The byte at `pos` as the phrase tables spell it (ASCII letters in lower case), 0 at
 * the end: checked before trying a whole table, since reading runs once per table row. */
static unsigned char first_byte(const reader *r, size_t pos)
{
    if (pos >= r->end)
        return 0;
    unsigned char byte = (unsigned char)r->text[pos];
    return is_ascii_letter(byte) ? byte | 0x20 : byte;
}

/* Whether `phrase` may start where the bytes are `first` and `second` (as
 * first_byte() gives them): checked before match_phrase(), which a table of phrases
 * would otherwise call for every row that shares the first byte. */
static bool starts_like(unsigned char first, unsigned char second, const char *phrase)
{
    unsigned char next = (unsigned char)phrase[1];
    return (unsigned char)phrase[0] == first && (next == '\0' || next == ' ' || next == second);
}

/* --- Messages ------------------------------------------------------------------- */

typedef struct quoted {
    char text[QUOTE_MAX + 8];
} quoted;

/* text[start, stop) for a message, which must stay valid UTF-8 and on one line: cut
 * on a character boundary, control characters shown as spaces, invalid bytes as "?". */
static quoted quote(const reader *r, size_t start, size_t stop)
{
    quoted q;
    size_t length = 0;
    for (size_t pos = start; pos < stop;) {
        ucs4_t uc;
        int decoded = u8_mbtoucr(&uc, (const uint8_t *)r->text + pos, stop - pos);
        size_t size = decoded > 0 ? (size_t)decoded : 1;
        if (length + size > QUOTE_MAX) {
            memcpy(q.text + length, "\u2026", sizeof "\u2026");
            return q;
        }
        if (decoded <= 0) {
            q.text[length++] = '?';
        } else if (uc < 0x20 || uc == 0x7F) {
            q.text[length++] = ' ';
        } else {
            memcpy(q.text + length, r->text + pos, size);
            length += size;
        }
        pos += size;
    }
    q.text[length] = '\0';
    return q;
}

static bool fail(fl_number_error *error, size_t offset, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(fl_number_error *error, size_t offset, const char *format, ...)
{
    if (!error)
        return false;
    error->offset = offset;
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
    return false;
}

/* --- Word lists ----------------------------------------------------------------- */

static const struct {
    const char *phrase;
    fl_qualifier qualifier;
} qualifier_phrases[] = {
    {"about", FL_QUALIFIER_ABOUT},
    {"around", FL_QUALIFIER_ABOUT},
    {"roughly", FL_QUALIFIER_ABOUT},
    {"approximately", FL_QUALIFIER_ABOUT},
    {"approx.", FL_QUALIFIER_ABOUT},
    {"approx", FL_QUALIFIER_ABOUT},
    {"an estimated", FL_QUALIFIER_ABOUT},
    {"estimated", FL_QUALIFIER_ABOUT},
    {"some", FL_QUALIFIER_ABOUT},
    {"close to", FL_QUALIFIER_ABOUT},
    {"circa", FL_QUALIFIER_ABOUT},
    {"~", FL_QUALIFIER_ABOUT},
    {"nearly", FL_QUALIFIER_NEARLY},
    {"almost", FL_QUALIFIER_NEARLY},
    {"more than", FL_QUALIFIER_MORE_THAN},
    {"over", FL_QUALIFIER_MORE_THAN},
    {"upwards of", FL_QUALIFIER_MORE_THAN},
    {">", FL_QUALIFIER_MORE_THAN},
    {"at least", FL_QUALIFIER_AT_LEAST},
    {"no fewer than", FL_QUALIFIER_AT_LEAST},
    {"no less than", FL_QUALIFIER_AT_LEAST},
    {"\u2265", FL_QUALIFIER_AT_LEAST},
    {">=", FL_QUALIFIER_AT_LEAST},
    {"fewer than", FL_QUALIFIER_LESS_THAN},
    {"less than", FL_QUALIFIER_LESS_THAN},
    {"under", FL_QUALIFIER_LESS_THAN},
    {"<", FL_QUALIFIER_LESS_THAN},
    {"up to", FL_QUALIFIER_AT_MOST},
    {"as many as", FL_QUALIFIER_AT_MOST},
    {"at most", FL_QUALIFIER_AT_MOST},
    {"no more than", FL_QUALIFIER_AT_MOST},
    {"\u2264", FL_QUALIFIER_AT_MOST},
    {"<=", FL_QUALIFIER_AT_MOST},
};

enum { QUALIFIER_PHRASES = sizeof qualifier_phrases / sizeof qualifier_phrases[0] };

static const struct {
    const char *word;
    int exponent;
} scale_words[] = {
    {"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12},
    {"k", 3}, {"m", 6}, {"mn", 6}, {"bn", 9}, {"tn", 12},
    {"lakh", 5}, {"lakhs", 5}, {"crore", 7}, {"crores", 7},
};

enum { SCALE_WORDS = sizeof scale_words / sizeof scale_words[0] };

/* For each byte, as first_byte() gives it, the qualifier phrases and the scale words
 * that begin with it, one bit each in table order: a lookup tries those alone, and
 * none at all for a digit or for most words ("people", "Japanese"). */
typedef uint64_t phrase_set;
_Static_assert(QUALIFIER_PHRASES <= 64 && SCALE_WORDS <= 64, "a phrase_set holds 64 phrases");
static phrase_set qualifiers_by_initial[256], scales_by_initial[256];

/* The phrase sets and the number words' initials (below), learnt together once. */
static pthread_once_t initials_learnt = PTHREAD_ONCE_INIT;
static void learn_initials(void);

static void find_phrase_initials(void)
{
    for (size_t i = 0; i < QUALIFIER_PHRASES; i++)
        qualifiers_by_initial[(unsigned char)qualifier_phrases[i].phrase[0]] |= 1ull << i;
    for (size_t i = 0; i < SCALE_WORDS; i++)
        scales_by_initial[(unsigned char)scale_words[i].word[0]] |= 1ull << i;
}

/* The phrases `by_initial` holds for a text whose first byte is `first`. */
static phrase_set phrases_starting(const phrase_set *by_initial, unsigned char first)
{
    pthread_once(&initials_learnt, learn_initials);
    return by_initial[first];
}

/* The longest qualifier at `pos` (">=" over ">"): its end, or 0. */
static size_t match_qualifier(const reader *r, size_t pos, fl_qualifier *qualifier)
{
    size_t best = 0;
    unsigned char first = first_byte(r, pos), second = first_byte(r, pos + 1);
    for (phrase_set set = phrases_starting(qualifiers_by_initial, first); set;
         set &= set - 1) {
        size_t i = (size_t)__builtin_ctzll(set);
        if (!starts_like(first, second, qualifier_phrases[i].phrase))
            continue;
        size_t end = match_phrase(r, pos, qualifier_phrases[i].phrase);
        if (end > best) {
            best = end;
            *qualifier = qualifier_phrases[i].qualifier;
        }
    }
    return best;
}

/* A scale word at `pos` ("million", "m", "crore"): its end, or 0. Each must end a
 * word, so at most one matches. */
static size_t match_scale(const reader *r, size_t pos, int *exponent)
{
    unsigned char first = first_byte(r, pos);
    phrase_set set = phrases_starting(scales_by_initial, first);
    if (!set)
        return 0;
    unsigned char second = first_byte(r, pos + 1);
    for (; set; set &= set - 1) {
        size_t i = (size_t)__builtin_ctzll(set);
        if (!starts_like(first, second, scale_words[i].word))
            continue;
        size_t end = match_phrase(r, pos, scale_words[i].word);
        if (end) {
            *exponent = scale_words[i].exponent;
            return end;
        }
    }
    return 0;
}

static size_t match_percent(const reader *r, size_t pos)
{
    unsigned char first = first_byte(r, pos);
    if (first == '%')
        return pos + 1;
    if (first != 'p')
        return 0;
    size_t end = match_phrase(r, pos, "percent");
    return end ? end : match_phrase(r, pos, "per cent");
}

/* "-", en dash, em dash or "to" between the two ends of a range. */
static size_t match_range_separator(const reader *r, size_t pos)
{
    static const char *const separators[] = {"-", "\u2013", "\u2014", "to"};
    unsigned char first = first_byte(r, pos);
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        if ((unsigned char)separators[i][0] != first)
            continue;
        size_t end = match_phrase(r, pos, separators[i]);
        if (end)
            return end;
    }
    return 0;
}

static int64_t power_of_ten(int exponent)
{
    int64_t power = 1;
    while (exponent-- > 0)
        power *= 10;
    return power;
}

/* coefficient * 10^exponent, built without fl_value_decimal's 128-bit arithmetic
 * whenever the result fits 64 bits. */
static fl_value decimal_value(int64_t coefficient, int exponent)
{
    if (exponent >= 0 && exponent <= 18) {
        int64_t power = power_of_ten(exponent);
        if (coefficient <= INT64_MAX / power && coefficient >= -(INT64_MAX / power))
            return fl_value_int(coefficient * power);
    } else if (exponent < 0 && exponent >= -18) {
        int64_t den = power_of_ten(-exponent);
        int64_t a = coefficient < 0 ? -coefficient : coefficient, b = den;
        while (b) {
            int64_t rest = a % b;
            a = b;
            b = rest;
        }
        return (fl_value){.num = coefficient / a, .den = den / a, .real = 0, .exact = true};
    }
    return fl_value_decimal(coefficient, exponent);
}

/* Half the place value of the last non-zero digit of coefficient * 10^place; 0.5 for
 * zero. */
static fl_value approx_step(int64_t coefficient, int place)
{
    if (coefficient == 0)
        return decimal_value(5, -1);
    while (coefficient % 10 == 0) {
        coefficient /= 10;
        place++;
    }
    return decimal_value(5, place - 1);
}

/* --- Numbers in words ----------------------------------------------------------- */

typedef enum word_kind {
    WORD_NONE,
    WORD_ZERO,
    WORD_UNIT,    /* one .. nine */
    WORD_TEEN,    /* ten .. nineteen */
    WORD_TENS,    /* twenty .. ninety */
    WORD_HUNDRED,
    WORD_SCALE,   /* thousand, lakh, million ...: value is the power of ten */
    WORD_A,       /* "a hundred", "a million" */
    WORD_AND,     /* "two hundred and five" */
} word_kind;

/* WORD() keeps each word's length with it, so that a word is turned away without
 * measuring the candidates. */
#define WORD(text, kind, value) {text, sizeof text - 1, kind, value}
static const struct {
    const char *word;
    size_t length;
    word_kind kind;
    int value;
} number_words[] = {
    WORD("zero", WORD_ZERO, 0), WORD("one", WORD_UNIT, 1), WORD("two", WORD_UNIT, 2),
    WORD("three", WORD_UNIT, 3), WORD("four", WORD_UNIT, 4), WORD("five", WORD_UNIT, 5),
    WORD("six", WORD_UNIT, 6), WORD("seven", WORD_UNIT, 7), WORD("eight", WORD_UNIT, 8),
    WORD("nine", WORD_UNIT, 9), WORD("ten", WORD_TEEN, 10), WORD("eleven", WORD_TEEN, 11),
    WORD("twelve", WORD_TEEN, 12), WORD("thirteen", WORD_TEEN, 13),
    WORD("fourteen", WORD_TEEN, 14), WORD("fifteen", WORD_TEEN, 15),
    WORD("sixteen", WORD_TEEN, 16), WORD("seventeen", WORD_TEEN, 17),
    WORD("eighteen", WORD_TEEN, 18), WORD("nineteen", WORD_TEEN, 19),
    WORD("twenty", WORD_TENS, 20), WORD("thirty", WORD_TENS, 30), WORD("forty", WORD_TENS, 40),
    WORD("fifty", WORD_TENS, 50), WORD("sixty", WORD_TENS, 60), WORD("seventy", WORD_TENS, 70),
    WORD("eighty", WORD_TENS, 80), WORD("ninety", WORD_TENS, 90),
    WORD("hundred", WORD_HUNDRED, 2), WORD("thousand", WORD_SCALE, 3),
    WORD("lakh", WORD_SCALE, 5), WORD("lakhs", WORD_SCALE, 5), WORD("million", WORD_SCALE, 6),
    WORD("crore", WORD_SCALE, 7), WORD("crores", WORD_SCALE, 7),
    WORD("billion", WORD_SCALE, 9), WORD("trillion", WORD_SCALE, 12), WORD("a", WORD_A, 1),
    WORD("and", WORD_AND, 0),
};
#undef WORD

typedef struct number_word {
    word_kind kind;
    int value;
    size_t end;
} number_word;

/* The initials of the number words of each length, as bits of letter - 'a', so that
 * most words are turned away without a walk of the table; the last entry holds every
 * word of its length or longer. */
enum { INITIALS_LENGTHS = 16 };
static uint32_t number_word_initials[INITIALS_LENGTHS];

static size_t initials_index(size_t length)
{
    return length < INITIALS_LENGTHS ? length : INITIALS_LENGTHS - 1;
}

static void find_number_word_initials(void)
{
    for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
        number_word_initials[initials_index(number_words[i].length)] |=
            1u << (number_words[i].word[0] - 'a');
}

static void learn_initials(void)
{
    find_phrase_initials();
    find_number_word_initials();
}

/* The number word that the ASCII word at `pos` is, if it is one. */
static bool word_at(const reader *r, size_t pos, number_word *word)
{
    size_t end = pos;
    while (end < r->end && is_ascii_letter((unsigned char)r->text[end]))
        end++;
    if (end == pos || word_char_at(r, end))
        return false;
    unsigned char first = (unsigned char)r->text[pos] | 0x20;
    pthread_once(&initials_learnt, learn_initials);
    if (!(number_word_initials[initials_index(end - pos)] & (1u << (first - 'a'))))
        return false;
    for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++) {
        const char *candidate = number_words[i].word;
        if (number_words[i].length != end - pos || (unsigned char)candidate[0] != first)
            continue;
        size_t j = 0;
        while (j < end - pos && ((unsigned char)r->text[pos + j] | 0x20) == candidate[j])
            j++;
        if (j == end - pos) {
            *word = (number_word){number_words[i].kind, number_words[i].value, end};
            return true;
        }
    }
    return false;
}

/* The number word after one of kind `previous` ending at `pos`: past white space, or
 * past the hyphen that joins tens and units ("seventy-three"). */
static bool following_word(const reader *r, size_t pos, word_kind previous, number_word *next)
{
    if (pos < r->end && r->text[pos] == '-')
        return previous == WORD_TENS && word_at(r, pos + 1, next) && next->kind == WORD_UNIT;
    size_t start = skip_spaces(r, pos);
    return start > pos && word_at(r, start, next);
}

typedef struct words_state {
    int64_t total;    /* the groups already closed by a scale word */
    int64_t hundreds; /* the open group's hundreds */
    int64_t part;     /* the open group's tens and units */
    bool has_hundred, has_tens, has_units, allow_and;
    int last_scale;    /* scale words must shrink: "two million three thousand" */
    int largest_scale; /* the first scale word's power of ten, 0 without */
    word_kind previous;
} words_state;

/* Takes one more word into `s` when English allows it there. */
static bool accept_word(words_state *s, number_word word)
{
    if (s->previous == WORD_ZERO)
        return false;
    switch (word.kind) {
    case WORD_ZERO:
        if (s->previous != WORD_NONE)
            return false;
        break;
    case WORD_A:
        if (s->previous != WORD_NONE)
            return false;
        s->part = 1;
        s->has_units = true;
        break;
    case WORD_UNIT:
        if (s->has_units)
            return false;
        s->part += word.value;
        s->has_units = true;
        break;
    case WORD_TEEN:
        if (s->has_tens || s->has_units)
            return false;
        s->part += word.value;
        s->has_tens = s->has_units = true;
        break;
    case WORD_TENS:
        if (s->has_tens || s->has_units)
            return false;
        s->part += word.value;
        s->has_tens = true;
        break;
    case WORD_HUNDRED:
        /* "fifteen hundred" is as common as "one thousand five hundred". */
        if (s->has_hundred || s->part == 0)
            return false;
        s->hundreds = s->part * 100;
        s->part = 0;
        s->has_hundred = true;
        s->has_tens = s->has_units = false;
        break;
    case WORD_SCALE: {
        int64_t group = s->hundreds + s->part;
        if (group == 0 || word.value >= s->last_scale)
            return false;
        s->total += group * power_of_ten(word.value);
        s->hundreds = s->part = 0;
        s->has_hundred = s->has_tens = s->has_units = false;
        if (s->largest_scale == 0)
            s->largest_scale = word.value;
        s->last_scale = word.value;
        break;
    }
    case WORD_AND:
        if (!s->allow_and || (s->previous != WORD_HUNDRED && s->previous != WORD_SCALE))
            return false;
        break;
    case WORD_NONE:
        return false;
    }
    s->previous = word.kind;
    return true;
}

typedef struct words {
    int64_t value;
    int largest_scale;
    bool ends_in_scale;
    size_t end;
} words;

/* number-words -> "zero" | group { scale-word ["and"] group } [scale-word]
 * group        -> ["a"] [tens-units "hundred" ["and"]] [tens ["-"] unit | teen | unit]
 * Reads as many words as make one number; "and" only inside one when `allow_and`
 * (not in "between two hundred and three hundred"). */
static bool read_words(const reader *r, size_t pos, bool allow_and, words *out)
{
    number_word word;
    if (!word_at(r, pos, &word))
        return false;
    words_state state = {.allow_and = allow_and, .last_scale = 13, .previous = WORD_NONE};
    size_t end = pos;
    for (;;) {
        words_state next = state;
        if (!accept_word(&next, word))
            break;
        /* "a" and "and" are numbers only when the right word follows. */
        if (word.kind == WORD_A || word.kind == WORD_AND) {
            number_word after;
            words_state probe = next;
            if (!following_word(r, word.end, word.kind, &after) || !accept_word(&probe, after))
                break;
            if (word.kind == WORD_A && after.kind != WORD_HUNDRED && after.kind != WORD_SCALE)
                break;
            if (word.kind == WORD_AND && after.kind != WORD_UNIT && after.kind != WORD_TEEN &&
                after.kind != WORD_TENS)
                break;
        }
        state = next;
        end = word.end;
        if (!following_word(r, word.end, word.kind, &word))
            break;
    }
    if (state.previous == WORD_NONE)
        return false;
    *out = (words){
        .value = state.total + state.hundreds + state.part,
        .largest_scale = state.largest_scale,
        .ends_in_scale = state.previous == WORD_SCALE,
        .end = end,
    };
    return true;
}

/* --- Numerals ------------------------------------------------------------------- */

typedef struct numeral {
    size_t end;
    int64_t coefficient; /* the digits shown, without separators or point */
    int exponent;        /* minus the number of decimals */
    /* "1.200": one to three digits, a point and three more, which reads as 1.2 in
     * English and as 1,200 where a point groups thousands. */
    bool point_or_thousands;
} numeral;

/* Do groups [0, last] make a well-grouped integer? Western: 1-3 digits, then threes;
 * Indian: 1-2 digits, then twos, then a last three. */
static bool grouped_well(const int *sizes, int last)
{
    if (last == 0)
        return true;
    if (sizes[last] != 3)
        return false;
    bool western = sizes[0] <= 3, indian = sizes[0] <= 2;
    for (int i = 1; i < last; i++) {
        western = western && sizes[i] == 3;
        indian = indian && sizes[i] == 2;
    }
    return western || indian;
}

/* Says which group of a badly grouped integer is wrong, and why. */
static bool grouping_error(const quoted *written, ucs4_t separator, const size_t *starts,
                           const int *sizes, int count, fl_number_error *error)
{
    const char *text = written->text;
    int last = count - 1;
    if (count == 2 && separator == ',' && sizes[1] < 3)
        return fail(error, starts[1],
                    "badly grouped \"%s\": a comma before %d digit%s reads as a decimal "
                    "comma; write the decimal with a point", text, sizes[1],
                    sizes[1] == 1 ? "" : "s");
    if (sizes[last] != 3)
        return fail(error, starts[last],
                    "badly grouped \"%s\": the last group of digits must have 3, not %d", text,
                    sizes[last]);
    if (sizes[1] == 2 && count > 2) {
        for (int i = 2; i < last; i++)
            if (sizes[i] != 2)
                return fail(error, starts[i],
                            "badly grouped \"%s\": Indian grouping needs 2 digits in each "
                            "middle group, not %d", text, sizes[i]);
        return fail(error, starts[0],
                    "badly grouped \"%s\": Indian grouping needs 1 or 2 digits in the first "
                    "group, not %d", text, sizes[0]);
    }
    for (int i = 1; i < last; i++)
        if (sizes[i] != 3)
            return fail(error, starts[i],
                        "badly grouped \"%s\": groups after the first must have 3 digits, "
                        "not %d", text, sizes[i]);
    return fail(error, starts[0],
                "badly grouped \"%s\": the first group of digits must have 1 to 3, not %d", text,
                sizes[0]);
}

/* The extent an error about the numeral at `pos` quotes: its digits, separators and
 * points, whatever they are. */
static size_t numeral_extent(const reader *r, size_t pos)
{
    ucs4_t uc;
    size_t length;
    while ((length = char_at(r, pos, &uc)) > 0 &&
           (digit_value(uc) >= 0 || is_decimal_point(uc) || (separator_kind(uc) && uc != ' ')))
        pos += length;
    return pos;
}

/* Reads a run of digits of the script whose zero is `zero`; returns its end. A digit
 * of another script is an error when `error` is given, else the end of the run. */
static bool read_run(const reader *r, size_t *pos, ucs4_t zero, size_t numeral_start,
                     int *count, fl_number_error *error)
{
    int value;
    ucs4_t script;
    size_t length;
    *count = 0;
    while ((length = digit_at(r, *pos, &value, &script)) > 0) {
        if (script != zero) {
            if (!error)
                break;
            return fail(error, *pos, "\"%s\" mixes digits of different scripts",
                        quote(r, numeral_start, numeral_extent(r, numeral_start)).text);
        }
        *pos += length;
        (*count)++;
    }
    return true;
}

typedef struct digit_count {
    int64_t coefficient;
    int significant, digits;
} digit_count;

static void count_digits(const reader *r, size_t pos, size_t stop, digit_count *count)
{
    int value;
    ucs4_t zero, separator;
    while (pos < stop) {
        size_t length = digit_at(r, pos, &value, &zero);
        if (length == 0) {
            pos += char_at(r, pos, &separator);
            continue;
        }
        pos += length;
        count->digits++;
        if (count->coefficient == 0 && value == 0)
            continue;
        if (++count->significant <= MAX_SIGNIFICANT_DIGITS)
            count->coefficient = count->coefficient * 10 + value;
    }
}

static bool is_ascii_digit(unsigned char byte)
{
    return byte >= '0' && byte <= '9';
}

/* The numeral at `pos` when it is ASCII digits alone, neither grouped nor with a
 * decimal part ("429", not "2,418" or "1.5"): read as read_numeral() would, without
 * its grouping and script checks, since most numerals in figures and quotes are such
 * runs. false, with nothing done, for any other numeral. */
static bool read_plain_digits(const reader *r, size_t pos, numeral *out)
{
    size_t end = pos;
    while (end < r->end && is_ascii_digit((unsigned char)r->text[end]))
        end++;
    if (end == pos || end - pos > MAX_SIGNIFICANT_DIGITS)
        return false;
    if (end < r->end) {
        unsigned char next = (unsigned char)r->text[end];
        /* A separator or point may go on with ASCII digits; any other byte above
         * ASCII may be a separator, point or digit of its own. */
        if (next >= 0x80)
            return false;
        if ((separator_kind(next) || is_decimal_point(next)) && end + 1 < r->end &&
            is_ascii_digit((unsigned char)r->text[end + 1]))
            return false;
    }
    int64_t coefficient = 0;
    for (size_t i = pos; i < end; i++)
        coefficient = coefficient * 10 + (r->text[i] - '0');
    *out = (numeral){.end = end, .coefficient = coefficient, .exponent = 0,
                     .point_or_thousands = false};
    return true;
}

/* numeral -> digits { separator digits } [point digits] | point digits
 * Strict when `error` is given. Otherwise, for quotes, it takes the longest
 * well-grouped prefix ("2024 1,500" is 2024, then 1,500) and returns READ_FAILED
 * with `out->end` set past a numeral too long to be a figure. */
static read_status read_numeral(const reader *r, size_t pos, numeral *out,
                                fl_number_error *error)
{
    if (read_plain_digits(r, pos, out))
        return READ_OK;
    size_t starts[MAX_GROUPS], ends[MAX_GROUPS];
    int sizes[MAX_GROUPS];
    int count = 0, value;
    ucs4_t zero = 0, separator = 0, uc;
    size_t p = pos;
    if (digit_at(r, p, &value, &zero)) {
        for (;;) {
            starts[count] = p;
            if (!read_run(r, &p, zero, pos, &sizes[count], error))
                return READ_FAILED;
            ends[count++] = p;
            size_t length = char_at(r, p, &uc);
            ucs4_t kind = separator_kind(uc), next_zero;
            if (!kind || count == MAX_GROUPS || !digit_at(r, p + length, &value, &next_zero) ||
                next_zero != zero)
                break;
            if (separator && kind != separator) {
                if (!error)
                    break;
                fail(error, p, "\"%s\" mixes two kinds of digit group separator",
                     quote(r, pos, numeral_extent(r, p + length)).text);
                return READ_FAILED;
            }
            separator = kind;
            p += length;
        }
    }
    int taken = count;
    if (count > 1 && !grouped_well(sizes, count - 1)) {
        if (error) {
            quoted written = quote(r, pos, ends[count - 1]);
            grouping_error(&written, separator, starts, sizes, count, error);
            return READ_FAILED;
        }
        while (!grouped_well(sizes, taken - 1))
            taken--;
    }
    size_t integer_end = taken > 0 ? ends[taken - 1] : pos;
    size_t decimals_start = integer_end, decimals_end = integer_end;
    int decimals = 0;
    size_t point = char_at(r, integer_end, &uc);
    ucs4_t script;
    if (taken == count && point > 0 && is_decimal_point(uc) &&
        digit_at(r, integer_end + point, &value, &script) && (count == 0 || script == zero)) {
        decimals_start = decimals_end = integer_end + point;
        if (!read_run(r, &decimals_end, script, pos, &decimals, error))
            return READ_FAILED;
    }
    if (count == 0 && decimals == 0)
        return READ_NONE;
    if (error && decimals == 3 && count == 1 && is_decimal_point(uc)) {
        size_t after = decimals_end + char_at(r, decimals_end, &uc);
        ucs4_t next_zero;
        if (is_decimal_point(uc) && digit_at(r, after, &value, &next_zero)) {
            fail(error, pos, "\"%s\" groups digits with points; write it with commas "
                 "(1,200,000) or none", quote(r, pos, numeral_extent(r, pos)).text);
            return READ_FAILED;
        }
    }

    digit_count digits = {0, 0, 0};
    count_digits(r, pos, integer_end, &digits);
    count_digits(r, decimals_start, decimals_end, &digits);
    out->end = decimals_end;
    if (digits.significant > MAX_SIGNIFICANT_DIGITS || digits.digits > MAX_DIGITS) {
        if (digits.significant > MAX_SIGNIFICANT_DIGITS)
            fail(error, pos, "\"%s\" has more than %d significant digits",
                 quote(r, pos, decimals_end).text, MAX_SIGNIFICANT_DIGITS);
        else
            fail(error, pos, "\"%s\" has too many digits", quote(r, pos, decimals_end).text);
        return READ_FAILED;
    }
    out->coefficient = digits.coefficient;
    out->exponent = -decimals;
    digit_at(r, pos, &value, &script);
    out->point_or_thousands = count == 1 && decimals == 3 && sizes[0] <= 3 && value != 0;
    return READ_OK;
}

/* --- Terms: one end of a figure --------------------------------------------------- */

typedef struct term {
    size_t start, end;
    int64_t coefficient; /* value = ±coefficient * 10^(exponent + scale) */
    int exponent;        /* place value of the last digit shown */
    int scale;           /* the scale word's power of ten, 0 without */
    bool has_scale;      /* rounded: a scale word, or words ending in one */
    bool percent;
    bool negative;
    fl_unit currency;    /* none unless a symbol, code or word gave one */
} term;

static fl_value term_value(const term *t)
{
    return decimal_value(t->negative ? -t->coefficient : t->coefficient,
                         t->exponent + t->scale);
}

/* Words read like their numeral form: "twenty million" like "20 million", "one million
 * two hundred thousand" like "1.2 million"; words that end below a thousand are exact. */
static void term_from_words(term *t, const words *w)
{
    t->coefficient = w->value;
    t->exponent = 0;
    t->scale = 0;
    t->has_scale = w->ends_in_scale;
    if (!w->ends_in_scale)
        return;
    t->scale = w->largest_scale;
    int64_t unit = power_of_ten(w->largest_scale);
    if (w->value % unit == 0) {
        t->coefficient = w->value / unit;
        return;
    }
    int zeros = 0;
    while (t->coefficient % 10 == 0) {
        t->coefficient /= 10;
        zeros++;
    }
    t->exponent = zeros - w->largest_scale;
}

/* A currency after the number at `pos` ("dollars", "USD", "€"): where it ends, or 0.
 * One written before the number too must be the same currency. */
static size_t read_currency_suffix(const reader *r, size_t pos, term *t, fl_number_error *error)
{
    fl_unit suffix;
    size_t start = skip_spaces(r, pos);
    size_t length = fl_currency_suffix(r->text + start, r->end - start, &suffix);
    if (!length)
        return 0;
    if (!fl_unit_is_none(t->currency) && !fl_unit_same(t->currency, suffix)) {
        fail(error, start, "\"%s\" names two currencies, %s and %s",
             quote(r, t->start, start + length).text, t->currency.name, suffix.name);
        return SIZE_MAX;
    }
    t->currency = suffix;
    return start + length;
}

/* NaN or an infinity at `pos`, as spreadsheets and programs write them: says so. */
static bool not_a_figure(const reader *r, size_t pos, fl_number_error *error)
{
    static const char *const spellings[] = {"nan", "inf", "infinity", "-inf", "-infinity",
                                        "+inf", "+infinity", "\u221e", "-\u221e"};
    size_t end = token_end(r, pos);
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++)
        if (match_phrase(r, pos, spellings[i]) == end && end > pos) {
            fail(error, pos, "\"%s\" is no figure an article can give", quote(r, pos, end).text);
            return true;
        }
    return false;
}

/* term -> [sign] [currency] numeral [scale-word] [currency | percent]
 *       | [currency] number-words [currency | percent] */
static read_status read_term(const reader *r, size_t pos, bool allow_and, term *out,
                             fl_number_error *error)
{
    *out = (term){.start = pos};
    ucs4_t uc;
    size_t sign = char_at(r, pos, &uc), p = pos;
    if (uc == '-' || uc == '+' || uc == 0x2212) {
        out->negative = uc != '+';
        p += sign;
    }
    size_t currency = fl_currency_prefix(r->text + p, r->end - p, &out->currency);
    if (currency)
        p = skip_spaces(r, p + currency);
    numeral digits = {0};
    read_status status = read_numeral(r, p, &digits, error);
    if (status == READ_FAILED)
        return READ_FAILED;
    if (status == READ_OK) {
        out->coefficient = digits.coefficient;
        out->exponent = digits.exponent;
        out->end = digits.end;
        int exponent;
        size_t scale_end = match_scale(r, skip_spaces(r, digits.end), &exponent);
        if (scale_end) {
            out->has_scale = true;
            out->scale = exponent;
            out->end = scale_end;
        }
    } else if (p > pos) {
        if (!not_a_figure(r, pos, error))
            fail(error, p, "expected digits after \"%s\"", quote(r, pos, p).text);
        return READ_FAILED;
    } else {
        words w;
        if (!read_words(r, p, allow_and, &w))
            return READ_NONE;
        term_from_words(out, &w);
        out->end = w.end;
    }
    size_t currency_end = read_currency_suffix(r, out->end, out, error);
    if (currency_end == SIZE_MAX)
        return READ_FAILED;
    if (currency_end)
        out->end = currency_end;
    size_t percent_start = skip_spaces(r, out->end);
    size_t percent_end = match_percent(r, percent_start);
    if (percent_end && !fl_unit_is_none(out->currency)) {
        fail(error, percent_start, "\"%s\" puts both a currency and a percent on a number",
             quote(r, pos, percent_end).text);
        return READ_FAILED;
    }
    if (percent_end) {
        if (out->has_scale) {
            fail(error, percent_start, "\"%s\" puts both a scale word and a percent on a number",
                 quote(r, pos, percent_end).text);
            return READ_FAILED;
        }
        out->percent = true;
        out->end = percent_end;
    }
    if (status == READ_OK && digits.point_or_thousands && !out->has_scale && !out->percent) {
        quoted written = quote(r, p, digits.end), decimal = written, thousands = written;
        size_t length = strlen(decimal.text);
        while (length > 0 && (decimal.text[length - 1] == '0' || decimal.text[length - 1] == '.'))
            if (decimal.text[--length] == '.')
                break;
        decimal.text[length] = '\0';
        char *point = strchr(thousands.text, '.');
        if (point)
            *point = ',';
        fail(error, p, "\"%s\" is ambiguous: a decimal, or thousands grouped with a point; "
             "write %s or %s, as meant", written.text, decimal.text, thousands.text);
        return READ_FAILED;
    }
    return READ_OK;
}

/* Reads one end of the figure at `pos`; what came before, [before, after), names the
 * place in a message when there is no number. */
static bool read_end(const reader *r, size_t pos, bool allow_and, size_t before, size_t after,
                     term *out, fl_number_error *error)
{
    read_status status = read_term(r, pos, allow_and, out, error);
    if (status != READ_NONE)
        return status == READ_OK;
    if (pos == r->end)
        return fail(error, pos, "expected a number after \"%s\"", quote(r, before, after).text);
    if (not_a_figure(r, pos, error))
        return false;
    quoted found = quote(r, pos, token_end(r, pos));
    if (before == after)
        return fail(error, pos, "expected a number, found \"%s\"", found.text);
    return fail(error, pos, "expected a number after \"%s\", found \"%s\"",
                quote(r, before, after).text, found.text);
}

/* A range's high end lends its scale word and percent to a low end without one:
 * "2-3 million", "10-12%". The scale is not lent when that would make the range run
 * downwards while the low end as written fits: "between 500 and 2 million". */
static bool join_range(const reader *r, term *low, const term *high, fl_number_error *error)
{
    quoted written = quote(r, low->start, high->end);
    if (low->percent && !high->percent)
        return fail(error, high->start, "the range \"%s\" has a percent on its low end only",
                    written.text);
    if (high->percent && low->has_scale)
        return fail(error, low->start, "the range \"%s\" mixes a scale word and a percent",
                    written.text);
    if (!fl_unit_is_none(low->currency) && !fl_unit_is_none(high->currency) &&
        !fl_unit_same(low->currency, high->currency))
        return fail(error, high->start, "the range \"%s\" runs from %s to %s", written.text,
                    low->currency.name, high->currency.name);
    if ((!fl_unit_is_none(low->currency) || !fl_unit_is_none(high->currency)) &&
        (low->percent || high->percent))
        return fail(error, low->start, "the range \"%s\" mixes a currency and a percent",
                    written.text);
    low->percent = high->percent;
    fl_value top = term_value(high);
    if (!low->has_scale && high->has_scale) {
        term lent = *low;
        lent.has_scale = true;
        lent.scale = high->scale;
        if (fl_value_cmp(term_value(&lent), top) <= 0 || fl_value_cmp(term_value(low), top) > 0)
            *low = lent;
    }
    if (fl_value_cmp(term_value(low), top) > 0)
        return fail(error, low->start, "the low end of the range \"%s\" is above its high end",
                    written.text);
    return true;
}

static fl_written_number written_number(const term *t)
{
    int place = t->exponent + t->scale;
    return (fl_written_number){
        .value = term_value(t),
        .rounding = t->has_scale ? decimal_value(5, place - 1) : fl_value_int(0),
        .approx_step = approx_step(t->coefficient, place),
    };
}

/* Notes that `number` was read as a plain numeral starting `at` bytes into its text. */
static void mark_plain(fl_number *number, size_t at)
{
    number->plain = at <= UINT16_MAX;
    number->numeral_at = number->plain ? (uint16_t)at : 0;
}

/* The common case, a plain ASCII numeral with Western grouping or none ("2418",
 * "-2,418", "12.5"), read without the word tables; false leaves anything else, errors
 * included, to the full reader. */
static bool read_plain(const char *text, size_t length, fl_number *out)
{
    size_t pos = 0, end = length;
    while (pos < end && text[pos] == ' ')
        pos++;
    size_t numeral_at = pos;
    while (end > pos && text[end - 1] == ' ')
        end--;
    bool negative = pos < end && text[pos] == '-';
    if (pos < end && (text[pos] == '-' || text[pos] == '+'))
        pos++;
    int64_t coefficient = 0;
    int digits = 0, run = 0, decimals = 0;
    bool grouped = false, point = false;
    for (; pos < end; pos++) {
        char c = text[pos];
        if (c >= '0' && c <= '9') {
            if (++digits > MAX_SIGNIFICANT_DIGITS)
                return false;
            coefficient = coefficient * 10 + (c - '0');
            run++;
            decimals += point;
        } else if (c == ',' && !point && run > 0 && run <= 3 && (!grouped || run == 3)) {
            grouped = true;
            run = 0;
        } else if (c == '.' && !point && (!grouped || run == 3)) {
            point = true;
            run = 0;
        } else {
            return false;
        }
    }
    if (run == 0 || (grouped && !point && run != 3))
        return false;
    /* "1.200" is ambiguous; the full reader says so. */
    if (point && !grouped && decimals == 3 && digits - decimals <= 3 && coefficient >= 1000)
        return false;
    fl_written_number written = {
        .value = decimal_value(negative ? -coefficient : coefficient, -decimals),
        .rounding = fl_value_int(0),
        .approx_step = approx_step(coefficient, -decimals),
    };
    *out = (fl_number){.low = written, .high = written, .is_range = false,
                       .qualifier = FL_QUALIFIER_NONE, .unit = fl_unit_none()};
    mark_plain(out, numeral_at);
    return true;
}

/* "e400", "E-3": an exponent right after a numeral. */
static bool scientific(const reader *r, size_t pos)
{
    if (pos == 0 || (r->text[pos] | 0x20) != 'e' ||
        !(r->text[pos - 1] >= '0' && r->text[pos - 1] <= '9'))
        return false;
    pos++;
    if (pos < r->end && (r->text[pos] == '-' || r->text[pos] == '+'))
        pos++;
    return pos < r->end && r->text[pos] >= '0' && r->text[pos] <= '9';
}

static bool is_bound(fl_qualifier qualifier)
{
    return qualifier == FL_QUALIFIER_MORE_THAN || qualifier == FL_QUALIFIER_AT_LEAST ||
           qualifier == FL_QUALIFIER_LESS_THAN || qualifier == FL_QUALIFIER_AT_MOST;
}

/* figure -> [qualifier] ("between" term "and" term | term [range-separator term]) */
bool fl_number_read(const char *text, size_t length, fl_number *out, fl_number_error *error)
{
    reader r = {text, length};
    if (error) {
        error->offset = 0;
        error->message[0] = '\0';
    }
    if (read_plain(text, length, out))
        return true;
    size_t pos = skip_spaces(&r, 0);
    if (pos == r.end)
        return fail(error, pos, "expected a number, found nothing");
    size_t qualifier_start = pos, before = pos, after = pos;
    fl_qualifier qualifier = FL_QUALIFIER_NONE;
    size_t qualifier_end = match_qualifier(&r, pos, &qualifier);
    if (qualifier_end) {
        after = qualifier_end;
        pos = skip_spaces(&r, qualifier_end);
        /* "about 62", "nearly 2,418": a qualifier and a plain numeral, the next most
         * common value, read as the numeral alone would be. */
        if (pos < r.end && is_ascii_digit((unsigned char)text[pos]) &&
            read_plain(text + pos, length - pos, out)) {
            out->qualifier = qualifier;
            /* read_plain() counted from the numeral, which opens what it was given. */
            mark_plain(out, pos);
            return true;
        }
    }
    size_t between_start = pos, between_end = match_phrase(&r, pos, "between");
    if (between_end) {
        before = between_start;
        after = between_end;
        pos = skip_spaces(&r, between_end);
    }
    term low, high;
    if (!read_end(&r, pos, !between_end, before, after, &low, error))
        return false;
    pos = skip_spaces(&r, low.end);
    bool is_range = false;
    if (between_end) {
        size_t and_end = match_phrase(&r, pos, "and");
        if (!and_end) {
            quoted read = quote(&r, between_start, low.end);
            if (pos == r.end)
                return fail(error, pos, "expected \"and\" after \"%s\"", read.text);
            return fail(error, pos, "expected \"and\" after \"%s\", found \"%s\"", read.text,
                        quote(&r, pos, token_end(&r, pos)).text);
        }
        is_range = true;
        if (!read_end(&r, skip_spaces(&r, and_end), true, pos, and_end, &high, error))
            return false;
    } else {
        size_t separator_end = match_range_separator(&r, pos);
        if (separator_end) {
            is_range = true;
            if (!read_end(&r, skip_spaces(&r, separator_end), true, pos, separator_end, &high,
                          error))
                return false;
        }
    }
    if (is_range) {
        if (is_bound(qualifier))
            return fail(error, qualifier_start, "\"%s\" cannot qualify a range",
                        quote(&r, qualifier_start, qualifier_end).text);
        pos = skip_spaces(&r, high.end);
    }
    if (pos != r.end && scientific(&r, pos))
        return fail(error, pos, "\"%s\" is scientific notation, which articles do not use; "
                    "write the number as the article gives it",
                    quote(&r, qualifier_start, token_end(&r, pos)).text);
    if (pos != r.end)
        return fail(error, pos, "unexpected \"%s\" after the number",
                    quote(&r, pos, token_end(&r, pos)).text);
    if (is_range && !join_range(&r, &low, &high, error))
        return false;
    out->low = written_number(&low);
    out->high = is_range ? written_number(&high) : out->low;
    out->is_range = is_range;
    out->plain = false;
    out->qualifier = qualifier;
    if (low.percent || (is_range && high.percent))
        out->unit = fl_unit_percent();
    else if (!fl_unit_is_none(low.currency))
        out->unit = low.currency;
    else
        out->unit = is_range ? high.currency : fl_unit_none();
    return true;
}

/* --- Intervals ------------------------------------------------------------------ */

/* How far "about" reaches from a written number. */
static fl_value about_slack(const fl_written_number *w, fl_value tolerance)
{
    fl_value relative = fl_value_mul(tolerance, fl_value_abs(w->value));
    return fl_value_max(fl_value_max(w->approx_step, w->rounding), relative);
}

bool fl_number_interval(const fl_number *number, fl_qualifier qualifier, fl_value tolerance,
                        fl_interval *out, const char **error)
{
    static const char *const range_errors[] = {
        [FL_QUALIFIER_MORE_THAN] = "qualifier \"more-than\" cannot apply to a range",
        [FL_QUALIFIER_AT_LEAST] = "qualifier \"at-least\" cannot apply to a range",
        [FL_QUALIFIER_LESS_THAN] = "qualifier \"less-than\" cannot apply to a range",
        [FL_QUALIFIER_AT_MOST] = "qualifier \"at-most\" cannot apply to a range",
    };
    if (qualifier == FL_QUALIFIER_NONE)
        qualifier = number->qualifier;
    const fl_written_number *low = &number->low, *high = &number->high;
    if (number->is_range && is_bound(qualifier)) {
        if (error)
            *error = range_errors[qualifier];
        return false;
    }
    fl_value v = low->value, zero = fl_value_int(0);
    fl_value below = fl_value_infinity(-1), above = fl_value_infinity(1);
    switch (qualifier) {
    case FL_QUALIFIER_NONE:
        /* A numeral without a scale word is exact: "2,418" is [2418, 2418]. */
        if (fl_value_is_zero(low->rounding) && fl_value_is_zero(high->rounding))
            *out = fl_interval_closed(v, high->value);
        else
            *out = fl_interval_closed(fl_value_sub(v, low->rounding),
                                      fl_value_add(high->value, high->rounding));
        break;
    case FL_QUALIFIER_EXACT:
        *out = fl_interval_closed(v, high->value);
        break;
    case FL_QUALIFIER_ABOUT:
        *out = fl_interval_closed(fl_value_sub(v, about_slack(low, tolerance)),
                                  fl_value_add(high->value, about_slack(high, tolerance)));
        break;
    case FL_QUALIFIER_NEARLY:
        /* "nearly 2 thousand" is below 2,000 however rounded the 2 is. */
        *out = fl_interval_closed(fl_value_sub(v, about_slack(low, tolerance)), high->value);
        break;
    case FL_QUALIFIER_MORE_THAN:
        *out = (fl_interval){.lo = v, .hi = above, .lo_open = true, .hi_open = true};
        break;
    case FL_QUALIFIER_AT_LEAST:
        *out = (fl_interval){.lo = v, .hi = above, .lo_open = false, .hi_open = true};
        break;
    case FL_QUALIFIER_LESS_THAN:
        if (fl_value_sign(v) > 0)
            *out = (fl_interval){.lo = zero, .hi = v, .lo_open = false, .hi_open = true};
        else
            *out = (fl_interval){.lo = below, .hi = v, .lo_open = true, .hi_open = true};
        break;
    case FL_QUALIFIER_AT_MOST:
        if (fl_value_sign(v) >= 0)
            *out = (fl_interval){.lo = zero, .hi = v, .lo_open = false, .hi_open = false};
        else
            *out = (fl_interval){.lo = below, .hi = v, .lo_open = true, .hi_open = false};
        break;
    }
    return true;
}

bool fl_qualifier_from_name(const char *name, size_t length, fl_qualifier *qualifier)
{
    static const struct {
        const char *name;
        fl_qualifier qualifier;
    } names[] = {
        {"exact", FL_QUALIFIER_EXACT},         {"about", FL_QUALIFIER_ABOUT},
        {"more-than", FL_QUALIFIER_MORE_THAN}, {"at-least", FL_QUALIFIER_AT_LEAST},
        {"less-than", FL_QUALIFIER_LESS_THAN}, {"at-most", FL_QUALIFIER_AT_MOST},
    };
    reader r = {name, length};
    size_t start = skip_spaces(&r, 0);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t end = match_phrase(&r, start, names[i].name);
        if (end && skip_spaces(&r, end) == r.end) {
            *qualifier = names[i].qualifier;
            return true;
        }
    }
    return false;
}

/* --- Numbers in quotes ------------------------------------------------------------ */

typedef struct wanted {
    fl_value value[2];
    bool found[2];
    int count;
} wanted;

static void offer(wanted *w, fl_value candidate)
{
    candidate = fl_value_abs(candidate);
    for (int i = 0; i < w->count; i++)
        if (!w->found[i] && fl_value_cmp(candidate, w->value[i]) == 0)
            w->found[i] = true;
}

/* Is text[from, to) what joins the two ends of a range, the high end's sign included? */
static bool joins_range(const reader *r, size_t from, size_t to)
{
    size_t pos = skip_spaces(r, from);
    size_t end = match_range_separator(r, pos);
    if (!end)
        end = match_phrase(r, pos, "and");
    if (!end)
        return false;
    end = skip_spaces(r, end);
    ucs4_t uc;
    size_t sign = char_at(r, end, &uc);
    if (uc == '-' || uc == '+' || uc == 0x2212)
        end += sign;
    return end == to;
}

/* The end of the word of letters, of any script, at `pos`. */
static size_t skip_word(const reader *r, size_t pos)
{
    ucs4_t uc;
    size_t length;
    while (pos < r->end && is_ascii_letter((unsigned char)r->text[pos]))
        pos++;
    while ((length = char_at(r, pos, &uc)) > 0 && is_letter(uc))
        pos += length;
    return pos;
}

/* Reads the number at `pos` in a quote, offering each value it may be written for;
 * returns where reading goes on. */
static size_t scan_number(const reader *r, size_t pos, wanted *w, term *previous,
                          bool *has_previous)
{
    /* A currency written before a number is no part of it: "Rs.3" holds 3. The term
     * still starts at the currency, so that "1 to €5 m" joins its two ends. */
    size_t start = pos;
    /* White space and ASCII punctuation start nothing: a point may start ".5" and
     * "$" a currency, letters and digits are read below. */
    unsigned char byte = pos < r->end ? (unsigned char)r->text[pos] : 0;
    if (pos < r->end && byte < 0x80 && !is_ascii_letter(byte) && !is_ascii_digit(byte) &&
        byte != '.' && byte != '$')
        return pos + 1;
    fl_unit currency;
    size_t prefix = fl_currency_prefix(r->text + pos, r->end - pos, &currency);
    if (prefix && pos + prefix < r->end) {
        int value;
        ucs4_t zero;
        size_t after = skip_spaces(r, pos + prefix);
        if (digit_at(r, after, &value, &zero))
            pos = after;
    }
    ucs4_t uc;
    size_t length = char_at(r, pos, &uc);
    term t = {.start = start};
    numeral digits;
    read_status status = is_letter(uc) ? READ_NONE : read_numeral(r, pos, &digits, NULL);
    if (status == READ_FAILED)
        return digits.end;
    if (status == READ_OK) {
        t.coefficient = digits.coefficient;
        t.exponent = digits.exponent;
        t.end = digits.end;
        size_t scale_start = skip_spaces(r, digits.end);
        size_t scale_end = match_scale(r, scale_start, &t.scale);
        if (scale_end) {
            t.has_scale = true;
            t.end = scale_end;
            /* "a 5 m wall": a lone letter after a space may be a unit, not a scale. */
            if (scale_start > digits.end && scale_end - scale_start == 1)
                offer(w, decimal_value(t.coefficient, t.exponent));
        }
    } else if (is_ascii_letter(uc)) {
        words plain, joined;
        if (!read_words(r, pos, false, &plain))
            return skip_word(r, pos);
        if (read_words(r, pos, true, &joined) && joined.end != plain.end)
            offer(w, fl_value_int(joined.value));
        term_from_words(&t, &plain);
        t.end = plain.end;
    } else if (is_letter(uc)) {
        return skip_word(r, pos);
    } else {
        return pos + length;
    }
    /* "3 $ to 5 million": a currency after the low end still lets it borrow the scale. */
    size_t suffix_start = skip_spaces(r, t.end);
    size_t suffix = fl_currency_suffix(r->text + suffix_start, r->end - suffix_start, &currency);
    if (suffix)
        t.end = suffix_start + suffix;
    offer(w, term_value(&t));
    if (t.has_scale && *has_previous && !previous->has_scale &&
        joins_range(r, previous->end, t.start)) {
        term lent = *previous;
        lent.scale = t.scale;
        offer(w, term_value(&lent));
    }
    *previous = t;
    *has_previous = true;
    return t.end;
}

bool fl_number_in_text(const char *text, size_t length, const fl_number *number)
{
    reader r = {text, length};
    wanted w = {
        .value = {fl_value_abs(number->low.value), fl_value_abs(number->high.value)},
        .count = number->is_range ? 2 : 1,
    };
    term previous;
    bool has_previous = false;
    size_t pos = 0;
    while (pos < r.end && !(w.found[0] && (w.count == 1 || w.found[1])))
        pos = scan_number(&r, pos, &w, &previous, &has_previous);
    return w.found[0] && (w.count == 1 || w.found[1]);
}

/* Does the quote open with the value exactly as written, its last word a plain
 * numeral of the value's value ("62", "1,088", "about 62", "Rs 5,000"), followed by
 * a word that is no scale? What a value read that way holds before its numeral is a
 * qualifier or a currency, which scan_number() passes over to read the same numeral
 * and offer its value, as nothing after it scales it or joins it. */
static bool opens_with_written(const char *quote, size_t quote_length, const char *written,
                               size_t written_length, const fl_number *number)
{
    if (number->is_range || written_length == 0 || quote_length <= written_length ||
        memcmp(quote, written, written_length) != 0)
        return false;
    size_t digits_start = written_length;
    while (digits_start > 0 && written[digits_start - 1] != ' ')
        digits_start--;
    fl_number plain;
    if (!(number->plain && number->numeral_at == digits_start) &&
        (!read_plain(written + digits_start, written_length - digits_start, &plain) ||
         fl_value_cmp(plain.low.value, number->low.value) != 0))
        return false;
    reader r = {quote, quote_length};
    size_t next = skip_spaces(&r, written_length);
    int exponent;
    return next < r.end && is_ascii_letter((unsigned char)quote[next]) &&
           !match_scale(&r, next, &exponent);
}

bool fl_number_in_quote(const char *quote, size_t quote_length, const char *written,
                        size_t written_length, const fl_number *number)
{
    return opens_with_written(quote, quote_length, written, written_length, number) ||
           fl_number_in_text(quote, quote_length, number);
}

size_t fl_number_at(const char *text, size_t length, const fl_number *number)
{
    reader r = {text, length};
    wanted w = {.value = {fl_value_abs(number->low.value)}, .count = 1};
    term previous;
    bool has_previous = false;
    ucs4_t uc;
    size_t sign = char_at(&r, 0, &uc);
    size_t start = uc == '-' || uc == 0x2212 ? sign : 0;
    size_t end = scan_number(&r, start, &w, &previous, &has_previous);
    return w.found[0] ? end : 0;
}
