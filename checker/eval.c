#include "eval.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"

typedef enum status { APPLIES, MISSING, NO_MATCH, ZERO_DIVISOR } status;

/* Why a check could not be applied, for the verbose note. */
typedef struct reason {
    status why;
    const fl_expr *culprit;
    fl_interval divisor;
} reason;

typedef struct number_result {
    status why;
    fl_interval interval;
} number_result;

typedef struct truth_result {
    status why;
    fl_truth truth;
} truth_result;

/* A figure the check looked at, and whether a plain reference (not an aggregate)
 * named it. */
typedef struct touched {
    fl_figure *figure;
    bool plain;
} touched;

/* The values one capture takes in a document. */
typedef struct candidates {
    fl_binding *values;
    size_t count, capacity;
} candidates;

struct fl_evaluator {
    const fl_ruleset *rules;
    bool verbose;

    fl_document *document;
    const fl_rule *rule;
    const fl_check *check;
    fl_binding *bindings;
    size_t binding_capacity;
    reason failure;

    touched *touched;
    size_t touched_count, touched_capacity;

    candidates *candidates;
    size_t candidates_capacity;
    /* Per capture: the index of its current candidate, whether this check uses it,
     * and whether the current binding realises it. */
    size_t *choice;
    size_t choice_capacity;
    bool *used, *realised;
    size_t flag_capacity, realised_capacity;

    fl_buffer text, scratch;
};

fl_evaluator *fl_evaluator_new(const fl_ruleset *rules, bool verbose)
{
    fl_evaluator *e = fl_xcalloc(1, sizeof *e);
    e->rules = rules;
    e->verbose = verbose;
    return e;
}

void fl_evaluator_free(fl_evaluator *e)
{
    if (!e)
        return;
    free(e->bindings);
    free(e->touched);
    for (size_t i = 0; i < e->candidates_capacity; i++)
        free(e->candidates[i].values);
    free(e->candidates);
    free(e->choice);
    free(e->used);
    free(e->realised);
    fl_buffer_free(&e->text);
    fl_buffer_free(&e->scratch);
    free(e);
}

static void touch(fl_evaluator *e, fl_figure *figure, bool plain)
{
    e->touched = fl_xgrow(e->touched, &e->touched_capacity, e->touched_count + 1,
                          sizeof *e->touched);
    e->touched[e->touched_count++] = (touched){figure, plain};
}

static void fail(fl_evaluator *e, status why, const fl_expr *culprit)
{
    if (e->failure.why == APPLIES) {
        e->failure.why = why;
        e->failure.culprit = culprit;
    }
}

/* ---- numbers ---- */

typedef struct aggregate {
    fl_evaluator *e;
    fl_function function;
    size_t count;
    fl_interval total;
} aggregate;

static void aggregate_visit(void *context, fl_figure *figure)
{
    aggregate *a = context;
    touch(a->e, figure, false);
    if (a->count == 0)
        a->total = figure->interval;
    else if (a->function == FL_FUNCTION_MIN)
        a->total = fl_interval_min(a->total, figure->interval);
    else if (a->function == FL_FUNCTION_MAX)
        a->total = fl_interval_max(a->total, figure->interval);
    else
        a->total = fl_interval_add(a->total, figure->interval);
    a->count++;
}

typedef struct single {
    fl_figure *figure;
} single;

static void single_visit(void *context, fl_figure *figure)
{
    ((single *)context)->figure = figure;
}

static fl_figure *plain_figure(fl_evaluator *e, const fl_expr *ref)
{
    single found = {NULL};
    fl_figures_match(e->document->figures, ref->as.ref.segments, ref->as.ref.count, e->bindings,
                     single_visit, &found);
    return found.figure;
}

static number_result evaluate_number(fl_evaluator *e, const fl_expr *expr);

static number_result applies(fl_interval interval)
{
    return (number_result){APPLIES, interval};
}

static number_result not_applicable(fl_evaluator *e, status why, const fl_expr *culprit)
{
    fail(e, why, culprit);
    return (number_result){why, fl_interval_point(fl_value_int(0))};
}

static number_result evaluate_call(fl_evaluator *e, const fl_expr *expr)
{
    fl_function function = expr->as.call.function;
    if (function == FL_FUNCTION_ABS) {
        number_result operand = evaluate_number(e, expr->as.call.args[0]);
        return operand.why ? operand : applies(fl_interval_abs(operand.interval));
    }
    if (function == FL_FUNCTION_PCT) {
        number_result part = evaluate_number(e, expr->as.call.args[0]);
        number_result whole = evaluate_number(e, expr->as.call.args[1]);
        if (part.why)
            return part;
        if (whole.why)
            return whole;
        fl_interval quotient;
        if (!fl_interval_div(part.interval, whole.interval, &quotient)) {
            e->failure.divisor = whole.interval;
            return not_applicable(e, ZERO_DIVISOR, expr);
        }
        return applies(fl_interval_mul(quotient, fl_interval_point(fl_value_int(100))));
    }
    aggregate a = {.e = e, .function = function};
    for (size_t i = 0; i < expr->as.call.count; i++) {
        const fl_expr *arg = expr->as.call.args[i];
        fl_figures_match(e->document->figures, arg->as.ref.segments, arg->as.ref.count,
                         e->bindings, aggregate_visit, &a);
    }
    if (a.count == 0)
        return not_applicable(e, NO_MATCH, expr);
    switch (function) {
    case FL_FUNCTION_COUNT:
        return applies(fl_interval_point(fl_value_int((int64_t)a.count)));
    case FL_FUNCTION_AVG: {
        fl_interval mean;
        fl_interval_div(a.total, fl_interval_point(fl_value_int((int64_t)a.count)), &mean);
        return applies(mean);
    }
    default:
        return applies(a.total);
    }
}

static number_result evaluate_number(fl_evaluator *e, const fl_expr *expr)
{
    switch (expr->kind) {
    case FL_EXPR_NUMBER:
        return applies(fl_interval_point(expr->as.number));
    case FL_EXPR_REF: {
        fl_figure *figure = plain_figure(e, expr);
        if (!figure)
            return not_applicable(e, MISSING, expr);
        touch(e, figure, true);
        return applies(figure->interval);
    }
    case FL_EXPR_NEGATE: {
        number_result operand = evaluate_number(e, expr->as.unary.operand);
        return operand.why ? operand : applies(fl_interval_neg(operand.interval));
    }
    case FL_EXPR_ARITHMETIC: {
        number_result left = evaluate_number(e, expr->as.binary.left);
        number_result right = evaluate_number(e, expr->as.binary.right);
        if (left.why)
            return left;
        if (right.why)
            return right;
        switch ((fl_arithmetic_op)expr->as.binary.op) {
        case FL_ADD:
            return applies(fl_interval_add(left.interval, right.interval));
        case FL_SUBTRACT:
            return applies(fl_interval_sub(left.interval, right.interval));
        case FL_MULTIPLY:
            return applies(fl_interval_mul(left.interval, right.interval));
        case FL_DIVIDE: {
            fl_interval quotient;
            if (!fl_interval_div(left.interval, right.interval, &quotient)) {
                e->failure.divisor = right.interval;
                return not_applicable(e, ZERO_DIVISOR, expr);
            }
            return applies(quotient);
        }
        }
        break;
    }
    case FL_EXPR_CALL:
        return evaluate_call(e, expr);
    default:
        break;
    }
    return not_applicable(e, MISSING, expr);
}

/* ---- conditions ---- */

typedef struct exists_state {
    bool found;
} exists_state;

static void exists_visit(void *context, fl_figure *figure)
{
    (void)figure;
    ((exists_state *)context)->found = true;
}

static truth_result truth(status why, fl_truth value)
{
    return (truth_result){why, value};
}

static truth_result evaluate_truth(fl_evaluator *e, const fl_expr *expr)
{
    switch (expr->kind) {
    case FL_EXPR_COMPARE: {
        number_result left = evaluate_number(e, expr->as.binary.left);
        number_result right = evaluate_number(e, expr->as.binary.right);
        if (left.why || right.why)
            return truth(left.why ? left.why : right.why, FL_TRUTH_UNKNOWN);
        return truth(APPLIES, fl_interval_compare((fl_compare_op)expr->as.binary.op,
                                                  left.interval, right.interval,
                                                  e->check ? e->check->tolerance
                                                           : (fl_tolerance){fl_value_int(0),
                                                                            false}));
    }
    case FL_EXPR_NOT: {
        truth_result operand = evaluate_truth(e, expr->as.unary.operand);
        if (operand.why || operand.truth == FL_TRUTH_UNKNOWN)
            return operand;
        return truth(APPLIES, operand.truth == FL_TRUTH_TRUE ? FL_TRUTH_FALSE : FL_TRUTH_TRUE);
    }
    case FL_EXPR_AND:
    case FL_EXPR_OR: {
        /* Kleene logic, where a side that does not apply is decided by the other:
         * "not exists(x) or x > 0" passes without x. */
        fl_truth decisive = expr->kind == FL_EXPR_AND ? FL_TRUTH_FALSE : FL_TRUTH_TRUE;
        reason before = e->failure;
        truth_result left = evaluate_truth(e, expr->as.binary.left);
        if (!left.why && left.truth == decisive)
            return left;
        truth_result right = evaluate_truth(e, expr->as.binary.right);
        if (!right.why && right.truth == decisive) {
            /* Whatever the left side lacked does not matter any more. */
            e->failure = before;
            return right;
        }
        if (left.why)
            return left;
        if (right.why)
            return right;
        if (left.truth == FL_TRUTH_UNKNOWN || right.truth == FL_TRUTH_UNKNOWN)
            return truth(APPLIES, FL_TRUTH_UNKNOWN);
        return truth(APPLIES, left.truth);
    }
    case FL_EXPR_CALL: {
        exists_state state = {false};
        for (size_t i = 0; i < expr->as.call.count && !state.found; i++) {
            const fl_expr *arg = expr->as.call.args[i];
            fl_figures_match(e->document->figures, arg->as.ref.segments, arg->as.ref.count,
                             e->bindings, exists_visit, &state);
        }
        return truth(APPLIES, state.found ? FL_TRUTH_TRUE : FL_TRUTH_FALSE);
    }
    default:
        return truth(MISSING, FL_TRUTH_UNKNOWN);
    }
}

/* ---- bindings ---- */

typedef struct collect_state {
    fl_evaluator *e;
    const fl_expr *ref;
} collect_state;

static void add_candidate(candidates *c, fl_binding value)
{
    for (size_t i = 0; i < c->count; i++)
        if (c->values[i].length == value.length &&
            memcmp(c->values[i].text, value.text, value.length) == 0)
            return;
    c->values = fl_xgrow(c->values, &c->capacity, c->count + 1, sizeof *c->values);
    c->values[c->count++] = value;
}

static void collect_visit(void *context, fl_figure *figure)
{
    (void)figure;
    collect_state *state = context;
    const fl_expr *ref = state->ref;
    for (size_t i = 0; i < ref->as.ref.count; i++) {
        const fl_segment *segment = &ref->as.ref.segments[i];
        if (segment->kind == FL_SEGMENT_CAPTURE)
            add_candidate(&state->e->candidates[segment->capture],
                          state->e->bindings[segment->capture]);
    }
}

static bool has_capture(const fl_expr *ref)
{
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
            return true;
    return false;
}

static void collect_ref(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    fl_evaluator *e = context;
    if (!has_capture(ref))
        return;
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
            e->used[ref->as.ref.segments[i].capture] = true;
    collect_state state = {e, ref};
    fl_figures_match(e->document->figures, ref->as.ref.segments, ref->as.ref.count, e->bindings,
                     collect_visit, &state);
}

/* Does every capture of the current binding show up together with the others in at
 * least one reference that holds it? Filters the product of candidate values down
 * to bindings the document actually has. */
typedef struct realised_state {
    fl_evaluator *e;
    bool *realised;
} realised_state;

static void realised_ref(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    realised_state *state = context;
    if (!has_capture(ref))
        return;
    exists_state found = {false};
    fl_figures_match(state->e->document->figures, ref->as.ref.segments, ref->as.ref.count,
                     state->e->bindings, exists_visit, &found);
    if (!found.found)
        return;
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
            state->realised[ref->as.ref.segments[i].capture] = true;
}

/* Collects from 'when' and the message the captures the check itself does not use. */
static void collect_unbound_ref(void *context, const fl_expr *ref, bool in_aggregate)
{
    fl_evaluator *e = context;
    for (size_t i = 0; i < ref->as.ref.count; i++) {
        const fl_segment *segment = &ref->as.ref.segments[i];
        if (segment->kind == FL_SEGMENT_CAPTURE && !e->check->binds[segment->capture]) {
            collect_ref(context, ref, in_aggregate);
            return;
        }
    }
}

static void walk_unbound_refs(fl_evaluator *e)
{
    fl_expr_walk_refs(e->rule->when, collect_unbound_ref, e);
    for (size_t i = 0; i < e->rule->message_count; i++)
        fl_expr_walk_refs(e->rule->message[i].hole, collect_unbound_ref, e);
}

static void walk_check_refs(fl_evaluator *e,
                            void (*visit)(void *context, const fl_expr *ref, bool in_aggregate),
                            void *context)
{
    fl_expr_walk_refs(e->check->expr, visit, context);
    fl_expr_walk_refs(e->rule->when, visit, context);
    for (size_t i = 0; i < e->rule->message_count; i++)
        fl_expr_walk_refs(e->rule->message[i].hole, visit, context);
}

/* ---- findings ---- */

/* How a side of a comparison reads: a figure as written — with the interval it
 * stands for when the words do not say it ("about 2,400 (2,280 to 2,520)") — else
 * its interval. */
static void describe_side(fl_evaluator *e, const fl_expr *expr, bool nested, fl_buffer *out)
{
    size_t saved = e->touched_count;
    fl_figure *figure = expr->kind == FL_EXPR_REF ? plain_figure(e, expr) : NULL;
    if (figure) {
        fl_buffer_append_string(out, figure->value);
        if (fl_interval_is_point(figure->interval))
            return;
        fl_buffer_clear(&e->scratch);
        fl_interval_format(figure->interval, &e->scratch);
        if (strcmp(fl_buffer_cstr(&e->scratch), figure->value) != 0)
            fl_buffer_printf(out, nested ? ", %s" : " (%s)", fl_buffer_cstr(&e->scratch));
        return;
    }
    number_result value = evaluate_number(e, expr);
    e->touched_count = saved;
    if (value.why)
        fl_buffer_append_char(out, '?');
    else
        fl_interval_format(value.interval, out);
}

static void write_message(fl_evaluator *e, fl_buffer *out)
{
    for (size_t i = 0; i < e->rule->message_count; i++) {
        const fl_message_part *part = &e->rule->message[i];
        if (part->text) {
            fl_buffer_append_string(out, part->text);
        } else if (part->hole->boolean) {
            size_t saved = e->touched_count;
            reason failure = e->failure;
            truth_result t = evaluate_truth(e, part->hole);
            e->touched_count = saved;
            e->failure = failure;
            fl_buffer_append_string(out, t.why ? "?"
                                    : t.truth == FL_TRUTH_TRUE ? "true"
                                    : t.truth == FL_TRUTH_FALSE ? "false" : "uncertain");
        } else {
            reason failure = e->failure;
            describe_side(e, part->hole, false, out);
            e->failure = failure;
        }
    }
}

static const char *relation(fl_compare_op op)
{
    switch (op) {
    case FL_CMP_EQ:
        return "differs from";
    case FL_CMP_NE:
        return "equals";
    case FL_CMP_LT:
        return "is not less than";
    case FL_CMP_LE:
        return "is more than";
    case FL_CMP_GT:
        return "is not more than";
    case FL_CMP_GE:
        return "is less than";
    }
    return "";
}

/* "x (2,418)" for a side, or just the number for a literal. */
static void write_side(fl_evaluator *e, const fl_expr *expr, fl_buffer *out)
{
    if (expr->kind == FL_EXPR_NUMBER) {
        fl_value_format(expr->as.number, out);
        return;
    }
    fl_expr_format(expr, e->rule, e->bindings, out);
    fl_buffer_append_string(out, " (");
    describe_side(e, expr, true, out);
    fl_buffer_append_char(out, ')');
}

static void write_off_by(fl_evaluator *e, const fl_expr *check, fl_buffer *out)
{
    if (check->kind != FL_EXPR_COMPARE || check->as.binary.op == FL_CMP_NE)
        return;
    size_t saved = e->touched_count;
    number_result left = evaluate_number(e, check->as.binary.left);
    number_result right = evaluate_number(e, check->as.binary.right);
    e->touched_count = saved;
    if (left.why || right.why)
        return;
    fl_compare_op op = (fl_compare_op)check->as.binary.op;
    fl_value gap = fl_interval_gap(op, left.interval, right.interval);
    if (fl_value_sign(gap) <= 0 || fl_value_is_infinite(gap))
        return;
    bool exact = fl_interval_is_point(left.interval) && fl_interval_is_point(right.interval);
    fl_buffer_append_string(out, exact ? " (off by " : " (off by at least ");
    fl_value_format(gap, out);
    fl_value magnitude = fl_interval_magnitude(left.interval, right.interval);
    if (exact && fl_value_sign(magnitude) > 0) {
        fl_value percent = fl_value_div(fl_value_mul(gap, fl_value_int(100)), magnitude);
        fl_buffer_append_string(out, ", ");
        fl_value_format(percent, out);
        fl_buffer_append_char(out, '%');
    }
    const fl_tolerance *tolerance = &e->check->tolerance;
    if (!fl_value_is_zero(tolerance->amount)) {
        fl_buffer_append_string(out, "; ");
        fl_value_format(tolerance->amount, out);
        fl_buffer_append_string(out, tolerance->percent ? "% allowed" : " allowed");
    }
    fl_buffer_append_char(out, ')');
}

/* "x is 2,418": a side of an unconfirmed comparison; nothing for a literal. */
static bool write_side_value(fl_evaluator *e, const fl_expr *expr, fl_buffer *out)
{
    if (expr->kind == FL_EXPR_NUMBER)
        return false;
    fl_expr_format(expr, e->rule, e->bindings, out);
    fl_buffer_append_string(out, " is ");
    describe_side(e, expr, false, out);
    return true;
}

static void write_both_sides(fl_evaluator *e, const fl_expr *check, fl_buffer *out)
{
    if (write_side_value(e, check->as.binary.left, out))
        fl_buffer_append_string(out, ", ");
    if (!write_side_value(e, check->as.binary.right, out) && out->length >= 2)
        out->data[out->length -= 2] = '\0';
}

/* " (x is 5, y is about 50)": the figures a compound check looked at. */
static void write_figure_values(fl_evaluator *e, fl_buffer *out)
{
    bool first = true;
    for (size_t i = 0; i < e->touched_count; i++) {
        const fl_figure *figure = e->touched[i].figure;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = e->touched[j].figure == figure;
        if (seen || !e->touched[i].plain)
            continue;
        fl_buffer_append_string(out, first ? " (" : ", ");
        fl_buffer_printf(out, "%s is %s", figure->key, figure->value);
        first = false;
    }
    if (!first)
        fl_buffer_append_char(out, ')');
}

static void describe_finding(fl_evaluator *e, fl_truth outcome, fl_buffer *out)
{
    const fl_expr *check = e->check->expr;
    fl_buffer_clear(out);
    if (outcome == FL_TRUTH_UNKNOWN) {
        fl_buffer_append_string(out, "cannot confirm ");
        fl_expr_format(check, e->rule, e->bindings, out);
        if (check->kind == FL_EXPR_COMPARE) {
            fl_buffer_append_string(out, ": ");
            write_both_sides(e, check, out);
        }
        return;
    }
    if (e->rule->message) {
        write_message(e, out);
    } else if (check->kind == FL_EXPR_COMPARE) {
        write_side(e, check->as.binary.left, out);
        fl_buffer_printf(out, " %s ", relation((fl_compare_op)check->as.binary.op));
        write_side(e, check->as.binary.right, out);
    } else {
        fl_buffer_append_string(out, "check failed: ");
        fl_expr_format(check, e->rule, e->bindings, out);
        write_figure_values(e, out);
    }
    write_off_by(e, check, out);
}

static void describe_not_applicable(fl_evaluator *e, fl_buffer *out)
{
    fl_buffer_clear(out);
    fl_buffer_append_string(out, "not applicable: ");
    const fl_expr *culprit = e->failure.culprit;
    switch (e->failure.why) {
    case MISSING:
        fl_expr_format(culprit, e->rule, e->bindings, out);
        fl_buffer_append_string(out, " is missing");
        break;
    case NO_MATCH:
        fl_buffer_append_string(out, "no figure matches ");
        fl_expr_format(culprit, e->rule, e->bindings, out);
        break;
    case ZERO_DIVISOR:
        fl_expr_format(culprit, e->rule, e->bindings, out);
        fl_buffer_append_string(out, " divides by a value that can be zero (");
        fl_interval_format(e->failure.divisor, out);
        fl_buffer_append_char(out, ')');
        break;
    case APPLIES:
        fl_buffer_append_string(out, "cannot confirm 'when' ");
        fl_expr_format(e->rule->when, e->rule, e->bindings, out);
        if (e->rule->when->kind == FL_EXPR_COMPARE) {
            fl_buffer_append_string(out, ": ");
            write_both_sides(e, e->rule->when, out);
        }
        break;
    }
}

static void add_finding(fl_evaluator *e, fl_severity severity, fl_outcome outcome,
                        const char *message)
{
    fl_document *document = e->document;
    fl_arena *arena = &document->arena;
    fl_finding *finding = fl_document_add_finding(document);
    finding->rule = e->rule->id;
    finding->severity = severity;
    finding->outcome = outcome;
    finding->message = fl_arena_strdup(arena, message);

    /* Where: the first plain reference, else the first figure in table order. */
    size_t primary = SIZE_MAX;
    for (size_t i = 0; i < e->touched_count && primary == SIZE_MAX; i++)
        if (e->touched[i].plain)
            primary = i;
    if (primary == SIZE_MAX) {
        for (size_t i = 0; i < e->touched_count; i++)
            if (primary == SIZE_MAX ||
                e->touched[i].figure->order < e->touched[primary].figure->order)
                primary = i;
    }
    if (primary != SIZE_MAX) {
        finding->location = e->touched[primary].figure->location;
    } else {
        finding->location = (fl_location){.file = document->path, .line_offset = FL_NO_OFFSET};
    }

    fl_location *related = fl_arena_alloc(arena, (e->touched_count + 1) * sizeof *related);
    fl_finding_figure *figures = fl_arena_alloc(arena, (e->touched_count + 1) * sizeof *figures);
    size_t related_count = 0, figure_count = 0;
    for (size_t i = 0; i < e->touched_count; i++) {
        fl_figure *figure = e->touched[i].figure;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = e->touched[j].figure == figure;
        if (seen)
            continue;
        figures[figure_count++] = (fl_finding_figure){
            figure->key, figure->value, figure->interval, figure->number.unit};
        if (i != primary && figure != (primary != SIZE_MAX ? e->touched[primary].figure : NULL))
            related[related_count++] = figure->location;
    }
    finding->related = related;
    finding->related_count = related_count;
    finding->figures = figures;
    finding->figure_count = figure_count;

    /* The check as written, spaces folded: the same check keeps its fingerprint
     * whatever else changes in the rule file or in how checks are printed. */
    fl_buffer *subject = &e->scratch;
    fl_buffer_clear(subject);
    const fl_rule_file *file = fl_ruleset_file(e->rules, e->rule->file);
    const fl_expr *check = e->check->expr;
    bool space = false;
    for (size_t i = 0; file && i < check->length; i++) {
        char c = file->text[check->offset + i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && subject->length)
            fl_buffer_append_char(subject, ' ');
        space = false;
        fl_buffer_append_char(subject, c);
    }
    for (size_t i = 0; i < e->rule->capture_count; i++) {
        fl_buffer_append_char(subject, '\x1f');
        if (e->bindings[i].text)
            fl_buffer_append(subject, e->bindings[i].text, e->bindings[i].length);
    }
    finding->subject = fl_arena_strdup(arena, fl_buffer_cstr(subject));
}

/* ---- driving ---- */

static void run_binding(fl_evaluator *e)
{
    e->touched_count = 0;
    e->failure = (reason){.why = APPLIES};
    if (e->rule->when) {
        truth_result when = evaluate_truth(e, e->rule->when);
        if (when.why || when.truth != FL_TRUTH_TRUE) {
            if (e->verbose && (when.why || when.truth == FL_TRUTH_UNKNOWN)) {
                describe_not_applicable(e, &e->text);
                add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE,
                            fl_buffer_cstr(&e->text));
            }
            return;
        }
        e->touched_count = 0;
        e->failure = (reason){.why = APPLIES};
    }
    truth_result result = evaluate_truth(e, e->check->expr);
    if (result.why) {
        if (e->verbose) {
            describe_not_applicable(e, &e->text);
            add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE, fl_buffer_cstr(&e->text));
        }
        return;
    }
    if (result.truth == FL_TRUTH_TRUE)
        return;
    size_t touched_count = e->touched_count;
    describe_finding(e, result.truth, &e->text);
    e->touched_count = touched_count;
    if (result.truth == FL_TRUTH_FALSE)
        add_finding(e, e->rule->severity, FL_OUTCOME_VIOLATED, fl_buffer_cstr(&e->text));
    else
        add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_UNCONFIRMED, fl_buffer_cstr(&e->text));
}

static void run_check(fl_evaluator *e)
{
    size_t captures = e->rule->capture_count;
    e->bindings = fl_xgrow(e->bindings, &e->binding_capacity, captures + 1,
                           sizeof *e->bindings);
    memset(e->bindings, 0, (captures + 1) * sizeof *e->bindings);
    if (captures == 0) {
        run_binding(e);
        return;
    }
    if (e->candidates_capacity < captures) {
        size_t old = e->candidates_capacity;
        e->candidates = fl_xgrow(e->candidates, &e->candidates_capacity, captures,
                                 sizeof *e->candidates);
        memset(e->candidates + old, 0, (e->candidates_capacity - old) * sizeof *e->candidates);
    }
    e->used = fl_xgrow(e->used, &e->flag_capacity, captures, sizeof *e->used);
    e->realised = fl_xgrow(e->realised, &e->realised_capacity, captures, sizeof *e->realised);
    bool *used = e->used, *realised = e->realised;
    for (size_t i = 0; i < captures; i++) {
        e->candidates[i].count = 0;
        used[i] = false;
    }
    /* Collects the values of the captures the check uses, marking those as used:
     * every binding the document has for the check shows up in its own references.
     * Captures that only 'when' or the message use come from them. */
    fl_expr_walk_refs(e->check->expr, collect_ref, e);
    walk_unbound_refs(e);
    size_t product = 1;
    bool empty = false;
    for (size_t i = 0; i < captures; i++) {
        if (!used[i])
            continue;
        if (e->candidates[i].count == 0)
            empty = true;
        else if (product <= FL_EVAL_MAX_BINDINGS)
            product *= e->candidates[i].count;
    }
    if (empty) {
        if (e->verbose) {
            e->touched_count = 0;
            fl_buffer_clear(&e->text);
            fl_buffer_append_string(&e->text, "not applicable: no figure matches ");
            fl_expr_format(e->check->expr, e->rule, NULL, &e->text);
            add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE, fl_buffer_cstr(&e->text));
        }
        return;
    }
    if (product > FL_EVAL_MAX_BINDINGS) {
        if (e->verbose) {
            e->touched_count = 0;
            fl_buffer_clear(&e->text);
            fl_buffer_printf(&e->text, "not applicable: more than %d bindings of the captures "
                             "in this document", FL_EVAL_MAX_BINDINGS);
            add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE, fl_buffer_cstr(&e->text));
        }
        return;
    }
    e->choice = fl_xgrow(e->choice, &e->choice_capacity, captures, sizeof *e->choice);
    memset(e->choice, 0, captures * sizeof *e->choice);
    size_t used_count = 0;
    for (size_t i = 0; i < captures; i++)
        used_count += used[i];
    for (;;) {
        for (size_t i = 0; i < captures; i++)
            e->bindings[i] = used[i] ? e->candidates[i].values[e->choice[i]] : (fl_binding){0};
        /* With one capture, every candidate came from a reference that has it. */
        bool real = true;
        if (used_count > 1) {
            memset(realised, 0, captures * sizeof *realised);
            realised_state state = {e, realised};
            walk_check_refs(e, realised_ref, &state);
            for (size_t i = 0; i < captures; i++)
                real = real && (!used[i] || realised[i]);
        }
        if (real)
            run_binding(e);
        size_t i = 0;
        for (; i < captures; i++) {
            if (!used[i])
                continue;
            if (++e->choice[i] < e->candidates[i].count)
                break;
            e->choice[i] = 0;
        }
        if (i == captures)
            break;
    }
}

void fl_evaluator_run(fl_evaluator *e, fl_document *document)
{
    e->document = document;
    for (size_t r = 0; r < e->rules->rule_count; r++) {
        const fl_rule *rule = e->rules->rules[r];
        if (!rule->enabled)
            continue;
        e->rule = rule;
        for (size_t c = 0; c < rule->check_count; c++) {
            e->check = &rule->checks[c];
            run_check(e);
        }
    }
    e->document = NULL;
}
