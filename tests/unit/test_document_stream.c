#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "document_stream.h"
#include "threads.h"

static const char table[] = "figures.csv";
static const char rule[] = "arrests/sum";

/* A document with a finding of each shape: in its own file with related locations
 * and figures, in the table with every string NULL that may be, in another file. */
static fl_document *checked_document(void)
{
    fl_document *document = fl_document_new();
    fl_document_begin(document, "news/a.txt");
    fl_finding *f = fl_document_add_finding(document);
    f->rule = rule;
    f->severity = FL_SEVERITY_ERROR;
    f->outcome = FL_OUTCOME_VIOLATED;
    f->message = "2,418 arrests, but 73 + 2,322 = 2,395";
    f->location = (fl_location){document->path, 3, 7, 5, FL_NO_OFFSET};
    static fl_location related[2];
    related[0] = (fl_location){document->path, 4, 1, 2, FL_NO_OFFSET};
    related[1] = (fl_location){table, 9, 3, 0, 812};
    f->related = related;
    f->related_count = 2;
    static fl_finding_figure figures[1];
    figures[0] = (fl_finding_figure){"arrests.h1.total", "2,418",
                                     fl_interval_point(fl_value_int(2418)), fl_unit_none()};
    f->figures = figures;
    f->figure_count = 1;
    f->subject = "check\x1fh1";
    f->suggestion = "Licadho";
    f->distance = 1;
    f->suppression = FL_SUPPRESSION_ACCEPTED;
    f->justification = "reviewed";
    strcpy(f->fingerprint, "0123456789abcdef");
    f = fl_document_add_finding(document);
    f->rule = rule;
    f->location = (fl_location){table, 12, 1, 0, 1400};
    f = fl_document_add_finding(document);
    f->rule = rule;
    f->message = "elsewhere";
    f->location = (fl_location){"other.txt", 1, 1, 0, 0};
    return document;
}

static void assert_same_location(const fl_location *a, const fl_location *b)
{
    if (a->file || b->file)
        assert_string_equal(a->file, b->file);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->column, b->column);
    assert_int_equal(a->length, b->length);
    assert_true(a->line_offset == b->line_offset);
}

static void assert_same_string(const char *a, const char *b)
{
    if (a || b)
        assert_string_equal(a, b);
}

static void assert_same_finding(const fl_finding *a, const fl_finding *b)
{
    assert_ptr_equal(a->rule, b->rule);
    assert_int_equal(a->severity, b->severity);
    assert_int_equal(a->outcome, b->outcome);
    assert_same_string(a->message, b->message);
    assert_same_string(a->doc, b->doc);
    assert_same_location(&a->location, &b->location);
    assert_int_equal(a->related_count, b->related_count);
    for (size_t i = 0; i < a->related_count; i++)
        assert_same_location(&a->related[i], &b->related[i]);
    assert_int_equal(a->figure_count, b->figure_count);
    for (size_t i = 0; i < a->figure_count; i++) {
        assert_string_equal(a->figures[i].key, b->figures[i].key);
        assert_string_equal(a->figures[i].value, b->figures[i].value);
        assert_true(fl_interval_same(a->figures[i].interval, b->figures[i].interval));
        assert_true(fl_unit_same(a->figures[i].unit, b->figures[i].unit));
    }
    assert_same_string(a->subject, b->subject);
    assert_same_string(a->suggestion, b->suggestion);
    assert_int_equal(a->distance, b->distance);
    assert_int_equal(a->suppression, b->suppression);
    assert_same_string(a->justification, b->justification);
    assert_string_equal(a->fingerprint, b->fingerprint);
}

static void test_documents_come_back_as_written(void **state)
{
    (void)state;
    fl_document_stream *stream = fl_document_stream_new();
    assert_non_null(stream);
    fl_document *written = checked_document();
    fl_streamed_document header = {
        .path = written->path, .identity = "repo/news/a.txt", .source = NULL,
        .has_text = true, .named = true, .absolute = true, .where = {table, 2, 1, 10, 20},
        .figures = 3,
    };
    fl_streamed_key key = {"arrests.h1.totl", false, {table, 2, 5, 15, 20}, NULL};
    fl_streamed_key accepted = {"arrests.h2.total", true, {table, 3, 5, 16, 40}, "typo"};
    fl_document_stream_put_document(stream, &header);
    fl_document_stream_put_key(stream, &key);
    for (size_t i = 0; i < written->finding_count; i++)
        fl_document_stream_put_finding(stream, &written->findings[i]);
    fl_document_stream_put_key(stream, &accepted);
    fl_streamed_document second = {.path = "b.txt", .identity = "b.txt", .source = "/tmp/b",
                                   .out_of_shard = true, .article_refused = true,
                                   .named = true, .where = {table, 5, 1, 5, 90}};
    fl_document_stream_put_document(stream, &second);
    assert_true(fl_document_stream_close(stream));

    fl_document *read = fl_document_new();
    fl_streamed_document got;
    fl_streamed_key got_key;
    bool failed = false;
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_DOCUMENT);
    assert_string_equal(got.path, "news/a.txt");
    assert_string_equal(got.identity, "repo/news/a.txt");
    assert_null(got.source);
    assert_true(got.has_text && got.named && got.absolute && !got.out_of_shard &&
                !got.article_refused);
    assert_same_location(&got.where, &header.where);
    assert_ptr_equal(got.where.file, table);
    assert_int_equal(got.figures, 3);
    fl_document_begin(read, got.path);
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_KEY);
    assert_string_equal(got_key.key, "arrests.h1.totl");
    assert_false(got_key.read);
    assert_null(got_key.accepted);
    assert_same_location(&got_key.cell, &key.cell);
    for (size_t i = 0; i < written->finding_count; i++)
        assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                         FL_STREAM_FINDING);
    assert_int_equal(read->finding_count, written->finding_count);
    for (size_t i = 0; i < written->finding_count; i++)
        assert_same_finding(&read->findings[i], &written->findings[i]);
    /* The document's own locations point at its path, as reports compare them. */
    assert_ptr_equal(read->findings[0].location.file, read->path);
    assert_ptr_equal(read->findings[0].related[0].file, read->path);
    assert_ptr_equal(read->findings[0].doc, read->path);
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_KEY);
    assert_string_equal(got_key.key, "arrests.h2.total");
    assert_true(got_key.read);
    assert_string_equal(got_key.accepted, "typo");
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_DOCUMENT);
    assert_string_equal(got.path, "b.txt");
    assert_string_equal(got.source, "/tmp/b");
    assert_true(got.out_of_shard && got.article_refused && got.named && !got.absolute &&
                !got.has_text);
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_END);
    assert_false(failed);
    fl_document_free(read);
    fl_document_free(written);
    fl_document_stream_free(stream);
}

static void test_an_empty_stream_ends_at_once(void **state)
{
    (void)state;
    fl_document_stream *stream = fl_document_stream_new();
    assert_true(fl_document_stream_close(stream));
    fl_document *read = fl_document_new();
    fl_streamed_document got;
    fl_streamed_key got_key;
    bool failed = false;
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_END);
    assert_false(failed);
    fl_document_free(read);
    fl_document_stream_free(stream);
}

/* Far more than the stream buffers at once: the reader keeps up with the writer. */
enum { MANY = 20000 };

static void *write_many(void *context)
{
    fl_document_stream *stream = context;
    fl_document *document = fl_document_new();
    char path[32];
    for (int i = 0; i < MANY; i++) {
        snprintf(path, sizeof path, "d%05d.txt", i);
        fl_document_begin(document, path);
        fl_document_stream_put_document(stream, &(fl_streamed_document){
                                                    .path = path, .identity = path,
                                                    .figures = (size_t)i});
        fl_finding *finding = fl_document_add_finding(document);
        finding->rule = rule;
        finding->message = path;
        finding->location = (fl_location){document->path, (uint32_t)i + 1, 1, 0, 0};
        fl_document_stream_put_finding(stream, finding);
    }
    fl_document_free(document);
    fl_document_stream_close(stream);
    return NULL;
}

static void test_documents_are_read_while_written(void **state)
{
    (void)state;
    fl_document_stream *stream = fl_document_stream_new();
    pthread_t writer;
    assert_true(fl_thread_start(&writer, write_many, stream));
    fl_document *read = fl_document_new();
    fl_streamed_document got;
    fl_streamed_key got_key;
    bool failed = false;
    char path[32];
    for (int i = 0; i < MANY; i++) {
        snprintf(path, sizeof path, "d%05d.txt", i);
        assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                         FL_STREAM_DOCUMENT);
        assert_string_equal(got.path, path);
        assert_int_equal(got.figures, i);
        fl_document_begin(read, got.path);
        assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                         FL_STREAM_FINDING);
        assert_int_equal(read->finding_count, 1);
        assert_string_equal(read->findings[0].message, path);
        assert_ptr_equal(read->findings[0].location.file, read->path);
        assert_int_equal(read->findings[0].location.line, i + 1);
    }
    assert_int_equal(fl_document_stream_next(stream, table, read, &got, &got_key, &failed),
                     FL_STREAM_END);
    assert_false(failed);
    pthread_join(writer, NULL);
    fl_document_free(read);
    fl_document_stream_free(stream);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents_come_back_as_written),
        cmocka_unit_test(test_documents_are_read_while_written),
        cmocka_unit_test(test_an_empty_stream_ends_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
