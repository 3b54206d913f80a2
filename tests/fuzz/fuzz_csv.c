/* Fuzzes the figures-table loader: arbitrary bytes as a CSV file, streamed into
 * documents that are checked by a small rule set. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    fl_table_sink sink = {&s, switch_document, count_figure, rules->tolerance};
    fl_table_read_figures(path, NULL, &sink);
    finish(&s);
    return 0;
}
