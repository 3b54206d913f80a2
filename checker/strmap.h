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

bool fl_strmap_get(const fl_strmap *map, const char *key, size_t length, size_t *value);
/* Sets the value of `key`, adding it when absent. */
void fl_strmap_put(fl_strmap *map, const char *key, size_t length, size_t value);
void fl_strmap_clear(fl_strmap *map);
void fl_strmap_free(fl_strmap *map);

#endif
