/* libFuzzer target for the name-mention scanner: arbitrary bytes must scan without a
 * crash, and every mention and word must lie inside the text, in order, on a line
 * and column the text has. The word breaks it starts from must be libunistring's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uniwbrk.h>

#include "fuzz.h"
#include "memory.h"
#include "mentions.h"
#include "word_breaks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so reading past the text is caught. */
    char *text = fl_xmalloc(size);
    if (size)
        memcpy(text, data, size);
    /* Lines end at LF, CR LF or a lone CR. */
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));

    char *breaks = fl_xmalloc(size ? size : 1), *expected = fl_xmalloc(size ? size : 1);
    fl_word_breaks(text, size, breaks);
    u8_wordbreaks(data, size, expected);
    if (size && memcmp(breaks, expected, size) != 0)
        abort();
    free(breaks);
    free(expected);

    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(size ? text : NULL, size, &arena, &list);
    if ((list.count == 0) != (list.items == NULL))
        abort();
    size_t previous_end = 0;
    for (size_t i = 0; i < list.count; i++) {
        const fl_mention *m = &list.items[i];
        if (m->offset > size || m->length > size - m->offset || m->offset < previous_end)
            abort();
        if (m->line < 1 || m->line > lines || m->column < 1 || m->column > size)
            abort();
        if (memchr(text + m->offset, '\n', m->length) || memchr(text + m->offset, '\r', m->length))
            abort();
        if (m->word_count == 0 || m->words[0].offset != m->offset ||
            m->words[0].column != m->column || m->words[0].connector ||
            m->words[m->word_count - 1].connector)
            abort();
        size_t word_end = m->offset;
        for (size_t w = 0; w < m->word_count; w++) {
            const fl_mention_word *word = &m->words[w];
            if (word->length == 0 || word->offset < word_end ||
                word->length > m->offset + m->length - word->offset)
                abort();
            word_end = word->offset + word->length;
        }
        if (word_end != m->offset + m->length)
            abort();
        previous_end = word_end;
    }
    fl_arena_free(&arena);
    free(text);
    return 0;
}
