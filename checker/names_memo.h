/*
 * names_memo.h — the answers of names-index lookups already made, by key, so that a
 * name an article repeats is looked up once. News repeats its names: a subject is
 * named again and again in one article and in the next ones.
 *
 * A memo copies the keys and matches it is given and owns them; fl_name_memo_free()
 * releases everything. When it holds FL_NAME_MEMO_LIMIT answers it forgets them all
 * and starts again, so its memory stays bounded however many names a run meets.
 */
#ifndef FL_NAMES_MEMO_H
#define FL_NAMES_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "names_index.h"

enum { FL_NAME_MEMO_LIMIT = 1 << 16 };

typedef struct fl_name_memo fl_name_memo;

fl_name_memo *fl_name_memo_new(void);
/* NULL is allowed. */
void fl_name_memo_free(fl_name_memo *memo);

/* The answer remembered for lookup `kind` (a number the caller gives each kind of
 * lookup: index and distance) of `length` bytes at `key`: sets `matches` and `count`
 * and returns true, or returns false. The matches stay valid until the next
 * fl_name_memo_put(); an answer of none sets `matches` to NULL. */
bool fl_name_memo_get(fl_name_memo *memo, unsigned char kind, const char *key,
                      size_t length, const fl_name_match **matches, size_t *count);

/* Remembers `count` matches as the answer of lookup `kind` of `key`, which must not be
 * remembered already. */
void fl_name_memo_put(fl_name_memo *memo, unsigned char kind, const char *key, size_t length,
                      const fl_name_match *matches, size_t count);

#endif
