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

/* Smallest and largest magnitude a value of `a` can take. */
static fl_value least_magnitude(fl_interval a)
{
    if (contains_zero(a))
        return fl_value_int(0);
    return fl_value_min(fl_value_abs(a.lo), fl_value_abs(a.hi));
}

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

fl_truth fl_interval_compare(fl_compare_op op, fl_interval a, fl_interval b,
                             fl_tolerance tolerance)
{
    fl_interval d = fl_interval_sub(a, b);
    /* With a tolerance in percent the slack depends on the values compared: `small`
     * is the least slack any pair gets (to claim the check holds for all), `large`
     * the most (to claim it fails for all). */
    fl_value small = tolerance.amount, large = tolerance.amount;
    if (tolerance.percent) {
        fl_value fraction = fl_value_div(tolerance.amount, fl_value_int(100));
        small = fl_value_mul(fraction, fl_value_max(least_magnitude(a), least_magnitude(b)));
        large = fl_value_mul(fraction, fl_interval_magnitude(a, b));
    }
    fl_value neg_large = fl_value_neg(large);
    bool holds = false, fails = false;
    switch (op) {
    case FL_CMP_LE: /* d <= slack */
        holds = at_most(d.hi, small);
        fails = strictly_below(fl_value_neg(d.lo), d.lo_open, neg_large);
        break;
    case FL_CMP_LT: /* d < slack */
        holds = strictly_below(d.hi, d.hi_open, small);
        fails = at_most(fl_value_neg(d.lo), neg_large);
        break;
    case FL_CMP_GE: /* d >= -slack */
        holds = at_most(fl_value_neg(d.lo), small);
        fails = strictly_below(d.hi, d.hi_open, neg_large);
        break;
    case FL_CMP_GT: /* d > -slack */
        holds = strictly_below(fl_value_neg(d.lo), d.lo_open, small);
        fails = at_most(d.hi, neg_large);
        break;
    case FL_CMP_EQ:
    case FL_CMP_NE: /* |d| <= slack, and its negation */
        holds = at_most(d.hi, small) && at_most(fl_value_neg(d.lo), small);
        fails = strictly_below(fl_value_neg(d.lo), d.lo_open, neg_large) ||
                strictly_below(d.hi, d.hi_open, neg_large);
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
