#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 wide_int;

fl_value fl_value_real(double real)
{
    return (fl_value){.num = 0, .den = 1, .real = real, .exact = false};
}

fl_value fl_value_infinity(int sign)
{
    return fl_value_real(sign < 0 ? -INFINITY : INFINITY);
}

fl_value fl_value_int(int64_t n)
{
    return (fl_value){.num = n, .den = 1, .real = 0, .exact = true};
}

/* Reduces a wide fraction; falls back to a double when it does not fit 64 bits. */
static fl_value from_wide(wide_int num, wide_int den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    wide_int x = num < 0 ? -num : num, y = den;
    /* Most fractions fit 64 bits, where a remainder is one instruction rather than a
     * call into libgcc. */
    if (x <= (wide_int)UINT64_MAX && y <= (wide_int)UINT64_MAX) {
        uint64_t a = (uint64_t)x, b = (uint64_t)y;
        while (b) {
            uint64_t t = a % b;
            a = b;
            b = t;
        }
        x = a;
    } else {
        while (y) {
            wide_int t = x % y;
            x = y;
            y = t;
        }
    }
    if (x > 1) {
        num /= x;
        den /= x;
    }
    if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX)
        return fl_value_real((double)num / (double)den);
    return (fl_value){.num = (int64_t)num, .den = (int64_t)den, .real = 0, .exact = true};
}

fl_value fl_value_ratio(int64_t num, int64_t den)
{
    return from_wide(num, den);
}

fl_value fl_value_decimal(int64_t coefficient, int exponent)
{
    /* Past 10^18 the double fallback would compute 0 * inf = NaN. */
    if (coefficient == 0)
        return fl_value_int(0);
    wide_int scale = 1;
    for (int i = 0; i < (exponent < 0 ? -exponent : exponent); i++) {
        if (scale > (wide_int)INT64_MAX)
            return fl_value_real((double)coefficient * pow(10.0, exponent));
        scale *= 10;
    }
    if (exponent >= 0)
        return from_wide((wide_int)coefficient * scale, 1);
    return from_wide(coefficient, scale);
}

bool fl_value_is_infinite(fl_value v)
{
    return !v.exact && isinf(v.real);
}

bool fl_value_is_zero(fl_value v)
{
    return v.exact ? v.num == 0 : v.real == 0;
}

bool fl_value_is_integer(fl_value v)
{
    return v.exact ? v.den == 1 : (isfinite(v.real) && floor(v.real) == v.real);
}

double fl_value_to_double(fl_value v)
{
    return v.exact ? (double)v.num / (double)v.den : v.real;
}

int fl_value_sign(fl_value v)
{
    if (v.exact)
        return (v.num > 0) - (v.num < 0);
    return (v.real > 0) - (v.real < 0);
}

int fl_value_cmp(fl_value a, fl_value b)
{
    if (a.exact && b.exact && a.den == 1 && b.den == 1)
        return (a.num > b.num) - (a.num < b.num);
    if (a.exact && b.exact) {
        wide_int left = (wide_int)a.num * b.den, right = (wide_int)b.num * a.den;
        return (left > right) - (left < right);
    }
    double x = fl_value_to_double(a), y = fl_value_to_double(b);
    return (x > y) - (x < y);
}

fl_value fl_value_add(fl_value a, fl_value b)
{
    int64_t sum;
    /* Whole numbers, the common case, need no fractions. */
    if (a.exact && b.exact && a.den == 1 && b.den == 1 &&
        !__builtin_add_overflow(a.num, b.num, &sum) && sum != INT64_MIN)
        return fl_value_int(sum);
    if (a.exact && b.exact)
        return from_wide((wide_int)a.num * b.den + (wide_int)b.num * a.den,
                         (wide_int)a.den * b.den);
    return fl_value_real(fl_value_to_double(a) + fl_value_to_double(b));
}

fl_value fl_value_neg(fl_value v)
{
    if (v.exact && v.den == 1 && v.num != INT64_MIN)
        return fl_value_int(-v.num);
    if (v.exact)
        return from_wide(-(wide_int)v.num, v.den);
    return fl_value_real(-v.real);
}

fl_value fl_value_sub(fl_value a, fl_value b)
{
    return fl_value_add(a, fl_value_neg(b));
}

fl_value fl_value_mul(fl_value a, fl_value b)
{
    if (fl_value_is_zero(a) || fl_value_is_zero(b))
        return fl_value_int(0);
    if (a.exact && b.exact)
        return from_wide((wide_int)a.num * b.num, (wide_int)a.den * b.den);
    return fl_value_real(fl_value_to_double(a) * fl_value_to_double(b));
}

fl_value fl_value_div(fl_value a, fl_value b)
{
    if (fl_value_is_infinite(b) && !fl_value_is_infinite(a))
        return fl_value_int(0);
    if (a.exact && b.exact && b.num != 0)
        return from_wide((wide_int)a.num * b.den, (wide_int)a.den * b.num);
    return fl_value_real(fl_value_to_double(a) / fl_value_to_double(b));
}

fl_value fl_value_abs(fl_value v)
{
    return fl_value_sign(v) < 0 ? fl_value_neg(v) : v;
}

fl_value fl_value_min(fl_value a, fl_value b)
{
    return fl_value_cmp(a, b) <= 0 ? a : b;
}

fl_value fl_value_max(fl_value a, fl_value b)
{
    return fl_value_cmp(a, b) >= 0 ? a : b;
}

/* Appends the digits of `magnitude` with a comma between groups of three. */
static void append_grouped(fl_buffer *out, uint64_t magnitude, bool group)
{
    /* Written from the last digit back, without stdio: a report formats two values
     * for every figure it shows. */
    char text[32];
    size_t at = sizeof text, digits = 0;
    do {
        if (group && digits && digits % 3 == 0)
            text[--at] = ',';
        text[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
        digits++;
    } while (magnitude);
    fl_buffer_append(out, text + at, sizeof text - at);
}

/* Number of decimals after which num/den terminates, or -1 beyond `limit`. */
static int terminating_decimals(int64_t den, int limit)
{
    int twos = 0, fives = 0;
    while (den % 2 == 0) {
        den /= 2;
        twos++;
    }
    while (den % 5 == 0) {
        den /= 5;
        fives++;
    }
    int decimals = twos > fives ? twos : fives;
    return den == 1 && decimals <= limit ? decimals : -1;
}

static void trim_zeros(fl_buffer *out, size_t start)
{
    char *dot = memchr(out->data + start, '.', out->length - start);
    if (!dot)
        return;
    while (out->length > 0 && out->data[out->length - 1] == '0')
        out->length--;
    if (out->data[out->length - 1] == '.')
        out->length--;
    out->data[out->length] = '\0';
}

/* Writes a finite magnitude with `decimals` decimals, rounding half away from zero. */
static void append_fixed(fl_buffer *out, fl_value magnitude, int decimals, bool group)
{
    if (magnitude.exact) {
        wide_int scale = 1;
        for (int i = 0; i < decimals; i++)
            scale *= 10;
        wide_int scaled = ((wide_int)magnitude.num * scale * 2 + magnitude.den) /
                          ((wide_int)magnitude.den * 2);
        append_grouped(out, (uint64_t)(scaled / scale), group);
        if (decimals > 0) {
            char fraction[32];
            snprintf(fraction, sizeof fraction, ".%0*llu", decimals,
                     (unsigned long long)(scaled % scale));
            fl_buffer_append_string(out, fraction);
        }
        return;
    }
    double real = magnitude.real;
    if (real < 9e18) {
        double whole = floor(real);
        double scale = pow(10.0, decimals);
        double fraction = floor((real - whole) * scale + 0.5);
        if (fraction >= scale) {
            whole += 1;
            fraction -= scale;
        }
        append_grouped(out, (uint64_t)whole, group);
        if (decimals > 0)
            fl_buffer_printf(out, ".%0*.0f", decimals, fraction);
    } else {
        fl_buffer_printf(out, "%.6g", real);
    }
}

void fl_value_format(fl_value v, fl_buffer *out)
{
    if (fl_value_is_infinite(v)) {
        fl_buffer_append_string(out, v.real < 0 ? "-∞" : "∞");
        return;
    }
    if (fl_value_sign(v) < 0)
        fl_buffer_append_char(out, '-');
    fl_value magnitude = fl_value_abs(v);
    size_t start = out->length;
    if (magnitude.exact) {
        int decimals = terminating_decimals(magnitude.den, 6);
        if (decimals >= 0) {
            append_fixed(out, magnitude, decimals, true);
            return;
        }
    }
    int decimals = 2;
    while (decimals < 6 && fl_value_cmp(magnitude, fl_value_decimal(5, -decimals - 1)) < 0)
        decimals++;
    append_fixed(out, magnitude, decimals, true);
    trim_zeros(out, start);
}

void fl_value_format_plain(fl_value v, fl_buffer *out)
{
    if (fl_value_is_infinite(v) || (!v.exact && isnan(v.real))) {
        fl_buffer_append_string(out, "null");
        return;
    }
    if (v.exact) {
        int decimals = terminating_decimals(v.den, 18);
        if (decimals >= 0) {
            if (v.num < 0)
                fl_buffer_append_char(out, '-');
            append_fixed(out, fl_value_abs(v), decimals, false);
            return;
        }
    }
    /* The fewest digits that read back as the same double: "0.1", not
     * "0.10000000000000001". */
    double real = fl_value_to_double(v);
    char digits[32];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(digits, sizeof digits, "%.*g", precision, real);
        if (strtod(digits, NULL) == real)
            break;
    }
    fl_buffer_append_string(out, digits);
}
