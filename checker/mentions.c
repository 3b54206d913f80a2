#include "mentions.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "simd.h"
#include "strmap.h"
#include "text_lines.h"
#include "utf8.h"
#include "word_breaks.h"

/* Words that open sentences without naming anything. Title case, matched exactly, so
 * that the acronyms "US", "IT" and "WHO" are not mistaken for "Us", "It" and "Who".
 * Modal verbs that are also names or months (May, Will, Can) are left out on purpose. */
static const char *const function_words[] = {
    "A", "About", "Above", "According", "Across", "Additionally", "After", "Again",
    "Against", "All", "Almost", "Along", "Already", "Also", "Although", "Always", "Amid",
    "Among", "An", "And", "Another", "Any", "Anybody", "Anyone", "Anything",
    "Approximately", "Are", "Around", "As", "At", "Be", "Because", "Been", "Before",
    "Behind", "Being", "Below", "Beneath", "Beside", "Besides", "Between", "Beyond", "Both",
    "But", "By", "Could", "Currently", "Despite", "Did", "Do", "Does", "Down", "During",
    "Each", "Earlier", "Either", "Even", "Eventually", "Every", "Everybody", "Everyone",
    "Everything", "Except", "Few", "Fewer", "Finally", "First", "Following", "For", "From",
    "Furthermore", "Had", "Has", "Have", "He", "Her", "Here", "Hers", "Herself", "Him",
    "Himself", "His", "How", "However", "I", "If", "In", "Including", "Indeed", "Initially",
    "Inside", "Instead", "Into", "Is", "It", "Its", "Itself", "Just", "Last", "Later",
    "Least", "Less", "Let", "Like", "Many", "Me", "Meanwhile", "Might", "Mine", "More",
    "Moreover", "Most", "Much", "Must", "My", "Myself", "Near", "Nearly", "Neither",
    "Never", "Nevertheless", "Next", "No", "Nobody", "None", "Nonetheless", "Nor", "Not",
    "Nothing", "Now", "Of", "Off", "Often", "On", "Once", "One", "Only", "Onto", "Or",
    "Other", "Others", "Otherwise", "Our", "Ours", "Ourselves", "Out", "Outside", "Over",
    "Overall", "Past", "Perhaps", "Previously", "Rather", "Recently", "Roughly", "Several",
    "Shall", "She", "Should", "Similarly", "Since", "So", "Some", "Somebody", "Someone",
    "Something", "Sometimes", "Soon", "Still", "Such", "Than", "That", "The", "Their",
    "Theirs", "Them", "Themselves", "Then", "There", "Therefore", "These", "They", "This",
    "Those", "Though", "Through", "Throughout", "Thus", "To", "Today", "Tomorrow",
    "Tonight", "Too", "Toward", "Towards", "Ultimately", "Under", "Unless", "Unlike",
    "Until", "Up", "Upon", "Us", "Very", "Via", "Was", "We", "Well", "Were", "What",
    "Whatever", "When", "Whenever", "Where", "Whereas", "Wherever", "Whether", "Which",
    "While", "Who", "Whoever", "Whom", "Whose", "Why", "With", "Within", "Without", "Would",
    "Yes", "Yesterday", "Yet", "You", "Your", "Yours", "Yourself",
};

/* Lower-case words that may join capitalised ones into one name. None is longer than
 * CONNECTOR_MAX_BYTES, so that longer words need no search. */
enum { CONNECTOR_MAX_BYTES = 3 };
static const char *const connectors[] = {
    "al", "and", "bin", "da", "de", "del", "der", "des", "du", "for", "la", "le", "of",
    "the", "van", "von", "y",
};

/* Contraction endings after an apostrophe: "I’m", "They’re", "We’ll", "I’ve", "I’d". */
static const char *const contraction_endings[] = {"d", "ll", "m", "re", "ve"};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

enum {
    FOLD_BUFFER_SIZE = 128,
    WORD_SET_INITIAL_CAPACITY = 256,
    /* Boundary flags read at once when looking for the next (see next_break()). */
    BREAK_STRIDE = 16,
};

typedef struct byte_span {
    const uint8_t *bytes;
    size_t length;
} byte_span;

/* The lists above as open-addressing tables, made once: each capitalised run is looked
 * up among the function words, and a binary search of them cost eight comparisons a
 * word. A slot holds an entry's place in its list plus one, 0 when it is free. */
enum { WORD_TABLE_SLOTS = 1024 };

typedef struct word_table {
    const char *const *list;
    size_t count;
    uint16_t slots[WORD_TABLE_SLOTS];
} word_table;

static word_table function_table = {function_words, COUNT_OF(function_words), {0}};
static word_table connector_table = {connectors, COUNT_OF(connectors), {0}};
static word_table ending_table = {contraction_endings, COUNT_OF(contraction_endings), {0}};
static pthread_once_t word_tables_made = PTHREAD_ONCE_INIT;

static size_t first_slot(const void *word, size_t length)
{
    return (size_t)fl_hash_bytes(word, length) & (WORD_TABLE_SLOTS - 1);
}

static void fill_word_table(word_table *table)
{
    for (size_t i = 0; i < table->count; i++) {
        const char *word = table->list[i];
        size_t slot = first_slot(word, strlen(word));
        while (table->slots[slot])
            slot = (slot + 1) & (WORD_TABLE_SLOTS - 1);
        table->slots[slot] = (uint16_t)(i + 1);
    }
}

static void make_word_tables(void)
{
    fill_word_table(&function_table);
    fill_word_table(&connector_table);
    fill_word_table(&ending_table);
}

static bool in_word_table(const word_table *table, const uint8_t *bytes, size_t length)
{
    pthread_once(&word_tables_made, make_word_tables);
    for (size_t slot = first_slot(bytes, length);; slot = (slot + 1) & (WORD_TABLE_SLOTS - 1)) {
        uint16_t entry = table->slots[slot];
        if (!entry)
            return false;
        const char *word = table->list[entry - 1];
        if (strlen(word) == length && memcmp(word, bytes, length) == 0)
            return true;
    }
}

/* Byte order, a prefix first. One pass, without measuring the entry first: the
 * caller's joiners are searched for most lower-case words of an article. */
static int compare_span_to_entry(const void *key, const void *entry)
{
    const byte_span *span = key;
    const unsigned char *word = *(const unsigned char *const *)entry;
    for (size_t i = 0; i < span->length; i++) {
        if (word[i] == '\0')
            return 1;
        if (span->bytes[i] != word[i])
            return span->bytes[i] < word[i] ? -1 : 1;
    }
    return word[span->length] == '\0' ? 0 : -1;
}

static bool in_word_list(const char *const *list, size_t count, const uint8_t *bytes,
                         size_t length)
{
    byte_span key = {bytes, length};
    return bsearch(&key, list, count, sizeof *list, compare_span_to_entry) != NULL;
}

bool fl_mentions_is_connector(const char *word, size_t length)
{
    return length <= CONNECTOR_MAX_BYTES &&
           in_word_table(&connector_table, (const uint8_t *)word, length);
}

/* Where the last apostrophe (' or ’) of `word` starts, and its size in bytes. */
static bool find_last_apostrophe(const uint8_t *word, size_t length, size_t *at, size_t *size)
{
    for (size_t i = length; i-- > 0;) {
        if (word[i] == '\'') {
            *at = i;
            *size = 1;
            return true;
        }
        if (i + 3 <= length && memcmp(word + i, "\xE2\x80\x99", 3) == 0) {
            *at = i;
            *size = 3;
            return true;
        }
    }
    return false;
}

static bool is_function_word(const uint8_t *word, size_t length)
{
    if (in_word_table(&function_table, word, length))
        return true;
    size_t at, size;
    if (!find_last_apostrophe(word, length, &at, &size) || at == 0)
        return false;
    const uint8_t *ending = word + at + size;
    size_t ending_length = length - at - size;
    /* A negated auxiliary ("Don’t", "Won’t") never names anything. */
    if (ending_length == 1 && ending[0] == 't' && word[at - 1] == 'n')
        return true;
    return in_word_table(&ending_table, ending, ending_length) &&
           in_word_table(&function_table, word, at);
}

/* Decodes one character. An undecodable sequence sets `invalid` and still advances,
 * by the length libunistring gives it. */
static size_t next_char(const uint8_t *s, size_t n, ucs4_t *uc, bool *invalid)
{
    uint32_t character;
    size_t count = fl_utf8_next(s, n, &character, invalid);
    *uc = character;
    return count;
}

static bool is_letter(ucs4_t uc)
{
    if (uc < 0x80)
        return (uc | 0x20) >= 'a' && (uc | 0x20) <= 'z';
    return uc_is_general_category(uc, UC_CATEGORY_L);
}

static bool is_letter_or_digit(ucs4_t uc)
{
    if (uc < 0x80)
        return is_letter(uc) || (uc >= '0' && uc <= '9');
    return is_letter(uc) || uc_is_general_category(uc, UC_CATEGORY_Nd);
}

static bool is_upper_or_title(ucs4_t uc)
{
    if (uc < 0x80)
        return uc >= 'A' && uc <= 'Z';
    return uc_is_general_category(uc, UC_CATEGORY_Lu) ||
           uc_is_general_category(uc, UC_CATEGORY_Lt);
}

static bool is_lower(ucs4_t uc)
{
    if (uc < 0x80)
        return uc >= 'a' && uc <= 'z';
    return uc_is_general_category(uc, UC_CATEGORY_Ll);
}

/* The spaces that may separate the words of one name; a tab or a line break may not. */
static bool is_run_space(ucs4_t uc)
{
    return uc == 0x20 || uc == 0xA0 || uc == 0x202F;
}

static bool is_hyphen(ucs4_t uc)
{
    return uc == '-' || uc == 0x2010 || uc == 0x2011;
}

static bool is_white_space(ucs4_t uc)
{
    if (uc < 0x80)
        return uc == ' ' || (uc >= '\t' && uc <= '\r');
    return uc_is_property_white_space(uc);
}

static bool is_quote_or_bracket(ucs4_t uc)
{
    if (uc < 0x80)
        return uc == '"' || uc == '\'' || uc == '(' || uc == ')' || uc == '[' || uc == ']' ||
               uc == '{' || uc == '}';
    return uc_is_general_category(uc, UC_CATEGORY_Pi) ||
           uc_is_general_category(uc, UC_CATEGORY_Pf) ||
           uc_is_general_category(uc, UC_CATEGORY_Ps) ||
           uc_is_general_category(uc, UC_CATEGORY_Pe);
}

/* Two or more letters, none lower case: "AP", "UN", "U.S". */
static bool is_acronym(const uint8_t *word, size_t length)
{
    size_t letters = 0;
    for (size_t i = 0; i < length;) {
        ucs4_t uc;
        bool invalid;
        i += next_char(word + i, length - i, &uc, &invalid);
        if (is_lower(uc))
            return false;
        if (is_letter(uc))
            letters++;
    }
    return letters >= 2;
}

/* Length of `word` without a possessive ’s or 's. */
static size_t strip_possessive(const uint8_t *word, size_t length)
{
    if (length < 2 || (word[length - 1] != 's' && word[length - 1] != 'S'))
        return length;
    if (length > 2 && word[length - 2] == '\'')
        return length - 2;
    if (length > 4 && memcmp(word + length - 4, "\xE2\x80\x99", 3) == 0)
        return length - 4;
    return length;
}

/* The case-folded form of `word`: in `buffer` when it fits, else freshly allocated (the
 * caller frees a result that is not `buffer`); NULL when it cannot be folded. */
static uint8_t *fold_case(const uint8_t *word, size_t length, uint8_t *buffer,
                          size_t *folded_length)
{
    bool ascii = length <= FOLD_BUFFER_SIZE;
    for (size_t i = 0; ascii && i < length; i++)
        ascii = word[i] < 0x80;
    if (ascii) {
        for (size_t i = 0; i < length; i++)
            buffer[i] = word[i] >= 'A' && word[i] <= 'Z' ? (uint8_t)(word[i] | 0x20) : word[i];
        *folded_length = length;
        return buffer;
    }
    *folded_length = FOLD_BUFFER_SIZE;
    return u8_casefold(word, length, NULL, NULL, buffer, folded_length);
}

/* The case-folded words the text uses in lower case, as an open-addressing hash set
 * whose keys live in the scanner's scratch arena. */
typedef struct word_entry {
    const uint8_t *key;
    size_t length;
    uint64_t hash;
} word_entry;

typedef struct word_set {
    word_entry *entries;
    size_t capacity; /* a power of two, at most half full */
    size_t count;
} word_set;

/* The slot holding the key, or the empty slot where it would go. */
static word_entry *word_set_slot(const word_set *set, const uint8_t *key, size_t length,
                                 uint64_t hash)
{
    size_t mask = set->capacity - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        word_entry *entry = &set->entries[i];
        if (!entry->key || (entry->hash == hash && entry->length == length &&
                            memcmp(entry->key, key, length) == 0))
            return entry;
    }
}

static bool word_set_contains(const word_set *set, const uint8_t *key, size_t length)
{
    return set->count && word_set_slot(set, key, length, fl_hash_bytes(key, length))->key;
}

static void word_set_grow(word_set *set)
{
    word_set grown = {NULL, set->capacity ? set->capacity * 2 : WORD_SET_INITIAL_CAPACITY,
                      set->count};
    grown.entries = fl_xcalloc(grown.capacity, sizeof *grown.entries);
    for (size_t i = 0; i < set->capacity; i++) {
        const word_entry *entry = &set->entries[i];
        if (entry->key)
            *word_set_slot(&grown, entry->key, entry->length, entry->hash) = *entry;
    }
    free(set->entries);
    *set = grown;
}

enum token_kind { TOKEN_WORD, TOKEN_SPACE, TOKEN_HYPHEN, TOKEN_BREAK };

/* One word-break segment of a line. */
typedef struct token {
    size_t offset, length; /* a word's length leaves out its possessive */
    uint32_t column;
    enum token_kind kind;
    bool capitalised;    /* the first character is an upper- or titlecase letter */
    bool connector;
    bool joiner;         /* a connector from the caller's joiners only */
    bool possessive;     /* a name cannot go on past this word */
    bool opens_sentence;
} token;

typedef struct scanner {
    const uint8_t *text;
    const fl_mention_joiners *joiners;
    fl_arena *arena;
    fl_arena scratch;
    word_set lower_case;
    char *breaks;
    size_t breaks_capacity;
    /* The tokens since the last one no name can cross: a run never spans two batches. */
    token *tokens;
    size_t token_count, token_capacity;
    fl_mention_word *run;
    size_t run_count, run_capacity;
    /* The runs found so far: their words, line and whether the line is in capitals,
     * the rest settled at the end (settle_runs()), in place. */
    fl_mention *found;
    size_t found_count, found_capacity;
    bool *opens_sentence; /* per run found */
    size_t opens_sentence_capacity;
    uint32_t line;
    bool line_has_lower_case;
    size_t line_capital_words; /* words in capitals only */
    bool at_sentence_start;
    bool after_terminal; /* a . ! ? with only quotes and brackets since */
} scanner;

/* `in_lower_case`: the word is ASCII without capitals, as most words of a text are,
 * and so its own case-folded form: it is looked up as it stands, without a copy. */
static void add_lower_case_word(scanner *sc, const uint8_t *word, size_t length,
                                bool in_lower_case)
{
    uint8_t buffer[FOLD_BUFFER_SIZE];
    uint8_t *allocated = NULL;
    const uint8_t *folded = word;
    size_t folded_length = length;
    if (!in_lower_case) {
        uint8_t *made = fold_case(word, length, buffer, &folded_length);
        if (!made)
            return;
        folded = made;
        if (made != buffer)
            allocated = made;
    }
    uint64_t hash = fl_hash_bytes(folded, folded_length);
    if ((sc->lower_case.count + 1) * 2 > sc->lower_case.capacity)
        word_set_grow(&sc->lower_case);
    word_entry *entry = word_set_slot(&sc->lower_case, folded, folded_length, hash);
    if (!entry->key) {
        entry->key = (const uint8_t *)fl_arena_strndup(&sc->scratch, (const char *)folded,
                                                       folded_length);
        entry->length = folded_length;
        entry->hash = hash;
        sc->lower_case.count++;
    }
    free(allocated);
}

static bool used_in_lower_case(const scanner *sc, const uint8_t *word, size_t length)
{
    uint8_t buffer[FOLD_BUFFER_SIZE];
    size_t folded_length;
    uint8_t *folded = fold_case(word, length, buffer, &folded_length);
    if (!folded)
        return false;
    bool found = word_set_contains(&sc->lower_case, folded, folded_length);
    if (folded != buffer)
        free(folded);
    return found;
}

/* Follows one character for sentence starts: the start of a line, or . ! ? then white
 * space, with quotes and brackets allowed around them ("end.” Next", "(“Next"). */
static void follow_sentence(scanner *sc, ucs4_t uc, bool invalid)
{
    if (invalid) {
        sc->at_sentence_start = sc->after_terminal = false;
    } else if (uc == '.' || uc == '!' || uc == '?' || uc == 0x2026) {
        sc->after_terminal = true;
        sc->at_sentence_start = false;
    } else if (is_white_space(uc)) {
        if (sc->after_terminal)
            sc->at_sentence_start = true;
    } else if (!is_quote_or_bracket(uc) && !fl_utf8_is_format(uc)) {
        sc->at_sentence_start = sc->after_terminal = false;
    }
}

static void append_run_word(scanner *sc, const token *t, size_t length, bool connector)
{
    sc->run = fl_xgrow(sc->run, &sc->run_capacity, sc->run_count + 1, sizeof *sc->run);
    sc->run[sc->run_count++] = (fl_mention_word){.offset = t->offset,
                                                 .length = length,
                                                 .column = t->column,
                                                 .connector = connector,
                                                 .joiner = connector && t->joiner};
}

/* compound -> first { hyphen (capitalised | connector) }, ending on a capitalised word
 * and stopping after a possessive. `first` is capitalised, or a connector when
 * `from_connector` ("al-Assad"). Appends the compound to the run and returns the index
 * of the token after it, or `first` itself when a connector leads to no capitalised
 * word. */
static size_t take_compound(scanner *sc, size_t first, bool from_connector, bool *possessive)
{
    const token *tokens = sc->tokens;
    size_t last = from_connector ? SIZE_MAX : first;
    for (size_t k = first; !tokens[k].possessive && k + 2 < sc->token_count;) {
        const token *next = &tokens[k + 2];
        if (tokens[k + 1].kind != TOKEN_HYPHEN || next->kind != TOKEN_WORD)
            break;
        if (next->capitalised)
            last = k + 2;
        else if (!next->connector)
            break;
        k += 2;
    }
    if (last == SIZE_MAX)
        return first;
    append_run_word(sc, &tokens[first],
                    tokens[last].offset + tokens[last].length - tokens[first].offset, false);
    *possessive = tokens[last].possessive;
    return last + 1;
}

/* The runs are written where they are handed out, in the caller's arena, with room
 * for a run every FOUND_RUN_BYTES bytes of text reserved at the start (news has one
 * every 40 or so): pages never written cost nothing, whereas an array grown by
 * copying writes about three times its size, and fresh pages are what a large
 * article's scan spends most on. Past that room, the runs move to an array twice as
 * large. */
enum { FOUND_RUN_BYTES = 16, FOUND_RESERVED_MOST = 1 << 22 };

static void reserve_found(scanner *sc, size_t capacity)
{
    fl_mention *moved = fl_arena_alloc_uninit(sc->arena, capacity * sizeof *moved);
    if (sc->found_count)
        memcpy(moved, sc->found, sc->found_count * sizeof *moved);
    sc->found = moved;
    sc->found_capacity = capacity;
}

static void record_run(scanner *sc, bool opens_sentence)
{
    fl_mention_word *words = fl_arena_memdup(sc->arena, sc->run, sc->run_count * sizeof *words);
    if (sc->found_count == sc->found_capacity)
        reserve_found(sc, 2 * sc->found_capacity);
    sc->opens_sentence = fl_xgrow(sc->opens_sentence, &sc->opens_sentence_capacity,
                                  sc->found_count + 1, sizeof *sc->opens_sentence);
    sc->opens_sentence[sc->found_count] = opens_sentence;
    sc->found[sc->found_count++] =
        (fl_mention){.line = sc->line, .words = words, .word_count = (uint32_t)sc->run_count};
}

/* run -> compound { space+ { connector space+ } compound }; the token at `first` is
 * capitalised. Returns the index of the token after the run. */
static size_t take_run(scanner *sc, size_t first)
{
    const token *tokens = sc->tokens;
    bool possessive = false;
    sc->run_count = 0;
    size_t next = take_compound(sc, first, false, &possessive);
    size_t end = next, kept = sc->run_count;
    while (!possessive && next + 1 < sc->token_count && tokens[next].kind == TOKEN_SPACE &&
           tokens[next + 1].kind == TOKEN_WORD) {
        size_t word = next + 1;
        if (tokens[word].capitalised) {
            next = take_compound(sc, word, false, &possessive);
        } else if (tokens[word].connector) {
            next = take_compound(sc, word, true, &possessive);
            if (next == word) {
                append_run_word(sc, &tokens[word], tokens[word].length, true);
                next = word + 1;
                continue;
            }
        } else {
            break;
        }
        end = next;
        kept = sc->run_count;
    }
    sc->run_count = kept;
    record_run(sc, tokens[first].opens_sentence);
    return end;
}

static void take_runs(scanner *sc)
{
    for (size_t i = 0; i < sc->token_count;) {
        if (sc->tokens[i].kind == TOKEN_WORD && sc->tokens[i].capitalised)
            i = take_run(sc, i);
        else
            i++;
    }
    sc->token_count = 0;
}

static uint32_t saturate(size_t value)
{
    return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

static bool is_joiner(const scanner *sc, const uint8_t *bytes, size_t length)
{
    return sc->joiners && sc->joiners->count > 0 &&
           in_word_list(sc->joiners->words, sc->joiners->count, bytes, length);
}

/* Whether `segment` is ASCII letters and digits alone, the most common token, noting
 * whether it holds a lower-case and an upper-case letter. Such a word needs no
 * decoding, and it leaves the sentence where every letter or digit does. */
static bool is_ascii_word(const uint8_t *segment, size_t length, bool *any_lower,
                          bool *any_upper)
{
    bool lower = false, upper = false;
    for (size_t i = 0; i < length; i++) {
        uint8_t byte = segment[i];
        if (byte >= 'a' && byte <= 'z')
            lower = true;
        else if (byte >= 'A' && byte <= 'Z')
            upper = true;
        else if (byte < '0' || byte > '9')
            return false;
    }
    *any_lower = lower;
    *any_upper = upper;
    return true;
}

/* Turns the segment text[offset, offset + length) into a token and advances `column`. */
static token read_token(scanner *sc, size_t offset, size_t length, size_t *column)
{
    const uint8_t *segment = sc->text + offset;
    token t = {.offset = offset, .length = length, .column = saturate(*column),
               .opens_sentence = sc->at_sentence_start};
    bool any_invalid = false, any_alnum = false, all_spaces = true;
    bool any_lower = false, any_upper = false;
    size_t chars = 0;
    ucs4_t first = 0;
    bool ascii_word = length > 0 && is_ascii_word(segment, length, &any_lower, &any_upper);
    if (ascii_word) {
        chars = length;
        first = segment[0];
        any_alnum = true;
        all_spaces = false;
        sc->at_sentence_start = sc->after_terminal = false;
    } else if (length == 1 && segment[0] < 0x80) {
        /* A space or a sign: about half of a text's segments, which need no decoding. */
        chars = 1;
        first = segment[0];
        all_spaces = first == ' ';
        follow_sentence(sc, first, false);
    } else {
        for (size_t i = 0; i < length; chars++) {
            ucs4_t uc;
            bool invalid;
            i += next_char(segment + i, length - i, &uc, &invalid);
            if (chars == 0)
                first = invalid ? 0 : uc;
            any_invalid |= invalid;
            any_alnum |= !invalid && is_letter_or_digit(uc);
            any_lower |= !invalid && is_lower(uc);
            any_upper |= !invalid && is_upper_or_title(uc);
            all_spaces &= !invalid && is_run_space(uc);
            follow_sentence(sc, uc, invalid);
        }
    }
    *column += chars;
    if (any_alnum && !any_invalid) {
        t.kind = TOKEN_WORD;
        sc->line_has_lower_case |= any_lower;
        sc->line_capital_words += any_upper && !any_lower;
        t.length = strip_possessive(segment, length);
        t.possessive = t.length != length;
        t.capitalised = is_upper_or_title(first);
        /* Connectors and joiners are lower-case words: a capital cannot start one. */
        bool capital = segment[0] >= 'A' && segment[0] <= 'Z';
        bool particle = !capital && fl_mentions_is_connector((const char *)segment, length);
        t.joiner = !capital && !particle && is_joiner(sc, segment, length);
        t.connector = !t.possessive && (particle || t.joiner);
        /* Name particles ("de", "van") used in lower case say nothing about whether
         * "De" or "Van" opening a sentence is an ordinary word; other words do. */
        if (is_lower(first) && !(t.connector && !t.joiner))
            add_lower_case_word(sc, segment, t.length, ascii_word && !any_upper);
    } else if (all_spaces) {
        t.kind = TOKEN_SPACE;
    } else if (chars == 1 && is_hyphen(first)) {
        t.kind = TOKEN_HYPHEN;
    } else {
        t.kind = TOKEN_BREAK;
    }
    return t;
}

/* The first boundary at or after `from`; there is one at the line's end. Most words
 * are short: where SSE2 is there, one load of BREAK_STRIDE flags finds the next. */
static size_t next_break(const char *breaks, size_t from)
{
#if defined(FL_SSE2)
    const __m128i none = _mm_setzero_si128();
    for (;; from += BREAK_STRIDE) {
        __m128i flags = _mm_loadu_si128((const __m128i *)(const void *)(breaks + from));
        unsigned set = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(flags, none)) & 0xFFFFu;
        if (set)
            return from + (size_t)__builtin_ctz(set);
    }
#else
    while (!breaks[from])
        from++;
    return from;
#endif
}

static void scan_line(scanner *sc, size_t start, size_t end)
{
    size_t length = end - start;
    if (length == 0)
        return;
    /* A boundary after the end, and room to read it BREAK_STRIDE flags at a time. */
    sc->breaks = fl_xgrow(sc->breaks, &sc->breaks_capacity, length + BREAK_STRIDE, 1);
    fl_word_breaks((const char *)sc->text + start, length, sc->breaks);
    memset(sc->breaks + length, 1, BREAK_STRIDE);
    sc->at_sentence_start = true;
    sc->after_terminal = false;
    sc->line_has_lower_case = false;
    sc->line_capital_words = 0;
    size_t first_run = sc->found_count;
    size_t column = 1;
    for (size_t i = 0; i < length;) {
        size_t j = next_break(sc->breaks, i + 1);
        token t = read_token(sc, start + i, j - i, &column);
        i = j;
        /* A run starts at a capitalised word and reads on from there: until one comes,
         * the tokens need not be kept. */
        bool capitalised = t.kind == TOKEN_WORD && t.capitalised;
        if (sc->token_count == 0 && !capitalised)
            continue;
        if (sc->token_count == sc->token_capacity)
            sc->tokens = fl_xgrow(sc->tokens, &sc->token_capacity, sc->token_count + 1,
                                  sizeof *sc->tokens);
        sc->tokens[sc->token_count++] = t;
        /* No name goes on past punctuation or an ordinary lower-case word, so the
         * tokens so far can be settled and dropped. */
        if (t.kind == TOKEN_BREAK || (t.kind == TOKEN_WORD && !capitalised && !t.connector))
            take_runs(sc);
    }
    take_runs(sc);
    /* A headline or a line typed in capitals: its words in capitals are no acronyms. */
    bool in_capitals = !sc->line_has_lower_case && sc->line_capital_words >= 2;
    for (size_t i = first_run; i < sc->found_count; i++)
        sc->found[i].in_capitals_line = in_capitals;
}

static bool only_function_words(const scanner *sc, const fl_mention_word *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!words[i].connector && !is_function_word(sc->text + words[i].offset,
                                                     words[i].length))
            return false;
    return true;
}

static bool is_ordinary_word(const scanner *sc, const fl_mention_word *word)
{
    const uint8_t *bytes = sc->text + word->offset;
    return is_function_word(bytes, word->length) ||
           (!is_acronym(bytes, word->length) && used_in_lower_case(sc, bytes, word->length));
}

/* Drops ordinary words that open sentences, then runs of function words alone, and
 * hands the rest out, moved down over those dropped. Deferred to the end because a
 * word counts as ordinary when it is used in lower case anywhere in the text. */
static void settle_runs(scanner *sc, fl_mention_list *out)
{
    fl_mention *items = sc->found;
    size_t count = 0;
    for (size_t i = 0; i < sc->found_count; i++) {
        const fl_mention found = sc->found[i];
        /* The scanner's own copy in the arena, written only here. */
        fl_mention_word *all_words = (fl_mention_word *)found.words;
        for (size_t w = 0; w < found.word_count; w++) {
            const uint8_t *bytes = sc->text + all_words[w].offset;
            all_words[w].in_lower_case_elsewhere =
                is_acronym(bytes, all_words[w].length) &&
                used_in_lower_case(sc, bytes, all_words[w].length);
        }
        const fl_mention_word *words = all_words;
        size_t word_count = found.word_count;
        if (sc->opens_sentence[i] && is_ordinary_word(sc, &words[0])) {
            words++;
            word_count--;
            while (word_count > 0 && words[0].connector) {
                words++;
                word_count--;
            }
        }
        if (word_count == 0 || only_function_words(sc, words, word_count))
            continue;
        const fl_mention_word *last = &words[word_count - 1];
        items[count++] = (fl_mention){
            .offset = words[0].offset,
            .length = last->offset + last->length - words[0].offset,
            .line = found.line,
            .column = words[0].column,
            .words = words,
            .word_count = (uint32_t)word_count,
            .in_capitals_line = found.in_capitals_line,
        };
    }
    if (count > 0) {
        out->items = items;
        out->count = count;
    }
}

void fl_mentions_scan(const char *text, size_t length, fl_arena *arena, fl_mention_list *out)
{
    fl_mentions_scan_joined(text, length, NULL, arena, out);
}

void fl_mentions_scan_joined(const char *text, size_t length, const fl_mention_joiners *joiners,
                             fl_arena *arena, fl_mention_list *out)
{
    out->items = NULL;
    out->count = 0;
    if (!text || length == 0)
        return;
    if (length > UINT32_MAX)
        length = UINT32_MAX;
    scanner sc = {.text = (const uint8_t *)text, .joiners = joiners, .arena = arena,
                  .scratch = FL_ARENA_INIT};
    size_t reserved = length / FOUND_RUN_BYTES + 16;
    reserve_found(&sc, reserved < FOUND_RESERVED_MOST ? reserved : FOUND_RESERVED_MOST);
    size_t line = 1;
    for (size_t start = 0;;) {
        size_t next;
        size_t end = fl_line_end(text, length, start, &next);
        sc.line = saturate(line);
        scan_line(&sc, start, end);
        if (end == length)
            break;
        start = next;
        line++;
    }
    settle_runs(&sc, out);
    free(sc.breaks);
    free(sc.tokens);
    free(sc.run);
    free(sc.opens_sentence);
    free(sc.lower_case.entries);
    fl_arena_free(&sc.scratch);
}
