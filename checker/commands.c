/*
 * The two commands: `check` wires inputs → documents → evaluation → report, and
 * `rules` lists or explains what is loaded.
 */
#include "factlint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "builtin.h"
#include "diag.h"
#include "document.h"
#include "eval.h"
#include "files.h"
#include "inputs.h"
#include "names_check.h"
#include "report.h"
#include "ruleset.h"
#include "source_path.h"
#include "table.h"
#include "utf8.h"

/* Invalid UTF-8 reported per article at most: a binary file is one problem. */
enum { ENCODING_FINDINGS_MAX = 20 };

const char *fl_version(void)
{
    return FACTLINT_VERSION;
}

static bool color_for(fl_color mode, int fd)
{
    if (mode != FL_COLOR_AUTO)
        return mode == FL_COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    return isatty(fd) && !(no_color && *no_color);
}

static bool is_folder(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* The rules installed with factlint: share/factlint/rules beside the binary's bin/
 * folder, so that an installed tree can move; else where it was configured to go. */
static bool installed_rules(fl_buffer *path)
{
    char executable[4096];
    ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    if (length > 0) {
        executable[length] = '\0';
        char *slash = strrchr(executable, '/');
        if (slash) {
            *slash = '\0';
            fl_buffer_printf(path, "%s/../share/factlint/rules", executable);
            if (is_folder(fl_buffer_cstr(path)))
                return true;
        }
    }
    fl_buffer_clear(path);
    fl_buffer_append_string(path, FACTLINT_RULES_DIR);
    return is_folder(FACTLINT_RULES_DIR);
}

/* Loads the rules the options name, or the default ones; prints diagnostics and
 * returns NULL when any rule file is broken or a pattern matches nothing. */
static fl_ruleset *load_rules(const fl_options *options)
{
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    if (options->rule_path_count) {
        for (size_t i = 0; i < options->rule_path_count; i++)
            fl_ruleset_load(rules, options->rule_paths[i], &diagnostics);
    } else if (is_folder("rules")) {
        fl_ruleset_load(rules, "rules", &diagnostics);
    } else {
        fl_buffer installed = FL_BUFFER_INIT;
        if (installed_rules(&installed))
            fl_ruleset_load(rules, fl_buffer_cstr(&installed), &diagnostics);
        fl_buffer_free(&installed);
    }
    bool ok = diagnostics.count == 0;
    if (!ok) {
        fl_diagnostics_write(&diagnostics, stderr, color_for(options->color, 2));
        fprintf(stderr, "factlint: %zu %s in rule files\n", diagnostics.count,
                diagnostics.count == 1 ? "error" : "errors");
    }
    fl_diagnostics_free(&diagnostics);
    fl_buffer error = FL_BUFFER_INIT;
    if (ok && !fl_ruleset_select(rules, options->enable, options->enable_count,
                                 options->disable, options->disable_count, &error)) {
        fprintf(stderr, "factlint: %s\n", fl_buffer_cstr(&error));
        ok = false;
    }
    fl_buffer_free(&error);
    if (!ok) {
        fl_ruleset_free(rules);
        return NULL;
    }
    return rules;
}

/* ---- check ---- */

typedef struct run {
    const fl_options *options;
    fl_ruleset *rules;
    fl_evaluator *evaluator;
    fl_names_checker *names;
    bool names_enabled;   /* some names rule is on: mentions are worth finding */
    fl_inputs inputs;
    fl_document *document;
    bool active;          /* the document holds one being filled */
    fl_report_writer writer;
    fl_report_summary summary;
    /* Fingerprints and baselines: documents by their identity, not the typed path. */
    const char *table;    /* the table being read, whose folder `doc` paths start from */
    fl_source_paths paths;
    fl_buffer identity;
    fl_baseline baseline; /* --baseline, when given */
    bool has_baseline;
    FILE *baseline_out;   /* --write-baseline, when given */
} run;

static void check_encoding(fl_document *document)
{
    const char *text = fl_buffer_cstr(&document->text);
    size_t reported = 0;
    for (uint32_t line = 1; line <= document->line_count; line++) {
        const char *line_text;
        size_t length;
        fl_document_line(document, line, &line_text, &length);
        size_t invalid = fl_utf8_invalid_offset(line_text, length);
        if (invalid == length)
            continue;
        size_t byte = (size_t)(line_text - text) + invalid;
        if (++reported > ENCODING_FINDINGS_MAX) {
            fl_location location = {.file = document->path, .line = line, .column = 1,
                                    .line_offset = FL_NO_OFFSET};
            fl_builtin_report(document, "input/encoding", &location, "more",
                              "more invalid UTF-8 from here on; not reported further");
            return;
        }
        fl_location location = {
            .file = document->path,
            .line = line,
            .column = (uint32_t)fl_utf8_count(line_text, invalid) + 1,
            .line_offset = FL_NO_OFFSET,
        };
        char subject[32];
        snprintf(subject, sizeof subject, "%zu", byte);
        fl_builtin_report(document, "input/encoding", &location, subject,
                          "invalid UTF-8 at byte %zu of the article", byte);
    }
}

/* Fingerprints, matches against the baseline, counts and writes the findings of the
 * document in hand; `listed` also lists them in the baseline being written. */
static void write_document(run *r, bool listed)
{
    fl_document *document = r->document;
    size_t kept = 0;
    for (size_t i = 0; i < document->finding_count; i++) {
        fl_finding *finding = &document->findings[i];
        if (!fl_ruleset_enabled(r->rules, finding->rule))
            continue;
        fl_finding_fingerprint(finding, document->identity);
        document->findings[kept++] = *finding;
    }
    document->finding_count = kept;
    if (r->has_baseline)
        fl_baseline_apply(&r->baseline, document->identity, document->findings, kept);
    for (size_t i = 0; i < kept; i++) {
        fl_finding *finding = &document->findings[i];
        if (finding->suppression != FL_SUPPRESSION_NONE) {
            r->summary.suppressed++;
            continue;
        }
        switch (finding->severity) {
        case FL_SEVERITY_ERROR:
            r->summary.errors++;
            break;
        case FL_SEVERITY_WARNING:
            r->summary.warnings++;
            break;
        case FL_SEVERITY_NOTE:
            r->summary.notes++;
            break;
        }
    }
    fl_findings_sort(document->findings, kept);
    r->writer.document(&r->writer, document, document->findings, kept);
    if (r->baseline_out && listed)
        fl_baseline_write_findings(r->baseline_out, r->has_baseline ? &r->baseline : NULL,
                                   document->identity, document->findings, kept);
    r->summary.documents++;
}

/* Checks the document in hand and writes its findings. */
static void finish_document(run *r)
{
    if (!r->active)
        return;
    r->active = false;
    fl_document *document = r->document;
    if (!fl_path_has_extension(document->path, ".csv") && fl_document_load_text(document))
        check_encoding(document);
    size_t figure_count = fl_figures_count(document->figures);
    for (size_t i = 0; i < figure_count; i++) {
        fl_figure *figure = fl_figures_at(document->figures, i);
        if (figure->location.file == document->path)
            figure->location.length = fl_document_span(document, figure->location.line,
                                                       figure->location.column, figure->value);
    }
    /* Findings raised while the table was read, before the article was. */
    for (size_t i = 0; i < document->finding_count; i++) {
        fl_finding *finding = &document->findings[i];
        if (finding->location.file == document->path && !finding->location.length &&
            finding->figure_count)
            finding->location.length = fl_document_span(
                document, finding->location.line, finding->location.column,
                finding->figure_count ? finding->figures[0].value : NULL);
    }
    if (r->names_enabled)
        fl_names_checker_run(r->names, document);
    fl_evaluator_run(r->evaluator, document);
    write_document(r, true);
    fl_input *article = fl_inputs_find_article(&r->inputs, document->path);
    if (article)
        article->checked = true;
}

static fl_document *switch_document(void *context, const char *path)
{
    run *r = context;
    if (r->active && strcmp(r->document->path, path) == 0)
        return r->document;
    finish_document(r);
    fl_document_begin(r->document, path);
    fl_source_path_identity(&r->paths, path, r->table, &r->identity);
    r->document->identity = fl_arena_strdup(&r->document->arena, fl_buffer_cstr(&r->identity));
    r->active = true;
    return r->document;
}

static void count_figure(void *context)
{
    ((run *)context)->summary.figures++;
}

static void keep_name(void *context, const char *doc, const char *name, size_t length,
                      const fl_location *location)
{
    fl_names_checker_add_row(((run *)context)->names, doc, name, length, location);
}

/* Reads a names table ahead of the documents its rows name. The table's own problems
 * make it a document of its own, as do rows without a `doc`. */
static bool read_names_table(run *r, const char *path)
{
    r->table = path;
    fl_document *problems = switch_document(r, path);
    fl_names_sink sink = {r, keep_name, problems};
    if (!fl_table_read_names(path, &sink)) {
        fprintf(stderr, "factlint: cannot read %s: %s\n", path, strerror(errno));
        r->active = false;
        return false;
    }
    if (problems->finding_count || fl_names_checker_has_rows(r->names, path))
        finish_document(r);
    else
        r->active = false;
    r->table = NULL;
    return true;
}

static bool open_output(const fl_options *options, FILE **out, char **temporary)
{
    *temporary = NULL;
    if (!options->output) {
        *out = stdout;
        return true;
    }
    size_t length = strlen(options->output);
    *temporary = fl_xmalloc(length + 8);
    snprintf(*temporary, length + 8, "%s.XXXXXX", options->output);
    int fd = mkstemp(*temporary);
    if (fd < 0 || !(*out = fdopen(fd, "w"))) {
        fprintf(stderr, "factlint: cannot write %s: %s\n", options->output, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(*temporary);
        }
        free(*temporary);
        *temporary = NULL;
        return false;
    }
    return true;
}

static bool close_output(const fl_options *options, FILE *out, char *temporary)
{
    if (!temporary)
        return fflush(out) == 0;
    bool ok = fflush(out) == 0 && fsync(fileno(out)) == 0;
    ok = fclose(out) == 0 && ok;
    if (ok) {
        /* mkstemp makes the file private; a report is an ordinary file. */
        mode_t mask = umask(0);
        umask(mask);
        chmod(temporary, 0666 & ~mask);
        ok = rename(temporary, options->output) == 0;
    }
    if (!ok) {
        fprintf(stderr, "factlint: cannot write %s: %s\n", options->output, strerror(errno));
        unlink(temporary);
    }
    free(temporary);
    return ok;
}

/* ---- baselines ---- */

/* Drops an output opened with open_output() without putting it in place. */
static void discard_output(FILE *out, char *temporary)
{
    if (!temporary)
        return;
    fclose(out);
    unlink(temporary);
    free(temporary);
}

/* Reads --baseline; a malformed or unreadable one is diagnosed on standard error. */
static bool read_baseline(run *r)
{
    const fl_options *options = r->options;
    fl_diagnostics diagnostics = {0};
    r->has_baseline = true;
    bool ok = fl_baseline_read(&r->baseline, options->baseline, &diagnostics);
    if (!ok && diagnostics.count == 0)
        fprintf(stderr, "factlint: cannot read %s: %s\n", options->baseline, strerror(errno));
    fl_diagnostics_write(&diagnostics, stderr, color_for(options->color, 2));
    if (diagnostics.count)
        fprintf(stderr, "factlint: %zu %s in the baseline\n", diagnostics.count,
                diagnostics.count == 1 ? "error" : "errors");
    fl_diagnostics_free(&diagnostics);
    return ok;
}

/* Baselines are CSV files but no tables: checking a folder that holds one skips it. */
static bool is_baseline_file(const fl_options *options, const char *path)
{
    const char *baselines[] = {options->baseline, options->write_baseline};
    struct stat input, baseline;
    if (stat(path, &input) != 0)
        return false;
    for (size_t i = 0; i < sizeof baselines / sizeof *baselines; i++)
        if (baselines[i] && stat(baselines[i], &baseline) == 0 &&
            baseline.st_dev == input.st_dev && baseline.st_ino == input.st_ino)
            return true;
    return false;
}

/* Entries that match nothing any more are notes in a document of the baseline's own. */
static void report_stale_entries(run *r)
{
    switch_document(r, r->options->baseline);
    r->active = false;
    if (fl_baseline_report_stale(&r->baseline, r->rules, r->document)) {
        fl_document_load_text(r->document); /* for the snippets */
        write_document(r, false);
    }
}

static bool reaches(fl_severity severity, fl_fail_on fail_on)
{
    return fail_on != FL_FAIL_ON_NONE && (int)severity >= (int)fail_on;
}

int fl_check_command(const fl_options *options)
{
    run r = {.options = options};
    r.rules = load_rules(options);
    if (!r.rules)
        return 2;
    fl_buffer error = FL_BUFFER_INIT;
    for (size_t i = 0; i < options->path_count; i++) {
        if (!fl_inputs_add(&r.inputs, options->paths[i], &error)) {
            fprintf(stderr, "factlint: %s\n", fl_buffer_cstr(&error));
            fl_buffer_free(&error);
            fl_inputs_free(&r.inputs);
            fl_ruleset_free(r.rules);
            return 2;
        }
    }
    fl_buffer_free(&error);

    FILE *out;
    char *temporary;
    /* --write-baseline is written like -o: a temporary file renamed into place. */
    fl_options baseline_target = *options;
    baseline_target.output = options->write_baseline;
    char *baseline_temporary = NULL;
    bool opened = (!options->baseline || read_baseline(&r)) &&
                  open_output(options, &out, &temporary);
    if (opened && options->write_baseline &&
        !open_output(&baseline_target, &r.baseline_out, &baseline_temporary)) {
        discard_output(out, temporary);
        opened = false;
    }
    if (!opened) {
        fl_baseline_free(&r.baseline);
        fl_inputs_free(&r.inputs);
        fl_ruleset_free(r.rules);
        return 2;
    }
    if (r.baseline_out)
        fl_baseline_write_header(r.baseline_out);
    fl_report_options report = {
        .out = out,
        .color = color_for(options->color, options->output ? -1 : 1),
        .quiet = options->quiet,
        .rules = r.rules,
        .baseline = r.has_baseline ? &r.baseline : NULL,
    };
    fl_report_writer_init(&r.writer, options->format, &report);
    r.summary.rules = fl_ruleset_enabled_count(r.rules);
    r.evaluator = fl_evaluator_new(r.rules, options->verbose);
    r.names = fl_names_checker_new(r.rules);
    r.names_enabled = fl_ruleset_enabled(r.rules, "names/near-miss") ||
                      fl_ruleset_enabled(r.rules, "names/variant") ||
                      fl_ruleset_enabled(r.rules, "names/case");
    r.document = fl_document_new();
    r.writer.begin(&r.writer);

    fl_table_sink sink = {
        .context = &r,
        .document = switch_document,
        .figure_added = count_figure,
        .tolerance = r.rules->tolerance,
    };
    int status = 0;
    /* Names tables first: their rows wait for the documents they name. */
    bool *figures_table = fl_xcalloc(r.inputs.count + 1, sizeof *figures_table);
    for (size_t i = 0; i < r.inputs.count && status == 0; i++) {
        fl_input *input = &r.inputs.items[i];
        fl_table_kind kind;
        if (input->kind != FL_INPUT_TABLE || is_baseline_file(options, input->path))
            continue;
        if (!fl_table_kind_of(input->path, &kind)) {
            fprintf(stderr, "factlint: cannot read %s: %s\n", input->path, strerror(errno));
            status = 2;
        } else if (kind == FL_TABLE_NAMES) {
            if (!read_names_table(&r, input->path))
                status = 2;
        } else {
            figures_table[i] = true;
        }
    }
    for (size_t i = 0; i < r.inputs.count && status == 0; i++) {
        fl_input *input = &r.inputs.items[i];
        if (!figures_table[i])
            continue;
        r.table = input->path;
        if (!fl_table_read_figures(input->path, &sink)) {
            fprintf(stderr, "factlint: cannot read %s: %s\n", input->path, strerror(errno));
            status = 2;
        }
        finish_document(&r);
        r.table = NULL;
    }
    free(figures_table);
    const char *pending;
    while (status == 0 && (pending = fl_names_checker_pending(r.names)) != NULL) {
        switch_document(&r, pending);
        finish_document(&r);
    }
    for (size_t i = 0; i < r.inputs.count && status == 0; i++) {
        fl_input *input = &r.inputs.items[i];
        if (input->kind == FL_INPUT_ARTICLE && !input->checked &&
            !is_baseline_file(options, input->path)) {
            switch_document(&r, input->path);
            finish_document(&r);
        }
    }
    if (status == 0 && r.has_baseline)
        report_stale_entries(&r);
    r.writer.end(&r.writer, &r.summary);
    if (!close_output(options, out, temporary))
        status = 2;
    if (r.baseline_out && status == 2) {
        discard_output(r.baseline_out, baseline_temporary);
    } else if (r.baseline_out) {
        fl_baseline_write_carried(r.baseline_out, r.has_baseline ? &r.baseline : NULL);
        if (!close_output(&baseline_target, r.baseline_out, baseline_temporary))
            status = 2;
    }
    if (status == 0) {
        bool failing = (r.summary.errors && reaches(FL_SEVERITY_ERROR, options->fail_on)) ||
                       (r.summary.warnings && reaches(FL_SEVERITY_WARNING, options->fail_on)) ||
                       (r.summary.notes && reaches(FL_SEVERITY_NOTE, options->fail_on));
        status = failing ? 1 : 0;
    }
    fl_report_writer_release(&r.writer);
    fl_document_free(r.document);
    fl_evaluator_free(r.evaluator);
    fl_names_checker_free(r.names);
    fl_inputs_free(&r.inputs);
    fl_baseline_free(&r.baseline);
    fl_source_paths_free(&r.paths);
    fl_buffer_free(&r.identity);
    fl_ruleset_free(r.rules);
    return status;
}

/* ---- rules ---- */

/* Prints `text` in lines of at most 80 columns, broken at spaces. */
static void print_wrapped(const char *text)
{
    size_t column = 0;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (column && column + 1 + word > 80) {
            putchar('\n');
            column = 0;
        } else if (column) {
            putchar(' ');
            column++;
        }
        fwrite(text, 1, word, stdout);
        column += word;
        text += word;
        while (*text == ' ')
            text++;
    }
    putchar('\n');
}

static void explain_rule(const fl_ruleset *rules, const fl_rule *rule)
{
    fl_buffer text = FL_BUFFER_INIT;
    fl_ruleset_position(rules, rule->file, rule->offset, &text);
    printf("%s (%s), defined at %s\n", rule->id, fl_severity_name(rule->severity),
           fl_buffer_cstr(&text));
    if (rule->description)
        printf("\n%s\n", rule->description);
    printf("\n");
    for (size_t i = 0; i < rule->check_count; i++) {
        fl_buffer_clear(&text);
        fl_expr_format(rule->checks[i].expr, rule, NULL, &text);
        printf("  check %s", fl_buffer_cstr(&text));
        if (!fl_value_is_zero(rule->checks[i].tolerance.amount)) {
            fl_buffer_clear(&text);
            fl_value_format_plain(rule->checks[i].tolerance.amount, &text);
            printf(" within %s%s", fl_buffer_cstr(&text),
                   rule->checks[i].tolerance.percent ? "%" : "");
        }
        printf("\n");
    }
    if (rule->when) {
        fl_buffer_clear(&text);
        fl_expr_format(rule->when, rule, NULL, &text);
        printf("  when %s\n", fl_buffer_cstr(&text));
    }
    fl_buffer_free(&text);
}

static void explain_names(const fl_ruleset *rules, const fl_names_block *block)
{
    fl_buffer where = FL_BUFFER_INIT;
    fl_ruleset_position(rules, block->file, block->offset, &where);
    printf("%s (names, %s), defined at %s\n\n", block->id, fl_severity_name(block->severity),
           fl_buffer_cstr(&where));
    if (block->description)
        printf("%s\n\n", block->description);
    printf("%zu listed %s; max-distance ", block->name_count,
           block->name_count == 1 ? "name" : "names");
    if (block->max_distance < 0)
        printf("auto (0 below 4 characters, 1 for 4-7, 2 from 8)\n");
    else
        printf("%d\n", block->max_distance);
    printf("Findings: names/near-miss, names/variant, names/case.\n");
    fl_buffer_free(&where);
}

static void list_rule(size_t width, const char *id, fl_severity severity,
                      const char *description)
{
    if (description && *description)
        printf("%-*s  %-7s  %s\n", (int)width, id, fl_severity_name(severity), description);
    else
        printf("%-*s  %s\n", (int)width, id, fl_severity_name(severity));
}

int fl_rules_command(const fl_options *options)
{
    fl_ruleset *rules = load_rules(options);
    if (!rules)
        return 2;
    int status = 0;
    if (options->explain) {
        const fl_builtin_rule *builtin = fl_builtin_find(options->explain);
        const fl_rule *rule = fl_ruleset_find_rule(rules, options->explain);
        const fl_names_block *block = fl_ruleset_find_names(rules, options->explain);
        if (builtin) {
            printf("%s (%s), built in\n\n%s\n\n", builtin->id,
                   fl_severity_name(builtin->severity), builtin->description);
            print_wrapped(builtin->explanation);
        }
        else if (rule)
            explain_rule(rules, rule);
        else if (block)
            explain_names(rules, block);
        else {
            fprintf(stderr, "factlint: no rule '%s' (factlint rules lists them)\n",
                    options->explain);
            status = 2;
        }
        fl_ruleset_free(rules);
        return status;
    }
    size_t width = 0;
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        if (strlen(fl_builtin_rules[i].id) > width)
            width = strlen(fl_builtin_rules[i].id);
    for (size_t i = 0; i < rules->rule_count; i++)
        if (strlen(rules->rules[i]->id) > width)
            width = strlen(rules->rules[i]->id);
    for (size_t i = 0; i < rules->names_count; i++)
        if (strlen(rules->names[i]->id) > width)
            width = strlen(rules->names[i]->id);
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        list_rule(width, fl_builtin_rules[i].id, fl_builtin_rules[i].severity,
                  fl_builtin_rules[i].description);
    for (size_t i = 0; i < rules->rule_count; i++) {
        const fl_rule *rule = rules->rules[i];
        list_rule(width, rule->id, rule->severity, rule->description);
    }
    fl_buffer text = FL_BUFFER_INIT;
    for (size_t i = 0; i < rules->names_count; i++) {
        const fl_names_block *block = rules->names[i];
        fl_buffer_clear(&text);
        if (block->description)
            fl_buffer_printf(&text, "%s ", block->description);
        fl_buffer_printf(&text, "(names: %zu listed)", block->name_count);
        list_rule(width, block->id, block->severity, fl_buffer_cstr(&text));
    }
    fl_buffer_free(&text);
    fl_ruleset_free(rules);
    return status;
}
