#include "names_memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "strmap.h"

/* An article's spans are looked up in the memo over a million times a run, mostly
 * found: each lookup should read as little memory as it can. A slot is 8 bytes (so
 * the table of FL_NAME_MEMO_LIMIT answers takes 1 MiB) and leads to one record that
 * holds the key itself, so that a lookup reads the slot, the record and then the
 * matches. */
typedef struct slot {
    uint32_t tag;    /* the hash's top half, to pass over most other keys unread */
    uint32_t record; /* the record's offset in `records` + 1; 0 for an empty slot */
} slot;

/* A record in `records`: this header, then the key's bytes, padded to 4 bytes. */
typedef struct record {
    uint32_t first, count; /* the answer's matches in `matches` */
    uint32_t length;       /* of the key */
    uint32_t kind;
} record;

enum { SLOT_COUNT = 2 * FL_NAME_MEMO_LIMIT, RECORD_ALIGN = 4 };

struct fl_name_memo {
    slot *slots; /* SLOT_COUNT of them, once anything is remembered */
    size_t answer_count;
    fl_buffer records;
    fl_name_match *matches;
    size_t match_count, match_capacity;
};

fl_name_memo *fl_name_memo_new(void)
{
    return fl_xcalloc(1, sizeof(fl_name_memo));
}

void fl_name_memo_free(fl_name_memo *memo)
{
    if (!memo)
        return;
    free(memo->slots);
    fl_buffer_free(&memo->records);
    free(memo->matches);
    free(memo);
}

static uint64_t hash_of(unsigned char kind, const char *key, size_t length)
{
    return fl_hash_bytes(key, length) ^ ((uint64_t)kind * 0x9e3779b97f4a7c15ull);
}

/* The slot of `key`, with `*found` at its record, or the empty slot where it would go,
 * with `*found` NULL. */
static slot *find(const fl_name_memo *memo, unsigned char kind, const char *key,
                  size_t length, uint64_t hash, const char **found)
{
    uint32_t tag = (uint32_t)(hash >> 32);
    *found = NULL;
    for (size_t i = hash & (SLOT_COUNT - 1);; i = (i + 1) & (SLOT_COUNT - 1)) {
        slot *s = &memo->slots[i];
        if (!s->record)
            return s;
        if (s->tag != tag)
            continue;
        const char *at = memo->records.data + s->record - 1;
        record r;
        memcpy(&r, at, sizeof r);
        if (r.kind == kind && r.length == length &&
            (length == 0 || memcmp(at + sizeof r, key, length) == 0)) {
            *found = at;
            return s;
        }
    }
}

bool fl_name_memo_get(fl_name_memo *memo, unsigned char kind, const char *key,
                      size_t length, const fl_name_match **matches, size_t *count)
{
    if (memo->answer_count == 0)
        return false;
    const char *found;
    find(memo, kind, key, length, hash_of(kind, key, length), &found);
    if (!found)
        return false;
    record r;
    memcpy(&r, found, sizeof r);
    /* Before the first answer with matches there is no array to point into. */
    *matches = r.count ? memo->matches + r.first : NULL;
    *count = r.count;
    return true;
}

static void forget_everything(fl_name_memo *memo)
{
    memset(memo->slots, 0, SLOT_COUNT * sizeof *memo->slots);
    fl_buffer_clear(&memo->records);
    memo->answer_count = 0;
    memo->match_count = 0;
}

void fl_name_memo_put(fl_name_memo *memo, unsigned char kind, const char *key, size_t length,
                      const fl_name_match *matches, size_t count)
{
    if (!memo->slots)
        memo->slots = fl_xcalloc(SLOT_COUNT, sizeof *memo->slots);
    size_t size = (sizeof(record) + length + RECORD_ALIGN - 1) & ~(size_t)(RECORD_ALIGN - 1);
    /* Offsets are 32 bits: a run of enormous keys starts again sooner. */
    if (memo->answer_count >= FL_NAME_MEMO_LIMIT ||
        memo->records.length + size >= UINT32_MAX || count > UINT32_MAX - memo->match_count)
        forget_everything(memo);
    if (size >= UINT32_MAX || count > UINT32_MAX)
        return;
    uint64_t hash = hash_of(kind, key, length);
    const char *found;
    slot *s = find(memo, kind, key, length, hash, &found);
    size_t offset = memo->records.length;
    record r = {(uint32_t)memo->match_count, (uint32_t)count, (uint32_t)length, kind};
    fl_buffer_reserve(&memo->records, size);
    memset(memo->records.data + offset, 0, size);
    memcpy(memo->records.data + offset, &r, sizeof r);
    if (length)
        memcpy(memo->records.data + offset + sizeof r, key, length);
    memo->records.length = offset + size;
    memo->records.data[memo->records.length] = '\0';
    *s = (slot){(uint32_t)(hash >> 32), (uint32_t)offset + 1};
    memo->matches = fl_xgrow(memo->matches, &memo->match_capacity, memo->match_count + count,
                             sizeof *memo->matches);
    if (count > 0)
        memcpy(memo->matches + memo->match_count, matches, count * sizeof *matches);
    memo->match_count += count;
    memo->answer_count++;
}
