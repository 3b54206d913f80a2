/*
 * names_gen.h — synthetic names lists for the names benchmark: people ("Sokha Chan
 * Vireak"), organisations ("Ministry of Rural Development", "Kovara League for Human
 * Rights"), acronyms ("LICADHO") and places, with the shared words that real lists
 * repeat ("International", "of the"). The same seed always gives the same names.
 *
 * A generator owns its word pools; fl_names_gen_free() releases them. Names are
 * written into the caller's fl_buffer.
 */
#ifndef FL_NAMES_GEN_H
#define FL_NAMES_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "memory.h"

typedef struct fl_names_gen fl_names_gen;

fl_names_gen *fl_names_gen_new(uint64_t seed);
void fl_names_gen_free(fl_names_gen *gen);

typedef enum fl_names_gen_kind {
    FL_NAMES_GEN_PERSON,
    FL_NAMES_GEN_ORGANISATION,
    FL_NAMES_GEN_ACRONYM,
    FL_NAMES_GEN_PLACE,
} fl_names_gen_kind;

/* Clears `out` and writes the next name (UTF-8, capitalised as written in print). */
void fl_names_gen_next(fl_names_gen *gen, fl_buffer *out);

/* fl_names_gen_next(), telling what kind of name it wrote. */
fl_names_gen_kind fl_names_gen_next_kind(fl_names_gen *gen, fl_buffer *out);

/* Clears `out` and writes the name of a town or village, one word ("Kampothea"). */
void fl_names_gen_town(fl_names_gen *gen, fl_buffer *out);

/* A uniformly drawn number below `bound` (> 0) from the generator's own sequence. */
uint32_t fl_names_gen_below(fl_names_gen *gen, uint32_t bound);

/* Clears `out` and writes `name` with `edits` (at most 8) random typing mistakes: a
 * letter or space inserted, deleted or replaced, or two neighbours swapped, anywhere
 * in the first 512 characters, which is all it keeps. */
void fl_names_gen_typo(fl_names_gen *gen, const char *name, size_t length, unsigned edits,
                       fl_buffer *out);

#endif
