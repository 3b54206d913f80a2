/*
 * number.h — a number as an article writes it, and the interval it stands for.
 *
 * Reading and interval-building are two steps: fl_number_read() records what the text
 * says ("about", "1.5 million", "2,000-3,000"), and fl_number_interval() turns that
 * into an interval once the table's `qualifier` column and the rules'
 * approx-tolerance are known. Neither allocates; the text need not be NUL-terminated.
 */
#ifndef FL_NUMBER_H
#define FL_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interval.h"
#include "unit.h"
#include "value.h"

typedef enum fl_qualifier {
    FL_QUALIFIER_NONE,      /* nothing written: read the number as it stands */
    FL_QUALIFIER_EXACT,     /* the `qualifier` column's "exact": no rounding at all */
    FL_QUALIFIER_ABOUT,     /* about, around, roughly, approximately, some, ~ ... */
    FL_QUALIFIER_NEARLY,    /* nearly, almost: about, but only below */
    FL_QUALIFIER_MORE_THAN, /* more than, over, upwards of, > */
    FL_QUALIFIER_AT_LEAST,  /* at least, >= */
    FL_QUALIFIER_LESS_THAN, /* fewer than, less than, under, < */
    FL_QUALIFIER_AT_MOST,   /* up to, as many as, at most, <= */
} fl_qualifier;

/* The `qualifier` column's words: exact, about, more-than, at-least, less-than,
 * at-most. Returns false for anything else. */
bool fl_qualifier_from_name(const char *name, size_t length, fl_qualifier *qualifier);

/* One number as written, with a scale word applied: "1.5 million" is 1,500,000. */
typedef struct fl_written_number {
    fl_value value;
    /* Half the place value of the last digit shown when a scale word makes the
     * number a rounded one ("1.5 million": 50,000; "20 million": 500,000); words
     * ending in a scale word round like their numeral ("twenty million" like "20
     * million"). Zero for exact numbers: "2,000", "12.5", "two hundred". */
    fl_value rounding;
    /* Half the place value of the last non-zero digit, scale applied ("3,000": 500;
     * "75": 0.5; "2.5 million": 50,000; 0.5 for zero): the least slack "about" gives. */
    fl_value approx_step;
} fl_written_number;

typedef struct fl_number {
    fl_written_number low;
    fl_written_number high; /* equal to `low` unless is_range */
    bool is_range;
    /* The text read is one plain numeral ("2,418"), after a qualifier at most ("about
     * 62"), which starts `numeral_at` bytes into it: a quote opening with the same
     * text needs it read no more. */
    bool plain;
    uint16_t numeral_at;
    fl_qualifier qualifier; /* as written in the text */
    fl_unit unit;           /* percent, or a currency written with the number */
} fl_number;

typedef struct fl_number_error {
    size_t offset;     /* byte offset in the text where reading failed */
    char message[160]; /* e.g. `unexpected "arrests" after the number` */
} fl_number_error;

/* Reads `text` (leading and trailing white space ignored): an optional qualifier
 * ("about", "more than", "~", ">="), then a numeral ("-2,418", "12,34,567", "0.35",
 * "២៤១៨") or English number words ("seventy-three"), with an optional scale word
 * ("1.5m", "3 lakh") or percent; or a range of two ("2,000-3,000", "2,000 to 3,000",
 * "between 2,000 and 3,000"), whose high end lends its scale word and percent to a
 * low end without one ("2-3 million", "10-12%"), unless the scale would put the low end
 * above the high one ("between 500 and 2 million"). On failure returns false and, unless
 * `error` is NULL, fills it with a message such as `unexpected "arrests" after the
 * number`; `out` is then unspecified. */
bool fl_number_read(const char *text, size_t length, fl_number *out, fl_number_error *error);

/* The interval `number` stands for. `qualifier` overrides the written one unless it
 * is FL_QUALIFIER_NONE; `tolerance` is the approx-tolerance as a fraction (0.05 for
 * 5%). Returns false, with a static message in `*error` unless `error` is NULL, when
 * the qualifier cannot apply (a bound on a range: "more-than" for "2,000-3,000"). */
bool fl_number_interval(const fl_number *number, fl_qualifier qualifier, fl_value tolerance,
                        fl_interval *out, const char **error);

/* Does `text` (a quote) contain a number of the same written value as `number`
 * ("2,322" matches "2322" and "2 322"; "1.5 million" matches "1,500,000"; "2.3
 * thousand" does not match "2,322")? Values are compared with their scale applied and
 * their sign ignored ("fell by 5" holds -5); punctuation and currency symbols around
 * them do not matter ("$1.5m", "(2,322)", "2,322-strong"). For a range both ends must
 * appear. */
bool fl_number_in_text(const char *text, size_t length, const fl_number *number);

/* fl_number_in_text() for a table's quote, given the value as written in its cell
 * (trimmed) and read into `number`: a quote that opens with it ("about 62 Japanese"
 * for "about 62"), the common case, is told without reading the quote's numbers. */
bool fl_number_in_quote(const char *quote, size_t quote_length, const char *written,
                        size_t written_length, const fl_number *number);

/* Does `text` start with a number of the same written value as `number`, in any
 * written form ("2,322" for 2322, "six" for 6)? Its length in bytes, or 0. For a
 * range, the low end must start there. */
size_t fl_number_at(const char *text, size_t length, const fl_number *number);

#endif
