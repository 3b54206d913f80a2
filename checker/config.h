/*
 * config.h — a project's factlint settings: which rule sets a run uses, found the way
 * other linters find theirs.
 *
 * The file is `factlint.toml` or `.factlint`, found in the folder of the first PATH
 * checked or the nearest folder above it, stopping at the root of a git repository.
 * It is a small part of TOML:
 *
 *   rules = ["rules", "checks/extra.rules"]   # rule files or folders, relative to it
 *   shipped-rules = true                      # also the rules installed with factlint
 *   disable = ["figure/unused"]               # rules to switch off, globs allowed
 *
 *   [rulesets]                                # named sets: their ids read NAME/ID,
 *   wire = "vendor/wire-rules"                # so that sets combine without clashes
 *
 * Errors are diagnostics with a line and column, as for rule files. The config owns
 * its strings; paths in it are already joined to the config's folder.
 */
#ifndef FL_CONFIG_H
#define FL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "memory.h"

typedef struct fl_named_ruleset {
    const char *name;
    const char *path;
} fl_named_ruleset;

typedef struct fl_config {
    const char *path;            /* the file itself */
    const char **rules;          /* rule files or folders */
    size_t rule_count;
    fl_named_ruleset *rulesets;
    size_t ruleset_count;
    const char **disable;
    size_t disable_count;
    bool shipped_rules;          /* default true */
    fl_arena arena;
    char *text;                  /* the file's text, which diagnostics point into */
} fl_config;

/* The config that applies to `start` (a file or folder) into `path`; false when there
 * is none. */
bool fl_config_find(const char *start, fl_buffer *path);

/* Reads the config at `path`. false, with the problems in `diagnostics`, when it
 * cannot be read or is not valid. */
bool fl_config_load(const char *path, fl_config *config, fl_diagnostics *diagnostics);

void fl_config_free(fl_config *config);

#endif
