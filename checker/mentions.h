/*
 * mentions.h — the name mentions in an article's text.
 *
 * A mention is a run of capitalised words on one line, separated only by spaces and
 * joined by lower-case connectors ("Office of the High Commissioner"), with
 * possessives stripped ("Licadko’s" gives "Licadko"). Its first word is dropped when
 * it opens a sentence and is an ordinary word ("The United Nations" gives "United
 * Nations"); a run of ordinary English words alone ("He", "However") is no mention.
 *
 * Besides the built-in connectors, a caller may name lower-case words that join runs
 * too (fl_mentions_scan_joined): the inner words of the names it looks for, such as
 * "in" of "Bangsamoro Autonomous Region in Muslim Mindanao".
 *
 * fl_mentions_scan() reads the text and does not keep it: mentions are byte spans into
 * it. Everything it returns is allocated from the caller's arena and lives as long as
 * the arena does; its scratch memory is freed before it returns.
 */
#ifndef FL_MENTIONS_H
#define FL_MENTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory.h"

/* One word of a run. A hyphenated compound ("Jean-Pierre", "al-Assad") is one word;
 * its span excludes a possessive ’s, 's or a trailing ’. */
typedef struct fl_mention_word {
    uint32_t offset, length; /* bytes in the text */
    uint32_t column;         /* 1-based, in code points; the line is the mention's */
    bool connector;          /* a lower-case joining word: "of", "the", "de", ... */
    bool joiner;             /* a connector only because the caller's joiners hold it */
    /* A word in capitals that the text also writes in lower case ("SCAM", "scam"): an
     * ordinary word set in capitals, not an acronym. */
    bool in_lower_case_elsewhere;
} fl_mention_word;

typedef struct fl_mention {
    uint32_t offset, length; /* bytes of the whole run, first word to last */
    uint32_t line, column;   /* 1-based; the column counts code points */
    const fl_mention_word *words; /* never starts or ends with a connector */
    uint32_t word_count;          /* at least 1 */
    /* Its line has no lower-case letter and two words or more in capitals: a headline
     * or a line typed in capitals, whose words in capitals are no acronyms. */
    bool in_capitals_line;
} fl_mention;

typedef struct fl_mention_list {
    fl_mention *items; /* in text order; NULL when count is 0 */
    size_t count;
} fl_mention_list;

/* Lower-case words that join capitalised ones like the built-in connectors, sorted
 * in byte order (strcmp); the caller owns them. */
typedef struct fl_mention_joiners {
    const char *const *words;
    size_t count;
} fl_mention_joiners;

/* Scans `length` bytes of UTF-8 `text` (not necessarily NUL-terminated; `text` may be
 * NULL when `length` is 0) and fills `out`. Invalid UTF-8 is skipped: it separates
 * runs and counts one column per undecodable sequence. Lines end at LF, CR LF or
 * a lone CR. Offsets are 32 bits, all that an article (read up to 64 MiB) needs, since a
 * large one has millions of words: text beyond the first 4 GiB is not scanned. */
void fl_mentions_scan(const char *text, size_t length, fl_arena *arena, fl_mention_list *out);

/* fl_mentions_scan() with the words of `joiners` (NULL for none) as connectors too. */
void fl_mentions_scan_joined(const char *text, size_t length, const fl_mention_joiners *joiners,
                             fl_arena *arena, fl_mention_list *out);

/* Whether `length` bytes at `word` are one of the built-in connectors ("of", "the",
 * "de", ...), in lower case. */
bool fl_mentions_is_connector(const char *word, size_t length);

#endif
