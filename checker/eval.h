/*
 * eval.h — rules over one document's figures: bindings of $captures, three-valued
 * checks over intervals, and the findings they give.
 *
 * A check that holds for every value passes silently; one that fails for every value
 * is a finding at the rule's severity; one that holds for some values only is an
 * "unconfirmed" note naming both sides. A check whose figures are missing, or that
 * divides by a value that can be zero, does not apply: silent, or a note when
 * `verbose`. What cannot be checked for a reason the data must fix — figures of
 * different units, more capture combinations than FL_EVAL_MAX_COMBINATIONS — is a
 * note always. Findings go into the document; the evaluator never prints.
 *
 * The evaluator also counts, per rule, the documents and bindings it applied to, so
 * that a rule that applied nowhere (often a typo in a key) can be reported.
 */
#ifndef FL_EVAL_H
#define FL_EVAL_H

#include <stdbool.h>

#include "document.h"
#include "ruleset.h"

/* Combinations of capture values tried per check and document at most, when the
 * captures do not come together in one reference (a check over x.$a and y.$b tries
 * every pair). Beyond it the check is not run, and a note says so. */
#define FL_EVAL_MAX_COMBINATIONS 100000

typedef struct fl_evaluator fl_evaluator;

/* The evaluator borrows `rules`, which must outlive it. */
fl_evaluator *fl_evaluator_new(const fl_ruleset *rules, bool verbose);
void fl_evaluator_free(fl_evaluator *evaluator);

/* Runs every enabled rule over `document`, adding its findings to it. */
void fl_evaluator_run(fl_evaluator *evaluator, fl_document *document);

/* How many times rule `index` (of the rule set) applied so far: bindings for which
 * its figures were all there. */
size_t fl_evaluator_applied(const fl_evaluator *evaluator, size_t index);

/* Why rule `index` did not apply where it first failed to, and where: "no figure
 * matches arrests.$p.totl in a.txt", "arrests.h1.total is missing in a.txt".
 * Appends nothing when it never failed to apply. */
void fl_evaluator_first_miss(const fl_evaluator *evaluator, size_t index, fl_buffer *out);

/* The first reference of rule `index` that matched no figure, or NULL. */
const fl_expr *fl_evaluator_missing_reference(const fl_evaluator *evaluator, size_t index);

/* Adds what `later` counted to `evaluator`, as if `evaluator` had gone on to check
 * the documents `later` checked: the counts add up, and a first miss of `later` is
 * taken where `evaluator` has none. Both must be of the same rule set. */
void fl_evaluator_merge(fl_evaluator *evaluator, const fl_evaluator *later);

#endif
