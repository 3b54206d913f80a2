/*
 * reference_distance.h — the textbook full-matrix optimal string alignment
 * distance, which the unit tests and the fuzz target hold the fast, banded
 * fl_name_distance() to. For tests only: it takes O(n·m) and n, m ≤ 80.
 */
#ifndef FL_REFERENCE_DISTANCE_H
#define FL_REFERENCE_DISTANCE_H

#include <stddef.h>
#include <stdint.h>

enum { REFERENCE_MAX_CHARACTERS = 80 };

static inline unsigned reference_distance(const uint32_t *a, size_t n, const uint32_t *b,
                                          size_t m)
{
    static unsigned d[REFERENCE_MAX_CHARACTERS + 1][REFERENCE_MAX_CHARACTERS + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            unsigned best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

#endif
