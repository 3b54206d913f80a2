#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "names_normalize.h"

#define BOTH (FL_NAME_FOLD | FL_NAME_STRIP_MARKS)

static void expect_key(const char *text, unsigned flags, const char *expected)
{
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(text, strlen(text), flags, &key));
    assert_string_equal(fl_buffer_cstr(&key), expected);
    assert_int_equal(key.length, strlen(expected));
    fl_buffer_free(&key);
}

static void test_white_space(void **state)
{
    (void)state;
    expect_key("  Amnesty   International \t", 0, "Amnesty International");
    expect_key("Office\nof the\r\nHigh  Commissioner", 0, "Office of the High Commissioner");
    expect_key("Hun\u2028Sen\u3000", 0, "Hun Sen");
    expect_key("", 0, "");
    expect_key(" \t\n", 0, "");
    expect_key("\u00A0\u202F", BOTH, "");
}

static void test_nfkc(void **state)
{
    (void)state;
    expect_key("Hun\u00A0Sen", 0, "Hun Sen");          /* no-break space */
    expect_key("Hun\u202FSen", 0, "Hun Sen");          /* narrow no-break space */
    expect_key("\uFB01nance", 0, "finance");           /* ligature */
    expect_key("ＬＩＣＡＤＨＯ", 0, "LICADHO");        /* full width */
    expect_key("Se\u0301n", 0, "S\u00E9n");            /* composed */
    expect_key("Nguy\u1EC5n", 0, "Nguy\u1EC5n");
}

static void test_case_folding(void **state)
{
    (void)state;
    expect_key("LICADHO", FL_NAME_FOLD, "licadho");
    expect_key("ＬＩＣＡＤＨＯ", FL_NAME_FOLD, "licadho");
    expect_key("STRASSE Straße", FL_NAME_FOLD, "strasse strasse");
    expect_key("ΣΊΣΥΦΟΣ", FL_NAME_FOLD, "σίσυφοσ");
    expect_key("ХУН СЕН", FL_NAME_FOLD, "хун сен");
    expect_key("Hun Sén", FL_NAME_FOLD, "hun s\u00E9n");
}

static void test_accents(void **state)
{
    (void)state;
    expect_key("Hun Sén", FL_NAME_STRIP_MARKS, "Hun Sen");
    expect_key("Hun Se\u0301n", FL_NAME_STRIP_MARKS, "Hun Sen");
    expect_key("Nguyễn Tấn Dũng", BOTH, "nguyen tan dung");
    expect_key("Ñuñoa", BOTH, "nunoa");
    expect_key("ÉCOLE", BOTH, "ecole");
    /* Khmer vowel signs and Devanagari matras are letters, not accents. */
    expect_key("សុខ អាន", BOTH, "សុខ អាន");
    expect_key("नरेन्द्र मोदी", BOTH, "नरेन्द्र मोदी");
    /* Marks alone leave nothing. */
    expect_key("\u0301\u0301", FL_NAME_STRIP_MARKS, "");
}

static void test_same_key(void **state)
{
    (void)state;
    const char *spellings[] = {"Hun Sen", "HUN SEN", "Hun Sén", " hun\u00A0sen ", "Hun Sen’s"};
    fl_buffer first = FL_BUFFER_INIT, other = FL_BUFFER_INIT;
    assert_true(fl_name_key(spellings[0], strlen(spellings[0]), BOTH, &first));
    for (size_t i = 1; i < sizeof spellings / sizeof *spellings; i++) {
        assert_true(fl_name_key(spellings[i], strlen(spellings[i]), BOTH, &other));
        assert_string_equal(fl_buffer_cstr(&other), fl_buffer_cstr(&first));
    }
    fl_buffer_free(&first);
    fl_buffer_free(&other);
}

static void test_apostrophes(void **state)
{
    (void)state;
    expect_key("O’Brien", 0, "O'Brien");
    expect_key("O‘Brien", 0, "O'Brien");
    expect_key("Hawai\u02BBi", 0, "Hawai\u02BBi"); /* the okina is a letter */
    expect_key("Ma\u02BCrib", 0, "Ma'rib");
    expect_key("O'Brien", BOTH, "o'brien");
}

static void test_possessives(void **state)
{
    (void)state;
    expect_key("Licadko’s", 0, "Licadko");
    expect_key("Licadho's", 0, "Licadho");
    expect_key("LICADHO’S", 0, "LICADHO");
    expect_key("LICADHO’S", FL_NAME_FOLD, "licadho");
    expect_key("Licadho’s  ", 0, "Licadho");
    expect_key("Workers’", 0, "Workers");
    expect_key("Workers'", 0, "Workers");
    expect_key("Sén’s", BOTH, "sen");
    /* Nothing for the possessive to belong to. */
    expect_key("’s", 0, "'s");
    expect_key("Jones ’s", 0, "Jones 's");
    expect_key("'", 0, "'");
    /* Only at the end. */
    expect_key("Licadho’s director", 0, "Licadho's director");
}

static void test_abbreviation_full_stops(void **state)
{
    (void)state;
    expect_key("Jose Faustino Jr.", 0, "Jose Faustino Jr");
    expect_key("Jose Faustino Jr.", BOTH, "jose faustino jr");
    expect_key("U.S. Army", 0, "US Army");
    expect_key("Sén.", BOTH, "sen");
    expect_key("Ñ.", 0, "\u00D1");
    expect_key("Jr.’s", 0, "Jr");
    /* Only after a letter: numbers and a stop on its own keep it. */
    expect_key("Web 2.0", 0, "Web 2.0");
    expect_key("Jr .", 0, "Jr .");
    expect_key(".", 0, ".");
}

static void test_invisible_characters(void **state)
{
    (void)state;
    expect_key("Lica\u00ADdho", 0, "Licadho");
    expect_key("Lica\u200Bdho\u2060", 0, "Licadho");
    expect_key("\uFEFFLicadho", 0, "Licadho");
    expect_key("Hun \u200B Sen", 0, "Hun Sen");
    expect_key("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", 0,
               "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"); /* ZWNJ shapes Persian */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* The parentheses keep "b" out of the last escape, and mark the split as meant. */
    const char *invalid[] = {"Lic\xC3", "\xFF", "\xC0\xAF", ("a\xED\xA0\x80" "b"), "\xE2\x80"};
    fl_buffer key = FL_BUFFER_INIT;
    fl_buffer_append_string(&key, "stale");
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        assert_false(fl_name_key(invalid[i], strlen(invalid[i]), BOTH, &key));
        assert_int_equal(key.length, 0);
        assert_string_equal(fl_buffer_cstr(&key), "");
    }
    fl_buffer_free(&key);
}

static void test_not_nul_terminated(void **state)
{
    (void)state;
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key("Licadho’s director", strlen("Licadho’s"), BOTH, &key));
    assert_string_equal(fl_buffer_cstr(&key), "licadho");
    fl_buffer_free(&key);
}

/* A zero-width space is dropped from the key but sends ASCII text down the Unicode
 * path, so the two paths can be compared on the same text. */
static void test_ascii_path_equals_unicode_path(void **state)
{
    (void)state;
    const char *texts[] = {
        "Licadho", "  Amnesty   International \t", "LICADHO'S", "Workers'", "O'Brien",
        "Office of the High Commissioner\r\n", "a\tb\vc\fd", "'s", "AbC xYz'S", "",
        "Ministry of Interior", "Hun Sen's", "x  ", "\x01\x7f",
    };
    const unsigned flag_sets[] = {0, FL_NAME_FOLD, FL_NAME_STRIP_MARKS, BOTH};
    fl_buffer fast = FL_BUFFER_INIT, slow = FL_BUFFER_INIT, marked = FL_BUFFER_INIT;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        for (size_t f = 0; f < 4; f++) {
            fl_buffer_clear(&marked);
            fl_buffer_append_string(&marked, texts[i]);
            fl_buffer_append_string(&marked, "\u200B");
            assert_true(fl_name_key(texts[i], strlen(texts[i]), flag_sets[f], &fast));
            assert_true(fl_name_key(marked.data, marked.length, flag_sets[f], &slow));
            assert_int_equal(fast.length, slow.length);
            assert_memory_equal(fl_buffer_cstr(&fast), fl_buffer_cstr(&slow), fast.length);
        }
    }
    fl_buffer_free(&fast);
    fl_buffer_free(&slow);
    fl_buffer_free(&marked);
}

/* The key of ASCII `text` as the rules read, one byte at a time: white space runs as
 * one space and none at the ends, a full stop after a letter dropped, letters folded
 * when `fold`, then a final possessive dropped after a letter of the name. */
static size_t reference_ascii_key(const char *text, size_t length, bool fold, char *key)
{
    size_t written = 0;
    bool space_pending = false, after_letter = false;
    for (size_t at = 0; at < length; at++) {
        char byte = text[at];
        if (byte == ' ' || (byte >= '\t' && byte <= '\r')) {
            space_pending = written > 0;
            after_letter = false;
            continue;
        }
        if (byte == '.' && after_letter)
            continue;
        if (space_pending)
            key[written++] = ' ';
        space_pending = false;
        after_letter = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
        key[written++] = fold && byte >= 'A' && byte <= 'Z' ? (char)(byte + 'a' - 'A') : byte;
    }
    if (written >= 3 && (key[written - 1] == 's' || key[written - 1] == 'S') &&
        key[written - 2] == '\'' && key[written - 3] != ' ')
        return written - 2;
    if (written >= 2 && key[written - 1] == '\'' && key[written - 2] != ' ')
        return written - 1;
    return written;
}

/* Every ASCII text of up to five characters from an alphabet of the characters the
 * rules treat apart: the key matches the rules read a byte at a time. */
static void test_ascii_keys_by_the_rules(void **state)
{
    (void)state;
    static const char alphabet[] = "aZ7 .'s\t-S";
    const size_t letters = sizeof alphabet - 1;
    fl_buffer key = FL_BUFFER_INIT;
    char text[5], expected[5];
    for (size_t length = 0; length <= sizeof text; length++) {
        size_t combinations = 1;
        for (size_t i = 0; i < length; i++)
            combinations *= letters;
        for (size_t n = 0; n < combinations; n++) {
            for (size_t i = 0, rest = n; i < length; i++, rest /= letters)
                text[i] = alphabet[rest % letters];
            for (int fold = 0; fold <= 1; fold++) {
                size_t expected_length = reference_ascii_key(text, length, fold, expected);
                assert_true(fl_name_key(text, length, fold ? FL_NAME_FOLD : 0, &key));
                assert_int_equal(key.length, expected_length);
                assert_memory_equal(key.data, expected, expected_length);
            }
        }
    }
    fl_buffer_free(&key);
}

static void test_long_text(void **state)
{
    (void)state;
    /* Longer than the stack buffers of the Unicode path. */
    fl_buffer text = FL_BUFFER_INIT, key = FL_BUFFER_INIT, expected = FL_BUFFER_INIT;
    for (int i = 0; i < 200; i++) {
        fl_buffer_append_string(&text, "Sén  ");
        fl_buffer_append_string(&expected, i ? " sen" : "sen");
    }
    assert_true(fl_name_key(text.data, text.length, BOTH, &key));
    assert_string_equal(fl_buffer_cstr(&key), fl_buffer_cstr(&expected));
    fl_buffer_free(&text);
    fl_buffer_free(&key);
    fl_buffer_free(&expected);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_white_space),
        cmocka_unit_test(test_nfkc),
        cmocka_unit_test(test_case_folding),
        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_same_key),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_possessives),
        cmocka_unit_test(test_abbreviation_full_stops),
        cmocka_unit_test(test_invisible_characters),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_ascii_path_equals_unicode_path),
        cmocka_unit_test(test_ascii_keys_by_the_rules),
        cmocka_unit_test(test_long_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
