/*
 * names_distance.h — how far apart two spellings of a name are: the
 * Damerau–Levenshtein distance in its optimal-string-alignment form, where an
 * insertion, a deletion, a substitution or a swap of two adjacent characters costs 1,
 * counted over Unicode code points rather than bytes.
 *
 * Nothing here allocates or keeps a pointer: every array and pattern belongs to the
 * caller.
 */
#ifndef FL_NAMES_DISTANCE_H
#define FL_NAMES_DISTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest limit fl_name_distance() honours; names further apart than this are
 * simply different names, and the cap keeps its work on the stack. */
enum { FL_NAME_DISTANCE_MAX = 8 };

/* The distance between code point sequences `a` and `b` when it is at most `limit`
 * (itself capped at FL_NAME_DISTANCE_MAX); otherwise limit + 1, returned as soon as
 * that is certain. Cost O(a_length * limit). Either array may be NULL when its
 * length is 0. */
unsigned fl_name_distance(const uint32_t *a, size_t a_length, const uint32_t *b,
                          size_t b_length, unsigned limit);

/* One text compared with many: with the text prepared once as bit masks (Hyyrö's
 * bit-vector algorithm), each comparison costs a few word operations a character
 * instead of a row of the matrix. Lives wherever the caller puts it; the fields are
 * private to names_distance.c. */
enum { FL_NAME_PATTERN_MAX = 64 };

typedef struct fl_name_pattern {
    uint64_t ascii[128];                      /* where each ASCII character occurs */
    uint32_t others[FL_NAME_PATTERN_MAX];     /* the other characters, and where */
    uint64_t other_masks[FL_NAME_PATTERN_MAX];
    size_t other_count;
    size_t length;
} fl_name_pattern;

/* Prepares `text`; returns false, leaving the pattern unusable, when it is longer than
 * FL_NAME_PATTERN_MAX code points. */
bool fl_name_pattern_init(fl_name_pattern *pattern, const uint32_t *text, size_t length);

/* fl_name_distance() between the pattern's text and `text`, with the same limit rules
 * and the same result. */
unsigned fl_name_pattern_distance(const fl_name_pattern *pattern, const uint32_t *text,
                                  size_t length, unsigned limit);

/* `max-distance auto` for a name of `characters` code points: 0 below 4
 * characters, 1 for 4 to 7, 2 from 8. */
unsigned fl_name_max_distance_auto(size_t characters);

/* Decodes `length` bytes of UTF-8 into code points, writing at most `capacity` of them
 * to `out`, and returns how many the text holds (more than `capacity` means the
 * output was cut short). An invalid byte sequence decodes as U+FFFD. */
size_t fl_name_code_points(const char *text, size_t length, uint32_t *out, size_t capacity);

#endif
