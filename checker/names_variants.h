/*
 * names_variants.h — which spellings of one document look like two spellings of one
 * name (names/variant), found in a large document without comparing every pair.
 *
 * Two spellings are variants when they are within max-distance auto of the shorter
 * one, neither is a prefix of the other (Cambodia / Cambodian) and they are not forms
 * of one name (names_inflection.h). Of a pair, the rarer spelling is the suspect, and
 * between spellings as frequent the later one; each suspect is paired with its closest
 * variant, the earliest among equals.
 *
 * fl_name_variants_find() groups the spellings by the variants of their first and
 * last nine characters with a few of them deleted (symmetric deletion, up to the
 * key's max-distance), which any two variants share at both ends: each spelling is
 * posted at the end whose window fewer spellings have (once for all the spellings with
 * the same window there) and looked up at both, so it is compared only with the
 * spellings it meets there. A document of a few hundred spellings or fewer, where that
 * costs more than it saves, compares every pair whose lengths and letters allow it.
 * Every candidate is judged by fl_name_variant_pair(), so the result is what comparing
 * every pair gives, in time near linear in the number of spellings. Its working memory
 * is a fl_name_variants_work that the caller owns and keeps for the next search, or
 * NULL for memory made and freed within the call; the caller owns the spellings and
 * the result.
 */
#ifndef FL_NAMES_VARIANTS_H
#define FL_NAMES_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>

/* One spelling: a match key (fl_name_key with folding and accents stripped) and how
 * often the document uses it. Spellings are numbered in the order they first occur. */
typedef struct fl_name_spelling {
    const char *key;
    size_t length;     /* in bytes */
    size_t characters; /* code points of the key */
    size_t count;      /* occurrences, at least 1 */
} fl_name_spelling;

typedef struct fl_name_variant {
    size_t partner;    /* the spelling this one is a variant of, or SIZE_MAX */
    unsigned distance; /* between the two, when there is a partner */
} fl_name_variant;

/* Whether spellings `a` and `b` are variants of each other, given their distance as
 * fl_name_distance() finds it with a limit of at least max-distance auto of the
 * shorter one (any larger value when they are further apart). */
bool fl_name_variant_pair(const fl_name_spelling *a, const fl_name_spelling *b,
                          unsigned distance);

typedef struct fl_name_variants_work fl_name_variants_work;

fl_name_variants_work *fl_name_variants_work_new(void);
/* NULL is allowed. */
void fl_name_variants_work_free(fl_name_variants_work *work);

/* Searches with `work` then build their index in parts of about `part_bytes` each,
 * make at most `block_probes` probes at a time (but a whole spelling's) and serve
 * them a part at a time, and compare every pair instead when there are at most
 * `pairs_up_to` spellings; 0 restores the defaults, which suit the caches. The result
 * never depends on them: small values let tests reach the seams between blocks and
 * parts, and either way of searching on any set. */
void fl_name_variants_work_limit(fl_name_variants_work *work, size_t block_probes,
                                 size_t part_bytes, size_t pairs_up_to);

/* Fills out[0..count) with each spelling's partner: the closest variant of which it is
 * the suspect, the one numbered first among equals. Spellings past the first
 * 93 million (a document of billions of characters) are not compared. `work` (or
 * NULL) holds the working memory. */
void fl_name_variants_find(fl_name_variants_work *work, const fl_name_spelling *spellings,
                           size_t count, fl_name_variant *out);

#endif
