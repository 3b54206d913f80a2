#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"

/* A byte at a time, hashing was a fifth of the time spent on a large figures table:
 * one multiply per byte, each waiting for the last. Eight bytes a multiply instead,
 * with splitmix64's finish so that the low bits, which pick slots, depend on all. */
uint64_t fl_hash_bytes(const void *bytes, size_t length)
{
    uint64_t hash = fl_hash_mix(0x9e3779b97f4a7c15ull ^ length, bytes, length);
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
    return hash ^ (hash >> 31);
}

static fl_strmap_slot *find(const fl_strmap *map, const char *key, size_t length,
                            uint64_t hash)
{
    size_t mask = map->capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        fl_strmap_slot *slot = &map->slots[i];
        if (!slot->key || (slot->hash == hash && slot->length == length &&
                           memcmp(slot->key, key, length) == 0))
            return slot;
    }
}

bool fl_strmap_get(const fl_strmap *map, const char *key, size_t length, size_t *value)
{
    if (!map->capacity)
        return false;
    const fl_strmap_slot *slot = find(map, key, length, fl_hash_bytes(key, length));
    if (!slot->key)
        return false;
    *value = slot->value;
    return true;
}

void fl_strmap_put(fl_strmap *map, const char *key, size_t length, size_t value)
{
    if ((map->count + 1) * 2 > map->capacity) {
        fl_strmap grown = {.capacity = map->capacity ? map->capacity * 2 : 64};
        grown.slots = fl_xcalloc(grown.capacity, sizeof *grown.slots);
        for (size_t i = 0; i < map->capacity; i++) {
            fl_strmap_slot *old = &map->slots[i];
            if (old->key)
                *find(&grown, old->key, old->length, old->hash) = *old;
        }
        grown.count = map->count;
        free(map->slots);
        *map = grown;
    }
    uint64_t hash = fl_hash_bytes(key, length);
    fl_strmap_slot *slot = find(map, key, length, hash);
    if (!slot->key) {
        *slot = (fl_strmap_slot){key, length, hash, value};
        map->count++;
    } else {
        slot->value = value;
    }
}

void fl_strmap_clear(fl_strmap *map)
{
    /* A map that once held many keys and now holds few is dropped rather than wiped,
     * so that clearing costs what the map held, not what it once held. */
    if (map->capacity > 1024 && map->count * 8 < map->capacity) {
        fl_strmap_free(map);
        return;
    }
    if (map->capacity)
        memset(map->slots, 0, map->capacity * sizeof *map->slots);
    map->count = 0;
}

void fl_strmap_free(fl_strmap *map)
{
    free(map->slots);
    map->slots = NULL;
    map->count = map->capacity = 0;
}
