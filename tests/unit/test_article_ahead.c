#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article_ahead.h"

enum { ARTICLES = 40 };

typedef struct folder {
    char path[64];
    char names[ARTICLES][96];
    fl_article_request requests[ARTICLES];
} folder;

/* Article i names a person i times, so that each has its own text and mentions. */
static void write_articles(folder *f)
{
    strcpy(f->path, "/tmp/factlint-article-ahead-XXXXXX");
    assert_non_null(mkdtemp(f->path));
    for (int i = 0; i < ARTICLES; i++) {
        snprintf(f->names[i], sizeof f->names[i], "%s/a%02d.txt", f->path, i);
        FILE *out = fopen(f->names[i], "w");
        assert_non_null(out);
        fprintf(out, "Article %d.\n", i);
        for (int k = 0; k < i; k++)
            fprintf(out, "Officials said Sok Chea of the Ministry of Interior spoke.\r\n");
        fclose(out);
        f->requests[i] = (fl_article_request){.path = f->names[i]};
    }
}

static void remove_articles(folder *f)
{
    for (int i = 0; i < ARTICLES; i++)
        unlink(f->names[i]);
    rmdir(f->path);
}

static const char *const joiner_words[] = {"of"};
static const fl_mention_joiners joiners = {joiner_words, 1};

/* Each article comes back in order, read and scanned as on this thread. */
static void test_in_order(void **state)
{
    (void)state;
    folder f;
    write_articles(&f);
    f.requests[3].skip = true;
    f.requests[5].path = "/nonexistent/factlint/a.txt";
    fl_article_ahead *ahead = fl_article_ahead_start(f.requests, ARTICLES, &joiners);
    assert_non_null(ahead);
    fl_document *alone = fl_document_new();
    size_t mentioned = 0;
    for (int i = 0; i < ARTICLES; i++) {
        fl_article_read *read = fl_article_ahead_next(ahead);
        assert_non_null(read);
        assert_string_equal(read->document->path, f.requests[i].path);
        fl_document_begin(alone, f.requests[i].path);
        bool text = !f.requests[i].skip && fl_document_load_text(alone);
        assert_int_equal(read->document->has_text, text);
        assert_int_equal(read->scanned, text);
        if (!text)
            continue;
        assert_int_equal(read->document->text.length, alone->text.length);
        assert_memory_equal(read->document->text.data, alone->text.data, alone->text.length);
        assert_int_equal(read->document->line_count, alone->line_count);
        fl_mention_list mentions;
        fl_mentions_scan_joined(alone->text.data, alone->text.length, &joiners,
                                &alone->arena, &mentions);
        assert_int_equal(read->mentions.count, mentions.count);
        mentioned += mentions.count;
        for (size_t m = 0; m < mentions.count; m++) {
            assert_int_equal(read->mentions.items[m].offset, mentions.items[m].offset);
            assert_int_equal(read->mentions.items[m].length, mentions.items[m].length);
            assert_int_equal(read->mentions.items[m].line, mentions.items[m].line);
        }
        /* The caller may write into the document it holds. */
        fl_document_add_finding(read->document);
    }
    assert_true(mentioned > ARTICLES);
    assert_null(fl_article_ahead_next(ahead));
    assert_null(fl_article_ahead_next(ahead));
    fl_article_ahead_stop(ahead);
    fl_document_free(alone);
    remove_articles(&f);
}

/* Without joiners nothing is scanned; the text is still read. */
static void test_without_joiners(void **state)
{
    (void)state;
    folder f;
    write_articles(&f);
    fl_article_ahead *ahead = fl_article_ahead_start(f.requests, 3, NULL);
    assert_non_null(ahead);
    for (int i = 0; i < 3; i++) {
        fl_article_read *read = fl_article_ahead_next(ahead);
        assert_true(read->document->has_text);
        assert_false(read->scanned);
    }
    assert_null(fl_article_ahead_next(ahead));
    fl_article_ahead_stop(ahead);
    remove_articles(&f);
}

/* Articles larger than what is read ahead, or kept from one article to the next, come
 * back whole and in order among small ones. */
static void test_large_articles(void **state)
{
    (void)state;
    folder f;
    write_articles(&f);
    size_t large = 7u << 20;
    char *text = malloc(large);
    memset(text, 'x', large);
    for (int i = 1; i < ARTICLES; i += 9) {
        FILE *out = fopen(f.names[i], "w");
        assert_non_null(out);
        assert_int_equal(fwrite(text, 1, large, out), large);
        fclose(out);
    }
    free(text);
    fl_article_ahead *ahead = fl_article_ahead_start(f.requests, ARTICLES, NULL);
    assert_non_null(ahead);
    for (int i = 0; i < ARTICLES; i++) {
        fl_article_read *read = fl_article_ahead_next(ahead);
        assert_string_equal(read->document->path, f.names[i]);
        assert_true(read->document->has_text);
        if (i % 9 == 1)
            assert_int_equal(read->document->text.length, large);
        else
            assert_true(read->document->text.length < 4096);
    }
    assert_null(fl_article_ahead_next(ahead));
    fl_article_ahead_stop(ahead);
    remove_articles(&f);
}

/* Stopping with articles not taken, or none at all, ends the thread. */
static void test_stop_early(void **state)
{
    (void)state;
    folder f;
    write_articles(&f);
    for (int taken = 0; taken < 4; taken++) {
        fl_article_ahead *ahead = fl_article_ahead_start(f.requests, ARTICLES, &joiners);
        assert_non_null(ahead);
        for (int i = 0; i < taken; i++)
            assert_non_null(fl_article_ahead_next(ahead));
        fl_article_ahead_stop(ahead);
    }
    fl_article_ahead *none = fl_article_ahead_start(f.requests, 0, &joiners);
    assert_null(fl_article_ahead_next(none));
    fl_article_ahead_stop(none);
    remove_articles(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_without_joiners),
        cmocka_unit_test(test_large_articles),
        cmocka_unit_test(test_stop_early),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
