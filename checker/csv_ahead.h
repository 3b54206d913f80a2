/*
 * csv_ahead.h — a CSV file read on a second thread, handed back in file order.
 *
 * fl_csv_read_ahead() gives its handlers exactly the records and problems that
 * fl_csv_read_file() would, in the same order, each record with what a `prepare`
 * function made of it. With `ahead`, another thread reads and splits the file, a
 * batch of records ahead of the handlers; batches go through a queue of fixed length,
 * so memory does not grow with the file. Each batch is prepared by whichever thread
 * gets to it first: the reading one while the queue is full, the calling one when it
 * reaches a batch not yet prepared, so that the work is shared whichever side is
 * slower. Without `ahead`, or when no thread can be started, everything runs on the
 * calling thread.
 *
 * `prepare` sees only the record and its own context: it must share nothing with
 * the handlers. It runs on the file's first record before any other and may set up
 * its context then; after that it may run on both threads at once, and must only
 * read the context. What it writes is copied with the record and must hold no
 * pointer into the record. Record and problem data are valid only during the
 * callback.
 */
#ifndef FL_CSV_AHEAD_H
#define FL_CSV_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_source.h"

typedef struct fl_csv_preparer {
    /* Writes `size` bytes at `out` about `record`. */
    void (*prepare)(void *context, const fl_csv_record *record, void *out);
    void *context;
    size_t size;
} fl_csv_preparer;

typedef struct fl_csv_prepared_handlers {
    /* Return false to stop reading; `prepared` is what prepare() wrote. */
    bool (*record)(void *context, const fl_csv_record *record, const void *prepared);
    void (*problem)(void *context, const fl_csv_problem *problem);
    void *context;
} fl_csv_prepared_handlers;

/* Reads `path` as fl_csv_read_file() does, and returns what it would: false with
 * errno set only when the file cannot be opened or read before the handlers stop. */
bool fl_csv_read_ahead(const char *path, const fl_csv_preparer *preparer,
                       const fl_csv_prepared_handlers *handlers, bool ahead);

#endif
