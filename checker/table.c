#include "table.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "csv_ahead.h"
#include "csv_source.h"
#include "inputs.h"
#include "number.h"
#include "strmap.h"
#include "threads.h"
#include "utf8.h"

enum column {
    COLUMN_KEY,
    COLUMN_VALUE,
    COLUMN_DOC,
    COLUMN_LINE,
    COLUMN_COL,
    COLUMN_QUOTE,
    COLUMN_UNIT,
    COLUMN_QUALIFIER,
    COLUMN_NAME,
    COLUMN_ACCEPT,
    COLUMN_COUNT
};

static const char *const column_names[COLUMN_COUNT] = {
    "key", "value", "doc", "line", "col", "quote", "unit", "qualifier", "name", "accept",
};

enum { ABSENT = -1 };

typedef struct header {
    int index[COLUMN_COUNT];
    size_t field_count;
} header;

static bool is_space(char c)
{
    return (unsigned char)c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

static void trim(const char **text, size_t *length)
{
    while (*length > 0 && is_space(**text)) {
        (*text)++;
        (*length)--;
    }
    while (*length > 0 && is_space((*text)[*length - 1]))
        (*length)--;
}

static bool field(const fl_csv_record *record, int column, const char **text, size_t *length)
{
    if (column == ABSENT || (size_t)column >= record->field_count) {
        *text = "";
        *length = 0;
        return false;
    }
    *text = record->fields[column];
    *length = record->lengths[column];
    trim(text, length);
    return *length > 0;
}

/* A cell as field() trims it, kept with a row's prepared cells: `length` bytes from
 * `skip` bytes into its field. */
typedef struct cell_span {
    uint32_t skip, length;
} cell_span;

static cell_span trimmed_cell(const fl_csv_record *record, int column)
{
    const char *text;
    size_t length;
    if (!field(record, column, &text, &length))
        return (cell_span){0, 0};
    return (cell_span){(uint32_t)(text - record->fields[column]), (uint32_t)length};
}

/* The text of a cell trimmed_cell() kept; false, and "", for an empty one. */
static bool cell_text(const fl_csv_record *record, int column, cell_span span,
                      const char **text, size_t *length)
{
    *length = span.length;
    *text = span.length ? record->fields[column] + span.skip : "";
    return span.length > 0;
}

static void read_header(const fl_csv_record *record, header *h)
{
    for (int c = 0; c < COLUMN_COUNT; c++)
        h->index[c] = ABSENT;
    h->field_count = record->field_count;
    for (size_t i = 0; i < record->field_count; i++) {
        const char *name = record->fields[i];
        size_t length = record->lengths[i];
        trim(&name, &length);
        for (int c = 0; c < COLUMN_COUNT; c++) {
            if (h->index[c] == ABSENT && strlen(column_names[c]) == length &&
                strncasecmp(name, column_names[c], length) == 0)
                h->index[c] = (int)i;
        }
    }
}

static fl_table_kind kind_of(const header *h)
{
    if (h->index[COLUMN_KEY] != ABSENT && h->index[COLUMN_VALUE] != ABSENT)
        return FL_TABLE_FIGURES;
    if (h->index[COLUMN_NAME] != ABSENT)
        return FL_TABLE_NAMES;
    return FL_TABLE_OTHER;
}

typedef struct header_probe {
    header h;
    bool seen;
} header_probe;

static bool probe_record(void *context, const fl_csv_record *record)
{
    header_probe *probe = context;
    read_header(record, &probe->h);
    probe->seen = true;
    return false;
}

static void ignore_problem(void *context, const fl_csv_problem *problem)
{
    (void)context;
    (void)problem;
}

bool fl_table_kind_of(const char *path, const char *source, fl_table_kind *kind)
{
    header_probe probe = {.seen = false};
    fl_csv_handlers handlers = {probe_record, ignore_problem, &probe};
    if (!fl_csv_read_file(source ? source : path, &handlers))
        return false;
    *kind = probe.seen ? kind_of(&probe.h) : FL_TABLE_OTHER;
    return true;
}

void fl_table_document_path(const char *table_path, const char *document, size_t length,
                            fl_buffer *out)
{
    fl_buffer joined = FL_BUFFER_INIT;
    const char *slash = strrchr(table_path, '/');
    if (length > 0 && document[0] != '/' && slash)
        fl_buffer_append(&joined, table_path, (size_t)(slash - table_path) + 1);
    fl_buffer_append(&joined, document, length);
    fl_inputs_tidy_path(fl_buffer_cstr(&joined), out);
    fl_buffer_free(&joined);
}

/* Which documents a table has finished, to notice rows of one document that do not
 * stand together, in memory that does not grow with the documents. A path greater
 * than every finished one is new: a table sorted by document needs nothing more.
 * Any other is looked up in a fixed-size Bloom filter of the finished paths, and a
 * hit is confirmed by reading the table again up to the current row. The filter is
 * filled only once a path is not the greatest so far, from a reading of the rows
 * before: its bits fall at random in a megabyte, and setting them for every document
 * of a sorted table cost a cache miss each, on the thread that reports. A table whose
 * documents resume again and again would be read again and again: after a few
 * confirmed resumes the hashes of the finished paths are kept instead, 8 bytes a
 * document, in a table that is broken anyway. */
enum {
    FILTER_WORDS = 1 << 17, /* 2^23 bits, 1 MiB: 4% false hits at a million documents */
    FILTER_PROBES = 4,
    CONFIRMATIONS_BEFORE_EXACT = 16,
};

typedef struct hash_set {
    uint64_t *hashes;
    size_t count, capacity;
} hash_set;

typedef struct finished_documents {
    fl_buffer greatest;
    bool any;
    uint64_t *filter; /* once a path was not the greatest */
    unsigned confirmations;
    bool exact;
    hash_set hashes; /* once exact */
} finished_documents;

static uint64_t path_hash(const char *path)
{
    uint64_t hash = fl_hash_bytes(path, strlen(path));
    return hash ? hash : 1;
}

static bool hash_set_contains(const hash_set *set, uint64_t hash)
{
    if (!set->capacity)
        return false;
    size_t mask = set->capacity - 1;
    for (size_t slot = hash & mask; set->hashes[slot]; slot = (slot + 1) & mask)
        if (set->hashes[slot] == hash)
            return true;
    return false;
}

static void hash_set_insert(hash_set *set, uint64_t hash);

static void hash_set_grow(hash_set *set)
{
    hash_set grown = {.capacity = set->capacity ? set->capacity * 2 : 64};
    grown.hashes = fl_xcalloc(grown.capacity, sizeof *grown.hashes);
    for (size_t i = 0; i < set->capacity; i++)
        if (set->hashes[i])
            hash_set_insert(&grown, set->hashes[i]);
    free(set->hashes);
    *set = grown;
}

static void hash_set_insert(hash_set *set, uint64_t hash)
{
    if ((set->count + 1) * 2 > set->capacity)
        hash_set_grow(set);
    size_t mask = set->capacity - 1;
    size_t slot = hash & mask;
    while (set->hashes[slot] && set->hashes[slot] != hash)
        slot = (slot + 1) & mask;
    if (!set->hashes[slot]) {
        set->hashes[slot] = hash;
        set->count++;
    }
}

/* The filter's bits for `hash`: each probe takes 23 bits of a remix of it. */
static uint64_t filter_probe(uint64_t hash, int probe)
{
    uint64_t mixed = (hash ^ (uint64_t)probe * 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
    return (mixed >> 41) & ((uint64_t)FILTER_WORDS * 64 - 1);
}

static void filter_add(finished_documents *finished, uint64_t hash)
{
    for (int probe = 0; probe < FILTER_PROBES; probe++) {
        uint64_t bit = filter_probe(hash, probe);
        finished->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
}

static bool filter_may_hold(const finished_documents *finished, uint64_t hash)
{
    for (int probe = 0; probe < FILTER_PROBES; probe++) {
        uint64_t bit = filter_probe(hash, probe);
        if (!(finished->filter[bit / 64] & ((uint64_t)1 << (bit % 64))))
            return false;
    }
    return true;
}

static void finished_add(finished_documents *finished, const char *path, uint64_t hash)
{
    if (finished->exact) {
        hash_set_insert(&finished->hashes, hash);
        return;
    }
    if (finished->filter)
        filter_add(finished, hash);
    if (!finished->any || strcmp(path, fl_buffer_cstr(&finished->greatest)) > 0) {
        fl_buffer_clear(&finished->greatest);
        fl_buffer_append_string(&finished->greatest, path);
        finished->any = true;
    }
}

static void finished_free(finished_documents *finished)
{
    fl_buffer_free(&finished->greatest);
    free(finished->filter);
    free(finished->hashes.hashes);
}

typedef struct table_reader {
    const char *path;
    const fl_table_sink *sink;          /* a figures table */
    const fl_names_sink *names;         /* or a names table */
    header h;
    bool have_header;
    fl_document *document;  /* the one rows go to now */
    uint64_t document_hash;
    finished_documents finished;
    const char *source;     /* the file read, to read it again */
    bool not_text;          /* the file is no text: said once, nothing more */
    fl_buffer scratch;      /* document paths */
    fl_buffer doc_cell;     /* the doc cell that named the current document, as written */
    fl_buffer row_text;
    /* A later part of a split table (table parts below), and what tells whether it
     * began where a document begins. */
    bool part;
} table_reader;

static void table_reader_free(table_reader *t)
{
    finished_free(&t->finished);
    fl_buffer_free(&t->scratch);
    fl_buffer_free(&t->doc_cell);
    fl_buffer_free(&t->row_text);
}

static fl_location cell_location(const table_reader *t, const fl_csv_record *record,
                                 int column)
{
    fl_location location = {
        .file = t->path,
        .line = record->line,
        .column = 1,
        .line_offset = record->line_offset,
    };
    if (column != ABSENT &&
        !fl_csv_field_span(record, (size_t)column, &location.column, &location.length))
        location.column = 1;
    return location;
}

/* The current document, starting the table's own when no row has named one yet. */
static fl_document *current_document(table_reader *t)
{
    if (t->names)
        return t->names->problems;
    if (!t->document) {
        t->document = t->sink->document(t->sink->context, t->path, NULL, false);
        t->document_hash = path_hash(t->path);
    }
    return t->document;
}

/* Reading the table again, up to the row at `until`: the document paths its rows
 * name, each hashed into `into` or into the filter of `filter_of`, or until `wanted`
 * is met. */
typedef struct prefix_reading {
    const table_reader *t;
    uint64_t until;
    const char *wanted;
    bool found;
    hash_set *into;
    finished_documents *filter_of;
    bool past_header;
    fl_buffer path;
} prefix_reading;

/* The path of the document a row names, as read_row() makes it; false for a row
 * whose doc cell is empty. */
static bool named_document(const table_reader *t, const fl_csv_record *record,
                           fl_buffer *path)
{
    const char *text;
    size_t length;
    if (!field(record, t->h.index[COLUMN_DOC], &text, &length))
        return false;
    fl_table_document_path(t->path, text, length, path);
    return true;
}

static bool prefix_record(void *context, const fl_csv_record *record)
{
    prefix_reading *p = context;
    if (record->line_offset >= p->until)
        return false;
    if (!p->past_header) {
        p->past_header = true;
        return true;
    }
    if (!named_document(p->t, record, &p->path))
        return true;
    if (p->into) {
        hash_set_insert(p->into, path_hash(fl_buffer_cstr(&p->path)));
        return true;
    }
    if (p->filter_of) {
        filter_add(p->filter_of, path_hash(fl_buffer_cstr(&p->path)));
        return true;
    }
    p->found = strcmp(fl_buffer_cstr(&p->path), p->wanted) == 0;
    return !p->found;
}

static void read_prefix(const table_reader *t, prefix_reading *p)
{
    p->t = t;
    fl_csv_handlers handlers = {prefix_record, ignore_problem, p};
    /* The file was read once: should it fail now, what was found so far stands. */
    (void)fl_csv_read_file(t->source, &handlers);
    fl_buffer_free(&p->path);
}

/* Whether the rows before the one at `row_offset` finished the document at `path`. */
static bool has_finished(table_reader *t, uint64_t row_offset, const char *path, uint64_t hash)
{
    finished_documents *finished = &t->finished;
    if (finished->exact)
        return hash_set_contains(&finished->hashes, hash);
    if (!finished->any || strcmp(path, fl_buffer_cstr(&finished->greatest)) > 0)
        return false;
    if (!finished->filter) {
        finished->filter = fl_xcalloc(FILTER_WORDS, sizeof *finished->filter);
        prefix_reading fill = {.until = row_offset, .filter_of = finished};
        read_prefix(t, &fill);
    }
    if (!filter_may_hold(finished, hash))
        return false;
    prefix_reading confirm = {.until = row_offset, .wanted = path};
    read_prefix(t, &confirm);
    if (confirm.found && ++finished->confirmations == CONFIRMATIONS_BEFORE_EXACT) {
        prefix_reading all = {.until = row_offset, .into = &finished->hashes};
        read_prefix(t, &all);
        finished->exact = true;
    }
    return confirm.found;
}

/* Rows from the doc cell at `where` on go to the document at `path`. A later part of
 * a split table leaves resumes to be judged when its documents are reported, in
 * order, by the reader of the first part. */
static void switch_document(table_reader *t, const fl_location *where, const char *path,
                            bool absolute)
{
    if (t->document && strcmp(t->document->path, path) == 0)
        return;
    if (t->part) {
        t->document = t->sink->document(t->sink->context, path, where, absolute);
        return;
    }
    uint64_t hash = path_hash(path);
    bool resumed = has_finished(t, where->line_offset, path, hash);
    if (t->document)
        finished_add(&t->finished, t->document->path, t->document_hash);
    t->document = t->sink->document(t->sink->context, path, where, absolute);
    t->document_hash = hash;
    if (resumed) {
        fl_builtin_report(t->document, "input/csv", where, path,
                          "rows of document \"%s\" resume here after rows of other "
                          "documents; keep a document's rows together (they are checked "
                          "in separate groups)",
                          path);
    }
}

/* Characters of a cell a message quotes at most: a huge cell makes no huge message. */
enum { QUOTED_CHARACTERS = 80 };

static const char *shown(fl_arena *arena, const char *text)
{
    fl_buffer bounded = FL_BUFFER_INIT;
    fl_utf8_append_bounded(text, strlen(text), QUOTED_CHARACTERS, &bounded);
    char *copy = fl_arena_strdup(arena, fl_buffer_cstr(&bounded));
    fl_buffer_free(&bounded);
    return copy;
}

static bool blank_record(const fl_csv_record *record)
{
    for (size_t i = 0; i < record->field_count; i++) {
        const char *text = record->fields[i];
        size_t length = record->lengths[i];
        trim(&text, &length);
        if (length)
            return false;
    }
    return true;
}

/* A positive whole number from a line or col cell; 0 when the cell is empty. */
static bool read_position(const char *text, size_t length, uint32_t *out)
{
    uint64_t value = 0;
    *out = 0;
    if (length == 0)
        return true;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (uint64_t)(text[i] - '0');
        if (value > UINT32_MAX)
            return false;
    }
    if (value == 0)
        return false;
    *out = (uint32_t)value;
    return true;
}

static void join_row(fl_buffer *out, const fl_csv_record *record)
{
    fl_buffer_clear(out);
    for (size_t i = 0; i < record->field_count; i++) {
        if (i)
            fl_buffer_append_char(out, '\x1f');
        fl_buffer_append(out, record->fields[i], record->lengths[i]);
    }
}

/* A hash of the row's fields, to tell a repeated row. The fields go through one
 * running hash, each after its length, rather than one whole hash each: a row has
 * a dozen fields of a few bytes. */
static uint64_t row_hash(const fl_csv_record *record)
{
    uint64_t hash = record->field_count * 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < record->field_count; i++) {
        hash = fl_hash_mix((hash ^ record->lengths[i]) * 0xbf58476d1ce4e5b9ull,
                           record->fields[i], record->lengths[i]);
        hash ^= hash >> 29;
    }
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
    return hash ^ (hash >> 31);
}

/* Two rows give one key: equal rows are a repeat, overlapping values narrow the
 * figure to what both allow, disjoint ones are a conflict. */
static void merge_figure(table_reader *t, const fl_csv_record *record, fl_document *document,
                         fl_figure *existing, const fl_figure *figure)
{
    if (existing->row_hash == figure->row_hash) {
        fl_location location = cell_location(t, record, t->h.index[COLUMN_VALUE]);
        char *subject = fl_arena_printf(&document->arena, "%s\x1f%s", figure->key,
                                        figure->value);
        fl_builtin_report(document, "figure/duplicate", &location, subject,
                          "this row repeats the row at line %u exactly; the repeat is ignored",
                          (unsigned)existing->row_line);
        return;
    }
    fl_interval common;
    if (!fl_interval_intersect(existing->interval, figure->interval, &common)) {
        fl_buffer where = FL_BUFFER_INIT;
        fl_buffer_printf(&where, "%s:%u", existing->location.file,
                         (unsigned)existing->location.line);
        if (existing->location.column)
            fl_buffer_printf(&where, ":%u", (unsigned)existing->location.column);
        char *subject = fl_arena_printf(&document->arena, "%s\x1f%s\x1f%s", figure->key,
                                        existing->value, figure->value);
        fl_finding *finding = fl_builtin_report(
            document, "figure/conflict", &figure->location, subject,
            "%s is %s here but %s at %s", figure->key, shown(&document->arena, figure->value),
            shown(&document->arena, existing->value),
            fl_buffer_cstr(&where));
        fl_location *related = fl_arena_alloc(&document->arena, sizeof *related);
        *related = existing->location;
        finding->related = related;
        finding->related_count = 1;
        fl_finding_figure *figures = fl_arena_alloc(&document->arena, 2 * sizeof *figures);
        figures[0] = (fl_finding_figure){figure->key, figure->value, figure->interval,
                                         figure->number.unit};
        figures[1] = (fl_finding_figure){existing->key, existing->value, existing->interval,
                                         existing->number.unit};
        finding->figures = figures;
        finding->figure_count = 2;
        fl_buffer_free(&where);
        return;
    }
    if (fl_interval_same(common, figure->interval)) {
        fl_figure narrowed = *figure;
        narrowed.order = existing->order;
        *existing = narrowed;
    }
    existing->interval = common;
}

/* What a row's cells say, read without the document: the first problem that stops
 * the row, or the figure's number, interval and positions. Reading the cells touches
 * nothing but the row, so that another thread can do it while this one adds the rows
 * before to their documents. */
typedef enum row_verdict {
    ROW_HEADER,      /* the table's first record */
    ROW_BLANK,
    ROW_FIGURE,
    ROW_FIELD_COUNT, /* fields out of step with the header */
    ROW_BAD_KEY,
    ROW_BAD_VALUE,
    ROW_BAD_QUALIFIER,
    ROW_BAD_INTERVAL,
    ROW_BAD_UNIT,
} row_verdict;

typedef struct row_cells {
    row_verdict verdict;
    const char *problem; /* what is wrong with the key, interval or unit: static text */
    fl_number number;    /* with the unit column's unit */
    fl_interval interval;
    uint32_t positions[2]; /* line and col; 0 when empty */
    bool positions_ok[2];
    bool quote_ok;       /* the quote, when there is one, holds the value */
    uint64_t row_hash;
    /* The cells adding the row reads again: doc and accept for every row, the others
     * for a figure. */
    cell_span doc, accept, key, value, quote;
} row_cells;

static const int position_columns[2] = {COLUMN_LINE, COLUMN_COL};

static void read_cells(const header *h, fl_value tolerance, const fl_csv_record *record,
                       row_cells *cells)
{
    const char *text;
    size_t length;
    cells->problem = NULL;
    cells->doc = trimmed_cell(record, h->index[COLUMN_DOC]);
    cells->accept = trimmed_cell(record, h->index[COLUMN_ACCEPT]);
    if (record->field_count != h->field_count) {
        cells->verdict = ROW_FIELD_COUNT;
        return;
    }
    cells->key = trimmed_cell(record, h->index[COLUMN_KEY]);
    cell_text(record, h->index[COLUMN_KEY], cells->key, &text, &length);
    cells->problem = fl_key_problem(text, length);
    if (cells->problem) {
        cells->verdict = ROW_BAD_KEY;
        return;
    }
    const char *value;
    size_t value_length;
    cells->value = trimmed_cell(record, h->index[COLUMN_VALUE]);
    cell_text(record, h->index[COLUMN_VALUE], cells->value, &value, &value_length);
    if (!fl_number_read(value, value_length, &cells->number, NULL)) {
        cells->verdict = ROW_BAD_VALUE;
        return;
    }
    fl_qualifier qualifier = FL_QUALIFIER_NONE;
    if (field(record, h->index[COLUMN_QUALIFIER], &text, &length) &&
        !fl_qualifier_from_name(text, length, &qualifier)) {
        cells->verdict = ROW_BAD_QUALIFIER;
        return;
    }
    if (!fl_number_interval(&cells->number, qualifier, tolerance, &cells->interval,
                            &cells->problem)) {
        cells->verdict = ROW_BAD_INTERVAL;
        return;
    }
    if (field(record, h->index[COLUMN_UNIT], &text, &length)) {
        fl_unit unit;
        if (!fl_unit_from_name(text, length, &unit))
            cells->problem = "is no unit: write percent, a currency (USD, $, euros) or a "
                             "word of at most 15 letters";
        else if (!fl_unit_compatible(unit, cells->number.unit))
            cells->problem = "says another unit than the value does";
        if (cells->problem) {
            cells->verdict = ROW_BAD_UNIT;
            return;
        }
        cells->number.unit = unit;
    }
    cells->verdict = ROW_FIGURE;
    for (int i = 0; i < 2; i++) {
        field(record, h->index[position_columns[i]], &text, &length);
        cells->positions_ok[i] = read_position(text, length, &cells->positions[i]);
    }
    cells->quote = trimmed_cell(record, h->index[COLUMN_QUOTE]);
    bool quoted = cell_text(record, h->index[COLUMN_QUOTE], cells->quote, &text, &length);
    cells->quote_ok =
        !quoted || fl_number_in_quote(text, length, value, value_length, &cells->number);
    cells->row_hash = row_hash(record);
}

static void add_figure(table_reader *t, const fl_csv_record *record, fl_document *document,
                       const row_cells *cells, const char *accepted);

/* A row: the document it names, then its figure. A row the table accepts (a reason in
 * its `accept` column) keeps its findings, suppressed with that reason. */
static void read_row(table_reader *t, const fl_csv_record *record, const row_cells *cells)
{
    const header *h = &t->h;
    const char *text;
    size_t length;
    /* Rows of one document mostly follow each other: a cell written as the last
     * one was names the same document, without working out its path again. */
    if (cell_text(record, h->index[COLUMN_DOC], cells->doc, &text, &length) &&
        !(t->document && length == t->doc_cell.length &&
          memcmp(text, t->doc_cell.data, length) == 0)) {
        fl_table_document_path(t->path, text, length, &t->scratch);
        fl_location where = cell_location(t, record, h->index[COLUMN_DOC]);
        switch_document(t, &where, fl_buffer_cstr(&t->scratch), text[0] == '/');
        fl_buffer_clear(&t->doc_cell);
        fl_buffer_append(&t->doc_cell, text, length);
    }
    fl_document *document = current_document(t);
    if (document->out_of_shard)
        return;
    const char *accepted = NULL;
    if (cell_text(record, h->index[COLUMN_ACCEPT], cells->accept, &text, &length))
        accepted = fl_arena_strndup(&document->arena, text, length);
    size_t before = document->finding_count;
    add_figure(t, record, document, cells, accepted);
    if (accepted)
        fl_document_accept_findings(document, before, accepted);
}

/* Reports what stops a row from giving a figure. */
static void report_bad_row(table_reader *t, const fl_csv_record *record, fl_document *document,
                           const row_cells *cells)
{
    const header *h = &t->h;
    const char *text;
    size_t length;
    fl_arena *arena = &document->arena;
    if (cells->verdict == ROW_FIELD_COUNT) {
        /* Fields out of step with the header would be read into the wrong columns;
         * often an unquoted comma in a value such as 2,418. */
        fl_location location = cell_location(t, record, ABSENT);
        join_row(&t->row_text, record);
        fl_builtin_report(document, "input/csv", &location, fl_buffer_cstr(&t->row_text),
                          "this row has %zu %s but the header has %zu (a value with a comma "
                          "must be quoted: \"2,418\"); the row is skipped",
                          record->field_count, record->field_count == 1 ? "field" : "fields",
                          h->field_count);
        return;
    }
    field(record, h->index[COLUMN_KEY], &text, &length);
    char *key = fl_arena_strndup(arena, text, length);
    if (cells->verdict == ROW_BAD_KEY) {
        fl_location location = cell_location(t, record, h->index[COLUMN_KEY]);
        fl_builtin_report(document, "input/key", &location, key, "malformed key \"%s\": %s",
                          shown(arena, key), cells->problem);
        return;
    }
    field(record, h->index[COLUMN_VALUE], &text, &length);
    char *value = fl_arena_strndup(arena, text, length);
    fl_location value_cell = cell_location(t, record, h->index[COLUMN_VALUE]);
    if (cells->verdict == ROW_BAD_VALUE) {
        /* The message is worked out again here rather than carried with every row. */
        fl_number number;
        fl_number_error error;
        fl_number_read(text, length, &number, &error);
        fl_builtin_report(document, "input/value", &value_cell,
                          fl_arena_printf(arena, "%s\x1f%s", key, value),
                          "cannot read the value of %s, \"%s\", as a number: %s", key,
                          shown(arena, value), error.message);
        return;
    }
    if (cells->verdict == ROW_BAD_INTERVAL) {
        fl_builtin_report(document, "input/value", &value_cell,
                          fl_arena_printf(arena, "%s\x1f%s", key, value),
                          "cannot read the value of %s, \"%s\": %s", key, shown(arena, value),
                          cells->problem);
        return;
    }
    int column = h->index[cells->verdict == ROW_BAD_UNIT ? COLUMN_UNIT : COLUMN_QUALIFIER];
    field(record, column, &text, &length);
    char *written = fl_arena_strndup(arena, text, length);
    fl_location location = cell_location(t, record, column);
    if (cells->verdict == ROW_BAD_QUALIFIER)
        fl_builtin_report(document, "input/value", &location,
                          fl_arena_printf(arena, "%s\x1fqualifier\x1f%s", key, written),
                          "unknown qualifier \"%s\" for %s (expected exact, about, more-than, "
                          "at-least, less-than or at-most)",
                          shown(arena, written), key);
    else
        fl_builtin_report(document, "input/value", &location,
                          fl_arena_printf(arena, "%s\x1funit\x1f%s", key, written),
                          "the unit \"%s\" of %s %s (\"%s\")", shown(arena, written), key,
                          cells->problem, shown(arena, value));
}

static void add_figure(table_reader *t, const fl_csv_record *record, fl_document *document,
                       const row_cells *cells, const char *accepted)
{
    const header *h = &t->h;
    const char *text;
    size_t length;
    fl_arena *arena = &document->arena;
    if (cells->verdict != ROW_FIGURE) {
        report_bad_row(t, record, document, cells);
        return;
    }

    /* The figure is filled in where the store keeps it, not built and copied there: a
     * figure is 400 bytes, and this runs for every row. A key already there gives a
     * figure of its own, merged into the earlier one. Key, value and quote are copied
     * into one piece of the arena. */
    const char *key_text, *value_text, *quote_text;
    size_t key_length, value_length, quote_length;
    cell_text(record, h->index[COLUMN_KEY], cells->key, &key_text, &key_length);
    cell_text(record, h->index[COLUMN_VALUE], cells->value, &value_text, &value_length);
    bool quoted = cell_text(record, h->index[COLUMN_QUOTE], cells->quote, &quote_text,
                            &quote_length);
    char *key = fl_arena_alloc_uninit(arena, key_length + value_length + quote_length + 3);
    char *value = key + key_length + 1, *quote = value + value_length + 1;
    memcpy(key, key_text, key_length);
    key[key_length] = '\0';
    memcpy(value, value_text, value_length);
    value[value_length] = '\0';
    memcpy(quote, quote_text, quote_length);
    quote[quote_length] = '\0';
    fl_figure *existing = NULL, repeat;
    fl_figure *figure = fl_figures_add_key(document->figures, key, &existing);
    if (!figure) {
        repeat = (fl_figure){.key = key};
        figure = &repeat;
    }
    figure->number = cells->number;
    figure->interval = cells->interval;
    figure->value = value;

    for (int i = 0; i < 2; i++) {
        if (cells->positions_ok[i])
            continue;
        field(record, h->index[position_columns[i]], &text, &length);
        fl_location location = cell_location(t, record, h->index[position_columns[i]]);
        char *written = fl_arena_strndup(arena, text, length);
        char *subject = fl_arena_printf(arena, "%s\x1f%s\x1f%s", key,
                                        column_names[position_columns[i]], written);
        fl_builtin_report(document, "input/value", &location, subject,
                          "%s \"%s\" of %s is not a positive whole number; the figure "
                          "is located by its table row",
                          column_names[position_columns[i]], shown(arena, written), key);
    }
    /* The value cell's column costs a scan of the line: worked out only when a
     * finding or the figure's location needs it. */
    figure->cell = cell_location(t, record, h->index[COLUMN_VALUE]);
    uint32_t line = cells->positions[0];
    if (cells->positions_ok[0] && cells->positions_ok[1] && line &&
        h->index[COLUMN_DOC] != ABSENT && strcmp(document->path, t->path) != 0) {
        figure->location = (fl_location){
            .file = document->path,
            .line = line,
            .column = cells->positions[1],
            .line_offset = FL_NO_OFFSET,
        };
    } else {
        figure->location = figure->cell;
    }

    if (quoted) {
        figure->quote = quote;
        if (!cells->quote_ok) {
            char *subject = fl_arena_printf(arena, "%s\x1f%s\x1f%s", key, figure->value,
                                            figure->quote);
            fl_location location = cell_location(t, record, h->index[COLUMN_QUOTE]);
            fl_builtin_report(document, "figure/quote", &location, subject,
                              "the value of %s, \"%s\", does not appear in its quote \"%s\"",
                              key, shown(arena, figure->value), shown(arena, figure->quote));
        }
    }

    figure->row_hash = cells->row_hash;
    figure->row_line = record->line;
    figure->accepted = accepted;

    if (figure == &repeat) {
        merge_figure(t, record, document, existing, &repeat);
        return;
    }
    fl_location key_cell;
    if (t->sink->key_cells)
        key_cell = cell_location(t, record, h->index[COLUMN_KEY]);
    t->sink->figure_added(t->sink->context, document, figure,
                          t->sink->key_cells ? &key_cell : NULL);
}

/* Columns the header names twice, or leaves without a name: notes, since what such
 * a column holds is not read. */
static void report_header_problems(table_reader *t, const fl_csv_record *record)
{
    for (size_t i = 0; i < record->field_count; i++) {
        const char *name = record->fields[i];
        size_t length = record->lengths[i];
        trim(&name, &length);
        fl_location location = cell_location(t, record, (int)i);
        fl_finding *finding = NULL;
        if (length == 0) {
            finding = fl_builtin_report(current_document(t), "input/csv", &location, "header",
                                        "column %zu of the header has no name; its cells are "
                                        "not read", i + 1);
        } else {
            for (int c = 0; c < COLUMN_COUNT; c++) {
                int first = t->h.index[c];
                if (first != ABSENT && (size_t)first < i && strlen(column_names[c]) == length &&
                    strncasecmp(name, column_names[c], length) == 0)
                    finding = fl_builtin_report(
                        current_document(t), "input/csv", &location, "header",
                        "the header names \"%s\" again in column %zu; only column %d is read",
                        column_names[c], i + 1, first + 1);
            }
        }
        if (finding)
            finding->severity = FL_SEVERITY_NOTE;
    }
}

/* A header such as "key;value", as spreadsheets in some languages export CSV. */
static bool semicolon_header(const fl_csv_record *record)
{
    bool key = false, value = false, semicolon = false;
    for (size_t i = 0; i < record->field_count; i++) {
        const char *field = record->fields[i];
        size_t length = record->lengths[i];
        semicolon = semicolon || memchr(field, ';', length) != NULL;
        for (size_t start = 0, end; start <= length; start = end + 1) {
            const char *stop = memchr(field + start, ';', length - start);
            end = stop ? (size_t)(stop - field) : length;
            const char *name = field + start;
            size_t name_length = end - start;
            trim(&name, &name_length);
            key = key || (name_length == 3 && strncasecmp(name, "key", 3) == 0);
            value = value || (name_length == 5 && strncasecmp(name, "value", 5) == 0);
        }
    }
    return semicolon && key && value;
}

/* What reading cells needs, and all it touches: a header of its own. */
typedef struct cell_reader {
    header h;
    bool have_header;
    fl_value tolerance;
} cell_reader;

static void prepare_row(void *context, const fl_csv_record *record, void *out)
{
    cell_reader *reader = context;
    row_cells *cells = out;
    if (!reader->have_header) {
        read_header(record, &reader->h);
        reader->have_header = true;
        cells->verdict = ROW_HEADER;
    } else if (blank_record(record)) {
        cells->verdict = ROW_BLANK;
    } else {
        read_cells(&reader->h, reader->tolerance, record, cells);
    }
}

static bool on_record(void *context, const fl_csv_record *record, const void *prepared)
{
    table_reader *t = context;
    const row_cells *cells = prepared;
    if (!t->have_header) {
        read_header(record, &t->h);
        t->have_header = true;
        if (kind_of(&t->h) == FL_TABLE_FIGURES)
            report_header_problems(t, record);
        if (kind_of(&t->h) != FL_TABLE_FIGURES) {
            fl_location location = {.file = t->path, .line = record->line, .column = 1,
                                    .line_offset = record->line_offset};
            fl_builtin_report(current_document(t), "input/csv", &location, "header",
                              "the header has no \"key\" and \"value\" columns, so this is "
                              "not a figures table%s",
                              semicolon_header(record)
                                  ? "; its columns are separated by semicolons, and factlint "
                                    "reads commas: export the table as comma-separated CSV"
                                  : "");
            return false;
        }
        return true;
    }
    if (cells->verdict != ROW_BLANK)
        read_row(t, record, cells);
    return true;
}

static void on_problem(void *context, const fl_csv_problem *problem)
{
    table_reader *t = context;
    fl_document *document = current_document(t);
    fl_location location = {.file = t->path, .line = problem->line, .column = problem->column,
                            .line_offset = problem->line_offset};
    if (problem->kind == FL_CSV_PROBLEM_NOT_TEXT) {
        /* No line of a file that is no text is worth showing. */
        location = (fl_location){.file = t->path, .line_offset = FL_NO_OFFSET};
        t->not_text = true;
    }
    /* What the problem is about: its line's text, which edits elsewhere leave alone;
     * the byte offset only for lines too long to keep. */
    fl_buffer subject = FL_BUFFER_INIT;
    if (problem->line_text)
        fl_buffer_append(&subject, problem->line_text, problem->line_length);
    else
        fl_buffer_printf(&subject, "%llu", (unsigned long long)problem->byte_offset);
    if (problem->kind == FL_CSV_PROBLEM_NOT_TEXT)
        fl_builtin_report(document, "input/file", &location, "not text", "%s %s", t->path,
                          problem->message);
    else
        fl_builtin_report(document,
                          problem->kind == FL_CSV_PROBLEM_ENCODING ? "input/encoding"
                                                                   : "input/csv",
                          &location, fl_buffer_cstr(&subject), "%s", problem->message);
    fl_buffer_free(&subject);
}

/* The document path a row names, or the table's own. */
static const char *row_document(table_reader *t, const fl_csv_record *record)
{
    return named_document(t, record, &t->scratch) ? fl_buffer_cstr(&t->scratch) : t->path;
}

static void read_name_row(table_reader *t, const fl_csv_record *record)
{
    const header *h = &t->h;
    const char *name;
    size_t name_length;
    if (!field(record, h->index[COLUMN_NAME], &name, &name_length))
        return;
    const char *doc = row_document(t, record);
    fl_location location = cell_location(t, record, h->index[COLUMN_NAME]);
    uint32_t line = 0, column = 0;
    const char *text;
    size_t length;
    field(record, h->index[COLUMN_LINE], &text, &length);
    bool line_ok = read_position(text, length, &line);
    field(record, h->index[COLUMN_COL], &text, &length);
    bool column_ok = read_position(text, length, &column);
    if (!line_ok || !column_ok) {
        fl_document *problems = current_document(t);
        fl_location at = cell_location(t, record, h->index[line_ok ? COLUMN_COL : COLUMN_LINE]);
        char *written = fl_arena_strndup(&problems->arena, name, name_length);
        fl_builtin_report(problems, "input/value", &at, written,
                          "%s of the name \"%s\" is not a positive whole number; the name is "
                          "located by its table row",
                          line_ok ? "col" : "line", written);
    } else if (line && h->index[COLUMN_DOC] != ABSENT && strcmp(doc, t->path) != 0) {
        location = (fl_location){.file = doc, .line = line, .column = column,
                                 .line_offset = FL_NO_OFFSET};
    }
    t->names->row(t->names->context, doc, name, name_length, &location);
}

static bool on_names_record(void *context, const fl_csv_record *record)
{
    table_reader *t = context;
    if (!t->have_header) {
        read_header(record, &t->h);
        t->have_header = true;
        report_header_problems(t, record);
        return true;
    }
    if (!blank_record(record))
        read_name_row(t, record);
    return true;
}

bool fl_table_read_names(const char *path, const char *source, const fl_names_sink *sink)
{
    table_reader t = {.path = path, .names = sink};
    fl_csv_handlers handlers = {on_names_record, on_problem, &t};
    bool ok = fl_csv_read_file(source ? source : path, &handlers);
    table_reader_free(&t);
    return ok;
}

/* ---- table parts ---- */

/* Where the table may be cut: at the start of the first line, at `nominal` or after
 * it, whose doc cell differs from the line's before it, both lines plain (no quote)
 * with the header's fields. A part begins with a row naming its first document.
 * 0 when no such line is near. */
static uint64_t find_cut(FILE *file, const header *h, uint64_t nominal, char *window,
                         size_t window_size)
{
    if (fseeko(file, (off_t)nominal, SEEK_SET) != 0)
        return 0;
    size_t length = fread(window, 1, window_size, file);
    size_t i = 0;
    while (i < length && window[i] != '\n' && window[i] != '\r')
        i++;
    const char *previous = NULL;
    size_t previous_length = 0;
    while (i < length) {
        if (window[i] == '\r' && i + 1 < length && window[i + 1] == '\n')
            i++;
        size_t start = ++i;
        while (i < length && window[i] != '\n' && window[i] != '\r')
            i++;
        if (i == length)
            break;
        const char *line = window + start, *doc = NULL;
        size_t line_length = i - start, doc_length = 0, fields = 0;
        bool plain = memchr(line, '"', line_length) == NULL;
        for (size_t at = 0; plain && at <= line_length; fields++) {
            const char *comma = memchr(line + at, ',', line_length - at);
            size_t end = comma ? (size_t)(comma - line) : line_length;
            if ((int)fields == h->index[COLUMN_DOC]) {
                doc = line + at;
                doc_length = end - at;
                trim(&doc, &doc_length);
            }
            at = end + 1;
        }
        if (!plain || fields != h->field_count || !doc_length) {
            previous = NULL;
            continue;
        }
        if (previous && (doc_length != previous_length || memcmp(doc, previous, doc_length)))
            return nominal + start;
        previous = doc;
        previous_length = doc_length;
    }
    return 0;
}

/* The first part is the calling thread's, which also reports the other parts'
 * documents when they are done: about an eighth of what checking them took (the
 * generated 2-million-row table). It gets less of the table by as much. */
#define REPLAY_SHARE 0.125

/* Where each part starts: `starts[0]` is 0. Returns how many parts. */
static size_t plan_parts(const char *source, const header *h, const fl_table_parts *parts,
                         uint64_t *starts)
{
    FILE *file = fopen(source, "rb");
    if (!file)
        return 1;
    uint64_t size = 0;
    if (fseeko(file, 0, SEEK_END) == 0) {
        off_t end = ftello(file);
        size = end > 0 ? (uint64_t)end : 0;
    }
    size_t wanted = parts->least_bytes ? (size_t)(size / parts->least_bytes) : parts->most;
    if (wanted > parts->most)
        wanted = parts->most;
    starts[0] = 0;
    if (wanted < 2) {
        fclose(file);
        return 1;
    }
    enum { WINDOW = 1024 * 1024 };
    char *window = fl_xmalloc(WINDOW);
    size_t count = 1;
    double others = (double)(wanted - 1), first = (1 / others - REPLAY_SHARE) /
                                                   (1 / others + 1 - REPLAY_SHARE);
    if (first < 1.0 / (4 * (double)wanted))
        first = 1.0 / (4 * (double)wanted);
    for (size_t i = 1; i < wanted; i++) {
        double share = first + (1 - first) * (double)(i - 1) / others;
        uint64_t cut = find_cut(file, h, (uint64_t)((double)size * share), window, WINDOW);
        if (cut > starts[count - 1])
            starts[count++] = cut;
    }
    free(window);
    fclose(file);
    return count;
}

typedef struct table_part {
    const fl_table_parts *parts;
    size_t index;
    const char *source;
    table_reader t;
    cell_reader cells;
    row_cells prepared;
    fl_csv_range range;
    bool read_ok;       /* the file could be read */
    int read_errno;
    fl_buffer last_document; /* the path of the document its rows went to last */
    atomic_bool *cancel;
    pthread_t thread;
    bool joined;
} table_part;

static void join_part(table_part *part)
{
    if (!part->joined)
        pthread_join(part->thread, NULL);
    part->joined = true;
}

static bool part_record(void *context, const fl_csv_record *record)
{
    table_part *part = context;
    if (atomic_load_explicit(part->cancel, memory_order_relaxed))
        return false;
    prepare_row(&part->cells, record, &part->prepared);
    return on_record(&part->t, record, &part->prepared);
}

static void part_problem(void *context, const fl_csv_problem *problem)
{
    table_part *part = context;
    on_problem(&part->t, problem);
}

static bool read_part_range(table_part *part)
{
    fl_csv_handlers handlers = {part_record, part_problem, part};
    return fl_csv_read_range(part->source, &part->range, &handlers);
}

/* A later part, on its own thread: the line it starts on, then its rows. */
static void *read_part(void *context)
{
    table_part *part = context;
    part->read_ok = fl_csv_line_at(part->source, part->range.start, &part->range.line) &&
                    read_part_range(part);
    part->read_errno = errno;
    if (part->t.document)
        fl_buffer_append_string(&part->last_document, part->t.document->path);
    part->parts->done(part->parts->context, part->index);
    return NULL;
}

/* Whether a reading that ended as `ended` stopped exactly where `next` begins, with no
 * problem reported past that place: only then does `next` follow on from it. */
static bool ends_where_next_begins(const fl_csv_range *ended, const table_part *next)
{
    return ended->stopped_at == next->range.start &&
           ended->reported_until <= next->range.start;
}

/* The first record of a range, as read_row() names its document. */
typedef struct first_row {
    const table_reader *t;
    bool named;     /* a record came, with a doc cell */
    bool problem;   /* the record has a problem, and is skipped or read in pieces */
    fl_buffer path;
} first_row;

static bool first_row_record(void *context, const fl_csv_record *record)
{
    first_row *row = context;
    if (!row->named && !row->problem)
        row->named = named_document(row->t, record, &row->path);
    return true;
}

static void first_row_problem(void *context, const fl_csv_problem *problem)
{
    (void)problem;
    ((first_row *)context)->problem = true;
}

/* Whether the rows after `part` go to another document than its last one: the part
 * ends exactly where `next` begins, with a row that names a document, and another.
 * Only then may the calling thread hand the part on and still read on after it should
 * `next` be dropped: rows read on into the part's last document would meet a document
 * handed on without its figures. */
static bool followed_by_another_document(const table_part *part, const table_part *next)
{
    const fl_csv_range *ended = &part->range;
    if (!ends_where_next_begins(ended, next) || part->last_document.length == 0)
        return false;
    first_row row = {.t = &part->t, .path = FL_BUFFER_INIT};
    fl_csv_range range = {.start = ended->stopped_at, .line = ended->stopped_line,
                          .stop = ended->stopped_at + 1,
                          .reported_until = ended->reported_until};
    fl_csv_handlers handlers = {first_row_record, first_row_problem, &row};
    bool other = fl_csv_read_range(part->source, &range, &handlers) && row.named &&
                 !row.problem &&
                 strcmp(fl_buffer_cstr(&row.path), fl_buffer_cstr(&part->last_document)) != 0;
    fl_buffer_free(&row.path);
    return other;
}

struct fl_table_replay {
    table_reader *t;
    bool begun; /* the part's first document was handed on */
};

fl_document *fl_table_replay_document(fl_table_replay *replay, const char *path,
                                      const fl_location *where, bool absolute)
{
    table_reader *t = replay->t;
    /* The part must begin with a row naming a document other than the one the rows
     * before it went to: a row that names none, or a problem, goes to that one. */
    if (!replay->begun && (!where || (t->document && strcmp(t->document->path, path) == 0)))
        return NULL;
    replay->begun = true;
    switch_document(t, where, path, absolute);
    return t->document;
}

/* Reads the table in the parts `starts` plans, the first into `t` on this thread,
 * the others with the header `h`. */
static bool read_in_parts(table_reader *t, const header *h, const uint64_t *starts,
                          size_t count)
{
    const fl_table_parts *parts = t->sink->parts;
    /* Parts found not to follow on are stopped; the first part never is. */
    atomic_bool cancel, never;
    atomic_init(&cancel, false);
    atomic_init(&never, false);
    table_part *part = fl_xcalloc(count, sizeof *part);
    /* Parts 1 to started - 1 run on threads of their own; the first part that gets
     * no thread, and the parts after it, are read on here. */
    size_t started = 1;
    for (size_t i = 0; i < count; i++) {
        part[i] = (table_part){
            .parts = parts,
            .index = i,
            .source = t->source,
            .cells = {.h = *h, .have_header = i > 0, .tolerance = t->sink->tolerance},
            .range = {.start = starts[i], .line = 1,
                      .stop = i + 1 < count ? starts[i + 1] : UINT64_MAX},
            .cancel = i ? &cancel : &never,
        };
        if (i == 0 || started < i)
            continue;
        const fl_table_sink *sink = parts->begin(parts->context, i);
        part[i].t = (table_reader){.path = t->path, .sink = sink, .source = t->source,
                                   .h = *h, .have_header = true, .part = true};
        if (sink && fl_thread_start(&part[i].thread, read_part, &part[i]))
            started++;
        else if (sink)
            parts->end(parts->context, i, false);
    }
    if (started == 1)
        part[0].range.stop = UINT64_MAX;
    table_reader *first = &part[0].t;
    *first = *t;
    bool ok = read_part_range(&part[0]);
    int error = errno;
    const fl_csv_range *before = &part[0].range;
    size_t reported = 1;
    while (ok && reported < started) {
        table_part *next = &part[reported];
        if (!ends_where_next_begins(before, next))
            break;
        if (reported + 1 < started) {
            join_part(next);
            if (next->read_ok && !followed_by_another_document(next, &part[reported + 1]))
                break;
        }
        fl_table_replay replay = {first, false};
        fl_table_replayed replayed = parts->replay(parts->context, reported, &replay);
        if (replayed == FL_TABLE_REFUSED)
            break;
        error = errno;
        join_part(next);
        if (replayed == FL_TABLE_REPLAY_FAILED || !next->read_ok) {
            ok = false;
            error = replayed == FL_TABLE_REPLAY_FAILED ? error : next->read_errno;
        }
        /* The next row read here names its document afresh. */
        fl_buffer_clear(&first->doc_cell);
        parts->end(parts->context, reported, ok);
        before = &next->range;
        reported++;
    }
    atomic_store(&cancel, true);
    for (size_t i = reported; i < started; i++) {
        join_part(&part[i]);
        parts->end(parts->context, i, false);
    }
    /* What no part read, or read in vain, is read on here. */
    if (ok && before->stop != UINT64_MAX) {
        part[0].range = (fl_csv_range){.start = before->stopped_at,
                                       .line = before->stopped_line,
                                       .stop = UINT64_MAX,
                                       .reported_until = before->reported_until};
        ok = read_part_range(&part[0]);
        error = errno;
    }
    *t = *first;
    for (size_t i = 1; i < count; i++) {
        table_reader_free(&part[i].t);
        fl_buffer_free(&part[i].last_document);
    }
    free(part);
    errno = error;
    return ok;
}

bool fl_table_read_figures(const char *path, const char *source, const fl_table_sink *sink)
{
    table_reader t = {.path = path, .sink = sink, .source = source ? source : path};
    cell_reader cells = {.tolerance = sink->tolerance};
    fl_csv_preparer preparer = {prepare_row, &cells, sizeof(row_cells)};
    fl_csv_prepared_handlers handlers = {on_record, on_problem, &t};
    bool ok;
    uint64_t *starts = NULL;
    size_t part_count = 1;
    header_probe probe = {.seen = false};
    if (sink->parts && sink->parts->most > 1) {
        fl_csv_handlers probing = {probe_record, ignore_problem, &probe};
        if (fl_csv_read_file(t.source, &probing) && probe.seen &&
            kind_of(&probe.h) == FL_TABLE_FIGURES && probe.h.index[COLUMN_DOC] != ABSENT) {
            starts = fl_xcalloc(sink->parts->most, sizeof *starts);
            part_count = plan_parts(t.source, &probe.h, sink->parts, starts);
        }
    }
    if (part_count > 1) {
        ok = read_in_parts(&t, &probe.h, starts, part_count);
    } else {
        ok = fl_csv_read_ahead(t.source, &preparer, &handlers, sink->read_ahead);
    }
    free(starts);
    if (ok && !t.have_header && !t.not_text) {
        fl_location location = {.file = path, .line = 1, .line_offset = FL_NO_OFFSET};
        fl_builtin_report(current_document(&t), "input/csv", &location, "empty",
                          "the table is empty: a figures table needs a header with \"key\" "
                          "and \"value\" columns");
    }
    table_reader_free(&t);
    return ok;
}
