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

#include "article_ahead.h"
#include "article_checks.h"
#include "articles.h"
#include "baseline.h"
#include "builtin.h"
#include "diag.h"
#include "document.h"
#include "document_stream.h"
#include "eval.h"
#include "files.h"
#include "inputs.h"
#include "key_usage.h"
#include "names_check.h"
#include "output.h"
#include "report.h"
#include "rule_discovery.h"
#include "source_path.h"
#include "ruleset.h"
#include "strmap.h"
#include "table.h"
#include "utf8.h"

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

/* ---- check ---- */

/* Keys of one table that no rule reads and that are close to nothing a rule reads:
 * listed in one note at the end of the table. */
typedef struct unread_keys {
    fl_strmap seen;
    fl_arena arena;
    const char **keys;
    size_t count, capacity;
    size_t unlisted;      /* keys for the note beyond those listed */
    size_t total;         /* distinct keys no rule reads, with a note of their own or not */
} unread_keys;

enum { UNREAD_LISTED = 10 };

/* A key a part's row gave, and where among its document's findings it came. */
typedef struct streamed_key {
    fl_streamed_key key;
    size_t position;
} streamed_key;

typedef struct run {
    const fl_options *options;
    fl_ruleset *rules;
    fl_evaluator *evaluator;
    fl_names_checker *names;
    bool names_enabled;   /* some names rule is on: mentions are worth finding */
    bool reports_articles; /* input/doc is on: a missing article is reported */
    bool keys_checked;    /* figure/unused or rule/unused is on: keys are worth looking up */
    fl_inputs inputs;
    fl_articles *articles;
    fl_key_usage *key_usage;
    unread_keys unread;
    const char *table;    /* the figures table being read */
    fl_document *document;
    bool active;          /* the document holds one being filled */
    const fl_mention_list *mentions; /* the document's, found ahead; NULL: not yet */
    fl_report_writer writer;
    fl_output *output;    /* the report's */
    fl_report_summary summary;
    fl_buffer scratch;
    /* Fingerprints and baselines: documents by their identity, not the typed path. */
    fl_source_paths paths;
    fl_buffer identity;
    fl_baseline baseline; /* --baseline, when given */
    bool has_baseline;
    fl_output baseline_out; /* --write-baseline, when given */
    bool writes_baseline;
    /* The files --baseline and --write-baseline name, as they are when reading
     * starts, so that an input is compared with them without looking at them again. */
    struct stat baseline_files[2];
    bool baseline_file_exists[2];

    /* Parts of a large figures table checked on other threads (fl_table_parts): each
     * has a run of its own, whose checked documents go to `stream` instead of the
     * report, with how the document in hand was named and the keys its rows gave. */
    fl_document_stream *stream;
    fl_table_sink part_sink;
    fl_location where;      /* the doc cell that named the document; `file` NULL for none */
    bool absolute;
    size_t document_figures;
    streamed_key *keys;
    size_t key_count, key_capacity;
    fl_strmap keys_streamed;   /* keys streamed already, in the part's arena */
    fl_arena keys_arena;
    size_t streamed_unread;
    /* The report's run replays those documents: the one being begun, and whether the
     * document in hand was checked by a part. */
    const fl_streamed_document *replaying;
    bool replayed, replayed_text;
    /* One slot per thread, made before any part begins: threads read it while the
     * parts after theirs are begun. */
    struct run **parts;
} run;

/* Keeps the findings of enabled rules, fingerprints them, matches them against the
 * baseline, counts and sorts them and hands them to the writer; `listed` also lists
 * them in the baseline being written. */
static void write_findings(run *r, fl_document *document, bool listed)
{
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
    if (r->writes_baseline && listed)
        fl_baseline_write_findings(r->baseline_out.file, r->has_baseline ? &r->baseline : NULL,
                                   document->identity, document->findings, kept);
}

/* Reads the article a document names, and what it says of the figures. */
static void read_article(run *r, fl_document *document)
{
    if (fl_path_has_extension(document->path, ".csv") || !fl_document_load_text(document)) {
        /* Without the article, its lines and columns cannot be shown or checked: the
         * figures are shown at their table rows. */
        size_t count = fl_figures_count(document->figures);
        for (size_t i = 0; i < count; i++) {
            fl_figure *figure = fl_figures_at(document->figures, i);
            if (figure->location.file == document->path)
                figure->location = figure->cell;
        }
        if (document->text_too_large) {
            fl_location location = {.file = document->path, .line_offset = FL_NO_OFFSET};
            fl_builtin_report(document, "input/doc", &location, "too large",
                              "%s is larger than %u MiB and is not read", document->path,
                              FL_ARTICLE_MAX_BYTES >> 20);
        }
        return;
    }
    (void)r;
    if (fl_article_check_encoding(document))
        fl_article_place_figures(document);
    size_t figure_count = fl_figures_count(document->figures);
    for (size_t i = 0; i < figure_count; i++) {
        fl_figure *figure = fl_figures_at(document->figures, i);
        if (figure->location.file == document->path && !figure->location.length)
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
                finding->figures[0].value);
    }
}

/* A part's checked document into its stream: what it is, then its findings with the
 * keys its rows gave where they came among them. */
static void stream_document(run *r, const fl_document *document)
{
    fl_streamed_document streamed = {
        .path = document->path,
        .identity = document->identity,
        .source = document->source,
        .article_refused = document->article_refused,
        .out_of_shard = document->out_of_shard,
        .has_text = document->has_text,
        .named = r->where.file != NULL,
        .where = r->where,
        .absolute = r->absolute,
        .figures = r->document_figures,
    };
    fl_document_stream_put_document(r->stream, &streamed);
    size_t key = 0;
    for (size_t i = 0; i <= document->finding_count; i++) {
        for (; key < r->key_count && r->keys[key].position <= i; key++)
            fl_document_stream_put_key(r->stream, &r->keys[key].key);
        if (i < document->finding_count)
            fl_document_stream_put_finding(r->stream, &document->findings[i]);
    }
    r->key_count = 0;
}

/* Reads the document's article and runs the names and rules checks on it. */
static void check_document(run *r, fl_document *document)
{
    read_article(r, document);
    /* A part's rows have no names-table rows: only an article has names. */
    if (r->names_enabled && r->stream && document->has_text && !r->names)
        r->names = fl_names_checker_new(r->rules);
    if (r->names_enabled && (!r->stream || document->has_text))
        fl_names_checker_run_scanned(r->names, document, r->mentions);
    fl_evaluator_run(r->evaluator, document);
}

enum { WRITE_BACK_DOCUMENTS = 8192 };

/* Checks the document in hand and writes its findings. A document a part of the
 * table checked is only written; its article is read again for the report's lines. */
static void finish_document(run *r)
{
    if (!r->active)
        return;
    r->active = false;
    bool replayed = r->replayed;
    r->replayed = false;
    fl_document *document = r->document;
    if (!r->stream) {
        fl_input *article = fl_inputs_find_article(&r->inputs, document->path);
        if (article)
            article->checked = true;
    }
    if (!document->out_of_shard && !replayed)
        check_document(r, document);
    else if (!document->out_of_shard && r->replayed_text)
        fl_document_load_text(document);
    if (r->stream) {
        stream_document(r, document);
        return;
    }
    if (document->out_of_shard)
        return;
    write_findings(r, document, true);
    /* The report written so far goes on its way to disk as the check goes on, rather
     * than all of it in the final rename, which waits for it (ext4). */
    if (++r->summary.documents % WRITE_BACK_DOCUMENTS == 0)
        fl_output_write_back(r->output);
}

/* Whether the article a `doc` cell names may be read; says why not in a finding. */
static void vet_article(run *r, fl_document *document, const fl_location *where,
                        bool absolute)
{
    const fl_input *input = fl_inputs_find(&r->inputs, document->path);
    if (input) {
        document->source = input->source;
        return;
    }
    fl_buffer *suggestion = &r->scratch;
    fl_buffer_clear(suggestion);
    fl_article_status status =
        absolute ? FL_ARTICLE_ABSOLUTE
                 : fl_articles_resolve(r->articles, document->path,
                                       r->reports_articles ? suggestion : NULL);
    if (status == FL_ARTICLE_FOUND)
        return;
    document->article_refused = true;
    /* A path that is not followed is named as written: resolving /proc/self/environ
     * would name another file on every run. */
    if (status != FL_ARTICLE_MISSING)
        document->identity = document->path;
    const char *why;
    switch (status) {
    case FL_ARTICLE_MISSING:
        /* A table of figures without articles, checked with input/doc off, would
         * otherwise format a finding per document only to drop it. */
        if (!r->reports_articles)
            return;
        fl_builtin_report(document, "input/doc", where, "missing",
                          "no article %s%s%s%s", document->path,
                          suggestion->length ? " (did you mean " : "",
                          fl_buffer_cstr(suggestion), suggestion->length ? "?)" : "");
        return;
    case FL_ARTICLE_ABSOLUTE:
        why = "an absolute path; doc is a path relative to the table's folder";
        break;
    case FL_ARTICLE_OUTSIDE:
        why = "outside the folders given on the command line and the current folder";
        break;
    default:
        why = "not a regular file";
        break;
    }
    fl_finding *finding = fl_builtin_report(document, "input/doc", where, "refused",
                                            "the article %s is %s, so it is not read",
                                            document->path, why);
    finding->severity = FL_SEVERITY_ERROR;
}

/* Whether --shard leaves the document of this identity to this run. The hash is
 * FNV-1a, the same on every machine and build, so N runs anywhere split the
 * documents between them. */
static bool in_shard(const fl_options *options, const char *identity)
{
    if (!options->shard_count)
        return true;
    uint64_t hash = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)identity; *p; p++)
        hash = (hash ^ *p) * 0x100000001b3ull;
    return hash % options->shard_count == options->shard_index - 1;
}

/* Names the begun document, named by a row of `table` when it is not NULL, as
 * fingerprints and baselines do. */
static void identify_document(run *r, const char *table)
{
    fl_source_path_identity(&r->paths, r->document->path, table, &r->identity);
    r->document->identity = fl_arena_strdup(&r->document->arena, fl_buffer_cstr(&r->identity));
}

/* Begins a document named `path`, named by a row of `table` when it is not NULL. */
static void begin_document(run *r, const char *path, const char *table)
{
    fl_document_begin(r->document, path);
    identify_document(r, table);
}

/* Begins the document a part checked, as the part named it. */
static void begin_replayed_document(run *r, const char *path)
{
    const fl_streamed_document *streamed = r->replaying;
    fl_document *document = r->document;
    fl_document_begin(document, path);
    document->identity = fl_arena_strdup(&document->arena, streamed->identity);
    document->source = streamed->source ? fl_arena_strdup(&document->arena, streamed->source)
                                        : NULL;
    document->article_refused = streamed->article_refused;
    document->out_of_shard = streamed->out_of_shard;
    r->replayed = true;
    r->replayed_text = streamed->has_text;
    r->summary.figures += streamed->figures;
    r->active = true;
}

static fl_document *switch_document(void *context, const char *path, const fl_location *where,
                                    bool absolute)
{
    run *r = context;
    if (r->active && strcmp(r->document->path, path) == 0)
        return r->document;
    finish_document(r);
    if (r->replaying) {
        begin_replayed_document(r, path);
        return r->document;
    }
    begin_document(r, path, r->table);
    r->active = true;
    r->where = where ? *where : (fl_location){0};
    r->absolute = absolute;
    r->document_figures = 0;
    r->document->out_of_shard = !in_shard(r->options, r->document->identity);
    if (where)
        vet_article(r, r->document, where, absolute);
    else
        r->document->source = NULL;
    const fl_input *input = fl_inputs_find(&r->inputs, path);
    if (input && input->kind == FL_INPUT_ARTICLE)
        r->document->source = input->source;
    return r->document;
}

static void note_unread_key(run *r, fl_document *document, const char *figure_key,
                            const fl_location *key_cell)
{
    unread_keys *unread = &r->unread;
    size_t ignored;
    if (fl_strmap_get(&unread->seen, figure_key, strlen(figure_key), &ignored))
        return;
    if (unread->total == FL_KEY_USAGE_MAX_KEYS)
        return;
    char *key = fl_arena_strdup(&unread->arena, figure_key);
    fl_strmap_put(&unread->seen, key, strlen(key), 0);
    unread->total++;
    const char *rule;
    if (fl_key_usage_suggest_reference(r->key_usage, key, &r->scratch, &rule)) {
        fl_builtin_report(document, "figure/unused", key_cell, key,
                          "no rule reads %s; did you mean %s (which %s reads)?", key,
                          fl_buffer_cstr(&r->scratch), rule);
        return;
    }
    if (unread->count < UNREAD_LISTED) {
        unread->keys = fl_xgrow(unread->keys, &unread->capacity, unread->count + 1,
                                sizeof *unread->keys);
        unread->keys[unread->count++] = key;
    } else {
        unread->unlisted++;
    }
}

/* A part's key, kept for the report's run when it is the first of its kind in the
 * part: as many keys as the key usage remembers, and as many of those no rule reads
 * as unread keys are noted, are all the report's run can use. */
static void keep_part_key(run *r, const fl_document *document, const fl_figure *figure,
                          const fl_location *key_cell)
{
    size_t length = strlen(figure->key), ignored;
    bool read = fl_key_usage_reads(r->key_usage, figure->key, length);
    if (fl_strmap_get(&r->keys_streamed, figure->key, length, &ignored) ||
        (r->keys_streamed.count >= FL_KEY_USAGE_MAX_KEYS &&
         (read || r->streamed_unread >= FL_KEY_USAGE_MAX_KEYS)))
        return;
    char *key = fl_arena_strndup(&r->keys_arena, figure->key, length);
    fl_strmap_put(&r->keys_streamed, key, length, 0);
    r->streamed_unread += !read;
    r->keys = fl_xgrow(r->keys, &r->key_capacity, r->key_count + 1, sizeof *r->keys);
    r->keys[r->key_count++] = (streamed_key){
        .key = {.key = key, .read = read, .cell = *key_cell, .accepted = figure->accepted},
        .position = document->finding_count,
    };
}

static void count_figure(void *context, fl_document *document, const fl_figure *figure,
                         const fl_location *key_cell)
{
    run *r = context;
    if (r->stream) {
        r->document_figures++;
        if (r->keys_checked)
            keep_part_key(r, document, figure, key_cell);
        return;
    }
    r->summary.figures++;
    if (r->keys_checked && !fl_key_usage_reads(r->key_usage, figure->key, strlen(figure->key)))
        note_unread_key(r, document, figure->key, key_cell);
}

/* A key a part's row gave, counted as the row would have been: remembered by the key
 * usage, noted when no rule reads it, the note accepted with the row. */
static void replay_key(run *r, const fl_streamed_key *key)
{
    fl_document *document = r->document;
    (void)fl_key_usage_reads(r->key_usage, key->key, strlen(key->key));
    if (key->read)
        return;
    size_t before = document->finding_count;
    note_unread_key(r, document, key->key, &key->cell);
    if (key->accepted && document->finding_count > before)
        fl_document_accept_findings(document, before,
                                    fl_arena_strdup(&document->arena, key->accepted));
}

/* After a figures table: the keys no rule reads, in one note. */
static void report_unread_keys(run *r)
{
    unread_keys *unread = &r->unread;
    /* A shard reads only its documents' rows, so it cannot tell which keys no row
     * of the whole table gives to a rule. */
    if (unread->count && r->active && !r->options->shard_count) {
        fl_buffer *list = &r->scratch;
        fl_buffer_clear(list);
        for (size_t i = 0; i < unread->count; i++)
            fl_buffer_printf(list, "%s%s", i ? ", " : "", unread->keys[i]);
        size_t more = unread->unlisted;
        fl_location location = {.file = r->table, .line = 1, .column = 1, .line_offset = 0};
        if (more)
            fl_buffer_printf(list, " and %zu more", more);
        if (unread->count + more == 1)
            fl_builtin_report(r->document, "figure/unused", &location, "table",
                              "no rule reads the key %s", fl_buffer_cstr(list));
        else
            fl_builtin_report(r->document, "figure/unused", &location, "table",
                              "no rule reads %zu of this table's keys: %s",
                              unread->count + more, fl_buffer_cstr(list));
    }
    if (fl_ruleset_enabled(r->rules, "figure/unused") && !r->options->shard_count)
        r->summary.unread_keys += unread->total;
    fl_strmap_clear(&unread->seen);
    fl_arena_reset(&unread->arena);
    unread->count = unread->unlisted = unread->total = 0;
}

static void keep_name(void *context, const char *doc, const char *name, size_t length,
                      const fl_location *location)
{
    fl_names_checker_add_row(((run *)context)->names, doc, name, length, location);
}

/* Reads a names table ahead of the documents its rows name. The table's own problems
 * make it a document of its own, as do rows without a `doc`. */
static bool read_names_table(run *r, const fl_input *input)
{
    r->table = input->path;
    fl_document *problems = switch_document(r, input->path, NULL, false);
    fl_names_sink sink = {r, keep_name, problems};
    bool ok = fl_table_read_names(input->path, input->source, &sink);
    if (!ok) {
        fl_error("cannot read %s: %s", input->path, strerror(errno));
        r->active = false;
    } else if (problems->finding_count || fl_names_checker_has_rows(r->names, input->path)) {
        finish_document(r);
    } else {
        r->active = false;
    }
    r->table = NULL;
    return ok;
}

/* Findings about the run rather than a document (what was skipped, rules that
 * applied nowhere) are written as a document of their own: the file they are about.
 * They do not count as documents. */
static fl_document *begin_side_document(run *r, const char *path)
{
    finish_document(r);
    begin_document(r, path, NULL);
    return r->document;
}

static void report_skipped(run *r)
{
    for (size_t i = 0; i < r->inputs.skipped_count; i++) {
        const fl_skipped_input *skipped = &r->inputs.skipped[i];
        fl_document *document = begin_side_document(r, skipped->path);
        fl_location location = {.file = skipped->path, .line_offset = FL_NO_OFFSET};
        fl_finding *finding = fl_builtin_report(document, "input/file", &location, "skipped",
                                                "%s is skipped: %s", skipped->path,
                                                skipped->reason);
        finding->severity = FL_SEVERITY_NOTE;
        write_findings(r, document, true);
    }
}

/* A note for each rule that applied to no document, in the rule's own file. */
static void report_unused_rules(run *r)
{
    if (r->summary.figures == 0 || !fl_ruleset_enabled(r->rules, "rule/unused"))
        return;
    for (size_t i = 0; i < r->rules->rule_count; i++) {
        const fl_rule *rule = r->rules->rules[i];
        /* The shipped rules serve many kinds of data; only a project's own rule that
         * applies nowhere is news. */
        if (!rule->enabled || rule->shipped || fl_evaluator_applied(r->evaluator, i))
            continue;
        r->summary.unused_rules++;
        fl_location location = {.file = rule->file, .line_offset = FL_NO_OFFSET};
        size_t line_start;
        fl_ruleset_place(r->rules, rule->file, rule->offset, &location.line, &location.column,
                         &line_start);
        if (location.line) {
            location.length = (uint32_t)strlen(rule->id);
            location.line_offset = line_start;
        }
        fl_buffer *why = &r->scratch;
        fl_buffer_clear(why);
        fl_evaluator_first_miss(r->evaluator, i, why);
        const fl_expr *missing = fl_evaluator_missing_reference(r->evaluator, i);
        fl_buffer suggestion = FL_BUFFER_INIT;
        bool suggest = missing && fl_key_usage_suggest_key(r->key_usage, missing, &suggestion);
        fl_document *document = begin_side_document(r, rule->file);
        fl_finding *finding = fl_builtin_report(
            document, "rule/unused", &location, rule->id,
            "rule %s applied to no document%s%s%s%s%s", rule->id, why->length ? ": " : "",
            fl_buffer_cstr(why), suggest ? " (the tables have " : "",
            fl_buffer_cstr(&suggestion), suggest ? ": a typo?)" : "");
        finding->doc = rule->file;
        fl_buffer_free(&suggestion);
        write_findings(r, document, true);
    }
}

/* ---- baselines ---- */

/* Reads --baseline; a malformed or unreadable one is diagnosed on standard error. */
static bool read_baseline(run *r)
{
    const fl_options *options = r->options;
    fl_diagnostics diagnostics = {0};
    r->has_baseline = true;
    bool ok = fl_baseline_read(&r->baseline, options->baseline, &diagnostics);
    if (!ok && diagnostics.count == 0)
        fl_error("cannot read %s: %s", options->baseline, strerror(errno));
    fl_diagnostics_write(&diagnostics, stderr, color_for(options->color, 2));
    if (diagnostics.count)
        fl_error("%zu %s in the baseline", diagnostics.count,
                 diagnostics.count == 1 ? "error" : "errors");
    fl_diagnostics_free(&diagnostics);
    return ok;
}

/* Looks at the baseline files once, before the inputs are read. */
static void find_baseline_files(run *r)
{
    const char *baselines[] = {r->options->baseline, r->options->write_baseline};
    for (size_t i = 0; i < 2; i++)
        r->baseline_file_exists[i] =
            baselines[i] && stat(baselines[i], &r->baseline_files[i]) == 0;
}

/* Baselines are CSV files but no tables: checking a folder that holds one skips it. */
static bool is_baseline_file(const run *r, const char *path)
{
    struct stat input;
    if ((!r->baseline_file_exists[0] && !r->baseline_file_exists[1]) ||
        stat(path, &input) != 0)
        return false;
    for (size_t i = 0; i < 2; i++)
        if (r->baseline_file_exists[i] && r->baseline_files[i].st_dev == input.st_dev &&
            r->baseline_files[i].st_ino == input.st_ino)
            return true;
    return false;
}

/* Entries that match nothing any more are notes in a document of the baseline's own. */
static void report_stale_entries(run *r)
{
    fl_document *document = begin_side_document(r, r->options->baseline);
    if (fl_baseline_report_stale(&r->baseline, r->rules, document)) {
        fl_document_load_text(document); /* for the snippets */
        write_findings(r, document, false);
    }
}

static bool reaches(fl_severity severity, fl_fail_on fail_on)
{
    return fail_on != FL_FAIL_ON_NONE && (int)severity >= (int)fail_on;
}

/* Whether the report would replace one of the files read: a usage error. */
static bool output_is_input(const run *r, const char *output)
{
    struct stat out;
    if (!output || strcmp(output, "-") == 0 || stat(output, &out) != 0 || !S_ISREG(out.st_mode))
        return false;
    const char *clash = NULL;
    for (size_t i = 0; i < r->inputs.count && !clash; i++) {
        struct stat in;
        if (stat(r->inputs.items[i].path, &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            clash = r->inputs.items[i].path;
    }
    for (size_t i = 0; i < r->rules->file_count && !clash; i++) {
        struct stat in;
        if (stat(r->rules->files[i].path, &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            clash = r->rules->files[i].path;
    }
    if (clash)
        fl_error("-o %s would replace the input %s; write the report elsewhere", output,
                 clash);
    return clash != NULL;
}

static bool gather_inputs(run *r)
{
    const fl_options *options = r->options;
    fl_buffer error = FL_BUFFER_INIT;
    bool ok = true;
    for (size_t i = 0; i < options->path_count && ok; i++) {
        if (!fl_inputs_add(&r->inputs, options->paths[i], &error)) {
            fl_error("%s", fl_buffer_cstr(&error));
            ok = false;
        }
    }
    fl_buffer_free(&error);
    if (ok && r->inputs.count == 0) {
        fl_error("nothing to check: no tables (*.csv) or articles (*.txt, *.md) in %s%s",
                 options->paths[0], options->path_count > 1 ? " or the other paths" : "");
        ok = false;
    }
    return ok && !output_is_input(r, options->output);
}

/* What a run owns, whether it writes the report or checks a part of a table. */
static void free_checking(run *r)
{
    fl_document_stream_free(r->stream);
    fl_document_free(r->document);
    fl_evaluator_free(r->evaluator);
    fl_names_checker_free(r->names);
    fl_articles_free(r->articles);
    fl_key_usage_free(r->key_usage);
    fl_strmap_free(&r->unread.seen);
    fl_arena_free(&r->unread.arena);
    free(r->unread.keys);
    fl_buffer_free(&r->scratch);
    fl_buffer_free(&r->identity);
    fl_source_paths_free(&r->paths);
    free(r->keys);
    fl_strmap_free(&r->keys_streamed);
    fl_arena_free(&r->keys_arena);
}

/* The report's run: what it owns, and what its parts' runs borrowed from it. */
static void free_run(run *r)
{
    free(r->parts);
    fl_report_writer_release(&r->writer);
    free_checking(r);
    fl_baseline_free(&r->baseline);
    fl_inputs_free(&r->inputs);
    fl_ruleset_free(r->rules);
}

static long threads(const fl_options *options)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return options->jobs ? (long)options->jobs : online > 0 ? online : 1;
}

/* Checks the articles of `requests` read ahead, in order, each in the reader's
 * document. */
static void check_articles_ahead(run *r, fl_article_ahead *ahead,
                                 const fl_article_request *requests)
{
    fl_document *own = r->document;
    fl_article_read *read;
    for (size_t i = 0; (read = fl_article_ahead_next(ahead)) != NULL; i++) {
        r->document = read->document;
        identify_document(r, NULL);
        r->document->out_of_shard = requests[i].skip;
        r->active = true;
        r->mentions = read->scanned ? &read->mentions : NULL;
        finish_document(r);
        r->mentions = NULL;
    }
    r->document = own;
}

/* Checks the articles that no table named. With a second thread, each is read, and
 * its mentions found, while the one before is checked. */
static void check_articles(run *r)
{
    fl_article_request *requests = fl_xcalloc(r->inputs.count + 1, sizeof *requests);
    size_t count = 0;
    for (size_t i = 0; i < r->inputs.count; i++) {
        fl_input *input = &r->inputs.items[i];
        if (input->kind != FL_INPUT_ARTICLE || input->checked ||
            is_baseline_file(r, input->path))
            continue;
        /* The identity decides only the shard here, once for both threads; the
         * article's own is made when it is checked. */
        bool skip = false;
        if (r->options->shard_count) {
            fl_source_path_identity(&r->paths, input->path, NULL, &r->identity);
            skip = !in_shard(r->options, fl_buffer_cstr(&r->identity));
        }
        requests[count++] = (fl_article_request){
            .path = input->path,
            .source = input->source,
            .skip = skip,
        };
    }
    finish_document(r);
    fl_article_ahead *ahead = NULL;
    if (count > 1 && threads(r->options) > 1)
        ahead = fl_article_ahead_start(
            requests, count, r->names_enabled ? fl_names_checker_joiners(r->names) : NULL);
    if (ahead) {
        check_articles_ahead(r, ahead, requests);
        fl_article_ahead_stop(ahead);
    } else {
        for (size_t i = 0; i < count; i++) {
            switch_document(r, requests[i].path, NULL, false);
            finish_document(r);
        }
    }
    free(requests);
}

/* ---- parts of a large table ---- */

static const fl_table_sink *begin_part(void *context, size_t index)
{
    run *r = context;
    fl_document_stream *stream = fl_document_stream_new();
    if (!stream)
        return NULL;
    run *part = fl_xcalloc(1, sizeof *part);
    part->options = r->options;
    part->rules = r->rules;
    part->inputs = r->inputs;
    part->names_enabled = r->names_enabled;
    part->reports_articles = r->reports_articles;
    part->keys_checked = r->keys_checked;
    part->table = r->table;
    part->evaluator = fl_evaluator_new(r->rules, r->options->verbose);
    part->articles = fl_articles_new(&r->inputs);
    part->key_usage = fl_key_usage_new(r->rules);
    part->document = fl_document_new();
    part->paths = (fl_source_paths)FL_SOURCE_PATHS_INIT;
    part->stream = stream;
    part->part_sink = (fl_table_sink){
        .context = part,
        .document = switch_document,
        .figure_added = count_figure,
        .key_cells = r->keys_checked,
        .tolerance = r->rules->tolerance,
    };
    r->parts[index] = part;
    return &part->part_sink;
}

static void part_done(void *context, size_t index)
{
    run *part = ((run *)context)->parts[index];
    finish_document(part);
    fl_document_stream_close(part->stream);
}

static fl_table_replayed replay_part(void *context, size_t index, fl_table_replay *replay)
{
    run *r = context;
    run *part = r->parts[index];
    fl_streamed_document streamed;
    fl_streamed_key key;
    bool failed = false;
    for (;;) {
        fl_stream_item item = fl_document_stream_next(part->stream, r->table, r->document,
                                                      &streamed, &key, &failed);
        if (item == FL_STREAM_END)
            break;
        if (item == FL_STREAM_DOCUMENT) {
            r->replaying = &streamed;
            fl_document *document = fl_table_replay_document(
                replay, streamed.path, streamed.named ? &streamed.where : NULL,
                streamed.absolute);
            r->replaying = NULL;
            if (!document)
                return FL_TABLE_REFUSED;
        } else if (item == FL_STREAM_KEY) {
            replay_key(r, &key);
        }
    }
    if (!failed)
        return FL_TABLE_REPLAYED;
    errno = fl_document_stream_error(part->stream);
    return FL_TABLE_REPLAY_FAILED;
}

static void end_part(void *context, size_t index, bool reported)
{
    run *r = context;
    run *part = r->parts[index];
    if (reported)
        fl_evaluator_merge(r->evaluator, part->evaluator);
    free_checking(part);
    free(part);
    r->parts[index] = NULL;
}

/* Bytes a part of a table has at least: FACTLINT_PART_BYTES, for tests and tuning,
 * or PART_BYTES. */
enum { PART_BYTES = 8 << 20 };

static uint64_t part_bytes(void)
{
    const char *given = getenv("FACTLINT_PART_BYTES");
    char *end;
    unsigned long long bytes = given ? strtoull(given, &end, 10) : 0;
    return given && *given && !*end && bytes ? (uint64_t)bytes : PART_BYTES;
}

/* Reads every input: names tables first, since their rows wait for the documents
 * they name, then figures tables, then articles no table named. 0, or 2 when an
 * input cannot be read. */
static int read_inputs(run *r)
{
    fl_table_parts parts = {
        .context = r,
        .most = (size_t)threads(r->options),
        .least_bytes = part_bytes(),
        .begin = begin_part,
        .done = part_done,
        .replay = replay_part,
        .end = end_part,
    };
    r->parts = fl_xcalloc(parts.most, sizeof *r->parts);
    fl_table_sink sink = {
        .context = r,
        .document = switch_document,
        .figure_added = count_figure,
        .key_cells = r->keys_checked,
        .tolerance = r->rules->tolerance,
        .read_ahead = threads(r->options) > 1,
    };
    int status = 0;
    bool *figures_table = fl_xcalloc(r->inputs.count + 1, sizeof *figures_table);
    for (size_t i = 0; i < r->inputs.count && status == 0; i++) {
        fl_input *input = &r->inputs.items[i];
        fl_table_kind kind;
        if (input->kind != FL_INPUT_TABLE || is_baseline_file(r, input->path))
            continue;
        if (!fl_table_kind_of(input->path, input->source, &kind)) {
            fl_error("cannot read %s: %s", input->path, strerror(errno));
            status = 2;
        } else if (kind == FL_TABLE_NAMES) {
            if (!read_names_table(r, input))
                status = 2;
        } else {
            figures_table[i] = true;
        }
    }
    /* Names-table rows wait in the report's run for their documents: a table whose
     * documents may have some is read by that run alone. */
    if (threads(r->options) > 1 && !fl_names_checker_pending(r->names))
        sink.parts = &parts;
    for (size_t i = 0; i < r->inputs.count && status == 0; i++) {
        fl_input *input = &r->inputs.items[i];
        if (!figures_table[i])
            continue;
        r->table = input->path;
        if (!fl_table_read_figures(input->path, input->source, &sink)) {
            fl_error("cannot read %s: %s", input->path, strerror(errno));
            status = 2;
        }
        report_unread_keys(r);
        finish_document(r);
        r->table = NULL;
    }
    free(figures_table);
    const char *pending;
    while (status == 0 && (pending = fl_names_checker_pending(r->names)) != NULL) {
        switch_document(r, pending, NULL, false);
        finish_document(r);
    }
    if (status == 0)
        check_articles(r);
    return status;
}

int fl_check_command(const fl_options *options)
{
    run r = {.options = options, .paths = FL_SOURCE_PATHS_INIT};
    r.rules = fl_rules_discover(options, options->path_count ? options->paths[0] : ".",
                                color_for(options->color, 2));
    if (!r.rules)
        return 2;
    fl_output output;
    fl_buffer output_error = FL_BUFFER_INIT;
    bool opened = gather_inputs(&r) && (!options->baseline || read_baseline(&r));
    if (opened && !fl_output_open(&output, options->output, &output_error)) {
        fl_error("%s", fl_buffer_cstr(&output_error));
        opened = false;
    }
    /* --write-baseline is written like -o: never half, never over a device. */
    if (opened && options->write_baseline) {
        r.writes_baseline = fl_output_open(&r.baseline_out, options->write_baseline,
                                           &output_error);
        if (!r.writes_baseline) {
            fl_error("%s", fl_buffer_cstr(&output_error));
            fl_output_discard(&output);
            opened = false;
        }
    }
    if (!opened) {
        fl_buffer_free(&output_error);
        free_run(&r);
        return 2;
    }
    if (r.writes_baseline)
        fl_baseline_write_header(r.baseline_out.file);
    fl_report_options report = {
        .out = output.file,
        .color = color_for(options->color, output.file == stdout ? 1 : -1),
        .quiet = options->quiet,
        .rules = r.rules,
        .baseline = r.has_baseline ? &r.baseline : NULL,
    };
    fl_report_writer_init(&r.writer, options->format, &report);
    r.output = &output;
    r.summary.rules = fl_ruleset_enabled_count(r.rules);
    r.evaluator = fl_evaluator_new(r.rules, options->verbose);
    r.names = fl_names_checker_new(r.rules);
    r.names_enabled = fl_ruleset_enabled(r.rules, "names/near-miss") ||
                      fl_ruleset_enabled(r.rules, "names/variant") ||
                      fl_ruleset_enabled(r.rules, "names/case");
    r.reports_articles = fl_ruleset_enabled(r.rules, "input/doc");
    r.keys_checked = fl_ruleset_enabled(r.rules, "figure/unused") ||
                     fl_ruleset_enabled(r.rules, "rule/unused");
    r.articles = fl_articles_new(&r.inputs);
    r.key_usage = fl_key_usage_new(r.rules);
    r.document = fl_document_new();
    r.writer.begin(&r.writer);

    /* Under --shard, what is about the whole run rather than a document is said by
     * the first shard (skipped inputs) or by none (rules that applied to no document
     * and stale baseline entries: no one shard can tell). */
    bool whole_run = options->shard_count == 0;
    if (whole_run || options->shard_index == 1)
        report_skipped(&r);
    find_baseline_files(&r);
    int status = read_inputs(&r);
    if (status == 0 && whole_run)
        report_unused_rules(&r);
    if (status == 0 && r.has_baseline && whole_run)
        report_stale_entries(&r);
    r.writer.end(&r.writer, &r.summary);
    if (status == 2) {
        fl_output_discard(&output);
    } else if (!fl_output_close(&output, &output_error)) {
        fl_error("%s", fl_buffer_cstr(&output_error));
        status = 2;
    }
    if (r.writes_baseline && status == 2) {
        fl_output_discard(&r.baseline_out);
    } else if (r.writes_baseline) {
        fl_baseline_write_carried(r.baseline_out.file, r.has_baseline ? &r.baseline : NULL);
        if (!fl_output_close(&r.baseline_out, &output_error)) {
            fl_error("%s", fl_buffer_cstr(&output_error));
            status = 2;
        }
    }
    fl_buffer_free(&output_error);
    if (status == 0) {
        bool failing = (r.summary.errors && reaches(FL_SEVERITY_ERROR, options->fail_on)) ||
                       (r.summary.warnings && reaches(FL_SEVERITY_WARNING, options->fail_on)) ||
                       (r.summary.notes && reaches(FL_SEVERITY_NOTE, options->fail_on));
        status = failing ? 1 : 0;
    }
    free_run(&r);
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

/* Text from rule files, for a terminal: what it would act on is shown escaped. The
 * result lives in `buffer`. */
static const char *shown(fl_buffer *buffer, const char *text)
{
    fl_buffer_clear(buffer);
    fl_utf8_escape_controls(text, strlen(text), buffer);
    return fl_buffer_cstr(buffer);
}

static void explain_rule(const fl_ruleset *rules, const fl_rule *rule)
{
    fl_buffer id = FL_BUFFER_INIT, description = FL_BUFFER_INIT;
    fl_buffer text = FL_BUFFER_INIT;
    fl_ruleset_position(rules, rule->file, rule->offset, &text);
    printf("%s (%s), defined at %s\n", shown(&id, rule->id), fl_severity_name(rule->severity),
           fl_buffer_cstr(&text));
    if (rule->description)
        printf("\n%s\n", shown(&description, rule->description));
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
    printf("\nThe rules language: docs/rules.md.\n");
    fl_buffer_free(&text);
    fl_buffer_free(&id);
    fl_buffer_free(&description);
}

static void explain_names(const fl_ruleset *rules, const fl_names_block *block)
{
    fl_buffer where = FL_BUFFER_INIT, text = FL_BUFFER_INIT;
    fl_ruleset_position(rules, block->file, block->offset, &where);
    printf("%s (names, %s), defined at ", shown(&text, block->id),
           fl_severity_name(block->severity));
    printf("%s\n\n", shown(&text, fl_buffer_cstr(&where)));
    if (block->description)
        printf("%s\n\n", shown(&text, block->description));
    printf("%zu listed %s; max-distance ", block->name_count,
           block->name_count == 1 ? "name" : "names");
    if (block->max_distance < 0)
        printf("auto (0 below 4 characters, 1 for 4-7, 2 from 8)\n");
    else
        printf("%d\n", block->max_distance);
    printf("Findings: names/near-miss, names/variant, names/case.\n");
    printf("\nNames blocks: docs/rules.md; the names rules: docs/builtin-rules.md.\n");
    fl_buffer_free(&where);
    fl_buffer_free(&text);
}

static void list_rule(size_t width, const char *raw_id, fl_severity severity,
                      const char *raw_description)
{
    fl_buffer id_text = FL_BUFFER_INIT, description_text = FL_BUFFER_INIT;
    const char *id = shown(&id_text, raw_id);
    const char *description = raw_description ? shown(&description_text, raw_description)
                                              : NULL;
    if (description && *description)
        printf("%-*s  %-7s  %s\n", (int)width, id, fl_severity_name(severity), description);
    else
        printf("%-*s  %s\n", (int)width, id, fl_severity_name(severity));
    fl_buffer_free(&id_text);
    fl_buffer_free(&description_text);
}

int fl_rules_command(const fl_options *options)
{
    fl_ruleset *rules = fl_rules_discover(options, ".", color_for(options->color, 2));
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
            printf("\nMore, with an example: docs/builtin-rules.md, under %s.\n", builtin->id);
        }
        else if (rule)
            explain_rule(rules, rule);
        else if (block)
            explain_names(rules, block);
        else {
            fl_error("no rule '%s' (factlint rules lists them)", options->explain);
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
