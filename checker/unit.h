/*
 * unit.h — what a figure counts: nothing said, a percentage, a currency or a unit a
 * table names in its `unit` column ("people", "tonnes").
 *
 * Figures of different units are never added or compared: $3 million and €40m make
 * no sum. A unit is a small value type, copied and compared by value; currencies are
 * kept as ISO 4217 codes ("USD"), whatever symbol or word wrote them ("$", "dollars").
 * Nothing here allocates.
 */
#ifndef FL_UNIT_H
#define FL_UNIT_H

#include <stdbool.h>
#include <stddef.h>

/* The longest unit name the `unit` column takes, in bytes. */
#define FL_UNIT_NAME_MAX 15

typedef struct fl_unit {
    char name[FL_UNIT_NAME_MAX + 1]; /* "" none, "%" percent, "USD", "people" */
} fl_unit;

fl_unit fl_unit_none(void);
fl_unit fl_unit_percent(void);
bool fl_unit_is_none(fl_unit unit);
bool fl_unit_is_percent(fl_unit unit);
bool fl_unit_same(fl_unit a, fl_unit b);

/* Whether two units may meet in a sum or comparison: equal, or one of them none
 * (a plain literal or a figure whose unit nobody gave goes with anything). */
bool fl_unit_compatible(fl_unit a, fl_unit b);

/* How reports name it: "percent", "USD", "people"; "" for none. */
const char *fl_unit_label(const fl_unit *unit);

/* A currency symbol or code written before a number at `text` ("$", "US$", "£", "€",
 * "Rs", "USD"): its length in bytes, or 0, with the currency in `unit`. A code must
 * be followed by a space or a digit, so that words are not taken for codes. */
size_t fl_currency_prefix(const char *text, size_t length, fl_unit *unit);

/* A currency written after a number at `text` ("dollars", "euros", "USD", "€"): its
 * length in bytes, or 0. A word must end there. */
size_t fl_currency_suffix(const char *text, size_t length, fl_unit *unit);

/* The `unit` column: "percent", "%", "per cent", a currency symbol, code or word, or
 * any other name of at most FL_UNIT_NAME_MAX bytes (kept in lower case). false for
 * an empty or longer name. */
bool fl_unit_from_name(const char *text, size_t length, fl_unit *unit);

#endif
