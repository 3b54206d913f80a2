/*
 * interval.h — what a figure can be: an interval of values, and three-valued
 * comparison over intervals.
 *
 * "about 3,000" is [2,500, 3,500], "more than 200" is (200, ∞). Arithmetic follows
 * interval rules (a sum of ranges is the range of sums), and a comparison is
 * FL_TRUTH_TRUE only when it holds for every pair of values, FL_TRUTH_FALSE only when
 * it fails for every pair, and FL_TRUTH_UNKNOWN otherwise: rounded or hedged figures
 * never raise a false alarm, genuine contradictions always do.
 */
#ifndef FL_INTERVAL_H
#define FL_INTERVAL_H

#include <stdbool.h>

#include "memory.h"
#include "value.h"

typedef struct fl_interval {
    fl_value lo, hi;
    bool lo_open, hi_open;
} fl_interval;

typedef enum fl_truth { FL_TRUTH_FALSE, FL_TRUTH_TRUE, FL_TRUTH_UNKNOWN } fl_truth;

typedef enum fl_compare_op {
    FL_CMP_EQ, FL_CMP_NE, FL_CMP_LT, FL_CMP_LE, FL_CMP_GT, FL_CMP_GE
} fl_compare_op;

/* Slack for a comparison: `within 5` (absolute) or `within 5%` (of the larger
 * magnitude). A zero absolute tolerance is a plain comparison. */
typedef struct fl_tolerance {
    fl_value amount;
    bool percent;
} fl_tolerance;

fl_interval fl_interval_point(fl_value v);
fl_interval fl_interval_closed(fl_value lo, fl_value hi);
bool fl_interval_is_point(fl_interval a);
bool fl_interval_same(fl_interval a, fl_interval b);

fl_interval fl_interval_add(fl_interval a, fl_interval b);
fl_interval fl_interval_sub(fl_interval a, fl_interval b);
fl_interval fl_interval_mul(fl_interval a, fl_interval b);
/* false when `b` contains zero: the quotient is then not defined. */
bool fl_interval_div(fl_interval a, fl_interval b, fl_interval *quotient);
fl_interval fl_interval_neg(fl_interval a);
fl_interval fl_interval_abs(fl_interval a);
fl_interval fl_interval_min(fl_interval a, fl_interval b);
fl_interval fl_interval_max(fl_interval a, fl_interval b);
/* false when the two have no value in common. */
bool fl_interval_intersect(fl_interval a, fl_interval b, fl_interval *common);

fl_truth fl_interval_compare(fl_compare_op op, fl_interval a, fl_interval b,
                             fl_tolerance tolerance);

/* How far apart two intervals are beyond what `op` allows: 23 for 2,418 == 2,395.
 * Meaningful when the comparison is FL_TRUTH_FALSE. */
fl_value fl_interval_gap(fl_compare_op op, fl_interval a, fl_interval b);
/* The larger magnitude any value of either interval can take. */
fl_value fl_interval_magnitude(fl_interval a, fl_interval b);

/* In words an editor reads: "2,418", "2,500 to 3,500", "more than 1,000",
 * "at least 500", "less than 10", "at most 10". */
void fl_interval_format(fl_interval a, fl_buffer *out);

#endif
