/*
 * GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
 * finding, which the runner turns into an annotation on the file and line, then the
 * summary line for the log.
 */
#include "report.h"

#include <string.h>

#include "utf8.h"

/* Escapes as the Actions toolkit does: '%', CR and LF everywhere, and in a property
 * value also ':' and ',', which would end the value. What else a terminal would act
 * on (ANSI escapes, C1 controls) is written as the text report writes it, "\u001b",
 * so that a cell cannot colour or rewrite the CI log. */
static void write_escaped(FILE *out, const char *text, bool property)
{
    const char *p = text ? text : "";
    size_t length = strlen(p);
    for (size_t i = 0; i < length;) {
        uint32_t c;
        size_t used = fl_utf8_decode(p + i, length - i, &c);
        switch (c) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            if (fl_utf8_is_control(c))
                fprintf(out, "\\u%04x", (unsigned)c);
            else
                fwrite(p + i, 1, used, out);
        }
        i += used;
    }
}

static const char *command_name(fl_severity severity)
{
    switch (severity) {
    case FL_SEVERITY_ERROR:
        return "error";
    case FL_SEVERITY_WARNING:
        return "warning";
    case FL_SEVERITY_NOTE:
        break;
    }
    return "notice";
}

static void github_begin(fl_report_writer *writer)
{
    (void)writer;
}

static void github_document(fl_report_writer *writer, const fl_document *document,
                            const fl_finding *findings, size_t count)
{
    (void)document;
    FILE *out = writer->options.out;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *f = &findings[i];
        if (f->suppression != FL_SUPPRESSION_NONE)
            continue;
        const char *file = f->location.file ? f->location.file : f->doc;
        fprintf(out, "::%s file=", command_name(f->severity));
        write_escaped(out, fl_report_repository_path(writer, file), true);
        if (f->location.line) {
            fprintf(out, ",line=%u", (unsigned)f->location.line);
            if (f->location.column)
                fprintf(out, ",col=%u", (unsigned)f->location.column);
        }
        fputs(",title=", out);
        write_escaped(out, f->rule, true);
        fputs("::", out);
        write_escaped(out, f->message, false);
        fputc('\n', out);
    }
}

static void github_end(fl_report_writer *writer, const fl_report_summary *summary)
{
    if (writer->options.quiet)
        return;
    fl_buffer_clear(&writer->scratch);
    fl_report_summary_text(summary, &writer->scratch);
    fprintf(writer->options.out, "%s\n", fl_buffer_cstr(&writer->scratch));
}

void fl_report_github_init(fl_report_writer *writer)
{
    writer->begin = github_begin;
    writer->document = github_document;
    writer->end = github_end;
}
