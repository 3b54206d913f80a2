/*
 * inputs.h — what `factlint check PATH...` reads: each PATH a file or a folder read
 * recursively, *.csv as tables and *.txt / *.md as articles (SPEC §1). Hidden files
 * and folders are skipped; folders are read in name order so reports are stable.
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
    fl_input_kind kind;
    bool checked;    /* a document of this path has been checked */
} fl_input;

typedef struct fl_inputs {
    fl_input *items;
    size_t count, capacity;
    fl_strmap by_path; /* path to index in items */
} fl_inputs;

/* Adds PATH. false with a message in `error` when it does not exist or cannot be
 * read: a usage error. */
bool fl_inputs_add(fl_inputs *inputs, const char *path, fl_buffer *error);

/* The article input at `path`, or NULL. */
fl_input *fl_inputs_find_article(fl_inputs *inputs, const char *path);

void fl_inputs_free(fl_inputs *inputs);

/* `path` tidied as reports show it, into `out`. */
void fl_inputs_tidy_path(const char *path, fl_buffer *out);

#endif
