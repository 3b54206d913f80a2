/* libFuzzer target for name matching. The first byte picks the key flags and the
 * distance; the rest is lines: a query, then listed names. Keying must accept any
 * bytes; the distance must agree with the full matrix and with its bit-vector form;
 * and the index must find exactly what comparing with every listed key finds. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../reference_distance.h"
#include "fuzz.h"
#include "memory.h"
#include "names_distance.h"
#include "names_index.h"
#include "names_normalize.h"

enum { MAX_NAMES = 64, MAX_CHARACTERS = REFERENCE_MAX_CHARACTERS, MAX_MATCHES = MAX_NAMES };

static void check_distance(const char *x, size_t x_length, const char *y, size_t y_length)
{
    uint32_t a[MAX_CHARACTERS], b[MAX_CHARACTERS];
    size_t n = fl_name_code_points(x, x_length, a, MAX_CHARACTERS);
    size_t m = fl_name_code_points(y, y_length, b, MAX_CHARACTERS);
    if (n > MAX_CHARACTERS || m > MAX_CHARACTERS)
        return;
    unsigned full = reference_distance(a, n, b, m);
    fl_name_pattern pattern;
    bool prepared = fl_name_pattern_init(&pattern, a, n);
    for (unsigned limit = 0; limit <= FL_NAME_DISTANCE_MAX + 1; limit++) {
        unsigned capped = limit > FL_NAME_DISTANCE_MAX ? FL_NAME_DISTANCE_MAX : limit;
        unsigned expected = full <= capped ? full : capped + 1;
        if (fl_name_distance(a, n, b, m, limit) != expected ||
            fl_name_distance(b, m, a, n, limit) != expected)
            abort();
        if (prepared && fl_name_pattern_distance(&pattern, b, m, limit) != expected)
            abort();
    }
}

static int compare_matches(const void *a, const void *b)
{
    const fl_name_match *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0] & 3;
    static const int distances[] = {-1, 0, 1, 2, 3, -1, 2, 1};
    int max_distance = distances[(data[0] >> 2) & 7];
    /* A copy of exactly the rest, so reading past it is caught. */
    size_t length = size - 1;
    char *text = fl_xmalloc(length ? length : 1);
    if (length)
        memcpy(text, data + 1, length);

    fl_buffer key = FL_BUFFER_INIT;
    fl_name_key(text, length, flags, &key);

    const char *lines[MAX_NAMES + 1];
    size_t line_lengths[MAX_NAMES + 1], count = 0, start = 0;
    for (size_t i = 0; i <= length && count <= MAX_NAMES; i++) {
        if (i == length || text[i] == '\n') {
            lines[count] = text + start;
            line_lengths[count++] = i - start;
            start = i + 1;
        }
    }
    if (count >= 2)
        check_distance(lines[0], line_lengths[0], lines[1], line_lengths[1]);

    fl_name_index *index = fl_name_index_new();
    char *keys[MAX_NAMES + 1] = {NULL};
    size_t key_lengths[MAX_NAMES + 1];
    for (size_t i = 1; i < count; i++) {
        if (!fl_name_key(lines[i], line_lengths[i], FL_NAME_FOLD | FL_NAME_STRIP_MARKS, &key))
            continue;
        keys[i] = fl_xstrndup(key.data ? key.data : "", key.length);
        key_lengths[i] = key.length;
        fl_name_index_add(index, keys[i], key.length, (uint32_t)i);
    }

    /* Invalid UTF-8 reaches the index as bytes it must survive. */
    fl_name_match found[MAX_MATCHES], expected[MAX_MATCHES];
    fl_name_index_lookup(index, lines[0], line_lengths[0], max_distance, found, MAX_MATCHES);
    if (fl_name_key(lines[0], line_lengths[0], FL_NAME_FOLD | FL_NAME_STRIP_MARKS, &key)) {
        size_t got = fl_name_index_lookup(index, fl_buffer_cstr(&key), key.length,
                                          max_distance, found, MAX_MATCHES);
        uint32_t *query = fl_xmalloc((key.length + 1) * sizeof *query);
        size_t query_length = fl_name_code_points(key.data, key.length, query, key.length);
        size_t want = 0;
        for (size_t i = 1; i < count; i++) {
            if (!keys[i])
                continue;
            size_t listed_length = key_lengths[i];
            uint32_t *listed = fl_xmalloc((listed_length + 1) * sizeof *listed);
            size_t characters =
                fl_name_code_points(keys[i], listed_length, listed, listed_length);
            unsigned limit = max_distance < 0 ? fl_name_max_distance_auto(characters)
                                              : (unsigned)max_distance;
            if (limit > FL_NAME_DISTANCE_MAX)
                limit = FL_NAME_DISTANCE_MAX;
            unsigned d = fl_name_distance(query, query_length, listed, characters, limit);
            if (d <= limit)
                expected[want++] = (fl_name_match){(uint32_t)i, d};
            free(listed);
        }
        qsort(expected, want, sizeof *expected, compare_matches);
        if (got != want || memcmp(found, expected, want * sizeof *found) != 0)
            abort();
        free(query);
    }

    for (size_t i = 0; i <= MAX_NAMES; i++)
        free(keys[i]);
    fl_name_index_free(index);
    fl_buffer_free(&key);
    free(text);
    return 0;
}
