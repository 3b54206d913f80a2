#include "eval.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "strmap.h"

typedef enum status { APPLIES, MISSING, NO_MATCH, ZERO_DIVISOR, UNIT_MISMATCH } status;

/* Why a check could not be applied, for the note. */
typedef struct reason {
    status why;
    const fl_expr *culprit;
    fl_interval divisor;
    fl_unit units[2];
} reason;

typedef struct number_result {
    status why;
    fl_interval interval;
    fl_unit unit;
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

/* The values one capture takes in a document, each once. */
typedef struct candidates {
    fl_binding *values;
    size_t count, capacity;
    fl_strmap seen;
} candidates;

/* What a check needs to find its bindings, worked out once per check: the
 * references that hold captures, and which captures they use. */
typedef struct check_plan {
    const fl_expr **refs;  /* in the check, and in 'when' or the message when they
                            * hold a capture the check does not bind */
    size_t ref_count;
    bool *used;            /* per capture of the rule */
    size_t used_count;
    /* Every one of `refs` holds every used capture: each binding the document has
     * is the captures of some figure one of them matches. */
    bool together;
} check_plan;

typedef struct rule_usage {
    size_t applied;
    reason first_miss;
    const char *miss_text; /* the first miss as written, captures bound; in the arena */
} rule_usage;

struct fl_evaluator {
    const fl_ruleset *rules;
    bool verbose;
    fl_arena arena;        /* check plans */
    check_plan **plans;    /* per rule, per check */
    rule_usage *usage;     /* per rule */

    fl_document *document;
    size_t rule_index;
    const fl_rule *rule;
    const fl_check *check;
    const check_plan *plan;
    fl_binding *bindings;
    size_t binding_capacity;
    reason failure;

    touched *touched;
    size_t touched_count, touched_capacity;
    uint32_t listing; /* stamps fl_figure.listed while one finding lists its figures */

    candidates *candidates;
    size_t candidates_capacity;
    size_t *choice;
    size_t choice_capacity;
    bool *realised;
    size_t realised_capacity;
    /* Bindings of a check whose captures come together: tuples of used-capture
     * values, each once. */
    fl_binding *tuples;
    size_t tuple_count, tuple_capacity;
    fl_strmap tuple_seen;
    fl_arena tuple_text;

    fl_buffer text, scratch;
};

static const fl_tolerance no_tolerance = {{0, 1, 0, true}, false};

static bool has_capture(const fl_expr *ref)
{
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
            return true;
    return false;
}

typedef struct plan_builder {
    const fl_check *check;
    check_plan *plan;
    size_t capacity;
    bool unbound_only; /* walking 'when' and the message */
} plan_builder;

static void plan_ref(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    plan_builder *b = context;
    if (!has_capture(ref))
        return;
    if (b->unbound_only) {
        bool unbound = false;
        for (size_t i = 0; i < ref->as.ref.count && !unbound; i++)
            unbound = ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE &&
                      !b->check->binds[ref->as.ref.segments[i].capture];
        if (!unbound)
            return;
    }
    b->plan->refs = fl_xgrow(b->plan->refs, &b->capacity, b->plan->ref_count + 1,
                             sizeof *b->plan->refs);
    b->plan->refs[b->plan->ref_count++] = ref;
}

static check_plan plan_check(fl_arena *arena, const fl_rule *rule, const fl_check *check)
{
    check_plan plan = {.used = fl_arena_alloc(arena, rule->capture_count + 1)};
    plan_builder b = {check, &plan, 0, false};
    fl_expr_walk_refs(check->expr, plan_ref, &b);
    b.unbound_only = true;
    fl_expr_walk_refs(rule->when, plan_ref, &b);
    for (size_t i = 0; i < rule->message_count; i++)
        fl_expr_walk_refs(rule->message[i].hole, plan_ref, &b);
    for (size_t r = 0; r < plan.ref_count; r++)
        for (size_t i = 0; i < plan.refs[r]->as.ref.count; i++)
            if (plan.refs[r]->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
                plan.used[plan.refs[r]->as.ref.segments[i].capture] = true;
    for (size_t c = 0; c < rule->capture_count; c++)
        plan.used_count += plan.used[c];
    plan.together = true;
    bool *seen = fl_xcalloc(rule->capture_count + 1, 1);
    for (size_t r = 0; r < plan.ref_count && plan.together; r++) {
        memset(seen, 0, rule->capture_count + 1);
        size_t distinct = 0;
        for (size_t i = 0; i < plan.refs[r]->as.ref.count; i++) {
            const fl_segment *segment = &plan.refs[r]->as.ref.segments[i];
            if (segment->kind == FL_SEGMENT_CAPTURE && !seen[segment->capture]) {
                seen[segment->capture] = true;
                distinct++;
            }
        }
        plan.together = distinct == plan.used_count;
    }
    free(seen);
    /* The plan lives in the arena; the growable array moves there too. */
    const fl_expr **refs = fl_arena_alloc(arena, (plan.ref_count + 1) * sizeof *refs);
    if (plan.ref_count)
        memcpy(refs, plan.refs, plan.ref_count * sizeof *refs);
    free(plan.refs);
    plan.refs = refs;
    return plan;
}

fl_evaluator *fl_evaluator_new(const fl_ruleset *rules, bool verbose)
{
    fl_evaluator *e = fl_xcalloc(1, sizeof *e);
    e->rules = rules;
    e->verbose = verbose;
    e->plans = fl_arena_alloc(&e->arena, (rules->rule_count + 1) * sizeof *e->plans);
    e->usage = fl_arena_alloc(&e->arena, (rules->rule_count + 1) * sizeof *e->usage);
    for (size_t r = 0; r < rules->rule_count; r++) {
        const fl_rule *rule = rules->rules[r];
        e->plans[r] = fl_arena_alloc(&e->arena, (rule->check_count + 1) * sizeof **e->plans);
        for (size_t c = 0; c < rule->check_count; c++)
            e->plans[r][c] = plan_check(&e->arena, rule, &rule->checks[c]);
    }
    return e;
}

void fl_evaluator_free(fl_evaluator *e)
{
    if (!e)
        return;
    free(e->bindings);
    free(e->touched);
    for (size_t i = 0; i < e->candidates_capacity; i++) {
        free(e->candidates[i].values);
        fl_strmap_free(&e->candidates[i].seen);
    }
    free(e->candidates);
    free(e->choice);
    free(e->realised);
    free(e->tuples);
    fl_strmap_free(&e->tuple_seen);
    fl_arena_free(&e->tuple_text);
    fl_arena_free(&e->arena);
    fl_buffer_free(&e->text);
    fl_buffer_free(&e->scratch);
    free(e);
}

size_t fl_evaluator_applied(const fl_evaluator *e, size_t index)
{
    return e->usage[index].applied;
}

const fl_expr *fl_evaluator_missing_reference(const fl_evaluator *e, size_t index)
{
    const reason *miss = &e->usage[index].first_miss;
    if (miss->why != MISSING && miss->why != NO_MATCH)
        return NULL;
    const fl_expr *culprit = miss->culprit;
    if (culprit && culprit->kind == FL_EXPR_CALL && culprit->as.call.count)
        culprit = culprit->as.call.args[0];
    return culprit && culprit->kind == FL_EXPR_REF ? culprit : NULL;
}

static void touch(fl_evaluator *e, fl_figure *figure, bool plain)
{
    e->touched = fl_xgrow(e->touched, &e->touched_capacity, e->touched_count + 1,
                          sizeof *e->touched);
    e->touched[e->touched_count++] = (touched){figure, plain};
}

/* Starts a listing of figures in which each is named once: fl_figure.listed says
 * whether it already is. */
static void begin_listing(fl_evaluator *e)
{
    if (++e->listing == 0) {
        for (size_t i = 0; i < e->touched_count; i++)
            e->touched[i].figure->listed = 0;
        e->listing = 1;
    }
}

static bool list_once(fl_evaluator *e, fl_figure *figure)
{
    if (figure->listed == e->listing)
        return false;
    figure->listed = e->listing;
    return true;
}

static void fail(fl_evaluator *e, status why, const fl_expr *culprit)
{
    if (e->failure.why == APPLIES) {
        e->failure.why = why;
        e->failure.culprit = culprit;
    }
}

/* ---- numbers ---- */

static number_result applies(fl_interval interval, fl_unit unit)
{
    return (number_result){APPLIES, interval, unit};
}

static number_result not_applicable(fl_evaluator *e, status why, const fl_expr *culprit)
{
    fail(e, why, culprit);
    return (number_result){why, fl_interval_point(fl_value_int(0)), fl_unit_none()};
}

/* The unit of a sum or comparison of `a` and `b`, or UNIT_MISMATCH. */
static bool join_units(fl_evaluator *e, const fl_expr *culprit, fl_unit a, fl_unit b,
                       fl_unit *out)
{
    if (!fl_unit_compatible(a, b)) {
        if (e->failure.why == APPLIES) {
            e->failure.units[0] = a;
            e->failure.units[1] = b;
        }
        fail(e, UNIT_MISMATCH, culprit);
        return false;
    }
    *out = fl_unit_is_none(a) ? b : a;
    return true;
}

typedef struct aggregate {
    fl_evaluator *e;
    const fl_expr *expr;
    fl_function function;
    size_t count;
    fl_interval total;
    fl_unit unit;
    bool mixed;
} aggregate;

static void aggregate_visit(void *context, fl_figure *figure)
{
    aggregate *a = context;
    touch(a->e, figure, false);
    if (a->count == 0) {
        a->total = figure->interval;
        a->unit = figure->number.unit;
    } else {
        if (!a->mixed && !join_units(a->e, a->expr, a->unit, figure->number.unit, &a->unit))
            a->mixed = true;
        if (a->function == FL_FUNCTION_MIN)
            a->total = fl_interval_min(a->total, figure->interval);
        else if (a->function == FL_FUNCTION_MAX)
            a->total = fl_interval_max(a->total, figure->interval);
        else
            a->total = fl_interval_add(a->total, figure->interval);
    }
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

static number_result evaluate_call(fl_evaluator *e, const fl_expr *expr)
{
    fl_function function = expr->as.call.function;
    if (function == FL_FUNCTION_ABS) {
        number_result operand = evaluate_number(e, expr->as.call.args[0]);
        return operand.why ? operand : applies(fl_interval_abs(operand.interval), operand.unit);
    }
    if (function == FL_FUNCTION_PCT) {
        number_result part = evaluate_number(e, expr->as.call.args[0]);
        number_result whole = evaluate_number(e, expr->as.call.args[1]);
        if (part.why)
            return part;
        if (whole.why)
            return whole;
        fl_unit unit;
        if (!join_units(e, expr, part.unit, whole.unit, &unit))
            return (number_result){UNIT_MISMATCH, part.interval, part.unit};
        fl_interval quotient;
        if (!fl_interval_div(part.interval, whole.interval, &quotient)) {
            e->failure.divisor = whole.interval;
            return not_applicable(e, ZERO_DIVISOR, expr);
        }
        return applies(fl_interval_mul(quotient, fl_interval_point(fl_value_int(100))),
                       fl_unit_percent());
    }
    aggregate a = {.e = e, .expr = expr, .function = function};
    for (size_t i = 0; i < expr->as.call.count; i++) {
        const fl_expr *arg = expr->as.call.args[i];
        size_t before = a.count;
        fl_figures_match(e->document->figures, arg->as.ref.segments, arg->as.ref.count,
                         e->bindings, aggregate_visit, &a);
        /* A figure named outright is needed like a plain reference: sum(t.n.*, t.others)
         * without t.others is no sum of what the table gives. */
        if (a.count == before && !arg->as.ref.wildcard)
            return not_applicable(e, MISSING, arg);
    }
    if (a.mixed)
        return (number_result){UNIT_MISMATCH, a.total, a.unit};
    if (a.count == 0)
        return not_applicable(e, NO_MATCH, expr);
    switch (function) {
    case FL_FUNCTION_COUNT:
        return applies(fl_interval_point(fl_value_int((int64_t)a.count)), fl_unit_none());
    case FL_FUNCTION_AVG: {
        fl_interval mean;
        fl_interval_div(a.total, fl_interval_point(fl_value_int((int64_t)a.count)), &mean);
        return applies(mean, a.unit);
    }
    default:
        return applies(a.total, a.unit);
    }
}

/* The unit of a product or quotient: a plain factor keeps the other's unit; two
 * units make something the rules language has no name for, which goes with
 * anything. */
static fl_unit product_unit(fl_unit a, fl_unit b)
{
    if (fl_unit_is_none(a))
        return b;
    if (fl_unit_is_none(b))
        return a;
    return fl_unit_none();
}

/* A chain of + and -, or of * and /, folded left to right. */
static number_result evaluate_arithmetic(fl_evaluator *e, const fl_expr *expr)
{
    number_result result = evaluate_number(e, expr->as.chain.operands[0]);
    status first_why = result.why;
    for (size_t i = 1; i < expr->as.chain.count; i++) {
        number_result operand = evaluate_number(e, expr->as.chain.operands[i]);
        if (first_why || operand.why) {
            first_why = first_why ? first_why : operand.why;
            continue;
        }
        switch ((fl_arithmetic_op)expr->as.chain.ops[i]) {
        case FL_ADD:
        case FL_SUBTRACT:
            if (!join_units(e, expr, result.unit, operand.unit, &result.unit)) {
                first_why = UNIT_MISMATCH;
                continue;
            }
            result.interval = expr->as.chain.ops[i] == FL_ADD
                                  ? fl_interval_add(result.interval, operand.interval)
                                  : fl_interval_sub(result.interval, operand.interval);
            break;
        case FL_MULTIPLY:
            result.interval = fl_interval_mul(result.interval, operand.interval);
            result.unit = product_unit(result.unit, operand.unit);
            break;
        case FL_DIVIDE: {
            fl_interval quotient;
            if (!fl_interval_div(result.interval, operand.interval, &quotient)) {
                e->failure.divisor = operand.interval;
                not_applicable(e, ZERO_DIVISOR, expr);
                first_why = ZERO_DIVISOR;
                continue;
            }
            result.interval = quotient;
            result.unit = fl_unit_same(result.unit, operand.unit)
                              ? fl_unit_none()
                              : product_unit(result.unit, operand.unit);
            break;
        }
        }
    }
    result.why = first_why;
    return result;
}

static number_result evaluate_number(fl_evaluator *e, const fl_expr *expr)
{
    switch (expr->kind) {
    case FL_EXPR_NUMBER:
        return applies(fl_interval_point(expr->as.number.value), expr->as.number.unit);
    case FL_EXPR_REF: {
        fl_figure *figure = plain_figure(e, expr);
        if (!figure)
            return not_applicable(e, MISSING, expr);
        touch(e, figure, true);
        return applies(figure->interval, figure->number.unit);
    }
    case FL_EXPR_NEGATE: {
        number_result operand = evaluate_number(e, expr->as.unary.operand);
        if (!operand.why)
            operand.interval = fl_interval_neg(operand.interval);
        return operand;
    }
    case FL_EXPR_ARITHMETIC:
        return evaluate_arithmetic(e, expr);
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

/* Kleene logic over a chain of and/or, where an operand that does not apply is
 * decided by the others: "not exists(x) or x > 0" passes without x. */
static truth_result evaluate_logic(fl_evaluator *e, const fl_expr *expr, fl_tolerance tolerance);

static truth_result evaluate_truth(fl_evaluator *e, const fl_expr *expr, fl_tolerance tolerance)
{
    switch (expr->kind) {
    case FL_EXPR_COMPARE: {
        number_result left = evaluate_number(e, expr->as.binary.left);
        number_result right = evaluate_number(e, expr->as.binary.right);
        if (left.why || right.why)
            return truth(left.why ? left.why : right.why, FL_TRUTH_UNKNOWN);
        fl_unit unit;
        if (!join_units(e, expr, left.unit, right.unit, &unit))
            return truth(UNIT_MISMATCH, FL_TRUTH_UNKNOWN);
        return truth(APPLIES, fl_interval_compare(expr->as.binary.op, left.interval,
                                                  right.interval, tolerance));
    }
    case FL_EXPR_NOT: {
        truth_result operand = evaluate_truth(e, expr->as.unary.operand, tolerance);
        if (operand.why || operand.truth == FL_TRUTH_UNKNOWN)
            return operand;
        return truth(APPLIES, operand.truth == FL_TRUTH_TRUE ? FL_TRUTH_FALSE : FL_TRUTH_TRUE);
    }
    case FL_EXPR_AND:
    case FL_EXPR_OR:
        return evaluate_logic(e, expr, tolerance);
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

static truth_result evaluate_logic(fl_evaluator *e, const fl_expr *expr, fl_tolerance tolerance)
{
    fl_truth decisive = expr->kind == FL_EXPR_AND ? FL_TRUTH_FALSE : FL_TRUTH_TRUE;
    reason before = e->failure;
    truth_result missing = truth(APPLIES, FL_TRUTH_UNKNOWN);
    bool unknown = false;
    for (size_t i = 0; i < expr->as.chain.count; i++) {
        truth_result operand = evaluate_truth(e, expr->as.chain.operands[i], tolerance);
        if (!operand.why && operand.truth == decisive) {
            /* Whatever the other operands lacked does not matter any more. */
            e->failure = before;
            return operand;
        }
        if (operand.why && !missing.why)
            missing = operand;
        unknown = unknown || operand.truth == FL_TRUTH_UNKNOWN;
    }
    if (missing.why)
        return missing;
    return truth(APPLIES, unknown ? FL_TRUTH_UNKNOWN
                                  : decisive == FL_TRUTH_FALSE ? FL_TRUTH_TRUE : FL_TRUTH_FALSE);
}

/* ---- bindings ---- */

/* Whether `a` and `b` bind the same trie node's text: the figures under one node,
 * visited one after another, all give the binding the last one gave. */
static bool same_binding(const fl_binding *a, const fl_binding *b)
{
    return a->text == b->text && a->length == b->length;
}

static void add_candidate(candidates *c, fl_binding value)
{
    if (c->count && same_binding(&c->values[c->count - 1], &value))
        return;
    size_t ignored;
    if (fl_strmap_get(&c->seen, value.text, value.length, &ignored))
        return;
    fl_strmap_put(&c->seen, value.text, value.length, c->count);
    c->values = fl_xgrow(c->values, &c->capacity, c->count + 1, sizeof *c->values);
    c->values[c->count++] = value;
}

/* The used captures' values as one key, to keep each binding once. */
static void add_tuple(fl_evaluator *e)
{
    size_t captures = e->rule->capture_count;
    if (e->tuple_count) {
        const fl_binding *last = e->tuples + (e->tuple_count - 1) * captures;
        size_t c = 0;
        while (c < captures && (!e->plan->used[c] || same_binding(&last[c], &e->bindings[c])))
            c++;
        if (c == captures)
            return;
    }
    fl_buffer *key = &e->scratch;
    fl_buffer_clear(key);
    for (size_t c = 0; c < captures; c++) {
        if (!e->plan->used[c])
            continue;
        fl_buffer_append(key, e->bindings[c].text, e->bindings[c].length);
        fl_buffer_append_char(key, '\x1f');
    }
    size_t ignored;
    if (fl_strmap_get(&e->tuple_seen, key->data, key->length, &ignored))
        return;
    char *stored = fl_arena_strndup(&e->tuple_text, key->data, key->length);
    fl_strmap_put(&e->tuple_seen, stored, key->length, e->tuple_count);
    e->tuples = fl_xgrow(e->tuples, &e->tuple_capacity, (e->tuple_count + 1) * captures,
                         sizeof *e->tuples);
    memcpy(e->tuples + e->tuple_count * captures, e->bindings, captures * sizeof *e->tuples);
    e->tuple_count++;
}

typedef struct collect_state {
    fl_evaluator *e;
    const fl_expr *ref;
    bool found;
} collect_state;

static void collect_visit(void *context, fl_figure *figure)
{
    (void)figure;
    collect_state *state = context;
    fl_evaluator *e = state->e;
    state->found = true;
    if (e->plan->together) {
        add_tuple(e);
        return;
    }
    const fl_expr *ref = state->ref;
    for (size_t i = 0; i < ref->as.ref.count; i++) {
        const fl_segment *segment = &ref->as.ref.segments[i];
        if (segment->kind == FL_SEGMENT_CAPTURE)
            add_candidate(&e->candidates[segment->capture], e->bindings[segment->capture]);
    }
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
            truth_result t = evaluate_truth(e, part->hole, no_tolerance);
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
        fl_value_format(expr->as.number.value, out);
        if (fl_unit_is_percent(expr->as.number.unit))
            fl_buffer_append_char(out, '%');
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
    fl_compare_op op = check->as.binary.op;
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
    begin_listing(e);
    for (size_t i = 0; i < e->touched_count; i++) {
        fl_figure *figure = e->touched[i].figure;
        if (!e->touched[i].plain || !list_once(e, figure))
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
        fl_buffer_printf(out, " %s ", relation(check->as.binary.op));
        write_side(e, check->as.binary.right, out);
    } else {
        fl_buffer_append_string(out, "check failed: ");
        fl_expr_format(check, e->rule, e->bindings, out);
        write_figure_values(e, out);
    }
    write_off_by(e, check, out);
}

/* Why a check did not apply, with captures shown as bound where they are. */
static void describe_reason(const reason *why, const fl_rule *rule, const fl_binding *bindings,
                            fl_buffer *out)
{
    const fl_expr *culprit = why->culprit;
    switch (why->why) {
    case MISSING:
        fl_expr_format(culprit, rule, bindings, out);
        fl_buffer_append_string(out, " is missing");
        break;
    case NO_MATCH:
        fl_buffer_append_string(out, "no figure matches ");
        fl_expr_format(culprit, rule, bindings, out);
        break;
    case ZERO_DIVISOR:
        fl_expr_format(culprit, rule, bindings, out);
        fl_buffer_append_string(out, " divides by a value that can be zero (");
        fl_interval_format(why->divisor, out);
        fl_buffer_append_char(out, ')');
        break;
    case UNIT_MISMATCH:
        fl_expr_format(culprit, rule, bindings, out);
        fl_buffer_printf(out, " mixes figures in %s and in %s; figures of different units "
                         "are neither added nor compared",
                         fl_unit_label(&why->units[0]), fl_unit_label(&why->units[1]));
        break;
    case APPLIES:
        break;
    }
}

static void describe_not_applicable(fl_evaluator *e, fl_buffer *out)
{
    fl_buffer_clear(out);
    fl_buffer_append_string(out, e->failure.why == UNIT_MISMATCH ? "not checked: "
                                                                 : "not applicable: ");
    if (e->failure.why != APPLIES) {
        describe_reason(&e->failure, e->rule, e->bindings, out);
        return;
    }
    fl_buffer_append_string(out, "cannot confirm 'when' ");
    fl_expr_format(e->rule->when, e->rule, e->bindings, out);
    if (e->rule->when->kind == FL_EXPR_COMPARE) {
        fl_buffer_append_string(out, ": ");
        write_both_sides(e, e->rule->when, out);
    }
}

void fl_evaluator_first_miss(const fl_evaluator *e, size_t index, fl_buffer *out)
{
    if (e->usage[index].miss_text)
        fl_buffer_append_string(out, e->usage[index].miss_text);
}

void fl_evaluator_merge(fl_evaluator *e, const fl_evaluator *later)
{
    for (size_t r = 0; r < e->rules->rule_count; r++) {
        rule_usage *usage = &e->usage[r];
        const rule_usage *more = &later->usage[r];
        usage->applied += more->applied;
        if (usage->first_miss.why == APPLIES && more->first_miss.why != APPLIES) {
            usage->first_miss = more->first_miss;
            usage->miss_text = more->miss_text ? fl_arena_strdup(&e->arena, more->miss_text)
                                               : NULL;
        }
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
    begin_listing(e);
    for (size_t i = 0; i < e->touched_count; i++) {
        fl_figure *figure = e->touched[i].figure;
        if (!list_once(e, figure))
            continue;
        figures[figure_count++] = (fl_finding_figure){
            figure->key, figure->value, figure->interval, figure->number.unit};
        /* A figure the table accepts settles the findings it takes part in. */
        if (figure->accepted && finding->suppression == FL_SUPPRESSION_NONE) {
            finding->suppression = FL_SUPPRESSION_ACCEPTED;
            finding->justification = figure->accepted;
        }
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

static void record_miss(fl_evaluator *e)
{
    rule_usage *usage = &e->usage[e->rule_index];
    if (usage->first_miss.why != APPLIES)
        return;
    usage->first_miss = e->failure;
    fl_buffer_clear(&e->scratch);
    describe_reason(&e->failure, e->rule, e->bindings, &e->scratch);
    fl_buffer_printf(&e->scratch, " in %s", e->document->path);
    usage->miss_text = fl_arena_strdup(&e->arena, fl_buffer_cstr(&e->scratch));
}

/* A check that could not run. Its figures were there unless one is missing or
 * matches nothing: that is a miss, a note only with --verbose. A unit mismatch is a
 * note always, since the data must be fixed for the check to run. */
static void report_not_applicable(fl_evaluator *e)
{
    if (e->failure.why == MISSING || e->failure.why == NO_MATCH) {
        record_miss(e);
        if (!e->verbose)
            return;
    } else {
        e->usage[e->rule_index].applied++;
        if (e->failure.why != UNIT_MISMATCH && !e->verbose)
            return;
    }
    describe_not_applicable(e, &e->text);
    add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE, fl_buffer_cstr(&e->text));
}

static void run_binding(fl_evaluator *e)
{
    e->touched_count = 0;
    e->failure = (reason){.why = APPLIES};
    if (e->rule->when) {
        truth_result when = evaluate_truth(e, e->rule->when, no_tolerance);
        if (when.why) {
            report_not_applicable(e);
            return;
        }
        if (when.truth != FL_TRUTH_TRUE) {
            e->usage[e->rule_index].applied++;
            if (e->verbose && when.truth == FL_TRUTH_UNKNOWN) {
                describe_not_applicable(e, &e->text);
                add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE,
                            fl_buffer_cstr(&e->text));
            }
            return;
        }
        e->touched_count = 0;
        e->failure = (reason){.why = APPLIES};
    }
    truth_result result = evaluate_truth(e, e->check->expr, e->check->tolerance);
    if (result.why) {
        report_not_applicable(e);
        return;
    }
    e->usage[e->rule_index].applied++;
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

/* Readies one candidate list per capture of the rule, emptied. */
static void reset_candidates(fl_evaluator *e, size_t captures)
{
    if (e->candidates_capacity < captures) {
        size_t old = e->candidates_capacity;
        e->candidates = fl_xgrow(e->candidates, &e->candidates_capacity, captures,
                                 sizeof *e->candidates);
        memset(e->candidates + old, 0, (e->candidates_capacity - old) * sizeof *e->candidates);
    }
    for (size_t i = 0; i < captures; i++) {
        e->candidates[i].count = 0;
        fl_strmap_clear(&e->candidates[i].seen);
    }
    e->tuple_count = 0;
    fl_strmap_clear(&e->tuple_seen);
    fl_arena_reset(&e->tuple_text);
}

/* No binding: the first capture reference that matches nothing is why. */
static void no_binding(fl_evaluator *e, const fl_expr *culprit)
{
    e->touched_count = 0;
    e->failure = (reason){.why = NO_MATCH, .culprit = culprit};
    report_not_applicable(e);
}

/* Tries every combination of the captures' values that the document realises. */
static void run_combinations(fl_evaluator *e, size_t captures)
{
    const bool *used = e->plan->used;
    size_t product = 1;
    for (size_t i = 0; i < captures; i++) {
        if (!used[i])
            continue;
        if (e->candidates[i].count > FL_EVAL_MAX_COMBINATIONS / product) {
            product = FL_EVAL_MAX_COMBINATIONS + 1;
            break;
        }
        product *= e->candidates[i].count;
    }
    if (product > FL_EVAL_MAX_COMBINATIONS) {
        e->touched_count = 0;
        fl_buffer_clear(&e->text);
        fl_buffer_append_string(&e->text, "not checked: the captures");
        for (size_t i = 0; i < captures; i++)
            if (used[i])
                fl_buffer_printf(&e->text, " $%s (%zu values)", e->rule->captures[i],
                                 e->candidates[i].count);
        fl_buffer_printf(&e->text, " make more than %d combinations in this document; write "
                         "the check so that they appear together in one reference",
                         FL_EVAL_MAX_COMBINATIONS);
        e->usage[e->rule_index].applied++;
        add_finding(e, FL_SEVERITY_NOTE, FL_OUTCOME_NOT_APPLICABLE, fl_buffer_cstr(&e->text));
        return;
    }
    e->choice = fl_xgrow(e->choice, &e->choice_capacity, captures, sizeof *e->choice);
    memset(e->choice, 0, captures * sizeof *e->choice);
    e->realised = fl_xgrow(e->realised, &e->realised_capacity, captures, sizeof *e->realised);
    for (;;) {
        for (size_t i = 0; i < captures; i++)
            e->bindings[i] = used[i] ? e->candidates[i].values[e->choice[i]] : (fl_binding){0};
        memset(e->realised, 0, captures * sizeof *e->realised);
        realised_state state = {e, e->realised};
        walk_check_refs(e, realised_ref, &state);
        bool real = true;
        for (size_t i = 0; i < captures; i++)
            real = real && (!used[i] || e->realised[i]);
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

static void run_check(fl_evaluator *e)
{
    size_t captures = e->rule->capture_count;
    e->bindings = fl_xgrow(e->bindings, &e->binding_capacity, captures + 1,
                           sizeof *e->bindings);
    memset(e->bindings, 0, (captures + 1) * sizeof *e->bindings);
    if (e->plan->used_count == 0) {
        run_binding(e);
        return;
    }
    reset_candidates(e, captures);
    /* The values the document has for the captures, from the references that hold
     * them: each binding the check can have shows up in its own references. */
    const fl_expr *unmatched = NULL;
    for (size_t r = 0; r < e->plan->ref_count; r++) {
        const fl_expr *ref = e->plan->refs[r];
        collect_state state = {e, ref, false};
        fl_figures_match(e->document->figures, ref->as.ref.segments, ref->as.ref.count,
                         e->bindings, collect_visit, &state);
        if (!state.found && !unmatched)
            unmatched = ref;
    }
    if (e->plan->together) {
        if (e->tuple_count == 0) {
            no_binding(e, unmatched);
            return;
        }
        for (size_t t = 0; t < e->tuple_count; t++) {
            memcpy(e->bindings, e->tuples + t * captures, captures * sizeof *e->bindings);
            run_binding(e);
        }
        return;
    }
    for (size_t i = 0; i < captures; i++) {
        if (e->plan->used[i] && e->candidates[i].count == 0) {
            no_binding(e, unmatched);
            return;
        }
    }
    run_combinations(e, captures);
}

void fl_evaluator_run(fl_evaluator *e, fl_document *document)
{
    e->document = document;
    for (size_t r = 0; r < e->rules->rule_count; r++) {
        const fl_rule *rule = e->rules->rules[r];
        if (!rule->enabled)
            continue;
        e->rule_index = r;
        e->rule = rule;
        for (size_t c = 0; c < rule->check_count; c++) {
            e->check = &rule->checks[c];
            e->plan = &e->plans[r][c];
            run_check(e);
        }
    }
    e->document = NULL;
}
