#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

static const char *const config_names[] = {"factlint.toml", ".factlint"};

static bool exists(const char *path, bool folder)
{
    struct stat info;
    return stat(path, &info) == 0 && (folder ? S_ISDIR(info.st_mode) : S_ISREG(info.st_mode));
}

bool fl_config_find(const char *start, fl_buffer *path)
{
    fl_buffer folder = FL_BUFFER_INIT;
    fl_buffer_append_string(&folder, start);
    if (!exists(start, true)) {
        char *slash = strrchr(folder.data, '/');
        folder.length = slash ? (size_t)(slash - folder.data) : 0;
        if (folder.length == 0 && slash)
            folder.length = 1;
        folder.data[folder.length] = '\0';
        if (folder.length == 0)
            fl_buffer_append_char(&folder, '.');
    }
    bool found = false;
    for (int depth = 0; depth < 64 && !found; depth++) {
        for (size_t i = 0; i < sizeof config_names / sizeof *config_names && !found; i++) {
            fl_buffer_clear(path);
            fl_buffer_printf(path, "%s/%s", fl_buffer_cstr(&folder), config_names[i]);
            found = exists(fl_buffer_cstr(path), false);
        }
        fl_buffer_clear(path);
        fl_buffer_printf(path, "%s/.git", fl_buffer_cstr(&folder));
        if (found || exists(fl_buffer_cstr(path), true) || exists(fl_buffer_cstr(path), false))
            break;
        /* One folder up: "a/b" to "a", "a" to "a/..", "/" stays. */
        char *real = realpath(fl_buffer_cstr(&folder), NULL);
        bool top = !real || strcmp(real, "/") == 0;
        free(real);
        if (top)
            break;
        fl_buffer_append_string(&folder, "/..");
    }
    if (found) {
        fl_buffer_clear(path);
        for (size_t i = 0; i < sizeof config_names / sizeof *config_names; i++) {
            fl_buffer_clear(path);
            fl_buffer_printf(path, "%s/%s", fl_buffer_cstr(&folder), config_names[i]);
            if (exists(fl_buffer_cstr(path), false))
                break;
        }
    }
    fl_buffer_free(&folder);
    return found;
}

/* ---- reading ---- */

typedef struct reader {
    fl_config *config;
    const char *text;
    size_t length, pos;
    fl_diagnostics *diagnostics;
    size_t errors;
    const char *folder; /* of the config, with a final slash, or "" */
} reader;

static void error_at(reader *r, size_t offset, size_t length, const char *message)
{
    fl_diagnostics_add(r->diagnostics, r->config->path, r->text, r->length, offset, length, "%s",
                       message);
    r->errors++;
}

static void skip_blanks(reader *r)
{
    while (r->pos < r->length && (r->text[r->pos] == ' ' || r->text[r->pos] == '\t'))
        r->pos++;
}

/* Blanks, line breaks and comments, as arrays allow between their items. */
static void skip_space(reader *r)
{
    for (;;) {
        skip_blanks(r);
        if (r->pos < r->length && r->text[r->pos] == '#')
            while (r->pos < r->length && r->text[r->pos] != '\n')
                r->pos++;
        if (r->pos < r->length && (r->text[r->pos] == '\n' || r->text[r->pos] == '\r'))
            r->pos++;
        else
            return;
    }
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* key -> [A-Za-z0-9_-]+ ; its span. */
static bool key(reader *r, size_t *start, size_t *length)
{
    *start = r->pos;
    while (r->pos < r->length && is_key_char(r->text[r->pos]))
        r->pos++;
    *length = r->pos - *start;
    if (*length == 0) {
        error_at(r, r->pos, 1, "expected a setting name such as rules");
        return false;
    }
    return true;
}

/* string -> '"' { char | '\' escape } '"' | "'" { char } "'" ; into the arena. */
static const char *string(reader *r)
{
    char quote = r->pos < r->length ? r->text[r->pos] : '\0';
    if (quote != '"' && quote != '\'') {
        error_at(r, r->pos, 1, "expected a string in double quotes");
        return NULL;
    }
    size_t open = r->pos++;
    fl_buffer value = FL_BUFFER_INIT;
    while (r->pos < r->length && r->text[r->pos] != quote && r->text[r->pos] != '\n') {
        char c = r->text[r->pos++];
        if (c == '\\' && quote == '"' && r->pos < r->length) {
            char escaped = r->text[r->pos++];
            c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
            if (escaped != 'n' && escaped != 't' && escaped != '"' && escaped != '\\') {
                error_at(r, r->pos - 2, 2, "unknown escape (strings know \\\", \\\\, \\n, \\t)");
                fl_buffer_free(&value);
                return NULL;
            }
        }
        fl_buffer_append_char(&value, c);
    }
    if (r->pos >= r->length || r->text[r->pos] != quote) {
        error_at(r, open, r->pos - open, "unterminated string (strings end on their line)");
        fl_buffer_free(&value);
        return NULL;
    }
    r->pos++;
    const char *copy = fl_arena_strdup(&r->config->arena, fl_buffer_cstr(&value));
    fl_buffer_free(&value);
    return copy;
}

/* A path in the config, relative to the config's folder. */
static const char *joined(reader *r, const char *path)
{
    if (path[0] == '/')
        return path;
    return fl_arena_printf(&r->config->arena, "%s%s", r->folder, path);
}

/* array -> '[' [ string { ',' string } [ ',' ] ] ']' , or one string alone. */
static bool strings(reader *r, const char ***items, size_t *count, bool paths)
{
    size_t capacity = 0;
    const char **list = NULL;
    *count = 0;
    bool ok = true;
    if (r->pos < r->length && r->text[r->pos] != '[') {
        const char *one = string(r);
        ok = one != NULL;
        if (ok) {
            list = fl_xgrow(list, &capacity, 1, sizeof *list);
            list[(*count)++] = paths ? joined(r, one) : one;
        }
    } else {
        r->pos++;
        for (;;) {
            skip_space(r);
            if (r->pos < r->length && r->text[r->pos] == ']') {
                r->pos++;
                break;
            }
            const char *item = string(r);
            if (!item) {
                ok = false;
                break;
            }
            list = fl_xgrow(list, &capacity, *count + 1, sizeof *list);
            list[(*count)++] = paths ? joined(r, item) : item;
            skip_space(r);
            if (r->pos < r->length && r->text[r->pos] == ',') {
                r->pos++;
                continue;
            }
            if (r->pos < r->length && r->text[r->pos] == ']') {
                r->pos++;
                break;
            }
            error_at(r, r->pos, 1, "expected ',' or ']' in the list");
            ok = false;
            break;
        }
    }
    *items = fl_arena_alloc(&r->config->arena, (*count + 1) * sizeof **items);
    if (*count)
        memcpy(*items, list, *count * sizeof *list);
    free(list);
    return ok;
}

static bool boolean(reader *r, bool *value)
{
    if (r->length - r->pos >= 4 && memcmp(r->text + r->pos, "true", 4) == 0) {
        *value = true;
        r->pos += 4;
        return true;
    }
    if (r->length - r->pos >= 5 && memcmp(r->text + r->pos, "false", 5) == 0) {
        *value = false;
        r->pos += 5;
        return true;
    }
    error_at(r, r->pos, 1, "expected true or false");
    return false;
}

static bool named(const reader *r, size_t start, size_t length, const char *name)
{
    return strlen(name) == length && memcmp(r->text + start, name, length) == 0;
}

/* The rest of a line after a setting: blanks and a comment only. */
static void end_of_line(reader *r)
{
    skip_blanks(r);
    if (r->pos < r->length && r->text[r->pos] == '#')
        while (r->pos < r->length && r->text[r->pos] != '\n')
            r->pos++;
    if (r->pos < r->length && r->text[r->pos] != '\n' && r->text[r->pos] != '\r')
        error_at(r, r->pos, 1, "unexpected text after the setting");
    while (r->pos < r->length && r->text[r->pos] != '\n')
        r->pos++;
}

static void setting(reader *r, bool in_rulesets, size_t *ruleset_capacity)
{
    size_t start, length;
    if (!key(r, &start, &length))
        return;
    skip_blanks(r);
    if (r->pos >= r->length || r->text[r->pos] != '=') {
        error_at(r, r->pos, 1, "expected '=' after the setting name");
        return;
    }
    r->pos++;
    skip_blanks(r);
    fl_config *config = r->config;
    if (in_rulesets) {
        const char *path = string(r);
        if (!path)
            return;
        config->rulesets = fl_xgrow(config->rulesets, ruleset_capacity,
                                    config->ruleset_count + 1, sizeof *config->rulesets);
        config->rulesets[config->ruleset_count++] = (fl_named_ruleset){
            fl_arena_strndup(&config->arena, r->text + start, length), joined(r, path)};
    } else if (named(r, start, length, "rules")) {
        if (!strings(r, &config->rules, &config->rule_count, true))
            return;
    } else if (named(r, start, length, "disable")) {
        if (!strings(r, &config->disable, &config->disable_count, false))
            return;
    } else if (named(r, start, length, "shipped-rules")) {
        if (!boolean(r, &config->shipped_rules))
            return;
    } else {
        error_at(r, start, length,
                 "unknown setting (expected rules, shipped-rules, disable, or [rulesets])");
        return;
    }
    end_of_line(r);
}

bool fl_config_load(const char *path, fl_config *config, fl_diagnostics *diagnostics)
{
    *config = (fl_config){.shipped_rules = true};
    config->path = fl_arena_strdup(&config->arena, path);
    fl_buffer text = FL_BUFFER_INIT;
    if (!fl_file_read(path, &text)) {
        fl_diagnostics_add_plain(diagnostics, config->path, "cannot read the config: %s",
                                 strerror(errno));
        fl_buffer_free(&text);
        return false;
    }
    config->text = fl_xstrndup(fl_buffer_cstr(&text), text.length);
    const char *slash = strrchr(path, '/');
    reader r = {config, config->text, text.length, 0, diagnostics, 0, ""};
    r.folder = slash ? fl_arena_strndup(&config->arena, path, (size_t)(slash - path) + 1) : "";
    fl_buffer_free(&text);
    size_t ruleset_capacity = 0;
    bool in_rulesets = false;
    while (r.pos < r.length) {
        size_t errors = r.errors;
        skip_space(&r);
        if (r.pos >= r.length)
            break;
        if (r.text[r.pos] == '[') {
            size_t open = r.pos++;
            skip_blanks(&r);
            size_t start, length;
            if (!key(&r, &start, &length)) {
                end_of_line(&r);
                continue;
            }
            skip_blanks(&r);
            if (r.pos >= r.length || r.text[r.pos] != ']') {
                error_at(&r, r.pos, 1, "expected ']' to close the table name");
                end_of_line(&r);
                continue;
            }
            r.pos++;
            in_rulesets = named(&r, start, length, "rulesets");
            if (!in_rulesets)
                error_at(&r, open, r.pos - open, "unknown table (expected [rulesets])");
            end_of_line(&r);
            continue;
        }
        setting(&r, in_rulesets, &ruleset_capacity);
        /* After a problem, the next line is read afresh: one run reports them all. */
        if (r.errors > errors)
            while (r.pos < r.length && r.text[r.pos++] != '\n')
                continue;
    }
    return r.errors == 0;
}

void fl_config_free(fl_config *config)
{
    free(config->rulesets);
    free(config->text);
    fl_arena_free(&config->arena);
    *config = (fl_config){0};
}
