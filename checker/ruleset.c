#include "ruleset.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "builtin.h"
#include "files.h"
#include "parser.h"
#include "utf8.h"

fl_ruleset *fl_ruleset_new(void)
{
    fl_ruleset *rules = fl_xcalloc(1, sizeof *rules);
    rules->tolerance = fl_value_ratio(5, 100);
    rules->builtin_enabled = fl_xcalloc(fl_builtin_rule_count, sizeof *rules->builtin_enabled);
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        rules->builtin_enabled[i] = true;
    return rules;
}

void fl_ruleset_free(fl_ruleset *rules)
{
    if (!rules)
        return;
    free(rules->files);
    free(rules->rules);
    free(rules->names);
    free(rules->builtin_enabled);
    fl_strmap_free(&rules->rule_ids);
    fl_strmap_free(&rules->names_ids);
    fl_strmap_free(&rules->file_paths);
    fl_arena_free(&rules->arena);
    free(rules);
}

void fl_ruleset_load_text(fl_ruleset *rules, const char *path, const char *text, size_t length,
                          fl_diagnostics *diagnostics)
{
    const char *file = fl_arena_strdup(&rules->arena, path);
    /* Without its byte-order mark, so that columns on the first line are right. */
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        length -= 3;
    }
    char *copy = fl_arena_strndup(&rules->arena, text, length);
    rules->files = fl_xgrow(rules->files, &rules->file_capacity, rules->file_count + 1,
                            sizeof *rules->files);
    size_t lines = 1;
    for (size_t i = 0; i < length; i++)
        lines += copy[i] == '\n';
    size_t *starts = fl_arena_alloc(&rules->arena, lines * sizeof *starts);
    for (size_t i = 0, line = 1; i < length; i++)
        if (copy[i] == '\n')
            starts[line++] = i + 1;
    fl_strmap_put(&rules->file_paths, file, strlen(file), rules->file_count);
    rules->files[rules->file_count++] = (fl_rule_file){file, copy, length, starts, lines};
    size_t invalid = fl_utf8_invalid_offset(copy, length);
    if (invalid < length) {
        fl_diagnostics_add(diagnostics, file, copy, length, invalid, 1,
                           "invalid UTF-8 at byte %zu: rule files must be UTF-8", invalid);
        return;
    }
    fl_parse_rules(rules, file, copy, length, diagnostics);
}

static void load_file(fl_ruleset *rules, const char *path, fl_diagnostics *diagnostics)
{
    fl_buffer text = FL_BUFFER_INIT;
    if (fl_file_read(path, &text))
        fl_ruleset_load_text(rules, path, fl_buffer_cstr(&text), text.length, diagnostics);
    else
        fl_diagnostics_add_plain(diagnostics, path, "cannot read rule file: %s",
                                 strerror(errno));
    fl_buffer_free(&text);
}

static void load_folder(fl_ruleset *rules, const char *path, fl_diagnostics *diagnostics)
{
    size_t count;
    char **names = fl_folder_list(path, &count, NULL);
    if (!names) {
        fl_diagnostics_add_plain(diagnostics, path, "cannot read rules folder: %s",
                                 strerror(errno));
        return;
    }
    fl_buffer child = FL_BUFFER_INIT;
    for (size_t i = 0; i < count; i++) {
        fl_buffer_clear(&child);
        size_t length = strlen(path);
        fl_buffer_printf(&child, "%s%s%s", path, length && path[length - 1] == '/' ? "" : "/",
                         names[i]);
        struct stat info;
        /* lstat: links to folders are not followed, so a link cycle cannot loop. */
        if (lstat(fl_buffer_cstr(&child), &info) == 0) {
            if (S_ISDIR(info.st_mode))
                load_folder(rules, fl_buffer_cstr(&child), diagnostics);
            else if (fl_path_has_extension(names[i], ".rules"))
                load_file(rules, fl_buffer_cstr(&child), diagnostics);
        }
    }
    fl_folder_free(names, count);
    fl_buffer_free(&child);
}

void fl_ruleset_load(fl_ruleset *rules, const char *path, const char *namespace, bool shipped,
                     fl_diagnostics *diagnostics)
{
    struct stat info;
    if (stat(path, &info) != 0) {
        fl_diagnostics_add_plain(diagnostics, path, "cannot read rules: %s", strerror(errno));
        return;
    }
    rules->loading_namespace = namespace;
    rules->loading_shipped = shipped;
    if (S_ISDIR(info.st_mode))
        load_folder(rules, path, diagnostics);
    else
        load_file(rules, path, diagnostics);
    rules->loading_namespace = NULL;
    rules->loading_shipped = false;
}

fl_rule *fl_ruleset_find_rule(const fl_ruleset *rules, const char *id)
{
    size_t index;
    if (!fl_strmap_get(&rules->rule_ids, id, strlen(id), &index))
        return NULL;
    return rules->rules[index];
}

fl_names_block *fl_ruleset_find_names(const fl_ruleset *rules, const char *id)
{
    size_t index;
    if (!fl_strmap_get(&rules->names_ids, id, strlen(id), &index))
        return NULL;
    return rules->names[index];
}

const fl_rule_file *fl_ruleset_file(const fl_ruleset *rules, const char *path)
{
    size_t index;
    if (!fl_strmap_get(&rules->file_paths, path, strlen(path), &index))
        return NULL;
    return &rules->files[index];
}

void fl_ruleset_place(const fl_ruleset *rules, const char *file, size_t offset, uint32_t *line,
                      uint32_t *column, size_t *line_start)
{
    const fl_rule_file *source = fl_ruleset_file(rules, file);
    *line = 0;
    *column = 0;
    *line_start = 0;
    if (!source)
        return;
    if (offset > source->length)
        offset = source->length;
    size_t low = 0, high = source->line_count;
    while (high - low > 1) {
        size_t middle = (low + high) / 2;
        if (source->line_starts[middle] <= offset)
            low = middle;
        else
            high = middle;
    }
    *line = (uint32_t)low + 1;
    *line_start = source->line_starts[low];
    *column = (uint32_t)fl_utf8_count(source->text + *line_start, offset - *line_start) + 1;
}

void fl_ruleset_position(const fl_ruleset *rules, const char *file, size_t offset,
                         fl_buffer *out)
{
    uint32_t line, column;
    size_t start;
    fl_ruleset_place(rules, file, offset, &line, &column, &start);
    fl_buffer_printf(out, "%s:%u:%u", file, line ? (unsigned)line : 1u,
                     column ? (unsigned)column : 1u);
}

/* Every rule id, with the flag that enables it. */
typedef struct rule_switch {
    const char *id;
    bool *enabled;
} rule_switch;

static size_t rule_switches(fl_ruleset *rules, rule_switch **out)
{
    size_t count = fl_builtin_rule_count + rules->rule_count + rules->names_count, n = 0;
    rule_switch *switches = fl_xmalloc((count + 1) * sizeof *switches);
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        switches[n++] = (rule_switch){fl_builtin_rules[i].id, &rules->builtin_enabled[i]};
    for (size_t i = 0; i < rules->rule_count; i++)
        switches[n++] = (rule_switch){rules->rules[i]->id, &rules->rules[i]->enabled};
    for (size_t i = 0; i < rules->names_count; i++)
        switches[n++] = (rule_switch){rules->names[i]->id, &rules->names[i]->enabled};
    *out = switches;
    return n;
}

static bool apply_patterns(rule_switch *switches, size_t count, const char *const *patterns,
                           size_t pattern_count, bool value, const char *option,
                           fl_buffer *error)
{
    for (size_t p = 0; p < pattern_count; p++) {
        bool matched = false;
        for (size_t i = 0; i < count; i++) {
            if (fnmatch(patterns[p], switches[i].id, 0) == 0) {
                *switches[i].enabled = value;
                matched = true;
            }
        }
        if (!matched) {
            fl_buffer_printf(error, "%s: no rule matches '%s' (factlint rules lists them)",
                             option, patterns[p]);
            return false;
        }
    }
    return true;
}

bool fl_ruleset_select(fl_ruleset *rules, const char *const *enable, size_t enable_count,
                       const char *const *disable, size_t disable_count, fl_buffer *error)
{
    rule_switch *switches;
    size_t count = rule_switches(rules, &switches);
    if (enable_count)
        for (size_t i = 0; i < count; i++)
            *switches[i].enabled = false;
    bool ok = apply_patterns(switches, count, enable, enable_count, true, "--enable", error) &&
              apply_patterns(switches, count, disable, disable_count, false, "--disable", error);
    free(switches);
    return ok;
}

bool fl_ruleset_enabled(const fl_ruleset *rules, const char *id)
{
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        if (strcmp(fl_builtin_rules[i].id, id) == 0)
            return rules->builtin_enabled[i];
    const fl_rule *rule = fl_ruleset_find_rule(rules, id);
    if (rule)
        return rule->enabled;
    const fl_names_block *block = fl_ruleset_find_names(rules, id);
    return block ? block->enabled : true;
}

size_t fl_ruleset_enabled_count(const fl_ruleset *rules)
{
    size_t count = 0;
    for (size_t i = 0; i < rules->rule_count; i++)
        count += rules->rules[i]->enabled;
    /* A names block does nothing while every names rule is off. */
    bool names = fl_ruleset_enabled(rules, "names/near-miss") ||
                 fl_ruleset_enabled(rules, "names/variant") ||
                 fl_ruleset_enabled(rules, "names/case");
    for (size_t i = 0; names && i < rules->names_count; i++)
        count += rules->names[i]->enabled;
    return count;
}
