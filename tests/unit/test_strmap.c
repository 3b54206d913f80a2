#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "strmap.h"

/* Every byte counts, the last ones of a key that is no multiple of eight long
 * included, and so does the length: a key and the same key with a NUL after it
 * differ. */
static void test_hash_reads_every_byte(void **state)
{
    (void)state;
    const char text[] = "arrests.h1.by_nationality.chinese";
    size_t length = sizeof text - 1;
    uint64_t whole = fl_hash_bytes(text, length);
    char changed[sizeof text];
    for (size_t i = 0; i < length; i++) {
        memcpy(changed, text, sizeof text);
        changed[i] ^= 1;
        assert_true(fl_hash_bytes(changed, length) != whole);
    }
    assert_true(fl_hash_bytes(text, length) == whole);
    assert_true(fl_hash_bytes(text, length + 1) != whole);
    assert_true(fl_hash_bytes("", 0) != fl_hash_bytes("\0", 1));
    assert_true(fl_hash_bytes(NULL, 0) == fl_hash_bytes("", 0));
}

/* The low bits pick slots: keys that differ only in their first byte still spread
 * over the low bits. */
static void test_hash_spreads_low_bits(void **state)
{
    (void)state;
    bool seen[256] = {false};
    size_t distinct = 0;
    char key[] = "?.rest.of.a.long.key";
    for (int c = 0; c < 256; c++) {
        key[0] = (char)c;
        size_t low = fl_hash_bytes(key, sizeof key - 1) & 255;
        distinct += !seen[low];
        seen[low] = true;
    }
    /* 256 keys thrown at random into 256 slots fill about 162 of them. */
    assert_true(distinct > 140);
}

static void test_map_puts_gets_and_clears(void **state)
{
    (void)state;
    fl_strmap map = FL_STRMAP_INIT;
    char keys[5000][16];
    for (size_t i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "key.%zu", i);
        fl_strmap_put(&map, keys[i], strlen(keys[i]), i);
    }
    assert_int_equal(map.count, 5000);
    size_t value;
    for (size_t i = 0; i < 5000; i++) {
        assert_true(fl_strmap_get(&map, keys[i], strlen(keys[i]), &value));
        assert_int_equal(value, i);
    }
    /* A key is its bytes and its length: "key.1" is not "key.10". */
    assert_true(fl_strmap_get(&map, "key.10", 5, &value));
    assert_int_equal(value, 1);
    assert_false(fl_strmap_get(&map, "key.5000", 8, &value));
    fl_strmap_put(&map, keys[7], strlen(keys[7]), 70);
    assert_true(fl_strmap_get(&map, "key.7", 5, &value));
    assert_int_equal(value, 70);
    assert_int_equal(map.count, 5000);
    fl_strmap_clear(&map);
    assert_int_equal(map.count, 0);
    assert_false(fl_strmap_get(&map, "key.7", 5, &value));
    fl_strmap_put(&map, keys[1], strlen(keys[1]), 1);
    assert_true(fl_strmap_get(&map, "key.1", 5, &value));
    fl_strmap_free(&map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_reads_every_byte),
        cmocka_unit_test(test_hash_spreads_low_bits),
        cmocka_unit_test(test_map_puts_gets_and_clears),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
