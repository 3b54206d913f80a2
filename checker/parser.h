/*
 * parser.h — the rules language's recursive-descent parser (docs/rules.md).
 *
 * Parses one rule file's text into the rule set: rules, names blocks and settings.
 * Every parse function opens with its grammar rule; binary operators climb a
 * precedence table; nesting deeper than FL_PARSER_MAX_DEPTH is an error, not a stack
 * overflow. After an error the parser skips to the next field or item and goes on,
 * so one run reports every error in the file.
 */
#ifndef FL_PARSER_H
#define FL_PARSER_H

#include <stddef.h>

#include "diag.h"
#include "ruleset.h"

#define FL_PARSER_MAX_DEPTH 256

/* `file` is the path diagnostics show; `text` must live as long as the rule set. */
void fl_parse_rules(fl_ruleset *rules, const char *file, const char *text, size_t length,
                    fl_diagnostics *diagnostics);

#endif
