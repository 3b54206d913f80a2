#include "names_distance.h"

#include <string.h>

#include <unistr.h>

/* The band holds the cells (i, j) with |i - j| <= limit: no alignment costing at most
 * `limit` leaves it, so cells outside it may count as "too far". */
enum { BAND_MAX = 2 * FL_NAME_DISTANCE_MAX + 1 };

static unsigned smaller(unsigned x, unsigned y)
{
    return x < y ? x : y;
}

unsigned fl_name_distance(const uint32_t *a, size_t a_length, const uint32_t *b,
                          size_t b_length, unsigned limit)
{
    if (limit > FL_NAME_DISTANCE_MAX)
        limit = FL_NAME_DISTANCE_MAX;
    const unsigned over = limit + 1;

    /* A shared prefix or suffix never takes part in an optimal alignment's edits, and
     * spellings of one name mostly differ in a character or two. */
    while (a_length > 0 && b_length > 0 && a[0] == b[0]) {
        a++, b++;
        a_length--, b_length--;
    }
    while (a_length > 0 && b_length > 0 && a[a_length - 1] == b[b_length - 1])
        a_length--, b_length--;

    size_t difference = a_length > b_length ? a_length - b_length : b_length - a_length;
    if (difference > limit)
        return over;
    if (a_length == 0 || b_length == 0)
        return (unsigned)(a_length + b_length);
    if (limit == 0)
        return over;

    /* Row i of the matrix is kept as its band: cell (i, j) sits at j - i + limit.
     * Values are capped at `over`, which stands for "more than limit". */
    const size_t width = 2 * (size_t)limit + 1;
    unsigned char rows[3][BAND_MAX];
    unsigned char *before = rows[0], *previous = rows[1], *current = rows[2];
    for (size_t t = 0; t < width; t++) {
        before[t] = (unsigned char)over;
        previous[t] = (unsigned char)(t >= limit && t - limit <= b_length ? t - limit : over);
    }

    for (size_t i = 1; i <= a_length; i++) {
        unsigned row_minimum = over;
        for (size_t t = 0; t < width; t++) {
            /* j = i - limit + t, kept unsigned: out of range when i + t < limit. */
            if (i + t < limit || i + t - limit > b_length) {
                current[t] = (unsigned char)over;
                continue;
            }
            size_t j = i + t - limit;
            unsigned value;
            if (j == 0) {
                value = smaller((unsigned)i, over);
            } else {
                value = previous[t] + (a[i - 1] != b[j - 1]);
                if (t + 1 < width)
                    value = smaller(value, previous[t + 1] + 1u);
                if (t > 0)
                    value = smaller(value, current[t - 1] + 1u);
                if (i >= 2 && j >= 2 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = smaller(value, before[t] + 1u);
                value = smaller(value, over);
            }
            current[t] = (unsigned char)value;
            row_minimum = smaller(row_minimum, value);
        }
        /* Every alignment crosses row i or swaps across it from a cell no cheaper than
         * one in it, so once the whole row is over the limit the answer is too. */
        if (row_minimum >= over)
            return over;
        unsigned char *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous[b_length + limit - a_length];
}

bool fl_name_pattern_init(fl_name_pattern *pattern, const uint32_t *text, size_t length)
{
    if (length > FL_NAME_PATTERN_MAX)
        return false;
    memset(pattern->ascii, 0, sizeof pattern->ascii);
    pattern->other_count = 0;
    pattern->length = length;
    for (size_t i = 0; i < length; i++) {
        uint64_t bit = (uint64_t)1 << i;
        if (text[i] < 128) {
            pattern->ascii[text[i]] |= bit;
            continue;
        }
        size_t k = 0;
        while (k < pattern->other_count && pattern->others[k] != text[i])
            k++;
        if (k == pattern->other_count) {
            pattern->others[k] = text[i];
            pattern->other_masks[k] = 0;
            pattern->other_count++;
        }
        pattern->other_masks[k] |= bit;
    }
    return true;
}

static uint64_t occurrences(const fl_name_pattern *pattern, uint32_t character)
{
    if (character < 128)
        return pattern->ascii[character];
    for (size_t k = 0; k < pattern->other_count; k++)
        if (pattern->others[k] == character)
            return pattern->other_masks[k];
    return 0;
}

/* Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit
 * distances" (2003): the column of the matrix is kept as vertical differences, one bit
 * a row; TR marks where a swap of the last two characters saves an edit. */
unsigned fl_name_pattern_distance(const fl_name_pattern *pattern, const uint32_t *text,
                                  size_t length, unsigned limit)
{
    if (limit > FL_NAME_DISTANCE_MAX)
        limit = FL_NAME_DISTANCE_MAX;
    size_t rows = pattern->length;
    size_t difference = rows > length ? rows - length : length - rows;
    if (difference > limit)
        return limit + 1;
    if (rows == 0)
        return (unsigned)length;
    uint64_t positive = rows == 64 ? ~(uint64_t)0 : ((uint64_t)1 << rows) - 1;
    uint64_t negative = 0, diagonal = 0, previous = 0;
    uint64_t last = (uint64_t)1 << (rows - 1);
    size_t distance = rows;
    for (size_t j = 0; j < length; j++) {
        uint64_t matches = occurrences(pattern, text[j]);
        uint64_t swaps = ((~diagonal & matches) << 1) & previous;
        diagonal = (((matches & positive) + positive) ^ positive) | matches | negative | swaps;
        uint64_t up = negative | ~(diagonal | positive);
        uint64_t down = diagonal & positive;
        distance += (up & last) != 0;
        distance -= (down & last) != 0;
        /* Each character left can lower the distance by one at most. */
        if (distance > limit + (length - j - 1))
            return limit + 1;
        up = (up << 1) | 1;
        down <<= 1;
        positive = down | ~(diagonal | up);
        negative = up & diagonal;
        previous = matches;
    }
    return distance <= limit ? (unsigned)distance : limit + 1;
}

unsigned fl_name_max_distance_auto(size_t characters)
{
    if (characters < 4)
        return 0;
    return characters < 8 ? 1 : 2;
}

size_t fl_name_code_points(const char *text, size_t length, uint32_t *out, size_t capacity)
{
    const uint8_t *bytes = (const uint8_t *)text;
    size_t count = 0;
    size_t at = 0;
    while (at < length) {
        ucs4_t character;
        if (bytes[at] < 0x80) {
            character = bytes[at];
            at++;
        } else {
            at += (size_t)u8_mbtouc(&character, bytes + at, length - at);
        }
        if (count < capacity)
            out[count] = character;
        count++;
    }
    return count;
}
