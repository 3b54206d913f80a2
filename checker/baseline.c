#include "baseline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "csv_source.h"

static const char *const status_names[] = {"accepted", "false-positive", "to-fix"};

enum { COLUMN_FINGERPRINT, COLUMN_RULE, COLUMN_DOC, COLUMN_STATUS, COLUMN_REVIEWER,
       COLUMN_COMMENT, COLUMN_COUNT };

static const char *const column_names[COLUMN_COUNT] = {
    "fingerprint", "rule", "doc", "status", "reviewer", "comment",
};

#define ABSENT SIZE_MAX

const char *fl_review_status_name(fl_review_status status)
{
    return status_names[status];
}

bool fl_review_status_from_name(const char *name, fl_review_status *status)
{
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *status = (fl_review_status)i;
            return true;
        }
    }
    return false;
}

typedef struct reader {
    fl_baseline *baseline;
    fl_diagnostics *diagnostics;
    bool header_seen;
    size_t header_count;
    size_t index[COLUMN_COUNT];
    fl_buffer scratch, message;
} reader;

/* An error at field `field` of `record` (ABSENT: the record's start). */
static void error_at(reader *r, const fl_csv_record *record, size_t field, const char *message)
{
    uint32_t column = 1, length = 0;
    if (field == ABSENT || !fl_csv_field_span(record, field, &column, &length))
        column = 1;
    fl_diagnostics_add_at(r->diagnostics, r->baseline->path, record->line, column, length,
                          record->line_text, record->line_length, "%s", message);
}

static bool read_header(reader *r, const fl_csv_record *record)
{
    r->header_seen = true;
    r->header_count = record->field_count;
    for (size_t c = 0; c < COLUMN_COUNT; c++)
        r->index[c] = ABSENT;
    for (size_t i = 0; i < record->field_count; i++) {
        for (size_t c = 0; c < COLUMN_COUNT; c++) {
            if (r->index[c] == ABSENT && strlen(column_names[c]) == record->lengths[i] &&
                strncasecmp(record->fields[i], column_names[c], record->lengths[i]) == 0)
                r->index[c] = i;
        }
    }
    if (r->index[COLUMN_FINGERPRINT] == ABSENT || r->index[COLUMN_STATUS] == ABSENT) {
        error_at(r, record, ABSENT,
                 "a baseline needs a header with at least the fingerprint and status columns "
                 "(fingerprint,rule,doc,status,reviewer,comment)");
        return false;
    }
    return true;
}

static const char *field(reader *r, const fl_csv_record *record, int column)
{
    size_t i = r->index[column];
    if (i == ABSENT)
        return "";
    return fl_arena_strndup(&r->baseline->arena, record->fields[i], record->lengths[i]);
}

/* Spreadsheet users write "False positive" or "to_fix": statuses are read in lower
 * case with spaces and underscores as hyphens. */
static bool read_status(reader *r, const char *text, fl_review_status *status)
{
    fl_buffer_clear(&r->scratch);
    for (const char *p = text; *p; p++) {
        char c = (char)tolower((unsigned char)*p);
        fl_buffer_append_char(&r->scratch, c == ' ' || c == '_' ? '-' : c);
    }
    return fl_review_status_from_name(fl_buffer_cstr(&r->scratch), status);
}

static bool read_fingerprint(const char *text, char fingerprint[17])
{
    if (strlen(text) != 16)
        return false;
    for (size_t i = 0; i < 16; i++) {
        if (!isxdigit((unsigned char)text[i]))
            return false;
        fingerprint[i] = (char)tolower((unsigned char)text[i]);
    }
    fingerprint[16] = '\0';
    return true;
}

static void add_entry(reader *r, const fl_csv_record *record)
{
    fl_baseline *b = r->baseline;
    fl_baseline_entry entry = {.line = record->line};
    const char *fingerprint = field(r, record, COLUMN_FINGERPRINT);
    if (!read_fingerprint(fingerprint, entry.fingerprint)) {
        fl_buffer_clear(&r->message);
        fl_buffer_printf(&r->message, "malformed fingerprint \"%s\": expected 16 hexadecimal "
                         "digits, as reports give them", fingerprint);
        error_at(r, record, r->index[COLUMN_FINGERPRINT], fl_buffer_cstr(&r->message));
        return;
    }
    const char *status = field(r, record, COLUMN_STATUS);
    if (!read_status(r, status, &entry.status)) {
        fl_buffer_clear(&r->message);
        fl_buffer_printf(&r->message, "unknown status \"%s\" (expected accepted, "
                         "false-positive or to-fix)", status);
        error_at(r, record, r->index[COLUMN_STATUS], fl_buffer_cstr(&r->message));
        return;
    }
    if (!fl_csv_field_span(record, r->index[COLUMN_FINGERPRINT], &entry.column, &entry.length))
        entry.column = 1;
    entry.rule = field(r, record, COLUMN_RULE);
    entry.doc = field(r, record, COLUMN_DOC);
    entry.reviewer = field(r, record, COLUMN_REVIEWER);
    entry.comment = field(r, record, COLUMN_COMMENT);
    b->entries = fl_xgrow(b->entries, &b->capacity, b->count + 1, sizeof *b->entries);
    b->entries[b->count] = entry;
    size_t index = b->count++;
    /* Keys point into the entries array, which may move: the maps hold arena copies. */
    char *key = fl_arena_strdup(&b->arena, entry.fingerprint);
    size_t found;
    if (!fl_strmap_get(&b->by_fingerprint, key, 16, &found))
        fl_strmap_put(&b->by_fingerprint, key, 16, index);
    if (fl_strmap_get(&b->by_doc, entry.doc, strlen(entry.doc), &found)) {
        while (b->entries[found].next_in_doc)
            found = b->entries[found].next_in_doc - 1;
        b->entries[found].next_in_doc = index + 1;
    } else {
        fl_strmap_put(&b->by_doc, entry.doc, strlen(entry.doc), index);
    }
}

static bool on_record(void *context, const fl_csv_record *record)
{
    reader *r = context;
    if (!r->header_seen)
        return read_header(r, record);
    if (record->field_count == 1 && record->lengths[0] == 0)
        return true;
    if (record->field_count != r->header_count) {
        error_at(r, record, ABSENT, record->field_count < r->header_count
                                        ? "this row has fewer fields than the header"
                                        : "this row has more fields than the header; quote "
                                          "fields that hold commas");
        return true;
    }
    add_entry(r, record);
    return true;
}

static void on_problem(void *context, const fl_csv_problem *problem)
{
    reader *r = context;
    fl_diagnostics_add_at(r->diagnostics, r->baseline->path, problem->line, problem->column, 1,
                          problem->line_text, problem->line_length, "%s", problem->message);
}

bool fl_baseline_read(fl_baseline *baseline, const char *path, fl_diagnostics *diagnostics)
{
    baseline->path = path;
    size_t errors = diagnostics->count;
    reader r = {.baseline = baseline, .diagnostics = diagnostics};
    fl_csv_handlers handlers = {on_record, on_problem, &r};
    bool read = fl_csv_read_file(path, &handlers);
    fl_buffer_free(&r.scratch);
    fl_buffer_free(&r.message);
    return read && diagnostics->count == errors;
}

const fl_baseline_entry *fl_baseline_find(const fl_baseline *baseline, const char *fingerprint)
{
    size_t index;
    if (!fl_strmap_get(&baseline->by_fingerprint, fingerprint, strlen(fingerprint), &index))
        return NULL;
    return &baseline->entries[index];
}

void fl_baseline_apply(fl_baseline *baseline, const char *identity, fl_finding *findings,
                       size_t count)
{
    size_t index;
    if (fl_strmap_get(&baseline->by_doc, identity, strlen(identity), &index)) {
        for (size_t i = index + 1; i; i = baseline->entries[i - 1].next_in_doc)
            baseline->entries[i - 1].doc_checked = true;
    }
    for (size_t i = 0; i < count; i++) {
        fl_finding *finding = &findings[i];
        if (!fl_strmap_get(&baseline->by_fingerprint, finding->fingerprint, 16, &index))
            continue;
        /* Only the first entry of a fingerprint is marked: its repeats follow it. */
        fl_baseline_entry *entry = &baseline->entries[index];
        entry->matched = true;
        if (entry->status == FL_REVIEW_TO_FIX || finding->suppression != FL_SUPPRESSION_NONE)
            continue;
        finding->suppression = FL_SUPPRESSION_BASELINE;
        finding->justification = *entry->comment ? entry->comment : NULL;
    }
}

/* A rule that is enabled, or that no rule file defines any more. */
static bool rule_ran(const fl_ruleset *rules, const char *id)
{
    bool known = fl_builtin_find(id) || fl_ruleset_find_rule(rules, id) ||
                 fl_ruleset_find_names(rules, id);
    return !known || fl_ruleset_enabled(rules, id);
}

size_t fl_baseline_report_stale(fl_baseline *baseline, const fl_ruleset *rules,
                                fl_document *document)
{
    size_t stale = 0;
    for (size_t i = 0; i < baseline->count; i++) {
        fl_baseline_entry *entry = &baseline->entries[i];
        if (fl_baseline_find(baseline, entry->fingerprint)->matched || !entry->doc_checked ||
            !rule_ran(rules, entry->rule))
            continue;
        entry->stale = true;
        stale++;
        fl_location location = {.file = document->path, .line = entry->line,
                                .column = entry->column, .length = entry->length,
                                .line_offset = FL_NO_OFFSET};
        fl_builtin_report(document, "baseline/stale", &location, entry->fingerprint,
                          "baseline entry %s (%s in %s) matches no finding any more; "
                          "remove it", entry->fingerprint, *entry->rule ? entry->rule : "?",
                          entry->doc);
    }
    return stale;
}

bool fl_baseline_entry_carried(const fl_baseline *baseline, const fl_baseline_entry *entry)
{
    const fl_baseline_entry *first = fl_baseline_find(baseline, entry->fingerprint);
    return first == entry && !entry->matched && !entry->stale;
}

void fl_baseline_free(fl_baseline *baseline)
{
    free(baseline->entries);
    fl_arena_free(&baseline->arena);
    fl_strmap_free(&baseline->by_fingerprint);
    fl_strmap_free(&baseline->by_doc);
    *baseline = (fl_baseline)FL_BASELINE_INIT;
}

/* ---- writing ---- */

static void write_field(FILE *out, const char *text)
{
    if (!text[strcspn(text, ",\"\r\n")] && text[0] != ' ' &&
        (!*text || text[strlen(text) - 1] != ' ')) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void write_row(FILE *out, const char *fingerprint, const char *rule, const char *doc,
                      fl_review_status status, const char *reviewer, const char *comment)
{
    const char *fields[] = {fingerprint, rule, doc, fl_review_status_name(status), reviewer,
                            comment};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i)
            fputc(',', out);
        write_field(out, fields[i] ? fields[i] : "");
    }
    fputc('\n', out);
}

void fl_baseline_write_header(FILE *out)
{
    fputs("fingerprint,rule,doc,status,reviewer,comment\n", out);
}

void fl_baseline_write_findings(FILE *out, const fl_baseline *prior, const char *identity,
                                const fl_finding *findings, size_t count)
{
    fl_strmap written = FL_STRMAP_INIT;
    for (size_t i = 0; i < count; i++) {
        const fl_finding *finding = &findings[i];
        size_t seen;
        /* Accepted in the inputs themselves: nothing for a reviewer to remember. */
        if (finding->suppression == FL_SUPPRESSION_ACCEPTED ||
            fl_strmap_get(&written, finding->fingerprint, 16, &seen))
            continue;
        fl_strmap_put(&written, finding->fingerprint, 16, i);
        const fl_baseline_entry *entry = prior ? fl_baseline_find(prior, finding->fingerprint)
                                               : NULL;
        if (entry)
            write_row(out, finding->fingerprint, finding->rule, identity, entry->status,
                      entry->reviewer, entry->comment);
        else
            write_row(out, finding->fingerprint, finding->rule, identity, FL_REVIEW_ACCEPTED,
                      "", "");
    }
    fl_strmap_free(&written);
}

void fl_baseline_write_carried(FILE *out, const fl_baseline *prior)
{
    for (size_t i = 0; prior && i < prior->count; i++) {
        const fl_baseline_entry *entry = &prior->entries[i];
        if (fl_baseline_entry_carried(prior, entry))
            write_row(out, entry->fingerprint, entry->rule, entry->doc, entry->status,
                      entry->reviewer, entry->comment);
    }
}
