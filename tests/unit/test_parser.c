#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ast.h"
#include "diag.h"
#include "parser.h"
#include "ruleset.h"

#ifndef FACTLINT_TEST_DATA
#error "FACTLINT_TEST_DATA must name the folder that holds parser_cases.txt"
#endif

/* ---- temporary folders ---- */

static void make_temp_dir(char *path, size_t size)
{
    snprintf(path, size, "/tmp/factlint-parser-XXXXXX");
    if (!mkdtemp(path))
        fail_msg("cannot create a temporary folder");
}

/* Writes `text` to `dir`/`name`, creating the folders `name` holds. */
static void write_file(const char *dir, const char *name, const char *text, size_t length)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strchr(path + strlen(dir) + 1, '/');
    for (; slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(text, 1, length, file), length);
    assert_int_equal(fclose(file), 0);
}

static void remove_tree(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
            remove_tree(child);
        }
        closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- what a load gives, as text ---- */

/* Appends `text` with every "`prefix`/" removed: paths relative to the case folder. */
static void append_relative(fl_buffer *out, const char *text, const char *prefix)
{
    size_t prefix_length = strlen(prefix);
    while (*text) {
        if (strncmp(text, prefix, prefix_length) == 0 && text[prefix_length] == '/') {
            text += prefix_length + 1;
            continue;
        }
        fl_buffer_append_char(out, *text++);
    }
}

/* "LINE:COL: message" for the main file, "FILE:LINE:COL: message" for others. */
static void describe_diagnostics(const fl_diagnostics *diagnostics, const char *dir,
                                 const char *main_file, fl_buffer *out)
{
    for (size_t i = 0; i < diagnostics->count; i++) {
        const fl_diagnostic *d = &diagnostics->items[i];
        if (!d->file || strcmp(d->file, main_file) != 0) {
            append_relative(out, d->file ? d->file : "(no file)", dir);
            fl_buffer_append_char(out, ':');
        }
        if (d->line)
            fl_buffer_printf(out, "%u:%u: ", (unsigned)d->line, (unsigned)d->column);
        append_relative(out, d->message, dir);
        fl_buffer_append_char(out, '\n');
    }
}

/* Text as rule syntax writes it: quotes, backslashes, line breaks and tabs escaped,
 * and braces doubled when the text is part of a message. */
static void append_quoted(fl_buffer *out, const char *text, bool message)
{
    for (; *text; text++) {
        if (*text == '"' || *text == '\\')
            fl_buffer_append_char(out, '\\');
        if (message && (*text == '{' || *text == '}'))
            fl_buffer_append_char(out, *text);
        if (*text == '\n')
            fl_buffer_append_string(out, "\\n");
        else if (*text == '\t')
            fl_buffer_append_string(out, "\\t");
        else
            fl_buffer_append_char(out, *text);
    }
}

static void describe_rule(const fl_rule *rule, fl_buffer *out)
{
    fl_buffer_printf(out, "rule %s %s\n", rule->id, fl_severity_name(rule->severity));
    if (rule->description) {
        fl_buffer_append_string(out, "  description \"");
        append_quoted(out, rule->description, false);
        fl_buffer_append_string(out, "\"\n");
    }
    if (rule->capture_count) {
        fl_buffer_append_string(out, "  captures");
        for (size_t i = 0; i < rule->capture_count; i++)
            fl_buffer_printf(out, " $%s", rule->captures[i]);
        fl_buffer_append_char(out, '\n');
    }
    for (size_t i = 0; i < rule->check_count; i++) {
        const fl_check *check = &rule->checks[i];
        fl_buffer_append_string(out, "  check ");
        fl_expr_format(check->expr, rule, NULL, out);
        if (!fl_value_is_zero(check->tolerance.amount) || check->tolerance.percent) {
            fl_buffer_append_string(out, " within ");
            fl_value_format_plain(check->tolerance.amount, out);
            if (check->tolerance.percent)
                fl_buffer_append_char(out, '%');
        }
        fl_buffer_append_char(out, '\n');
    }
    if (rule->when) {
        fl_buffer_append_string(out, "  when ");
        fl_expr_format(rule->when, rule, NULL, out);
        fl_buffer_append_char(out, '\n');
    }
    if (rule->message) {
        fl_buffer_append_string(out, "  message \"");
        for (size_t i = 0; i < rule->message_count; i++) {
            const fl_message_part *part = &rule->message[i];
            if (part->text) {
                append_quoted(out, part->text, true);
            } else {
                fl_buffer_append_char(out, '{');
                fl_expr_format(part->hole, rule, NULL, out);
                fl_buffer_append_char(out, '}');
            }
        }
        fl_buffer_append_string(out, "\"\n");
    }
}

static void describe_names(const fl_ruleset *rules, const fl_names_block *block,
                           const char *dir, fl_buffer *out)
{
    fl_buffer_printf(out, "names %s %s max-distance ", block->id,
                     fl_severity_name(block->severity));
    if (block->max_distance < 0)
        fl_buffer_append_string(out, "auto\n");
    else
        fl_buffer_printf(out, "%d\n", block->max_distance);
    for (size_t i = 0; i < block->name_count; i++) {
        const fl_listed_name *listed = &block->names[i];
        fl_buffer_append_string(out, "  name \"");
        append_quoted(out, listed->name, false);
        fl_buffer_append_char(out, '"');
        if (listed->alias) {
            fl_buffer_append_string(out, " alias \"");
            append_quoted(out, listed->alias, false);
            fl_buffer_append_char(out, '"');
        }
        /* A name from a list file remembers the file and line it came from. */
        if (!fl_ruleset_file(rules, listed->file)) {
            fl_buffer_append_string(out, " (");
            append_relative(out, listed->file, dir);
            fl_buffer_printf(out, ":%zu)", listed->offset);
        }
        fl_buffer_append_char(out, '\n');
    }
}

static void describe_ruleset(const fl_ruleset *rules, const char *dir, fl_buffer *out)
{
    fl_buffer_append_string(out, "ok\n");
    for (size_t i = 0; i < rules->rule_count; i++)
        describe_rule(rules->rules[i], out);
    for (size_t i = 0; i < rules->names_count; i++)
        describe_names(rules, rules->names[i], dir, out);
    if (rules->tolerance_file) {
        fl_buffer_append_string(out, "settings approx-tolerance ");
        fl_value_format_plain(rules->tolerance, out);
        fl_buffer_append_char(out, '\n');
    }
}

/* ---- the cases file ---- */

typedef struct case_file {
    char name[128];
    fl_buffer text;
} case_file;

typedef struct parser_case {
    char title[256];
    unsigned line; /* of the title in the cases file */
    case_file files[8];
    size_t file_count;
    fl_buffer expected;
} parser_case;

static void case_reset(parser_case *c)
{
    for (size_t i = 0; i < c->file_count; i++)
        fl_buffer_free(&c->files[i].text);
    fl_buffer_free(&c->expected);
    memset(c, 0, sizeof *c);
}

/* Loads the case's .rules files into one rule set and compares the outcome. */
static bool run_case(const parser_case *c)
{
    char dir[64];
    make_temp_dir(dir, sizeof dir);
    for (size_t i = 0; i < c->file_count; i++)
        write_file(dir, c->files[i].name, fl_buffer_cstr(&c->files[i].text),
                   c->files[i].text.length);
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    char main_file[256];
    snprintf(main_file, sizeof main_file, "%s/%s", dir, c->files[0].name);
    for (size_t i = 0; i < c->file_count; i++) {
        size_t length = strlen(c->files[i].name);
        if (length > 6 && strcmp(c->files[i].name + length - 6, ".rules") == 0) {
            char path[256];
            snprintf(path, sizeof path, "%s/%s", dir, c->files[i].name);
            fl_ruleset_load(rules, path, NULL, false, &diagnostics);
        }
    }
    fl_buffer got = FL_BUFFER_INIT;
    if (diagnostics.count)
        describe_diagnostics(&diagnostics, dir, main_file, &got);
    else
        describe_ruleset(rules, dir, &got);
    bool same = strcmp(fl_buffer_cstr(&got), fl_buffer_cstr(&c->expected)) == 0;
    if (!same)
        print_error("parser_cases.txt:%u: %s\n--- expected\n%s--- got\n%s\n", c->line, c->title,
                    fl_buffer_cstr(&c->expected), fl_buffer_cstr(&got));
    fl_buffer_free(&got);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    remove_tree(dir);
    return same;
}

static void test_cases_file(void **state)
{
    (void)state;
    const char *path = FACTLINT_TEST_DATA "/parser_cases.txt";
    FILE *file = fopen(path, "rb");
    if (!file)
        fail_msg("cannot read %s", path);
    enum { OUTSIDE, TEXT, EXPECTED } part = OUTSIDE;
    parser_case c = {0};
    size_t cases = 0, failures = 0;
    char line[4096];
    unsigned number = 0;
    for (;;) {
        bool more = fgets(line, sizeof line, file) != NULL;
        number++;
        bool title = more && strncmp(line, "### ", 4) == 0;
        if (!more || title) {
            if (part == EXPECTED) {
                cases++;
                failures += !run_case(&c);
            } else if (part == TEXT) {
                fail_msg("parser_cases.txt:%u: case \"%s\" has no --- line", c.line, c.title);
            }
            if (!more)
                break;
            case_reset(&c);
            snprintf(c.title, sizeof c.title, "%.*s", (int)strcspn(line + 4, "\n"), line + 4);
            c.line = number;
            snprintf(c.files[0].name, sizeof c.files[0].name, "main.rules");
            c.file_count = 1;
            part = TEXT;
            continue;
        }
        if (part == OUTSIDE)
            continue;
        if (part == TEXT && strcmp(line, "---\n") == 0) {
            part = EXPECTED;
        } else if (part == TEXT && strncmp(line, "=== ", 4) == 0) {
            assert_true(c.file_count < sizeof c.files / sizeof c.files[0]);
            case_file *extra = &c.files[c.file_count++];
            snprintf(extra->name, sizeof extra->name, "%.*s", (int)strcspn(line + 4, "\n"),
                     line + 4);
        } else if (part == TEXT) {
            fl_buffer_append_string(&c.files[c.file_count - 1].text, line);
        } else if (line[0] != '\n') {
            /* Blank lines in the expected result only separate cases. */
            fl_buffer_append_string(&c.expected, line);
        }
    }
    case_reset(&c);
    fclose(file);
    print_message("%zu parser cases, %zu failed\n", cases, failures);
    assert_true(cases >= 50);
    assert_int_equal(failures, 0);
}

/* ---- what the cases file cannot hold: generated and binary text ---- */

/* Parses `text` as main.rules; returns its diagnostics as text (valid until the next
 * call) and how many rules loaded. Nothing is left to free when an assertion fails. */
static const char *parse_text(const char *text, size_t length, size_t *rule_count)
{
    static char result[4096];
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_ruleset_load_text(rules, "main.rules", text, length, &diagnostics);
    fl_buffer out = FL_BUFFER_INIT;
    describe_diagnostics(&diagnostics, "", "main.rules", &out);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&out));
    if (rule_count)
        *rule_count = rules->rule_count;
    fl_buffer_free(&out);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    return result;
}

/* A rule whose check is `depth` times `open`, then "a", `depth` times `close` and
 * " > 0", followed by `after`; parsed, with its diagnostics returned. */
static const char *parse_nested(int depth, const char *open, const char *close,
                                const char *after, size_t *rule_count)
{
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_string(&text, "rule r {\n  check ");
    for (int i = 0; i < depth; i++)
        fl_buffer_append_string(&text, open);
    fl_buffer_append_char(&text, 'a');
    for (int i = 0; i < depth; i++)
        fl_buffer_append_string(&text, close);
    fl_buffer_printf(&text, " > 0\n}\n%s", after);
    const char *errors = parse_text(text.data, text.length, rule_count);
    fl_buffer_free(&text);
    return errors;
}

static void test_depth_guard_rejects_257_levels(void **state)
{
    (void)state;
    /* Reported once, at the parenthesis that goes too deep (column 9 + 256), and the
     * rule after it is still parsed. */
    const char *errors = parse_nested(FL_PARSER_MAX_DEPTH + 1, "(", ")",
                                      "rule next {\n  chek b > 0\n}\n", NULL);
    assert_string_equal(errors, "2:265: expression nested more than 256 levels deep\n"
                                "5:3: unknown field 'chek' (expected check, severity, "
                                "description, message or when)\n");
}

static void test_depth_guard_allows_256_levels(void **state)
{
    (void)state;
    /* 256 nested parentheses are nesting 256 deep, which the language allows: only
     * "nesting deeper than 256" is an error. */
    size_t rule_count = 0;
    const char *errors = parse_nested(FL_PARSER_MAX_DEPTH, "(", ")", "", &rule_count);
    assert_string_equal(errors, "");
    assert_int_equal(rule_count, 1);
    errors = parse_nested(FL_PARSER_MAX_DEPTH - 1, "(", ")", "", &rule_count);
    assert_string_equal(errors, "");
    assert_int_equal(rule_count, 1);
}

static void test_depth_guard_on_long_chains(void **state)
{
    (void)state;
    /* Thousands of levels: one error each, no stack overflow. */
    static const char *const chains[][2] = {{"not ", ""}, {"- ", ""}, {"(", ")"}};
    static const char message[] = ": expression nested more than 256 levels deep\n";
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
        const char *errors = parse_nested(5000, chains[i][0], chains[i][1], "", NULL);
        size_t length = strlen(errors);
        assert_true(length > sizeof message);
        assert_string_equal(errors + length - (sizeof message - 1), message);
        assert_ptr_equal(strchr(errors, '\n'), errors + length - 1);
    }
    /* In a message hole too: "  message \"{" puts the first '(' in column 13. */
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_string(&text, "rule r {\n  check a > 0\n  message \"{");
    for (int i = 0; i < 300; i++)
        fl_buffer_append_char(&text, '(');
    fl_buffer_append_string(&text, "a}\"\n}\n");
    const char *errors = parse_text(text.data, text.length, NULL);
    fl_buffer_free(&text);
    assert_string_equal(errors, "3:269: expression nested more than 256 levels deep\n");
}

static void test_rule_file_encoding(void **state)
{
    (void)state;
    static const char invalid[] = "rule r {\n  check \xFF > 0\n}\n";
    assert_string_equal(parse_text(invalid, sizeof invalid - 1, NULL),
                        "2:9: invalid UTF-8 at byte 17: rule files must be UTF-8\n");

    /* A byte-order mark is skipped: it is no character of the first line, so 'r'
     * stands in column 6 there, as an editor shows it. */
    static const char bom[] = "\xEF\xBB\xBFrule r {\n  check a > 0\n}\nrule r { check b > 0 }\n";
    assert_string_equal(parse_text(bom, sizeof bom - 1, NULL),
                        "4:6: duplicate rule id 'r' (first defined at main.rules:1:6)\n");
}

/* Loads `path` (a file or a folder) and returns its diagnostics as text, paths
 * relative to `dir` (valid until the next call), and how many files it read. */
static const char *load_path(const char *dir, const char *path, const char *main_file,
                             size_t *file_count)
{
    static char result[4096];
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_ruleset_load(rules, path, NULL, false, &diagnostics);
    fl_buffer got = FL_BUFFER_INIT;
    describe_diagnostics(&diagnostics, dir, main_file, &got);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&got));
    if (file_count)
        *file_count = rules->file_count;
    fl_buffer_free(&got);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    return result;
}

static void test_names_list_errors(void **state)
{
    (void)state;
    char dir[64], path[128];
    make_temp_dir(dir, sizeof dir);
    static const char list[] = "Licadho\nAmnesty \xC3 International\n";
    write_file(dir, "bad.txt", list, sizeof list - 1);
    static const char rules_text[] = "names orgs {\n  list \"bad.txt\"\n}\n";
    write_file(dir, "main.rules", rules_text, sizeof rules_text - 1);
    snprintf(path, sizeof path, "%s/main.rules", dir);
    const char *errors = load_path(dir, path, path, NULL);
    remove_tree(dir);
    assert_string_equal(errors, "2:8: the names list bad.txt is not valid UTF-8 (byte 16)\n");
}

static void test_folder_loads_in_name_order(void **state)
{
    (void)state;
    char dir[64], missing[128];
    make_temp_dir(dir, sizeof dir);
    /* Written in the other order: loading sorts, so a.rules defines r first. */
    write_file(dir, "b.rules", "rule r { check b > 0 }\n", 23);
    write_file(dir, "a.rules", "rule r { check a > 0 }\n", 23);
    write_file(dir, "notes.txt", "rule ignored {\n", 15);
    size_t file_count = 0;
    const char *errors = load_path(dir, dir, "", &file_count);
    snprintf(missing, sizeof missing, "%s/none.rules", dir);
    char folder_errors[256];
    snprintf(folder_errors, sizeof folder_errors, "%s", errors);
    const char *missing_errors = load_path(dir, missing, "", NULL);
    remove_tree(dir);
    assert_string_equal(folder_errors,
                        "b.rules:1:6: duplicate rule id 'r' (first defined at a.rules:1:6)\n");
    assert_int_equal(file_count, 2);
    /* A path that does not exist is a diagnostic without a position. */
    assert_string_equal(missing_errors,
                        "none.rules:cannot read rules: No such file or directory\n");
}

static void test_diagnostics_are_written_compiler_style(void **state)
{
    (void)state;
    static const char text[] = "rule r {\n  chek a > b\n}\n";
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_ruleset_load_text(rules, "rules/main.rules", text, sizeof text - 1, &diagnostics);
    char *written = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&written, &size);
    assert_non_null(out);
    fl_diagnostics_write(&diagnostics, out, false);
    fclose(out);
    char copy[512];
    snprintf(copy, sizeof copy, "%s", written);
    free(written);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    assert_string_equal(copy, "rules/main.rules:2:3: error: unknown field 'chek' (expected "
                              "check, severity, description, message or when)\n"
                              "    2 |   chek a > b\n"
                              "      |   ^~~~\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_file),
        cmocka_unit_test(test_depth_guard_rejects_257_levels),
        cmocka_unit_test(test_depth_guard_allows_256_levels),
        cmocka_unit_test(test_depth_guard_on_long_chains),
        cmocka_unit_test(test_rule_file_encoding),
        cmocka_unit_test(test_names_list_errors),
        cmocka_unit_test(test_folder_loads_in_name_order),
        cmocka_unit_test(test_diagnostics_are_written_compiler_style),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
