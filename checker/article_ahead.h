/*
 * article_ahead.h — the articles of a check read ahead on a second thread.
 *
 * While the calling thread checks an article, another reads the next ones, indexes
 * their lines (fl_document_load_text) and, given joiners, finds their name mentions
 * (fl_mentions_scan_joined): the part of the check that needs nothing but the text,
 * near half of the names check. Articles come back in the order given, each in a
 * document of its own begun with its path. The thread reads up to 15 articles ahead,
 * and no more than 16 MiB of text unless a single article is larger, so memory
 * stays that of a few articles. It shares with the caller only the requests
 * and the joiners, which must not change while it runs, and the documents, handed
 * over under a lock.
 */
#ifndef FL_ARTICLE_AHEAD_H
#define FL_ARTICLE_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "mentions.h"

typedef struct fl_article_request {
    const char *path;   /* as reports show it */
    const char *source; /* the file to read when it is not `path`, or NULL */
    bool skip;          /* begun but not read: another shard checks it */
} fl_article_request;

typedef struct fl_article_read {
    fl_document *document;    /* begun with the path and source; its text loaded */
    fl_mention_list mentions; /* in the document's arena, when `scanned` */
    bool scanned;
} fl_article_read;

typedef struct fl_article_ahead fl_article_ahead;

/* Starts reading the `count` articles of `requests`, which must outlive the reader;
 * with `joiners` (NULL: none), finds their mentions too. NULL when no thread can be
 * started. */
fl_article_ahead *fl_article_ahead_start(const fl_article_request *requests, size_t count,
                                         const fl_mention_joiners *joiners);

/* The next article in the order of the requests, NULL after the last. It is the
 * caller's, to check and change, until the next call. */
fl_article_read *fl_article_ahead_next(fl_article_ahead *ahead);

/* Stops the thread, whether or not every article was taken, and frees the reader and
 * its documents. */
void fl_article_ahead_stop(fl_article_ahead *ahead);

#endif
