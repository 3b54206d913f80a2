/* Fuzzes the rules language: arbitrary bytes as a rule file; whatever parses is
 * written back and evaluated over a small document. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "eval.h"
#include "fuzz.h"
#include "number.h"
#include "ruleset.h"

static void add_figure(fl_document *document, const char *key, const char *value)
{
    fl_figure figure = {.key = key, .value = value};
    fl_number_error error;
    const char *problem;
    if (!fl_number_read(value, strlen(value), &figure.number, &error) ||
        !fl_number_interval(&figure.number, FL_QUALIFIER_NONE, fl_value_ratio(5, 100),
                            &figure.interval, &problem))
        abort();
    figure.location = (fl_location){.file = document->path, .line = 1, .column = 1,
                                    .line_offset = FL_NO_OFFSET};
    figure.row_hash = fl_segment_hash(value, strlen(value));
    fl_figures_add(document->figures, &figure, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_diagnostics diagnostics = {0};
    fl_ruleset *rules = fl_ruleset_new();
    fl_ruleset_load_text(rules, "fuzz.rules", (const char *)data, size, &diagnostics);
    if (diagnostics.count == 0) {
        fl_buffer text = FL_BUFFER_INIT;
        for (size_t r = 0; r < rules->rule_count; r++)
            for (size_t c = 0; c < rules->rules[r]->check_count; c++)
                fl_expr_format(rules->rules[r]->checks[c].expr, rules->rules[r], NULL, &text);
        fl_buffer_free(&text);
        fl_document *document = fl_document_new();
        fl_document_begin(document, "doc.txt");
        add_figure(document, "a.x.total", "2,418");
        add_figure(document, "a.x.in", "about 73");
        add_figure(document, "a.y.total", "more than 10");
        add_figure(document, "b", "0");
        fl_evaluator *evaluator = fl_evaluator_new(rules, true);
        fl_evaluator_run(evaluator, document);
        fl_evaluator_free(evaluator);
        fl_document_free(document);
    } else {
        fl_diagnostics_write(&diagnostics, stderr, false);
    }
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    return 0;
}
