/*
 * builtin.h — the built-in rules (docs/builtin-rules.md): their stable ids, default severities and
 * explanations, and the one way to raise a finding of one of them.
 */
#ifndef FL_BUILTIN_H
#define FL_BUILTIN_H

#include <stddef.h>

#include "document.h"
#include "finding.h"

typedef struct fl_builtin_rule {
    const char *id;
    fl_severity severity;
    const char *description; /* one line */
    const char *explanation; /* what it checks, why, and how to fix what it finds */
} fl_builtin_rule;

extern const fl_builtin_rule fl_builtin_rules[];
extern const size_t fl_builtin_rule_count;

/* NULL when `id` is no built-in rule. */
const fl_builtin_rule *fl_builtin_find(const char *id);

/* Adds a finding of built-in rule `id` (which must exist) to `document`, with its
 * default severity, outcome "input" for the input rules and "violated" for the
 * others. The message is formatted; `subject` is what the fingerprint is made of.
 * Strings are copied. Returns the finding so that the caller can add related
 * locations or figures. */
fl_finding *fl_builtin_report(fl_document *document, const char *id,
                              const fl_location *location, const char *subject,
                              const char *format, ...) __attribute__((format(printf, 5, 6)));

#endif
