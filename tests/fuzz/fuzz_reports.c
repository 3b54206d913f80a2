/* Fuzzes the report writers: findings whose messages, rule ids, paths, keys and values
 * are arbitrary bytes, written in every format. No writer may crash or read out of
 * bounds; JSON and SARIF strings must stay valid whatever the bytes (checked by the
 * writers' own escaping, and by the validators in the test suite for real runs). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "finding.h"
#include "fuzz.h"
#include "report.h"
#include "ruleset.h"

/* The next NUL-free piece of the input, cut at a 0xFF byte or at most 200 bytes. */
static char *piece(fl_arena *arena, const uint8_t **data, size_t *size)
{
    size_t length = 0;
    while (length < *size && length < 200 && (*data)[length] != 0xFF)
        length++;
    char *text = fl_arena_strndup(arena, (const char *)*data, length);
    for (size_t i = 0; i < length; i++)
        if (!text[i])
            text[i] = ' ';
    size_t used = length < *size ? length + 1 : length;
    *data += used;
    *size -= used;
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fl_ruleset *rules;
    if (!rules)
        rules = fl_ruleset_new();
    fl_document *document = fl_document_new();
    fl_document_begin(document, "doc.txt");
    document->identity = document->path;
    const char *article = piece(&document->arena, &data, &size);
    fl_buffer_append_string(&document->text, article);
    document->text_loaded = document->has_text = true;
    document->line_starts = fl_xgrow(document->line_starts, &document->line_capacity, 1,
                                     sizeof *document->line_starts);
    document->line_starts[0] = 0;
    document->line_count = 1;
    static const char *const rule_ids[] = {"input/csv", "figure/quote", "names/near-miss",
                                           "rule/unused", "custom"};
    for (int i = 0; i < 8 && size > 0; i++) {
        fl_finding *finding = fl_document_add_finding(document);
        uint8_t kind = data[0];
        data++;
        size--;
        finding->rule = kind & 0x80 ? piece(&document->arena, &data, &size) : rule_ids[kind % 5];
        finding->severity = (fl_severity)(kind % 3);
        finding->outcome = (fl_outcome)((kind >> 2) % 4);
        finding->message = piece(&document->arena, &data, &size);
        finding->subject = finding->message;
        finding->location = (fl_location){
            .file = kind & 0x40 ? piece(&document->arena, &data, &size) : document->path,
            .line = kind & 0x20 ? 1 : 0,
            .column = kind & 0x10 ? 1 + (kind & 0x7) : 0,
            .length = kind & 0x8 ? 3 : 0,
            .line_offset = FL_NO_OFFSET,
        };
        fl_finding_figure *figure = fl_arena_alloc(&document->arena, sizeof *figure);
        figure->key = piece(&document->arena, &data, &size);
        figure->value = piece(&document->arena, &data, &size);
        figure->interval = fl_interval_point(fl_value_int(kind));
        finding->figures = figure;
        finding->figure_count = 1;
        finding->suggestion = kind & 0x4 ? figure->value : NULL;
        finding->suppression = (fl_suppression)(kind % 3);
        finding->justification = kind & 0x2 ? figure->key : NULL;
        fl_finding_fingerprint(finding, document->identity);
    }
    fl_findings_sort(document->findings, document->finding_count);
    static const fl_format formats[] = {FL_FORMAT_TEXT,   FL_FORMAT_JSON,  FL_FORMAT_SARIF,
                                        FL_FORMAT_GITHUB, FL_FORMAT_JUNIT, FL_FORMAT_HTML};
    fl_report_summary summary = {.documents = 1, .figures = document->finding_count};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        char *text = NULL;
        size_t length = 0;
        FILE *out = open_memstream(&text, &length);
        if (!out)
            abort();
        fl_report_options options = {.out = out, .rules = rules};
        fl_report_writer writer;
        fl_report_writer_init(&writer, formats[f], &options);
        writer.begin(&writer);
        writer.document(&writer, document, document->findings, document->finding_count);
        writer.end(&writer, &summary);
        fl_report_writer_release(&writer);
        fclose(out);
        free(text);
    }
    fl_document_free(document);
    return 0;
}
