#include "report.h"

static void json_begin(fl_report_writer *writer)
{
    fprintf(writer->options.out,
            "{\n  \"version\": 1,\n  \"tool\": {\"name\": \"factlint\", \"version\": \"%s\"},\n"
            "  \"findings\": [",
            FACTLINT_VERSION);
}

static void write_location(FILE *out, const fl_location *location)
{
    fputs("{\"file\": ", out);
    fl_json_string(out, location->file);
    fputs(", \"line\": ", out);
    if (location->line)
        fl_report_unsigned(out, location->line);
    else
        fputs("null", out);
    fputs(", \"col\": ", out);
    if (location->column)
        fl_report_unsigned(out, location->column);
    else
        fputs("null", out);
    fputc('}', out);
}

static void write_value(fl_report_writer *writer, fl_value value)
{
    fl_buffer_clear(&writer->scratch);
    fl_value_format_plain(value, &writer->scratch);
    fputs(fl_buffer_cstr(&writer->scratch), writer->options.out);
}

static void json_document(fl_report_writer *writer, const fl_document *document,
                          const fl_finding *findings, size_t count)
{
    (void)document;
    FILE *out = writer->options.out;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *f = &findings[i];
        fputs(writer->started ? ",\n    {\n" : "\n    {\n", out);
        writer->started = true;
        fputs("      \"rule\": ", out);
        fl_json_string(out, f->rule);
        fprintf(out, ",\n      \"severity\": \"%s\",\n      \"outcome\": \"%s\",\n",
                fl_severity_name(f->severity), fl_outcome_name(f->outcome));
        fputs("      \"message\": ", out);
        fl_json_string(out, f->message);
        fprintf(out, ",\n      \"fingerprint\": \"%s\",\n      \"doc\": ", f->fingerprint);
        fl_json_string(out, f->doc);
        fputs(",\n      \"location\": ", out);
        write_location(out, &f->location);
        fputs(",\n      \"related\": [", out);
        for (size_t r = 0; r < f->related_count; r++) {
            fputs(r ? ", " : "", out);
            write_location(out, &f->related[r]);
        }
        fputs("],\n      \"figures\": [", out);
        for (size_t g = 0; g < f->figure_count; g++) {
            const fl_finding_figure *figure = &f->figures[g];
            fputs(g ? ",\n        {\"key\": " : "\n        {\"key\": ", out);
            fl_json_string(out, figure->key);
            fputs(", \"value\": ", out);
            fl_json_string(out, figure->value);
            fputs(", \"lo\": ", out);
            write_value(writer, figure->interval.lo);
            fputs(", \"hi\": ", out);
            write_value(writer, figure->interval.hi);
            fputs(figure->interval.lo_open ? ", \"lo_open\": true" : ", \"lo_open\": false",
                  out);
            fputs(figure->interval.hi_open ? ", \"hi_open\": true" : ", \"hi_open\": false",
                  out);
            if (!fl_unit_is_none(figure->unit)) {
                fputs(", \"unit\": ", out);
                fl_json_string(out, fl_unit_label(&figure->unit));
            }
            fputc('}', out);
        }
        fprintf(out, "%s]", f->figure_count ? "\n      " : "");
        if (f->suggestion) {
            fputs(",\n      \"suggestion\": ", out);
            fl_json_string(out, f->suggestion);
            fprintf(out, ",\n      \"distance\": %d", f->distance);
        }
        if (f->suppression == FL_SUPPRESSION_NONE) {
            fputs(",\n      \"suppressed\": false\n    }", out);
            continue;
        }
        fprintf(out, ",\n      \"suppressed\": true,\n      \"suppression\": {\"kind\": \"%s\"",
                f->suppression == FL_SUPPRESSION_BASELINE ? "baseline" : "accepted");
        if (f->justification) {
            fputs(", \"justification\": ", out);
            fl_json_string(out, f->justification);
        }
        fputs("}\n    }", out);
    }
}

static void json_end(fl_report_writer *writer, const fl_report_summary *s)
{
    fprintf(writer->options.out,
            "%s],\n  \"summary\": {\"errors\": %zu, \"warnings\": %zu, \"notes\": %zu, "
            "\"documents\": %zu, \"figures\": %zu, \"rules\": %zu, \"suppressed\": %zu, "
            "\"unused_rules\": %zu, \"unread_keys\": %zu}\n}\n",
            writer->started ? "\n  " : "", s->errors, s->warnings, s->notes, s->documents,
            s->figures, s->rules, s->suppressed, s->unused_rules, s->unread_keys);
}

void fl_report_json_init(fl_report_writer *writer)
{
    writer->begin = json_begin;
    writer->document = json_document;
    writer->end = json_end;
}
