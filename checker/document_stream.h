/*
 * document_stream.h — checked documents kept in a temporary file, to be reported later.
 *
 * A thread that checks a later part of a table cannot write its documents to the
 * report before the documents ahead of them are written. It writes each document it
 * checked here instead — what it is, then its findings in order, with the keys it met
 * among them — and the thread that writes the report reads them back in the same
 * order, as soon as it is free, while the other writes on. The file keeps memory flat
 * however many documents wait.
 *
 * Strings are copied, except a finding's rule id, which outlives the run (a built-in
 * rule's or the rule set's). Findings read back live in the document they are read
 * into, their strings in its arena, and a location in the document's own file points
 * at its path, as it did when written.
 */
#ifndef FL_DOCUMENT_STREAM_H
#define FL_DOCUMENT_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "finding.h"

typedef struct fl_document_stream fl_document_stream;

/* A checked document, before its findings. */
typedef struct fl_streamed_document {
    const char *path;
    const char *identity;
    const char *source;     /* or NULL */
    bool article_refused, out_of_shard, has_text;
    /* A row named it: the doc cell, in the table being read, and whether the cell
     * gave an absolute path. */
    bool named;
    fl_location where;      /* `file` is not kept: it is the table */
    bool absolute;
    size_t figures;         /* figures its rows gave */
} fl_streamed_document;

/* A key a row gave, first met in this part of the table, at the point among the
 * document's findings where it was met. */
typedef struct fl_streamed_key {
    const char *key;
    bool read;              /* some rule reads it */
    fl_location cell;       /* `file` is not kept: it is the table */
    const char *accepted;   /* the row's accept reason, or NULL */
} fl_streamed_key;

typedef enum fl_stream_item {
    FL_STREAM_END,
    FL_STREAM_DOCUMENT,
    FL_STREAM_FINDING,
    FL_STREAM_KEY,
} fl_stream_item;

/* A new stream in a temporary file, or NULL with errno when none can be made. */
fl_document_stream *fl_document_stream_new(void);
void fl_document_stream_free(fl_document_stream *stream);

void fl_document_stream_put_document(fl_document_stream *stream,
                                     const fl_streamed_document *document);
/* A finding of the document last put. */
void fl_document_stream_put_finding(fl_document_stream *stream, const fl_finding *finding);
void fl_document_stream_put_key(fl_document_stream *stream, const fl_streamed_key *key);

/* Ends the writing. false when something could not be written. */
bool fl_document_stream_close(fl_document_stream *stream);

/* Why writing or reading back failed: an errno value. */
int fl_document_stream_error(fl_document_stream *stream);

/* The next item, read while another thread writes on: waits for it to write more
 * until it closes the stream. Yields a document into `*document_out`, a key into
 * `*key_out` (their strings valid until the next call; `table` as their locations'
 * file), a finding added to `into`, the document last read begun. FL_STREAM_END at
 * the end, and when the file cannot be written or read back, with `*failed` set. */
fl_stream_item fl_document_stream_next(fl_document_stream *stream, const char *table,
                                       fl_document *into, fl_streamed_document *document_out,
                                       fl_streamed_key *key_out, bool *failed);

#endif
