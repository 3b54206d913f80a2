#include "names_index.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "memory.h"
#include "names_distance.h"

/*
 * Why the search is complete. Take a listed key within d edits of the query and, of
 * the optimal alignments of the two, one that matches as many spaces as possible.
 * The spaces it matches with spaces cut both keys into aligned segments; a segment
 * with no other space is one word against one word, and the others are "merged"
 * (several query words against one listed word) or "split" (query words against
 * several listed words). Each unmatched space costs an edit of its own, so a segment
 * spans at most d + 1 words on either side, its words joined without spaces stay
 * within its edits, and the segments before it shift its position, and those after
 * it the word count, by no more than the edits spent outside it. The lookup probes a
 * few query words whose budgets b satisfy sum(b + 1) > d: if each lies in a one-word
 * segment, one of them is within its budget of the listed word facing it
 * (pigeonhole); otherwise one lies in a merged or split segment, which the lookup
 * follows at full budget around it. Every filter on the way (prefix variants, cells,
 * shifts, lengths, letter classes) lets such a key through, and each candidate is
 * checked with the distance itself.
 */

enum {
    /* Variants are deletions from a word's first PREFIX characters only: two words
     * within b edits still share a variant of their prefixes with at most b deletions
     * each, and a word has at most 1 + 7 + 21 variants. */
    PREFIX = 7,
    MAX_VARIANTS = 1 + PREFIX + PREFIX * (PREFIX - 1) / 2,
    /* Word counts and positions are stored in a byte; longer keys are kept aside. */
    MAX_POSTED_WORDS = 255,
    /* A piece that brings this few keys is cheaper to follow than to reason about. */
    CHEAP_POSTINGS = 128,
    WORD_BITS = 30,
};

#define NONE UINT32_MAX

/* Candidates are checked one after another, and each is a wait for memory: asking for
 * the next ones early lets those waits overlap. */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif
enum { AHEAD = 4 };
/* Tagged words use the tags 0 to 2 in their top two bits; tag 3 marks a shared list. */
#define SHARED 0xC0000000u
#define HASH_BASE 0x100000001b3ULL

typedef struct slot {
    uint32_t hash;
    uint32_t value; /* NONE when the slot is free */
} slot;

/* Open addressing, linear probing, at most three quarters full. */
typedef struct table {
    slot *slots;
    size_t mask;
    size_t used;
} table;

typedef struct uint_list {
    uint32_t *items;
    size_t count, capacity;
} uint_list;

/* A key, with what a lookup needs to pass over most keys without reading them: its
 * length, and which of 16 classes its characters fall in (see letter_mask). */
typedef struct posting {
    uint32_t record;     /* see fl_name_index.records */
    uint16_t characters; /* UINT16_MAX for that many or more */
    uint16_t letters;
} posting;

/* The keys with a given word at a given position, among keys of a given word count,
 * in the order they were listed. */
typedef struct cell {
    union {
        posting *many;
        posting one; /* while capacity is 0: most cells hold a single key */
    } postings;
    uint32_t length, capacity;
    uint8_t count, position;
} cell;

typedef struct word {
    uint32_t text;     /* offset of its code points in fl_name_index.text */
    uint32_t length;   /* in code points */
    uint32_t postings; /* over all its cells */
    uint32_t cell_count, cell_capacity;
    cell *cells; /* sorted by (count, position) */
} word;

typedef struct word_shape {
    uint16_t letters; /* letter_mask() */
    uint8_t length;   /* capped at UINT8_MAX */
} word_shape;

typedef struct entry {
    uint32_t record; /* where its key is in fl_name_index.records */
    uint32_t ids;    /* first node of its list in fl_name_index.ids */
} entry;

typedef struct id_node {
    uint32_t id, next;
} id_node;

/* The words that share a variant, each tagged with the deletions that reach it, fewest
 * first. */
typedef struct variant_list {
    uint32_t *words;
    uint32_t length, capacity;
} variant_list;

struct fl_name_index {
    uint32_t *text;
    size_t text_length, text_capacity;
    word *words;
    size_t word_count, word_capacity;
    /* Each word's length and letter classes again: small enough to stay in the cache
     * while a lookup passes over words that cannot be close. */
    word_shape *shapes;
    size_t shapes_capacity;
    table word_table;
    /* Variant hash -> a tagged word, for the many variants only one word has; or
     * SHARED | the number of its variant_list. */
    table variant_table;
    variant_list *variants;
    size_t variant_count, variant_capacity;
    entry *entries;
    size_t entry_count, entry_capacity;
    /* Each key once, normalised, as a record: its entry number, its length in bytes,
     * then its UTF-8, padded to a whole number of uint32_t. A lookup checks a candidate
     * from its record alone, one place in memory. */
    uint32_t *records;
    size_t records_length, records_capacity;
    table entry_table;
    id_node *ids;
    size_t id_count, id_capacity;
    uint32_t empty_entry;  /* the key "", or NONE */
    uint_list short_entries; /* keys of at most FL_NAME_INDEX_MAX_DISTANCE characters */
    uint_list long_entries;  /* keys of more than MAX_POSTED_WORDS words: not posted */
    uint32_t *scratch;       /* the key being added */
    size_t scratch_capacity;
    size_t *starts, *lengths; /* of its words */
    size_t words_capacity;
};

static void too_large(void)
{
    fprintf(stderr, "factlint: too many names for one names index\n");
    exit(2);
}

static uint32_t narrow(size_t value)
{
    if (value >= NONE)
        too_large();
    return (uint32_t)value;
}

static void push(uint_list *list, uint32_t value)
{
    list->items = fl_xgrow(list->items, &list->capacity, list->count + 1, sizeof *list->items);
    list->items[list->count++] = value;
}

/* Hashes are polynomial so that every substring of a run hashes in constant time
 * once its prefixes have (see piece_hash). Collisions only cost time: a word or key
 * found by hash is compared, and a variant found by hash is checked by distance. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint32_t finish_hash(uint64_t polynomial, size_t length)
{
    return (uint32_t)(mix(polynomial + length * 0x9e3779b97f4a7c15ULL) >> 32);
}

static uint64_t polynomial(const uint32_t *text, size_t length)
{
    uint64_t hash = 0;
    for (size_t i = 0; i < length; i++)
        hash = hash * HASH_BASE + text[i] + 1;
    return hash;
}

static uint32_t hash_text(const uint32_t *text, size_t length)
{
    return finish_hash(polynomial(text, length), length);
}

/* The classes (code point modulo 16) of the characters in `text`. */
static uint16_t letter_mask(const uint32_t *text, size_t length)
{
    uint16_t mask = 0;
    for (size_t i = 0; i < length; i++)
        mask |= (uint16_t)(1u << (text[i] & 15));
    return mask;
}

static int popcount16(uint16_t bits)
{
    int count = 0;
    for (; bits; bits &= (uint16_t)(bits - 1))
        count++;
    return count;
}

/* Whether a word can be within `budget` of a text of `length` characters whose letter
 * mask is `letters` (see may_match for why). */
static bool shape_fits(word_shape shape, size_t length, uint16_t letters, unsigned budget)
{
    size_t difference = shape.length > length ? shape.length - length : length - shape.length;
    if (difference > budget && shape.length != UINT8_MAX)
        return false;
    return (unsigned)popcount16((uint16_t)(letters & ~shape.letters)) <= budget &&
           (unsigned)popcount16((uint16_t)(shape.letters & ~letters)) <= budget;
}

/* A set of numbers, for taking each word or key once per lookup. */
typedef struct uint_set {
    uint32_t *slots; /* NONE when free */
    size_t mask, count;
} uint_set;

static void set_clear(uint_set *set)
{
    if (set->slots)
        memset(set->slots, 0xff, (set->mask + 1) * sizeof *set->slots);
    set->count = 0;
}

/* Adds `value`; returns false when it was there already. */
static bool set_add(uint_set *set, uint32_t value)
{
    if ((set->count + 1) * 2 > set->mask + 1) {
        size_t size = set->slots ? (set->mask + 1) * 2 : 64;
        uint32_t *slots = fl_xmalloc(size * sizeof *slots);
        memset(slots, 0xff, size * sizeof *slots);
        for (size_t i = 0; set->slots && i <= set->mask; i++) {
            if (set->slots[i] == NONE)
                continue;
            size_t j = mix(set->slots[i]) & (size - 1);
            while (slots[j] != NONE)
                j = (j + 1) & (size - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->mask = size - 1;
    }
    size_t i = mix(value) & set->mask;
    while (set->slots[i] != NONE) {
        if (set->slots[i] == value)
            return false;
        i = (i + 1) & set->mask;
    }
    set->slots[i] = value;
    set->count++;
    return true;
}

static void table_init(table *t)
{
    t->mask = 63;
    t->slots = fl_xmalloc((t->mask + 1) * sizeof *t->slots);
    memset(t->slots, 0xff, (t->mask + 1) * sizeof *t->slots);
    t->used = 0;
}

/* Makes room for one more value. */
static void table_reserve(table *t)
{
    if ((t->used + 1) * 4 <= (t->mask + 1) * 3)
        return;
    size_t size = (t->mask + 1) * 2;
    slot *slots = fl_xmalloc(size * sizeof *slots);
    memset(slots, 0xff, size * sizeof *slots);
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->slots[i].value == NONE)
            continue;
        size_t j = t->slots[i].hash & (size - 1);
        while (slots[j].value != NONE)
            j = (j + 1) & (size - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->mask = size - 1;
}

/* Adds a value known to be absent. */
static void table_put(table *t, uint32_t hash, uint32_t value)
{
    table_reserve(t);
    size_t i = hash & t->mask;
    while (t->slots[i].value != NONE)
        i = (i + 1) & t->mask;
    t->slots[i] = (slot){hash, value};
    t->used++;
}

static const uint32_t *word_text(const fl_name_index *index, uint32_t word_id)
{
    return index->text + index->words[word_id].text;
}

static uint32_t find_word(const fl_name_index *index, const uint32_t *text, size_t length,
                          uint32_t hash)
{
    const table *t = &index->word_table;
    for (size_t i = hash & t->mask;; i = (i + 1) & t->mask) {
        const slot *s = &t->slots[i];
        if (s->value == NONE)
            return NONE;
        const word *w = &index->words[s->value];
        if (s->hash == hash && w->length == length &&
            memcmp(word_text(index, s->value), text, length * sizeof *text) == 0)
            return s->value;
    }
}

static uint32_t find_entry(const fl_name_index *index, const char *key, size_t bytes,
                           uint32_t hash)
{
    const table *t = &index->entry_table;
    for (size_t i = hash & t->mask;; i = (i + 1) & t->mask) {
        const slot *s = &t->slots[i];
        if (s->value == NONE)
            return NONE;
        const uint32_t *record = index->records + index->entries[s->value].record;
        if (s->hash == hash && record[1] == bytes &&
            (bytes == 0 || memcmp(record + 2, key, bytes) == 0))
            return s->value;
    }
}

/* Writes `text` as UTF-8 at `out`, which has room for 4 bytes a character; returns
 * the number of bytes. */
static size_t encode(const uint32_t *text, size_t length, char *out)
{
    size_t bytes = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < 0x80) {
            out[bytes++] = (char)text[i];
            continue;
        }
        int size = u8_uctomb((uint8_t *)out + bytes, text[i], 4);
        bytes += size > 0 ? (size_t)size : 0;
    }
    return bytes;
}

static void prefetch_slot(const table *t, uint32_t hash)
{
    PREFETCH(&t->slots[hash & t->mask]);
}

static uint32_t find_variant(const fl_name_index *index, uint32_t hash)
{
    const table *t = &index->variant_table;
    for (size_t i = hash & t->mask;; i = (i + 1) & t->mask) {
        if (t->slots[i].value == NONE)
            return NONE;
        if (t->slots[i].hash == hash)
            return t->slots[i].value;
    }
}

typedef struct variant {
    uint32_t hash;
    unsigned deletions;
} variant;

static int compare_variants(const void *a, const void *b)
{
    const variant *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->deletions > y->deletions) - (x->deletions < y->deletions);
}

/* The polynomial hash of text[from, to), from the hashes of its prefixes. */
static uint64_t slice_hash(const uint64_t *heads, const uint64_t *powers, size_t from, size_t to)
{
    return heads[to] - heads[from] * powers[to - from];
}

/* The hashes of `text`'s prefix with up to `budget` characters deleted; when
 * `deduplicate`, each variant once, with the fewest deletions that give it. `out`
 * holds MAX_VARIANTS. */
static size_t prefix_variants(const uint32_t *text, size_t length, unsigned budget,
                              bool deduplicate, variant *out)
{
    /* Polynomial hashes compose: a variant's hash comes from those of the slices
     * between the deleted characters, with no pass over the kept ones. */
    size_t prefix = length < PREFIX ? length : PREFIX;
    uint64_t heads[PREFIX + 1], powers[PREFIX + 1];
    heads[0] = 0;
    powers[0] = 1;
    for (size_t i = 0; i < prefix; i++) {
        heads[i + 1] = heads[i] * HASH_BASE + text[i] + 1;
        powers[i + 1] = powers[i] * HASH_BASE;
    }
    size_t count = 0;
    out[count++] = (variant){finish_hash(heads[prefix], prefix), 0};
    for (size_t i = 0; budget >= 1 && i < prefix; i++) {
        uint64_t without_i =
            heads[i] * powers[prefix - 1 - i] + slice_hash(heads, powers, i + 1, prefix);
        out[count++] = (variant){finish_hash(without_i, prefix - 1), 1};
        for (size_t j = i + 1; budget >= 2 && j < prefix; j++) {
            uint64_t before_j = heads[i] * powers[j - i - 1] + slice_hash(heads, powers, i + 1, j);
            uint64_t without_both =
                before_j * powers[prefix - 1 - j] + slice_hash(heads, powers, j + 1, prefix);
            out[count++] = (variant){finish_hash(without_both, prefix - 2), 2};
        }
    }
    if (!deduplicate)
        return count;
    for (size_t k = 1; k < count; k++) {
        variant moving = out[k];
        size_t at = k;
        while (at > 0 && compare_variants(&out[at - 1], &moving) > 0) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = moving;
    }
    size_t unique = 1;
    for (size_t k = 1; k < count; k++)
        if (out[k].hash != out[unique - 1].hash)
            out[unique++] = out[k];
    return unique;
}

/* Rewrites `text` as its words joined by single spaces and records each word's start
 * and length (room for length / 2 + 1 words); returns the number of words. */
static size_t join_words(uint32_t *text, size_t *length, size_t *starts, size_t *lengths)
{
    size_t count = 0, written = 0;
    size_t i = 0;
    while (i < *length) {
        if (text[i] == ' ') {
            i++;
            continue;
        }
        if (count > 0)
            text[written++] = ' ';
        starts[count] = written;
        while (i < *length && text[i] != ' ')
            text[written++] = text[i++];
        lengths[count] = written - starts[count];
        count++;
    }
    *length = written;
    return count;
}

fl_name_index *fl_name_index_new(void)
{
    fl_name_index *index = fl_xcalloc(1, sizeof *index);
    table_init(&index->word_table);
    table_init(&index->variant_table);
    table_init(&index->entry_table);
    index->empty_entry = NONE;
    return index;
}

void fl_name_index_free(fl_name_index *index)
{
    if (!index)
        return;
    for (size_t w = 0; w < index->word_count; w++) {
        word *wd = &index->words[w];
        for (size_t c = 0; c < wd->cell_count; c++)
            if (wd->cells[c].capacity)
                free(wd->cells[c].postings.many);
        free(wd->cells);
    }
    free(index->text);
    free(index->words);
    free(index->shapes);
    free(index->word_table.slots);
    free(index->variant_table.slots);
    for (size_t v = 0; v < index->variant_count; v++)
        free(index->variants[v].words);
    free(index->variants);
    free(index->entries);
    free(index->records);
    free(index->entry_table.slots);
    free(index->ids);
    free(index->short_entries.items);
    free(index->long_entries.items);
    free(index->scratch);
    free(index->starts);
    free(index->lengths);
    free(index);
}

static void add_variant(fl_name_index *index, uint32_t hash, uint32_t tagged_word)
{
    table *t = &index->variant_table;
    table_reserve(t);
    size_t i = hash & t->mask;
    while (t->slots[i].value != NONE && t->slots[i].hash != hash)
        i = (i + 1) & t->mask;
    slot *s = &t->slots[i];
    if (s->value == NONE) {
        *s = (slot){hash, tagged_word};
        t->used++;
        return;
    }
    if (s->value < SHARED) {
        if (index->variant_count >= (1u << WORD_BITS) - 1)
            too_large();
        index->variants = fl_xgrow(index->variants, &index->variant_capacity,
                                   index->variant_count + 1, sizeof *index->variants);
        variant_list *list = &index->variants[index->variant_count];
        *list = (variant_list){fl_xmalloc(2 * sizeof *list->words), 1, 2};
        list->words[0] = s->value;
        s->value = SHARED | (uint32_t)index->variant_count++;
    }
    /* Kept in order of deletions, so that a lookup with a smaller budget stops early. */
    variant_list *list = &index->variants[s->value & ~SHARED];
    size_t capacity = list->capacity;
    list->words = fl_xgrow(list->words, &capacity, list->length + 1u, sizeof *list->words);
    list->capacity = narrow(capacity);
    size_t at = list->length;
    while (at > 0 && list->words[at - 1] >> WORD_BITS > tagged_word >> WORD_BITS)
        at--;
    memmove(&list->words[at + 1], &list->words[at], (list->length - at) * sizeof *list->words);
    list->words[at] = tagged_word;
    list->length++;
}

static uint32_t intern_word(fl_name_index *index, const uint32_t *text, size_t length)
{
    uint32_t hash = hash_text(text, length);
    uint32_t found = find_word(index, text, length, hash);
    if (found != NONE)
        return found;
    if (index->word_count >= (1u << WORD_BITS))
        too_large();
    uint32_t id = (uint32_t)index->word_count;
    index->text = fl_xgrow(index->text, &index->text_capacity, index->text_length + length,
                           sizeof *index->text);
    memcpy(index->text + index->text_length, text, length * sizeof *text);
    index->words = fl_xgrow(index->words, &index->word_capacity, index->word_count + 1,
                            sizeof *index->words);
    index->words[id] = (word){.text = narrow(index->text_length), .length = narrow(length)};
    index->shapes = fl_xgrow(index->shapes, &index->shapes_capacity, index->word_count + 1,
                             sizeof *index->shapes);
    index->shapes[id] = (word_shape){letter_mask(text, length),
                                     (uint8_t)(length < UINT8_MAX ? length : UINT8_MAX)};
    index->text_length += length;
    index->word_count++;
    table_put(&index->word_table, hash, id);

    variant variants[MAX_VARIANTS];
    size_t count = prefix_variants(text, length, FL_NAME_INDEX_MAX_DISTANCE, true, variants);
    for (size_t k = 0; k < count; k++)
        add_variant(index, variants[k].hash, id | (uint32_t)variants[k].deletions << WORD_BITS);
    return id;
}

static unsigned cell_key(size_t count, size_t position)
{
    return (unsigned)(count << 8 | position);
}

static const posting *cell_postings(const cell *c)
{
    return c->capacity ? c->postings.many : &c->postings.one;
}

static void post(fl_name_index *index, uint32_t word_id, size_t count, size_t position,
                 posting listed)
{
    word *w = &index->words[word_id];
    unsigned key = cell_key(count, position);
    size_t low = 0, high = w->cell_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (cell_key(w->cells[middle].count, w->cells[middle].position) < key)
            low = middle + 1;
        else
            high = middle;
    }
    if (low == w->cell_count || cell_key(w->cells[low].count, w->cells[low].position) != key) {
        /* Most words sit in one or two cells: grow from one, not from fl_xgrow's 8. */
        size_t capacity = w->cell_capacity;
        if (capacity == 0) {
            w->cells = fl_xmalloc(sizeof *w->cells);
            capacity = 1;
        }
        w->cells = fl_xgrow(w->cells, &capacity, w->cell_count + 1u, sizeof *w->cells);
        w->cell_capacity = narrow(capacity);
        memmove(&w->cells[low + 1], &w->cells[low], (w->cell_count - low) * sizeof *w->cells);
        w->cells[low] = (cell){.count = (uint8_t)count, .position = (uint8_t)position};
        w->cell_count++;
    }
    cell *c = &w->cells[low];
    if (c->length == 0) {
        c->postings.one = listed;
    } else {
        if (c->capacity == 0) {
            posting first = c->postings.one;
            c->postings.many = fl_xmalloc(4 * sizeof *c->postings.many);
            c->postings.many[0] = first;
            c->capacity = 4;
        }
        size_t capacity = c->capacity;
        c->postings.many = fl_xgrow(c->postings.many, &capacity, c->length + 1u,
                                    sizeof *c->postings.many);
        c->capacity = narrow(capacity);
        c->postings.many[c->length] = listed;
    }
    c->length++;
    w->postings++;
}

/* Lists the key encoded after the last record, `bytes` long, whose `count` words are
 * in index->scratch. */
static uint32_t new_entry(fl_name_index *index, size_t count, size_t bytes, size_t characters,
                          uint32_t hash)
{
    uint32_t id = narrow(index->entry_count);
    uint32_t record = narrow(index->records_length);
    index->entries = fl_xgrow(index->entries, &index->entry_capacity, index->entry_count + 1,
                              sizeof *index->entries);
    index->entries[id] = (entry){
        .record = record,
        .ids = NONE,
    };
    index->records[record] = id;
    index->records[record + 1] = narrow(bytes);
    index->records_length += 2 + (bytes + 3) / 4;
    index->entry_count++;
    table_put(&index->entry_table, hash, id);

    if (count == 0)
        index->empty_entry = id;
    if (characters <= FL_NAME_INDEX_MAX_DISTANCE)
        push(&index->short_entries, id);
    if (count > MAX_POSTED_WORDS) {
        push(&index->long_entries, id);
        return id;
    }
    posting listed = {record, characters < UINT16_MAX ? (uint16_t)characters : UINT16_MAX,
                      letter_mask(index->scratch, characters)};
    for (size_t position = 0; position < count; position++) {
        uint32_t word_id = intern_word(index, index->scratch + index->starts[position],
                                       index->lengths[position]);
        post(index, word_id, count, position, listed);
    }
    return id;
}

void fl_name_index_add(fl_name_index *index, const char *key, size_t length, uint32_t id)
{
    index->scratch = fl_xgrow(index->scratch, &index->scratch_capacity, length + 1,
                              sizeof *index->scratch);
    size_t characters = fl_name_code_points(key, length, index->scratch, length);
    size_t most_words = characters / 2 + 1;
    if (most_words > index->words_capacity) {
        index->starts = fl_xrealloc(index->starts, most_words * sizeof *index->starts);
        index->lengths = fl_xrealloc(index->lengths, most_words * sizeof *index->lengths);
        index->words_capacity = most_words;
    }
    size_t count = join_words(index->scratch, &characters, index->starts, index->lengths);

    /* Encoded in place after the last record, kept there only if it is new. */
    index->records = fl_xgrow(index->records, &index->records_capacity,
                              index->records_length + 2 + characters + 1,
                              sizeof *index->records);
    char *encoded = (char *)(index->records + index->records_length + 2);
    size_t bytes = encode(index->scratch, characters, encoded);
    uint32_t hash = hash_text(index->scratch, characters);
    uint32_t found = find_entry(index, encoded, bytes, hash);
    if (found == NONE)
        found = new_entry(index, count, bytes, characters, hash);

    entry *e = &index->entries[found];
    for (uint32_t node = e->ids; node != NONE; node = index->ids[node].next)
        if (index->ids[node].id == id)
            return;
    index->ids = fl_xgrow(index->ids, &index->id_capacity, index->id_count + 1,
                          sizeof *index->ids);
    index->ids[index->id_count] = (id_node){id, e->ids};
    e->ids = narrow(index->id_count++);
}

/* ---- lookup ---------------------------------------------------------------- */

typedef struct close_word {
    uint32_t word;
    unsigned distance;
} close_word;

typedef struct close_list {
    close_word *items;
    size_t count, capacity;
} close_list;

/* A query word to probe, within `budget` edits, and the listed words that close
 * (NULL for budget 0: the word itself). */
typedef struct probe {
    size_t position;
    unsigned budget;
    const close_list *close;
} probe;

typedef struct run {
    size_t start, words;
} run;

enum { VARIANT_MEMORY = 256 };

/* A fetch decided on but not yet made: see visit(). */
typedef struct planned {
    uint32_t word;
    uint32_t start, words, listed, piece, tolerance;
} planned;

/* The fetches that follow one run of query words through merges and splits. */
typedef struct run_plan {
    run r;
    size_t first, count; /* in search.planned */
    size_t cost;         /* keys they would take */
    bool done;
} run_plan;

typedef struct search {
    const fl_name_index *index;
    const uint32_t *query; /* its words joined by single spaces */
    size_t query_length;
    const size_t *starts, *lengths;
    size_t word_count;
    unsigned radius;
    bool automatic;   /* thresholds by each key's length */
    bool query_prepared;
    fl_name_pattern query_pattern;
    uint16_t letters; /* the query's letter_mask() */
    uint_list candidates; /* records of the keys to check, each once */
    uint_set seen_records;
    uint_list found; /* scratch of close_words() */
    fl_name_pattern pattern;
    uint_set seen_words;
    close_list piece_close;
    close_list run_close;
    uint32_t *joined; /* a run of query words without their spaces */
    uint64_t *prefix_hashes, *powers;
    uint32_t *heads, *tails; /* the listed words spelled by each prefix and suffix */
    bool *spaces;            /* spaces[i]: the query had a space before joined[i] */
    size_t joined_capacity;
    planned *planned;
    size_t planned_count, planned_capacity;
    /* The lookups of one query meet the same variants again and again (a word, then
     * the runs it starts): the last answers, by hash. */
    uint64_t remembered[VARIANT_MEMORY];
    uint32_t remembered_value[VARIANT_MEMORY];
    run_plan *runs;
    size_t run_count, run_capacity;
} search;

static void close_push(close_list *list, uint32_t word_id, unsigned distance)
{
    list->items = fl_xgrow(list->items, &list->capacity, list->count + 1, sizeof *list->items);
    list->items[list->count++] = (close_word){word_id, distance};
}

/* Replaces `out` with the listed words within `budget` of `text`. */
static void close_words(search *s, const uint32_t *text, size_t length, unsigned budget,
                        close_list *out)
{
    const fl_name_index *index = s->index;
    out->count = 0;
    if (budget == 0) {
        uint32_t word_id = find_word(index, text, length, hash_text(text, length));
        if (word_id != NONE)
            close_push(out, word_id, 0);
        return;
    }
    variant variants[MAX_VARIANTS];
    uint32_t values[MAX_VARIANTS];
    /* A variant met twice costs a remembered lookup; sorting them out costs more. */
    size_t count = prefix_variants(text, length, budget, false, variants);
    for (size_t k = 0; k < count; k++)
        if (s->remembered[variants[k].hash % VARIANT_MEMORY] !=
            ((uint64_t)1 << 32 | variants[k].hash))
            prefetch_slot(&index->variant_table, variants[k].hash);
    for (size_t k = 0; k < count; k++) {
        uint32_t hash = variants[k].hash;
        size_t memory = hash % VARIANT_MEMORY;
        if (s->remembered[memory] != ((uint64_t)1 << 32 | hash)) {
            s->remembered[memory] = (uint64_t)1 << 32 | hash;
            s->remembered_value[memory] = find_variant(index, hash);
        }
        values[k] = s->remembered_value[memory];
        if (values[k] != NONE && values[k] >= SHARED)
            PREFETCH(index->variants[values[k] & ~SHARED].words);
    }
    s->found.count = 0;
    set_clear(&s->seen_words);
    uint16_t letters = letter_mask(text, length);
    for (size_t k = 0; k < count; k++) {
        uint32_t value = values[k];
        if (value == NONE)
            continue;
        const uint32_t *tagged = &value;
        size_t shared = 1;
        if (value >= SHARED) {
            tagged = index->variants[value & ~SHARED].words;
            shared = index->variants[value & ~SHARED].length;
        }
        for (size_t i = 0; i < shared && tagged[i] >> WORD_BITS <= budget; i++) {
            uint32_t word_id = tagged[i] & ((1u << WORD_BITS) - 1);
            if (shape_fits(index->shapes[word_id], length, letters, budget) &&
                set_add(&s->seen_words, word_id))
                push(&s->found, word_id);
        }
    }
    bool prepared = s->found.count > 1 && fl_name_pattern_init(&s->pattern, text, length);
    for (size_t i = 0; i < s->found.count; i++) {
        if (i + 2 * AHEAD < s->found.count)
            PREFETCH(&index->words[s->found.items[i + 2 * AHEAD]]);
        if (i + AHEAD < s->found.count)
            PREFETCH(word_text(index, s->found.items[i + AHEAD]));
        uint32_t word_id = s->found.items[i];
        const word *w = &index->words[word_id];
        unsigned distance =
            prepared
                ? fl_name_pattern_distance(&s->pattern, word_text(index, word_id), w->length,
                                           budget)
                : fl_name_distance(text, length, word_text(index, word_id), w->length, budget);
        if (distance <= budget)
            close_push(out, word_id, distance);
    }
}

static void take(search *s, uint32_t record)
{
    if (set_add(&s->seen_records, record))
        push(&s->candidates, record);
}

/* Whether a key can be close enough to the query, judged from its posting: an edit
 * changes the length by at most one, and removes at most one character and adds at
 * most one, so it empties or fills at most one class of characters each way. */
static bool may_match(const search *s, const posting *key)
{
    size_t characters = key->characters;
    unsigned limit = s->automatic ? fl_name_max_distance_auto(characters) : s->radius;
    if (characters != UINT16_MAX) {
        size_t difference = characters > s->query_length ? characters - s->query_length
                                                         : s->query_length - characters;
        if (difference > limit)
            return false;
    } else {
        limit = s->radius;
    }
    unsigned missing = (unsigned)popcount16((uint16_t)(s->letters & ~key->letters));
    unsigned extra = (unsigned)popcount16((uint16_t)(key->letters & ~s->letters));
    return missing <= limit && extra <= limit;
}

/* The keys where `word_id` is word `piece` of a run of `listed` words that stands
 * for the query's run of `words` words from `start`, when the edits outside the run
 * shift it by at most `tolerance` words in all (its start and its end each move with
 * the words gained or lost on their side). Takes them as candidates when `taking`;
 * returns how many there are. */
static size_t visit(search *s, uint32_t word_id, size_t start, size_t words, size_t listed,
                    size_t piece, unsigned tolerance, bool taking)
{
    const word *w = &s->index->words[word_id];
    long reach = (long)tolerance;
    long unshifted = (long)s->word_count - (long)words + (long)listed;
    long fewest = unshifted - reach > (long)listed ? unshifted - reach : (long)listed;
    long most = unshifted + reach < MAX_POSTED_WORDS ? unshifted + reach : MAX_POSTED_WORDS;
    if (fewest > most)
        return 0;
    /* The cells of the counts in reach are contiguous: find the first, walk the rest. */
    unsigned first_key = cell_key((size_t)fewest, 0);
    size_t low = 0, high = w->cell_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (cell_key(w->cells[middle].count, w->cells[middle].position) < first_key)
            low = middle + 1;
        else
            high = middle;
    }
    size_t total = 0;
    for (size_t i = low; i < w->cell_count && w->cells[i].count <= most; i++) {
        const cell *c = &w->cells[i];
        long listed_start = (long)c->position - (long)piece;
        if (listed_start < 0 || listed_start + (long)listed > (long)c->count)
            continue;
        long before = listed_start - (long)start;
        long after = (long)c->count - unshifted - before;
        if ((before < 0 ? -before : before) + (after < 0 ? -after : after) > reach)
            continue;
        total += c->length;
        const posting *keys = cell_postings(c);
        for (uint32_t k = 0; taking && k < c->length; k++)
            if (may_match(s, &keys[k]))
                take(s, keys[k].record);
    }
    return total;
}

/* What probing a query word costs: the keys its close words within `budget` bring. */
static size_t probe_cost(search *s, const close_list *close, size_t position, unsigned budget)
{
    for (size_t i = 0; i < close->count; i++)
        PREFETCH(s->index->words[close->items[i].word].cells);
    size_t cost = 0;
    for (size_t i = 0; i < close->count; i++) {
        unsigned distance = close->items[i].distance;
        if (distance <= budget)
            cost += visit(s, close->items[i].word, position, 1, 1, 0, s->radius - distance,
                          false);
    }
    return cost;
}

/* Records a fetch for the run being planned, the last of s->runs. */
static void plan(search *s, uint32_t word_id, size_t listed, size_t piece, unsigned tolerance)
{
    run_plan *p = &s->runs[s->run_count - 1];
    size_t cost = visit(s, word_id, p->r.start, p->r.words, listed, piece, tolerance, false);
    if (cost == 0)
        return;
    s->planned = fl_xgrow(s->planned, &s->planned_capacity, s->planned_count + 1,
                          sizeof *s->planned);
    s->planned[s->planned_count++] = (planned){word_id, (uint32_t)p->r.start,
                                               (uint32_t)p->r.words, (uint32_t)listed,
                                               (uint32_t)piece, tolerance};
    p->cost += cost;
}

static uint32_t piece_hash(const search *s, size_t from, size_t to)
{
    return finish_hash(slice_hash(s->prefix_hashes, s->powers, from, to), to - from);
}

static uint32_t piece_word(const search *s, size_t from, size_t to)
{
    return find_word(s->index, s->joined + from, to - from, piece_hash(s, from, to));
}

/* A split in two where `exact` spells one piece and the other, `other`, is within
 * `budget`: follow whichever side brings fewer keys. */
static void follow_pair(search *s, uint32_t exact, size_t exact_piece, const uint32_t *other,
                        size_t other_length, unsigned budget, unsigned tolerance)
{
    run r = s->runs[s->run_count - 1].r;
    size_t exact_cost = visit(s, exact, r.start, r.words, 2, exact_piece, tolerance, false);
    /* Words within an edit of a piece of one or two letters are legion: not worth
     * weighing against the exact piece. */
    if (exact_cost > CHEAP_POSTINGS && other_length > 2) {
        close_words(s, other, other_length, budget, &s->piece_close);
        size_t other_cost = 0;
        for (size_t i = 0; i < s->piece_close.count && other_cost < exact_cost; i++)
            other_cost += visit(s, s->piece_close.items[i].word, r.start, r.words, 2,
                                1 - exact_piece, tolerance, false);
        if (other_cost < exact_cost) {
            for (size_t i = 0; i < s->piece_close.count; i++)
                plan(s, s->piece_close.items[i].word, 2, 1 - exact_piece, tolerance);
            return;
        }
    }
    plan(s, exact, 2, exact_piece, tolerance);
}

/* Whether the listed key's space can sit at `cut` (and take the letter before
 * `resume` when they differ). Not where the query's run had a space: of the optimal
 * alignments take one that matches as many spaces as possible, and it would have
 * matched that space with this one, at no more cost (a space put next to a deleted
 * space, or a letter turned into a space beside one, is never cheaper). */
static bool can_split(const search *s, size_t cut, size_t resume)
{
    return !s->spaces[cut] && !s->spaces[resume];
}

/* The listed key splits the run (joined, `length` characters) in two: at a space it
 * inserted, or at a letter it turned into a space, which then drops out. Spending an
 * edit on that space leaves `budget` for the pieces, of which one is exact when the
 * budget is 1. */
static void split_in_two(search *s, size_t length, unsigned budget, unsigned tolerance)
{
    run r = s->runs[s->run_count - 1].r;
    for (size_t cut = 1; cut < length; cut++) {
        for (size_t drop = 0; drop <= 1; drop++) {
            size_t resume = cut + drop;
            if (resume >= length || !can_split(s, cut, resume))
                continue;
            uint32_t left = s->heads[cut], right = s->tails[resume];
            if (budget == 0) {
                if (left == NONE || right == NONE)
                    continue;
                size_t left_cost = visit(s, left, r.start, r.words, 2, 0, tolerance, false);
                size_t right_cost = visit(s, right, r.start, r.words, 2, 1, tolerance, false);
                if (left_cost <= right_cost)
                    plan(s, left, 2, 0, tolerance);
                else
                    plan(s, right, 2, 1, tolerance);
                continue;
            }
            if (left != NONE)
                follow_pair(s, left, 0, s->joined + resume, length - resume, budget, tolerance);
            if (right != NONE)
                follow_pair(s, right, 1, s->joined, cut, budget, tolerance);
        }
    }
}

/* Split in three: two spaces spend both edits of the largest radius, so every piece
 * is exact. */
static void split_in_three(search *s, size_t length, unsigned tolerance)
{
    run r = s->runs[s->run_count - 1].r;
    for (size_t cut = 1; cut < length; cut++) {
        for (size_t drop = 0; drop <= 1; drop++) {
            size_t middle = cut + drop;
            if (middle + 2 > length || !can_split(s, cut, middle))
                continue;
            uint32_t first = s->heads[cut];
            if (first == NONE)
                continue;
            for (size_t cut2 = middle + 1; cut2 < length; cut2++) {
                for (size_t drop2 = 0; drop2 <= 1; drop2++) {
                    size_t last = cut2 + drop2;
                    if (last >= length || !can_split(s, cut2, last))
                        continue;
                    uint32_t third = s->tails[last];
                    if (third == NONE)
                        continue;
                    uint32_t second = piece_word(s, middle, cut2);
                    if (second == NONE)
                        continue;
                    uint32_t pieces[3] = {first, second, third};
                    size_t rarest = 0, rarest_cost = SIZE_MAX;
                    for (size_t p = 0; p < 3; p++) {
                        size_t cost =
                            visit(s, pieces[p], r.start, r.words, 3, p, tolerance, false);
                        if (cost < rarest_cost) {
                            rarest = p;
                            rarest_cost = cost;
                        }
                    }
                    plan(s, pieces[rarest], 3, rarest, tolerance);
                }
            }
        }
    }
}

/* Joins the run's words without spaces into s->joined, with the prefix hashes that
 * piece_word() needs, and looks up each of its proper prefixes and suffixes as a
 * listed word (s->heads[i] spells joined[0, i), s->tails[i] joined[i, length));
 * returns its length. */
static size_t join_run(search *s, run r)
{
    size_t length = 0;
    for (size_t w = r.start; w < r.start + r.words; w++)
        length += s->lengths[w];
    if (length + 1 > s->joined_capacity) {
        s->joined_capacity = length + 1;
        s->joined = fl_xrealloc(s->joined, s->joined_capacity * sizeof *s->joined);
        s->prefix_hashes =
            fl_xrealloc(s->prefix_hashes, s->joined_capacity * sizeof *s->prefix_hashes);
        s->powers = fl_xrealloc(s->powers, s->joined_capacity * sizeof *s->powers);
        s->heads = fl_xrealloc(s->heads, s->joined_capacity * sizeof *s->heads);
        s->tails = fl_xrealloc(s->tails, s->joined_capacity * sizeof *s->tails);
        s->spaces = fl_xrealloc(s->spaces, s->joined_capacity * sizeof *s->spaces);
    }
    size_t at = 0;
    memset(s->spaces, 0, (length + 1) * sizeof *s->spaces);
    for (size_t w = r.start; w < r.start + r.words; w++) {
        memcpy(s->joined + at, s->query + s->starts[w], s->lengths[w] * sizeof *s->joined);
        at += s->lengths[w];
        s->spaces[at] = w + 1 < r.start + r.words;
    }
    s->prefix_hashes[0] = 0;
    s->powers[0] = 1;
    for (size_t i = 0; i < length; i++) {
        s->prefix_hashes[i + 1] = s->prefix_hashes[i] * HASH_BASE + s->joined[i] + 1;
        s->powers[i + 1] = s->powers[i] * HASH_BASE;
    }
    for (size_t i = 1; i < length; i++) {
        s->heads[i] = piece_hash(s, 0, i);
        s->tails[i] = piece_hash(s, i, length);
        prefetch_slot(&s->index->word_table, s->heads[i]);
        prefetch_slot(&s->index->word_table, s->tails[i]);
    }
    for (size_t i = 1; i < length; i++) {
        s->heads[i] = find_word(s->index, s->joined, i, s->heads[i]);
        s->tails[i] = find_word(s->index, s->joined + i, length - i, s->tails[i]);
    }
    return length;
}

/* Plans, once per run, the fetches that follow a run of query words merged into one
 * listed word or split into several; returns the plan's number in s->runs. */
static size_t plan_run(search *s, run r)
{
    for (size_t i = 0; i < s->run_count; i++)
        if (s->runs[i].r.start == r.start && s->runs[i].r.words == r.words)
            return i;
    s->runs = fl_xgrow(s->runs, &s->run_capacity, s->run_count + 1, sizeof *s->runs);
    s->runs[s->run_count++] = (run_plan){.r = r, .first = s->planned_count};
    unsigned radius = s->radius;
    size_t length = join_run(s, r);
    if (r.words >= 2) {
        close_words(s, s->joined, length, radius, &s->run_close);
        for (size_t i = 0; i < s->run_close.count; i++) {
            unsigned spent = s->run_close.items[i].distance;
            if (spent < r.words - 1)
                spent = (unsigned)r.words - 1;
            plan(s, s->run_close.items[i].word, 1, 0, radius - spent);
        }
    }
    for (size_t pieces = 2; pieces <= radius + 1u; pieces++) {
        size_t spaces = (r.words > pieces ? r.words : pieces) - 1;
        if (spaces > radius)
            continue;
        unsigned tolerance = radius - (unsigned)spaces;
        if (pieces == 2)
            split_in_two(s, length, radius - 1, tolerance);
        else
            split_in_three(s, length, tolerance);
    }
    run_plan *p = &s->runs[s->run_count - 1];
    p->count = s->planned_count - p->first;
    return s->run_count - 1;
}

enum { MAX_RUNS_AROUND = (FL_NAME_INDEX_MAX_DISTANCE + 1) * (FL_NAME_INDEX_MAX_DISTANCE + 2) / 2 };

/* The runs of up to radius + 1 query words around `position`, planned if they were not
 * yet: the segment that holds a probed word may be merged or split with its
 * neighbours. Writes their numbers in s->runs to `numbers`, returns how many. */
static size_t runs_around(search *s, size_t position, size_t *numbers)
{
    size_t count = 0;
    for (size_t words = 1; words <= s->radius + 1u && words <= s->word_count; words++) {
        size_t first = position + 1 >= words ? position + 1 - words : 0;
        for (size_t start = first; start <= position && start + words <= s->word_count;
             start++)
            numbers[count++] = plan_run(s, (run){start, words});
    }
    return count;
}

enum {
    /* In long keys only the words cheapest to probe exactly are weighed. */
    CONSIDERED = 8,
    MAX_OPTIONS = CONSIDERED + CONSIDERED * (CONSIDERED - 1) +
                  CONSIDERED * (CONSIDERED - 1) * (CONSIDERED - 2) / 6,
};

/* A way to probe: budgets whose (budget + 1) sum past the radius. */
typedef struct option {
    size_t count;
    size_t positions[FL_NAME_INDEX_MAX_DISTANCE + 1];
    unsigned budgets[FL_NAME_INDEX_MAX_DISTANCE + 1];
    size_t bound; /* no more than its cost: the within-1 cost stands for within-2 */
    bool weighed;
} option;

/* What the query words cost to probe: exact, and (computed on demand, SIZE_MAX
 * until then) within 1 and within 2; the listed words they reach go with them. */
typedef struct word_costs {
    uint32_t *exact_words; /* NONE when the word is not listed */
    close_list *near, *far;
    size_t *exact, *within_one, *within_two;
} word_costs;

static size_t probe_cost_of(search *s, word_costs *costs, size_t position, unsigned budget)
{
    const uint32_t *text = s->query + s->starts[position];
    size_t length = s->lengths[position];
    if (budget == 0)
        return costs->exact[position];
    if (budget == 1) {
        if (costs->within_one[position] == SIZE_MAX) {
            close_words(s, text, length, 1, &costs->near[position]);
            costs->within_one[position] = probe_cost(s, &costs->near[position], position, 1);
        }
        return costs->within_one[position];
    }
    if (costs->within_two[position] == SIZE_MAX) {
        close_words(s, text, length, 2, &costs->far[position]);
        costs->within_two[position] = probe_cost(s, &costs->far[position], position, 2);
    }
    return costs->within_two[position];
}

/* A lower bound of what probing a word within `budget` costs, without finding its
 * close words: they include the word itself. */
static size_t probe_bound(const word_costs *costs, size_t position, unsigned budget)
{
    if (budget == 2 && costs->within_two[position] != SIZE_MAX)
        return costs->within_two[position];
    if (budget >= 1 && costs->within_one[position] != SIZE_MAX)
        return costs->within_one[position];
    return costs->exact[position];
}

/* An option's cost: the keys its probes bring, and those of the runs around them. */
static size_t option_cost(search *s, word_costs *costs, const option *o)
{
    size_t cost = 0;
    size_t numbers[(FL_NAME_INDEX_MAX_DISTANCE + 1) * MAX_RUNS_AROUND];
    size_t count = 0;
    for (size_t p = 0; p < o->count; p++) {
        cost += probe_cost_of(s, costs, o->positions[p], o->budgets[p]);
        count += runs_around(s, o->positions[p], numbers + count);
    }
    for (size_t i = 0; i < count; i++) {
        bool again = false;
        for (size_t j = 0; j < i; j++)
            again = again || numbers[j] == numbers[i];
        if (!again)
            cost += s->runs[numbers[i]].cost;
    }
    return cost;
}

static void add_option(option *options, size_t *count, const size_t *positions,
                       const unsigned *budgets, size_t probes, size_t bound)
{
    option *o = &options[(*count)++];
    *o = (option){.count = probes, .bound = bound};
    for (size_t p = 0; p < probes; p++) {
        o->positions[p] = positions[p];
        o->budgets[p] = budgets[p];
    }
}

/* Lists every option over the considered words, with its lower bound. */
static size_t list_options(const search *s, const word_costs *costs, const size_t *considered,
                           size_t count, option *options)
{
    size_t listed = 0;
    unsigned radius = s->radius;
    for (size_t i = 0; i < count; i++) {
        size_t k = considered[i];
        unsigned budget = radius;
        add_option(options, &listed, &k, &budget, 1, probe_bound(costs, k, radius));
        for (size_t j = 0; j < count; j++) {
            size_t l = considered[j];
            if (radius == 2 && j != i) {
                size_t pair[2] = {k, l};
                unsigned budgets[2] = {1, 0};
                add_option(options, &listed, pair, budgets, 2,
                           probe_bound(costs, k, 1) + costs->exact[l]);
            }
            if (radius == 1 && j > i) {
                size_t pair[2] = {k, l};
                unsigned budgets[2] = {0, 0};
                add_option(options, &listed, pair, budgets, 2, costs->exact[k] + costs->exact[l]);
            }
            for (size_t n = j + 1; radius == 2 && j > i && n < count; n++) {
                size_t triple[3] = {k, l, considered[n]};
                unsigned budgets[3] = {0, 0, 0};
                add_option(options, &listed, triple, budgets, 3,
                           costs->exact[k] + costs->exact[l] + costs->exact[considered[n]]);
            }
        }
    }
    return listed;
}

/* Chooses the probes: of the options, the one whose probes and runs bring the fewest
 * keys, weighing options in order of their lower bounds and stopping when no bound
 * can beat the best found, so that most runs are never planned. Fills `probes` and
 * returns how many it chose. */
static size_t choose_probes(search *s, word_costs *costs, probe *probes)
{
    size_t m = s->word_count;
    for (size_t k = 0; k < m; k++) {
        const uint32_t *text = s->query + s->starts[k];
        costs->exact_words[k] = find_word(s->index, text, s->lengths[k],
                                          hash_text(text, s->lengths[k]));
        costs->exact[k] = costs->exact_words[k] == NONE
                              ? 0
                              : visit(s, costs->exact_words[k], k, 1, 1, 0, s->radius, false);
        costs->within_one[k] = costs->within_two[k] = SIZE_MAX;
        /* Cheap to find, and they bound the options closely enough that few of them
         * need their runs planned. */
        probe_cost_of(s, costs, k, 1);
    }
    size_t considered[CONSIDERED] = {0};
    size_t count = m < CONSIDERED ? m : CONSIDERED;
    for (size_t i = 0; i < count; i++) {
        size_t choice = SIZE_MAX;
        for (size_t k = 0; k < m; k++) {
            bool taken = false;
            for (size_t j = 0; j < i; j++)
                taken = taken || considered[j] == k;
            if (!taken && (choice == SIZE_MAX || costs->exact[k] < costs->exact[choice]))
                choice = k;
        }
        considered[i] = choice;
    }

    option options[MAX_OPTIONS];
    size_t listed = list_options(s, costs, considered, count, options);
    const option *best = NULL;
    size_t best_cost = SIZE_MAX;
    for (;;) {
        option *next = NULL;
        for (size_t i = 0; i < listed; i++)
            if (!options[i].weighed && (!next || options[i].bound < next->bound))
                next = &options[i];
        if (!next || (best && next->bound >= best_cost))
            break;
        next->weighed = true;
        size_t cost = option_cost(s, costs, next);
        if (!best || cost < best_cost) {
            best = next;
            best_cost = cost;
        }
    }
    for (size_t p = 0; p < best->count; p++) {
        size_t k = best->positions[p];
        unsigned budget = best->budgets[p];
        const close_list *close = budget == 2 ? &costs->far[k] : &costs->near[k];
        probes[p] = (probe){k, budget, budget == 0 ? NULL : close};
    }
    return best->count;
}

static void gather(search *s)
{
    size_t m = s->word_count;
    word_costs costs = {
        .exact_words = fl_xmalloc(m * sizeof *costs.exact_words),
        .near = fl_xcalloc(m, sizeof *costs.near),
        .far = fl_xcalloc(m, sizeof *costs.far),
        .exact = fl_xmalloc(m * sizeof *costs.exact),
        .within_one = fl_xmalloc(m * sizeof *costs.within_one),
        .within_two = fl_xmalloc(m * sizeof *costs.within_two),
    };
    probe probes[FL_NAME_INDEX_MAX_DISTANCE + 1];
    size_t count = choose_probes(s, &costs, probes);
    for (size_t p = 0; p < count; p++) {
        const close_list *close = probes[p].close;
        uint32_t exact = costs.exact_words[probes[p].position];
        if (!close && exact != NONE)
            visit(s, exact, probes[p].position, 1, 1, 0, s->radius, true);
        for (size_t i = 0; close && i < close->count; i++)
            visit(s, close->items[i].word, probes[p].position, 1, 1, 0,
                  s->radius - close->items[i].distance, true);
        size_t numbers[MAX_RUNS_AROUND];
        size_t runs = runs_around(s, probes[p].position, numbers);
        for (size_t r = 0; r < runs; r++) {
            run_plan *plan = &s->runs[numbers[r]];
            if (plan->done)
                continue;
            plan->done = true;
            for (size_t i = plan->first; i < plan->first + plan->count; i++) {
                const planned *f = &s->planned[i];
                visit(s, f->word, f->start, f->words, f->listed, f->piece, f->tolerance, true);
            }
        }
    }
    for (size_t k = 0; k < m; k++) {
        free(costs.near[k].items);
        free(costs.far[k].items);
    }
    free(costs.exact_words);
    free(costs.near);
    free(costs.far);
    free(costs.exact);
    free(costs.within_one);
    free(costs.within_two);
}

/* The search radius for `max-distance auto`: the largest threshold a listed key can
 * have and still be within it of a query of `characters` characters. */
static unsigned automatic_radius(size_t characters)
{
    if (characters >= 6)
        return 2;
    return characters >= 3 ? 1 : 0;
}

typedef struct match_list {
    fl_name_match *items;
    size_t count, capacity;
} match_list;

static void check(const search *s, uint32_t record, bool automatic, uint_list *spelled,
                  match_list *matches)
{
    const fl_name_index *index = s->index;
    const uint32_t *at = index->records + record;
    spelled->items = fl_xgrow(spelled->items, &spelled->capacity, at[1] + 1u,
                              sizeof *spelled->items);
    spelled->count = fl_name_code_points((const char *)(at + 2), at[1], spelled->items, at[1]);
    unsigned limit = automatic ? fl_name_max_distance_auto(spelled->count) : s->radius;
    size_t difference = spelled->count > s->query_length ? spelled->count - s->query_length
                                                         : s->query_length - spelled->count;
    if (difference > limit)
        return;
    unsigned distance =
        s->query_prepared
            ? fl_name_pattern_distance(&s->query_pattern, spelled->items, spelled->count, limit)
            : fl_name_distance(s->query, s->query_length, spelled->items, spelled->count, limit);
    if (distance > limit)
        return;
    const entry *e = &index->entries[at[0]];
    for (uint32_t node = e->ids; node != NONE; node = index->ids[node].next) {
        matches->items = fl_xgrow(matches->items, &matches->capacity, matches->count + 1,
                                  sizeof *matches->items);
        matches->items[matches->count++] = (fl_name_match){index->ids[node].id, distance};
    }
}

static int compare_matches(const void *a, const void *b)
{
    const fl_name_match *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

size_t fl_name_index_lookup(const fl_name_index *index, const char *key, size_t length,
                            int max_distance, fl_name_match *out, size_t capacity)
{
    uint32_t *query = fl_xmalloc((length + 1) * sizeof *query);
    size_t characters = fl_name_code_points(key, length, query, length);
    size_t *starts = fl_xmalloc((characters / 2 + 1) * sizeof *starts);
    size_t *lengths = fl_xmalloc((characters / 2 + 1) * sizeof *lengths);
    search s = {.index = index, .query = query, .starts = starts, .lengths = lengths};
    s.word_count = join_words(query, &characters, starts, lengths);
    s.query_length = characters;
    bool automatic = max_distance < 0;
    s.automatic = automatic;
    s.query_prepared = fl_name_pattern_init(&s.query_pattern, query, characters);
    s.letters = letter_mask(query, characters);
    if (automatic)
        s.radius = automatic_radius(characters);
    else
        s.radius = max_distance > FL_NAME_DISTANCE_MAX ? FL_NAME_DISTANCE_MAX
                                                       : (unsigned)max_distance;

    uint_list spelled = {0};
    match_list matches = {0};
    if (s.radius > FL_NAME_INDEX_MAX_DISTANCE) {
        for (size_t e = 0; e < index->entry_count; e++)
            check(&s, index->entries[e].record, automatic, &spelled, &matches);
    } else {
        char *encoded = fl_xmalloc(4 * characters + 1);
        size_t bytes = encode(query, characters, encoded);
        uint32_t found = find_entry(index, encoded, bytes, hash_text(query, characters));
        if (found != NONE)
            take(&s, index->entries[found].record);
        free(encoded);

        if (s.radius > 0 && s.word_count == 0) {
            for (size_t i = 0; i < index->short_entries.count; i++)
                take(&s, index->entries[index->short_entries.items[i]].record);
        } else if (s.radius > 0) {
            if (index->empty_entry != NONE && characters <= s.radius)
                take(&s, index->entries[index->empty_entry].record);
            if (s.word_count + s.radius > MAX_POSTED_WORDS)
                for (size_t i = 0; i < index->long_entries.count; i++)
                    take(&s, index->entries[index->long_entries.items[i]].record);
            gather(&s);
        }
        for (size_t i = 0; i < s.candidates.count; i++) {
            if (i + AHEAD < s.candidates.count)
                PREFETCH(index->records + s.candidates.items[i + AHEAD]);
            check(&s, s.candidates.items[i], automatic, &spelled, &matches);
        }
    }
    if (matches.count > 1)
        qsort(matches.items, matches.count, sizeof *matches.items, compare_matches);
    size_t written = matches.count < capacity ? matches.count : capacity;
    if (written > 0)
        memcpy(out, matches.items, written * sizeof *out);

    size_t total = matches.count;
    free(matches.items);
    free(spelled.items);
    free(s.candidates.items);
    free(s.seen_records.slots);
    free(s.found.items);
    free(s.seen_words.slots);
    free(s.piece_close.items);
    free(s.run_close.items);
    free(s.joined);
    free(s.prefix_hashes);
    free(s.powers);
    free(s.heads);
    free(s.tails);
    free(s.spaces);
    free(s.planned);
    free(s.runs);
    free(starts);
    free(lengths);
    free(query);
    return total;
}

size_t fl_name_index_memory(const fl_name_index *index)
{
    size_t bytes = sizeof *index;
    bytes += index->text_capacity * sizeof *index->text;
    bytes += index->word_capacity * sizeof *index->words;
    bytes += index->shapes_capacity * sizeof *index->shapes;
    for (size_t w = 0; w < index->word_count; w++) {
        const word *wd = &index->words[w];
        bytes += wd->cell_capacity * sizeof *wd->cells;
        for (size_t c = 0; c < wd->cell_count; c++)
            bytes += wd->cells[c].capacity * sizeof *wd->cells[c].postings.many;
    }
    bytes += (index->word_table.mask + 1) * sizeof(slot);
    bytes += (index->variant_table.mask + 1) * sizeof(slot);
    bytes += (index->entry_table.mask + 1) * sizeof(slot);
    bytes += index->variant_capacity * sizeof *index->variants;
    for (size_t v = 0; v < index->variant_count; v++)
        bytes += index->variants[v].capacity * sizeof *index->variants[v].words;
    bytes += index->entry_capacity * sizeof *index->entries;
    bytes += index->records_capacity * sizeof *index->records;
    bytes += index->id_capacity * sizeof *index->ids;
    bytes += (index->short_entries.capacity + index->long_entries.capacity) * sizeof(uint32_t);
    bytes += index->scratch_capacity * sizeof *index->scratch;
    bytes += index->words_capacity * (sizeof *index->starts + sizeof *index->lengths);
    return bytes;
}
