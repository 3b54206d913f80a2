/*
 * rule_discovery.h — which rules a run uses, found as other linters find theirs.
 *
 * With -r, exactly the files and folders named. Otherwise the project's rules — the
 * rule sets its config names (config.h), else ./rules — and, unless the config says
 * shipped-rules = false, the rules installed with factlint. A project's rule replaces
 * a shipped one of the same id; named rule sets read NAME/ID. No rule file at all is
 * an error with a hint: a run without one checks far less than its user thinks.
 *
 * Diagnostics and errors are printed on standard error; the caller exits with 2 when
 * NULL comes back. The rule set returned is the caller's to free.
 */
#ifndef FL_RULE_DISCOVERY_H
#define FL_RULE_DISCOVERY_H

#include "factlint.h"
#include "ruleset.h"

/* The rules for a run on `start` (the first PATH checked, or "." for `factlint
 * rules`), with --enable and --disable applied. */
fl_ruleset *fl_rules_discover(const fl_options *options, const char *start, bool color);

/* The folder of rules installed with factlint, into `path`; false when there is none. */
bool fl_rules_installed(fl_buffer *path);

#endif
