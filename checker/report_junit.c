/*
 * JUnit XML for CI test views: a test suite per rule, a test case per rule and
 * document, a <failure> per finding. A test case fails when it has a finding; the
 * counts on <testsuite> and <testsuites> count test cases, as JUnit does.
 *
 * Suites come rule by rule but documents stream, so each document's findings are
 * spilled to a temporary file and read back once per rule at the end: memory stays
 * flat however many documents there are.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

typedef enum record_kind { RECORD_DOCUMENT, RECORD_FAILURE, RECORD_SUPPRESSED } record_kind;

typedef struct record_header {
    uint32_t kind;
    uint32_t rule;
    uint32_t length;
} record_header;

typedef struct junit_state {
    FILE *spill;
    size_t documents;
    size_t *failed;       /* per rule: documents with a finding */
    size_t *last_failed;  /* per rule: 1 + the last document counted in `failed` */
} junit_state;

static void release_state(void *state)
{
    junit_state *s = state;
    if (s->spill)
        fclose(s->spill);
    free(s->failed);
    free(s->last_failed);
    free(s);
}

static void spill(junit_state *s, record_kind kind, size_t rule, const char *data,
                  size_t length)
{
    record_header header = {(uint32_t)kind, (uint32_t)rule, (uint32_t)length};
    fwrite(&header, sizeof header, 1, s->spill);
    fwrite(data, 1, length, s->spill);
}

static void junit_begin(fl_report_writer *writer)
{
    junit_state *s = writer->state;
    s->spill = tmpfile();
    if (!s->spill) {
        fprintf(stderr, "factlint: cannot keep the JUnit report's test cases: %s\n",
                strerror(errno));
        exit(2);
    }
}

static void junit_document(fl_report_writer *writer, const fl_document *document,
                           const fl_finding *findings, size_t count)
{
    junit_state *s = writer->state;
    s->documents++;
    spill(s, RECORD_DOCUMENT, 0, document->path, strlen(document->path));
    fl_buffer *text = &writer->scratch;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *f = &findings[i];
        size_t rule = fl_report_rule_index(writer, f->rule);
        if (rule == SIZE_MAX)
            continue;
        /* severity NUL message NUL "file:line:col: severity: message [rule]" */
        fl_buffer_clear(text);
        fl_buffer_printf(text, "%s", fl_severity_name(f->severity));
        fl_buffer_append(text, "", 1);
        fl_buffer_printf(text, "%s", f->message);
        fl_buffer_append(text, "", 1);
        fl_buffer_printf(text, "%s", f->location.file ? f->location.file : f->doc);
        if (f->location.line)
            fl_buffer_printf(text, ":%u", (unsigned)f->location.line);
        if (f->location.line && f->location.column)
            fl_buffer_printf(text, ":%u", (unsigned)f->location.column);
        if (f->suppression == FL_SUPPRESSION_NONE) {
            fl_buffer_printf(text, ": %s: %s [%s]", fl_severity_name(f->severity), f->message,
                             f->rule);
            spill(s, RECORD_FAILURE, rule, text->data, text->length);
            if (s->last_failed[rule] != s->documents) {
                s->last_failed[rule] = s->documents;
                s->failed[rule]++;
            }
        } else {
            fl_buffer_printf(text, ": %s (suppressed%s%s): %s [%s]",
                             fl_severity_name(f->severity),
                             f->justification ? ": " : "",
                             f->justification ? f->justification : "", f->message, f->rule);
            spill(s, RECORD_SUPPRESSED, rule, text->data, text->length);
        }
    }
}

/* Reads the next record into `data`; false at the end. */
static bool next_record(FILE *spill, record_header *header, fl_buffer *data)
{
    if (fread(header, sizeof *header, 1, spill) != 1)
        return false;
    fl_buffer_clear(data);
    fl_buffer_reserve(data, header->length + 1);
    if (fread(data->data, 1, header->length, spill) != header->length)
        return false;
    data->length = header->length;
    data->data[data->length] = '\0';
    return true;
}

static void write_testcase(FILE *out, const char *rule, const char *doc, const fl_buffer *failures,
                           const fl_buffer *suppressed)
{
    fputs("    <testcase name=\"", out);
    fl_markup_text(out, doc);
    fputs("\" classname=\"", out);
    fl_markup_text(out, rule);
    if (!failures->length && !suppressed->length) {
        fputs("\"/>\n", out);
        return;
    }
    fputs("\">\n", out);
    for (size_t at = 0; at < failures->length;) {
        const char *severity = failures->data + at;
        const char *message = severity + strlen(severity) + 1;
        const char *line = message + strlen(message) + 1;
        fputs("      <failure type=\"", out);
        fl_markup_text(out, severity);
        fputs("\" message=\"", out);
        fl_markup_text(out, message);
        fputs("\">", out);
        fl_markup_text(out, line);
        fputs("</failure>\n", out);
        at = (size_t)(line - failures->data) + strlen(line) + 1;
    }
    if (suppressed->length) {
        fputs("      <system-out>", out);
        fl_markup_text_n(out, suppressed->data, suppressed->length);
        fputs("</system-out>\n", out);
    }
    fputs("    </testcase>\n", out);
}

static void write_suite(fl_report_writer *writer, size_t rule)
{
    junit_state *s = writer->state;
    FILE *out = writer->options.out;
    const char *id = writer->rules[rule].id;
    fputs("  <testsuite name=\"", out);
    fl_markup_text(out, id);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
            s->documents, s->failed[rule]);
    fl_buffer doc = FL_BUFFER_INIT, data = FL_BUFFER_INIT, failures = FL_BUFFER_INIT,
              suppressed = FL_BUFFER_INIT;
    bool in_document = false;
    record_header header;
    rewind(s->spill);
    for (;;) {
        bool more = next_record(s->spill, &header, &data);
        if (in_document && (!more || header.kind == RECORD_DOCUMENT))
            write_testcase(out, id, fl_buffer_cstr(&doc), &failures, &suppressed);
        if (!more)
            break;
        if (header.kind == RECORD_DOCUMENT) {
            in_document = true;
            fl_buffer_clear(&doc);
            fl_buffer_append(&doc, data.data, data.length);
            fl_buffer_clear(&failures);
            fl_buffer_clear(&suppressed);
            continue;
        }
        if (header.rule != rule)
            continue;
        if (header.kind == RECORD_FAILURE) {
            fl_buffer_append(&failures, data.data, data.length);
            fl_buffer_append(&failures, "", 1);
        } else {
            /* Only the "file:line:col: …" part, a line each. */
            const char *line = data.data + strlen(data.data) + 1;
            line += strlen(line) + 1;
            fl_buffer_append_string(&suppressed, line);
            fl_buffer_append_char(&suppressed, '\n');
        }
    }
    fputs("  </testsuite>\n", out);
    fl_buffer_free(&doc);
    fl_buffer_free(&data);
    fl_buffer_free(&failures);
    fl_buffer_free(&suppressed);
}

static void junit_end(fl_report_writer *writer, const fl_report_summary *summary)
{
    (void)summary;
    junit_state *s = writer->state;
    FILE *out = writer->options.out;
    fflush(s->spill);
    size_t tests = 0, failed = 0;
    for (size_t i = 0; i < writer->rule_count; i++) {
        if (writer->rules[i].names_block)
            continue;
        tests += s->documents;
        failed += s->failed[i];
    }
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuites name=\"factlint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
            tests, failed);
    for (size_t i = 0; i < writer->rule_count; i++)
        if (!writer->rules[i].names_block)
            write_suite(writer, i);
    fputs("</testsuites>\n", out);
}

void fl_report_junit_init(fl_report_writer *writer)
{
    junit_state *s = fl_xcalloc(1, sizeof *s);
    s->failed = fl_xcalloc(writer->rule_count + 1, sizeof *s->failed);
    s->last_failed = fl_xcalloc(writer->rule_count + 1, sizeof *s->last_failed);
    writer->state = s;
    writer->release_state = release_state;
    writer->begin = junit_begin;
    writer->document = junit_document;
    writer->end = junit_end;
}
