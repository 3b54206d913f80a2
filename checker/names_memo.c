#include "names_memo.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "strmap.h"

/* Where an answer's matches are in fl_name_memo.matches. */
typedef struct answer {
    size_t first, count;
} answer;

struct fl_name_memo {
    fl_strmap by_key; /* kind byte + key -> number of its answer */
    fl_arena keys;    /* the map's keys */
    answer *answers;
    size_t answer_count, answer_capacity;
    fl_name_match *matches;
    size_t match_count, match_capacity;
    fl_buffer scratch; /* kind byte + key, to look up */
};

fl_name_memo *fl_name_memo_new(void)
{
    return fl_xcalloc(1, sizeof(fl_name_memo));
}

void fl_name_memo_free(fl_name_memo *memo)
{
    if (!memo)
        return;
    fl_strmap_free(&memo->by_key);
    fl_arena_free(&memo->keys);
    free(memo->answers);
    free(memo->matches);
    fl_buffer_free(&memo->scratch);
    free(memo);
}

static const char *tagged(fl_buffer *scratch, unsigned char kind, const char *key,
                          size_t length)
{
    fl_buffer_clear(scratch);
    fl_buffer_append_char(scratch, (char)kind);
    fl_buffer_append(scratch, key, length);
    return scratch->data;
}

bool fl_name_memo_get(fl_name_memo *memo, unsigned char kind, const char *key,
                      size_t length, const fl_name_match **matches, size_t *count)
{
    if (memo->answer_count == 0)
        return false;
    size_t number;
    const char *tagged_key = tagged(&memo->scratch, kind, key, length);
    if (!fl_strmap_get(&memo->by_key, tagged_key, length + 1, &number))
        return false;
    *matches = memo->matches + memo->answers[number].first;
    *count = memo->answers[number].count;
    return true;
}

void fl_name_memo_put(fl_name_memo *memo, unsigned char kind, const char *key, size_t length,
                      const fl_name_match *matches, size_t count)
{
    if (memo->answer_count >= FL_NAME_MEMO_LIMIT) {
        fl_strmap_clear(&memo->by_key);
        fl_arena_reset(&memo->keys);
        memo->answer_count = 0;
        memo->match_count = 0;
    }
    const char *text = tagged(&memo->scratch, kind, key, length);
    char *copy = fl_arena_strndup(&memo->keys, text, length + 1);
    memo->answers = fl_xgrow(memo->answers, &memo->answer_capacity, memo->answer_count + 1,
                             sizeof *memo->answers);
    memo->answers[memo->answer_count] = (answer){memo->match_count, count};
    memo->matches = fl_xgrow(memo->matches, &memo->match_capacity, memo->match_count + count,
                             sizeof *memo->matches);
    if (count > 0)
        memcpy(memo->matches + memo->match_count, matches, count * sizeof *matches);
    memo->match_count += count;
    fl_strmap_put(&memo->by_key, copy, length + 1, memo->answer_count++);
}
