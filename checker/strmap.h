/*
 * strmap.h — a hash map from strings to indexes, for lookups by path or key that
 * must not turn quadratic on large inputs.
 *
 * Keys are borrowed: the caller keeps each key's bytes alive and unchanged while it
 * is in the map. fl_strmap_clear() empties the map, keeping its memory unless that is
 * much larger than what it held.
 *
 * fl_hash_bytes() is the hash it uses, for other tables of this program: fast on
 * long keys (a word at a time) and well mixed in its low bits. It is no fingerprint:
 * its values may differ between builds and must not reach a report.
 */
#ifndef FL_STRMAP_H
#define FL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct fl_strmap_slot {
    const char *key; /* NULL: empty */
    size_t length;
    uint64_t hash;
    size_t value;
} fl_strmap_slot;

typedef struct fl_strmap {
    fl_strmap_slot *slots;
    size_t count, capacity;
} fl_strmap;

#define FL_STRMAP_INIT {NULL, 0, 0}

uint64_t fl_hash_bytes(const void *bytes, size_t length);
/* Mixes `length` bytes into a running `hash`, without fl_hash_bytes()'s finishing
 * steps: for one hash of several pieces, which the caller finishes. Inline, as it runs
 * for every field of a table. */
static inline uint64_t fl_hash_mix(uint64_t hash, const void *bytes, size_t length)
{
    const unsigned char *p = bytes;
    for (; length >= 8; p += 8, length -= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        hash = (hash ^ word) * 0xbf58476d1ce4e5b9ull;
        hash ^= hash >> 31;
    }
    /* The last 1 to 7 bytes in at most two loads, which overlap when they must. */
    uint64_t tail = 0;
    if (length >= 4) {
        uint32_t first, last;
        memcpy(&first, p, 4);
        memcpy(&last, p + length - 4, 4);
        tail = (uint64_t)first << 32 | last;
    } else if (length) {
        tail = (uint64_t)p[0] << 16 | (uint64_t)p[length / 2] << 8 | p[length - 1];
    }
    return (hash ^ tail) * 0xbf58476d1ce4e5b9ull;
}

bool fl_strmap_get(const fl_strmap *map, const char *key, size_t length, size_t *value);
/* Sets the value of `key`, adding it when absent. */
void fl_strmap_put(fl_strmap *map, const char *key, size_t length, size_t value);
void fl_strmap_clear(fl_strmap *map);
void fl_strmap_free(fl_strmap *map);

#endif
