/*
 * figures.h — one document's figures, found by key and by pattern.
 *
 * Keys are dotted paths ("arrests.h1.deported"). The store keeps them as a trie of
 * segments so that a pattern such as `arrests.$p.by_nationality.*` costs a walk over
 * the keys it can match, not over every figure. Strings are borrowed from the
 * document's arena; fl_figures_clear() empties the store for the next document and
 * keeps its memory.
 */
#ifndef FL_FIGURES_H
#define FL_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "interval.h"
#include "number.h"

typedef struct fl_figure {
    const char *key;
    const char *value;        /* as written, trimmed */
    fl_number number;
    fl_interval interval;
    fl_location location;     /* in the article when known, else the table cell */
    fl_location cell;         /* the value's table cell */
    const char *quote;
    uint32_t row_line;        /* the table line the figure's row starts on */
    uint64_t row_hash;        /* of the row's fields, to recognise a repeated row */
    size_t order;             /* position in table order, set by fl_figures_add */
    uint32_t listed;          /* the evaluator's mark: listed in the finding being made */
    const char *accepted;     /* the table's reason for accepting the row, or NULL */
} fl_figure;

typedef struct fl_figures fl_figures;

fl_figures *fl_figures_new(void);
void fl_figures_free(fl_figures *figures);
void fl_figures_clear(fl_figures *figures);

size_t fl_figures_count(const fl_figures *figures);
/* Figures in the order they were added (table order). */
fl_figure *fl_figures_at(fl_figures *figures, size_t index);

/* Adds a figure under its key. When the key already holds one, nothing is added and
 * the earlier figure is returned through `existing` (and false). */
bool fl_figures_add(fl_figures *figures, const fl_figure *figure, fl_figure **existing);

/* Adds a figure under `key` and returns it to be filled in where it is kept: zero but
 * for its key and order, and in place until the next figure is added. When the key
 * already holds one, returns NULL as fl_figures_add() returns false. */
fl_figure *fl_figures_add_key(fl_figures *figures, const char *key, fl_figure **existing);

/* The figure stored under exactly `key`, or NULL. */
fl_figure *fl_figures_find(const fl_figures *figures, const char *key, size_t length);

/* One segment of a pattern: a literal, `*` (one segment), `**` (one or more) or a
 * capture `$name` (one segment, the same wherever the capture appears). */
typedef enum fl_segment_kind {
    FL_SEGMENT_LITERAL,
    FL_SEGMENT_ANY,
    FL_SEGMENT_ANY_PATH,
    FL_SEGMENT_CAPTURE,
} fl_segment_kind;

typedef struct fl_segment {
    fl_segment_kind kind;
    const char *text;     /* literal text, or the capture's name */
    size_t length;
    uint64_t hash;        /* fl_segment_hash of a literal's text */
    size_t capture;       /* index into the bindings, for captures */
} fl_segment;

/* A capture's value: a segment of some key, or unbound (text == NULL). */
typedef struct fl_binding {
    const char *text;
    size_t length;
    uint64_t hash;
} fl_binding;

/* The hash the store files a key segment under; patterns keep it for their literals
 * so that a lookup does not hash the same text again for every document. */
uint64_t fl_segment_hash(const char *text, size_t length);

/* Calls `visit` for each figure whose key matches `segments`. Bound captures must
 * match their value; unbound ones are bound for the duration of the call to `visit`
 * and unbound again afterwards. With every capture bound, each figure is visited at
 * most once even when `**` could match it in several ways. */
void fl_figures_match(const fl_figures *figures, const fl_segment *segments, size_t count,
                      fl_binding *bindings,
                      void (*visit)(void *context, fl_figure *figure), void *context);

/* Checks a key as docs/inputs.md has it: dotted segments of [A-Za-z0-9_-]+, at most
 * FL_KEY_MAX_SEGMENTS of them and FL_KEY_MAX_LENGTH bytes in all (pattern matching
 * recurses once per segment). Returns NULL when it is well formed, else what is
 * wrong, for a person. */
#define FL_KEY_MAX_SEGMENTS 32
#define FL_KEY_MAX_LENGTH 256
const char *fl_key_problem(const char *key, size_t length);

#endif
