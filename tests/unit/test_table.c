#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "document.h"
#include "table.h"

/* ---- a temporary folder holding one table ---- */

static char folder[64];

static int make_folder(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/factlint-table-XXXXXX");
    return mkdtemp(folder) ? 0 : -1;
}

static int remove_folder(void **state)
{
    (void)state;
    return rmdir(folder);
}

/* ---- a sink that logs each document once it is finished ---- */

/* A document a later part of a table checked, kept for its replay: its figures and
 * findings as the log shows them. */
typedef struct part_document {
    char *path;
    fl_location where;
    bool absolute;
    fl_buffer figures, findings;
} part_document;

typedef struct sink_log {
    fl_document *document;
    bool open;
    size_t added;
    fl_buffer log;
    /* When set, every this many figures the sink pauses, so that a reading thread
     * fills its queue and prepares batches itself. */
    size_t pause_every;
    /* A later part's sink keeps its documents; the first part's sink logs a kept
     * document it is handed as the part logged it, with its own findings (a resume
     * judged on replay) between the figures and the part's findings. */
    bool part;
    part_document *kept;
    size_t kept_count;
    const part_document *next_replayed, *replayed;
} sink_log;

/* Appends `text` with "<folder>/" removed, so that the log reads the same in any
 * temporary folder. */
static void append_relative(fl_buffer *out, const char *text)
{
    size_t length = strlen(folder);
    while (*text) {
        if (strncmp(text, folder, length) == 0 && text[length] == '/') {
            text += length + 1;
            continue;
        }
        fl_buffer_append_char(out, *text++);
    }
}

static void append_location(fl_buffer *out, const fl_location *location)
{
    append_relative(out, location->file ? location->file : "(none)");
    fl_buffer_printf(out, ":%u:%u", (unsigned)location->line, (unsigned)location->column);
}

static void append_endpoint(fl_buffer *out, fl_value v)
{
    if (fl_value_is_infinite(v))
        fl_buffer_append_string(out, fl_value_sign(v) < 0 ? "-inf" : "inf");
    else
        fl_value_format_plain(v, out);
}

/* "  figure KEY = VALUE [LO, HI] at FILE:LINE:COL", then the findings, each
 * "  RULE SEVERITY at FILE:LINE:COL: MESSAGE" and its related locations. */
static void finish(sink_log *s)
{
    fl_document *d = s->document;
    part_document *kept = s->part ? &s->kept[s->kept_count - 1] : NULL;
    fl_buffer *figures = kept ? &kept->figures : &s->log;
    fl_buffer *findings = kept ? &kept->findings : &s->log;
    if (s->replayed)
        fl_buffer_append_string(&s->log, fl_buffer_cstr(&s->replayed->figures));
    for (size_t i = 0; i < fl_figures_count(d->figures); i++) {
        const fl_figure *f = fl_figures_at(d->figures, i);
        fl_buffer_printf(figures, "  figure %s = %s %c", f->key, f->value,
                         f->interval.lo_open ? '(' : '[');
        append_endpoint(figures, f->interval.lo);
        fl_buffer_append_string(figures, ", ");
        append_endpoint(figures, f->interval.hi);
        fl_buffer_printf(figures, "%c at ", f->interval.hi_open ? ')' : ']');
        append_location(figures, &f->location);
        fl_buffer_append_char(figures, '\n');
    }
    for (size_t i = 0; i < d->finding_count; i++) {
        const fl_finding *f = &d->findings[i];
        fl_buffer_printf(findings, "  %s %s at ", f->rule, fl_severity_name(f->severity));
        append_location(findings, &f->location);
        fl_buffer_append_string(findings, ": ");
        append_relative(findings, f->message);
        fl_buffer_append_char(findings, '\n');
        for (size_t r = 0; r < f->related_count; r++) {
            fl_buffer_append_string(findings, "    related ");
            append_location(findings, &f->related[r]);
            fl_buffer_append_char(findings, '\n');
        }
    }
    if (s->replayed)
        fl_buffer_append_string(&s->log, fl_buffer_cstr(&s->replayed->findings));
    s->open = false;
}

static fl_document *sink_document(void *context, const char *path, const fl_location *where,
                                  bool absolute)
{
    sink_log *s = context;
    if (s->open)
        finish(s);
    fl_document_begin(s->document, path);
    s->open = true;
    s->replayed = s->next_replayed;
    s->next_replayed = NULL;
    if (s->part) {
        s->kept = realloc(s->kept, (s->kept_count + 1) * sizeof *s->kept);
        assert_non_null(s->kept);
        s->kept[s->kept_count++] = (part_document){
            .path = strdup(path), .where = where ? *where : (fl_location){0},
            .absolute = absolute, .figures = FL_BUFFER_INIT, .findings = FL_BUFFER_INIT};
        return s->document;
    }
    fl_buffer_append_string(&s->log, "document ");
    append_relative(&s->log, path);
    fl_buffer_append_char(&s->log, '\n');
    return s->document;
}

static void sink_figure_added(void *context, fl_document *document, const fl_figure *figure,
                              const fl_location *key_cell)
{
    (void)document;
    (void)figure;
    (void)key_cell;
    sink_log *s = context;
    s->added++;
    if (s->pause_every && s->added % s->pause_every == 0)
        nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
}

/* Streams the table at `path` through fl_table_read_figures into `log`, with "added
 * N" for the figures counted. */
static void read_into_log(const char *path, sink_log *s, bool read_ahead,
                          const fl_table_parts *parts, fl_buffer *log)
{
    fl_table_sink sink = {.context = s,
                          .document = sink_document,
                          .figure_added = sink_figure_added,
                          .tolerance = fl_value_ratio(5, 100),
                          .read_ahead = read_ahead,
                          .parts = parts};
    bool ok = fl_table_read_figures(path, NULL, &sink);
    if (s->open)
        finish(s);
    fl_buffer_printf(log, "%s%sadded %zu\n", ok ? "" : "read failed\n",
                     fl_buffer_cstr(&s->log), s->added);
    fl_buffer_free(&s->log);
    fl_document_free(s->document);
}

static void log_table(const char *path, bool read_ahead, size_t pause_every, fl_buffer *log)
{
    sink_log s = {.document = fl_document_new(), .pause_every = pause_every};
    read_into_log(path, &s, read_ahead, NULL, log);
}

/* ---- a table in parts ---- */

enum { MOST_PARTS = 6 };

/* The parts' sinks, and what became of them. Replay waits for a part to be done, so
 * that the part's documents are all kept before they are handed on. */
typedef struct parts_log {
    sink_log *first;
    sink_log part[MOST_PARTS];
    fl_table_sink sink[MOST_PARTS];
    bool done[MOST_PARTS];
    pthread_mutex_t lock;
    pthread_cond_t finished;
    size_t begun, reported, refused;
} parts_log;

static const fl_table_sink *part_begin(void *context, size_t index)
{
    parts_log *p = context;
    assert_true(index > 0 && index < MOST_PARTS);
    p->part[index] = (sink_log){.document = fl_document_new(), .part = true};
    p->sink[index] = (fl_table_sink){.context = &p->part[index],
                                     .document = sink_document,
                                     .figure_added = sink_figure_added,
                                     .tolerance = fl_value_ratio(5, 100)};
    p->done[index] = false;
    p->begun++;
    return &p->sink[index];
}

static void part_done(void *context, size_t index)
{
    parts_log *p = context;
    if (p->part[index].open)
        finish(&p->part[index]);
    pthread_mutex_lock(&p->lock);
    p->done[index] = true;
    pthread_cond_signal(&p->finished);
    pthread_mutex_unlock(&p->lock);
}

static fl_table_replayed part_replay(void *context, size_t index, fl_table_replay *replay)
{
    parts_log *p = context;
    pthread_mutex_lock(&p->lock);
    while (!p->done[index])
        pthread_cond_wait(&p->finished, &p->lock);
    pthread_mutex_unlock(&p->lock);
    sink_log *part = &p->part[index];
    for (size_t i = 0; i < part->kept_count; i++) {
        const part_document *kept = &part->kept[i];
        p->first->next_replayed = kept;
        fl_document *document = fl_table_replay_document(replay, kept->path, &kept->where,
                                                         kept->absolute);
        if (!document) {
            assert_int_equal(i, 0);
            p->first->next_replayed = NULL;
            p->refused++;
            return FL_TABLE_REFUSED;
        }
    }
    p->first->added += part->added;
    p->reported++;
    return FL_TABLE_REPLAYED;
}

/* The first part's sink may still show a part's last document: parts are freed
 * once the table is read. */
static void part_end(void *context, size_t index, bool reported)
{
    (void)context;
    (void)index;
    (void)reported;
}

static void part_free(sink_log *part)
{
    for (size_t i = 0; i < part->kept_count; i++) {
        free(part->kept[i].path);
        fl_buffer_free(&part->kept[i].figures);
        fl_buffer_free(&part->kept[i].findings);
    }
    free(part->kept);
    fl_buffer_free(&part->log);
    fl_document_free(part->document);
}

/* log_table() with the table in parts of `least_bytes` at least; `p` says what became
 * of the parts. */
static void log_table_in_parts(const char *path, uint64_t least_bytes, parts_log *p,
                               fl_buffer *log)
{
    sink_log s = {.document = fl_document_new()};
    *p = (parts_log){.first = &s};
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->finished, NULL);
    fl_table_parts parts = {
        .context = p,
        .most = MOST_PARTS,
        .least_bytes = least_bytes,
        .begin = part_begin,
        .done = part_done,
        .replay = part_replay,
        .end = part_end,
    };
    read_into_log(path, &s, false, &parts, log);
    for (size_t i = 1; i <= p->begun; i++)
        part_free(&p->part[i]);
    pthread_cond_destroy(&p->finished);
    pthread_mutex_destroy(&p->lock);
}

/* Writes `text` as <folder>/figures.csv, reads it as log_table() does, on this thread
 * and read ahead on another, and returns the log, the same both ways (valid until the
 * next call). */
static const char *read_table(const char *text)
{
    static char result[8192];
    char path[128];
    snprintf(path, sizeof path, "%s/figures.csv", folder);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(text, file);
    assert_int_equal(fclose(file), 0);

    fl_buffer in_line = FL_BUFFER_INIT, ahead = FL_BUFFER_INIT;
    log_table(path, false, 0, &in_line);
    log_table(path, true, 0, &ahead);
    assert_string_equal(fl_buffer_cstr(&ahead), fl_buffer_cstr(&in_line));
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&in_line));
    fl_buffer_free(&in_line);
    fl_buffer_free(&ahead);
    unlink(path);
    return result;
}

/* ---- document paths ---- */

static const char *document_path(const char *table, const char *document, size_t length)
{
    static char result[256];
    fl_buffer out = FL_BUFFER_INIT;
    fl_table_document_path(table, document, length, &out);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&out));
    fl_buffer_free(&out);
    return result;
}

static void test_document_paths(void **state)
{
    (void)state;
    /* Relative to the table's folder, tidied; absolute paths stand. */
    assert_string_equal(document_path("data/figures.csv", "article.txt", 11), "data/article.txt");
    assert_string_equal(document_path("figures.csv", "article.txt", 11), "article.txt");
    assert_string_equal(document_path("data/figures.csv", "/srv/a.txt", 10), "/srv/a.txt");
    assert_string_equal(document_path("data/x/figures.csv", "./b/../c.txt", 12),
                        "data/x/c.txt");
    assert_string_equal(document_path("data/x/figures.csv", "../c.txt", 8), "data/c.txt");
    assert_string_equal(document_path("./data//figures.csv", "c.txt", 5), "data/c.txt");
    /* Only `length` bytes of the name are read. */
    assert_string_equal(document_path("data/figures.csv", "a.txt,extra", 5), "data/a.txt");
}

/* ---- figures tables ---- */

static void test_figures_go_to_their_documents(void **state)
{
    (void)state;
    assert_string_equal(
        read_table("key,value,doc,line,col,quote\n"
                   "arrests.h1.total,\"2,418\",article.txt,5,29,\"2,418 others\"\n"
                   "arrests.h1.deported,\"2,322\",article.txt,6,,\n"
                   "arrests.h1.prosecutions,about 70,article.txt,,,\n"),
        "document article.txt\n"
        "  figure arrests.h1.total = 2,418 [2418, 2418] at article.txt:5:29\n"
        "  figure arrests.h1.deported = 2,322 [2322, 2322] at article.txt:6:0\n"
        "  figure arrests.h1.prosecutions = about 70 [65, 75] at figures.csv:4:25\n"
        "added 3\n");
    /* Without a doc column the table stands for the document; header names are
     * case-insensitive and unknown columns are ignored. */
    assert_string_equal(read_table("Notes,VALUE,Key\nx,12%,share\n"),
                        "document figures.csv\n"
                        "  figure share = 12% [12, 12] at figures.csv:2:3\n"
                        "added 1\n");
}

static void test_one_key_twice(void **state)
{
    (void)state;
    assert_string_equal(
        read_table("key,value\n"
                   "a,5\n"
                   "a,7\n"
                   "b,about 3000\n"
                   "b,\"3,200\"\n"
                   "c,\"3,200\"\n"
                   "c,about 3000\n"
                   "d,2000-3000\n"
                   "d,2500-4000\n"
                   "e,1\n"
                   "e,1\n"),
        "document figures.csv\n"
        /* Disjoint values conflict; the first stands. */
        "  figure a = 5 [5, 5] at figures.csv:2:3\n"
        /* Overlapping values narrow the figure to what both allow, and the row that
         * says it all becomes the figure, in the first row's place. */
        "  figure b = 3,200 [3200, 3200] at figures.csv:5:4\n"
        "  figure c = 3,200 [3200, 3200] at figures.csv:6:4\n"
        "  figure d = 2000-3000 [2500, 3000] at figures.csv:8:3\n"
        "  figure e = 1 [1, 1] at figures.csv:10:3\n"
        "  figure/conflict error at figures.csv:3:3: a is 7 here but 5 at figures.csv:2:3\n"
        "    related figures.csv:2:3\n"
        "  figure/duplicate note at figures.csv:11:3: this row repeats the row at line 10 "
        "exactly; the repeat is ignored\n"
        "added 5\n");
}

/* A repeat is a row with the same fields, whether or not the line quotes them. */
static void test_repeats_however_quoted(void **state)
{
    (void)state;
    assert_string_equal(
        read_table("key,value,quote\n"
                   "f,\"3,200\",\"3,200 people\"\n"
                   "f,\"3,200\",\"3,200 people\"\n"
                   "g,7,seven or 7\n"
                   "g,\"7\",seven or 7\n"
                   "h,8,8 x\n"
                   "h,8,\"8 x \"\n"
                   /* Read by libcsv, for the doubled quotes, and not. */
                   "k,9,\"9 \"\"k\"\"\"\n"
                   "k,\"9\",\"9 \"\"k\"\"\"\n"
                   /* The same bytes but for the quotes, which split them otherwise:
                    * other cells, so a conflict and no repeat. */
                   "n,3,\"200,people\"\n"
                   "n,\"3,200\",people\n"),
        "document figures.csv\n"
        "  figure f = 3,200 [3200, 3200] at figures.csv:2:4\n"
        "  figure g = 7 [7, 7] at figures.csv:4:3\n"
        /* Not a repeat: the quote differs by a space. */
        "  figure h = 8 [8, 8] at figures.csv:7:3\n"
        "  figure k = 9 [9, 9] at figures.csv:8:3\n"
        "  figure n = 3 [3, 3] at figures.csv:10:3\n"
        "  figure/duplicate note at figures.csv:3:4: this row repeats the row at line 2 "
        "exactly; the repeat is ignored\n"
        "  figure/duplicate note at figures.csv:5:4: this row repeats the row at line 4 "
        "exactly; the repeat is ignored\n"
        "  figure/duplicate note at figures.csv:9:4: this row repeats the row at line 8 "
        "exactly; the repeat is ignored\n"
        "  figure/quote warning at figures.csv:10:6: the value of n, \"3\", does not appear in "
        "its quote \"200,people\"\n"
        "  figure/quote warning at figures.csv:11:11: the value of n, \"3,200\", does not "
        "appear in its quote \"people\"\n"
        "  figure/conflict error at figures.csv:11:4: n is 3,200 here but 3 at "
        "figures.csv:10:3\n"
        "    related figures.csv:10:3\n"
        "added 5\n");
}

static void test_rows_of_a_document_resuming(void **state)
{
    (void)state;
    assert_string_equal(read_table("key,value,doc\n"
                                   "a,1,one.txt\n"
                                   "b,2,two.txt\n"
                                   "c,3,one.txt\n"
                                   "d,4,one.txt\n"),
                        "document one.txt\n"
                        "  figure a = 1 [1, 1] at figures.csv:2:3\n"
                        "document two.txt\n"
                        "  figure b = 2 [2, 2] at figures.csv:3:3\n"
                        "document one.txt\n"
                        "  figure c = 3 [3, 3] at figures.csv:4:3\n"
                        "  figure d = 4 [4, 4] at figures.csv:5:3\n"
                        "  input/csv error at figures.csv:4:5: rows of document \"one.txt\" "
                        "resume here after rows of other documents; keep a document's rows "
                        "together (they are checked in separate groups)\n"
                        "added 4\n");
}

static void test_bad_rows_are_findings(void **state)
{
    (void)state;
    assert_string_equal(
        read_table("key,value,qualifier,line\n"
                   "a b,1,,\n"
                   "k2,5,roughly,\n"
                   "k3,5,,x\n"
                   "k4,5\n"
                   "k5,5,about,\n"),
        "document figures.csv\n"
        "  figure k3 = 5 [5, 5] at figures.csv:4:4\n"
        "  figure k5 = 5 [4.5, 5.5] at figures.csv:6:4\n"
        "  input/key error at figures.csv:2:1: malformed key \"a b\": the key holds a space; "
        "segments are made of letters, digits, '_' and '-' joined by dots\n"
        "  input/value error at figures.csv:3:6: unknown qualifier \"roughly\" for k2 "
        "(expected exact, about, more-than, at-least, less-than or at-most)\n"
        "  input/value error at figures.csv:4:7: line \"x\" of k3 is not a positive whole "
        "number; the figure is located by its table row\n"
        "  input/csv error at figures.csv:5:1: this row has 2 fields but the header has 4 "
        "(a value with a comma must be quoted: \"2,418\"); the row is skipped\n"
        "added 2\n");
}

static void test_values_and_quotes(void **state)
{
    (void)state;
    const char *log = read_table("key,value,quote\n"
                                 "k1,lots,\n"
                                 "k2,\"2,418\",\"2,400 others\"\n"
                                 "k3,\"2,322\",\"deported 2322 people\"\n");
    /* The reader's own words for why "lots" is no number are its business; the
     * finding names the key and the value. */
    assert_non_null(strstr(log, "  input/value error at figures.csv:2:4: cannot read the value "
                                "of k1, \"lots\", as a number: "));
    assert_non_null(strstr(log, "  figure/quote warning at figures.csv:3:13: the value of k2, "
                                "\"2,418\", does not appear in its quote \"2,400 others\"\n"));
    assert_null(strstr(log, "of k3"));
    assert_non_null(strstr(log, "added 2\n"));
}

static void test_tables_that_are_not_figures_tables(void **state)
{
    (void)state;
    assert_string_equal(read_table("name,kind\nLicadho,org\n"),
                        "document figures.csv\n"
                        "  input/csv error at figures.csv:1:1: the header has no \"key\" and "
                        "\"value\" columns, so this is not a figures table\n"
                        "added 0\n");
    assert_string_equal(read_table(""),
                        "document figures.csv\n"
                        "  input/csv error at figures.csv:1:0: the table is empty: a figures "
                        "table needs a header with \"key\" and \"value\" columns\n"
                        "added 0\n");
}

static void test_csv_problems_are_findings(void **state)
{
    (void)state;
    assert_string_equal(read_table("key,value\n"
                                   "a,1\n"
                                   "b,\"2\"x\n"
                                   "c,\xff\n"
                                   "d,4\n"),
                        "document figures.csv\n"
                        "  figure a = 1 [1, 1] at figures.csv:2:3\n"
                        "  figure d = 4 [4, 4] at figures.csv:5:3\n"
                        "  input/csv error at figures.csv:3:6: unexpected character after a "
                        "closing quote (a quoted field must end at a comma or the end of the "
                        "line)\n"
                        "  input/encoding error at figures.csv:4:3: invalid UTF-8 at byte 23; "
                        "the record is skipped\n"
                        "added 2\n");
}

/* Writes 30,000 rows of every kind under `header` to `path`. */
static void write_mixed_table(const char *path, const char *header)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fprintf(file, "%s\n", header);
    uint32_t seed = 12345;
    for (unsigned row = 0; row < 30000; row++) {
        seed = seed * 1103515245u + 12345u;
        unsigned pick = (seed >> 16) % 100, n = (seed >> 8) % 5000;
        unsigned doc = row / 40;
        if (pick == 0)
            fprintf(file, "d%u.txt,k.%u,\"%u\nmore\",,\n", doc, row, n);
        else if (pick == 1)
            fprintf(file, "d%u.txt,k.%u,\xff%u,,\n", doc, row, n);
        else if (pick == 2)
            fprintf(file, "d%u.txt,bad key,%u,,\n", doc, n);
        else if (pick == 3)
            fprintf(file, "d%u.txt,k.%u,%u\n", doc, row, n);
        else if (pick == 4)
            fputs(",,,,\n", file);
        else if (pick < 20)
            fprintf(file, "d%u.txt,k.%u,about %u,,about %u people\n", doc, row, n, n);
        else if (pick < 30)
            fprintf(file, "d%u.txt,k.%u,\"%u,%03u\",,\"%u,%03u were held\"\n", doc, row,
                    n / 1000 + 1, n % 1000, n / 1000 + 1, (n + 1) % 1000);
        else if (pick < 40)
            fprintf(file, "d%u.txt,k.%u,%u.%u%%,percent,\n", doc, row, n / 100, n % 10);
        else if (pick < 45)
            fprintf(file, "d%u.txt,k.%u,%u,furlongs and more,\n", doc, row, n);
        else if (pick < 50)
            fprintf(file, "d%u.txt,k.%u,%u,,\n", doc, row - 1, n);
        else
            fprintf(file, "d%u.txt,k.%u,%u,,%u arrests\n", doc, row, n, n);
    }
    assert_int_equal(fclose(file), 0);
}

/* A table of many batches, read ahead, gives what it gives read on one thread: the
 * rows prepared by the reading thread while the sink pauses, and those prepared by
 * the calling thread when it catches up, go to their documents alike. */
static void test_many_batches_read_ahead(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/figures.csv", folder);
    write_mixed_table(path, "doc,key,value,unit,quote");
    fl_buffer in_line = FL_BUFFER_INIT, ahead = FL_BUFFER_INIT;
    log_table(path, false, 0, &in_line);
    log_table(path, true, 3000, &ahead);
    assert_string_equal(fl_buffer_cstr(&ahead), fl_buffer_cstr(&in_line));
    const char *log = fl_buffer_cstr(&in_line);
    const char *expected[] = {
        "figure/quote", "figure/conflict", "input/key", "input/value", "input/csv",
        "input/encoding", "= about ", "%", "document d749.txt\n",
    };
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        assert_non_null(strstr(log, expected[i]));

    /* A header that makes no figures table stops the reading at once, while the
     * reading thread is still ahead. */
    write_mixed_table(path, "doc,name,amount,unit,quote");
    fl_buffer_clear(&in_line);
    fl_buffer_clear(&ahead);
    log_table(path, false, 0, &in_line);
    log_table(path, true, 0, &ahead);
    assert_string_equal(fl_buffer_cstr(&ahead), fl_buffer_cstr(&in_line));
    assert_non_null(strstr(fl_buffer_cstr(&ahead), "so this is not a figures table"));
    assert_non_null(strstr(fl_buffer_cstr(&ahead), "added 0\n"));
    fl_buffer_free(&in_line);
    fl_buffer_free(&ahead);
    unlink(path);
}

/* A table cut in parts checked apart gives what one reading gives: the documents in
 * order, rows of a document resuming in a later part told as such, and a cut inside
 * a quoted field, whose part does not begin where the part before it ends, read
 * again by the first part's thread, with the part before the cut when another
 * thread read that one (its last document goes on after the cut). */
static void test_a_table_in_parts(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/figures.csv", folder);
    write_mixed_table(path, "doc,key,value,unit,quote");
    fl_buffer whole = FL_BUFFER_INIT, in_parts = FL_BUFFER_INIT;
    parts_log p;
    log_table(path, false, 0, &whole);
    log_table_in_parts(path, 64 * 1024, &p, &in_parts);
    assert_string_equal(fl_buffer_cstr(&in_parts), fl_buffer_cstr(&whole));
    assert_int_equal(p.begun, MOST_PARTS - 1);
    assert_int_equal(p.reported, MOST_PARTS - 1);

    /* Documents resume across the cuts; quoted fields spanning lines that look like
     * rows hold some of the lines where the cuts fall; and a document named two ways
     * ("d7.txt", "./d7.txt") looks like two at others. */
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs("doc,key,value,quote\n", file);
    for (unsigned row = 0; row < 6000; row++) {
        unsigned doc = row % 700 == 699 ? 3 : row / 20;
        if (row % 1000 == 500) {
            fprintf(file, "d%u.txt,k.%u,1,\"1\n", doc, row);
            for (unsigned line = 0; line < 400; line++)
                fprintf(file, "q%u.txt,k.%u,%u,none\n", line / 20, line, line);
            fputs("\"\n", file);
            continue;
        }
        fprintf(file, "%sd%u.txt,k.%u,%u,\n", row % 20 >= 10 ? "./" : "", doc, row, row);
    }
    assert_int_equal(fclose(file), 0);
    fl_buffer_clear(&whole);
    fl_buffer_clear(&in_parts);
    log_table(path, false, 0, &whole);
    assert_non_null(strstr(fl_buffer_cstr(&whole), "rows of document \"d3.txt\" resume here"));
    size_t refused = 0, dropped = 0;
    for (uint64_t least = 8 * 1024; least <= 64 * 1024; least *= 2) {
        fl_buffer_clear(&in_parts);
        log_table_in_parts(path, least, &p, &in_parts);
        assert_string_equal(fl_buffer_cstr(&in_parts), fl_buffer_cstr(&whole));
        assert_true(p.begun >= 1);
        refused += p.refused;
        dropped += p.begun - p.reported;
    }
    assert_true(refused > 0);
    assert_true(dropped > refused);
    fl_buffer_free(&whole);
    fl_buffer_free(&in_parts);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_paths),
        cmocka_unit_test(test_figures_go_to_their_documents),
        cmocka_unit_test(test_one_key_twice),
        cmocka_unit_test(test_repeats_however_quoted),
        cmocka_unit_test(test_rows_of_a_document_resuming),
        cmocka_unit_test(test_bad_rows_are_findings),
        cmocka_unit_test(test_values_and_quotes),
        cmocka_unit_test(test_tables_that_are_not_figures_tables),
        cmocka_unit_test(test_csv_problems_are_findings),
        cmocka_unit_test(test_many_batches_read_ahead),
        cmocka_unit_test(test_a_table_in_parts),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
