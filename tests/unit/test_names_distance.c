#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "names_distance.h"
#include "../reference_distance.h"

enum { MAX_CHARACTERS = 64 };

static unsigned distance(const char *a, const char *b, unsigned limit)
{
    uint32_t x[MAX_CHARACTERS], y[MAX_CHARACTERS];
    size_t x_length = fl_name_code_points(a, strlen(a), x, MAX_CHARACTERS);
    size_t y_length = fl_name_code_points(b, strlen(b), y, MAX_CHARACTERS);
    assert_true(x_length <= MAX_CHARACTERS && y_length <= MAX_CHARACTERS);
    unsigned forward = fl_name_distance(x, x_length, y, y_length, limit);
    assert_int_equal(forward, fl_name_distance(y, y_length, x, x_length, limit));
    return forward;
}

static void test_equal_names(void **state)
{
    (void)state;
    assert_int_equal(distance("Licadho", "Licadho", 2), 0);
    assert_int_equal(distance("Licadho", "Licadho", 0), 0);
}

static void test_single_edits(void **state)
{
    (void)state;
    assert_int_equal(distance("Licadho", "Licaddho", 2), 1); /* insertion */
    assert_int_equal(distance("Licadho", "Licdho", 2), 1);   /* deletion */
    assert_int_equal(distance("Licadho", "Licadko", 2), 1);  /* substitution */
    assert_int_equal(distance("Licadho", "Licahdo", 2), 1);  /* adjacent transposition */
    assert_int_equal(distance("Licadho", "iLcadho", 2), 1);
    assert_int_equal(distance("Licadho", "Licadoh", 2), 1);
    assert_int_equal(distance("Hun Sen", "HunSen", 2), 1);
}

static void test_several_edits(void **state)
{
    (void)state;
    assert_int_equal(distance("Licadho", "Lcadhko", 3), 2);
    assert_int_equal(distance("kitten", "sitting", 5), 3);
    /* Optimal string alignment edits no substring twice: "ca" -> "ac" -> "abc" would be
     * 2, but that inserts inside a swapped pair. */
    assert_int_equal(distance("ca", "abc", 5), 3);
    assert_int_equal(distance("abcdef", "badcfe", 5), 3);
}

static void test_code_points_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(distance("Hun Sén", "Hun Sen", 2), 1);
    assert_int_equal(distance("Хун Сен", "Хун Сэн", 2), 1);
    assert_int_equal(distance("習近平", "习近平", 2), 1);
    assert_int_equal(distance("សម រង្ស៊ី", "សម រង្សី", 2), 1);
    assert_int_equal(distance("日本", "本日", 2), 1);
    assert_int_equal(distance("😀a", "a😀", 2), 1);
}

static void test_empty_strings(void **state)
{
    (void)state;
    assert_int_equal(distance("", "", 0), 0);
    assert_int_equal(distance("", "abc", 3), 3);
    assert_int_equal(distance("abc", "", 3), 3);
    assert_int_equal(distance("", "abc", 2), 3);
    assert_int_equal(fl_name_distance(NULL, 0, NULL, 0, 2), 0);
}

static void test_cut_off(void **state)
{
    (void)state;
    assert_int_equal(distance("abcdef", "ghijkl", 2), 3);
    assert_int_equal(distance("Licadho", "Licadho International", 2), 3); /* by length */
    assert_int_equal(distance("Licadho", "Licadko", 0), 1);
    assert_int_equal(distance("ab", "ba", 0), 1);
    /* The limit is capped, and "more than the limit" is reported as limit + 1. */
    assert_int_equal(distance("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", 100),
                     FL_NAME_DISTANCE_MAX + 1);
    assert_int_equal(distance("abcdefgh", "hgfedcba", FL_NAME_DISTANCE_MAX), 7);
    assert_int_equal(distance("abcdefgh", "hgfedcba", 7), 7);
    assert_int_equal(distance("abcdefgh", "hgfedcba", 6), 7);
}

static void test_agrees_with_full_matrix(void **state)
{
    (void)state;
    uint64_t seed = 42;
    uint32_t a[12], b[12];
    for (int round = 0; round < 20000; round++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (seed >> 33) % 12, m = (seed >> 40) % 12;
        unsigned limit = (unsigned)((seed >> 50) % 10);
        uint64_t letters = seed ^ (seed >> 17) * 0x9e3779b97f4a7c15ULL;
        for (size_t i = 0; i < n; i++, letters >>= 2)
            a[i] = 'a' + (uint32_t)(letters & 3);
        for (size_t j = 0; j < m; j++, letters >>= 2)
            b[j] = 'a' + (uint32_t)(letters & 3);
        unsigned expected = reference_distance(a, n, b, m);
        unsigned capped = limit > FL_NAME_DISTANCE_MAX ? FL_NAME_DISTANCE_MAX : limit;
        if (expected > capped)
            expected = capped + 1;
        assert_int_equal(fl_name_distance(a, n, b, m, limit), expected);
    }
}

static void test_pattern_agrees(void **state)
{
    (void)state;
    uint64_t seed = 7;
    uint32_t a[FL_NAME_PATTERN_MAX + 2], b[FL_NAME_PATTERN_MAX + 2];
    static const uint32_t letters[] = {'a', 'b', ' ', 0xE9, 0x17A0, 0x1F600};
    fl_name_pattern pattern;
    for (int round = 0; round < 20000; round++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (seed >> 33) % 14, m = (seed >> 40) % 14;
        if (round % 100 == 0)
            n = FL_NAME_PATTERN_MAX - (round / 100) % 3, m = n - (round / 100) % 2;
        unsigned limit = (unsigned)((seed >> 50) % 10);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = letters[(seed >> 40) % (round % 2 ? 3 : 6)];
        }
        for (size_t j = 0; j < m; j++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            b[j] = letters[(seed >> 40) % (round % 2 ? 3 : 6)];
        }
        assert_true(fl_name_pattern_init(&pattern, a, n));
        assert_int_equal(fl_name_pattern_distance(&pattern, b, m, limit),
                         fl_name_distance(a, n, b, m, limit));
    }
    assert_false(fl_name_pattern_init(&pattern, a, FL_NAME_PATTERN_MAX + 1));
}

static void test_automatic_threshold(void **state)
{
    (void)state;
    assert_int_equal(fl_name_max_distance_auto(0), 0);
    assert_int_equal(fl_name_max_distance_auto(3), 0);
    assert_int_equal(fl_name_max_distance_auto(4), 1);
    assert_int_equal(fl_name_max_distance_auto(7), 1);
    assert_int_equal(fl_name_max_distance_auto(8), 2);
    assert_int_equal(fl_name_max_distance_auto(1000), 2);
}

static void test_decoding(void **state)
{
    (void)state;
    uint32_t out[8];
    assert_int_equal(fl_name_code_points("Sén", strlen("Sén"), out, 8), 3);
    assert_int_equal(out[1], 0xE9);
    /* Too small a buffer: the count is still the whole text's. */
    assert_int_equal(fl_name_code_points("Licadho", 7, out, 3), 7);
    assert_int_equal(out[2], 'c');
    assert_int_equal(fl_name_code_points("a\xff" "b", 3, out, 8), 3);
    assert_int_equal(out[1], 0xFFFD);
    assert_int_equal(fl_name_code_points("", 0, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_names),
        cmocka_unit_test(test_single_edits),
        cmocka_unit_test(test_several_edits),
        cmocka_unit_test(test_code_points_not_bytes),
        cmocka_unit_test(test_empty_strings),
        cmocka_unit_test(test_cut_off),
        cmocka_unit_test(test_agrees_with_full_matrix),
        cmocka_unit_test(test_pattern_agrees),
        cmocka_unit_test(test_automatic_threshold),
        cmocka_unit_test(test_decoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
