/*
 * csv_source.h — RFC 4180 records streamed from a file through libcsv.
 *
 * The file is read in chunks and handed to libcsv a line at a time, so every record
 * knows the line it starts on and problems get a line and a column (in characters)
 * although libcsv itself reports neither. Memory does not grow with the file: one
 * chunk, the current record, and a line of context.
 *
 * Problems — malformed quoting, invalid UTF-8, a NUL byte, a field over
 * FL_CSV_FIELD_LIMIT — go to the problem handler; the record they occur in is
 * dropped and reading resumes on the next line (after an unterminated quote, on the
 * line after the one that opened it), so that one problem is reported once. A file
 * that is no text at all is one problem, and nothing of it is read. Lines end at LF,
 * CR LF or a lone CR. Record and problem data are valid only during the callback.
 *
 * Most lines of a table are plain: no quote but around whole fields, none doubled,
 * none across lines. Their fields are handed on where they lie in the read buffer,
 * without libcsv and without a copy. libcsv judges every other line.
 */
#ifndef FL_CSV_SOURCE_H
#define FL_CSV_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FL_CSV_FIELD_LIMIT (1u << 20)

typedef struct fl_csv_record {
    size_t field_count;
    const char *const *fields; /* not NUL-terminated: each is `lengths[i]` bytes */
    const size_t *lengths;
    /* Where each field starts on `line_text`, in bytes, when the reader knows it
     * (NULL when not), and whether the line is all ASCII, so that a field's column
     * costs no scan of the line. */
    const size_t *field_offsets;
    bool ascii;
    uint32_t line;             /* the line the record starts on, 1-based */
    uint64_t line_offset;      /* byte offset of that line in the file */
    /* The record's line when the whole record lies on it (no quoted line breaks),
     * else NULL: what fl_csv_field_column() needs. Excludes the line break. */
    const char *line_text;
    size_t line_length;
} fl_csv_record;

typedef enum fl_csv_problem_kind {
    FL_CSV_PROBLEM_SYNTAX,
    FL_CSV_PROBLEM_ENCODING,
    FL_CSV_PROBLEM_NOT_TEXT, /* a spreadsheet, UTF-16, binary: nothing more is read;
                              * the message is what the file is (fl_file_not_text) */
} fl_csv_problem_kind;

typedef struct fl_csv_problem {
    fl_csv_problem_kind kind;
    uint32_t line, column;     /* where the problem is; column in characters */
    uint64_t line_offset;      /* byte offset of that line in the file */
    uint64_t byte_offset;      /* byte offset of the problem in the file */
    /* The line the problem is on, when it is kept whole, else NULL. */
    const char *line_text;
    size_t line_length;
    char message[192];
} fl_csv_problem;

typedef struct fl_csv_handlers {
    /* Return false to stop reading (e.g. after the header). */
    bool (*record)(void *context, const fl_csv_record *record);
    void (*problem)(void *context, const fl_csv_problem *problem);
    void *context;
} fl_csv_handlers;

/* Reads `path` to the end (or until a handler stops it). Returns false, with errno
 * set, only when the file cannot be opened or read; problems in its contents are
 * reported through the handlers and are not failures. */
bool fl_csv_read_file(const char *path, const fl_csv_handlers *handlers);

/* A part of a file read on its own, so that threads can share a large table. The
 * part starts at a line that starts a record and ends before the first record that
 * starts at `stop` or later: whether `start` really starts a record is for the
 * caller to confirm, by reading the part before it up to exactly there. The part
 * is not checked for being text, and a byte order mark there is data. */
typedef struct fl_csv_range {
    uint64_t start;     /* byte offset of the part's first line */
    uint32_t line;      /* that line's number */
    uint64_t stop;      /* UINT64_MAX for the end of the file */
    /* Set by the reading: where it ended — the next record's first line and that
     * line's number, or the end of the file and the line after the last — and how
     * far problems were reported (the tail of the file after an unterminated quote
     * is read, and its problems reported, before the lines after the quote). */
    uint64_t stopped_at;
    uint32_t stopped_line;
    uint64_t reported_until;
} fl_csv_range;

/* Reads the records of `range` as fl_csv_read_file() reads the whole file, with the
 * same problems and line numbers; problems before the `reported_until` it is given
 * are taken as reported already. */
bool fl_csv_read_range(const char *path, fl_csv_range *range, const fl_csv_handlers *handlers);

/* The number of the line that starts at byte `offset` of `path`, as the readers count
 * lines: a CR LF ends one line. false with errno when the file cannot be read. */
bool fl_csv_line_at(const char *path, uint64_t offset, uint32_t *line);

/* Where field `index` of `record` stands on its line: the 1-based column (in
 * characters) of its first character inside any quotes, and its length in
 * characters. false when the record spans lines (positions are not known then) or
 * has no such field. */
bool fl_csv_field_span(const fl_csv_record *record, size_t index, uint32_t *column,
                       uint32_t *length);

#endif
