#include "rule_discovery.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"

static bool is_folder(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

bool fl_rules_installed(fl_buffer *path)
{
    /* share/factlint/rules beside the binary's bin/ folder, so that an installed tree
     * can move; else where it was configured to go. */
    char executable[4096];
    ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
    fl_buffer_clear(path);
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

/* Whether two paths name one folder. */
static bool same_folder(const char *a, const char *b)
{
    char real_a[PATH_MAX], real_b[PATH_MAX];
    return realpath(a, real_a) && realpath(b, real_b) && strcmp(real_a, real_b) == 0;
}

/* The project's rules, then the shipped ones. false when the config is broken. */
static bool load_discovered(fl_ruleset *rules, const char *start, fl_config *config,
                            bool *have_config, fl_diagnostics *diagnostics)
{
    fl_buffer path = FL_BUFFER_INIT;
    bool shipped = true;
    const char *local_folder = NULL;
    *have_config = fl_config_find(start, &path);
    if (*have_config) {
        if (!fl_config_load(fl_buffer_cstr(&path), config, diagnostics)) {
            fl_buffer_free(&path);
            return false;
        }
        for (size_t i = 0; i < config->rule_count; i++)
            fl_ruleset_load(rules, config->rules[i], NULL, false, diagnostics);
        for (size_t i = 0; i < config->ruleset_count; i++)
            fl_ruleset_load(rules, config->rulesets[i].path, config->rulesets[i].name, false,
                            diagnostics);
        shipped = config->shipped_rules;
    } else if (is_folder("rules")) {
        local_folder = "rules";
        fl_ruleset_load(rules, local_folder, NULL, false, diagnostics);
    }
    if (shipped && fl_rules_installed(&path)) {
        bool already = local_folder && same_folder(local_folder, fl_buffer_cstr(&path));
        for (size_t i = 0; *have_config && i < config->rule_count && !already; i++)
            already = same_folder(config->rules[i], fl_buffer_cstr(&path));
        if (!already)
            fl_ruleset_load(rules, fl_buffer_cstr(&path), NULL, true, diagnostics);
    }
    fl_buffer_free(&path);
    return true;
}

fl_ruleset *fl_rules_discover(const fl_options *options, const char *start, bool color)
{
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_config config = {0};
    bool have_config = false;
    if (options->rule_path_count) {
        for (size_t i = 0; i < options->rule_path_count; i++)
            fl_ruleset_load(rules, options->rule_paths[i], NULL, false, &diagnostics);
    } else {
        load_discovered(rules, start, &config, &have_config, &diagnostics);
    }
    bool ok = diagnostics.count == 0;
    if (!ok) {
        fl_diagnostics_write(&diagnostics, stderr, color);
        fl_error("%zu %s in %s", diagnostics.count,
                 diagnostics.count == 1 ? "error" : "errors",
                 have_config ? "the config or rule files" : "rule files");
    } else if (rules->file_count == 0) {
        fl_error("no rules found: %s", options->rule_path_count
                     ? "the paths given with -r hold no .rules files"
                     : "give -r PATH, add a ./rules folder, or name rule sets in a "
                       "factlint.toml (README, \"Finding rules\")");
        ok = false;
    }
    fl_diagnostics_free(&diagnostics);
    if (ok) {
        /* The config's disable list first, then the command line's. */
        size_t count = options->disable_count + config.disable_count;
        const char **disable = fl_xmalloc((count + 1) * sizeof *disable);
        for (size_t i = 0; i < config.disable_count; i++)
            disable[i] = config.disable[i];
        for (size_t i = 0; i < options->disable_count; i++)
            disable[config.disable_count + i] = options->disable[i];
        fl_buffer error = FL_BUFFER_INIT;
        if (!fl_ruleset_select(rules, options->enable, options->enable_count, disable, count,
                               &error)) {
            fl_error("%s", fl_buffer_cstr(&error));
            ok = false;
        }
        fl_buffer_free(&error);
        free(disable);
    }
    fl_config_free(&config);
    if (!ok) {
        fl_ruleset_free(rules);
        return NULL;
    }
    return rules;
}
