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

#include "output.h"

enum { PIECE = 512 * 1024, MEBIBYTE = 1024 * 1024 };

static char folder[] = "/tmp/factlint-test-output-XXXXXX";

static char *path_of(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return path;
}

static long long file_size(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 ? (long long)info.st_size : -1;
}

/* A report replacing a file is sent on its way a mebibyte or more at a time, never
 * less, while the old file stays in place; closing it puts the whole report there. */
static void test_write_back_goes_a_mebibyte_at_a_time(void **state)
{
    (void)state;
    const char *path = path_of("report.json");
    FILE *old = fopen(path, "w");
    assert_non_null(old);
    fputs("old", old);
    assert_int_equal(fclose(old), 0);

    fl_output output;
    fl_buffer error = FL_BUFFER_INIT;
    assert_true(fl_output_open(&output, path, &error));
    assert_non_null(output.temporary);
    char *piece = malloc(PIECE);
    assert_non_null(piece);
    long long expected[] = {0, MEBIBYTE, MEBIBYTE, 2 * MEBIBYTE, 2 * MEBIBYTE, 3 * MEBIBYTE,
                            3 * MEBIBYTE};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        memset(piece, 'a' + (int)i, PIECE);
        assert_int_equal(fwrite(piece, 1, PIECE, output.file), PIECE);
        fl_output_write_back(&output);
        assert_int_equal(output.written_back, expected[i]);
        assert_int_equal(file_size(path), 3);
        assert_true(file_size(output.temporary) >= output.written_back);
    }
    assert_true(fl_output_close(&output, &error));

    FILE *report = fopen(path, "rb");
    assert_non_null(report);
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        assert_int_equal(fread(piece, 1, PIECE, report), PIECE);
        assert_int_equal(piece[0], 'a' + (int)i);
        assert_int_equal(piece[PIECE - 1], 'a' + (int)i);
    }
    assert_int_equal(fgetc(report), EOF);
    assert_int_equal(fclose(report), 0);
    assert_int_equal(unlink(path), 0);
    free(piece);
    fl_buffer_free(&error);
}

/* What is written directly, a device or standard output, is left to the system. */
static void test_write_back_leaves_direct_outputs_alone(void **state)
{
    (void)state;
    char *piece = calloc(1, 2 * MEBIBYTE);
    assert_non_null(piece);
    fl_output output;
    fl_buffer error = FL_BUFFER_INIT;
    assert_true(fl_output_open(&output, "/dev/null", &error));
    assert_null(output.temporary);
    assert_int_equal(fwrite(piece, 1, 2 * MEBIBYTE, output.file), 2 * MEBIBYTE);
    fl_output_write_back(&output);
    assert_int_equal(output.written_back, 0);
    assert_true(fl_output_close(&output, &error));

    assert_true(fl_output_open(&output, NULL, &error));
    assert_ptr_equal(output.file, stdout);
    fl_output_write_back(&output);
    assert_int_equal(output.written_back, 0);
    assert_true(fl_output_close(&output, &error));
    free(piece);
    fl_buffer_free(&error);
}

static int make_folder(void **state)
{
    (void)state;
    return mkdtemp(folder) ? 0 : -1;
}

static int remove_folder(void **state)
{
    (void)state;
    return rmdir(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_back_goes_a_mebibyte_at_a_time),
        cmocka_unit_test(test_write_back_leaves_direct_outputs_alone),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
