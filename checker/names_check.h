/*
 * names_check.h — the names rules over one document.
 *
 * Mentions come from the article's text (fl_mentions_scan_joined, joined also by the
 * lower-case words of the listed names) and from names tables (rows kept here, by
 * document, until that document is checked). Each mention's word spans are looked up
 * among the names that the enabled names blocks list, longest first: equal is fine,
 * equal after case folding and accent removal is names/case, a grammatical form
 * (names_inflection.h) is fine, within the block's max-distance (over characters, or
 * over connector keys, names_connectors.h) is names/near-miss ("did you mean"); a
 * listed acronym is only near an acronym. Mentions that match no listed name are
 * compared with one another (names_variants.h): two close spellings in one document
 * are names/variant, the rarer one flagged. A span that matched a listed name is
 * neither looked up again nor a variant. A finding on a spelling a block accepts is
 * kept, suppressed.
 *
 * Lookups are remembered by key (names_memo.h): a name the text repeats is looked up
 * once. The checker borrows the rule set and owns its index, memo, rows and scratch
 * memory.
 */
#ifndef FL_NAMES_CHECK_H
#define FL_NAMES_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "finding.h"
#include "mentions.h"
#include "ruleset.h"

typedef struct fl_names_checker fl_names_checker;

/* Indexes the names of every enabled names block of `rules`. */
fl_names_checker *fl_names_checker_new(const fl_ruleset *rules);
void fl_names_checker_free(fl_names_checker *checker);

/* Keeps a names-table row: `name` mentioned in document `doc` at `location` (whose
 * file must outlive the checker). Strings are copied. */
void fl_names_checker_add_row(fl_names_checker *checker, const char *doc, const char *name,
                              size_t length, const fl_location *location);

/* Checks the names of `document`: its article text when loaded, and the rows kept
 * for it. Findings go into the document. */
void fl_names_checker_run(fl_names_checker *checker, fl_document *document);

/* The words that join mentions besides the built-in connectors: the lower-case words
 * of the listed names. Fixed once the checker is made. */
const fl_mention_joiners *fl_names_checker_joiners(fl_names_checker *checker);

/* fl_names_checker_run() for a document whose article's mentions were found already,
 * by fl_mentions_scan_joined() with fl_names_checker_joiners(), in the document's
 * arena; NULL to find them here. */
void fl_names_checker_run_scanned(fl_names_checker *checker, fl_document *document,
                                  const fl_mention_list *mentions);

/* Whether rows were kept for document `doc`. */
bool fl_names_checker_has_rows(const fl_names_checker *checker, const char *doc);

/* A document that has rows but has not been checked yet, or NULL. */
const char *fl_names_checker_pending(const fl_names_checker *checker);

#endif
