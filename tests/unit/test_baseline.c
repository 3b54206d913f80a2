#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "ruleset.h"

static char folder[64];
static char path[128];

static int make_folder(void **state)
{
    (void)state;
    snprintf(folder, sizeof folder, "/tmp/factlint-baseline-XXXXXX");
    if (!mkdtemp(folder))
        return -1;
    snprintf(path, sizeof path, "%s/baseline.csv", folder);
    return 0;
}

static int remove_folder(void **state)
{
    (void)state;
    unlink(path);
    return rmdir(folder);
}

static void write_baseline(const char *text)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

/* Reads `text` as a baseline; the diagnostics, one "line:col: message" a line. */
static bool read_text(fl_baseline *baseline, const char *text, fl_buffer *errors)
{
    write_baseline(text);
    fl_diagnostics diagnostics = {0};
    bool ok = fl_baseline_read(baseline, path, &diagnostics);
    for (size_t i = 0; i < diagnostics.count; i++)
        fl_buffer_printf(errors, "%u:%u: %s\n", (unsigned)diagnostics.items[i].line,
                         (unsigned)diagnostics.items[i].column, diagnostics.items[i].message);
    fl_diagnostics_free(&diagnostics);
    return ok;
}

static fl_finding finding(const char *rule, const char *fingerprint)
{
    fl_finding f = {.rule = rule, .severity = FL_SEVERITY_WARNING, .message = "m"};
    snprintf(f.fingerprint, sizeof f.fingerprint, "%s", fingerprint);
    return f;
}

static void test_reading_entries(void **state)
{
    (void)state;
    fl_baseline baseline = FL_BASELINE_INIT;
    fl_buffer errors = FL_BUFFER_INIT;
    assert_true(read_text(&baseline,
                          "\xEF\xBB\xBFStatus,Fingerprint,Comment,Extra\r\n"
                          "Accepted,00000000000000AA,\"a, b \"\"c\"\"\",x\r\n"
                          "false positive,00000000000000bb,,\r\n"
                          "To_Fix,00000000000000cc,\"two\nlines\",\r\n",
                          &errors));
    assert_string_equal(fl_buffer_cstr(&errors), "");
    assert_int_equal(baseline.count, 3);
    const fl_baseline_entry *a = fl_baseline_find(&baseline, "00000000000000aa");
    assert_non_null(a);
    assert_int_equal(a->status, FL_REVIEW_ACCEPTED);
    assert_string_equal(a->comment, "a, b \"c\"");
    assert_string_equal(a->rule, "");
    assert_int_equal(a->line, 2);
    assert_int_equal(a->column, 10);
    assert_int_equal(fl_baseline_find(&baseline, "00000000000000bb")->status,
                     FL_REVIEW_FALSE_POSITIVE);
    assert_string_equal(fl_baseline_find(&baseline, "00000000000000cc")->comment, "two\nlines");
    assert_null(fl_baseline_find(&baseline, "00000000000000dd"));
    fl_baseline_free(&baseline);
    fl_buffer_free(&errors);
}

static void test_malformed_baselines(void **state)
{
    (void)state;
    static const struct {
        const char *text, *errors;
    } cases[] = {
        {"fingerprint,rule\n0000000000000001,r\n",
         "1:1: a baseline needs a header with at least the fingerprint and status columns "
         "(fingerprint,rule,doc,status,reviewer,comment)\n"},
        {"fingerprint,status\n00000000000000zz,accepted\n0000000000000001,maybe\n",
         "2:1: malformed fingerprint \"00000000000000zz\": expected 16 hexadecimal digits, "
         "as reports give them\n"
         "3:18: unknown status \"maybe\" (expected accepted, false-positive or to-fix)\n"},
        {"fingerprint,status\n0000000000000001\n0000000000000001,accepted,x\n",
         "2:1: this row has fewer fields than the header\n"
         "3:1: this row has more fields than the header; quote fields that hold commas\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_baseline baseline = FL_BASELINE_INIT;
        fl_buffer errors = FL_BUFFER_INIT;
        assert_false(read_text(&baseline, cases[i].text, &errors));
        assert_string_equal(fl_buffer_cstr(&errors), cases[i].errors);
        fl_baseline_free(&baseline);
        fl_buffer_free(&errors);
    }
    fl_baseline missing = FL_BASELINE_INIT;
    fl_diagnostics diagnostics = {0};
    assert_false(fl_baseline_read(&missing, "/nonexistent/baseline.csv", &diagnostics));
    assert_int_equal(diagnostics.count, 0);
    fl_baseline_free(&missing);
}

static void test_apply_stale_and_carried(void **state)
{
    (void)state;
    fl_baseline baseline = FL_BASELINE_INIT;
    fl_buffer errors = FL_BUFFER_INIT;
    assert_true(read_text(&baseline,
                          "fingerprint,rule,doc,status,reviewer,comment\n"
                          "0000000000000001,figure/quote,a.txt,accepted,,checked by phone\n"
                          "0000000000000002,figure/quote,a.txt,to-fix,,\n"
                          "0000000000000003,figure/quote,a.txt,false-positive,,\n"
                          "0000000000000004,figure/quote,b.txt,accepted,,\n"
                          "0000000000000005,figure/duplicate,a.txt,accepted,,\n"
                          "0000000000000006,gone-rule,a.txt,accepted,,\n"
                          "0000000000000001,figure/quote,a.txt,accepted,,repeated\n",
                          &errors));
    fl_finding findings[] = {finding("figure/quote", "0000000000000001"),
                             finding("figure/quote", "0000000000000002"),
                             finding("figure/quote", "0000000000000009")};
    fl_baseline_apply(&baseline, "a.txt", findings, 3);
    assert_int_equal(findings[0].suppression, FL_SUPPRESSION_BASELINE);
    assert_string_equal(findings[0].justification, "checked by phone");
    assert_int_equal(findings[1].suppression, FL_SUPPRESSION_NONE); /* to-fix */
    assert_int_equal(findings[2].suppression, FL_SUPPRESSION_NONE);

    fl_ruleset *rules = fl_ruleset_new();
    fl_buffer error = FL_BUFFER_INIT;
    const char *disable[] = {"figure/duplicate"};
    assert_true(fl_ruleset_select(rules, NULL, 0, disable, 1, &error));
    fl_document *document = fl_document_new();
    fl_document_begin(document, path);
    /* 3 (a.txt checked, rule on) and 6 (a rule no file defines any more) are stale; 4
     * (b.txt not checked) and 5 (rule disabled) are carried; the repeat of 1 is
     * neither. */
    assert_int_equal(fl_baseline_report_stale(&baseline, rules, document), 2);
    assert_int_equal(document->finding_count, 2);
    assert_string_equal(document->findings[0].rule, "baseline/stale");
    assert_int_equal(document->findings[0].location.line, 4);
    assert_int_equal(document->findings[0].severity, FL_SEVERITY_NOTE);
    assert_string_equal(document->findings[0].message,
                        "baseline entry 0000000000000003 (figure/quote in a.txt) matches no "
                        "finding any more; remove it");
    assert_int_equal(document->findings[1].location.line, 7);
    bool carried[7];
    for (size_t i = 0; i < 7; i++)
        carried[i] = fl_baseline_entry_carried(&baseline, &baseline.entries[i]);
    assert_false(carried[0]);
    assert_false(carried[1]);
    assert_false(carried[2]);
    assert_true(carried[3]);
    assert_true(carried[4]);
    assert_false(carried[5]);
    assert_false(carried[6]);
    fl_document_free(document);
    fl_ruleset_free(rules);
    fl_buffer_free(&error);
    fl_baseline_free(&baseline);
    fl_buffer_free(&errors);
}

static void test_writing(void **state)
{
    (void)state;
    fl_baseline prior = FL_BASELINE_INIT;
    fl_buffer errors = FL_BUFFER_INIT;
    assert_true(read_text(&prior,
                          "fingerprint,rule,doc,status,reviewer,comment\n"
                          "0000000000000001,r,a.txt,false-positive,\"Ann, desk\",\" padded \"\n"
                          "0000000000000007,r,z.txt,to-fix,,kept\n",
                          &errors));
    fl_finding findings[] = {finding("r", "0000000000000001"), finding("r", "0000000000000002"),
                             finding("r", "0000000000000002"), finding("r", "0000000000000003")};
    findings[3].suppression = FL_SUPPRESSION_ACCEPTED;
    /* As a run does: findings are matched before they are written. */
    fl_baseline_apply(&prior, "a \"quoted\".txt", findings, 4);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    fl_baseline_write_header(out);
    fl_baseline_write_findings(out, &prior, "a \"quoted\".txt", findings, 4);
    fl_baseline_write_carried(out, &prior);
    fclose(out);
    assert_string_equal(text,
                        "fingerprint,rule,doc,status,reviewer,comment\n"
                        "0000000000000001,r,\"a \"\"quoted\"\".txt\",false-positive,\"Ann, "
                        "desk\",\" padded \"\n"
                        "0000000000000002,r,\"a \"\"quoted\"\".txt\",accepted,,\n"
                        "0000000000000007,r,z.txt,to-fix,,kept\n");
    free(text);
    fl_baseline_free(&prior);
    fl_buffer_free(&errors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reading_entries),
        cmocka_unit_test(test_malformed_baselines),
        cmocka_unit_test(test_apply_stale_and_carried),
        cmocka_unit_test(test_writing),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
