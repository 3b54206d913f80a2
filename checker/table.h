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
#include <stdint.h>

#include "document.h"
#include "memory.h"
#include "value.h"

typedef enum fl_table_kind {
    FL_TABLE_FIGURES, /* key and value columns */
    FL_TABLE_NAMES,   /* a name column */
    FL_TABLE_OTHER,   /* neither: reported as input/csv when read */
} fl_table_kind;

typedef struct fl_table_parts fl_table_parts;

typedef struct fl_table_sink {
    void *context;
    /* The rows that follow belong to the document at `path` (as reports show it):
     * finish the current document if it is another and return the one to fill.
     * `where` is the doc cell that named it, or NULL for the table's own document;
     * `absolute` says whether that cell gave an absolute path. */
    fl_document *(*document)(void *context, const char *path, const fl_location *where,
                             bool absolute);
    /* A figure made it into `document`; `key_cell` is where its key is written, or
     * NULL when `key_cells` does not ask for it (a cell's column costs a little every
     * row). */
    void (*figure_added)(void *context, fl_document *document, const fl_figure *figure,
                         const fl_location *key_cell);
    bool key_cells;
    /* approx-tolerance as a fraction, for "about" values. */
    fl_value tolerance;
    /* Read and split the table on a second thread, and read its cells on whichever
     * thread is free, while this one fills and checks the documents: the same calls,
     * in the same order. */
    bool read_ahead;
    /* Or, for a large table, check its parts on threads of their own; NULL for not. */
    const fl_table_parts *parts;
} fl_table_sink;

/* A large figures table is cut where one document's rows end and another's begin,
 * into parts checked at once, the first by the calling thread into its sink, each
 * other by a sink of its own on a thread of its own. That sink keeps the documents it
 * checked; once the parts before it are reported, they are handed, in order, to the
 * calling sink, each begun with fl_table_replay_document(), which judges documents
 * that resume as one reading would. Where a part turns out not to begin where the
 * part before it ends (a cut inside a quoted field), it and the parts after it are
 * dropped and read on by the calling thread: the report is always that of one
 * reading. */
typedef struct fl_table_replay fl_table_replay;

typedef enum fl_table_replayed {
    FL_TABLE_REPLAYED,
    FL_TABLE_REFUSED,   /* fl_table_replay_document() refused the first document */
    FL_TABLE_REPLAY_FAILED, /* the documents could not be kept or read back (errno) */
} fl_table_replayed;

struct fl_table_parts {
    void *context;
    size_t most;            /* parts at most; fewer than 2: the table is not cut */
    uint64_t least_bytes;   /* a part has this many bytes at least */
    /* On the calling thread, while the threads of earlier parts run: a sink for part
     * `index` (from 1), for another thread; NULL when none can be made, and the table
     * is then cut in fewer parts. */
    const fl_table_sink *(*begin)(void *context, size_t index);
    /* On the part's thread, its rows read: finish its last document. */
    void (*done)(void *context, size_t index);
    /* On the calling thread, in order, while the part's thread may still be at work:
     * hand the part's documents to the calling sink. */
    fl_table_replayed (*replay)(void *context, size_t index, fl_table_replay *replay);
    /* Frees the part's sink; `reported`: its documents were handed on, and what it
     * counted counts. */
    void (*end)(void *context, size_t index, bool reported);
};

/* During replay: the next document of the part, named at `where` (NULL when no row
 * named it), begun in the calling sink, which returns it from its `document` call.
 * NULL, with nothing done, for a first document that shows the part did not begin
 * where a document begins: then nothing of the part must be handed on. */
fl_document *fl_table_replay_document(fl_table_replay *replay, const char *path,
                                      const fl_location *where, bool absolute);

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
