#include "interval.h"

fl_interval fl_interval_point(fl_value v)
{
    return (fl_interval){.lo = v, .hi = v, .lo_open = false, .hi_open = false};
}

fl_interval fl_interval_closed(fl_value lo, fl_value hi)
{
    return (fl_interval){.lo = lo, .hi = hi, .lo_open = false, .hi_open = false};
}

bool fl_interval_is_point(fl_interval a)
{
    return !a.lo_open && !a.hi_open && fl_value_cmp(a.lo, a.hi) == 0 &&
           !fl_value_is_infinite(a.lo);
}

bool fl_interval_same(fl_interval a, fl_interval b)
{
    return fl_value_cmp(a.lo, b.lo) == 0 && fl_value_cmp(a.hi, b.hi) == 0 &&
           a.lo_open == b.lo_open && a.hi_open == b.hi_open;
}

fl_interval fl_interval_add(fl_interval a, fl_interval b)
{
    return (fl_interval){
        .lo = fl_value_add(a.lo, b.lo),
        .hi = fl_value_add(a.hi, b.hi),
        .lo_open = a.lo_open || b.lo_open,
        .hi_open = a.hi_open || b.hi_open,
    };
}

fl_interval fl_interval_neg(fl_interval a)
{
    return (fl_interval){
        .lo = fl_value_neg(a.hi),
        .hi = fl_value_neg(a.lo),
        .lo_open = a.hi_open,
        .hi_open = a.lo_open,
    };
}

fl_interval fl_interval_sub(fl_interval a, fl_interval b)
{
    return fl_interval_add(a, fl_interval_neg(b));
}

fl_interval fl_interval_mul(fl_interval a, fl_interval b)
{
    struct candidate {
        fl_value value;
        bool open;
    } products[4] = {
        {fl_value_mul(a.lo, b.lo), a.lo_open || b.lo_open},
        {fl_value_mul(a.lo, b.hi), a.lo_open || b.hi_open},
        {fl_value_mul(a.hi, b.lo), a.hi_open || b.lo_open},
        {fl_value_mul(a.hi, b.hi), a.hi_open || b.hi_open},
    };
    fl_interval product = {.lo = products[0].value, .hi = products[0].value,
                           .lo_open = products[0].open, .hi_open = products[0].open};
    for (int i = 1; i < 4; i++) {
        int below = fl_value_cmp(products[i].value, product.lo);
        if (below < 0 || (below == 0 && !products[i].open)) {
            product.lo = products[i].value;
            product.lo_open = products[i].open;
        }
        int above = fl_value_cmp(products[i].value, product.hi);
        if (above > 0 || (above == 0 && !products[i].open)) {
            product.hi = products[i].value;
            product.hi_open = products[i].open;
        }
    }
    /* A zero endpoint reached through a factor of zero is attained, whatever the
     * other factor's openness. */
    if (fl_value_is_zero(product.lo) &&
        ((fl_value_is_zero(a.lo) && !a.lo_open) || (fl_value_is_zero(a.hi) && !a.hi_open) ||
         (fl_value_is_zero(b.lo) && !b.lo_open) || (fl_value_is_zero(b.hi) && !b.hi_open)))
        product.lo_open = false;
    if (fl_value_is_zero(product.hi) &&
        ((fl_value_is_zero(a.lo) && !a.lo_open) || (fl_value_is_zero(a.hi) && !a.hi_open) ||
         (fl_value_is_zero(b.lo) && !b.lo_open) || (fl_value_is_zero(b.hi) && !b.hi_open)))
        product.hi_open = false;
    if (fl_value_is_infinite(product.lo))
        product.lo_open = true;
    if (fl_value_is_infinite(product.hi))
        product.hi_open = true;
    return product;
}

static bool contains_zero(fl_interval a)
{
    int lo = fl_value_sign(a.lo), hi = fl_value_sign(a.hi);
    if (lo > 0 || hi < 0)
        return false;
    if (lo == 0 && a.lo_open)
        return false;
    if (hi == 0 && a.hi_open)
        return false;
    return true;
}

bool fl_interval_div(fl_interval a, fl_interval b, fl_interval *quotient)
{
    if (contains_zero(b))
        return false;
    fl_value one = fl_value_int(1);
    /* An open zero end is approached from b's side of zero: 1/x runs to -∞ below it
     * and to +∞ above it, where 1/0 alone would always give +∞. */
    fl_interval reciprocal = {
        .lo = fl_value_is_zero(b.hi) ? fl_value_infinity(-1) : fl_value_div(one, b.hi),
        .hi = fl_value_is_zero(b.lo) ? fl_value_infinity(1) : fl_value_div(one, b.lo),
        .lo_open = b.hi_open,
        .hi_open = b.lo_open,
    };
    *quotient = fl_interval_mul(a, reciprocal);
    return true;
}

fl_interval fl_interval_abs(fl_interval a)
{
    if (fl_value_sign(a.lo) >= 0)
        return a;
    if (fl_value_sign(a.hi) <= 0)
        return fl_interval_neg(a);
    fl_value negated_lo = fl_value_neg(a.lo);
    int cmp = fl_value_cmp(negated_lo, a.hi);
    fl_interval result = {.lo = fl_value_int(0), .lo_open = false};
    if (cmp > 0 || (cmp == 0 && !a.lo_open)) {
        result.hi = negated_lo;
        result.hi_open = a.lo_open;
    } else {
        result.hi = a.hi;
        result.hi_open = a.hi_open;
    }
    return result;
}

/* The smaller of two lower (or upper) endpoints, carrying its openness. */
static void pick_low(fl_value *v, bool *open, fl_value other, bool other_open)
{
    int cmp = fl_value_cmp(other, *v);
    if (cmp < 0 || (cmp == 0 && !other_open)) {
        *v = other;
        *open = other_open;
    }
}

static void pick_high(fl_value *v, bool *open, fl_value other, bool other_open)
{
    int cmp = fl_value_cmp(other, *v);
    if (cmp > 0 || (cmp == 0 && !other_open)) {
        *v = other;
        *open = other_open;
    }
}

fl_interval fl_interval_min(fl_interval a, fl_interval b)
{
    fl_interval result = a;
    pick_low(&result.lo, &result.lo_open, b.lo, b.lo_open);
    int cmp = fl_value_cmp(b.hi, a.hi);
    if (cmp < 0 || (cmp == 0 && b.hi_open)) {
        result.hi = b.hi;
        result.hi_open = b.hi_open;
    }
    return result;
}

fl_interval fl_interval_max(fl_interval a, fl_interval b)
{
    fl_interval result = a;
    pick_high(&result.hi, &result.hi_open, b.hi, b.hi_open);
    int cmp = fl_value_cmp(b.lo, a.lo);
    if (cmp > 0 || (cmp == 0 && b.lo_open)) {
        result.lo = b.lo;
        result.lo_open = b.lo_open;
    }
    return result;
}

bool fl_interval_intersect(fl_interval a, fl_interval b, fl_interval *common)
{
    fl_interval result = a;
    int lo = fl_value_cmp(b.lo, a.lo);
    if (lo > 0 || (lo == 0 && b.lo_open)) {
        result.lo = b.lo;
        result.lo_open = b.lo_open;
    }
    int hi = fl_value_cmp(b.hi, a.hi);
    if (hi < 0 || (hi == 0 && b.hi_open)) {
        result.hi = b.hi;
        result.hi_open = b.hi_open;
    }
    int span = fl_value_cmp(result.lo, result.hi);
    if (span > 0 || (span == 0 && (result.lo_open || result.hi_open)))
        return false;
    *common = result;
    return true;
}

/* The largest magnitude a value of `a` can take. */
static fl_value greatest_magnitude(fl_interval a)
{
    return fl_value_max(fl_value_abs(a.lo), fl_value_abs(a.hi));
}

fl_value fl_interval_magnitude(fl_interval a, fl_interval b)
{
    return fl_value_max(greatest_magnitude(a), greatest_magnitude(b));
}

/* Is `v` (an endpoint, `open` or not) at most `limit`, for every value it bounds?
 * For an upper endpoint: every value x <= v satisfies x <= limit iff v <= limit. */
static bool at_most(fl_value v, fl_value limit)
{
    return fl_value_cmp(v, limit) <= 0;
}

/* Every value below an upper endpoint `v` is strictly less than `limit`. */
static bool strictly_below(fl_value v, bool open, fl_value limit)
{
    int cmp = fl_value_cmp(v, limit);
    return cmp < 0 || (cmp == 0 && open);
}

/* ---- comparisons with a tolerance in percent ----
 *
 * `a == b within t%` means |x - y| <= t * max(|x|, |y|) for the values x of a and y of
 * b. The slack depends on the pair, so no one slack decides the comparison for the
 * whole box a x b. But in each of four sectors of the plane the larger magnitude is
 * linear (x, -x, y or -y), so there the condition is a linear inequality, and
 * "holds for some pair" is the feasibility of a few linear inequalities in x and y:
 * decided exactly by eliminating y (Fourier-Motzkin), strict inequalities kept strict.
 * The comparison holds for every pair when no pair satisfies its negation, and fails
 * for every pair when no pair satisfies it. */

/* a*x + b*y + c <= 0, or < 0 when strict. */
typedef struct constraint {
    fl_value a, b, c;
    bool strict;
} constraint;

enum { MAX_CONSTRAINTS = 12 };

typedef struct system {
    constraint items[MAX_CONSTRAINTS];
    size_t count;
} system;

static void add_constraint(system *s, fl_value a, fl_value b, fl_value c, bool strict)
{
    s->items[s->count++] = (constraint){a, b, c, strict};
}

/* The interval's finite ends as constraints on variable x (which = 0) or y. */
static void add_bounds(system *s, fl_interval v, int which)
{
    fl_value zero = fl_value_int(0), one = fl_value_int(1), minus = fl_value_int(-1);
    if (!fl_value_is_infinite(v.lo))
        add_constraint(s, which ? zero : minus, which ? minus : zero, v.lo, v.lo_open);
    if (!fl_value_is_infinite(v.hi))
        add_constraint(s, which ? zero : one, which ? one : zero, fl_value_neg(v.hi),
                       v.hi_open);
}

/* A bound on x: x >= value (lower) or x <= value, strict or not. */
typedef struct bound {
    fl_value value;
    bool strict, present;
} bound;

static void tighten(bound *b, fl_value value, bool strict, bool lower)
{
    int cmp = b->present ? fl_value_cmp(value, b->value) : (lower ? 1 : -1);
    if ((lower ? cmp > 0 : cmp < 0) || (cmp == 0 && strict)) {
        b->value = value;
        b->strict = strict;
    }
    b->present = true;
}

/* Whether a x-only constraint a*x + c (<)= 0 holds for some x, narrowing the bounds. */
static bool x_constraint(fl_value a, fl_value c, bool strict, bound *low, bound *high)
{
    int sign = fl_value_sign(a);
    if (sign == 0) {
        int c_sign = fl_value_sign(c);
        return strict ? c_sign < 0 : c_sign <= 0;
    }
    fl_value limit = fl_value_div(fl_value_neg(c), a);
    tighten(sign > 0 ? high : low, limit, strict, sign < 0);
    return true;
}

static bool feasible(const system *s)
{
    bound low = {0}, high = {0};
    for (size_t i = 0; i < s->count; i++) {
        const constraint *k = &s->items[i];
        if (fl_value_sign(k->b) == 0 && !x_constraint(k->a, k->c, k->strict, &low, &high))
            return false;
    }
    /* y is eliminated: each lower bound on it meets each upper bound. */
    for (size_t i = 0; i < s->count; i++) {
        const constraint *lower = &s->items[i];
        if (fl_value_sign(lower->b) >= 0)
            continue;
        for (size_t j = 0; j < s->count; j++) {
            const constraint *upper = &s->items[j];
            if (fl_value_sign(upper->b) <= 0)
                continue;
            /* lower: y >= (a1 x + c1) / -b1; upper: y <= -(a2 x + c2) / b2. */
            fl_value nb1 = fl_value_neg(lower->b);
            fl_value a = fl_value_add(fl_value_div(lower->a, nb1), fl_value_div(upper->a, upper->b));
            fl_value c = fl_value_add(fl_value_div(lower->c, nb1), fl_value_div(upper->c, upper->b));
            if (!x_constraint(a, c, lower->strict || upper->strict, &low, &high))
                return false;
        }
    }
    if (!low.present || !high.present)
        return true;
    int cmp = fl_value_cmp(low.value, high.value);
    return cmp < 0 || (cmp == 0 && !low.strict && !high.strict);
}

/* One inequality of a comparison: sign * (x - y) - t * M (<)= 0, negated or not, where
 * M = mx * x + my * y is the larger magnitude in the sector at hand. */
typedef struct atom {
    int sign;     /* +1: x - y on the left (a <= b side), -1: y - x */
    bool strict;
    bool negated; /* the opposite: sign * (x - y) - t * M > 0 (or >= 0 when strict) */
} atom;

static void add_atom(system *s, atom at, fl_value t, int mx, int my)
{
    fl_value a = fl_value_sub(fl_value_int(at.sign), fl_value_mul(t, fl_value_int(mx)));
    fl_value b = fl_value_sub(fl_value_int(-at.sign), fl_value_mul(t, fl_value_int(my)));
    fl_value c = fl_value_int(0);
    if (at.negated)
        add_constraint(s, fl_value_neg(a), fl_value_neg(b), c, !at.strict);
    else
        add_constraint(s, a, b, c, at.strict);
}

/* Does some pair of the box satisfy every atom of `atoms`? */
static bool some_pair(fl_interval x, fl_interval y, fl_value t, const atom *atoms,
                      size_t count)
{
    /* The sectors where M = x, -x, y, -y: each given by two inequalities. */
    static const struct {
        int mx, my;
        int rows[2][2]; /* coefficients of x and y in "row <= 0" */
    } sectors[4] = {
        {1, 0, {{-1, 1}, {-1, -1}}},  /* x >= y, x >= -y */
        {-1, 0, {{1, 1}, {1, -1}}},   /* -x >= y, -x >= -y */
        {0, 1, {{1, -1}, {-1, -1}}},  /* y >= x, y >= -x */
        {0, -1, {{1, 1}, {-1, 1}}},   /* -y >= x, -y >= -x */
    };
    for (int k = 0; k < 4; k++) {
        system s = {.count = 0};
        add_bounds(&s, x, 0);
        add_bounds(&s, y, 1);
        for (int r = 0; r < 2; r++)
            add_constraint(&s, fl_value_int(sectors[k].rows[r][0]),
                           fl_value_int(sectors[k].rows[r][1]), fl_value_int(0), false);
        for (size_t i = 0; i < count; i++)
            add_atom(&s, atoms[i], t, sectors[k].mx, sectors[k].my);
        if (feasible(&s))
            return true;
    }
    return false;
}

static fl_truth compare_percent(fl_compare_op op, fl_interval a, fl_interval b, fl_value t)
{
    /* The comparison as atoms: "a <= b" is x - y <= tM, "a >= b" is y - x <= tM. */
    atom le = {+1, false, false}, ge = {-1, false, false};
    atom lt = {+1, true, false}, gt = {-1, true, false};
    atom not_le = le, not_ge = ge, not_lt = lt, not_gt = gt;
    not_le.negated = not_ge.negated = not_lt.negated = not_gt.negated = true;
    bool holds_somewhere = false, fails_somewhere = false;
    switch (op) {
    case FL_CMP_LE:
        holds_somewhere = some_pair(a, b, t, &le, 1);
        fails_somewhere = some_pair(a, b, t, &not_le, 1);
        break;
    case FL_CMP_LT:
        holds_somewhere = some_pair(a, b, t, &lt, 1);
        fails_somewhere = some_pair(a, b, t, &not_lt, 1);
        break;
    case FL_CMP_GE:
        holds_somewhere = some_pair(a, b, t, &ge, 1);
        fails_somewhere = some_pair(a, b, t, &not_ge, 1);
        break;
    case FL_CMP_GT:
        holds_somewhere = some_pair(a, b, t, &gt, 1);
        fails_somewhere = some_pair(a, b, t, &not_gt, 1);
        break;
    case FL_CMP_EQ:
    case FL_CMP_NE: {
        atom both[2] = {le, ge};
        bool equal_somewhere = some_pair(a, b, t, both, 2);
        bool unequal_somewhere = some_pair(a, b, t, &not_le, 1) ||
                                 some_pair(a, b, t, &not_ge, 1);
        holds_somewhere = op == FL_CMP_EQ ? equal_somewhere : unequal_somewhere;
        fails_somewhere = op == FL_CMP_EQ ? unequal_somewhere : equal_somewhere;
        break;
    }
    }
    if (!fails_somewhere)
        return FL_TRUTH_TRUE;
    if (!holds_somewhere)
        return FL_TRUTH_FALSE;
    return FL_TRUTH_UNKNOWN;
}

fl_truth fl_interval_compare(fl_compare_op op, fl_interval a, fl_interval b,
                             fl_tolerance tolerance)
{
    if (tolerance.percent)
        return compare_percent(op, a, b, fl_value_div(tolerance.amount, fl_value_int(100)));
    fl_interval d = fl_interval_sub(a, b);
    fl_value slack = tolerance.amount, neg_slack = fl_value_neg(slack);
    bool holds = false, fails = false;
    switch (op) {
    case FL_CMP_LE: /* d <= slack */
        holds = at_most(d.hi, slack);
        fails = strictly_below(fl_value_neg(d.lo), d.lo_open, neg_slack);
        break;
    case FL_CMP_LT: /* d < slack */
        holds = strictly_below(d.hi, d.hi_open, slack);
        fails = at_most(fl_value_neg(d.lo), neg_slack);
        break;
    case FL_CMP_GE: /* d >= -slack */
        holds = at_most(fl_value_neg(d.lo), slack);
        fails = strictly_below(d.hi, d.hi_open, neg_slack);
        break;
    case FL_CMP_GT: /* d > -slack */
        holds = strictly_below(fl_value_neg(d.lo), d.lo_open, slack);
        fails = at_most(d.hi, neg_slack);
        break;
    case FL_CMP_EQ:
    case FL_CMP_NE: /* |d| <= slack, and its negation */
        holds = at_most(d.hi, slack) && at_most(fl_value_neg(d.lo), slack);
        fails = strictly_below(fl_value_neg(d.lo), d.lo_open, neg_slack) ||
                strictly_below(d.hi, d.hi_open, neg_slack);
        if (op == FL_CMP_NE) {
            bool swap = holds;
            holds = fails;
            fails = swap;
        }
        break;
    }
    if (holds)
        return FL_TRUTH_TRUE;
    if (fails)
        return FL_TRUTH_FALSE;
    return FL_TRUTH_UNKNOWN;
}

fl_value fl_interval_gap(fl_compare_op op, fl_interval a, fl_interval b)
{
    fl_interval d = fl_interval_sub(a, b);
    switch (op) {
    case FL_CMP_LE:
    case FL_CMP_LT:
        return fl_value_max(d.lo, fl_value_int(0));
    case FL_CMP_GE:
    case FL_CMP_GT:
        return fl_value_max(fl_value_neg(d.hi), fl_value_int(0));
    case FL_CMP_EQ:
        if (fl_value_sign(d.lo) > 0)
            return d.lo;
        if (fl_value_sign(d.hi) < 0)
            return fl_value_neg(d.hi);
        return fl_value_int(0);
    case FL_CMP_NE:
        break;
    }
    return fl_value_int(0);
}

void fl_interval_format(fl_interval a, fl_buffer *out)
{
    bool no_lo = fl_value_is_infinite(a.lo), no_hi = fl_value_is_infinite(a.hi);
    if (fl_interval_is_point(a)) {
        fl_value_format(a.lo, out);
        return;
    }
    if (no_lo && no_hi) {
        fl_buffer_append_string(out, "any value");
        return;
    }
    bool zero_floor = fl_value_is_zero(a.lo) && !a.lo_open;
    if (no_hi || (zero_floor && !no_hi) || no_lo) {
        if (no_hi) {
            fl_buffer_append_string(out, a.lo_open ? "more than " : "at least ");
            fl_value_format(a.lo, out);
        } else {
            fl_buffer_append_string(out, a.hi_open ? "less than " : "at most ");
            fl_value_format(a.hi, out);
        }
        return;
    }
    if (!a.lo_open && !a.hi_open) {
        fl_value_format(a.lo, out);
        fl_buffer_append_string(out, " to ");
        fl_value_format(a.hi, out);
        return;
    }
    fl_buffer_append_string(out, a.lo_open ? "more than " : "at least ");
    fl_value_format(a.lo, out);
    fl_buffer_append_string(out, a.hi_open ? " and less than " : " and at most ");
    fl_value_format(a.hi, out);
}
