/*
 * names_spelling_map.h — the spellings of one document by key, so that each occurrence
 * of a name finds its spelling with one probe of a small table.
 *
 * A large article has a hundred thousand spellings or more, met again and again: a
 * slot is 8 bytes (a tag of the key's hash and the spelling's number), and only a
 * slot whose tag matches leads to comparing keys. The map borrows the keys: they are
 * the caller's spellings, which must stay in place while the map refers to them. The
 * map owns its slots; fl_name_spelling_map_free() releases them.
 */
#ifndef FL_NAMES_SPELLING_MAP_H
#define FL_NAMES_SPELLING_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names_variants.h"

typedef struct fl_name_spelling_map {
    uint64_t *slots; /* tag << 32 | (number + 1); 0 when free */
    size_t mask;     /* slots - 1, a power of two less one; 0 before the first add */
    size_t count;
} fl_name_spelling_map;

#define FL_NAME_SPELLING_MAP_INIT {NULL, 0, 0}

/* The number of the spelling with `length` bytes at `key` among `spellings` (those the
 * map was given so far), or, when there is none, records that spelling `next` will
 * have that key, sets `*added` and returns `next`. The caller then stores the spelling
 * at `next` before the next call. Spelling numbers must stay below 2^32 - 1. */
size_t fl_name_spelling_map_find_or_add(fl_name_spelling_map *map,
                                        const fl_name_spelling *spellings, const char *key,
                                        size_t length, size_t next, bool *added);

/* Forgets every spelling, keeping the slots unless they are far more than were used. */
void fl_name_spelling_map_clear(fl_name_spelling_map *map);
void fl_name_spelling_map_free(fl_name_spelling_map *map);

#endif
