/* libFuzzer target for the number reader (docs/numbers.md): any bytes must read, or fail with
 * a valid UTF-8 message and an offset inside the text; what reads must give a
 * well-formed interval under every qualifier, holding the written values when it is
 * not a bound, and must be found again when the same bytes are scanned as a quote. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "fuzz.h"
#include "number.h"

static void require(bool condition)
{
    if (!condition)
        abort();
}

static bool is_bound(fl_qualifier qualifier)
{
    return qualifier == FL_QUALIFIER_MORE_THAN || qualifier == FL_QUALIFIER_AT_LEAST ||
           qualifier == FL_QUALIFIER_LESS_THAN || qualifier == FL_QUALIFIER_AT_MOST;
}

/* lo <= hi, not empty, and only infinite ends that are open and on their own side. */
static void check_interval(fl_interval a)
{
    int span = fl_value_cmp(a.lo, a.hi);
    require(span < 0 || (span == 0 && !a.lo_open && !a.hi_open));
    if (fl_value_is_infinite(a.lo))
        require(a.lo_open && fl_value_sign(a.lo) < 0);
    if (fl_value_is_infinite(a.hi))
        require(a.hi_open && fl_value_sign(a.hi) > 0);
}

static void check_written(const fl_written_number *w)
{
    require(!fl_value_is_infinite(w->value));
    require(fl_value_sign(w->rounding) >= 0);
    require(fl_value_sign(w->approx_step) > 0);
}

static void check_number(const fl_number *number, const char *text, size_t size)
{
    check_written(&number->low);
    check_written(&number->high);
    require(fl_value_cmp(number->low.value, number->high.value) <= 0);
    if (!number->is_range)
        require(fl_value_cmp(number->low.value, number->high.value) == 0);
    require(!(number->is_range && is_bound(number->qualifier)));

    const fl_value tolerances[] = {fl_value_int(0), fl_value_ratio(1, 20)};
    for (size_t t = 0; t < sizeof tolerances / sizeof tolerances[0]; t++) {
        for (int q = FL_QUALIFIER_NONE; q <= FL_QUALIFIER_AT_MOST; q++) {
            fl_qualifier effective = q == FL_QUALIFIER_NONE ? number->qualifier : (fl_qualifier)q;
            fl_interval interval;
            const char *message = NULL;
            bool ok = fl_number_interval(number, (fl_qualifier)q, tolerances[t], &interval,
                                         &message);
            if (number->is_range && is_bound(effective)) {
                require(!ok && message && message[0]);
                continue;
            }
            require(ok);
            check_interval(interval);
            if (!is_bound(effective)) {
                require(fl_value_cmp(interval.lo, number->low.value) <= 0);
                require(fl_value_cmp(number->high.value, interval.hi) <= 0);
            }
        }
    }
    require(fl_number_in_text(text, size, number));
}

static bool same_value(fl_value a, fl_value b)
{
    return fl_value_cmp(a, b) == 0 && a.exact == b.exact;
}

static bool same_written(const fl_written_number *a, const fl_written_number *b)
{
    return same_value(a->value, b->value) && same_value(a->rounding, b->rounding) &&
           same_value(a->approx_step, b->approx_step);
}

/* Leading white space changes nothing; a tab also moves plain numerals off the reader's
 * short path for ASCII, so both paths are held to the same answers. */
static void check_indented(const uint8_t *data, size_t size, bool read, const fl_number *number,
                           const fl_number_error *error)
{
    char *indented = malloc(size + 1);
    if (!indented)
        return;
    indented[0] = '\t';
    if (size)
        memcpy(indented + 1, data, size);
    fl_number again;
    fl_number_error again_error;
    bool read_again = fl_number_read(indented, size + 1, &again, &again_error);
    require(read_again == read);
    if (read) {
        require(same_written(&number->low, &again.low));
        require(same_written(&number->high, &again.high));
        require(number->is_range == again.is_range && number->qualifier == again.qualifier &&
                fl_unit_same(number->unit, again.unit));
    } else {
        require(again_error.offset == error->offset + 1);
        require(strcmp(again_error.message, error->message) == 0);
    }
    free(indented);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so reading past the text is caught. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);

    fl_number number;
    fl_number_error error;
    bool read = fl_number_read(text, size, &number, &error);
    check_indented(data, size, read, &number, &error);
    if (read) {
        check_number(&number, text, size);
    } else {
        require(error.offset <= size);
        require(memchr(error.message, '\0', sizeof error.message) != NULL);
        require(error.message[0] != '\0');
        require(u8_check((const uint8_t *)error.message, strlen(error.message)) == NULL);
        fl_number figure;
        require(fl_number_read("2,418", 5, &figure, NULL));
        (void)fl_number_in_text(text, size, &figure);
    }

    fl_qualifier qualifier;
    if (fl_qualifier_from_name(text, size, &qualifier))
        require(qualifier != FL_QUALIFIER_NONE && qualifier != FL_QUALIFIER_NEARLY);
    free(text);
    return 0;
}
