/*
 * names_index.h — which listed names lie within a few edits of a mention, found
 * without comparing the mention with every name (README, "Names"; bench/names).
 *
 * Keys are match keys as fl_name_key() writes them with FL_NAME_FOLD |
 * FL_NAME_STRIP_MARKS: words separated by single spaces (extra spaces are ignored,
 * and an invalid UTF-8 sequence reads as U+FFFD). The index copies what it needs from
 * each key; the caller keeps its strings and ids. fl_name_index_free() releases
 * everything. A lookup never changes the index, so once adding is over, lookups may
 * run from several threads at once.
 *
 * How it works: each distinct key is stored once. A key of four characters or more is
 * cut in three segments at places that depend on its length alone (keys of four to
 * seven characters also in two), and posted under each segment, as written and as a
 * swap across a cut would leave it. A key within two edits of the query shares a whole
 * segment with it, near where that segment lies (pigeonhole, as in PassJoin): a
 * lookup probes those few places for every length in reach, passes over the keys whose
 * histogram of letters is too far from the query's, and checks the rest with
 * fl_name_distance(), so it returns exactly what comparing with every key would.
 * Keys of three characters or fewer are compared one by one, by lookups that allow
 * them an edit.
 *
 * Memory: 16 bytes a posting, about 8 postings and 40 bytes besides a distinct key;
 * for 10^6 generated names (844,096 distinct keys) 208 MiB.
 */
#ifndef FL_NAMES_INDEX_H
#define FL_NAMES_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct fl_name_index fl_name_index;

typedef struct fl_name_match {
    uint32_t id;       /* as given to fl_name_index_add() */
    unsigned distance; /* fl_name_distance() between the two keys; 0 for equal keys */
} fl_name_match;

/* The largest distance the index answers by itself; a larger max_distance is served
 * by comparing with every key (still correct, no longer fast). */
enum { FL_NAME_INDEX_MAX_DISTANCE = 2 };

fl_name_index *fl_name_index_new(void);
/* Releases the index and all it holds; NULL is allowed. */
void fl_name_index_free(fl_name_index *index);

/* Lists `key` (`length` bytes, no NUL needed) under the caller's `id`. One key may be
 * listed under several ids; listing the same key and id twice changes nothing. */
void fl_name_index_add(fl_name_index *index, const char *key, size_t length, uint32_t id);

/* Sorts what adding left waiting into the index's postings, so that a lookup reads
 * one array instead of two places: call it once adding is over. Adding again after
 * it is allowed. */
void fl_name_index_finish(fl_name_index *index);

/* Every listed (key, id) whose key is within `max_distance` of `key`, equal keys
 * included. A negative `max_distance` means `max-distance auto`, judged on the
 * listed key: a key is a match when its distance is at most
 * fl_name_max_distance_auto() of its own length in characters, spaces included.
 * Distances above FL_NAME_DISTANCE_MAX are not found. Writes the first `capacity`
 * matches to `out` (NULL when `capacity` is 0), closest first and then by id, and
 * returns how many there are in all, which may exceed `capacity`. */
size_t fl_name_index_lookup(const fl_name_index *index, const char *key, size_t length,
                            int max_distance, fl_name_match *out, size_t capacity);

/* Bytes the index holds on the heap, for capacity planning. */
size_t fl_name_index_memory(const fl_name_index *index);

#endif
