#include "unit.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

fl_unit fl_unit_none(void)
{
    return (fl_unit){{0}};
}

fl_unit fl_unit_percent(void)
{
    return (fl_unit){"%"};
}

bool fl_unit_is_none(fl_unit unit)
{
    return unit.name[0] == '\0';
}

bool fl_unit_is_percent(fl_unit unit)
{
    return strcmp(unit.name, "%") == 0;
}

bool fl_unit_same(fl_unit a, fl_unit b)
{
    return strcmp(a.name, b.name) == 0;
}

bool fl_unit_compatible(fl_unit a, fl_unit b)
{
    return fl_unit_is_none(a) || fl_unit_is_none(b) || fl_unit_same(a, b);
}

const char *fl_unit_label(const fl_unit *unit)
{
    return fl_unit_is_percent(*unit) ? "percent" : unit->name;
}

static fl_unit named(const char *name)
{
    fl_unit unit = fl_unit_none();
    memcpy(unit.name, name, strlen(name));
    return unit;
}

/* Codes of currencies that news reports name; a three-letter word is a code only
 * when it is one of these, so that "THE 5" is no currency. */
static const char *const currency_codes[] = {
    "AED", "ARS", "AUD", "BDT", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK",
    "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KES", "KHR", "KRW",
    "LAK", "LKR", "MMK", "MXN", "MYR", "NGN", "NOK", "NPR", "NZD", "PEN", "PHP", "PKR",
    "PLN", "QAR", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND",
    "ZAR",
};

/* Symbols, longest first where one begins another ("US$" before "$"). A bare "$" is
 * read as US dollars; other dollars carry their country ("A$", "HK$"). */
static const struct {
    const char *symbol;
    const char *code;
} currency_symbols[] = {
    {"US$", "USD"}, {"AU$", "AUD"}, {"CA$", "CAD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
    {"NT$", "TWD"}, {"A$", "AUD"},  {"C$", "CAD"},  {"S$", "SGD"},  {"R$", "BRL"},
    {"$", "USD"},   {"CN\u00a5", "CNY"}, {"\u00a5", "JPY"}, {"\u00a3", "GBP"},
    {"\u20ac", "EUR"}, {"\u20b9", "INR"}, {"Rs.", "INR"}, {"Rs", "INR"},
    {"\u20a9", "KRW"}, {"\u20bd", "RUB"}, {"\u20b1", "PHP"}, {"\u0e3f", "THB"},
    {"\u20ab", "VND"}, {"\u17db", "KHR"}, {"\u20a6", "NGN"}, {"\u20ba", "TRY"},
    {"\u20aa", "ILS"},
};

/* Words after a number, longest first where one begins another. */
static const struct {
    const char *word;
    const char *code;
} currency_words[] = {
    {"us dollars", "USD"}, {"dollars", "USD"}, {"dollar", "USD"},
    {"euros", "EUR"}, {"euro", "EUR"},
    {"pounds sterling", "GBP"}, {"pounds", "GBP"}, {"pound", "GBP"}, {"sterling", "GBP"},
    {"yen", "JPY"}, {"yuan", "CNY"}, {"renminbi", "CNY"},
    {"rupees", "INR"}, {"rupee", "INR"}, {"riels", "KHR"}, {"riel", "KHR"},
    {"baht", "THB"}, {"won", "KRW"}, {"ringgit", "MYR"}, {"rupiah", "IDR"},
    {"dong", "VND"}, {"roubles", "RUB"}, {"rubles", "RUB"},
};

/* The words' first two letters, as bits of letter - 'a' by first letter: an
 * ordinary word after a number ("people", "Pakistanis") is turned away by them.
 * Every word starts with two letters. */
static uint32_t currency_word_pairs[26];
static pthread_once_t currency_word_pairs_once = PTHREAD_ONCE_INIT;

static void find_currency_word_pairs(void)
{
    for (size_t i = 0; i < sizeof currency_words / sizeof *currency_words; i++) {
        const char *word = currency_words[i].word;
        currency_word_pairs[word[0] - 'a'] |= 1u << (word[1] - 'a');
    }
}

static bool is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_word_byte(unsigned char c)
{
    return is_ascii_letter(c) || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The ISO code at `text` when it is one: three capitals of the table. */
static const char *code_at(const char *text, size_t length)
{
    if (length < 3)
        return NULL;
    for (size_t i = 0; i < sizeof currency_codes / sizeof *currency_codes; i++)
        if (memcmp(text, currency_codes[i], 3) == 0)
            return currency_codes[i];
    return NULL;
}

size_t fl_currency_prefix(const char *text, size_t length, fl_unit *unit)
{
    /* Every code and symbol starts with a capital, "$" or a non-ASCII byte; numbers,
     * which start most cells, are turned away without a table walk. */
    unsigned char first = length ? (unsigned char)text[0] : 0;
    if (!(first == '$' || (first >= 'A' && first <= 'Z') || first >= 0x80))
        return 0;
    bool ends_code = length == 3 ||
                     (length > 3 && (text[3] == ' ' || (text[3] >= '0' && text[3] <= '9')));
    const char *code = ends_code ? code_at(text, length) : NULL;
    if (code) {
        *unit = named(code);
        return 3;
    }
    for (size_t i = 0; i < sizeof currency_symbols / sizeof *currency_symbols; i++) {
        size_t symbol_length = strlen(currency_symbols[i].symbol);
        if (symbol_length <= length &&
            memcmp(text, currency_symbols[i].symbol, symbol_length) == 0) {
            /* "Rs" must not start a word: "Rs5" and "Rs 5" are rupees, "Rsx" is not. */
            if (is_ascii_letter((unsigned char)currency_symbols[i].symbol[symbol_length - 1]) &&
                symbol_length < length && is_ascii_letter((unsigned char)text[symbol_length]))
                continue;
            *unit = named(currency_symbols[i].code);
            return symbol_length;
        }
    }
    return 0;
}

/* Matches `word` (lower case, single spaces) at `text` case-insensitively, ending a
 * word: its length in `text`, or 0. */
static size_t match_word(const char *text, size_t length, const char *word)
{
    size_t i = 0;
    for (const char *w = word; *w; w++) {
        if (*w == ' ') {
            if (i >= length || text[i] != ' ')
                return 0;
            while (i < length && text[i] == ' ')
                i++;
            continue;
        }
        if (i >= length || ((unsigned char)text[i] | 0x20) != (unsigned char)*w)
            return 0;
        i++;
    }
    return i < length && is_word_byte((unsigned char)text[i]) ? 0 : i;
}

size_t fl_currency_suffix(const char *text, size_t length, fl_unit *unit)
{
    /* Most numbers in a text are followed by an ordinary word: it is turned away by
     * its first letter, without a walk of every table. */
    unsigned char first = length ? (unsigned char)text[0] : 0;
    if (is_ascii_letter(first)) {
        bool word_of_three = length == 3 || (length > 3 && !is_word_byte((unsigned char)text[3]));
        const char *code = first <= 'Z' && word_of_three ? code_at(text, length) : NULL;
        if (code) {
            *unit = named(code);
            return 3;
        }
        unsigned char second = length > 1 ? (unsigned char)text[1] : 0;
        if (!is_ascii_letter(second))
            return 0;
        pthread_once(&currency_word_pairs_once, find_currency_word_pairs);
        if (!(currency_word_pairs[(first | 0x20) - 'a'] & (1u << ((second | 0x20) - 'a'))))
            return 0;
        for (size_t i = 0; i < sizeof currency_words / sizeof *currency_words; i++) {
            if ((first | 0x20) != (unsigned char)currency_words[i].word[0])
                continue;
            size_t matched = match_word(text, length, currency_words[i].word);
            if (matched) {
                *unit = named(currency_words[i].code);
                return matched;
            }
        }
        return 0;
    }
    if (first != '$' && first < 0x80)
        return 0;
    for (size_t i = 0; i < sizeof currency_symbols / sizeof *currency_symbols; i++) {
        size_t symbol_length = strlen(currency_symbols[i].symbol);
        /* After a number only the symbols that are no letters: "40 €", not "40 Rs". */
        if (!is_ascii_letter((unsigned char)currency_symbols[i].symbol[0]) &&
            symbol_length <= length &&
            memcmp(text, currency_symbols[i].symbol, symbol_length) == 0) {
            *unit = named(currency_symbols[i].code);
            return symbol_length;
        }
    }
    return 0;
}

bool fl_unit_from_name(const char *text, size_t length, fl_unit *unit)
{
    while (length && text[0] == ' ') {
        text++;
        length--;
    }
    while (length && text[length - 1] == ' ')
        length--;
    if (length == 0)
        return false;
    if ((length == 1 && text[0] == '%') || match_word(text, length, "percent") == length ||
        match_word(text, length, "per cent") == length) {
        *unit = fl_unit_percent();
        return true;
    }
    if ((fl_currency_prefix(text, length, unit) == length ||
         fl_currency_suffix(text, length, unit) == length))
        return true;
    char upper[4] = {0};
    for (size_t i = 0; i < 3 && i < length; i++)
        upper[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
    if (length == 3 && code_at(upper, 3)) {
        *unit = named(upper);
        return true;
    }
    if (length > FL_UNIT_NAME_MAX)
        return false;
    *unit = fl_unit_none();
    for (size_t i = 0; i < length; i++)
        unit->name[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    return true;
}
