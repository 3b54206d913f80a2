#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"

enum { PIPED_BYTES = 300 * 1000 };

static char folder[] = "/tmp/factlint-test-files-XXXXXX";

static void write_file(const char *path, char fill, size_t size)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    for (size_t i = 0; i < size; i++)
        fputc(fill, file);
    assert_int_equal(fclose(file), 0);
}

static char *path_of(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return path;
}

/* A file of exactly the limit is read whole, after what the buffer held; one byte more
 * is too large and leaves the buffer as it was; an empty file reads as "". */
static void test_files_up_to_the_limit(void **state)
{
    (void)state;
    fl_buffer buffer = FL_BUFFER_INIT;
    fl_buffer_append_string(&buffer, "before:");
    bool too_large = true;

    write_file(path_of("exact"), 'x', 100000);
    assert_true(fl_file_read_limited(path_of("exact"), 100000, &buffer, &too_large));
    assert_false(too_large);
    assert_int_equal(buffer.length, 7 + 100000);
    assert_int_equal(strncmp(buffer.data, "before:xxx", 10), 0);
    assert_int_equal(buffer.data[buffer.length - 1], 'x');
    assert_int_equal(buffer.data[buffer.length], '\0');

    fl_buffer_clear(&buffer);
    fl_buffer_append_string(&buffer, "kept");
    write_file(path_of("over"), 'y', 100001);
    assert_false(fl_file_read_limited(path_of("over"), 100000, &buffer, &too_large));
    assert_true(too_large);
    assert_int_equal(errno, EFBIG);
    assert_string_equal(fl_buffer_cstr(&buffer), "kept");

    fl_buffer_clear(&buffer);
    write_file(path_of("empty"), 'z', 0);
    assert_true(fl_file_read(path_of("empty"), &buffer));
    assert_non_null(buffer.data);
    assert_string_equal(buffer.data, "");

    assert_false(fl_file_read(path_of("missing"), &buffer));
    assert_int_equal(errno, ENOENT);
    fl_buffer_free(&buffer);
}

/* A pipe has no size to read ahead of: it is read in chunks to its end, or until it
 * passes the limit. */
static void test_a_pipe_is_read_in_chunks(void **state)
{
    (void)state;
    const char *fifo = path_of("fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    for (size_t limit = PIPED_BYTES; limit >= PIPED_BYTES - 1; limit--) {
        pid_t writer = fork();
        assert_true(writer >= 0);
        if (writer == 0) {
            FILE *file = fopen(fifo, "wb");
            for (size_t i = 0; file && i < PIPED_BYTES; i++)
                fputc('a' + (int)(i % 26), file);
            _exit(file && fclose(file) == 0 ? 0 : 1);
        }
        fl_buffer buffer = FL_BUFFER_INIT;
        bool too_large = false;
        bool read = fl_file_read_limited(fifo, limit, &buffer, &too_large);
        /* The writer may find the reader gone once the limit is passed. */
        int status;
        assert_int_equal(waitpid(writer, &status, 0), writer);
        if (limit == PIPED_BYTES) {
            assert_true(read);
            assert_false(too_large);
            assert_int_equal(buffer.length, PIPED_BYTES);
            for (size_t i = 0; i < PIPED_BYTES; i++)
                assert_int_equal(buffer.data[i], 'a' + (int)(i % 26));
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        } else {
            assert_false(read);
            assert_true(too_large);
            assert_int_equal(buffer.length, 0);
        }
        fl_buffer_free(&buffer);
    }
    unlink(fifo);
}

static int make_folder(void **state)
{
    (void)state;
    return mkdtemp(folder) ? 0 : -1;
}

static int remove_folder(void **state)
{
    (void)state;
    const char *names[] = {"exact", "over", "empty", "fifo"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(path_of(names[i]));
    return rmdir(folder);
}

int main(void)
{
    /* The writer of a pipe whose reader has stopped must not die of SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files_up_to_the_limit),
        cmocka_unit_test(test_a_pipe_is_read_in_chunks),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
