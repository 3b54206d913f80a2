#include "names_variants.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names_distance.h"
#include "names_inflection.h"

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
 * every pair still meets, at the end the partner was posted at. Each candidate is
 * judged by the distance. A window of nine characters keeps what is left after two
 * deletions specific enough that keys rarely meet by chance.
 */

#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

enum {
    WINDOW = 9,
    /* Variants of a window with up to two deletions: 1 + 9 + 36. */
    MAX_VARIANTS = 46,
};

/* Seeds that keep a prefix's variants apart from a suffix's. */
static const uint32_t prefix_side = 0x9e3779b9u, suffix_side = 0x85ebca6bu;

/* The hash of `window` without the characters at `skip` and `also_skip` (SIZE_MAX for
 * none), tagged with `side`; never 0. */
static uint32_t variant_hash(const uint32_t *window, size_t length, size_t skip,
                             size_t also_skip, uint32_t side)
{
    uint32_t hash = side;
    size_t kept = 0;
    for (size_t i = 0; i < length; i++) {
        if (i == skip || i == also_skip)
            continue;
        hash = (hash ^ window[i]) * 0x01000193u;
        kept++;
    }
    hash ^= (uint32_t)kept * 0x27d4eb2du;
    hash ^= hash >> 15;
    return hash ? hash : 1;
}

/* Hashes of the variants of `window` with up to `deletions` (at most two) characters
 * deleted, tagged with `side`. Returns how many. */
static size_t window_variants(const uint32_t *window, size_t length, unsigned deletions,
                              uint32_t side, uint32_t *out)
{
    size_t count = 0;
    out[count++] = variant_hash(window, length, SIZE_MAX, SIZE_MAX, side);
    for (size_t i = 0; deletions >= 1 && i < length; i++) {
        out[count++] = variant_hash(window, length, i, SIZE_MAX, side);
        for (size_t k = i + 1; deletions >= 2 && k < length; k++)
            out[count++] = variant_hash(window, length, i, k, side);
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

/* A zeroed array written at once: calloc's fresh pages would be read first as the
 * shared zero page and then copied on the first write, two faults a page. */
static void *zeroed(size_t count, size_t size)
{
    void *array = fl_xmalloc(count * size);
    memset(array, 0, count * size);
    return array;
}

/* Everything one search needs, freed together. Keys are posted under the hashes of
 * their variants in buckets by the hashes' top bits (a counting sort), each posting
 * the hash and the key's number. */
typedef struct join {
    const fl_name_spelling *spellings;
    size_t count;        /* those searched: their postings must number below 2^32 */
    uint32_t *points;    /* every key's code points, key i from starts[i] */
    size_t *starts;
    bool *posts_suffix;  /* per key: posted under its last window's variants */
    unsigned shift;      /* a hash's bucket is hash >> shift */
    uint32_t *buckets;   /* bucket b's postings are [buckets[b], buckets[b + 1]) */
    uint64_t *postings;  /* a variant's hash, then the key's number */
    uint32_t *seen;      /* per key: the last key it was a candidate of, plus one */
    /* Per key: its count, saturated, then its number turned over, so that the suspect of
     * two keys is the one with the smaller rank; a dense copy, for the cache. */
    uint64_t *ranks;
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
    return j->points + j->starts[i] + (suffix ? characters - *length : 0);
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

static void decode_keys(join *j)
{
    size_t total = 0;
    for (size_t i = 0; i < j->count; i++)
        total += j->spellings[i].characters;
    j->points = fl_xmalloc((total + 1) * sizeof *j->points);
    j->starts = fl_xmalloc((j->count + 1) * sizeof *j->starts);
    size_t at = 0;
    for (size_t i = 0; i < j->count; i++) {
        const fl_name_spelling *s = &j->spellings[i];
        j->starts[i] = at;
        at += fl_name_code_points(s->key, s->length, j->points + at, s->characters);
    }
}

/* A count of hashes, in open addressing with 0 for a free slot. */
typedef struct hash_counts {
    uint32_t *hashes, *counts;
    size_t mask;
} hash_counts;

static uint32_t *count_slot(const hash_counts *table, uint32_t hash)
{
    size_t slot = (size_t)((hash * 0x9e3779b97f4a7c15u) >> 32) & table->mask;
    while (table->hashes[slot] && table->hashes[slot] != hash)
        slot = (slot + 1) & table->mask;
    table->hashes[slot] = hash;
    return &table->counts[slot];
}

/* Chooses the end each key is posted at: the one whose whole window fewer keys have. */
static void choose_ends(join *j)
{
    size_t size = 64;
    while (size < 4 * j->count)
        size *= 2;
    hash_counts table = {zeroed(size, sizeof *table.hashes), zeroed(size, sizeof *table.counts),
                         size - 1};
    uint32_t *windows = fl_xmalloc((2 * j->count + 1) * sizeof *windows);
    for (size_t i = 0; i < j->count; i++) {
        for (int end = 0; end < 2; end++) {
            size_t length;
            const uint32_t *window = window_at(j, i, end, &length);
            windows[2 * i + end] = variant_hash(window, length, SIZE_MAX, SIZE_MAX,
                                                end ? suffix_side : prefix_side);
            ++*count_slot(&table, windows[2 * i + end]);
        }
    }
    j->posts_suffix = fl_xmalloc(j->count + 1);
    for (size_t i = 0; i < j->count; i++)
        j->posts_suffix[i] =
            *count_slot(&table, windows[2 * i + 1]) < *count_slot(&table, windows[2 * i]);
    free(windows);
    free(table.hashes);
    free(table.counts);
}

/* Posts every key under the variants of its chosen end: counts the buckets, turns the
 * counts into ends, and fills each bucket from its end, which leaves its start. */
static void post_variants(join *j)
{
    uint32_t hashes[MAX_VARIANTS];
    size_t total = 0;
    for (size_t i = 0; i < j->count; i++)
        total += variants_of(j, i, j->posts_suffix[i], hashes);
    /* Two postings a bucket on average: the buckets stay a small part of the memory. */
    unsigned bits = 4;
    while (bits < 30 && ((size_t)1 << bits) < total / 2)
        bits++;
    j->shift = 32 - bits;
    size_t bucket_count = (size_t)1 << bits;
    j->buckets = zeroed(bucket_count + 1, sizeof *j->buckets);
    for (size_t i = 0; i < j->count; i++) {
        size_t count = variants_of(j, i, j->posts_suffix[i], hashes);
        for (size_t v = 0; v < count; v++)
            j->buckets[hashes[v] >> j->shift]++;
    }
    for (size_t b = 1; b <= bucket_count; b++)
        j->buckets[b] += j->buckets[b - 1];
    j->postings = fl_xmalloc((total + 1) * sizeof *j->postings);
    for (size_t i = 0; i < j->count; i++) {
        size_t count = variants_of(j, i, j->posts_suffix[i], hashes);
        for (size_t v = 0; v < count; v++)
            j->postings[--j->buckets[hashes[v] >> j->shift]] = (uint64_t)hashes[v] << 32 | i;
    }
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
    unsigned distance = fl_name_distance(j->points + j->starts[i], s->characters,
                                         j->points + j->starts[other], t->characters, limit);
    if (best->partner != SIZE_MAX &&
        (distance > best->distance || (distance == best->distance && other > best->partner)))
        return;
    if (fl_name_variant_pair(s, t, distance))
        *best = (fl_name_variant){other, distance};
}

static void find_partner(join *j, size_t i, fl_name_variant *best)
{
    uint32_t hashes[2 * MAX_VARIANTS];
    size_t prefix = variants_of(j, i, false, hashes);
    size_t count = prefix + variants_of(j, i, true, hashes + prefix);
    /* The buckets are spread over memory far larger than the caches: asking for them
     * all before reading any lets the waits overlap. */
    for (size_t v = 0; v < count; v++)
        PREFETCH(&j->buckets[hashes[v] >> j->shift]);
    for (size_t v = 0; v < count; v++)
        PREFETCH(&j->postings[j->buckets[hashes[v] >> j->shift]]);
    for (size_t v = 0; v < count; v++) {
        size_t bucket = hashes[v] >> j->shift;
        for (size_t p = j->buckets[bucket]; p < j->buckets[bucket + 1]; p++) {
            size_t other = (size_t)(j->postings[p] & UINT32_MAX);
            if (j->postings[p] >> 32 != hashes[v] || other == i || j->seen[other] == i + 1)
                continue;
            j->seen[other] = (uint32_t)(i + 1);
            if (j->ranks[i] < j->ranks[other])
                consider(j, i, other, best);
        }
    }
}

void fl_name_variants_find(const fl_name_spelling *spellings, size_t count,
                           fl_name_variant *out)
{
    size_t most = (UINT32_MAX - 1) / MAX_VARIANTS;
    join j = {.spellings = spellings, .count = count < most ? count : most};
    decode_keys(&j);
    choose_ends(&j);
    post_variants(&j);
    j.seen = zeroed(j.count + 1, sizeof *j.seen);
    j.ranks = fl_xmalloc((j.count + 1) * sizeof *j.ranks);
    for (size_t i = 0; i < j.count; i++) {
        size_t uses = spellings[i].count < UINT32_MAX ? spellings[i].count : UINT32_MAX;
        j.ranks[i] = (uint64_t)uses << 32 | (UINT32_MAX - i);
    }
    for (size_t i = 0; i < count; i++) {
        out[i] = (fl_name_variant){SIZE_MAX, 0};
        if (i < j.count)
            find_partner(&j, i, &out[i]);
    }
    free(j.points);
    free(j.starts);
    free(j.posts_suffix);
    free(j.buckets);
    free(j.postings);
    free(j.seen);
    free(j.ranks);
}
