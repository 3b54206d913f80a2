#include "report.h"

#include <string.h>

#include "snippet.h"
#include "utf8.h"

static const char *severity_color(fl_severity severity)
{
    switch (severity) {
    case FL_SEVERITY_ERROR:
        return "\033[1;31m";
    case FL_SEVERITY_WARNING:
        return "\033[1;35m";
    case FL_SEVERITY_NOTE:
        break;
    }
    return "\033[1;36m";
}

static void text_begin(fl_report_writer *writer)
{
    (void)writer;
}

/* Input data reaches a terminal only as text to read, never as commands. */
static void put_escaped(FILE *out, const char *text, fl_buffer *scratch)
{
    fl_buffer_clear(scratch);
    fl_utf8_escape_controls(text, strlen(text), scratch);
    fputs(fl_buffer_cstr(scratch), out);
}

static void write_location(FILE *out, const fl_location *location, fl_buffer *scratch)
{
    put_escaped(out, location->file ? location->file : "", scratch);
    if (location->line) {
        fprintf(out, ":%u", (unsigned)location->line);
        if (location->column)
            fprintf(out, ":%u", (unsigned)location->column);
    }
}

static void text_document(fl_report_writer *writer, const fl_document *document,
                          const fl_finding *findings, size_t count)
{
    FILE *out = writer->options.out;
    bool color = writer->options.color;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *f = &findings[i];
        if (f->suppression != FL_SUPPRESSION_NONE)
            continue;
        fputs(color ? "\033[1m" : "", out);
        write_location(out, &f->location, &writer->scratch);
        fprintf(out, ":%s %s%s:%s ", color ? "\033[0m" : "",
                color ? severity_color(f->severity) : "", fl_severity_name(f->severity),
                color ? "\033[0m" : "");
        put_escaped(out, f->message, &writer->scratch);
        fputs(" [", out);
        put_escaped(out, f->rule, &writer->scratch);
        fputs("]\n", out);
        const char *line;
        size_t length;
        if (!f->location.column ||
            !fl_report_source_line(writer, document, &f->location, &line, &length))
            continue;
        const char *caret_color = color ? "\033[1;32m" : NULL;
        /* A line of the document's own article: its long lines are indexed. */
        if (document->has_text && strcmp(f->location.file, document->path) == 0)
            fl_snippet_write_at(out, line, length,
                                fl_document_offset_of(document, f->location.line,
                                                      f->location.column) -
                                    (size_t)(line - document->text.data),
                                f->location.line, f->location.length, caret_color);
        else
            fl_snippet_write(out, line, length, f->location.line, f->location.column,
                             f->location.length, caret_color);
    }
}

static void text_end(fl_report_writer *writer, const fl_report_summary *summary)
{
    if (writer->options.quiet)
        return;
    fl_buffer_clear(&writer->scratch);
    fl_report_summary_text(summary, &writer->scratch);
    fprintf(writer->options.out, "%s\n", fl_buffer_cstr(&writer->scratch));
}

void fl_report_text_init(fl_report_writer *writer)
{
    writer->begin = text_begin;
    writer->document = text_document;
    writer->end = text_end;
}
