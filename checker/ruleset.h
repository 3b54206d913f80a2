/*
 * ruleset.h — the loaded rules: rule files parsed into rules, names blocks and
 * settings, plus which rules are enabled.
 *
 * The rule set owns everything it loads (the files' text, the syntax trees, the name
 * lists) in one arena, freed by fl_ruleset_free(). Loading never stops at the first
 * problem: every error in every file goes to the diagnostics, and the caller exits
 * with status 2 when there are any.
 */
#ifndef FL_RULESET_H
#define FL_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "memory.h"
#include "strmap.h"
#include "value.h"

typedef struct fl_rule_file {
    const char *path;
    const char *text;
    size_t length;
    size_t *line_starts; /* byte offset of each line, so that a place costs a search */
    size_t line_count;
} fl_rule_file;

typedef struct fl_ruleset {
    fl_arena arena;
    fl_rule_file *files;
    size_t file_count, file_capacity;
    fl_rule **rules;
    size_t rule_count, rule_capacity;
    fl_names_block **names;
    size_t names_count, names_capacity;
    /* Built-in rules by their index in fl_builtin_rules: enabled or not. */
    bool *builtin_enabled;
    /* approx-tolerance as a fraction; where it was set, if it was. */
    fl_value tolerance;
    const char *tolerance_file;
    size_t tolerance_offset;
    /* Rule and names-block ids to their index in `rules` and `names`; rule file paths
     * to their index in `files`. */
    fl_strmap rule_ids, names_ids, file_paths;
    /* How the files being loaded are taken: ids prefixed with "NAMESPACE/", and, for
     * the shipped rules, an id that is already taken skipped instead of an error, so
     * that a project's own rule replaces a shipped one of the same id. */
    const char *loading_namespace;
    bool loading_shipped;
} fl_ruleset;

fl_ruleset *fl_ruleset_new(void);
void fl_ruleset_free(fl_ruleset *rules);

/* Loads a .rules file, or every .rules file below a folder (in name order). With a
 * `namespace`, the ids of what it defines read NAMESPACE/ID; `shipped` marks the
 * rules installed with factlint (see loading_shipped). */
void fl_ruleset_load(fl_ruleset *rules, const char *path, const char *namespace, bool shipped,
                     fl_diagnostics *diagnostics);

/* Parses rule text as if read from `path` (the text is copied). */
void fl_ruleset_load_text(fl_ruleset *rules, const char *path, const char *text, size_t length,
                          fl_diagnostics *diagnostics);

/* A rule or names block by id, or NULL. */
fl_rule *fl_ruleset_find_rule(const fl_ruleset *rules, const char *id);
fl_names_block *fl_ruleset_find_names(const fl_ruleset *rules, const char *id);

/* The rule file at `path`, or NULL. */
const fl_rule_file *fl_ruleset_file(const fl_ruleset *rules, const char *path);

/* Applies --enable and --disable: with `enable` patterns only matching rules run,
 * then `disable` patterns switch rules off. Patterns are globs over rule ids (built-in
 * rules, rules and names blocks). A pattern that matches no rule is an error, written
 * to `error`, so that a typo does not silently change nothing. */
bool fl_ruleset_select(fl_ruleset *rules, const char *const *enable, size_t enable_count,
                       const char *const *disable, size_t disable_count, fl_buffer *error);

/* Whether findings of rule `id` are reported. */
bool fl_ruleset_enabled(const fl_ruleset *rules, const char *id);

/* Enabled rules and names blocks loaded from files (built-in rules not counted;
 * names blocks only while a names rule is enabled). */
size_t fl_ruleset_enabled_count(const fl_ruleset *rules);

/* The line and column (characters, 1-based) of byte `offset` of the loaded rule file
 * `file`, and the offset of that line's start; line 0 when the file is not loaded. */
void fl_ruleset_place(const fl_ruleset *rules, const char *file, size_t offset, uint32_t *line,
                      uint32_t *column, size_t *line_start);

/* "file:line:col" of a byte offset in a loaded rule file, into `out`. */
void fl_ruleset_position(const fl_ruleset *rules, const char *file, size_t offset,
                         fl_buffer *out);

#endif
