#include "names_connectors.h"

#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "names_normalize.h"
#include "strmap.h"
#include "utf8.h"

/* Symbols are the characters of plane 15, private use: no text means anything by them,
 * and a key that holds one anyway has it replaced. */
enum {
    SYMBOL_FIRST = 0xF0000,
    SYMBOL_LAST = 0xFFFFD, /* the plane's last two are noncharacters */
    PLANE_LAST = 0xFFFFF,
    REPLACEMENT = 0xFFFD,
};

struct fl_name_connectors {
    fl_arena arena;
    fl_strmap symbols;   /* a connector as keys write it -> its symbol's number */
    size_t symbol_count;
    fl_strmap learnt;    /* a learnt word as keys write it */
    fl_strmap joiner_by_word;
    const char **joiners; /* as written, no built-in connectors, sorted when `sorted` */
    size_t joiner_count, joiner_capacity;
    bool sorted;
    fl_mention_joiners view;
    fl_buffer written, scratch;
};

fl_name_connectors *fl_name_connectors_new(void)
{
    fl_name_connectors *connectors = fl_xcalloc(1, sizeof *connectors);
    connectors->sorted = true;
    return connectors;
}

void fl_name_connectors_free(fl_name_connectors *connectors)
{
    if (!connectors)
        return;
    fl_strmap_free(&connectors->symbols);
    fl_strmap_free(&connectors->learnt);
    fl_strmap_free(&connectors->joiner_by_word);
    free(connectors->joiners);
    fl_buffer_free(&connectors->written);
    fl_buffer_free(&connectors->scratch);
    fl_arena_free(&connectors->arena);
    free(connectors);
}

/* A word the text scan can take as a connector: lower-case letters only. */
static bool is_lower_case_word(const char *word, size_t length)
{
    for (size_t at = 0; at < length;) {
        uint32_t character;
        at += fl_utf8_decode(word + at, length - at, &character);
        if (!uc_is_general_category(character, UC_CATEGORY_L) ||
            uc_is_general_category(character, UC_CATEGORY_Lu) ||
            uc_is_general_category(character, UC_CATEGORY_Lt))
            return false;
    }
    return length > 0;
}

static void learn_word(fl_name_connectors *connectors, const char *word, size_t length)
{
    if (!is_lower_case_word(word, length) || fl_mentions_is_connector(word, length))
        return;
    size_t ignored;
    if (fl_strmap_get(&connectors->joiner_by_word, word, length, &ignored))
        return;
    const char *copy = fl_arena_strndup(&connectors->arena, word, length);
    fl_strmap_put(&connectors->joiner_by_word, copy, length, connectors->joiner_count);
    connectors->joiners = fl_xgrow(connectors->joiners, &connectors->joiner_capacity,
                                   connectors->joiner_count + 1, sizeof *connectors->joiners);
    connectors->joiners[connectors->joiner_count++] = copy;
    connectors->sorted = false;

    fl_buffer *key = &connectors->scratch;
    if (fl_name_key(word, length, FL_NAME_FOLD | FL_NAME_STRIP_MARKS, key) && key->length &&
        !fl_strmap_get(&connectors->learnt, key->data, key->length, &ignored))
        fl_strmap_put(&connectors->learnt,
                      fl_arena_strndup(&connectors->arena, key->data, key->length),
                      key->length, 0);
}

void fl_name_connectors_learn(fl_name_connectors *connectors, const char *spelling,
                              size_t length)
{
    /* Unfolded, so that case still tells a connector from a word of the name; white
     * space comes out as single spaces. */
    fl_buffer *written = &connectors->written;
    if (!fl_name_key(spelling, length, 0, written) || written->length == 0)
        return;
    const char *text = written->data;
    const char *first_space = memchr(text, ' ', written->length);
    const char *last_space = first_space;
    for (const char *p = first_space; p; p = memchr(p + 1, ' ', written->length -
                                                                  (size_t)(p + 1 - text)))
        last_space = p;
    for (const char *word = first_space; word && word < last_space;) {
        word++;
        const char *end = memchr(word, ' ', (size_t)(last_space - word) + 1);
        learn_word(connectors, word, (size_t)(end - word));
        word = end;
    }
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const fl_mention_joiners *fl_name_connectors_joiners(fl_name_connectors *connectors)
{
    if (!connectors->sorted) {
        qsort(connectors->joiners, connectors->joiner_count, sizeof *connectors->joiners,
              compare_strings);
        connectors->sorted = true;
    }
    connectors->view = (fl_mention_joiners){connectors->joiners, connectors->joiner_count};
    return &connectors->view;
}

static bool is_connector_key(const fl_name_connectors *connectors, const char *word,
                             size_t length)
{
    size_t ignored;
    return fl_mentions_is_connector(word, length) ||
           fl_strmap_get(&connectors->learnt, word, length, &ignored);
}

static void append_character(fl_buffer *out, uint32_t character)
{
    uint8_t bytes[4];
    int size = u8_uctomb(bytes, character, sizeof bytes);
    fl_buffer_append(out, (const char *)bytes, size > 0 ? (size_t)size : 0);
}

/* Appends `word`, with any character of the symbols' range replaced. Returns whether
 * one was. */
static bool append_word(fl_buffer *out, const char *word, size_t length)
{
    bool replaced = false;
    size_t at = 0;
    for (;;) {
        /* Plane 15 is the only part of UTF-8 that starts with 0xF3 0xB0 to 0xBF. */
        const char *lead = memchr(word + at, 0xF3, length - at);
        size_t end = lead ? (size_t)(lead - word) : length;
        fl_buffer_append(out, word + at, end - at);
        if (!lead)
            return replaced;
        uint32_t character;
        size_t size = fl_utf8_decode(word + end, length - end, &character);
        if (character >= SYMBOL_FIRST && character <= PLANE_LAST) {
            append_character(out, REPLACEMENT);
            replaced = true;
        } else {
            fl_buffer_append(out, word + end, size);
        }
        at = end + size;
    }
}

/* Appends the symbol of connector `word`; false when the symbols have run out. */
static bool append_symbol(fl_name_connectors *connectors, fl_buffer *out, const char *word,
                          size_t length)
{
    size_t number;
    if (!fl_strmap_get(&connectors->symbols, word, length, &number)) {
        if (connectors->symbol_count > SYMBOL_LAST - SYMBOL_FIRST)
            return false;
        number = connectors->symbol_count++;
        fl_strmap_put(&connectors->symbols, fl_arena_strndup(&connectors->arena, word, length),
                      length, number);
    }
    append_character(out, (uint32_t)(SYMBOL_FIRST + number));
    return true;
}

bool fl_name_connector_key_may_differ(const char *key, size_t length)
{
    const char *space = memchr(key, ' ', length);
    if (space && memchr(space + 1, ' ', length - (size_t)(space + 1 - key)))
        return true;
    /* The lead byte of every character of plane 15, where the symbols are. */
    return memchr(key, 0xF3, length) != NULL;
}

bool fl_name_connector_key(fl_name_connectors *connectors, const char *key, size_t length,
                           fl_buffer *out)
{
    fl_buffer_clear(out);
    bool changed = false;
    for (size_t at = 0, index = 0; at < length; index++) {
        const char *space = memchr(key + at, ' ', length - at);
        size_t end = space ? (size_t)(space - key) : length;
        const char *word = key + at;
        size_t word_length = end - at;
        if (index > 0)
            fl_buffer_append_char(out, ' ');
        bool inner = index > 0 && space;
        if (inner && is_connector_key(connectors, word, word_length) &&
            append_symbol(connectors, out, word, word_length))
            changed = true;
        else
            changed |= append_word(out, word, word_length);
        at = space ? end + 1 : length;
    }
    fl_buffer_cstr(out);
    return changed;
}
