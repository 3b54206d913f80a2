/* mmap()'s MAP_ANONYMOUS is not in POSIX. */
#define _DEFAULT_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "text_lines.h"

/* The end of the line at `start` and where the next begins, a byte at a time. */
static size_t reference_line_end(const char *text, size_t length, size_t start, size_t *next)
{
    size_t end = start;
    while (end < length && text[end] != '\n' && text[end] != '\r')
        end++;
    if (end == length)
        *next = length;
    else
        *next = end + (text[end] == '\r' && end + 1 < length && text[end + 1] == '\n' ? 2 : 1);
    return end;
}

static void expect_line(const char *text, size_t start, size_t end, size_t next)
{
    size_t found_next = 99;
    assert_int_equal(fl_line_end(text, strlen(text), start, &found_next), end);
    assert_int_equal(found_next, next);
}

static void test_line_breaks(void **state)
{
    (void)state;
    expect_line("", 0, 0, 0);
    expect_line("one", 0, 3, 3);
    expect_line("one\ntwo", 0, 3, 4);
    expect_line("one\r\ntwo", 0, 3, 5);
    expect_line("one\rtwo", 0, 3, 4);
    expect_line("one\n\rtwo", 0, 3, 4);
    expect_line("one\r\r\ntwo", 0, 3, 4);
    expect_line("one\r\r\ntwo", 4, 4, 6);
    expect_line("one\n", 4, 4, 4);
    expect_line("one\r", 0, 3, 4);
    expect_line("a\nb\rc", 2, 3, 4);
}

/* Every text of up to eight bytes over LF, CR, a letter and NUL, from every start:
 * the same as the rule read a byte at a time. */
static void test_every_short_text(void **state)
{
    (void)state;
    static const char alphabet[] = {'\n', '\r', 'a', '\0'};
    char text[8];
    for (size_t length = 0; length <= sizeof text; length++) {
        size_t combinations = (size_t)1 << (2 * length);
        for (size_t n = 0; n < combinations; n++) {
            for (size_t i = 0; i < length; i++)
                text[i] = alphabet[n >> (2 * i) & 3];
            for (size_t start = 0; start <= length; start++) {
                size_t next, expected_next;
                size_t end = fl_line_end(text, length, start, &next);
                assert_int_equal(end, reference_line_end(text, length, start, &expected_next));
                assert_int_equal(next, expected_next);
            }
        }
    }
}

/* Long lines, whose breaks memchr() finds many bytes past the start. */
static void test_long_lines(void **state)
{
    (void)state;
    char text[300];
    memset(text, 'x', sizeof text);
    for (size_t at = 0; at < sizeof text; at += 37) {
        for (int kind = 0; kind < 3; kind++) {
            char saved[2] = {text[at], at + 1 < sizeof text ? text[at + 1] : 0};
            text[at] = kind == 1 ? '\n' : '\r';
            if (kind == 2 && at + 1 < sizeof text)
                text[at + 1] = '\n';
            size_t next, expected_next;
            size_t end = fl_line_end(text, sizeof text, 0, &next);
            assert_int_equal(end, reference_line_end(text, sizeof text, 0, &expected_next));
            assert_int_equal(end, at);
            assert_int_equal(next, expected_next);
            text[at] = saved[0];
            if (at + 1 < sizeof text)
                text[at + 1] = saved[1];
        }
    }
}

/* A line is found without reading far past its end: in a text whose lines end with
 * one kind of break, looking for the other kind to the end of the text at every line
 * would take time that grows with the square of the text. The text's first line ends
 * 512 bytes before a page that cannot be read. */
static void test_reads_near_the_line_only(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
    assert_true(pages != MAP_FAILED);
    assert_int_equal(mprotect(pages + page, page, PROT_NONE), 0);
    for (int kind = 0; kind < 2; kind++) {
        char *text = pages + page - 512;
        memset(text, 'a', 512);
        text[1] = kind ? '\n' : '\r';
        size_t next;
        assert_int_equal(fl_line_end(text, 2 * page, 0, &next), 1);
        assert_int_equal(next, 2);
    }
    munmap(pages, 3 * page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_every_short_text),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_reads_near_the_line_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
