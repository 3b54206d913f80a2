/* factlint's command line: options in, exit status out. */
#if defined(__linux__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "factlint.h"

static const char usage[] =
    "usage: factlint check [OPTIONS] PATH...\n"
    "       factlint rules [-r PATH]... [--explain RULE]\n"
    "       factlint --version | --help\n";

static const char help[] =
    "\n"
    "Checks the figures extracted from articles against rules and reports what does\n"
    "not add up. PATH is a table (*.csv), an article (*.txt, *.md) or a folder of them.\n"
    "\n"
    "options:\n"
    "  -r, --rules PATH       rule file or folder (repeatable); default ./rules, else\n"
    "                         the rules installed with factlint\n"
    "  -f, --format FMT       text, json, sarif (code scanning), github (workflow\n"
    "                         annotations), junit or html (a page for editors to\n"
    "                         review findings); default text\n"
    "  -o, --output FILE      write the report to FILE (replaced atomically)\n"
    "      --baseline FILE    suppress the reviewed findings FILE lists (a CSV:\n"
    "                         fingerprint,rule,doc,status,reviewer,comment)\n"
    "      --write-baseline FILE  list every current finding in FILE as reviewed\n"
    "      --shard K/N        check only the documents of shard K of N (1 to N), for\n"
    "                         runs split over machines; see docs/scaling.md\n"
    "  -j, --jobs N           threads to use (default: one per processor): a large\n"
    "                         figures table is checked in parts at once, a smaller\n"
    "                         one and articles are read on a thread of their own\n"
    "      --fail-on LEVEL    exit 1 on a finding at or above LEVEL: error, warning,\n"
    "                         note or none (default warning)\n"
    "      --enable ID,...    run only these rules (globs allowed: names/*)\n"
    "      --disable ID,...   skip these rules\n"
    "      --color WHEN       auto, always or never (default auto; honours NO_COLOR)\n"
    "  -v, --verbose          also report checks that could not be applied, as notes\n"
    "  -q, --quiet            no summary line\n"
    "      --explain RULE     (rules) explain one rule\n"
    "\n"
    "exit status: 0 no finding at or above --fail-on, 1 at least one, 2 usage error,\n"
    "unreadable input, a rule file that does not parse or a malformed baseline.\n"
    "See factlint(1) and docs/ci.md for CI set-ups.\n";

/* A whole number from 1 to 1024. */
static bool jobs_from_text(const char *text, unsigned *jobs)
{
    unsigned value = 0;
    const char *p = text;
    while (*p >= '0' && *p <= '9' && p - text < 5)
        value = value * 10 + (unsigned)(*p++ - '0');
    if (p == text || *p != '\0' || value < 1 || value > 1024)
        return false;
    *jobs = value;
    return true;
}

/* "K/N" with 1 <= K <= N, each a whole number of at most six digits. */
static bool shard_from_text(const char *text, unsigned *index, unsigned *count)
{
    unsigned parts[2] = {0, 0};
    const char *p = text;
    for (int part = 0; part < 2; part++) {
        const char *start = p;
        while (*p >= '0' && *p <= '9' && p - start < 7)
            parts[part] = parts[part] * 10 + (unsigned)(*p++ - '0');
        if (p == start || p - start > 6 || *p != (part == 0 ? '/' : '\0'))
            return false;
        p++;
    }
    if (parts[0] < 1 || parts[0] > parts[1])
        return false;
    *index = parts[0];
    *count = parts[1];
    return true;
}

static bool format_from_name(const char *name, fl_format *format)
{
    static const char *const names[] = {
        [FL_FORMAT_TEXT] = "text",   [FL_FORMAT_JSON] = "json",   [FL_FORMAT_SARIF] = "sarif",
        [FL_FORMAT_GITHUB] = "github", [FL_FORMAT_JUNIT] = "junit", [FL_FORMAT_HTML] = "html",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(name, names[i]) == 0) {
            *format = (fl_format)i;
            return true;
        }
    }
    return false;
}

typedef struct list {
    const char **items;
    size_t count;
} list;

static void push(list *l, const char *item)
{
    const char **grown = realloc(l->items, (l->count + 1) * sizeof *l->items);
    if (!grown) {
        fputs("factlint: out of memory\n", stderr);
        exit(2);
    }
    l->items = grown;
    l->items[l->count++] = item;
}

/* Splits "a,b" into the list; the pieces point into a copy that lives in `owned`. */
static void push_split(list *l, list *owned, const char *value)
{
    size_t length = strlen(value);
    char *copy = malloc(length + 1);
    if (!copy) {
        fputs("factlint: out of memory\n", stderr);
        exit(2);
    }
    memcpy(copy, value, length + 1);
    push(owned, copy);
    for (char *piece = strtok(copy, ","); piece; piece = strtok(NULL, ","))
        push(l, piece);
}

static int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *format, ...)
{
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    fl_error("%s", message);
    fputs(usage, stderr);
    return 2;
}

/* Matches `--name`, `--name=value` or, with `shortname`, `-x` / `-xvalue`; takes the
 * value from the next argument when it is not attached. */
static int option_value(int argc, char **argv, int *i, const char *name, const char *shortname,
                        const char **value)
{
    const char *arg = argv[*i];
    size_t length = strlen(name);
    const char *attached = NULL;
    if (strncmp(arg, name, length) == 0 && (arg[length] == '\0' || arg[length] == '='))
        attached = arg[length] == '=' ? arg + length + 1 : NULL;
    else if (shortname && strncmp(arg, shortname, 2) == 0)
        attached = arg[2] ? arg + 2 : NULL;
    else
        return 0;
    if (attached) {
        *value = attached;
        return 1;
    }
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* Documents are checked one after another, each allocating and freeing about what the
 * last one did. glibc gives freed memory back to the system once a little of it is
 * free at the top of the heap, and serves large blocks from fresh mappings: both make
 * the next document fault the same pages in again, which cost a tenth of the names
 * check on a folder of articles. */
static void keep_freed_memory(void)
{
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    /* A reader that goes away (factlint check ... | head) or a file size limit reached
     * is a write error to report and exit 2 on, not a signal that kills the run
     * without a word. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *command = argv[1];
    if (strcmp(command, "--version") == 0) {
        printf("factlint %s\n", fl_version());
        return 0;
    }
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        fputs(usage, stdout);
        fputs(help, stdout);
        return 0;
    }
    bool check = strcmp(command, "check") == 0;
    if (!check && strcmp(command, "rules") != 0)
        return usage_error("unknown command '%s'", command);

    fl_options options = {.format = FL_FORMAT_TEXT, .fail_on = FL_FAIL_ON_WARNING,
                          .color = FL_COLOR_AUTO};
    list rules = {0}, paths = {0}, enable = {0}, disable = {0}, owned = {0};
    int status = -1;
    bool options_done = false, format_given = false;
    for (int i = 2; i < argc && status < 0; i++) {
        const char *arg = argv[i], *value = NULL;
        int found;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            push(&paths, arg);
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage, stdout);
            fputs(help, stdout);
            status = 0;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            options.verbose = true;
        } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
            options.quiet = true;
        } else if ((found = option_value(argc, argv, &i, "--rules", "-r", &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--rules");
            else
                push(&rules, value);
        } else if ((found = option_value(argc, argv, &i, "--format", "-f", &value))) {
            format_given = true;
            if (found < 0)
                status = usage_error("%s needs a value", "--format");
            else if (!format_from_name(value, &options.format))
                status = usage_error("unknown format '%s' (expected text, json, sarif, "
                                     "github, junit or html)", value);
        } else if ((found = option_value(argc, argv, &i, "--output", "-o", &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--output");
            else
                options.output = value;
        } else if ((found = option_value(argc, argv, &i, "--fail-on", NULL, &value))) {
            static const char *const levels[] = {"note", "warning", "error", "none"};
            size_t level = 0;
            while (found > 0 && level < 4 && strcmp(value, levels[level]) != 0)
                level++;
            if (found < 0)
                status = usage_error("%s needs a value", "--fail-on");
            else if (level == 4)
                status = usage_error("unknown --fail-on level '%s' (expected error, warning, "
                                     "note or none)", value);
            else
                options.fail_on = (fl_fail_on)level;
        } else if ((found = option_value(argc, argv, &i, "--enable", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--enable");
            else
                push_split(&enable, &owned, value);
        } else if ((found = option_value(argc, argv, &i, "--disable", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--disable");
            else
                push_split(&disable, &owned, value);
        } else if ((found = option_value(argc, argv, &i, "--color", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--color");
            else if (strcmp(value, "auto") == 0)
                options.color = FL_COLOR_AUTO;
            else if (strcmp(value, "always") == 0)
                options.color = FL_COLOR_ALWAYS;
            else if (strcmp(value, "never") == 0)
                options.color = FL_COLOR_NEVER;
            else
                status = usage_error("unknown --color '%s' (expected auto, always or never)",
                                     value);
        } else if ((found = option_value(argc, argv, &i, "--explain", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--explain");
            else
                options.explain = value;
        } else if ((found = option_value(argc, argv, &i, "--baseline", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--baseline");
            else
                options.baseline = value;
        } else if ((found = option_value(argc, argv, &i, "--write-baseline", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--write-baseline");
            else
                options.write_baseline = value;
        } else if ((found = option_value(argc, argv, &i, "--shard", NULL, &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--shard");
            else if (!shard_from_text(value, &options.shard_index, &options.shard_count))
                status = usage_error("--shard needs K/N, two whole numbers with 1 <= K <= N, "
                                     "not '%s'", value);
        } else if ((found = option_value(argc, argv, &i, "--jobs", "-j", &value))) {
            if (found < 0)
                status = usage_error("%s needs a value", "--jobs");
            else if (!jobs_from_text(value, &options.jobs))
                status = usage_error("--jobs needs a whole number from 1 to 1024, not '%s'",
                                     value);
        } else {
            status = usage_error("unknown option '%s'", arg);
        }
    }
    if (status < 0) {
        options.rule_paths = rules.items;
        options.rule_path_count = rules.count;
        options.paths = paths.items;
        options.path_count = paths.count;
        options.enable = enable.items;
        options.enable_count = enable.count;
        options.disable = disable.items;
        options.disable_count = disable.count;
        if (check && paths.count == 0)
            status = usage_error("%s", "check needs at least one PATH");
        else if (check && options.explain)
            status = usage_error("%s", "--explain goes with 'factlint rules'");
        else if (!check && format_given)
            status = usage_error("%s", "--format goes with 'factlint check'");
        else if (!check && options.shard_count)
            status = usage_error("%s", "--shard goes with 'factlint check'");
        else if (!check && options.jobs)
            status = usage_error("%s", "--jobs goes with 'factlint check'");
        else if (!check && (options.baseline || options.write_baseline))
            status = usage_error("%s", "--baseline and --write-baseline go with 'factlint check'");
        else if (!check && paths.count)
            status = usage_error("unexpected argument '%s'", paths.items[0]);
        else
            status = check ? fl_check_command(&options) : fl_rules_command(&options);
    }
    for (size_t i = 0; i < owned.count; i++)
        free((void *)owned.items[i]);
    free(owned.items);
    free(rules.items);
    free(paths.items);
    free(enable.items);
    free(disable.items);
    return status;
}
