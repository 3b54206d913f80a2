#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "interval.h"

static fl_value n(int64_t value)
{
    return fl_value_int(value);
}

static fl_interval closed(int64_t lo, int64_t hi)
{
    return fl_interval_closed(n(lo), n(hi));
}

static fl_interval with_ends(fl_value lo, fl_value hi, bool lo_open, bool hi_open)
{
    return (fl_interval){.lo = lo, .hi = hi, .lo_open = lo_open, .hi_open = hi_open};
}

static fl_value inf(int sign)
{
    return fl_value_infinity(sign);
}

static void append_endpoint(fl_value v, fl_buffer *out)
{
    if (fl_value_is_infinite(v))
        fl_buffer_append_string(out, fl_value_sign(v) < 0 ? "-inf" : "inf");
    else
        fl_value_format_plain(v, out);
}

/* Exact endpoints with their openness: "[2, 5]", "(-inf, -0.2]". */
static const char *ends(fl_interval a)
{
    static char result[128];
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_char(&text, a.lo_open ? '(' : '[');
    append_endpoint(a.lo, &text);
    fl_buffer_append_string(&text, ", ");
    append_endpoint(a.hi, &text);
    fl_buffer_append_char(&text, a.hi_open ? ')' : ']');
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return result;
}

static const char *in_words(fl_interval a)
{
    static char result[128];
    fl_buffer text = FL_BUFFER_INIT;
    fl_interval_format(a, &text);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return result;
}

static const fl_tolerance no_tolerance = {{0, 1, 0, true}, false};

static fl_tolerance within(int64_t amount, bool percent)
{
    return (fl_tolerance){fl_value_int(amount), percent};
}

static void test_points_and_sameness(void **state)
{
    (void)state;
    assert_true(fl_interval_is_point(fl_interval_point(n(2418))));
    assert_false(fl_interval_is_point(closed(1, 2)));
    assert_false(fl_interval_is_point(with_ends(n(1), n(1), true, false)));
    assert_false(fl_interval_is_point(fl_interval_point(inf(1))));
    assert_true(fl_interval_same(closed(1, 2), fl_interval_closed(fl_value_ratio(2, 2), n(2))));
    assert_false(fl_interval_same(closed(1, 2), with_ends(n(1), n(2), false, true)));
    assert_string_equal(ends(fl_interval_point(n(7))), "[7, 7]");
}

static void test_sum_difference_negation(void **state)
{
    (void)state;
    assert_string_equal(ends(fl_interval_add(closed(1, 2), closed(10, 20))), "[11, 22]");
    assert_string_equal(ends(fl_interval_add(with_ends(n(1), n(2), true, false),
                                             with_ends(n(3), n(4), false, true))),
                        "(4, 6)");
    assert_string_equal(ends(fl_interval_sub(closed(10, 20), closed(1, 2))), "[8, 19]");
    assert_string_equal(ends(fl_interval_neg(with_ends(n(1), n(2), true, false))), "[-2, -1)");
    fl_interval more = with_ends(n(200), inf(1), true, true);
    assert_string_equal(ends(fl_interval_add(more, closed(1, 1))), "(201, inf)");
    assert_string_equal(ends(fl_interval_sub(more, more)), "(-inf, inf)");
    fl_interval sum = fl_interval_add(fl_interval_point(fl_value_decimal(1, -1)),
                                      fl_interval_point(fl_value_decimal(2, -1)));
    assert_true(fl_interval_same(sum, fl_interval_point(fl_value_decimal(3, -1))));
}

static void test_product(void **state)
{
    (void)state;
    assert_string_equal(ends(fl_interval_mul(closed(-2, 3), closed(4, 5))), "[-10, 15]");
    assert_string_equal(ends(fl_interval_mul(closed(-2, -1), closed(-3, 4))), "[-8, 6]");
    /* 0 times anything is reached, so the product's zero end is closed. */
    assert_string_equal(ends(fl_interval_mul(closed(0, 2), with_ends(n(3), inf(1), true, true))),
                        "[0, inf)");
    assert_string_equal(ends(fl_interval_mul(with_ends(n(0), n(2), true, false), closed(3, 4))),
                        "(0, 8]");
    assert_string_equal(ends(fl_interval_mul(with_ends(inf(-1), n(5), true, false),
                                             closed(2, 3))),
                        "(-inf, 15]");
}

static void test_quotient(void **state)
{
    (void)state;
    fl_interval ten = fl_interval_point(n(10)), quotient;
    assert_true(fl_interval_div(ten, closed(2, 5), &quotient));
    assert_string_equal(ends(quotient), "[2, 5]");
    assert_true(fl_interval_div(closed(1, 1), closed(3, 3), &quotient));
    assert_string_equal(ends(quotient), "[0.3333333333333333, 0.3333333333333333]");
    assert_true(quotient.lo.exact);
    assert_int_equal(quotient.lo.den, 3);
    assert_true(fl_interval_div(ten, with_ends(n(0), n(5), true, false), &quotient));
    assert_string_equal(ends(quotient), "[2, inf)");
    assert_true(fl_interval_div(ten, with_ends(n(-5), n(0), false, true), &quotient));
    assert_string_equal(ends(quotient), "(-inf, -2]");
    assert_true(fl_interval_div(ten, with_ends(inf(-1), n(0), true, true), &quotient));
    assert_string_equal(ends(quotient), "(-inf, 0)");
    assert_true(fl_interval_div(ten, with_ends(n(2), inf(1), false, true), &quotient));
    assert_string_equal(ends(quotient), "(0, 5]");
}

static void test_division_by_an_interval_containing_zero(void **state)
{
    (void)state;
    fl_interval quotient = closed(42, 42);
    assert_false(fl_interval_div(closed(1, 1), closed(-1, 1), &quotient));
    assert_false(fl_interval_div(closed(1, 1), closed(0, 5), &quotient));
    assert_false(fl_interval_div(closed(1, 1), closed(-5, 0), &quotient));
    assert_false(fl_interval_div(closed(1, 1), closed(0, 0), &quotient));
    assert_false(fl_interval_div(closed(1, 1), with_ends(inf(-1), inf(1), true, true),
                                 &quotient));
    assert_string_equal(ends(quotient), "[42, 42]");
}

static void test_abs_min_max(void **state)
{
    (void)state;
    assert_string_equal(ends(fl_interval_abs(closed(-3, 2))), "[0, 3]");
    assert_string_equal(ends(fl_interval_abs(with_ends(n(-3), n(2), true, false))), "[0, 3)");
    assert_string_equal(ends(fl_interval_abs(closed(-5, -1))), "[1, 5]");
    assert_string_equal(ends(fl_interval_abs(closed(1, 5))), "[1, 5]");
    assert_string_equal(ends(fl_interval_min(closed(1, 5), closed(2, 3))), "[1, 3]");
    assert_string_equal(ends(fl_interval_max(closed(1, 5), closed(2, 3))), "[2, 5]");
    assert_string_equal(ends(fl_interval_min(closed(1, 5), with_ends(n(1), n(5), true, true))),
                        "[1, 5)");
    assert_string_equal(ends(fl_interval_max(closed(1, 5), with_ends(n(1), n(5), true, true))),
                        "(1, 5]");
}

static void test_intersection(void **state)
{
    (void)state;
    fl_interval common;
    assert_true(fl_interval_intersect(closed(1, 5), closed(3, 8), &common));
    assert_string_equal(ends(common), "[3, 5]");
    assert_true(fl_interval_intersect(closed(1, 3), closed(3, 5), &common));
    assert_string_equal(ends(common), "[3, 3]");
    assert_false(fl_interval_intersect(with_ends(n(1), n(3), false, true), closed(3, 5),
                                       &common));
    assert_false(fl_interval_intersect(closed(1, 2), closed(3, 4), &common));
    assert_true(fl_interval_intersect(with_ends(n(200), inf(1), true, true), closed(0, 300),
                                      &common));
    assert_string_equal(ends(common), "(200, 300]");
}

static void test_three_valued_comparison(void **state)
{
    (void)state;
    static const struct {
        fl_compare_op op;
        fl_interval a, b;
        fl_truth truth;
    } cases[] = {
        {FL_CMP_EQ, {{2418, 1, 0, true}, {2418, 1, 0, true}, false, false},
         {{2395, 1, 0, true}, {2395, 1, 0, true}, false, false}, FL_TRUTH_FALSE},
        {FL_CMP_NE, {{2418, 1, 0, true}, {2418, 1, 0, true}, false, false},
         {{2395, 1, 0, true}, {2395, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_EQ, {{2500, 1, 0, true}, {3500, 1, 0, true}, false, false},
         {{3000, 1, 0, true}, {3000, 1, 0, true}, false, false}, FL_TRUTH_UNKNOWN},
        {FL_CMP_EQ, {{2000, 1, 0, true}, {2000, 1, 0, true}, false, false},
         {{2000, 1, 0, true}, {2000, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_LE, {{1, 1, 0, true}, {2, 1, 0, true}, false, false},
         {{2, 1, 0, true}, {3, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_LE, {{1, 1, 0, true}, {3, 1, 0, true}, false, false},
         {{2, 1, 0, true}, {4, 1, 0, true}, false, false}, FL_TRUTH_UNKNOWN},
        {FL_CMP_LE, {{5, 1, 0, true}, {6, 1, 0, true}, false, false},
         {{1, 1, 0, true}, {2, 1, 0, true}, false, false}, FL_TRUTH_FALSE},
        {FL_CMP_LT, {{0, 1, 0, true}, {10, 1, 0, true}, false, true},
         {{10, 1, 0, true}, {10, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_LT, {{0, 1, 0, true}, {10, 1, 0, true}, false, false},
         {{10, 1, 0, true}, {10, 1, 0, true}, false, false}, FL_TRUTH_UNKNOWN},
        {FL_CMP_LT, {{10, 1, 0, true}, {12, 1, 0, true}, false, false},
         {{10, 1, 0, true}, {10, 1, 0, true}, false, false}, FL_TRUTH_FALSE},
        {FL_CMP_GT, {{200, 1, 0, true}, {0, 1, INFINITY, false}, true, true},
         {{200, 1, 0, true}, {200, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_GE, {{500, 1, 0, true}, {0, 1, INFINITY, false}, false, true},
         {{500, 1, 0, true}, {500, 1, 0, true}, false, false}, FL_TRUTH_TRUE},
        {FL_CMP_GT, {{500, 1, 0, true}, {0, 1, INFINITY, false}, false, true},
         {{500, 1, 0, true}, {500, 1, 0, true}, false, false}, FL_TRUTH_UNKNOWN},
        {FL_CMP_EQ, {{200, 1, 0, true}, {0, 1, INFINITY, false}, true, true},
         {{300, 1, 0, true}, {300, 1, 0, true}, false, false}, FL_TRUTH_UNKNOWN},
        {FL_CMP_LE, {{200, 1, 0, true}, {0, 1, INFINITY, false}, true, true},
         {{100, 1, 0, true}, {100, 1, 0, true}, false, false}, FL_TRUTH_FALSE},
        {FL_CMP_GE, {{1, 1, 0, true}, {2, 1, 0, true}, false, false},
         {{5, 1, 0, true}, {6, 1, 0, true}, false, false}, FL_TRUTH_FALSE},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_truth truth = fl_interval_compare(cases[i].op, cases[i].a, cases[i].b, no_tolerance);
        if (truth != cases[i].truth) {
            print_error("case %zu: got %d, expected %d\n", i, truth, cases[i].truth);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_comparison_with_tolerance(void **state)
{
    (void)state;
    fl_interval arrests = fl_interval_point(n(2418)), outcomes = fl_interval_point(n(2395));
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, arrests, outcomes, within(25, false)),
                     FL_TRUTH_TRUE);
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, arrests, outcomes, within(23, false)),
                     FL_TRUTH_TRUE);
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, arrests, outcomes, within(20, false)),
                     FL_TRUTH_FALSE);
    /* 1% of the larger, 2,418, is 24.18: enough for a gap of 23; 0.9% is not. */
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, arrests, outcomes, within(1, true)),
                     FL_TRUTH_TRUE);
    fl_tolerance fraction = {fl_value_decimal(9, -1), true};
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, arrests, outcomes, fraction),
                     FL_TRUTH_FALSE);
    assert_int_equal(fl_interval_compare(FL_CMP_LE, fl_interval_point(n(105)),
                                         fl_interval_point(n(100)), within(5, false)),
                     FL_TRUTH_TRUE);
    assert_int_equal(fl_interval_compare(FL_CMP_LT, fl_interval_point(n(105)),
                                         fl_interval_point(n(100)), within(5, false)),
                     FL_TRUTH_FALSE);
    /* Percent slack grows with the values: true for some pairs only. */
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, closed(90, 110), fl_interval_point(n(100)),
                                         within(5, true)),
                     FL_TRUTH_UNKNOWN);
}

/* ---- percent tolerance against an independent reading ----
 *
 * The reading: sample both intervals on a grid of 1/60ths and test every pair with
 * integer arithmetic. With integer ends and t = 1/4, 1/2, 1, 3/2 every corner of the
 * regions where a comparison holds lies on that grid, so the sample decides "for
 * every pair" and "for no pair" exactly. */

enum { GRID = 60 };

static bool pair_holds(fl_compare_op op, long x, long y, long t_num, long t_den)
{
    long m = labs(x) > labs(y) ? labs(x) : labs(y);
    long d = x - y;
    /* d vs slack t*m, all times t_den */
    long slack = t_num * m, scaled = d * t_den;
    switch (op) {
    case FL_CMP_LE:
        return scaled <= slack;
    case FL_CMP_LT:
        return scaled < slack;
    case FL_CMP_GE:
        return -scaled <= slack;
    case FL_CMP_GT:
        return -scaled < slack;
    case FL_CMP_EQ:
        return labs(scaled) <= slack;
    case FL_CMP_NE:
        return labs(scaled) > slack;
    }
    return false;
}

static fl_truth sampled(fl_compare_op op, long a_lo, long a_hi, bool a_lo_open, bool a_hi_open,
                        long b_lo, long b_hi, bool b_lo_open, bool b_hi_open, long t_num,
                        long t_den)
{
    bool some = false, all = true;
    for (long x = a_lo * GRID; x <= a_hi * GRID; x++) {
        if ((a_lo_open && x == a_lo * GRID) || (a_hi_open && x == a_hi * GRID))
            continue;
        for (long y = b_lo * GRID; y <= b_hi * GRID; y++) {
            if ((b_lo_open && y == b_lo * GRID) || (b_hi_open && y == b_hi * GRID))
                continue;
            bool holds = pair_holds(op, x, y, t_num, t_den);
            some = some || holds;
            all = all && holds;
        }
    }
    return all ? FL_TRUTH_TRUE : some ? FL_TRUTH_UNKNOWN : FL_TRUTH_FALSE;
}

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static void test_percent_tolerance_matches_sampling(void **state)
{
    (void)state;
    static const long tolerances[][2] = {{1, 4}, {1, 2}, {1, 1}, {3, 2}};
    unsigned seed = 7;
    int failures = 0, cases = 0;
    for (int i = 0; i < 600; i++) {
        long a_lo = (long)(next_random(&seed) % 9) - 4, b_lo = (long)(next_random(&seed) % 9) - 4;
        long a_hi = a_lo + (long)(next_random(&seed) % 3);
        long b_hi = b_lo + (long)(next_random(&seed) % 3);
        bool open[4];
        for (int k = 0; k < 4; k++)
            open[k] = next_random(&seed) % 3 == 0;
        if ((a_lo == a_hi && (open[0] || open[1])) || (b_lo == b_hi && (open[2] || open[3])))
            continue;
        fl_compare_op op = (fl_compare_op)(next_random(&seed) % 6);
        const long *t = tolerances[next_random(&seed) % 4];
        fl_interval a = with_ends(n(a_lo), n(a_hi), open[0], open[1]);
        fl_interval b = with_ends(n(b_lo), n(b_hi), open[2], open[3]);
        fl_tolerance tolerance = {fl_value_ratio(100 * t[0], t[1]), true};
        fl_truth exact = fl_interval_compare(op, a, b, tolerance);
        fl_truth expected = sampled(op, a_lo, a_hi, open[0], open[1], b_lo, b_hi, open[2],
                                    open[3], t[0], t[1]);
        cases++;
        if (exact != expected) {
            print_error("op %d, %s vs ", (int)op, ends(a));
            print_error("%s within %ld/%ld: got %d, expected %d\n", ends(b), t[0], t[1],
                        (int)exact, (int)expected);
            failures++;
        }
    }
    assert_true(cases > 400);
    assert_int_equal(failures, 0);
}

static void test_percent_tolerance_fails_where_every_pair_fails(void **state)
{
    (void)state;
    /* 90 to 94 against 100 to 200 within 5%: the closest pair, 94 and 100, is 6 apart
     * with 5 allowed, and every other pair is further apart. */
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, closed(90, 94), closed(100, 200),
                                         within(5, true)),
                     FL_TRUTH_FALSE);
    assert_int_equal(fl_interval_compare(FL_CMP_EQ, closed(90, 95), closed(100, 200),
                                         within(5, true)),
                     FL_TRUTH_UNKNOWN);
    /* Unbounded intervals: more than 200 against 100 within 10%. */
    assert_int_equal(fl_interval_compare(FL_CMP_LE, with_ends(n(200), inf(1), true, true),
                                         fl_interval_point(n(100)), within(10, true)),
                     FL_TRUTH_FALSE);
}

static void test_gap_and_magnitude(void **state)
{
    (void)state;
    fl_interval arrests = fl_interval_point(n(2418)), outcomes = fl_interval_point(n(2395));
    assert_int_equal(fl_value_cmp(fl_interval_gap(FL_CMP_EQ, arrests, outcomes), n(23)), 0);
    assert_int_equal(fl_value_cmp(fl_interval_gap(FL_CMP_EQ, outcomes, arrests), n(23)), 0);
    assert_int_equal(fl_value_cmp(fl_interval_gap(FL_CMP_LE, closed(5, 6), closed(1, 2)), n(3)),
                     0);
    assert_int_equal(fl_value_cmp(fl_interval_gap(FL_CMP_GE, closed(1, 2), closed(5, 6)), n(3)),
                     0);
    assert_true(fl_value_is_zero(fl_interval_gap(FL_CMP_EQ, closed(1, 5), closed(3, 8))));
    assert_int_equal(fl_value_cmp(fl_interval_magnitude(closed(-10, 5), closed(2, 7)), n(10)),
                     0);
    assert_true(fl_value_is_infinite(
        fl_interval_magnitude(with_ends(n(1), inf(1), false, true), closed(0, 0))));
}

static void test_format_in_words(void **state)
{
    (void)state;
    assert_string_equal(in_words(fl_interval_point(n(2418))), "2,418");
    assert_string_equal(in_words(closed(2500, 3500)), "2,500 to 3,500");
    assert_string_equal(in_words(with_ends(n(1000), inf(1), true, true)), "more than 1,000");
    assert_string_equal(in_words(with_ends(n(500), inf(1), false, true)), "at least 500");
    assert_string_equal(in_words(with_ends(n(0), n(10), false, true)), "less than 10");
    assert_string_equal(in_words(closed(0, 10)), "at most 10");
    assert_string_equal(in_words(with_ends(inf(-1), n(-5), true, false)), "at most -5");
    assert_string_equal(in_words(with_ends(inf(-1), inf(1), true, true)), "any value");
    assert_string_equal(in_words(with_ends(n(200), n(300), true, false)),
                        "more than 200 and at most 300");
    fl_interval about_75 = fl_interval_closed(fl_value_ratio(285, 4), fl_value_ratio(315, 4));
    assert_string_equal(in_words(about_75), "71.25 to 78.75");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_and_sameness),
        cmocka_unit_test(test_sum_difference_negation),
        cmocka_unit_test(test_product),
        cmocka_unit_test(test_quotient),
        cmocka_unit_test(test_division_by_an_interval_containing_zero),
        cmocka_unit_test(test_abs_min_max),
        cmocka_unit_test(test_intersection),
        cmocka_unit_test(test_three_valued_comparison),
        cmocka_unit_test(test_comparison_with_tolerance),
        cmocka_unit_test(test_percent_tolerance_matches_sampling),
        cmocka_unit_test(test_percent_tolerance_fails_where_every_pair_fails),
        cmocka_unit_test(test_gap_and_magnitude),
        cmocka_unit_test(test_format_in_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
