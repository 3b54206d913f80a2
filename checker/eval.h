/*
 * eval.h — rules over one document's figures (SPEC §4): bindings of $captures,
 * three-valued checks over intervals, and the findings they give.
 *
 * A check that holds for every value passes silently; one that fails for every value
 * is a finding at the rule's severity; one that holds for some values only is an
 * "unconfirmed" note naming both sides. A check whose figures are missing, or that
 * divides by a value that can be zero, does not apply: silent, or a note when
 * `verbose`. Findings go into the document; the evaluator never prints.
 */
#ifndef FL_EVAL_H
#define FL_EVAL_H

#include <stdbool.h>

#include "document.h"
#include "ruleset.h"

/* Bindings tried per check and document at most; beyond it the check is reported
 * as not applicable rather than run for ever. */
#define FL_EVAL_MAX_BINDINGS 10000

typedef struct fl_evaluator fl_evaluator;

/* The evaluator borrows `rules`, which must outlive it. */
fl_evaluator *fl_evaluator_new(const fl_ruleset *rules, bool verbose);
void fl_evaluator_free(fl_evaluator *evaluator);

/* Runs every enabled rule over `document`, adding its findings to it. */
void fl_evaluator_run(fl_evaluator *evaluator, fl_document *document);

#endif
