#include "report.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "utf8.h"

static void add_rule(fl_report_writer *writer, fl_report_rule rule)
{
    size_t capacity = writer->rule_count;
    writer->rules = fl_xgrow(writer->rules, &capacity, writer->rule_count + 1,
                             sizeof *writer->rules);
    writer->rules[writer->rule_count++] = rule;
}

/* What a rule file's rule checks, as `factlint rules --explain` shows it. */
static const char *rule_checks(fl_report_writer *writer, const fl_rule *rule)
{
    fl_buffer text = FL_BUFFER_INIT;
    for (size_t i = 0; i < rule->check_count; i++) {
        fl_buffer_append_string(&text, i ? "\ncheck " : "check ");
        fl_expr_format(rule->checks[i].expr, rule, NULL, &text);
        if (!fl_value_is_zero(rule->checks[i].tolerance.amount)) {
            fl_buffer_append_string(&text, " within ");
            fl_value_format_plain(rule->checks[i].tolerance.amount, &text);
            fl_buffer_append_string(&text, rule->checks[i].tolerance.percent ? "%" : "");
        }
    }
    if (rule->when) {
        fl_buffer_append_string(&text, "\nwhen ");
        fl_expr_format(rule->when, rule, NULL, &text);
    }
    const char *checks = fl_arena_strdup(&writer->arena, fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return checks;
}

static void add_file_rules(fl_report_writer *writer, const fl_ruleset *rules)
{
    fl_buffer where = FL_BUFFER_INIT;
    for (size_t i = 0; i < rules->rule_count; i++) {
        const fl_rule *rule = rules->rules[i];
        if (!rule->enabled)
            continue;
        const char *checks = rule_checks(writer, rule);
        fl_buffer_clear(&where);
        fl_ruleset_position(rules, rule->file, rule->offset, &where);
        const char *description = rule->description ? rule->description : checks;
        add_rule(writer, (fl_report_rule){
            .id = rule->id,
            .severity = rule->severity,
            .short_description = description,
            .full_description = fl_arena_printf(&writer->arena, "%s\n%s", description, checks),
            .help = fl_arena_printf(&writer->arena,
                                    "%s\n\nThe figures table gives values that do not "
                                    "satisfy this rule, defined at %s. Check the figures "
                                    "against the article and its sources, then correct the "
                                    "article or the table.", checks, fl_buffer_cstr(&where)),
        });
    }
    bool names = fl_ruleset_enabled(rules, "names/near-miss") ||
                 fl_ruleset_enabled(rules, "names/variant") ||
                 fl_ruleset_enabled(rules, "names/case");
    for (size_t i = 0; names && i < rules->names_count; i++) {
        const fl_names_block *block = rules->names[i];
        if (!block->enabled)
            continue;
        fl_buffer_clear(&where);
        fl_ruleset_position(rules, block->file, block->offset, &where);
        const char *listed = fl_arena_printf(&writer->arena, "Names listed in block %s (%zu).",
                                             block->id, block->name_count);
        add_rule(writer, (fl_report_rule){
            .id = block->id,
            .severity = block->severity,
            .short_description = block->description ? block->description : listed,
            .full_description = listed,
            .help = fl_arena_printf(&writer->arena,
                                    "The names block defined at %s lists how names are "
                                    "spelled. Its findings are reported as names/near-miss, "
                                    "names/variant and names/case.", fl_buffer_cstr(&where)),
            .names_block = true,
        });
    }
    fl_buffer_free(&where);
}

void fl_report_writer_init(fl_report_writer *writer, fl_format format,
                           const fl_report_options *options)
{
    *writer = (fl_report_writer){.options = *options,
                                 .source_lines = FL_SOURCE_LINES_INIT,
                                 .paths = FL_SOURCE_PATHS_INIT};
    const fl_ruleset *rules = options->rules;
    for (size_t i = 0; i < fl_builtin_rule_count; i++) {
        const fl_builtin_rule *builtin = &fl_builtin_rules[i];
        /* Only a run with a baseline can find stale entries. */
        bool stale = strcmp(builtin->id, "baseline/stale") == 0;
        if ((rules && !rules->builtin_enabled[i]) || (stale && !options->baseline))
            continue;
        add_rule(writer, (fl_report_rule){
            .id = builtin->id,
            .severity = builtin->severity,
            .short_description = builtin->description,
            .full_description = builtin->description,
            .help = builtin->explanation,
        });
    }
    if (rules)
        add_file_rules(writer, rules);
    switch (format) {
    case FL_FORMAT_TEXT:
        fl_report_text_init(writer);
        break;
    case FL_FORMAT_JSON:
        fl_report_json_init(writer);
        break;
    case FL_FORMAT_SARIF:
        fl_report_sarif_init(writer);
        break;
    case FL_FORMAT_GITHUB:
        fl_report_github_init(writer);
        break;
    case FL_FORMAT_JUNIT:
        fl_report_junit_init(writer);
        break;
    case FL_FORMAT_HTML:
        fl_report_html_init(writer);
        break;
    }
}

void fl_report_writer_release(fl_report_writer *writer)
{
    if (writer->release_state)
        writer->release_state(writer->state);
    fl_buffer_free(&writer->scratch);
    fl_source_lines_release(&writer->source_lines);
    fl_buffer_free(&writer->path);
    free(writer->rules);
    fl_arena_free(&writer->arena);
    fl_source_paths_free(&writer->paths);
}

size_t fl_report_rule_index(const fl_report_writer *writer, const char *id)
{
    for (size_t i = 0; i < writer->rule_count; i++)
        if (strcmp(writer->rules[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}

const char *fl_report_repository_path(fl_report_writer *writer, const char *file)
{
    if (!fl_source_path_in_repository(&writer->paths, file, &writer->path))
        fl_buffer_append_string(&writer->path, file);
    return fl_buffer_cstr(&writer->path);
}

static const char *plural(size_t count, const char *one, const char *many)
{
    return count == 1 ? one : many;
}

void fl_report_summary_text(const fl_report_summary *s, fl_buffer *out)
{
    fl_buffer_printf(out, "factlint: %zu %s, %zu %s, %zu %s in %zu %s (%zu %s, %zu %s)",
                     s->errors, plural(s->errors, "error", "errors"), s->warnings,
                     plural(s->warnings, "warning", "warnings"), s->notes,
                     plural(s->notes, "note", "notes"), s->documents,
                     plural(s->documents, "document", "documents"), s->figures,
                     plural(s->figures, "figure", "figures"), s->rules,
                     plural(s->rules, "rule", "rules"));
    if (s->suppressed)
        fl_buffer_printf(out, ", %zu suppressed", s->suppressed);
    if (s->unused_rules || s->unread_keys) {
        fl_buffer_append_string(out, "; ");
        if (s->unused_rules)
            fl_buffer_printf(out, "%zu %s applied to no document%s", s->unused_rules,
                             plural(s->unused_rules, "rule", "rules"),
                             s->unread_keys ? ", " : "");
        if (s->unread_keys)
            fl_buffer_printf(out, "%zu %s no rule reads", s->unread_keys,
                             plural(s->unread_keys, "key", "keys"));
    }
}


bool fl_report_source_line(fl_report_writer *writer, const fl_document *document,
                           const fl_location *location, const char **text, size_t *length)
{
    if (!location->file || location->line == 0)
        return false;
    if (strcmp(location->file, document->path) == 0 && document->has_text)
        return fl_document_line(document, location->line, text, length);
    if (location->line_offset == FL_NO_OFFSET ||
        !fl_source_line_read(&writer->source_lines, location->file, location->line_offset,
                             &writer->scratch))
        return false;
    *text = fl_buffer_cstr(&writer->scratch);
    *length = writer->scratch.length;
    return true;
}

/* How a format escapes ASCII: `escape` spells a byte, or returns NULL for a byte
 * written as it is; `low` and `high` hold a bit for each byte it spells (0 to 63, 64
 * to 127), asked of it once, so that the bytes of plain text are passed over without
 * a call each. */
typedef struct escaping {
    const char *(*escape)(unsigned char c, char spelled[8]);
    uint64_t low, high;
} escaping;

static bool is_escaped(const escaping *format, unsigned char c)
{
    return c < 64 ? format->low >> c & 1 : format->high >> (c - 64) & 1;
}

static void learn_escaped_bytes(escaping *format)
{
    char spelled[8];
    for (unsigned c = 0; c < 128; c++)
        if (format->escape((unsigned char)c, spelled))
            *(c < 64 ? &format->low : &format->high) |= (uint64_t)1 << (c % 64);
}

static pthread_once_t escapings_learnt = PTHREAD_ONCE_INIT;
static void learn_escapings(void);

/* Writes `text`, each ASCII byte as `format` spells it, each character that is not
 * valid UTF-8 as `invalid`; with `noncharacters`, also U+FFFE and U+FFFF, which XML
 * forbids. */
static void write_escaped(FILE *out, const char *text, size_t length,
                          const escaping *format, const char *invalid, bool noncharacters)
{
    char spelled[8];
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            if (is_escaped(format, c)) {
                fputs(format->escape(c, spelled), out);
                i++;
                continue;
            }
            /* Reports are mostly plain ASCII: a run of it is written in one call
             * rather than a locked stdio call a byte. */
            size_t run = i + 1;
            while (run < length && (unsigned char)text[run] < 0x80 &&
                   !is_escaped(format, (unsigned char)text[run]))
                run++;
            fwrite(text + i, 1, run - i, out);
            i = run;
            continue;
        }
        uint32_t character;
        size_t size = fl_utf8_decode(text + i, length - i, &character);
        if (character == 0xFFFD || (noncharacters && (character == 0xFFFE || character == 0xFFFF)))
            fputs(invalid, out);
        else
            fwrite(text + i, 1, size, out);
        i += size;
    }
}

static const char *json_escape(unsigned char c, char spelled[8])
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        break;
    }
    if (c >= 0x20 && c != 0x7f)
        return NULL;
    snprintf(spelled, 8, "\\u%04x", c);
    return spelled;
}

void fl_report_unsigned(FILE *out, uint64_t value)
{
    char digits[20];
    size_t at = sizeof digits;
    do {
        digits[--at] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    fwrite(digits + at, 1, sizeof digits - at, out);
}

static escaping json_escaping = {json_escape, 0, 0};

void fl_json_string(FILE *out, const char *text)
{
    pthread_once(&escapings_learnt, learn_escapings);
    text = text ? text : "";
    fputc('"', out);
    write_escaped(out, text, strlen(text), &json_escaping, "\\ufffd", false);
    fputc('"', out);
}

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

static const char *markup_escape(unsigned char c, char spelled[8])
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
    case '\n':
    case '\r':
        /* As references, so that attribute values keep them. */
        snprintf(spelled, 8, "&#%d;", c);
        return spelled;
    default:
        break;
    }
    return c >= 0x20 && c != 0x7f ? NULL : REPLACEMENT_CHARACTER;
}

static escaping markup_escaping = {markup_escape, 0, 0};

static void learn_escapings(void)
{
    learn_escaped_bytes(&json_escaping);
    learn_escaped_bytes(&markup_escaping);
}

void fl_markup_text_n(FILE *out, const char *text, size_t length)
{
    pthread_once(&escapings_learnt, learn_escapings);
    write_escaped(out, text, length, &markup_escaping, REPLACEMENT_CHARACTER, true);
}

void fl_markup_text(FILE *out, const char *text)
{
    fl_markup_text_n(out, text ? text : "", text ? strlen(text) : 0);
}
