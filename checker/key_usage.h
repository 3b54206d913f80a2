/*
 * key_usage.h — which figures the rules read, so that a figure no rule reads, or a
 * rule that reads no figure, can be said rather than silently passed over: a typo
 * in a key ("arrests.h1.totl") makes a check vanish otherwise.
 *
 * Built from every reference of the enabled rules (checks, 'when', messages), with
 * captures and wildcards as wildcards. The keys seen are remembered, each once and
 * up to FL_KEY_USAGE_MAX_KEYS of them, to answer repeated keys from memory and to
 * suggest keys for a rule that matched none. "Close" is an edit distance over a key's
 * segments: at most two edits in all, none in a segment a pattern leaves open.
 *
 * The usage borrows the rule set; it owns the keys it remembers.
 */
#ifndef FL_KEY_USAGE_H
#define FL_KEY_USAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "memory.h"
#include "ruleset.h"

#define FL_KEY_USAGE_MAX_KEYS 100000

typedef struct fl_key_usage fl_key_usage;

fl_key_usage *fl_key_usage_new(const fl_ruleset *rules);
void fl_key_usage_free(fl_key_usage *usage);

/* Whether some rule reads `key`. Remembers the key. */
bool fl_key_usage_reads(fl_key_usage *usage, const char *key, size_t length);

/* For a key no rule reads: the closest reference a rule makes, filled in with the
 * key's own segments where the reference leaves them open ("arrests.h1.total" for
 * "arrests.h1.totl" against arrests.$p.total), into `out`, and the rule's id. false
 * when no reference is close. */
bool fl_key_usage_suggest_reference(const fl_key_usage *usage, const char *key,
                                    fl_buffer *out, const char **rule);

/* For a reference that matched nothing: the closest key the tables had, into `out`.
 * false when none is close. */
bool fl_key_usage_suggest_key(const fl_key_usage *usage, const fl_expr *ref, fl_buffer *out);

#endif
