#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source_lines.h"

typedef struct file {
    char path[64];
} file;

static void write_file(file *f, const char *bytes, size_t length)
{
    strcpy(f->path, "/tmp/factlint-source-lines-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, length), (ssize_t)length);
    close(fd);
}

/* The line at `offset` a byte at a time, as stdio reads it. */
static void reference_line(const char *bytes, size_t length, size_t offset, fl_buffer *out)
{
    fl_buffer_clear(out);
    for (size_t i = offset; i < length && bytes[i] != '\n' && bytes[i] != '\r' &&
                            out->length < FL_SOURCE_LINE_MAX;
         i++)
        fl_buffer_append(out, bytes + i, 1);
}

static void expect_line(fl_source_lines *lines, const file *f, uint64_t offset,
                        const char *expected, size_t length)
{
    fl_buffer line = FL_BUFFER_INIT;
    assert_true(fl_source_line_read(lines, f->path, offset, &line));
    assert_int_equal(line.length, length);
    assert_memory_equal(fl_buffer_cstr(&line), expected, length);
    fl_buffer_free(&line);
}

static void test_line_breaks(void **state)
{
    (void)state;
    static const char text[] = "one\ntwo\r\nthree\rfour\0five\nlast";
    file f;
    write_file(&f, text, sizeof text - 1);
    fl_source_lines lines = FL_SOURCE_LINES_INIT;
    expect_line(&lines, &f, 0, "one", 3);
    expect_line(&lines, &f, 4, "two", 3);
    expect_line(&lines, &f, 9, "three", 5);
    expect_line(&lines, &f, 15, "four\0five", 9);
    expect_line(&lines, &f, 25, "last", 4);
    expect_line(&lines, &f, 2, "e", 1);
    expect_line(&lines, &f, 29, "", 0);
    expect_line(&lines, &f, 1000, "", 0);
    fl_source_lines_release(&lines);
    unlink(f.path);
}

/* Lines longer than what is read at once, in an order that goes back and forth. */
static void test_long_lines(void **state)
{
    (void)state;
    size_t length = 3 * FL_SOURCE_LINE_MAX + 1000;
    char *bytes = malloc(length);
    for (size_t i = 0; i < length; i++)
        bytes[i] = (char)('a' + i % 23);
    size_t breaks[] = {10, FL_SOURCE_LINE_MAX + 20, FL_SOURCE_LINE_MAX + 21,
                       2 * FL_SOURCE_LINE_MAX - 1, 3 * FL_SOURCE_LINE_MAX + 500};
    for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++)
        bytes[breaks[i]] = i % 2 ? '\r' : '\n';
    file f;
    write_file(&f, bytes, length);
    size_t offsets[] = {0,
                        11,
                        FL_SOURCE_LINE_MAX + 22,
                        2 * FL_SOURCE_LINE_MAX,
                        11,
                        2 * FL_SOURCE_LINE_MAX - 100,
                        3 * FL_SOURCE_LINE_MAX + 501,
                        FL_SOURCE_LINE_MAX + 21,
                        5,
                        length - 1};
    fl_source_lines lines = FL_SOURCE_LINES_INIT;
    fl_buffer expected = FL_BUFFER_INIT;
    for (size_t i = 0; i < sizeof offsets / sizeof *offsets; i++) {
        reference_line(bytes, length, offsets[i], &expected);
        expect_line(&lines, &f, offsets[i], fl_buffer_cstr(&expected), expected.length);
    }
    /* From 11 the line runs past the 64 KiB shown. */
    reference_line(bytes, length, 11, &expected);
    assert_int_equal(expected.length, FL_SOURCE_LINE_MAX);
    fl_buffer_free(&expected);
    fl_source_lines_release(&lines);
    unlink(f.path);
    free(bytes);
}

/* Every line start of a file of short and long lines, against the reference. */
static void test_every_line(void **state)
{
    (void)state;
    size_t length = 600 * 1000;
    char *bytes = malloc(length);
    srand(7);
    for (size_t i = 0; i < length; i++) {
        int r = rand() % 1000;
        bytes[i] = r < 8 ? '\n' : r < 10 ? '\r' : r < 11 ? '\0' : (char)('A' + r % 26);
    }
    file f;
    write_file(&f, bytes, length);
    fl_source_lines lines = FL_SOURCE_LINES_INIT;
    fl_buffer expected = FL_BUFFER_INIT;
    size_t checked = 0;
    for (size_t round = 0; round < 2; round++)
        for (size_t i = 0; i < length; i++) {
            /* The second round goes from the end, where each line is before the last. */
            size_t at = round ? length - 1 - i : i;
            if (at && bytes[at - 1] != '\n' && bytes[at - 1] != '\r')
                continue;
            reference_line(bytes, length, at, &expected);
            expect_line(&lines, &f, at, fl_buffer_cstr(&expected), expected.length);
            checked++;
        }
    assert_true(checked > 10000);
    fl_buffer_free(&expected);
    fl_source_lines_release(&lines);
    unlink(f.path);
    free(bytes);
}

/* Lines of two files asked for in turn, and files that cannot be read. */
static void test_files(void **state)
{
    (void)state;
    file first, second;
    write_file(&first, "a\nb\n", 4);
    write_file(&second, "c\nd\n", 4);
    fl_source_lines lines = FL_SOURCE_LINES_INIT;
    fl_buffer line = FL_BUFFER_INIT;
    expect_line(&lines, &first, 2, "b", 1);
    expect_line(&lines, &second, 2, "d", 1);
    expect_line(&lines, &first, 0, "a", 1);
    assert_false(fl_source_line_read(&lines, "/nonexistent/factlint/table.csv", 0, &line));
    assert_false(fl_source_line_read(&lines, "/tmp", 0, &line));
    expect_line(&lines, &second, 0, "c", 1);
    /* A FIFO is refused rather than waited on. */
    char fifo[64];
    snprintf(fifo, sizeof fifo, "/tmp/factlint-source-lines-%ld.fifo", (long)getpid());
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_false(fl_source_line_read(&lines, fifo, 0, &line));
    unlink(fifo);
    fl_buffer_free(&line);
    fl_source_lines_release(&lines);
    unlink(first.path);
    unlink(second.path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_every_line),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
