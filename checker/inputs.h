/*
 * inputs.h — what `factlint check PATH...` reads: each PATH a file or a folder read
 * recursively, *.csv as tables and *.txt / *.md as articles. Hidden files and
 * folders are skipped; folders are read in name order so that reports are stable.
 *
 * Only regular files are read from folders: a FIFO or a device there would block
 * or never end, and a link that leads out of the folders given is not followed.
 * What is skipped is kept as a note for the report. Standard input ("-") and a FIFO
 * or device named outright are read once into a temporary file, so that they can be
 * read as often as a table needs; the inputs remove those files when freed.
 *
 * The folders the PATHs name (a file's own folder for a file) and the current folder
 * are the roots: the only places a table's `doc` column may lead to (articles.h).
 */
#ifndef FL_INPUTS_H
#define FL_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "memory.h"
#include "strmap.h"

typedef enum fl_input_kind { FL_INPUT_TABLE, FL_INPUT_ARTICLE } fl_input_kind;

typedef struct fl_input {
    char *path;      /* as reports show it: "./" and doubled slashes removed */
    char *source;    /* the file to read when it is not `path` (a copy of stdin), or NULL */
    fl_input_kind kind;
    bool checked;    /* a document of this path has been checked */
} fl_input;

/* Something a folder held that is not read, and why. */
typedef struct fl_skipped_input {
    char *path;
    char *reason;
} fl_skipped_input;

typedef struct fl_inputs {
    fl_input *items;
    size_t count, capacity;
    fl_strmap by_path; /* path to index in items */
    fl_skipped_input *skipped;
    size_t skipped_count, skipped_capacity;
    char **roots;      /* real paths, without a final slash */
    size_t root_count, root_capacity;
} fl_inputs;

/* Adds PATH. false with a message in `error` when it does not exist or cannot be
 * read: a usage error. A folder that holds nothing to check adds a skipped note. */
bool fl_inputs_add(fl_inputs *inputs, const char *path, fl_buffer *error);

/* The article input at `path`, or NULL. */
fl_input *fl_inputs_find_article(fl_inputs *inputs, const char *path);

/* The input at `path`, tables and articles alike, or NULL. */
const fl_input *fl_inputs_find(const fl_inputs *inputs, const char *path);

/* Whether the real path `real` lies in one of the roots. */
bool fl_inputs_in_roots(const fl_inputs *inputs, const char *real);

void fl_inputs_free(fl_inputs *inputs);

/* `path` tidied as reports show it, into `out`. */
void fl_inputs_tidy_path(const char *path, fl_buffer *out);

#endif
