/*
 * value.h — numbers that add up exactly.
 *
 * Figures are decimals as written ("2,418", "1.5 million", "12.5%"), and a lint that
 * says 73 + 2,345 is not 2,418 because of binary rounding is worse than none. A value
 * is therefore an exact fraction num/den of 64-bit integers (den > 0, lowest terms)
 * for as long as the arithmetic fits; only on overflow, or for infinities, does it
 * become a double (exact == false). Values are small and passed by value.
 */
#ifndef FL_VALUE_H
#define FL_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "memory.h"

typedef struct fl_value {
    int64_t num;
    int64_t den;
    double real; /* meaningful only when !exact; +-INFINITY for unbounded */
    bool exact;
} fl_value;

fl_value fl_value_int(int64_t n);
/* num/den reduced to lowest terms; den must not be 0. */
fl_value fl_value_ratio(int64_t num, int64_t den);
/* coefficient * 10^exponent, exact whenever the result fits. */
fl_value fl_value_decimal(int64_t coefficient, int exponent);
fl_value fl_value_real(double real);
fl_value fl_value_infinity(int sign);

bool fl_value_is_infinite(fl_value v);
bool fl_value_is_zero(fl_value v);
bool fl_value_is_integer(fl_value v);
/* -1, 0 or 1. */
int fl_value_sign(fl_value v);
/* -1, 0 or 1, exact when both are exact. */
int fl_value_cmp(fl_value a, fl_value b);
double fl_value_to_double(fl_value v);

fl_value fl_value_add(fl_value a, fl_value b);
fl_value fl_value_sub(fl_value a, fl_value b);
/* 0 times an infinity is 0: what interval endpoints need. */
fl_value fl_value_mul(fl_value a, fl_value b);
/* b must not be zero; a finite value over an infinity is 0. */
fl_value fl_value_div(fl_value a, fl_value b);
fl_value fl_value_neg(fl_value v);
fl_value fl_value_abs(fl_value v);
fl_value fl_value_min(fl_value a, fl_value b);
fl_value fl_value_max(fl_value a, fl_value b);

/* For people: "2,395", "71.25", "0.95", "∞". Non-terminating fractions are rounded
 * to two decimals, or up to six when fewer would show a small value as 0. */
void fl_value_format(fl_value v, fl_buffer *out);
/* For machines (JSON): "2395", "71.25", "0.3333333333333333"; infinities are not
 * numbers there and print as "null". */
void fl_value_format_plain(fl_value v, fl_buffer *out);

#endif
