/*
 * table.h — tables (docs/inputs.md): a header that says what the table is, rows that become
 * figures of the document they name.
 *
 * A figures table streams: rows go into the current document, and when a row names
 * another document the sink is told to finish the current one, so a table sorted by
 * document is checked in memory that does not grow with its length. Bad rows become
 * findings of the current document (input/csv, input/encoding, input/key, input/value,
 * figure/conflict, figure/duplicate, figure/quote) and reading goes on.
 */
#ifndef FL_TABLE_H
#define FL_TABLE_H

#include <stdbool.h>

#include "document.h"
#include "memory.h"
#include "value.h"

typedef enum fl_table_kind {
    FL_TABLE_FIGURES, /* key and value columns */
    FL_TABLE_NAMES,   /* a name column */
    FL_TABLE_OTHER,   /* neither: reported as input/csv when read */
} fl_table_kind;

typedef struct fl_table_sink {
    void *context;
    /* The rows that follow belong to the document at `path` (as reports show it):
     * finish the current document if it is another and return the one to fill.
     * `where` is the doc cell that named it, or NULL for the table's own document;
     * `absolute` says whether that cell gave an absolute path. */
    fl_document *(*document)(void *context, const char *path, const fl_location *where,
                             bool absolute);
    /* A figure made it into `document`; `key_cell` is where its key is written. */
    void (*figure_added)(void *context, fl_document *document, const fl_figure *figure,
                         const fl_location *key_cell);
    /* approx-tolerance as a fraction, for "about" values. */
    fl_value tolerance;
    /* Read and split the table on a second thread, and read its cells on whichever
     * thread is free, while this one fills and checks the documents: the same calls,
     * in the same order. */
    bool read_ahead;
} fl_table_sink;

/* Where a names table's rows go: each row is a name mentioned in a document. */
typedef struct fl_names_sink {
    void *context;
    void (*row)(void *context, const char *doc, const char *name, size_t length,
                const fl_location *location);
    /* The document (named after the table) that the table's own problems go to. */
    fl_document *problems;
} fl_names_sink;

/* In each call `path` is the table as reports show it, and `source` the file to read,
 * NULL when it is `path` (it is a copy for a table read from standard input). */

/* Reads just the header of the CSV table. false with errno when it cannot be read. */
bool fl_table_kind_of(const char *path, const char *source, fl_table_kind *kind);

/* Streams the figures table into the sink's documents. false with errno only when
 * the file cannot be read. */
bool fl_table_read_figures(const char *path, const char *source, const fl_table_sink *sink);

/* Reads the names table (a `name` column; optional `doc`, `line`, `col`, `kind`) into
 * the sink. false with errno only when the file cannot be read. */
bool fl_table_read_names(const char *path, const char *source, const fl_names_sink *sink);

/* The path reports show for `document` named in a table at `table_path`: relative to
 * the table's folder. Written into `out`. */
void fl_table_document_path(const char *table_path, const char *document, size_t length,
                            fl_buffer *out);

#endif
