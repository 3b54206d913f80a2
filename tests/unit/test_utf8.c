#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unictype.h>
#include <unistr.h>

#include "utf8.h"

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

/* What fl_utf8_next() must give: libunistring's reading of the bytes. */
static void expect_as_libunistring(const uint8_t *text, size_t length)
{
    for (size_t at = 0; at < length;) {
        uint32_t character;
        bool invalid;
        size_t size = fl_utf8_next(text + at, length - at, &character, &invalid);
        ucs4_t expected;
        int count = u8_mbtoucr(&expected, text + at, length - at);
        assert_int_equal(invalid, count < 0);
        if (count < 0)
            count = u8_mbtouc(&expected, text + at, length - at);
        assert_int_equal(size, (size_t)count);
        assert_int_equal(character, expected);
        at += size;
    }
}

/* The ASCII fast path reads random ASCII as libunistring does, and so does the
 * libunistring path on random bytes, valid or not. */
static void test_next_matches_libunistring(void **state)
{
    (void)state;
    uint64_t random = 2025;
    uint8_t text[64];
    for (int round = 0; round < 20000; round++) {
        size_t length = 1 + next_random(&random) % sizeof text;
        bool ascii = round % 2 == 0;
        for (size_t i = 0; i < length; i++)
            text[i] = (uint8_t)(next_random(&random) % (ascii ? 0x80 : 0x100));
        expect_as_libunistring(text, length);
    }
    const uint8_t mixed[] = "Hun S\xc3\xa9n\xe2\x80\x99s \xff\xc3 Licadho";
    expect_as_libunistring(mixed, sizeof mixed - 1);
}

/* No ASCII character is a format character, as libunistring's tables say; the others
 * are asked of libunistring. */
static void test_format_characters(void **state)
{
    (void)state;
    for (uint32_t c = 0; c < 0x80; c++)
        assert_int_equal(fl_utf8_is_format(c), uc_is_general_category(c, UC_CATEGORY_Cf));
    uint32_t formats[] = {0x00AD, 0x200B, 0x200E, 0x2060, 0xFEFF};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        assert_true(fl_utf8_is_format(formats[i]));
    assert_false(fl_utf8_is_format(0x00E9));
    uint64_t random = 7;
    for (int round = 0; round < 20000; round++) {
        uint32_t c = (uint32_t)(next_random(&random) % 0x30000);
        assert_int_equal(fl_utf8_is_format(c), uc_is_general_category(c, UC_CATEGORY_Cf));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_matches_libunistring),
        cmocka_unit_test(test_format_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
