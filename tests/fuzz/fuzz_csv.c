/* Fuzzes the figures-table loader: arbitrary bytes as a CSV file, streamed into
 * documents that are checked by a small rule set. The CSV reader is also held to
 * libcsv: every record it splits itself, without libcsv, must be what libcsv makes of
 * the same line, with the same field spans. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_source.h"
#include "document.h"
#include "eval.h"
#include "fuzz.h"
#include "ruleset.h"
#include "table.h"

static const char rules_text[] =
    "rule sum { check sum(a.$p.*) <= a.$p.total }\n"
    "rule outcomes { check x.$q.total == x.$q.in + x.$q.out within 5% }\n";

typedef struct state {
    fl_document *document;
    fl_evaluator *evaluator;
    bool active;
} state;

static void finish(state *s)
{
    if (!s->active)
        return;
    fl_evaluator_run(s->evaluator, s->document);
    for (size_t i = 0; i < s->document->finding_count; i++)
        fl_finding_fingerprint(&s->document->findings[i], s->document->identity);
    fl_findings_sort(s->document->findings, s->document->finding_count);
    s->active = false;
}

static fl_document *switch_document(void *context, const char *path, const fl_location *where,
                                    bool absolute)
{
    (void)where;
    (void)absolute;
    state *s = context;
    if (s->active && strcmp(s->document->path, path) == 0)
        return s->document;
    finish(s);
    fl_document_begin(s->document, path);
    s->active = true;
    return s->document;
}

static void count_figure(void *context, fl_document *document, const fl_figure *figure,
                         const fl_location *key_cell)
{
    (void)context;
    (void)document;
    (void)figure;
    (void)key_cell;
}

static void require(bool condition)
{
    if (!condition)
        abort();
}

/* libcsv's fields of one line, back to back in `bytes`. */
typedef struct reference {
    char bytes[4096];
    size_t used;
    size_t starts[256], lengths[256];
    size_t count;
    bool overflow;
} reference;

static void reference_field(void *field, size_t length, void *context)
{
    reference *r = context;
    if (r->count == 256 || r->used + length > sizeof r->bytes) {
        r->overflow = true;
        return;
    }
    if (length)
        memcpy(r->bytes + r->used, field, length);
    r->starts[r->count] = r->used;
    r->lengths[r->count++] = length;
    r->used += length;
}

static void reference_record(int terminator, void *context)
{
    (void)terminator;
    (void)context;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static bool check_record(void *context, const fl_csv_record *record)
{
    (void)context;
    if (!record->field_offsets)
        return true;
    require(record->line_text != NULL);
    struct csv_parser parser;
    require(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) == 0);
    csv_set_space_func(&parser, no_space);
    reference r = {.count = 0};
    size_t used = csv_parse(&parser, record->line_text, record->line_length, reference_field,
                            reference_record, &r);
    require(used == record->line_length);
    require(csv_fini(&parser, reference_field, reference_record, &r) == 0);
    csv_free(&parser);
    if (r.overflow)
        return true;
    require(r.count == record->field_count);
    fl_csv_record scanned = *record;
    scanned.field_offsets = NULL;
    scanned.ascii = false;
    for (size_t i = 0; i < record->field_count; i++) {
        require(r.lengths[i] == record->lengths[i]);
        require(memcmp(r.bytes + r.starts[i], record->fields[i], r.lengths[i]) == 0);
        require(record->fields[i] == record->line_text + record->field_offsets[i]);
        uint32_t column, length, scanned_column, scanned_length;
        require(fl_csv_field_span(record, i, &column, &length));
        require(fl_csv_field_span(&scanned, i, &scanned_column, &scanned_length));
        require(column == scanned_column && length == scanned_length);
    }
    return true;
}

static void ignore_problem(void *context, const fl_csv_problem *problem)
{
    (void)context;
    (void)problem;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[] = "/tmp/factlint-fuzz-csv-XXXXXX";
    static fl_ruleset *rules;
    static state s;
    if (!rules) {
        int fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        fl_diagnostics diagnostics = {0};
        rules = fl_ruleset_new();
        fl_ruleset_load_text(rules, "fuzz.rules", rules_text, sizeof rules_text - 1,
                             &diagnostics);
        if (diagnostics.count)
            abort();
        fl_diagnostics_free(&diagnostics);
        s.document = fl_document_new();
        s.evaluator = fl_evaluator_new(rules, true);
    }
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(data, 1, size, file) != size)
        abort();
    fclose(file);
    fl_csv_handlers handlers = {check_record, ignore_problem, NULL};
    fl_csv_read_file(path, &handlers);
    /* Half the inputs are read ahead on a second thread. */
    fl_table_sink sink = {.context = &s,
                          .document = switch_document,
                          .figure_added = count_figure,
                          .tolerance = rules->tolerance,
                          .read_ahead = size % 2 == 1};
    fl_table_read_figures(path, NULL, &sink);
    finish(&s);
    return 0;
}
