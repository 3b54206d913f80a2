#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names_spelling_map.h"

/* The spellings a test adds, numbered as the map hands out numbers. */
typedef struct spelling_list {
    fl_name_spelling items[4096];
    char keys[4096][16];
    size_t count;
} spelling_list;

/* The number of `key` in `map`, adding it to `list` when new. */
static size_t number_of(fl_name_spelling_map *map, spelling_list *list, const char *key,
                        bool *added)
{
    size_t length = strlen(key);
    size_t number =
        fl_name_spelling_map_find_or_add(map, list->items, key, length, list->count, added);
    if (*added) {
        assert_int_equal(number, list->count);
        snprintf(list->keys[number], sizeof list->keys[number], "%s", key);
        list->items[number] = (fl_name_spelling){list->keys[number], length, length, 1};
        list->count++;
    }
    return number;
}

static void test_finds_what_it_was_given(void **state)
{
    (void)state;
    spelling_list *list = fl_xcalloc(1, sizeof *list);
    fl_name_spelling_map map = FL_NAME_SPELLING_MAP_INIT;
    bool added;
    assert_int_equal(number_of(&map, list, "licadho", &added), 0);
    assert_true(added);
    assert_int_equal(number_of(&map, list, "hun sen", &added), 1);
    assert_true(added);
    assert_int_equal(number_of(&map, list, "licadho", &added), 0);
    assert_false(added);
    /* Keys are bytes: a prefix is another key. */
    assert_int_equal(number_of(&map, list, "licadh", &added), 2);
    assert_true(added);
    /* Growing keeps every number, whatever slot it moves to. */
    char key[16];
    for (int i = 0; i < 3000; i++) {
        snprintf(key, sizeof key, "name %d", i);
        assert_int_equal(number_of(&map, list, key, &added), 3 + (size_t)i);
        assert_true(added);
    }
    for (int i = 2999; i >= 0; i--) {
        snprintf(key, sizeof key, "name %d", i);
        assert_int_equal(number_of(&map, list, key, &added), 3 + (size_t)i);
        assert_false(added);
    }
    assert_int_equal(number_of(&map, list, "hun sen", &added), 1);
    assert_false(added);
    assert_int_equal(map.count, list->count);

    /* Cleared, a map knows nothing, and numbers start again. */
    fl_name_spelling_map_clear(&map);
    list->count = 0;
    assert_int_equal(number_of(&map, list, "hun sen", &added), 0);
    assert_true(added);
    fl_name_spelling_map_clear(&map);
    fl_name_spelling_map_free(&map);
    fl_name_spelling_map_free(&map);
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_what_it_was_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
