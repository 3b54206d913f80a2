#include "names_index.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "memory.h"
#include "names_distance.h"
#include "simd.h"

/*
 * Why the search is complete (pigeonhole on segments, as in Li, Deng and Feng's
 * PassJoin). Cut a listed key of L characters into k segments at fixed places, and
 * let a query be within t < k edits of it. An insertion, deletion or substitution
 * spoils at most one segment; so does a swap of two neighbours inside a segment. A
 * swap across a cut spoils the two segments beside it, so each key is also posted
 * with the letters at its cuts swapped, every set of cuts that no shared letter
 * joins: undo those swaps, and the edits left spoil at most one segment each. Number
 * the segments from 0 and take the first, i, such that segments 0 to i hold at most i
 * edits between them (there is one, as t < k, and i <= t). Segments 0 to i - 1 hold at
 * least i, so segment i is whole, exactly i edits come before it (none when i is 0)
 * and at most t - i after it (the multi-match-aware selection of PassJoin). The edits
 * before shift segment i by s, |s| <= i (a swap shifts nothing); those after make up
 * the rest of the length difference d, |d - s| <= t - i. The lookup probes, for every
 * length L in reach, every i and every such s, the query's characters where segment
 * i would be: a probe is a hash of (k, L, i, the characters), and the key was posted
 * under the same hash. Candidates pass a filter on their histogram of letters that no
 * key within t fails, and each is checked with the distance itself, so a lookup
 * returns exactly what comparing with every key would.
 */

enum {
    /* Keys this short would be cut in segments of one letter, which most keys hold:
     * they are compared one by one, and only by lookups that allow them an edit. */
    SHORT = 3,
    /* Keys of SHORT + 1 to SMALL characters allow one edit under `auto`: they are also
     * cut in two, whose longer segments let fewer other keys through. */
    SMALL = 7,
    MAX_SEGMENTS = FL_NAME_INDEX_MAX_DISTANCE + 1,
    /* Postings wait in a hash table until they number a PENDING_SHARE-th of the
     * sorted array, so that a merge costs little a posting, while lookups seldom pass
     * through the table; MIN_PENDING at least (up to 2 MiB of table), so that a list
     * of ten thousand names, about 100,000 postings, is merged in a few rounds. The
     * table starts with room for FIRST_PENDING and doubles, so that a small index
     * stays small. */
    FIRST_PENDING = 1024,
    MIN_PENDING = 1 << 16,
    PENDING_SHARE = 32,
    /* Room on the stack for a lookup of an ordinary key; longer ones use the heap. */
    LOCAL_CHARACTERS = 256,
    LOCAL_ITEMS = 256,
};

#define NONE UINT32_MAX
#define HASH_BASE 0x100000001b3ULL

/* Candidates are checked one after another, and each is a wait for memory: asking for
 * the next ones early lets those waits overlap. */
enum { AHEAD = 8 };

/* A key posted under a segment: the hash of (segments, length, segment number, its
 * characters), the key's record and its histogram (see letter_counts). */
typedef struct posting {
    uint32_t hash;
    uint32_t record;
    uint64_t counts;
} posting;

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

typedef struct entry {
    uint32_t record; /* where its key is in fl_name_index.records */
    uint32_t ids;    /* first node of its list in fl_name_index.ids */
} entry;

typedef struct id_node {
    uint32_t id, next;
} id_node;

struct fl_name_index {
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
    uint_list short_entries; /* keys of at most SHORT characters */
    /* The postings, sorted by hash, with where each run of `radix_bits` leading hash
     * bits starts (radix[b] to radix[b + 1]). */
    posting *sorted;
    size_t sorted_count, sorted_capacity;
    uint32_t *radix;
    unsigned radix_bits;
    /* Postings not yet merged: open addressing by hash, at most half full; a free
     * slot has record NONE. */
    posting *pending;
    size_t pending_mask, pending_count;
    uint32_t *scratch; /* the key being added */
    size_t scratch_capacity;
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

/* Hashes are polynomial so that every slice of the query hashes in constant time once
 * its prefixes have. Collisions only cost time: a key found by hash is compared, and
 * a posting found by hash is checked by distance. */
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

/* The posting hash of a segment whose characters hash to `polynomial`. */
static uint32_t segment_hash(uint64_t polynomial, size_t segments, size_t length,
                             size_t number)
{
    uint64_t salt = ((uint64_t)length << 8 | segments << 4 | number) * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(mix(polynomial ^ salt) >> 32);
}

/* Where segment `number` of `segments` starts in a key of `length` characters. */
static size_t cut(size_t length, size_t segments, size_t number)
{
    return number * length / segments;
}

/* A histogram of `text`'s characters in 16 classes (code point modulo 16), four bits
 * a class, each count stopping at 15. */
static uint64_t letter_counts(const uint32_t *text, size_t length)
{
    uint64_t counts = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned shift = (text[i] & 15) * 4;
        if ((counts >> shift & 15) != 15)
            counts += (uint64_t)1 << shift;
    }
    return counts;
}

/* The sum over the classes of the differences between two histograms. A lookup
 * filters a thousand postings or more this way, so where SSE2 is there (every x86-64)
 * each histogram's nibbles go to bytes and one PSADBW sums the differences. */
static unsigned counts_gap(uint64_t a, uint64_t b)
{
    const uint64_t nibbles = 0x0F0F0F0F0F0F0F0FULL;
#if defined(FL_SSE2)
    __m128i x = _mm_set_epi64x((long long)(a >> 4 & nibbles), (long long)(a & nibbles));
    __m128i y = _mm_set_epi64x((long long)(b >> 4 & nibbles), (long long)(b & nibbles));
    __m128i sums = _mm_sad_epu8(x, y);
    return (unsigned)(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
#else
    const uint64_t sixteens = 0x1010101010101010ULL;
    unsigned total = 0;
    for (unsigned half = 0; half < 2; half++) {
        uint64_t x = a >> (4 * half) & nibbles, y = b >> (4 * half) & nibbles;
        /* Each byte holds 16 + x - y, between 1 and 31: no borrow crosses bytes. */
        uint64_t down = (x | sixteens) - y, up = (y | sixteens) - x;
        uint64_t x_larger = (down >> 4 & 0x0101010101010101ULL) * 0xFF;
        uint64_t gaps = (down & nibbles & x_larger) | (up & nibbles & ~x_larger);
        total += (unsigned)((gaps * 0x0101010101010101ULL) >> 56);
    }
    return total;
#endif
}

/* Whether a key with histogram `counts` can be within `limit` of a query with
 * histogram `query`: an insertion or a deletion moves one count by one, a
 * substitution two, a swap none (and a count stopped at 15 moves no more). */
static bool counts_fit(uint64_t counts, uint64_t query, unsigned limit)
{
    return counts_gap(counts, query) <= 2 * limit;
}

static void table_init(table *t)
{
    t->mask = 63;
    t->slots = fl_xmalloc((t->mask + 1) * sizeof *t->slots);
    memset(t->slots, 0xff, (t->mask + 1) * sizeof *t->slots);
    t->used = 0;
}

/* Adds a value known to be absent, making room first. */
static void table_put(table *t, uint32_t hash, uint32_t value)
{
    if ((t->used + 1) * 4 > (t->mask + 1) * 3) {
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
    size_t i = hash & t->mask;
    while (t->slots[i].value != NONE)
        i = (i + 1) & t->mask;
    t->slots[i] = (slot){hash, value};
    t->used++;
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

/* Rewrites `text` as its words joined by single spaces; returns its new length. */
static size_t join_words(uint32_t *text, size_t length)
{
    size_t written = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == ' ' && (written == 0 || text[written - 1] == ' '))
            continue;
        text[written++] = text[i];
    }
    if (written > 0 && text[written - 1] == ' ')
        written--;
    return written;
}

fl_name_index *fl_name_index_new(void)
{
    fl_name_index *index = fl_xcalloc(1, sizeof *index);
    table_init(&index->entry_table);
    return index;
}

void fl_name_index_free(fl_name_index *index)
{
    if (!index)
        return;
    free(index->entries);
    free(index->records);
    free(index->entry_table.slots);
    free(index->ids);
    free(index->short_entries.items);
    free(index->sorted);
    free(index->radix);
    free(index->pending);
    free(index->scratch);
    free(index);
}

/* ---- postings ---------------------------------------------------------------- */

static void build_radix(fl_name_index *index)
{
    unsigned bits = 1;
    while (bits < 24 && ((size_t)1 << (bits + 2)) < index->sorted_count)
        bits++;
    free(index->radix);
    index->radix_bits = bits;
    index->radix = fl_xmalloc((((size_t)1 << bits) + 1) * sizeof *index->radix);
    size_t at = 0;
    for (size_t b = 0; b <= (size_t)1 << bits; b++) {
        while (at < index->sorted_count && (size_t)(index->sorted[at].hash >> (32 - bits)) < b)
            at++;
        index->radix[b] = (uint32_t)at;
    }
}

static uint64_t sort_key(const posting *p)
{
    return (uint64_t)p->hash << 32 | p->record;
}

/* Sorts `count` postings by their hash then their record, a byte of the two at a time
 * from the last (a radix sort, each round stable), through `spare` of as many
 * postings. A round in which every posting has the same byte is skipped. Returns the
 * array that holds the result: `items` or `spare`. */
static posting *sort_postings(posting *items, posting *spare, size_t count)
{
    size_t at[256];
    for (unsigned shift = 0; shift < 64; shift += 8) {
        memset(at, 0, sizeof at);
        for (size_t i = 0; i < count; i++)
            at[sort_key(&items[i]) >> shift & 0xff]++;
        if (count == 0 || at[sort_key(&items[0]) >> shift & 0xff] == count)
            continue;
        for (size_t b = 0, total = 0; b < 256; b++) {
            size_t here = at[b];
            at[b] = total;
            total += here;
        }
        for (size_t i = 0; i < count; i++)
            spare[at[sort_key(&items[i]) >> shift & 0xff]++] = items[i];
        posting *sorted = spare;
        spare = items;
        items = sorted;
    }
    return items;
}

/* Moves the pending postings into the sorted array. */
static void merge_pending(fl_name_index *index)
{
    size_t count = index->pending_count;
    /* The table and this array of a large list are written all over once or twice:
     * in huge pages, they fault a few times instead of a thousand. */
    size_t gathered_capacity = 0;
    posting *gathered = fl_xgrow_huge(NULL, &gathered_capacity, 2 * count, sizeof *gathered);
    size_t taken = 0;
    for (size_t i = 0; i <= index->pending_mask; i++)
        if (index->pending[i].record != NONE)
            gathered[taken++] = index->pending[i];
    posting *moving = sort_postings(gathered, gathered + count, count);
    narrow(index->sorted_count + count);
    index->sorted = fl_xgrow(index->sorted, &index->sorted_capacity,
                             index->sorted_count + count, sizeof *index->sorted);
    /* From the back, so that the sorted array merges in place. */
    size_t old = index->sorted_count, out = old + count;
    while (count > 0) {
        if (old > 0 && sort_key(&index->sorted[old - 1]) > sort_key(&moving[count - 1]))
            index->sorted[--out] = index->sorted[--old];
        else
            index->sorted[--out] = moving[--count];
    }
    index->sorted_count += taken;
    free(gathered);
    memset(index->pending, 0xff, (index->pending_mask + 1) * sizeof *index->pending);
    index->pending_count = 0;
    build_radix(index);
}

static void pending_insert(posting *slots, size_t mask, posting p)
{
    size_t i = p.hash & mask;
    while (slots[i].record != NONE)
        i = (i + 1) & mask;
    slots[i] = p;
}

static void post(fl_name_index *index, posting p)
{
    size_t size = index->pending ? index->pending_mask + 1 : 0;
    if ((index->pending_count + 1) * 2 > size) {
        size_t waiting = index->sorted_count / PENDING_SHARE;
        if (size / 2 >= (waiting > MIN_PENDING ? waiting : MIN_PENDING)) {
            merge_pending(index);
        } else {
            size_t grown = size ? size * 2 : 2 * FIRST_PENDING;
            size_t capacity = 0;
            posting *slots = fl_xgrow_huge(NULL, &capacity, grown, sizeof *slots);
            memset(slots, 0xff, grown * sizeof *slots);
            for (size_t i = 0; i < size; i++)
                if (index->pending[i].record != NONE)
                    pending_insert(slots, grown - 1, index->pending[i]);
            free(index->pending);
            index->pending = slots;
            index->pending_mask = grown - 1;
        }
    }
    pending_insert(index->pending, index->pending_mask, p);
    index->pending_count++;
}

/* Posts the segments of `key` cut in `segments`, as written and with the letters at
 * each set of cuts swapped: cuts side by side are never swapped together, since an
 * edit swaps a letter once, and a swap of equal letters changes nothing. */
static void post_segments(fl_name_index *index, const uint32_t *key, size_t length,
                          size_t segments, posting listed)
{
    uint32_t hashes[(1u << (MAX_SEGMENTS - 1)) * MAX_SEGMENTS];
    size_t count = 0;
    for (unsigned set = 0; set < 1u << (segments - 1); set++) {
        bool possible = true;
        for (size_t c = 1; c < segments && possible; c++) {
            size_t at = cut(length, segments, c);
            bool swapping = set >> (c - 1) & 1;
            possible = !swapping || (key[at - 1] != key[at] &&
                                     !(c > 1 && (set >> (c - 2) & 1) &&
                                       cut(length, segments, c - 1) + 1 == at));
        }
        if (!possible)
            continue;
        for (size_t i = 0; i < segments; i++) {
            size_t from = cut(length, segments, i), to = cut(length, segments, i + 1);
            /* A segment's first letter comes from the one before when the cut at its
             * start is swapped, its last letter from the one after when its end is. */
            bool swap_start = i > 0 && (set >> (i - 1) & 1);
            bool swap_end = i + 1 < segments && (set >> i & 1);
            uint64_t hash = 0;
            for (size_t at = from; at < to; at++) {
                uint32_t letter = key[at];
                if (swap_start && at == from)
                    letter = key[from - 1];
                else if (swap_end && at == to - 1)
                    letter = key[to];
                hash = hash * HASH_BASE + letter + 1;
            }
            hashes[count++] = segment_hash(hash, segments, length, i);
        }
    }
    for (size_t k = 0; k < count; k++) {
        bool again = false;
        for (size_t j = 0; j < k && !again; j++)
            again = hashes[j] == hashes[k];
        if (!again)
            post(index, (posting){hashes[k], listed.record, listed.counts});
    }
}

/* Lists the key encoded after the last record, `bytes` long, whose `characters` code
 * points are in index->scratch. */
static uint32_t new_entry(fl_name_index *index, size_t bytes, size_t characters, uint32_t hash)
{
    uint32_t id = narrow(index->entry_count);
    uint32_t record = narrow(index->records_length);
    index->entries = fl_xgrow(index->entries, &index->entry_capacity, index->entry_count + 1,
                              sizeof *index->entries);
    index->entries[id] = (entry){.record = record, .ids = NONE};
    index->records[record] = id;
    index->records[record + 1] = narrow(bytes);
    index->records_length += 2 + (bytes + 3) / 4;
    index->entry_count++;
    table_put(&index->entry_table, hash, id);

    if (characters <= SHORT) {
        push(&index->short_entries, id);
        return id;
    }
    posting listed = {0, record, letter_counts(index->scratch, characters)};
    if (characters <= SMALL)
        post_segments(index, index->scratch, characters, 2, listed);
    post_segments(index, index->scratch, characters, MAX_SEGMENTS, listed);
    return id;
}

void fl_name_index_add(fl_name_index *index, const char *key, size_t length, uint32_t id)
{
    index->scratch = fl_xgrow(index->scratch, &index->scratch_capacity, length + 1,
                              sizeof *index->scratch);
    size_t characters = fl_name_code_points(key, length, index->scratch, length);
    characters = join_words(index->scratch, characters);

    /* Encoded in place after the last record, kept there only if it is new. */
    index->records = fl_xgrow(index->records, &index->records_capacity,
                              index->records_length + 2 + characters + 1,
                              sizeof *index->records);
    char *encoded = (char *)(index->records + index->records_length + 2);
    size_t bytes = encode(index->scratch, characters, encoded);
    uint32_t hash = hash_text(index->scratch, characters);
    uint32_t found = find_entry(index, encoded, bytes, hash);
    if (found == NONE)
        found = new_entry(index, bytes, characters, hash);

    entry *e = &index->entries[found];
    for (uint32_t node = e->ids; node != NONE; node = index->ids[node].next)
        if (index->ids[node].id == id)
            return;
    index->ids = fl_xgrow(index->ids, &index->id_capacity, index->id_count + 1,
                          sizeof *index->ids);
    index->ids[index->id_count] = (id_node){id, e->ids};
    e->ids = narrow(index->id_count++);
}

void fl_name_index_finish(fl_name_index *index)
{
    if (index->pending_count > 0)
        merge_pending(index);
}

/* ---- lookup ---------------------------------------------------------------- */

/* A growable array that starts on the caller's stack. */
typedef struct local_list {
    uint32_t *items;
    size_t count, capacity;
    bool on_heap;
} local_list;

static void local_push(local_list *list, uint32_t value)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity * 2;
        uint32_t *items = fl_xmalloc(capacity * sizeof *items);
        memcpy(items, list->items, list->count * sizeof *items);
        if (list->on_heap)
            free(list->items);
        list->items = items;
        list->capacity = capacity;
        list->on_heap = true;
    }
    list->items[list->count++] = value;
}

typedef struct match_list {
    fl_name_match *items;
    size_t count, capacity;
} match_list;

typedef struct search {
    const fl_name_index *index;
    const uint32_t *query; /* its words joined by single spaces */
    size_t query_length;
    unsigned radius;
    bool automatic; /* thresholds by each key's length */
    const fl_name_pattern *query_pattern; /* NULL when the query has none */
    uint64_t counts; /* the query's letter_counts() */
    local_list candidates; /* records of the keys to check */
} search;

/* The threshold of a key of `characters` characters. */
static unsigned limit_of(const search *s, size_t characters)
{
    return s->automatic ? fl_name_max_distance_auto(characters) : s->radius;
}

/* A hash to look up among the postings, and the threshold of the keys it may bring. */
typedef struct probe {
    uint32_t hash;
    unsigned limit;
} probe;

enum {
    /* Lengths in reach, segments probed, shifts of each. */
    MAX_PROBES = (2 * FL_NAME_INDEX_MAX_DISTANCE + 1) * MAX_SEGMENTS *
                 (2 * FL_NAME_INDEX_MAX_DISTANCE + 1),
};

/* Adds the probes for every segment a key of `length` characters within `limit` edits
 * must share with the query (see the top of this file); `heads` and `powers` are the
 * query's prefix hashes. */
static void plan_length(const search *s, size_t length, unsigned limit, const uint64_t *heads,
                        const uint64_t *powers, probe *probes, size_t *count)
{
    size_t segments = limit == 1 && length <= SMALL ? 2 : MAX_SEGMENTS;
    long difference = (long)s->query_length - (long)length;
    long t = (long)limit;
    for (size_t i = 0; i < segments && (long)i <= t; i++) {
        size_t from = cut(length, segments, i), to = cut(length, segments, i + 1);
        for (long shift = -(long)i; shift <= (long)i; shift++) {
            long after = difference - shift < 0 ? shift - difference : difference - shift;
            if (after > t - (long)i)
                continue;
            long start = (long)from + shift, end = (long)to + shift;
            if (start < 0 || end > (long)s->query_length)
                continue;
            uint64_t slice = heads[end] - heads[start] * powers[end - start];
            probes[(*count)++] = (probe){segment_hash(slice, segments, length, i), limit};
        }
    }
}

/* Takes the postings of a bucket of the sorted array that have `hash` and whose
 * histograms may be within `limit`. A probe reads a hundred postings of its bucket on
 * average, mostly with its hash, in a large index: where SSE2 is there, two postings
 * are filtered at a time, without a branch each. */
static void take_bucket(search *s, const posting *p, const posting *end, uint32_t hash,
                        unsigned limit)
{
#if defined(FL_SSE2)
    const __m128i nibbles = _mm_set1_epi8(0x0F);
    const __m128i query = _mm_set1_epi64x((long long)s->counts);
    const __m128i query_low = _mm_and_si128(query, nibbles);
    const __m128i query_high = _mm_and_si128(_mm_srli_epi64(query, 4), nibbles);
    const __m128i wanted = _mm_set1_epi32((int)hash);
    /* The gaps are at most 240: a signed 32-bit compare of their low halves is exact. */
    const __m128i most = _mm_set1_epi64x(2 * (long long)limit);
    for (; end - p >= 2; p += 2) {
        __m128i first = _mm_loadu_si128((const __m128i *)p);
        __m128i second = _mm_loadu_si128((const __m128i *)(p + 1));
        /* Lanes 0 and 2 of `heads` are the two hashes; each half of `counts` a histogram. */
        __m128i heads = _mm_unpacklo_epi64(first, second);
        __m128i counts = _mm_unpackhi_epi64(first, second);
        __m128i low = _mm_and_si128(counts, nibbles);
        __m128i high = _mm_and_si128(_mm_srli_epi64(counts, 4), nibbles);
        __m128i gaps = _mm_add_epi64(_mm_sad_epu8(low, query_low),
                                     _mm_sad_epu8(high, query_high));
        __m128i taken = _mm_andnot_si128(_mm_cmpgt_epi32(gaps, most),
                                         _mm_cmpeq_epi32(heads, wanted));
        int mask = _mm_movemask_ps(_mm_castsi128_ps(taken));
        if (mask & 1)
            local_push(&s->candidates, p[0].record);
        if (mask & 4)
            local_push(&s->candidates, p[1].record);
    }
#endif
    for (; p < end; p++)
        if (p->hash == hash && counts_fit(p->counts, s->counts, limit))
            local_push(&s->candidates, p->record);
}

/* Takes the postings of every probe whose histograms may be within its limit. Each
 * probe waits for memory two or three times (its radix slot, its postings, its
 * pending slot): asking for all of a step's addresses before reading any lets the
 * waits overlap. */
static void take_postings(search *s, const probe *probes, size_t count)
{
    const fl_name_index *index = s->index;
    size_t shift = 32 - index->radix_bits;
    for (size_t k = 0; k < count; k++) {
        if (index->sorted_count > 0)
            FL_PREFETCH(&index->radix[probes[k].hash >> shift]);
        if (index->pending_count > 0)
            FL_PREFETCH(&index->pending[probes[k].hash & index->pending_mask]);
    }
    for (size_t k = 0; k < count && index->sorted_count > 0; k++)
        FL_PREFETCH(&index->sorted[index->radix[probes[k].hash >> shift]]);
    for (size_t k = 0; k < count; k++) {
        uint32_t hash = probes[k].hash;
        unsigned limit = probes[k].limit;
        if (index->sorted_count > 0) {
            size_t b = hash >> shift;
            take_bucket(s, index->sorted + index->radix[b], index->sorted + index->radix[b + 1],
                        hash, limit);
        }
        if (index->pending_count == 0)
            continue;
        for (size_t i = hash & index->pending_mask;; i = (i + 1) & index->pending_mask) {
            const posting *p = &index->pending[i];
            if (p->record == NONE)
                break;
            if (p->hash == hash && counts_fit(p->counts, s->counts, limit))
                local_push(&s->candidates, p->record);
        }
    }
}

static void check(const search *s, uint32_t record, local_list *spelled, match_list *matches)
{
    const fl_name_index *index = s->index;
    const uint32_t *at = index->records + record;
    /* The entry is needed only for a match, but asking for it now overlaps its wait
     * for memory with the distance. */
    FL_PREFETCH(&index->entries[at[0]]);
    if (spelled->capacity < at[1] + 1u) {
        if (spelled->on_heap)
            free(spelled->items);
        spelled->capacity = at[1] + 1u;
        spelled->items = fl_xmalloc(spelled->capacity * sizeof *spelled->items);
        spelled->on_heap = true;
    }
    spelled->count = fl_name_code_points((const char *)(at + 2), at[1], spelled->items, at[1]);
    unsigned limit = limit_of(s, spelled->count);
    size_t difference = spelled->count > s->query_length ? spelled->count - s->query_length
                                                         : s->query_length - spelled->count;
    if (difference > limit)
        return;
    unsigned distance =
        s->query_pattern
            ? fl_name_pattern_distance(s->query_pattern, spelled->items, spelled->count, limit)
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

static int compare_records(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int compare_matches(const void *a, const void *b)
{
    const fl_name_match *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Fills s->candidates with the records of every key that may be within reach. */
static void gather(search *s)
{
    const fl_name_index *index = s->index;
    size_t n = s->query_length;
    if (s->radius > FL_NAME_INDEX_MAX_DISTANCE) {
        for (size_t e = 0; e < index->entry_count; e++)
            local_push(&s->candidates, index->entries[e].record);
        return;
    }
    /* A key equal to the query is among the postings the probes read when keys of the
     * query's length allow an edit; otherwise it is looked up by itself. */
    if (s->radius == 0 || n <= SHORT || limit_of(s, n) == 0) {
        char local_encoded[4 * LOCAL_CHARACTERS + 1];
        char *encoded = n <= LOCAL_CHARACTERS ? local_encoded : fl_xmalloc(4 * n + 1);
        size_t bytes = encode(s->query, n, encoded);
        uint32_t found = find_entry(index, encoded, bytes, hash_text(s->query, n));
        if (encoded != local_encoded)
            free(encoded);
        if (found != NONE)
            local_push(&s->candidates, index->entries[found].record);
    }
    if (s->radius == 0)
        return;
    /* Short keys allow no edit under `auto`: only an equal one, found above. */
    if (!s->automatic && n <= SHORT + s->radius)
        for (size_t i = 0; i < index->short_entries.count; i++)
            local_push(&s->candidates, index->entries[index->short_entries.items[i]].record);

    uint64_t local_heads[LOCAL_CHARACTERS + 1], local_powers[LOCAL_CHARACTERS + 1];
    uint64_t *heads = n < LOCAL_CHARACTERS ? local_heads : fl_xmalloc((n + 1) * sizeof *heads);
    uint64_t *powers =
        n < LOCAL_CHARACTERS ? local_powers : fl_xmalloc((n + 1) * sizeof *powers);
    heads[0] = 0;
    powers[0] = 1;
    for (size_t i = 0; i < n; i++) {
        heads[i + 1] = heads[i] * HASH_BASE + s->query[i] + 1;
        powers[i + 1] = powers[i] * HASH_BASE;
    }
    probe probes[MAX_PROBES];
    size_t count = 0;
    size_t shortest = n > SHORT + s->radius ? n - s->radius : SHORT + 1;
    for (size_t length = shortest; length <= n + s->radius; length++) {
        unsigned limit = limit_of(s, length);
        size_t difference = length > n ? length - n : n - length;
        if (limit > 0 && difference <= limit)
            plan_length(s, length, limit, heads, powers, probes, &count);
    }
    take_postings(s, probes, count);
    if (heads != local_heads) {
        free(heads);
        free(powers);
    }
}

/* The search radius for `max-distance auto`: the largest threshold a listed key can
 * have and still be within it of a query of `characters` characters. */
static unsigned automatic_radius(size_t characters)
{
    if (characters >= 6)
        return 2;
    return characters >= 3 ? 1 : 0;
}

size_t fl_name_index_lookup(const fl_name_index *index, const char *key, size_t length,
                            int max_distance, fl_name_match *out, size_t capacity)
{
    uint32_t local_query[LOCAL_CHARACTERS + 1];
    uint32_t *query = length <= LOCAL_CHARACTERS ? local_query
                                                 : fl_xmalloc((length + 1) * sizeof *query);
    size_t characters = fl_name_code_points(key, length, query, length);
    characters = join_words(query, characters);
    uint32_t local_candidates[LOCAL_ITEMS], local_spelled[LOCAL_CHARACTERS + 1];
    search s = {
        .index = index,
        .query = query,
        .query_length = characters,
        .automatic = max_distance < 0,
        .candidates = {local_candidates, 0, LOCAL_ITEMS, false},
    };
    s.counts = letter_counts(query, characters);
    if (s.automatic)
        s.radius = automatic_radius(characters);
    else
        s.radius = max_distance > FL_NAME_DISTANCE_MAX ? FL_NAME_DISTANCE_MAX
                                                       : (unsigned)max_distance;
    gather(&s);

    local_list *candidates = &s.candidates;
    if (candidates->count > 1)
        qsort(candidates->items, candidates->count, sizeof *candidates->items,
              compare_records);
    /* Most lookups of a text's words bring no candidate: the pattern (a kilobyte to
     * clear) is made only for those that do. */
    fl_name_pattern pattern;
    if (candidates->count > 0 && fl_name_pattern_init(&pattern, query, characters))
        s.query_pattern = &pattern;
    local_list spelled = {local_spelled, 0, LOCAL_CHARACTERS + 1, false};
    match_list matches = {0};
    for (size_t i = 0; i < candidates->count; i++) {
        if (i > 0 && candidates->items[i] == candidates->items[i - 1])
            continue;
        if (i + AHEAD < candidates->count)
            FL_PREFETCH(index->records + candidates->items[i + AHEAD]);
        check(&s, candidates->items[i], &spelled, &matches);
    }
    if (matches.count > 1)
        qsort(matches.items, matches.count, sizeof *matches.items, compare_matches);
    size_t written = matches.count < capacity ? matches.count : capacity;
    if (written > 0)
        memcpy(out, matches.items, written * sizeof *out);

    size_t total = matches.count;
    free(matches.items);
    if (spelled.on_heap)
        free(spelled.items);
    if (candidates->on_heap)
        free(candidates->items);
    if (query != local_query)
        free(query);
    return total;
}

size_t fl_name_index_memory(const fl_name_index *index)
{
    size_t bytes = sizeof *index;
    bytes += (index->entry_table.mask + 1) * sizeof(slot);
    bytes += index->entry_capacity * sizeof *index->entries;
    bytes += index->records_capacity * sizeof *index->records;
    bytes += index->id_capacity * sizeof *index->ids;
    bytes += index->short_entries.capacity * sizeof(uint32_t);
    bytes += index->sorted_capacity * sizeof *index->sorted;
    if (index->radix)
        bytes += (((size_t)1 << index->radix_bits) + 1) * sizeof *index->radix;
    if (index->pending)
        bytes += (index->pending_mask + 1) * sizeof *index->pending;
    bytes += index->scratch_capacity * sizeof *index->scratch;
    return bytes;
}
