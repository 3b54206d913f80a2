/*
 * SARIF 2.1.0, as GitHub code scanning takes it: every rule with a short and a full
 * description and help text, every result with one location and a full region
 * (columns in Unicode code points), paths relative to the repository root.
 */
#include <stdint.h>
#include <string.h>

#include "report.h"

static const char *level_name(fl_severity severity)
{
    return fl_severity_name(severity); /* SARIF's levels are ours: error, warning, note */
}

static void write_text(FILE *out, const char *name, const char *text)
{
    fprintf(out, "\"%s\": {\"text\": ", name);
    fl_json_string(out, text);
    fputc('}', out);
}

static void sarif_begin(fl_report_writer *writer)
{
    FILE *out = writer->options.out;
    fprintf(out,
            "{\n"
            "  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
            "schemas/sarif-schema-2.1.0.json\",\n"
            "  \"version\": \"2.1.0\",\n"
            "  \"runs\": [\n"
            "    {\n"
            "      \"tool\": {\n"
            "        \"driver\": {\n"
            "          \"name\": \"factlint\",\n"
            "          \"version\": \"%s\",\n"
            "          \"semanticVersion\": \"%s\",\n"
            "          \"rules\": [",
            FACTLINT_VERSION, FACTLINT_VERSION);
    for (size_t i = 0; i < writer->rule_count; i++) {
        const fl_report_rule *rule = &writer->rules[i];
        fputs(i ? ",\n            {\n              \"id\": " : "\n            {\n"
                                                             "              \"id\": ", out);
        fl_json_string(out, rule->id);
        fputs(",\n              ", out);
        write_text(out, "shortDescription", rule->short_description);
        fputs(",\n              ", out);
        write_text(out, "fullDescription", rule->full_description);
        fputs(",\n              ", out);
        write_text(out, "help", rule->help);
        fprintf(out, ",\n              \"defaultConfiguration\": {\"level\": \"%s\"}\n"
                     "            }", level_name(rule->severity));
    }
    fprintf(out, "%s]\n        }\n      },\n"
                 "      \"columnKind\": \"unicodeCodePoints\",\n"
                 "      \"results\": [",
            writer->rule_count ? "\n          " : "");
}

/* A URI reference for a path: unreserved characters and '/' as they are, every other
 * byte percent-encoded (so ':' in a first segment cannot pass for a scheme). */
static void write_uri(FILE *out, const char *scheme, const char *path)
{
    fprintf(out, "\"%s", scheme);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
    fputc('"', out);
}

static void write_physical_location(fl_report_writer *writer, const fl_location *location,
                                    const char *doc)
{
    FILE *out = writer->options.out;
    const char *path = fl_report_repository_path(writer, location->file ? location->file : doc);
    fputs("\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
    if (path[0] == '/') {
        write_uri(out, "file://", path);
        fputc('}', out);
    } else {
        write_uri(out, "", path);
        fputs(", \"uriBaseId\": \"%SRCROOT%\"}", out);
    }
    /* Code scanning wants a full region for every result, so a finding about a whole
     * file points at its first character. */
    uint32_t line = location->line ? location->line : 1;
    uint32_t column = location->line && location->column ? location->column : 1;
    uint32_t length = location->length ? location->length : 1;
    fprintf(out, ", \"region\": {\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
                 "\"endColumn\": %u}}",
            (unsigned)line, (unsigned)column, (unsigned)line, (unsigned)(column + length));
}

static void sarif_document(fl_report_writer *writer, const fl_document *document,
                           const fl_finding *findings, size_t count)
{
    (void)document;
    FILE *out = writer->options.out;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *f = &findings[i];
        fputs(writer->started ? ",\n        {\n" : "\n        {\n", out);
        writer->started = true;
        fputs("          \"ruleId\": ", out);
        fl_json_string(out, f->rule);
        size_t index = fl_report_rule_index(writer, f->rule);
        if (index != SIZE_MAX)
            fprintf(out, ",\n          \"ruleIndex\": %zu", index);
        fprintf(out, ",\n          \"level\": \"%s\",\n          ", level_name(f->severity));
        write_text(out, "message", f->message);
        fputs(",\n          \"locations\": [{", out);
        write_physical_location(writer, &f->location, f->doc);
        fputs("}]", out);
        if (f->related_count) {
            fputs(",\n          \"relatedLocations\": [", out);
            for (size_t r = 0; r < f->related_count; r++) {
                fprintf(out, "%s\n            {\"id\": %zu, ", r ? "," : "", r + 1);
                write_physical_location(writer, &f->related[r], f->doc);
                fputc('}', out);
            }
            fputs("\n          ]", out);
        }
        fprintf(out, ",\n          \"partialFingerprints\": {\"factlint/v1\": \"%s\"}",
                f->fingerprint);
        if (f->suppression != FL_SUPPRESSION_NONE) {
            /* A baseline lives outside the checked files; an acceptance in a table or
             * a rule file is written beside what it accepts. */
            fprintf(out, ",\n          \"suppressions\": [{\"kind\": \"%s\", "
                         "\"status\": \"accepted\"",
                    f->suppression == FL_SUPPRESSION_BASELINE ? "external" : "inSource");
            if (f->justification) {
                fputs(", \"justification\": ", out);
                fl_json_string(out, f->justification);
            }
            fputs("}]", out);
        }
        fprintf(out, ",\n          \"properties\": {\"outcome\": \"%s\"}\n        }",
                fl_outcome_name(f->outcome));
    }
}

static void sarif_end(fl_report_writer *writer, const fl_report_summary *summary)
{
    (void)summary;
    fprintf(writer->options.out, "%s]\n    }\n  ]\n}\n", writer->started ? "\n      " : "");
}

void fl_report_sarif_init(fl_report_writer *writer)
{
    writer->begin = sarif_begin;
    writer->document = sarif_document;
    writer->end = sarif_end;
}
