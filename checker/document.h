/*
 * document.h — one document being checked: its figures, its article text and the
 * findings about it.
 *
 * Rules run once per document and documents stream through one fl_document that is
 * begun, filled, checked, written and begun again, so memory follows the largest
 * document rather than the number of them. Everything a document holds — strings,
 * findings, the text — is owned by it and valid until the next fl_document_begin().
 */
#ifndef FL_DOCUMENT_H
#define FL_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "figures.h"
#include "finding.h"
#include "memory.h"

typedef struct fl_document {
    const char *path;       /* as reports show it */
    /* What fingerprints and baselines call it, independent of how the path was
     * typed (fl_source_path_identity); the path itself until someone sets it. */
    const char *identity;
    fl_arena arena;
    fl_figures *figures;

    fl_finding *findings;
    size_t finding_count, finding_capacity;

    /* Where the article is read from when not `path` (a copy of standard input), and
     * whether it may be read at all: a `doc` that leads out of the roots is not. */
    const char *source;
    bool article_refused;
    /* Another shard checks it (--shard): its rows are passed over, nothing is said. */
    bool out_of_shard;

    /* The article, once fl_document_load_text() has run. */
    bool text_loaded;
    bool has_text;          /* false when the file is missing, unreadable or refused */
    bool text_too_large;    /* over FL_ARTICLE_MAX_BYTES: not read */
    fl_buffer text;
    size_t *line_starts;    /* byte offset of each line */
    size_t line_count, line_capacity;
    /* Character positions in long lines, kept so that many findings on one line of a
     * megabyte cost a lookup each, not a walk from the line's start (document.c). */
    struct fl_column_index *columns;
} fl_document;

fl_document *fl_document_new(void);
void fl_document_free(fl_document *document);

/* Empties the document and names it; `path` is copied. */
void fl_document_begin(fl_document *document, const char *path);

/* A new zeroed finding, owned by the document. */
fl_finding *fl_document_add_finding(fl_document *document);

/* Marks the findings from index `first` on as accepted for `justification`, which
 * must live as long as the document's findings. */
void fl_document_accept_findings(fl_document *document, size_t first,
                                 const char *justification);

/* Articles larger than this are not read: a report about one would be unreadable, and
 * a `doc` naming an endless file must not exhaust memory. */
#define FL_ARTICLE_MAX_BYTES (64u << 20)

/* Reads the article at the document's source or path, once, unless it is refused.
 * Returns whether there is text. Lines end at LF, CR LF or a lone CR. */
bool fl_document_load_text(fl_document *document);

/* Line `line` (1-based) of the article without its line break, or false. */
bool fl_document_line(const fl_document *document, uint32_t line, const char **text,
                      size_t *length);

/* The byte offset in the article of (line, column), the column counting characters
 * from 1; a column past the line's end gives the line's end. Costs a short walk even
 * on very long lines. The line must exist. */
size_t fl_document_offset_of(const fl_document *document, uint32_t line, uint32_t column);

/* The line and column (characters, 1-based) of byte `offset` of the article. */
void fl_document_place_of(const fl_document *document, size_t offset, uint32_t *line,
                          uint32_t *column);

/* How many characters the figure written `value` spans at (line, column) of the
 * article: the value itself when the article has it there, else the number or word
 * that starts there. 0 when unknown. */
uint32_t fl_document_span(const fl_document *document, uint32_t line, uint32_t column,
                          const char *value);

#endif
