#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <uniwbrk.h>

#include "word_breaks.h"

enum { LONGEST = 320 };

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

static void expect_as_libunistring(const char *text, size_t length)
{
    char got[LONGEST], expected[LONGEST];
    assert_true(length <= LONGEST);
    memset(got, 7, sizeof got);
    fl_word_breaks(text, length, got);
    u8_wordbreaks((const uint8_t *)text, length, expected);
    assert_memory_equal(got, expected, length);
}

/* The boundaries of a line, written as a string of '|' (a boundary before the byte)
 * and '.' (none). */
static void expect_breaks(const char *text, const char *marks)
{
    size_t length = strlen(text);
    char breaks[LONGEST], shown[LONGEST + 1];
    assert_true(length < LONGEST);
    fl_word_breaks(text, length, breaks);
    for (size_t i = 0; i < length; i++)
        shown[i] = breaks[i] ? '|' : '.';
    shown[length] = '\0';
    assert_string_equal(shown, marks);
}

static void test_words_of_a_line(void **state)
{
    (void)state;
    expect_breaks("Licadko's  2,418", ".........|.|....");
    expect_breaks("e.g. 3.14, a_1", "...|||...|||..");
    expect_breaks("x\t\ty", ".|||");
    expect_breaks("a.\"b", ".|||");
    expect_breaks("a\r\nb", ".|.|");
}

/* The rules look at most two characters back and one ahead, and see a character only
 * through its word-break property: every string of up to five characters, one of
 * each property that ASCII has, covers every case the ASCII rules can meet. */
static void test_every_short_ascii_sequence(void **state)
{
    (void)state;
    char representatives[128];
    size_t kinds = 0;
    bool seen[64] = {false};
    for (int c = 0; c < 128; c++) {
        int property = uc_wordbreak_property((ucs4_t)c);
        assert_true(property >= 0 && property < 64);
        if (!seen[property]) {
            seen[property] = true;
            representatives[kinds++] = (char)c;
        }
    }
    assert_true(kinds >= 10);
    char text[5];
    size_t tried = 0;
    for (size_t length = 1; length <= sizeof text; length++) {
        size_t combinations = 1;
        for (size_t i = 0; i < length; i++)
            combinations *= kinds;
        for (size_t n = 0; n < combinations; n++) {
            size_t rest = n;
            for (size_t i = 0; i < length; i++) {
                text[i] = representatives[rest % kinds];
                rest /= kinds;
            }
            expect_as_libunistring(text, length);
            tried++;
        }
    }
    assert_true(tried > 100000);
}

/* Long lines of every ASCII character, the ones words are made of more often. */
static void test_random_ascii_lines(void **state)
{
    (void)state;
    static const char common[] = "aZq09 ,.;:'\"_-\t";
    uint64_t random = 2025;
    char text[LONGEST];
    for (int round = 0; round < 20000; round++) {
        size_t length = 1 + next_random(&random) % LONGEST;
        for (size_t i = 0; i < length; i++) {
            uint64_t pick = next_random(&random);
            text[i] = pick % 4 ? common[(pick >> 2) % (sizeof common - 1)]
                               : (char)((pick >> 2) % 128);
        }
        expect_as_libunistring(text, length);
    }
}

/* Text beyond ASCII, valid or not, is libunistring's to break. */
static void test_other_text(void **state)
{
    (void)state;
    const char mixed[] = "Licadko\xe2\x80\x99s S\xc3\xa9n 2\xc2\xa0" "418 \xff\xc3 a_b";
    expect_as_libunistring(mixed, sizeof mixed - 1);
    uint64_t random = 7;
    char text[64];
    for (int round = 0; round < 5000; round++) {
        size_t length = 1 + next_random(&random) % sizeof text;
        for (size_t i = 0; i < length; i++)
            text[i] = (char)(next_random(&random) % 0x100);
        expect_as_libunistring(text, length);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_of_a_line),
        cmocka_unit_test(test_every_short_ascii_sequence),
        cmocka_unit_test(test_random_ascii_lines),
        cmocka_unit_test(test_other_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
