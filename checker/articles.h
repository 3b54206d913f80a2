/*
 * articles.h — the article a table's `doc` column names, found without trusting it.
 *
 * Whoever edits a table must not be able to make factlint read any file on the
 * machine that runs it: a `doc` is an article only when it is a regular file inside
 * the roots (the folders given on the command line and the current folder), reached
 * by a path that is not absolute, with links resolved. Folders are listed once each,
 * so that a table of many documents without articles costs one listing, not a failed
 * open per document. A missing article comes with the closest name its folder holds.
 *
 * The finder borrows the inputs (for their roots) and owns its listings.
 */
#ifndef FL_ARTICLES_H
#define FL_ARTICLES_H

#include "inputs.h"
#include "memory.h"

typedef enum fl_article_status {
    FL_ARTICLE_FOUND,    /* a regular file inside the roots: read it */
    FL_ARTICLE_MISSING,  /* no such file */
    FL_ARTICLE_ABSOLUTE, /* the doc is an absolute path (the caller knows; never returned) */
    FL_ARTICLE_OUTSIDE,  /* it leads out of the roots, by ".." or by a link */
    FL_ARTICLE_NOT_FILE, /* a folder, a device, a FIFO... */
} fl_article_status;

typedef struct fl_articles fl_articles;

fl_articles *fl_articles_new(const fl_inputs *inputs);
void fl_articles_free(fl_articles *articles);

/* What the document path `path` (as reports show it) is. For a missing article,
 * `suggestion` receives the closest article name in its folder, as a path, or stays
 * empty; a NULL `suggestion` asks for none, which saves the search. */
fl_article_status fl_articles_resolve(fl_articles *articles, const char *path,
                                      fl_buffer *suggestion);

#endif
