#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "names_connectors.h"
#include "names_distance.h"

static void learn(fl_name_connectors *connectors, const char *spelling)
{
    fl_name_connectors_learn(connectors, spelling, strlen(spelling));
}

static void expect_joiners(fl_name_connectors *connectors, const char *expected)
{
    const fl_mention_joiners *joiners = fl_name_connectors_joiners(connectors);
    fl_buffer found = FL_BUFFER_INIT;
    for (size_t i = 0; i < joiners->count; i++)
        fl_buffer_printf(&found, "%s%s", i ? " " : "", joiners->words[i]);
    assert_string_equal(fl_buffer_cstr(&found), expected);
    fl_buffer_free(&found);
}

/* The distance between the connector keys of two match keys. */
static unsigned connector_distance(fl_name_connectors *connectors, const char *a,
                                   const char *b)
{
    fl_buffer x = FL_BUFFER_INIT, y = FL_BUFFER_INIT;
    fl_name_connector_key(connectors, a, strlen(a), &x);
    fl_name_connector_key(connectors, b, strlen(b), &y);
    uint32_t xs[128], ys[128];
    size_t xn = fl_name_code_points(x.data, x.length, xs, 128);
    size_t yn = fl_name_code_points(y.data, y.length, ys, 128);
    assert_true(xn <= 128 && yn <= 128);
    fl_buffer_free(&x);
    fl_buffer_free(&y);
    return fl_name_distance(xs, xn, ys, yn, FL_NAME_DISTANCE_MAX);
}

static void test_learns_inner_lower_case_words(void **state)
{
    (void)state;
    fl_name_connectors *connectors = fl_name_connectors_new();
    expect_joiners(connectors, "");
    learn(connectors, "Bangsamoro Autonomous Region in Muslim Mindanao");
    expect_joiners(connectors, "in");
    /* Built-in connectors ("and") are the scan's own; learning twice changes nothing. */
    learn(connectors, "United Nations Office on Drugs and Crime");
    learn(connectors, "Bangsamoro Autonomous Region in Muslim Mindanao");
    expect_joiners(connectors, "in on");
    /* Inner words only, in lower-case letters only, white space of any kind. */
    learn(connectors, "Reporters\u00A0sans  frontières");
    learn(connectors, "Médecins Sans Frontières");
    learn(connectors, "Committee 2 b3 Protect Journalists");
    learn(connectors, "in Cambodia");
    learn(connectors, "Licadho");
    learn(connectors, "");
    learn(connectors, "Bundesamt für Migration");
    expect_joiners(connectors, "für in on sans");
    fl_name_connectors_free(connectors);
    fl_name_connectors_free(NULL);
}

static void test_connector_keys(void **state)
{
    (void)state;
    fl_name_connectors *connectors = fl_name_connectors_new();
    learn(connectors, "Bangsamoro Autonomous Region in Muslim Mindanao");
    fl_buffer key = FL_BUFFER_INIT;
    /* First and last words are never symbols; a key without inner connectors is kept. */
    assert_false(fl_name_connector_key(connectors, "the hague", 9, &key));
    assert_string_equal(fl_buffer_cstr(&key), "the hague");
    assert_false(fl_name_connector_key(connectors, "licadho", 7, &key));
    assert_string_equal(fl_buffer_cstr(&key), "licadho");
    assert_true(fl_name_connector_key(connectors, "office of the high commissioner", 31, &key));
    assert_int_equal(fl_name_code_points(key.data, key.length, NULL, 0), 28);
    /* A connector written for another is one edit; a typo elsewhere adds its own. */
    assert_int_equal(connector_distance(connectors, "region of muslim", "region in muslim"), 1);
    assert_int_equal(connector_distance(connectors,
                                        "bangsamoro auntonomous region of muslim mindanao",
                                        "bangsamoro autonomous region in muslim mindanao"),
                     2);
    /* A dropped connector is two: its symbol and a space. */
    assert_int_equal(connector_distance(connectors, "office of high commissioner",
                                        "office of the high commissioner"),
                     2);
    /* Learnt connectors match in keys, folded and without accents. */
    learn(connectors, "Bundesamt für Migration");
    assert_true(fl_name_connector_key(connectors, "bundesamt fur migration", 23, &key));
    fl_buffer_free(&key);
    fl_name_connectors_free(connectors);
}

static void test_equal_keys_only(void **state)
{
    (void)state;
    fl_name_connectors *connectors = fl_name_connectors_new();
    fl_buffer a = FL_BUFFER_INIT, b = FL_BUFFER_INIT;
    /* A key that holds a symbol's character cannot pass for a connector. */
    const char *forged = "region \xF3\xB0\x80\x80 muslim";
    assert_true(fl_name_connector_key(connectors, forged, strlen(forged), &a));
    assert_string_equal(fl_buffer_cstr(&a), "region \xEF\xBF\xBD muslim");
    fl_name_connector_key(connectors, "region of muslim", 16, &b);
    assert_string_not_equal(fl_buffer_cstr(&a), fl_buffer_cstr(&b));
    fl_name_connector_key(connectors, "region in muslim", 16, &a);
    assert_string_not_equal(fl_buffer_cstr(&a), fl_buffer_cstr(&b));
    fl_name_connector_key(connectors, "region of muslim", 16, &a);
    assert_string_equal(fl_buffer_cstr(&a), fl_buffer_cstr(&b));
    /* Other characters of plane 15 and beyond are left alone or replaced as above. */
    const char *other = "a \xF4\x80\x80\x80 b";
    assert_false(fl_name_connector_key(connectors, other, strlen(other), &a));
    assert_string_equal(fl_buffer_cstr(&a), other);
    fl_buffer_free(&a);
    fl_buffer_free(&b);
    fl_name_connectors_free(connectors);
}

/* A key that fl_name_connector_key_may_differ() clears is its own connector key; the
 * others it must not clear. */
static void test_keys_sure_to_stay_the_same(void **state)
{
    (void)state;
    fl_name_connectors *connectors = fl_name_connectors_new();
    learn(connectors, "Bangsamoro Autonomous Region in Muslim Mindanao");
    static const char *const same[] = {"", "licadho", "hun sen", "of", "region in",
                                       "in muslim", "caf\xC3\xA9 de"};
    static const char *const maybe[] = {"region in muslim", "a b c", "region \xF3\xB0\x80\x80",
                                        "\xF3\xB0\x80\x81"};
    fl_buffer key = FL_BUFFER_INIT;
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        size_t length = strlen(same[i]);
        assert_false(fl_name_connector_key_may_differ(same[i], length));
        assert_false(fl_name_connector_key(connectors, same[i], length, &key));
        assert_string_equal(fl_buffer_cstr(&key), same[i]);
    }
    for (size_t i = 0; i < sizeof maybe / sizeof *maybe; i++)
        assert_true(fl_name_connector_key_may_differ(maybe[i], strlen(maybe[i])));
    /* Those that do differ: a connector inside, a symbol's character. */
    assert_true(fl_name_connector_key(connectors, maybe[0], strlen(maybe[0]), &key));
    assert_true(fl_name_connector_key(connectors, maybe[2], strlen(maybe[2]), &key));
    fl_buffer_free(&key);
    fl_name_connectors_free(connectors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns_inner_lower_case_words),
        cmocka_unit_test(test_connector_keys),
        cmocka_unit_test(test_equal_keys_only),
        cmocka_unit_test(test_keys_sure_to_stay_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
