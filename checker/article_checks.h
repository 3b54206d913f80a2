/*
 * article_checks.h — what is checked of a document's article itself, once it is
 * read: that it is text at all, and that each figure stands where the table says.
 *
 * Encoding: a spreadsheet, a UTF-16 file or a binary file is one input/file
 * finding; otherwise each invalid UTF-8 sequence is an input/encoding finding, up
 * to a limit. Places: a figure with a quote and no line and col is placed where
 * the quote stands (white space and typographic quotes do not matter), and a figure
 * with line and col must stand there; what does not hold is figure/position, with
 * the place found suggested. Findings go into the document.
 */
#ifndef FL_ARTICLE_CHECKS_H
#define FL_ARTICLE_CHECKS_H

#include <stdbool.h>

#include "document.h"

/* Invalid UTF-8 reported per article at most: a broken file is one problem. */
#define FL_ENCODING_FINDINGS_MAX 20

/* Checks that the loaded article is UTF-8 text. false when it is no text at all (a
 * spreadsheet, UTF-16, binary): nothing else should be read from it. */
bool fl_article_check_encoding(fl_document *document);

/* Places the document's figures in its loaded article, or says why they cannot be. */
void fl_article_place_figures(fl_document *document);

#endif
