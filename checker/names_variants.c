#include "names_variants.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names_distance.h"
#include "names_inflection.h"
#include "simd.h"

/*
 * Why the grouping finds every pair. Two keys within k edits (insertions, deletions,
 * substitutions, swaps of neighbours) become equal once at most k characters are
 * deleted from each: one per edit, on the side that has the extra, changed or swapped
 * character. Keep only the deletions among the first WINDOW characters of each: what
 * is left of the two windows are prefixes of the same string, and deleting the longer
 * one's surplus from its end costs that side no more than the other side's deletions
 * in the window, so the windows still share a variant with at most k deletions each.
 * The same holds for the last WINDOW characters. Two spellings that are variants are
 * within max-distance auto of the shorter, which is at most that of either, so the
 * window variants of each key with up to its own max-distance of deletions meet those
 * of every variant of it, at both ends. A key is then compared only with the keys that
 * share a variant at either end. Each key is posted under the variants of one end
 * only, the one whose window fewer keys have (a document may hold many names that
 * start alike, "United Nations ...", or end alike), and looked up at both, so that
 * every pair still meets, at the end the partner was posted at. Keys posted at the same
 * end with the same window have the same variants there, so only the first of them is
 * posted, and a probe that meets it takes them all. Each candidate is judged by the
 * distance. A window of nine characters keeps what is left after two deletions
 * specific enough that keys rarely meet by chance.
 */

enum {
    WINDOW = 9,
    /* Variants of a window with up to two deletions: 1 + 9 + 36. */
    MAX_VARIANTS = 46,
    /* Postings a bucket holds on average: a bucket's postings share a cache line or
     * two, and the buckets stay a small part of the memory. */
    BUCKET_POSTINGS = 2,
    /* Probes made at a time (16 MiB): enough that a part of them reads most of its
     * stretch of buckets and postings, each cache line once. */
    BLOCK_PROBES = 1 << 21,
    /* Bytes of buckets and postings that one part of the probes reads: they stay in
     * the cache while the part is served. */
    PART_BYTES = 256 << 10,
    /* Spellings up to which every pair of a document is compared instead: a key's
     * variants cost about a microsecond to make and post, two summaries a few
     * nanoseconds to compare, so that on generated names every pair is the cheaper up
     * to some 800 spellings. A news article has a few dozen. */
    PAIRS_UP_TO = 256,
    MAX_PART_BITS = 12,
};

/* A probe's low half: the key's number, and whether the probe is at the key's last
 * window and of the whole window. */
#define PROBE_KEY 0x3fffffffull
#define PROBE_SUFFIX 0x40000000ull
#define PROBE_WHOLE 0x80000000ull
/* The end of a list of alike keys. */
#define NO_KEY UINT32_MAX

/* Seeds that keep a prefix's variants apart from a suffix's. */
static const uint64_t prefix_side = 0x9e3779b97f4a7c15ull, suffix_side = 0x85ebca6b27d4eb2full;

/* A window's variants are hashed as polynomials, sum of (character + 1) * BASE^place
 * over the characters kept, modulo 2^64: from the window's prefix sums, each variant
 * then costs a few operations, whatever its length. BASE is odd, so it has an inverse
 * modulo 2^64 (BASE * BASE_INVERSE == 1), which moves a slice one place down. */
#define BASE 0x100000001b3ull
#define BASE_INVERSE 0xce965057aff6957bull

/* The hash of a variant whose polynomial is `sum`, of `kept` characters, at `side`. */
static uint32_t finish(uint64_t sum, size_t kept, uint64_t side)
{
    uint64_t x = sum ^ side ^ (uint64_t)kept << 56;
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return (uint32_t)((x ^ (x >> 31)) >> 32);
}

/* Hashes of the variants of `window` with up to `deletions` (at most two) characters
 * deleted, tagged with `side`. Returns how many. */
static size_t window_variants(const uint32_t *window, size_t length, unsigned deletions,
                              uint64_t side, uint32_t *out)
{
    /* sums[m]: the polynomial of the first m characters. */
    uint64_t sums[WINDOW + 1], power = 1;
    sums[0] = 0;
    for (size_t i = 0; i < length; i++) {
        sums[i + 1] = sums[i] + (window[i] + 1ull) * power;
        power *= BASE;
    }
    size_t count = 0;
    out[count++] = finish(sums[length], length, side);
    for (size_t i = 0; deletions >= 1 && i < length; i++) {
        uint64_t after_i = (sums[length] - sums[i + 1]) * BASE_INVERSE;
        out[count++] = finish(sums[i] + after_i, length - 1, side);
        for (size_t k = i + 1; deletions >= 2 && k < length; k++) {
            /* Between i and k one place down, after k two. */
            uint64_t between = (sums[k] - sums[i + 1]) * BASE_INVERSE;
            uint64_t after_k = (sums[length] - sums[k + 1]) * BASE_INVERSE * BASE_INVERSE;
            out[count++] = finish(sums[i] + between + after_k, length - 2, side);
        }
    }
    return count;
}

bool fl_name_variant_pair(const fl_name_spelling *a, const fl_name_spelling *b,
                          unsigned distance)
{
    const fl_name_spelling *shorter = a->characters <= b->characters ? a : b;
    const fl_name_spelling *longer = shorter == a ? b : a;
    unsigned limit = fl_name_max_distance_auto(shorter->characters);
    if (limit == 0 || distance > limit)
        return false;
    if (memcmp(longer->key, shorter->key, shorter->length) == 0)
        return false;
    return !fl_name_inflections(a->key, a->length, b->key, b->length);
}

/* What the search reads of a candidate besides its postings, together so that it costs
 * one cache line: its rank, which is its count (saturated) then its number turned over,
 * so that the suspect of two keys is the one with the smaller rank; bit c % 32 set for
 * each code point c it holds; and how many code points it has (saturated). */
typedef struct key_summary {
    uint64_t rank;
    uint32_t letters;
    uint32_t characters;
} key_summary;

/* Whether two keys may be variants, from their summaries alone: their lengths are
 * within max-distance auto of the shorter, and so are their letters. An edit takes
 * at most one character away from each side, and a swap none, so keys of which
 * either holds more code points that the other lacks than the limit are further
 * apart; folding code points onto 32 bits can only hide some of them. */
static bool may_be_variants(const key_summary *a, const key_summary *b)
{
    uint32_t shorter = a->characters < b->characters ? a->characters : b->characters;
    uint32_t gap = a->characters - shorter + b->characters - shorter;
    unsigned limit = fl_name_max_distance_auto(shorter);
    return limit > 0 && gap <= limit &&
           (unsigned)__builtin_popcount(a->letters & ~b->letters) <= limit &&
           (unsigned)__builtin_popcount(b->letters & ~a->letters) <= limit;
}

/* The working memory of searches, kept from one document to the next: fresh pages
 * cost a fault each, and a document's arrays are written all over. */
struct fl_name_variants_work {
    uint32_t *points; /* every key's code points, key i from starts[i] */
    size_t points_capacity;
    size_t *starts;
    size_t starts_capacity;
    bool *posts_suffix; /* per key: posted under its last window's variants */
    size_t posts_suffix_capacity;
    /* Keys posted at one end with the same window there share every posting: the first
     * of them (the head) is posted for all, and heads[i] says which key is i's head;
     * next_alike[i] is the next key after i with i's head, or NO_KEY. */
    uint32_t *heads;
    size_t heads_capacity;
    uint32_t *next_alike;
    size_t next_alike_capacity;
    uint32_t *windows; /* per key: the hashes of its two whole windows */
    size_t windows_capacity;
    uint32_t *table; /* window hash, count: open addressing, 0 for a free slot */
    size_t table_capacity;
    uint32_t *buckets; /* bucket b's postings are [buckets[b], buckets[b + 1]) */
    size_t buckets_capacity;
    uint32_t *seen; /* per key: the last key it was a candidate of, plus one */
    size_t seen_capacity;
    key_summary *summaries; /* per key */
    size_t summaries_capacity;
    /* The postings, then a block's probes (a variant's hash, then the key's number) in
     * the order of the memory they read: both in `region`, where the postings are
     * staged first (see post_variants()). */
    uint32_t *postings;
    uint64_t *probes;
    uint64_t *region;
    size_t region_capacity;
    uint64_t *part_copy; /* the staged postings of the part being placed */
    size_t part_copy_capacity;
    uint32_t *parts; /* where each part of the probes starts */
    size_t parts_capacity;
    /* The block's candidate pairs (its key's place in the block, then the other), and
     * the others grouped by key, key k's from candidates_of[k]. */
    uint64_t *pairs;
    size_t pair_count, pairs_capacity;
    uint32_t *others, *candidates_of;
    size_t others_capacity, candidates_of_capacity;
    size_t block_probes, part_bytes, pairs_up_to; /* see fl_name_variants_work_limit() */
};

fl_name_variants_work *fl_name_variants_work_new(void)
{
    fl_name_variants_work *work = fl_xcalloc(1, sizeof *work);
    fl_name_variants_work_limit(work, 0, 0, 0);
    return work;
}

void fl_name_variants_work_limit(fl_name_variants_work *work, size_t block_probes,
                                 size_t part_bytes, size_t pairs_up_to)
{
    work->block_probes = block_probes ? block_probes : BLOCK_PROBES;
    work->part_bytes = part_bytes ? part_bytes : PART_BYTES;
    work->pairs_up_to = pairs_up_to ? pairs_up_to : PAIRS_UP_TO;
}

void fl_name_variants_work_free(fl_name_variants_work *work)
{
    if (!work)
        return;
    free(work->points);
    free(work->starts);
    free(work->posts_suffix);
    free(work->heads);
    free(work->next_alike);
    free(work->windows);
    free(work->table);
    free(work->buckets);
    free(work->seen);
    free(work->summaries);
    free(work->region);
    free(work->part_copy);
    free(work->parts);
    free(work->pairs);
    free(work->others);
    free(work->candidates_of);
    free(work);
}

/* `array`, grown to hold `count` items of `size` bytes, all zero. */
static void *zeroed(void *array, size_t *capacity, size_t count, size_t size)
{
    array = fl_xgrow_huge(array, capacity, count, size);
    memset(array, 0, count * size);
    return array;
}

/* One search. Keys are posted under the hashes of their variants in buckets by the
 * hashes' top `bits` bits (a counting sort); a posting holds the rest of the hash
 * above the key's number, `number_bits` bits, which is never more than `bits`, so a
 * posting is 32 bits and still tells its whole hash. */
typedef struct join {
    const fl_name_spelling *spellings;
    size_t count; /* those searched: their postings must number below 2^32 */
    fl_name_variants_work *work;
    unsigned bits, number_bits;
    /* The probes a block takes: the work's block_probes, or fewer so that the blocks
     * that many make come out even (see fl_name_variants_find()). */
    size_t block_probes;
} join;

/* How many characters the variants of a key of `characters` delete, at most: its
 * max-distance. None for a key too short to have a variant (below four characters). */
static unsigned deletions_of(size_t characters)
{
    return fl_name_max_distance_auto(characters);
}

static const uint32_t *window_at(const join *j, size_t i, bool suffix, size_t *length)
{
    size_t characters = j->spellings[i].characters;
    *length = characters < WINDOW ? characters : WINDOW;
    return j->work->points + j->work->starts[i] + (suffix ? characters - *length : 0);
}

/* The variant hashes of key `i` at one end; none for a key that has no variant. */
static size_t variants_of(const join *j, size_t i, bool suffix, uint32_t *out)
{
    unsigned deletions = deletions_of(j->spellings[i].characters);
    if (deletions == 0)
        return 0;
    size_t length;
    const uint32_t *window = window_at(j, i, suffix, &length);
    return window_variants(window, length, deletions, suffix ? suffix_side : prefix_side,
                           out);
}

/* How many variants a key of `characters` has at each end, without making them. */
static size_t variant_count(size_t characters)
{
    unsigned deletions = deletions_of(characters);
    size_t length = characters < WINDOW ? characters : WINDOW;
    if (deletions == 0)
        return 0;
    return 1 + length + (deletions >= 2 ? length * (length - 1) / 2 : 0);
}

static void decode_keys(join *j)
{
    fl_name_variants_work *w = j->work;
    size_t total = 0;
    for (size_t i = 0; i < j->count; i++)
        total += j->spellings[i].characters;
    w->points = fl_xgrow_huge(w->points, &w->points_capacity, total + 1, sizeof *w->points);
    w->starts =
        fl_xgrow_huge(w->starts, &w->starts_capacity, j->count + 1, sizeof *w->starts);
    size_t at = 0;
    for (size_t i = 0; i < j->count; i++) {
        const fl_name_spelling *s = &j->spellings[i];
        w->starts[i] = at;
        at += fl_name_code_points(s->key, s->length, w->points + at, s->characters);
    }
}

/* Where a window's hash is first looked for in the table of windows. */
static size_t first_slot_of(uint32_t hash, size_t mask)
{
    return (size_t)((hash * 0x9e3779b97f4a7c15u) >> 32) & mask;
}

/* The count of `hash` in `table` (pairs of hash and count, 0 for a free slot). */
static uint32_t *count_slot(uint32_t *table, size_t mask, uint32_t hash)
{
    size_t slot = first_slot_of(hash, mask);
    while (table[2 * slot] && table[2 * slot] != hash)
        slot = (slot + 1) & mask;
    table[2 * slot] = hash;
    return &table[2 * slot + 1];
}

static void summarise_keys(join *j)
{
    fl_name_variants_work *w = j->work;
    w->summaries = fl_xgrow_huge(w->summaries, &w->summaries_capacity, j->count + 1,
                                 sizeof *w->summaries);
    for (size_t i = 0; i < j->count; i++) {
        const fl_name_spelling *s = &j->spellings[i];
        uint64_t uses = s->count < UINT32_MAX ? s->count : UINT32_MAX;
        uint32_t letters = 0;
        for (size_t c = 0; c < s->characters; c++)
            letters |= 1u << (w->points[w->starts[i] + c] & 31);
        w->summaries[i] = (key_summary){
            .rank = uses << 32 | (UINT32_MAX - i),
            .letters = letters,
            .characters = s->characters < UINT32_MAX ? (uint32_t)s->characters : UINT32_MAX,
        };
    }
}

/* Slots of the table of windows for the keys of `j`: at most a quarter in use. */
static size_t table_size(const join *j)
{
    size_t size = 64;
    while (size < 4 * j->count)
        size *= 2;
    return size;
}

/* Chooses the end each key is posted at: the one whose whole window fewer keys have. */
static void choose_ends(join *j)
{
    fl_name_variants_work *w = j->work;
    size_t size = table_size(j);
    w->table = zeroed(w->table, &w->table_capacity, 2 * size, sizeof *w->table);
    uint32_t *table = w->table;
    w->windows = fl_xgrow_huge(w->windows, &w->windows_capacity, 2 * j->count + 1,
                               sizeof *w->windows);
    for (size_t i = 0; i < j->count; i++) {
        for (int end = 0; end < 2; end++) {
            size_t length;
            const uint32_t *window = window_at(j, i, end, &length);
            window_variants(window, length, 0, end ? suffix_side : prefix_side,
                            &w->windows[2 * i + end]);
            /* A hash of 0 marks a free slot: such a window counts as another's. */
            if (!w->windows[2 * i + end])
                w->windows[2 * i + end] = 1;
            ++*count_slot(table, size - 1, w->windows[2 * i + end]);
        }
    }
    w->posts_suffix =
        fl_xgrow_huge(w->posts_suffix, &w->posts_suffix_capacity, j->count + 1, 1);
    for (size_t i = 0; i < j->count; i++)
        w->posts_suffix[i] = *count_slot(table, size - 1, w->windows[2 * i + 1]) <
                             *count_slot(table, size - 1, w->windows[2 * i]);
}

/* Whether keys `a` and `b` have the same variants at the end `suffix`: the same
 * window there, compared in full since hashes may collide, and as many deletions. */
static bool alike(const join *j, size_t a, size_t b, bool suffix)
{
    size_t a_length, b_length;
    const uint32_t *a_window = window_at(j, a, suffix, &a_length);
    const uint32_t *b_window = window_at(j, b, suffix, &b_length);
    return a_length == b_length &&
           deletions_of(j->spellings[a].characters) == deletions_of(j->spellings[b].characters) &&
           memcmp(a_window, b_window, a_length * sizeof *a_window) == 0;
}

/* Finds each key's head: the first key posted at the same end with the same variants.
 * Names in the news often share a whole window ("... Provincial Court"), and a key
 * posted for each of them was met by every one of their probes, 46 times a pair. */
static void group_alike(join *j)
{
    fl_name_variants_work *w = j->work;
    size_t mask = table_size(j) - 1;
    /* Pairs of a window's hash and its head's number plus one, 0 for a free slot. */
    w->table = zeroed(w->table, &w->table_capacity, 2 * (mask + 1), sizeof *w->table);
    uint32_t *table = w->table;
    w->heads = fl_xgrow_huge(w->heads, &w->heads_capacity, j->count + 1, sizeof *w->heads);
    w->next_alike = fl_xgrow_huge(w->next_alike, &w->next_alike_capacity, j->count + 1,
                                  sizeof *w->next_alike);
    for (size_t i = 0; i < j->count; i++) {
        bool suffix = w->posts_suffix[i];
        uint32_t hash = w->windows[2 * i + suffix];
        size_t slot = first_slot_of(hash, mask);
        for (; table[2 * slot + 1]; slot = (slot + 1) & mask) {
            size_t head = table[2 * slot + 1] - 1;
            if (table[2 * slot] == hash && w->posts_suffix[head] == suffix &&
                alike(j, head, i, suffix))
                break;
        }
        if (!table[2 * slot + 1]) {
            table[2 * slot] = hash;
            table[2 * slot + 1] = (uint32_t)(i + 1);
            w->heads[i] = (uint32_t)i;
            w->next_alike[i] = NO_KEY;
            continue;
        }
        size_t head = table[2 * slot + 1] - 1;
        w->heads[i] = (uint32_t)head;
        w->next_alike[i] = w->next_alike[head];
        w->next_alike[head] = (uint32_t)i;
    }
}

static uint32_t posting_of(const join *j, uint32_t hash, size_t number)
{
    uint32_t rest = hash & (uint32_t)((1ull << (32 - j->bits)) - 1);
    return (uint32_t)((uint64_t)rest << j->number_bits | number);
}

static size_t bucket_of(const join *j, uint32_t hash)
{
    return (size_t)(hash >> (32 - j->bits));
}

/* How many top bits of a hash pick a part of the index: enough that a part's buckets
 * and postings take about the work's part_bytes. */
static unsigned part_bits_of(const join *j, size_t postings)
{
    size_t bytes = (((size_t)1 << j->bits) + postings) * sizeof(uint32_t);
    unsigned bits = 0;
    while (bits < MAX_PART_BITS && bits < j->bits && (bytes >> bits) > j->work->part_bytes)
        bits++;
    return bits;
}

static size_t part_of(uint32_t hash, unsigned part_bits)
{
    return part_bits ? hash >> (32 - part_bits) : 0;
}

/* Posts every key under the variants of its chosen end, sorted into buckets by
 * counting, in two rounds: the postings go first into the work's region sorted by
 * part, each part a stream written in order, then from there into their buckets, one
 * part at a time. A part's buckets and postings are a stretch that the caches hold,
 * whereas a document's whole index may be far larger: writing each posting straight
 * into its bucket would miss the caches at almost every posting. Within a bucket,
 * postings keep the order of their keys. Returns the part bits.
 *
 * The postings take the start of the region their staged forms were in, and the
 * probes of the largest block, `block_probes`, the rest: fresh pages cost more than
 * anything else the search does with them, and a large article's staged postings
 * alone are tens of megabytes. A posting is half the size of a staged one, so the
 * postings of a part never reach the staged ones of a later part, and a part's own
 * are copied aside before they are placed. */
static unsigned post_variants(join *j, size_t block_probes)
{
    fl_name_variants_work *w = j->work;
    uint32_t hashes[MAX_VARIANTS];
    size_t total = 0;
    for (size_t i = 0; i < j->count; i++)
        if (w->heads[i] == i)
            total += variant_count(j->spellings[i].characters);
    j->number_bits = 1;
    while (((size_t)1 << j->number_bits) < j->count)
        j->number_bits++;
    unsigned bits = 4;
    while (bits < 30 && ((size_t)1 << bits) * BUCKET_POSTINGS < total)
        bits++;
    j->bits = bits > j->number_bits ? bits : j->number_bits;
    unsigned part_bits = part_bits_of(j, total);
    size_t part_count = (size_t)1 << part_bits;
    w->parts = zeroed(w->parts, &w->parts_capacity, part_count + 1, sizeof *w->parts);
    uint32_t *parts = w->parts;
    for (size_t i = 0; i < j->count; i++) {
        if (w->heads[i] != i)
            continue;
        size_t count = variants_of(j, i, w->posts_suffix[i], hashes);
        for (size_t v = 0; v < count; v++)
            parts[part_of(hashes[v], part_bits) + 1]++;
    }
    size_t largest = 0; /* the most postings a part has */
    for (size_t p = 1; p <= part_count; p++) {
        largest = parts[p] > largest ? parts[p] : largest;
        parts[p] += parts[p - 1];
    }
    /* The region's words that the postings take, with room for one past the last. */
    size_t posting_words = total / 2 + 1;
    size_t region_words =
        total > posting_words + block_probes ? total : posting_words + block_probes;
    w->region = fl_xgrow_huge(w->region, &w->region_capacity, region_words + 1,
                              sizeof *w->region);
    uint64_t *staged = w->region;
    for (size_t i = 0; i < j->count; i++) {
        if (w->heads[i] != i)
            continue;
        size_t count = variants_of(j, i, w->posts_suffix[i], hashes);
        for (size_t v = 0; v < count; v++)
            staged[parts[part_of(hashes[v], part_bits)]++] = (uint64_t)hashes[v] << 32 | i;
    }
    size_t bucket_count = (size_t)1 << j->bits;
    uint32_t *buckets =
        zeroed(w->buckets, &w->buckets_capacity, bucket_count + 1, sizeof *w->buckets);
    w->buckets = buckets;
    for (size_t at = 0; at < total; at++)
        buckets[bucket_of(j, (uint32_t)(staged[at] >> 32))]++;
    for (size_t b = 1; b <= bucket_count; b++)
        buckets[b] += buckets[b - 1];
    w->part_copy = fl_xgrow_huge(w->part_copy, &w->part_copy_capacity, largest + 1,
                                 sizeof *w->part_copy);
    w->postings = (uint32_t *)w->region;
    for (size_t p = 0; p < part_count; p++) {
        size_t first = p ? parts[p - 1] : 0;
        memcpy(w->part_copy, staged + first, (parts[p] - first) * sizeof *staged);
        const uint64_t *part = w->part_copy;
        /* From the part's last posting back, as buckets are filled from their ends. */
        for (size_t at = parts[p] - first; at-- > 0;) {
            uint32_t hash = (uint32_t)(part[at] >> 32);
            w->postings[--buckets[bucket_of(j, hash)]] =
                posting_of(j, hash, (size_t)(part[at] & UINT32_MAX));
        }
    }
    w->probes = w->region + posting_words;
    return part_bits;
}

/* Compares key `i` with `other` as a candidate partner of which `i` is the suspect. */
static void consider(const join *j, size_t i, size_t other, fl_name_variant *best)
{
    const fl_name_spelling *s = &j->spellings[i], *t = &j->spellings[other];
    size_t shorter = s->characters < t->characters ? s->characters : t->characters;
    size_t gap = s->characters > t->characters ? s->characters - t->characters
                                               : t->characters - s->characters;
    unsigned limit = fl_name_max_distance_auto(shorter);
    if (gap > limit || (best->partner != SIZE_MAX && best->distance < gap))
        return;
    const uint32_t *points = j->work->points;
    const size_t *starts = j->work->starts;
    unsigned distance = fl_name_distance(points + starts[i], s->characters,
                                         points + starts[other], t->characters, limit);
    if (best->partner != SIZE_MAX &&
        (distance > best->distance || (distance == best->distance && other > best->partner)))
        return;
    if (fl_name_variant_pair(s, t, distance))
        *best = (fl_name_variant){other, distance};
}

static void push_pair(fl_name_variants_work *w, size_t place, size_t other)
{
    w->pairs =
        fl_xgrow_huge(w->pairs, &w->pairs_capacity, w->pair_count + 1, sizeof *w->pairs);
    w->pairs[w->pair_count++] = (uint64_t)place << 32 | other;
}

/* The probes of keys [first, last), ordered by their hash's top `part_bits` bits so
 * that each part reads one stretch of the buckets and postings: counted, then made
 * again and placed (a counting sort), where post_variants() left room for the largest
 * block's. Returns how many. */
static size_t order_probes(const join *j, size_t first, size_t last, unsigned part_bits)
{
    fl_name_variants_work *w = j->work;
    size_t part_count = (size_t)1 << part_bits;
    w->parts = zeroed(w->parts, &w->parts_capacity, part_count + 1, sizeof *w->parts);
    uint32_t *parts = w->parts;
    uint32_t hashes[2 * MAX_VARIANTS];
    size_t count = 0;
    for (size_t i = first; i < last; i++) {
        size_t made = variants_of(j, i, false, hashes);
        made += variants_of(j, i, true, hashes + made);
        for (size_t v = 0; v < made; v++)
            parts[part_of(hashes[v], part_bits)]++;
        count += made;
    }
    for (size_t b = 1; b <= part_count; b++)
        parts[b] += parts[b - 1];
    for (size_t i = first; i < last; i++) {
        size_t prefix = variants_of(j, i, false, hashes);
        size_t made = prefix + variants_of(j, i, true, hashes + prefix);
        for (size_t v = 0; v < made; v++) {
            uint64_t end = v >= prefix ? PROBE_SUFFIX : 0;
            uint64_t whole = v == 0 || v == prefix ? PROBE_WHOLE : 0;
            w->probes[--parts[part_of(hashes[v], part_bits)]] =
                (uint64_t)hashes[v] << 32 | end | whole | i;
        }
    }
    return count;
}

enum { PROBES_AHEAD = 8 };

static size_t probe_bucket(const join *j, uint64_t probe)
{
    return bucket_of(j, (uint32_t)(probe >> 32));
}

/* Collects, for keys [first, last), every posted key that shares a variant with one of
 * them, and the keys alike it, that it may be the suspect of and that its summary does
 * not rule out. Two keys whose whole windows at an end are alike share every variant
 * there: such a pair is taken from the whole windows' probe only, which always finds
 * it, so that it does not come 46 times (a news archive has many names that start or
 * end alike). Other pairs may still come a few times. */
static void collect_pairs(const join *j, size_t first, size_t last, unsigned part_bits)
{
    fl_name_variants_work *w = j->work;
    size_t count = order_probes(j, first, last, part_bits);
    uint32_t number_mask = (uint32_t)((1ull << j->number_bits) - 1);
    w->pair_count = 0;
    for (size_t p = 0; p < count; p++) {
        /* A later probe's bucket bounds, then its postings, asked for ahead: each is a
         * wait for memory, which the probes in between now overlap. */
        if (p + 2 * PROBES_AHEAD < count)
            FL_PREFETCH(&w->buckets[probe_bucket(j, w->probes[p + 2 * PROBES_AHEAD])]);
        if (p + PROBES_AHEAD < count)
            FL_PREFETCH(&w->postings[w->buckets[probe_bucket(j, w->probes[p + PROBES_AHEAD])]]);
        uint32_t hash = (uint32_t)(w->probes[p] >> 32);
        size_t i = (size_t)(w->probes[p] & PROBE_KEY);
        size_t end = (w->probes[p] & PROBE_SUFFIX) != 0;
        bool whole = (w->probes[p] & PROBE_WHOLE) != 0;
        size_t bucket = bucket_of(j, hash);
        uint32_t wanted = posting_of(j, hash, 0);
        for (uint32_t at = w->buckets[bucket]; at < w->buckets[bucket + 1]; at++) {
            uint32_t posting = w->postings[at];
            size_t head = posting & number_mask;
            /* A probe at the end a key is posted at meets the key's own posting, 45
             * times of 46: told apart by its number, without reading its window. */
            if ((posting & ~number_mask) != wanted ||
                (!whole && (head == i ||
                            w->windows[2 * head + end] == w->windows[2 * i + end])))
                continue;
            for (size_t other = head; other != NO_KEY; other = w->next_alike[other]) {
                if (other == i || w->summaries[i].rank >= w->summaries[other].rank ||
                    !may_be_variants(&w->summaries[i], &w->summaries[other]))
                    continue;
                push_pair(w, i - first, other);
            }
        }
    }
}

/* Groups the pairs by key (a counting sort), leaving key k's others at
 * [candidates_of[k], candidates_of[k + 1]). */
static void group_pairs(fl_name_variants_work *w, size_t keys)
{
    w->candidates_of = zeroed(w->candidates_of, &w->candidates_of_capacity, keys + 1,
                              sizeof *w->candidates_of);
    uint32_t *starts = w->candidates_of;
    w->others =
        fl_xgrow_huge(w->others, &w->others_capacity, w->pair_count + 1, sizeof *w->others);
    for (size_t p = 0; p < w->pair_count; p++)
        starts[w->pairs[p] >> 32]++;
    for (size_t k = 1; k <= keys; k++)
        starts[k] += starts[k - 1];
    for (size_t p = w->pair_count; p-- > 0;)
        w->others[--starts[w->pairs[p] >> 32]] = (uint32_t)(w->pairs[p] & UINT32_MAX);
}

/* Finds the partners of keys [first, last): probes in the order of the memory they
 * read, since the buckets of a large document are spread over far more memory than the
 * caches hold, and the pairs found then go key by key. */
static void find_partners(const join *j, size_t first, size_t last, unsigned part_bits,
                          fl_name_variant *out)
{
    fl_name_variants_work *w = j->work;
    collect_pairs(j, first, last, part_bits);
    group_pairs(w, last - first);
    for (size_t i = first; i < last; i++) {
        size_t place = i - first;
        for (size_t c = w->candidates_of[place]; c < w->candidates_of[place + 1]; c++) {
            size_t other = w->others[c];
            if (w->seen[other] == i + 1)
                continue;
            w->seen[other] = (uint32_t)(i + 1);
            consider(j, i, other, &out[i]);
        }
    }
}

/* The end of the block of keys from `first`, which make `*probes` probes: keys are
 * taken while their probes number below the join's block_probes, one at least. */
static size_t block_end(const join *j, size_t first, size_t *probes)
{
    size_t last = first;
    *probes = 0;
    while (last < j->count && (last == first || *probes < j->block_probes))
        *probes += 2 * variant_count(j->spellings[last++].characters);
    return last;
}

/* Compares every pair of keys that their summaries do not rule out, the suspect of
 * each with the other. */
static void compare_pairs(const join *j, fl_name_variant *out)
{
    const key_summary *summaries = j->work->summaries;
    for (size_t a = 0; a < j->count; a++) {
        for (size_t b = a + 1; b < j->count; b++) {
            if (!may_be_variants(&summaries[a], &summaries[b]))
                continue;
            if (summaries[a].rank < summaries[b].rank)
                consider(j, a, b, &out[a]);
            else
                consider(j, b, a, &out[b]);
        }
    }
}

void fl_name_variants_find(fl_name_variants_work *work, const fl_name_spelling *spellings,
                           size_t count, fl_name_variant *out)
{
    size_t most = (UINT32_MAX - 1) / MAX_VARIANTS;
    fl_name_variants_work *own = work ? NULL : fl_name_variants_work_new();
    join j = {.spellings = spellings, .count = count < most ? count : most,
              .work = work ? work : own};
    fl_name_variants_work *w = j.work;
    for (size_t i = 0; i < count; i++)
        out[i] = (fl_name_variant){SIZE_MAX, 0};
    decode_keys(&j);
    summarise_keys(&j);
    if (j.count <= w->pairs_up_to) {
        compare_pairs(&j, out);
        fl_name_variants_work_free(own);
        return;
    }
    choose_ends(&j);
    group_alike(&j);
    /* The probes array holds the largest block: blocks of even size, rather than full
     * ones and a remainder, take as many passes over the postings and less memory. */
    size_t total_probes; /* those of one block of every key */
    j.block_probes = SIZE_MAX;
    block_end(&j, 0, &total_probes);
    size_t blocks = (total_probes + w->block_probes - 1) / w->block_probes;
    j.block_probes = blocks > 1 ? (total_probes + blocks - 1) / blocks : w->block_probes;
    size_t most_probes = 0;
    for (size_t first = 0; first < j.count;) {
        size_t probes;
        first = block_end(&j, first, &probes);
        most_probes = probes > most_probes ? probes : most_probes;
    }
    unsigned part_bits = post_variants(&j, most_probes);
    w->seen = zeroed(w->seen, &w->seen_capacity, j.count + 1, sizeof *w->seen);
    for (size_t first = 0; first < j.count;) {
        size_t probes;
        size_t last = block_end(&j, first, &probes);
        find_partners(&j, first, last, part_bits, out);
        first = last;
    }
    fl_name_variants_work_free(own);
}
