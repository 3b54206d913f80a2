#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "value.h"

static const char *formatted(fl_value v)
{
    static char result[128];
    fl_buffer text = FL_BUFFER_INIT;
    fl_value_format(v, &text);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return result;
}

static const char *formatted_plain(fl_value v)
{
    static char result[128];
    fl_buffer text = FL_BUFFER_INIT;
    fl_value_format_plain(v, &text);
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return result;
}

static void assert_exact(fl_value v, int64_t num, int64_t den)
{
    assert_true(v.exact);
    assert_int_equal(v.num, num);
    assert_int_equal(v.den, den);
}

static void test_decimals_add_up_exactly(void **state)
{
    (void)state;
    fl_value sum = fl_value_add(fl_value_decimal(1, -1), fl_value_decimal(2, -1));
    assert_exact(sum, 3, 10);
    assert_int_equal(fl_value_cmp(sum, fl_value_decimal(3, -1)), 0);
    fl_value outcomes = fl_value_add(fl_value_int(73), fl_value_int(2322));
    assert_exact(outcomes, 2395, 1);
    assert_exact(fl_value_sub(fl_value_int(2418), outcomes), 23, 1);
    fl_value third = fl_value_div(fl_value_int(1), fl_value_int(3));
    assert_exact(fl_value_mul(third, fl_value_int(3)), 1, 1);
    assert_exact(fl_value_mul(fl_value_decimal(15, -1), fl_value_int(1000000)), 1500000, 1);
}

static void test_constructors_reduce(void **state)
{
    (void)state;
    assert_exact(fl_value_ratio(6, -4), -3, 2);
    assert_exact(fl_value_ratio(0, 7), 0, 1);
    assert_exact(fl_value_decimal(15, 5), 1500000, 1);
    assert_exact(fl_value_decimal(5, -3), 1, 200);
    assert_exact(fl_value_decimal(-25, -1), -5, 2);
    assert_exact(fl_value_decimal(0, 400), 0, 1);
    assert_exact(fl_value_decimal(0, -400), 0, 1);
    fl_value large = fl_value_decimal(1, 19);
    assert_false(large.exact);
    assert_true(large.real == 1e19);
    fl_value tiny = fl_value_decimal(1, -19);
    assert_false(tiny.exact);
    assert_true(tiny.real > 0 && tiny.real < 1e-18);
    /* Terms past 64 bits that reduce to a fraction within them stay exact. */
    assert_exact(fl_value_mul(fl_value_ratio(INT64_MAX, 2), fl_value_ratio(4, INT64_MAX)), 2, 1);
    assert_exact(fl_value_mul(fl_value_ratio(-INT64_MAX, 3), fl_value_ratio(9, INT64_MAX - 1)),
                 -INT64_MAX, (INT64_MAX - 1) / 3);
}

static void test_overflow_falls_back_to_double(void **state)
{
    (void)state;
    fl_value big = fl_value_add(fl_value_int(INT64_MAX), fl_value_int(1));
    assert_false(big.exact);
    assert_true(big.real > 9.2e18 && big.real < 9.3e18);
    fl_value product = fl_value_mul(fl_value_int(INT64_MAX / 2), fl_value_int(4));
    assert_false(product.exact);
    assert_int_equal(fl_value_cmp(product, fl_value_int(INT64_MAX)), 1);
}

static void test_predicates(void **state)
{
    (void)state;
    assert_true(fl_value_is_zero(fl_value_int(0)));
    assert_false(fl_value_is_zero(fl_value_decimal(1, -9)));
    assert_true(fl_value_is_integer(fl_value_ratio(10, 5)));
    assert_false(fl_value_is_integer(fl_value_ratio(5, 10)));
    assert_true(fl_value_is_integer(fl_value_real(3.0)));
    assert_false(fl_value_is_integer(fl_value_infinity(1)));
    assert_true(fl_value_is_infinite(fl_value_infinity(-1)));
    assert_false(fl_value_is_infinite(fl_value_real(1e300)));
    assert_int_equal(fl_value_sign(fl_value_int(-3)), -1);
    assert_int_equal(fl_value_sign(fl_value_int(0)), 0);
    assert_int_equal(fl_value_sign(fl_value_ratio(1, 7)), 1);
    assert_int_equal(fl_value_sign(fl_value_infinity(-1)), -1);
    assert_true(fabs(fl_value_to_double(fl_value_ratio(1, 4)) - 0.25) < 1e-15);
}

static void test_comparison_with_infinities(void **state)
{
    (void)state;
    fl_value inf = fl_value_infinity(1), minus_inf = fl_value_infinity(-1);
    assert_int_equal(fl_value_cmp(fl_value_int(5), inf), -1);
    assert_int_equal(fl_value_cmp(minus_inf, fl_value_int(-5)), -1);
    assert_int_equal(fl_value_cmp(inf, inf), 0);
    assert_int_equal(fl_value_cmp(fl_value_ratio(1, 3), fl_value_ratio(2, 6)), 0);
    assert_int_equal(fl_value_cmp(fl_value_ratio(1, 3), fl_value_decimal(333, -3)), 1);
    assert_int_equal(fl_value_cmp(fl_value_real(0.5), fl_value_ratio(1, 2)), 0);
    assert_int_equal(fl_value_cmp(fl_value_min(inf, fl_value_int(2)), fl_value_int(2)), 0);
    assert_true(fl_value_is_infinite(fl_value_max(minus_inf, inf)));
    assert_int_equal(fl_value_sign(fl_value_max(minus_inf, inf)), 1);
}

static void test_arithmetic_with_infinities(void **state)
{
    (void)state;
    fl_value inf = fl_value_infinity(1);
    assert_true(fl_value_is_zero(fl_value_mul(fl_value_int(0), inf)));
    assert_true(fl_value_is_zero(fl_value_mul(inf, fl_value_int(0))));
    fl_value negative = fl_value_mul(inf, fl_value_int(-2));
    assert_true(fl_value_is_infinite(negative));
    assert_int_equal(fl_value_sign(negative), -1);
    assert_true(fl_value_is_zero(fl_value_div(fl_value_int(7), inf)));
    assert_true(fl_value_is_infinite(fl_value_add(inf, fl_value_int(5))));
    fl_value negated = fl_value_neg(inf);
    assert_int_equal(fl_value_sign(negated), -1);
    assert_int_equal(fl_value_sign(fl_value_abs(negated)), 1);
}

static void test_neg_abs_min_max(void **state)
{
    (void)state;
    assert_exact(fl_value_neg(fl_value_ratio(3, 4)), -3, 4);
    assert_exact(fl_value_abs(fl_value_int(-12)), 12, 1);
    assert_exact(fl_value_abs(fl_value_int(12)), 12, 1);
    assert_exact(fl_value_min(fl_value_int(3), fl_value_ratio(5, 2)), 5, 2);
    assert_exact(fl_value_max(fl_value_int(3), fl_value_ratio(5, 2)), 3, 1);
}

static void test_format_for_people(void **state)
{
    (void)state;
    static const struct {
        fl_value value;
        const char *text;
    } cases[] = {
        {{2395, 1, 0, true}, "2,395"},
        {{285, 4, 0, true}, "71.25"},
        {{1, 3, 0, true}, "0.33"},
        {{-2, 3, 0, true}, "-0.67"},
        {{1, 300, 0, true}, "0.003"},
        {{2999, 3000, 0, true}, "1"},
        {{1, 64, 0, true}, "0.015625"},
        {{2469135, 2, 0, true}, "1,234,567.5"},
        {{-2418, 1, 0, true}, "-2,418"},
        {{0, 1, 0, true}, "0"},
        {{999, 1, 0, true}, "999"},
        {{1000, 1, 0, true}, "1,000"},
        {{INT64_MAX, 1, 0, true}, "9,223,372,036,854,775,807"},
        {{-INT64_MAX, 1, 0, true}, "-9,223,372,036,854,775,807"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = formatted(cases[i].value);
        if (strcmp(got, cases[i].text) != 0) {
            print_error("%lld/%lld: got %s, expected %s\n", (long long)cases[i].value.num,
                        (long long)cases[i].value.den, got, cases[i].text);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    assert_string_equal(formatted(fl_value_infinity(1)), "\u221e");
    assert_string_equal(formatted(fl_value_infinity(-1)), "-\u221e");
    assert_string_equal(formatted(fl_value_real(1e15)), "1,000,000,000,000,000");
    assert_string_equal(formatted(fl_value_real(-2.5)), "-2.5");
}

static void test_format_for_machines(void **state)
{
    (void)state;
    assert_string_equal(formatted_plain(fl_value_int(2395)), "2395");
    assert_string_equal(formatted_plain(fl_value_int(1234567)), "1234567");
    assert_string_equal(formatted_plain(fl_value_int(INT64_MAX)), "9223372036854775807");
    assert_string_equal(formatted_plain(fl_value_int(0)), "0");
    assert_string_equal(formatted_plain(fl_value_ratio(285, 4)), "71.25");
    assert_string_equal(formatted_plain(fl_value_ratio(-1, 2)), "-0.5");
    assert_string_equal(formatted_plain(fl_value_ratio(1, 3)), "0.3333333333333333");
    assert_string_equal(formatted_plain(fl_value_decimal(1, -18)), "0.000000000000000001");
    assert_string_equal(formatted_plain(fl_value_real(0.1)), "0.1");
    assert_string_equal(formatted_plain(fl_value_real(2.5)), "2.5");
    assert_string_equal(formatted_plain(fl_value_infinity(1)), "null");
    assert_string_equal(formatted_plain(fl_value_infinity(-1)), "null");
    assert_string_equal(formatted_plain(fl_value_real(NAN)), "null");
}

static void test_format_appends(void **state)
{
    (void)state;
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_string(&text, "off by ");
    fl_value_format(fl_value_int(23), &text);
    fl_buffer_append_string(&text, ", ");
    fl_value_format(fl_value_ratio(95, 100), &text);
    fl_buffer_append_string(&text, "%");
    assert_string_equal(fl_buffer_cstr(&text), "off by 23, 0.95%");
    fl_buffer_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimals_add_up_exactly),
        cmocka_unit_test(test_constructors_reduce),
        cmocka_unit_test(test_overflow_falls_back_to_double),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_comparison_with_infinities),
        cmocka_unit_test(test_arithmetic_with_infinities),
        cmocka_unit_test(test_neg_abs_min_max),
        cmocka_unit_test(test_format_for_people),
        cmocka_unit_test(test_format_for_machines),
        cmocka_unit_test(test_format_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
