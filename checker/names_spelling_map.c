#include "names_spelling_map.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "strmap.h"

enum { INITIAL_SLOTS = 256 };

/* The tag is the hash's top half, never 0, and picks the slot too, so that growing
 * needs no key. */
static uint32_t tag_of(const char *key, size_t length)
{
    uint32_t tag = (uint32_t)(fl_hash_bytes(key, length) >> 32);
    return tag ? tag : 1;
}

static void grow(fl_name_spelling_map *map)
{
    size_t size = map->slots ? 2 * (map->mask + 1) : INITIAL_SLOTS;
    uint64_t *slots = fl_xmalloc(size * sizeof *slots);
    memset(slots, 0, size * sizeof *slots);
    for (size_t i = 0; map->slots && i <= map->mask; i++) {
        uint64_t slot = map->slots[i];
        if (!slot)
            continue;
        size_t at = (size_t)(slot >> 32) & (size - 1);
        while (slots[at])
            at = (at + 1) & (size - 1);
        slots[at] = slot;
    }
    free(map->slots);
    map->slots = slots;
    map->mask = size - 1;
}

size_t fl_name_spelling_map_find_or_add(fl_name_spelling_map *map,
                                        const fl_name_spelling *spellings, const char *key,
                                        size_t length, size_t next, bool *added)
{
    *added = false;
    if (!map->slots || (map->count + 1) * 2 > map->mask + 1)
        grow(map);
    uint32_t tag = tag_of(key, length);
    size_t at = tag & map->mask;
    for (;; at = (at + 1) & map->mask) {
        uint64_t slot = map->slots[at];
        if (!slot)
            break;
        if ((uint32_t)(slot >> 32) != tag)
            continue;
        size_t number = (size_t)(slot & UINT32_MAX) - 1;
        const fl_name_spelling *s = &spellings[number];
        if (s->length == length && memcmp(s->key, key, length) == 0)
            return number;
    }
    map->slots[at] = (uint64_t)tag << 32 | (uint64_t)(next + 1);
    map->count++;
    *added = true;
    return next;
}

void fl_name_spelling_map_clear(fl_name_spelling_map *map)
{
    /* A map grown for one large document is dropped when the next ones are small, so
     * that clearing costs what the map held. */
    if (map->mask + 1 > 4 * INITIAL_SLOTS && map->count * 8 < map->mask + 1) {
        fl_name_spelling_map_free(map);
        return;
    }
    if (map->slots)
        memset(map->slots, 0, (map->mask + 1) * sizeof *map->slots);
    map->count = 0;
}

void fl_name_spelling_map_free(fl_name_spelling_map *map)
{
    free(map->slots);
    *map = (fl_name_spelling_map)FL_NAME_SPELLING_MAP_INIT;
}
