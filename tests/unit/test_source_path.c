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

#include "source_path.h"

/* A temporary tree:
 *   plain/stories/one/{article.txt, tables/figures.csv}      no repository
 *   repo/.git  repo/news/article.txt                         a repository
 *   repo/sub/.git (a file, as in a worktree)  repo/sub/x.txt
 */
static char root[64];

static void make(const char *relative, bool folder)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    if (folder) {
        assert_int_equal(mkdir(path, 0700), 0);
    } else {
        FILE *file = fopen(path, "w");
        assert_non_null(file);
        fclose(file);
    }
}

static int make_tree(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/factlint-paths-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    const char *folders[] = {"plain", "plain/stories", "plain/stories/one",
                             "plain/stories/one/tables", "repo", "repo/.git", "repo/news",
                             "repo/sub"};
    for (size_t i = 0; i < sizeof folders / sizeof *folders; i++)
        make(folders[i], true);
    make("repo/sub/.git", false);
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", root);
    return system(command);
}

static const char *identity(fl_source_paths *paths, const char *path, const char *table)
{
    static fl_buffer out = FL_BUFFER_INIT;
    char full[256], full_table[256];
    snprintf(full, sizeof full, "%s/%s", root, path);
    if (table)
        snprintf(full_table, sizeof full_table, "%s/%s", root, table);
    fl_source_path_identity(paths, full, table ? full_table : NULL, &out);
    return fl_buffer_cstr(&out);
}

static void test_outside_a_repository(void **state)
{
    (void)state;
    fl_source_paths paths = FL_SOURCE_PATHS_INIT;
    fl_buffer out = FL_BUFFER_INIT;
    char path[256];
    snprintf(path, sizeof path, "%s/plain/stories/one/article.txt", root);
    assert_false(fl_source_path_in_repository(&paths, path, &out));
    assert_string_equal(fl_buffer_cstr(&out), "");
    assert_string_equal(identity(&paths, "plain/stories/one/article.txt",
                                 "plain/stories/one/figures.csv"), "article.txt");
    assert_string_equal(identity(&paths, "plain/stories/one/article.txt",
                                 "plain/stories/one/tables/figures.csv"), "../article.txt");
    assert_string_equal(identity(&paths, "plain/stories/one/tables/figures.csv",
                                 "plain/stories/figures.csv"), "one/tables/figures.csv");
    assert_string_equal(identity(&paths, "plain/stories/one/article.txt", NULL), "article.txt");
    /* A missing folder cannot be resolved: the file name stands. */
    assert_string_equal(identity(&paths, "plain/missing/article.txt", "plain/figures.csv"),
                        "article.txt");
    fl_source_paths_free(&paths);
    fl_buffer_free(&out);
}

static void test_inside_a_repository(void **state)
{
    (void)state;
    fl_source_paths paths = FL_SOURCE_PATHS_INIT;
    assert_string_equal(identity(&paths, "repo/news/article.txt", "plain/figures.csv"),
                        "news/article.txt");
    assert_string_equal(identity(&paths, "repo/news/./../news/article.txt", NULL),
                        "news/article.txt");
    assert_string_equal(identity(&paths, "repo/top.txt", NULL), "top.txt");
    /* A .git file marks a repository too (worktrees, submodules). */
    assert_string_equal(identity(&paths, "repo/sub/x.txt", NULL), "x.txt");

    /* Relative paths resolve from the working folder. */
    char cwd[512], folder[256];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(folder, sizeof folder, "%s/repo/news", root);
    assert_int_equal(chdir(folder), 0);
    fl_buffer out = FL_BUFFER_INIT;
    assert_true(fl_source_path_in_repository(&paths, "article.txt", &out));
    assert_string_equal(fl_buffer_cstr(&out), "news/article.txt");
    assert_true(fl_source_path_in_repository(&paths, "../news/article.txt", &out));
    assert_string_equal(fl_buffer_cstr(&out), "news/article.txt");
    assert_int_equal(chdir(cwd), 0);
    fl_buffer_free(&out);
    fl_source_paths_free(&paths);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outside_a_repository),
        cmocka_unit_test(test_inside_a_repository),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
