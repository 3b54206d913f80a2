#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memory.h"

/* Runs `body` in a child with standard error in a pipe: its exit status and what it
 * wrote. */
static int in_child(void (*body)(void), char *message, size_t size)
{
    int channel[2];
    assert_int_equal(pipe(channel), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(channel[1], 2);
        close(channel[0]);
        body();
        _exit(0);
    }
    close(channel[1]);
    /* To the end: a reader that stops early would kill the child with SIGPIPE. */
    size_t used = 0;
    ssize_t got;
    char rest[256];
    while ((got = read(channel[0], used < size - 1 ? message + used : rest,
                       used < size - 1 ? size - 1 - used : sizeof rest)) > 0)
        if (used < size - 1)
            used += (size_t)got;
    message[used] = '\0';
    close(channel[0]);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void allocate_too_much(void)
{
    volatile size_t size = SIZE_MAX / 4;
    void *pointer = fl_xmalloc(size);
    free(pointer);
}

static void grow_too_far(void)
{
    size_t capacity = 8;
    void *array = fl_xgrow(NULL, &capacity, SIZE_MAX / 2, 16);
    free(array);
}

/* A failing allocation is no crash: one line on standard error, and exit status 2. */
static void test_a_failing_allocation_exits_2_with_a_message(void **state)
{
    (void)state;
    char message[256];
    assert_int_equal(in_child(allocate_too_much, message, sizeof message), 2);
    assert_non_null(strstr(message, "factlint: out of memory (allocating "));
    assert_int_equal(in_child(grow_too_far, message, sizeof message), 2);
    assert_non_null(strstr(message, "factlint: out of memory"));
}

static void test_buffers_and_arenas(void **state)
{
    (void)state;
    fl_buffer buffer = FL_BUFFER_INIT;
    assert_string_equal(fl_buffer_cstr(&buffer), "");
    for (int i = 0; i < 1000; i++)
        fl_buffer_printf(&buffer, "%d,", i);
    assert_int_equal(strncmp(buffer.data, "0,1,2,", 6), 0);
    fl_buffer_clear(&buffer);
    assert_string_equal(fl_buffer_cstr(&buffer), "");
    fl_buffer_free(&buffer);

    fl_arena arena = FL_ARENA_INIT;
    char *big = fl_arena_alloc(&arena, 1 << 20);
    big[(1 << 20) - 1] = 'x';
    assert_string_equal(fl_arena_printf(&arena, "%s-%d", "a", 7), "a-7");
    fl_arena_reset(&arena);
    assert_string_equal(fl_arena_strndup(&arena, "abcdef", 3), "abc");
    fl_arena_free(&arena);
}

/* Arrays grown past the size that asks for huge pages keep what they hold, and an
 * array that already holds enough is left where it is. */
static void test_large_arrays_keep_their_contents(void **state)
{
    (void)state;
    enum { COUNT = 3 << 20 };
    uint32_t *array = NULL;
    size_t capacity = 0;
    for (size_t i = 0; i < COUNT; i++) {
        array = fl_xgrow_huge(array, &capacity, i + 1, sizeof *array);
        array[i] = (uint32_t)(i * 2654435761u);
    }
    assert_true(capacity >= COUNT);
    assert_ptr_equal(fl_xgrow_huge(array, &capacity, COUNT, sizeof *array), array);
    for (size_t i = 0; i < COUNT; i++)
        assert_int_equal(array[i], (uint32_t)(i * 2654435761u));
    free(array);
}

/* Texts formatted where the current block has room and where it has not: each whole,
 * and what is allocated after them aligned and zero-filled. */
static void test_arena_printf_in_and_past_a_block(void **state)
{
    (void)state;
    fl_arena arena = FL_ARENA_INIT;
    char long_word[300];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    for (int i = 0; i < 2000; i++) {
        const char *text = fl_arena_printf(&arena, "%d:%s", i, i % 7 ? "ab" : long_word);
        char expected[320];
        snprintf(expected, sizeof expected, "%d:%s", i, i % 7 ? "ab" : long_word);
        assert_string_equal(text, expected);
        unsigned char *after = fl_arena_alloc(&arena, 24);
        assert_int_equal((uintptr_t)after % _Alignof(max_align_t), 0);
        for (size_t b = 0; b < 24; b++)
            assert_int_equal(after[b], 0);
        memset(after, 0xFF, 24);
        assert_string_equal(text, expected);
    }
    fl_arena_free(&arena);
}

/* Memory taken unfilled and written over, then given back by a reset: what is allocated
 * next is zero-filled all the same; copies and repeated characters are whole. */
static void test_unfilled_memory_copies_and_repeats(void **state)
{
    (void)state;
    fl_arena arena = FL_ARENA_INIT;
    for (int round = 0; round < 2; round++) {
        unsigned char *unfilled = fl_arena_alloc_uninit(&arena, 1000);
        assert_int_equal((uintptr_t)unfilled % _Alignof(max_align_t), 0);
        memset(unfilled, 0xAB, 1000);
        fl_arena_reset(&arena);
        unsigned char *filled = fl_arena_alloc(&arena, 1000);
        for (size_t b = 0; b < 1000; b++)
            assert_int_equal(filled[b], 0);
        fl_arena_reset(&arena);
    }
    const uint64_t values[3] = {1, UINT64_MAX, 42};
    uint64_t *copy = fl_arena_memdup(&arena, values, sizeof values);
    assert_int_equal((uintptr_t)copy % _Alignof(max_align_t), 0);
    assert_memory_equal(copy, values, sizeof values);
    assert_non_null(fl_arena_memdup(&arena, NULL, 0));
    fl_arena_free(&arena);

    fl_buffer buffer = FL_BUFFER_INIT;
    fl_buffer_append_string(&buffer, "ab");
    fl_buffer_append_repeated(&buffer, '~', 3);
    fl_buffer_append_repeated(&buffer, ' ', 0);
    fl_buffer_append_repeated(&buffer, '.', 200);
    assert_int_equal(buffer.length, 205);
    assert_int_equal(strncmp(buffer.data, "ab~~~.", 6), 0);
    assert_int_equal(buffer.data[204], '.');
    assert_int_equal(buffer.data[205], '\0');
    fl_buffer_free(&buffer);
}

/* Enough small allocations to pass the largest block size several times: each keeps
 * what was written to it, and a reset arena serves the same again. */
static void test_arena_of_many_allocations(void **state)
{
    (void)state;
    enum { COUNT = 100000, SIZE = 400 };
    fl_arena arena = FL_ARENA_INIT;
    static unsigned char *items[COUNT];
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < COUNT; i++) {
            items[i] = fl_arena_alloc(&arena, i % 1000 == 999 ? 100000 : SIZE);
            assert_int_equal((uintptr_t)items[i] % _Alignof(max_align_t), 0);
            assert_int_equal(items[i][0], 0);
            memset(items[i], (int)(i % 251), SIZE);
        }
        for (size_t i = 0; i < COUNT; i++) {
            assert_int_equal(items[i][0], (unsigned char)(i % 251));
            assert_int_equal(items[i][SIZE - 1], (unsigned char)(i % 251));
        }
        fl_arena_reset(&arena);
    }
    fl_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_failing_allocation_exits_2_with_a_message),
        cmocka_unit_test(test_buffers_and_arenas),
        cmocka_unit_test(test_large_arrays_keep_their_contents),
        cmocka_unit_test(test_arena_printf_in_and_past_a_block),
        cmocka_unit_test(test_unfilled_memory_copies_and_repeats),
        cmocka_unit_test(test_arena_of_many_allocations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
