#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "names_memo.h"

static void test_remembers_by_kind_and_key(void **state)
{
    (void)state;
    fl_name_memo *memo = fl_name_memo_new();
    const fl_name_match *found;
    size_t count;
    assert_false(fl_name_memo_get(memo, 0, "licadho", 7, &found, &count));

    fl_name_match two[2] = {{3, 0}, {7, 1}};
    fl_name_memo_put(memo, 0, "licadho", 7, two, 2);
    fl_name_memo_put(memo, 1, "licadho", 7, NULL, 0);
    assert_true(fl_name_memo_get(memo, 0, "licadho", 7, &found, &count));
    assert_int_equal(count, 2);
    assert_int_equal(found[0].id, 3);
    assert_int_equal(found[1].id, 7);
    assert_int_equal(found[1].distance, 1);
    /* Another kind of lookup of the same key has its own answer, none here. */
    assert_true(fl_name_memo_get(memo, 1, "licadho", 7, &found, &count));
    assert_int_equal(count, 0);
    assert_false(fl_name_memo_get(memo, 2, "licadho", 7, &found, &count));
    /* Keys are bytes: a prefix is another key. */
    assert_false(fl_name_memo_get(memo, 0, "licadh", 6, &found, &count));
    /* An empty key and a long one are keys like any other. */
    static char long_key[100000];
    memset(long_key, 'n', sizeof long_key);
    fl_name_memo_put(memo, 0, "", 0, two, 1);
    fl_name_memo_put(memo, 0, long_key, sizeof long_key, two + 1, 1);
    assert_true(fl_name_memo_get(memo, 0, "", 0, &found, &count));
    assert_int_equal(count, 1);
    assert_int_equal(found[0].id, 3);
    assert_true(fl_name_memo_get(memo, 0, long_key, sizeof long_key, &found, &count));
    assert_int_equal(found[0].id, 7);
    assert_false(fl_name_memo_get(memo, 0, long_key, sizeof long_key - 1, &found, &count));
    assert_true(fl_name_memo_get(memo, 0, "licadho", 7, &found, &count));
    assert_int_equal(count, 2);
    fl_name_memo_free(memo);
    fl_name_memo_free(NULL);
}

/* A memo whose answers so far all found nothing holds no matches at all. */
static void test_answers_none_before_any_match(void **state)
{
    (void)state;
    fl_name_memo *memo = fl_name_memo_new();
    fl_name_memo_put(memo, 0, "ministry", 8, NULL, 0);
    static const fl_name_match unset;
    const fl_name_match *found = &unset;
    size_t count = 1;
    assert_true(fl_name_memo_get(memo, 0, "ministry", 8, &found, &count));
    assert_int_equal(count, 0);
    assert_null(found);
    fl_name_memo_free(memo);
}

static void test_forgets_everything_when_full(void **state)
{
    (void)state;
    fl_name_memo *memo = fl_name_memo_new();
    char key[32];
    for (uint32_t i = 0; i < FL_NAME_MEMO_LIMIT; i++) {
        int length = snprintf(key, sizeof key, "name %u", (unsigned)i);
        fl_name_match match = {i, 0};
        fl_name_memo_put(memo, 0, key, (size_t)length, &match, 1);
    }
    const fl_name_match *found;
    size_t count;
    for (uint32_t i = 0; i < FL_NAME_MEMO_LIMIT; i++) {
        int length = snprintf(key, sizeof key, "name %u", (unsigned)i);
        assert_true(fl_name_memo_get(memo, 0, key, (size_t)length, &found, &count));
        assert_int_equal(count, 1);
        assert_int_equal(found[0].id, i);
    }
    assert_true(fl_name_memo_get(memo, 0, "name 0", 6, &found, &count));
    fl_name_memo_put(memo, 0, "one more", 8, NULL, 0);
    assert_false(fl_name_memo_get(memo, 0, "name 0", 6, &found, &count));
    assert_true(fl_name_memo_get(memo, 0, "one more", 8, &found, &count));
    assert_int_equal(count, 0);
    fl_name_memo_free(memo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remembers_by_kind_and_key),
        cmocka_unit_test(test_answers_none_before_any_match),
        cmocka_unit_test(test_forgets_everything_when_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
