#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "document.h"
#include "eval.h"
#include "figures.h"
#include "number.h"
#include "ruleset.h"

/* ---- building a document by hand ---- */

/* Adds `key` with `value` as a figures table would: read as docs/numbers.md says, with the default
 * 5% approx-tolerance. Each figure sits on its own line of the article, numbered in
 * the order figures are added, so that findings show which figure they point at. */
static void add_figure(fl_document *document, const char *key, const char *value)
{
    fl_figure figure = {0};
    figure.key = fl_arena_strdup(&document->arena, key);
    figure.value = fl_arena_strdup(&document->arena, value);
    fl_number_error error;
    if (!fl_number_read(value, strlen(value), &figure.number, &error))
        fail_msg("\"%s\" does not read: %s", value, error.message);
    const char *problem = NULL;
    if (!fl_number_interval(&figure.number, FL_QUALIFIER_NONE, fl_value_ratio(5, 100),
                            &figure.interval, &problem))
        fail_msg("\"%s\" has no interval: %s", value, problem);
    uint32_t line = (uint32_t)fl_figures_count(document->figures) + 1;
    figure.location = (fl_location){.file = document->path, .line = line, .column = 1,
                                    .line_offset = FL_NO_OFFSET};
    assert_true(fl_figures_add(document->figures, &figure, NULL));
}

/* A document named article.txt holding `pairs`: key, value, key, value, ..., NULL. */
static fl_document *document_of(const char *const *pairs)
{
    fl_document *document = fl_document_new();
    fl_document_begin(document, "article.txt");
    for (size_t i = 0; pairs[i]; i += 2)
        add_figure(document, pairs[i], pairs[i + 1]);
    return document;
}

/* ---- running rules over it ---- */

/* One finding a line:
 *   RULE SEVERITY OUTCOME @LINE +RELATED [KEYS]: MESSAGE
 * LINE is the line of the figure the finding points at (0 for the document itself),
 * RELATED the number of related locations and KEYS the figures it names. */
static void describe_findings(const fl_document *document, fl_buffer *out)
{
    for (size_t i = 0; i < document->finding_count; i++) {
        const fl_finding *f = &document->findings[i];
        assert_string_equal(f->doc, "article.txt");
        assert_string_equal(f->location.file, "article.txt");
        fl_buffer_printf(out, "%s %s %s @%u +%zu [", f->rule, fl_severity_name(f->severity),
                         fl_outcome_name(f->outcome), (unsigned)f->location.line,
                         f->related_count);
        for (size_t k = 0; k < f->figure_count; k++)
            fl_buffer_printf(out, "%s%s", k ? " " : "", f->figures[k].key);
        fl_buffer_printf(out, "]: %s\n", f->message);
    }
}

/* Loads `rules_text`, switches off the rules matching `disable` (unless NULL), runs
 * the rules over `document` and frees it. Returns the findings as text, valid until
 * the next call. */
static const char *evaluate_with(const char *rules_text, fl_document *document, bool verbose,
                                 const char *disable)
{
    static char result[65536];
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_ruleset_load_text(rules, "test.rules", rules_text, strlen(rules_text), &diagnostics);
    fl_buffer out = FL_BUFFER_INIT;
    if (diagnostics.count) {
        fl_buffer_printf(&out, "rule error %u:%u: %s\n", (unsigned)diagnostics.items[0].line,
                         (unsigned)diagnostics.items[0].column, diagnostics.items[0].message);
    } else {
        fl_buffer error = FL_BUFFER_INIT;
        if (disable)
            assert_true(fl_ruleset_select(rules, NULL, 0, &disable, 1, &error));
        fl_buffer_free(&error);
        fl_evaluator *evaluator = fl_evaluator_new(rules, verbose);
        fl_evaluator_run(evaluator, document);
        fl_evaluator_free(evaluator);
        describe_findings(document, &out);
    }
    snprintf(result, sizeof result, "%s", fl_buffer_cstr(&out));
    fl_buffer_free(&out);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
    fl_document_free(document);
    return result;
}

static const char *evaluate(const char *rules_text, const char *const *pairs, bool verbose)
{
    return evaluate_with(rules_text, document_of(pairs), verbose, NULL);
}

static size_t count_lines(const char *text)
{
    size_t lines = 0;
    for (; *text; text++)
        lines += *text == '\n';
    return lines;
}

/* ---- the three outcomes ---- */

static const char outcomes_rule[] =
    "rule outcomes-account-for-arrests {\n"
    "  severity warning\n"
    "  check arrests.$p.total == arrests.$p.prosecutions + arrests.$p.deported\n"
    "  message \"{arrests.$p.total} arrests, but prosecutions + deportations = "
    "{arrests.$p.prosecutions + arrests.$p.deported}\"\n"
    "}\n";

static void test_violated(void **state)
{
    (void)state;
    /* The sample's case: 2,418 arrests, 73 + 2,322 = 2,395 accounted for. */
    static const char *const figures[] = {
        "arrests.h1.total", "2,418",
        "arrests.h1.prosecutions", "73",
        "arrests.h1.deported", "2,322",
        NULL,
    };
    assert_string_equal(
        evaluate(outcomes_rule, figures, false),
        "outcomes-account-for-arrests warning violated @1 +2 "
        "[arrests.h1.total arrests.h1.prosecutions arrests.h1.deported]: "
        "2,418 arrests, but prosecutions + deportations = 2,395 (off by 23, 0.95%)\n");
}

static void test_passes_silently(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "arrests.h1.total", "2,418",
        "arrests.h1.prosecutions", "73",
        "arrests.h1.deported", "2,345",
        NULL,
    };
    assert_string_equal(evaluate(outcomes_rule, figures, true), "");
}

static void test_unconfirmed_is_a_note_naming_both_sides(void **state)
{
    (void)state;
    /* "about 3,000" is [2,500, 3,500]: it may or may not equal 3,200. */
    static const char *const figures[] = {"a", "about 3,000", "b", "3,200", NULL};
    assert_string_equal(
        evaluate("rule r {\n  severity error\n  check a == b\n  check a > 2900\n"
                 "  message \"never used for notes\"\n}\n",
                 figures, false),
        "r note unconfirmed @1 +1 [a b]: cannot confirm a == b: "
        "a is about 3,000 (2,500 to 3,500), b is 3,200\n"
        "r note unconfirmed @1 +0 [a]: cannot confirm a > 2900: a is about 3,000 "
        "(2,500 to 3,500)\n");
}

static void test_default_messages_per_comparison(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "5", "b", "7", "c", "more than 200", NULL};
    assert_string_equal(
        evaluate("rule eq { check a == b }\n"
                 "rule ne { check a != 5 }\n"
                 "rule lt { check b < a }\n"
                 "rule le { check b <= a }\n"
                 "rule gt { check a > b }\n"
                 "rule ge { check a >= b }\n"
                 "rule open { check c <= 100 }\n",
                 figures, false),
        "eq warning violated @1 +1 [a b]: a (5) differs from b (7) (off by 2, 28.57%)\n"
        "ne warning violated @1 +0 [a]: a (5) equals 5\n"
        "lt warning violated @2 +1 [b a]: b (7) is not less than a (5) (off by 2, 28.57%)\n"
        "le warning violated @2 +1 [b a]: b (7) is more than a (5) (off by 2, 28.57%)\n"
        "gt warning violated @1 +1 [a b]: a (5) is not more than b (7) (off by 2, 28.57%)\n"
        "ge warning violated @1 +1 [a b]: a (5) is less than b (7) (off by 2, 28.57%)\n"
        "open warning violated @3 +0 [c]: c (more than 200) is more than 100 "
        "(off by at least 100)\n");
}

static void test_severity_comes_from_the_rule(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "1", NULL};
    assert_string_equal(
        evaluate("rule e { severity error check a > 1 }\n"
                 "rule n { severity note check a > 1 }\n"
                 "rule w { check a > 1 }\n",
                 figures, false),
        "e error violated @1 +0 [a]: a (1) is not more than 1\n"
        "n note violated @1 +0 [a]: a (1) is not more than 1\n"
        "w warning violated @1 +0 [a]: a (1) is not more than 1\n");
}

static void test_each_check_is_its_own_finding(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "1", "b", "2", NULL};
    assert_string_equal(
        evaluate("rule r {\n  check a > 1\n  check a == a\n  check b < 2\n}\n", figures, false),
        "r warning violated @1 +0 [a]: a (1) is not more than 1\n"
        "r warning violated @2 +0 [b]: b (2) is not less than 2\n");
}

static void test_disabled_rules_do_not_run(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "1", NULL};
    assert_string_equal(evaluate_with("rule on { check a > 1 }\nrule off { check a > 1 }\n",
                                      document_of(figures), false, "off"),
                        "on warning violated @1 +0 [a]: a (1) is not more than 1\n");
}

/* ---- not applicable ---- */

static void test_missing_figures_are_not_applicable(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "5", NULL};
    static const char rules[] = "rule plain { check a == b }\n"
                                "rule aggregate { check sum(x.*) > 0 }\n"
                                "rule both { check sum(x.*) > a }\n";
    assert_string_equal(evaluate(rules, figures, false), "");
    assert_string_equal(
        evaluate(rules, figures, true),
        "plain note not-applicable @1 +0 [a]: not applicable: b is missing\n"
        "aggregate note not-applicable @0 +0 []: not applicable: no figure matches sum(x.*)\n"
        "both note not-applicable @1 +0 [a]: not applicable: no figure matches sum(x.*)\n");
}

/* What an evaluator counted, rule by rule: "applied N, miss: ...". */
static void describe_usage(const fl_ruleset *rules, const fl_evaluator *evaluator,
                           fl_buffer *out)
{
    for (size_t r = 0; r < rules->rule_count; r++) {
        fl_buffer_printf(out, "%s applied %zu, miss: ", rules->rules[r]->id,
                         fl_evaluator_applied(evaluator, r));
        fl_evaluator_first_miss(evaluator, r, out);
        const fl_expr *missing = fl_evaluator_missing_reference(evaluator, r);
        fl_buffer_printf(out, ", reference at %zu\n", missing ? missing->offset : 0);
    }
}

/* Documents checked by two evaluators in turn, the second merged into the first,
 * count as if one evaluator had checked them all. */
static void test_merging_counts_as_one_evaluator(void **state)
{
    (void)state;
    static const char rules_text[] = "rule plain { check a == b }\n"
                                     "rule totals { check total.$p >= part.$p }\n"
                                     "rule never { check c > 0 }\n";
    /* Every rule applies to the first; the others miss in different ways. */
    static const char *const documents[][11] = {
        {"a", "5", "b", "5", "c", "1", "total.x", "3", "part.x", "2", NULL},
        {"a", "5", "total.y", "3", "part.z", "2", NULL},
        {"b", "5", "c", "2", NULL},
        {"a", "1", "b", "2", "c", "1", NULL},
    };
    fl_ruleset *rules = fl_ruleset_new();
    fl_diagnostics diagnostics = {0};
    fl_ruleset_load_text(rules, "test.rules", rules_text, strlen(rules_text), &diagnostics);
    assert_int_equal(diagnostics.count, 0);
    fl_buffer whole = FL_BUFFER_INIT, merged = FL_BUFFER_INIT;
    fl_evaluator *one = fl_evaluator_new(rules, false);
    for (size_t d = 0; d < 4; d++) {
        fl_document *document = document_of(documents[d]);
        fl_evaluator_run(one, document);
        fl_document_free(document);
    }
    describe_usage(rules, one, &whole);
    fl_evaluator_free(one);
    for (size_t split = 0; split <= 4; split++) {
        fl_evaluator *first = fl_evaluator_new(rules, false);
        fl_evaluator *second = fl_evaluator_new(rules, false);
        for (size_t d = 0; d < 4; d++) {
            fl_document *document = document_of(documents[d]);
            fl_evaluator_run(d < split ? first : second, document);
            fl_document_free(document);
        }
        fl_evaluator_merge(first, second);
        fl_evaluator_free(second);
        fl_buffer_clear(&merged);
        describe_usage(rules, first, &merged);
        fl_evaluator_free(first);
        assert_string_equal(fl_buffer_cstr(&merged), fl_buffer_cstr(&whole));
    }
    assert_string_equal(
        fl_buffer_cstr(&whole),
        "plain applied 2, miss: b is missing in article.txt, reference at 24\n"
        "totals applied 1, miss: part.y is missing in article.txt, reference at 60\n"
        "never applied 3, miss: c is missing in article.txt, reference at 89\n");
    fl_buffer_free(&whole);
    fl_buffer_free(&merged);
    fl_diagnostics_free(&diagnostics);
    fl_ruleset_free(rules);
}

static void test_capture_without_values_is_not_applicable(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "5", NULL};
    static const char rules[] = "rule r { check z.$p.t > 0 }\n";
    assert_string_equal(evaluate(rules, figures, false), "");
    assert_string_equal(evaluate(rules, figures, true),
                        "r note not-applicable @0 +0 []: not applicable: no figure matches "
                        "z.$p.t\n");
}

static void test_division_by_an_interval_holding_zero(void **state)
{
    (void)state;
    static const char rules[] = "rule ratio { check a / b > 1 }\n"
                                "rule share { check pct(a, b) < 50 }\n";
    static const char *const zero[] = {"a", "20", "b", "0", NULL};
    assert_string_equal(evaluate(rules, zero, false), "");
    assert_string_equal(evaluate(rules, zero, true),
                        "ratio note not-applicable @1 +1 [a b]: not applicable: a / b divides "
                        "by a value that can be zero (0)\n"
                        "share note not-applicable @1 +1 [a b]: not applicable: pct(a, b) "
                        "divides by a value that can be zero (0)\n");
    /* "up to 10" is [0, 10]: it holds zero too. */
    static const char *const up_to[] = {"a", "20", "b", "up to 10", NULL};
    assert_string_equal(evaluate(rules, up_to, true),
                        "ratio note not-applicable @1 +1 [a b]: not applicable: a / b divides "
                        "by a value that can be zero (at most 10)\n"
                        "share note not-applicable @1 +1 [a b]: not applicable: pct(a, b) "
                        "divides by a value that can be zero (at most 10)\n");
    /* [1, 10] does not: 20 / [1, 10] is [2, 20], more than 1; 100·20/[1, 10] is at
     * least 200, not less than 50. */
    static const char *const range[] = {"a", "20", "b", "between 1 and 10", NULL};
    assert_string_equal(evaluate(rules, range, true),
                        "share warning violated @1 +1 [a b]: pct(a, b) (200 to 2,000) is not "
                        "less than 50 (off by at least 150)\n");
}

/* ---- captures ---- */

static void test_one_finding_per_failing_binding(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "arrests.h1.total", "2,418",
        "arrests.h1.prosecutions", "73",
        "arrests.h1.deported", "2,322",
        "arrests.h2.total", "100",
        "arrests.h2.prosecutions", "40",
        "arrests.h2.deported", "60",
        "arrests.2024.total", "10",
        "arrests.2024.prosecutions", "1",
        "arrests.2024.deported", "2",
        NULL,
    };
    assert_string_equal(
        evaluate(outcomes_rule, figures, true),
        "outcomes-account-for-arrests warning violated @1 +2 "
        "[arrests.h1.total arrests.h1.prosecutions arrests.h1.deported]: "
        "2,418 arrests, but prosecutions + deportations = 2,395 (off by 23, 0.95%)\n"
        "outcomes-account-for-arrests warning violated @7 +2 "
        "[arrests.2024.total arrests.2024.prosecutions arrests.2024.deported]: "
        "10 arrests, but prosecutions + deportations = 3 (off by 7, 70%)\n");
}

static void test_bindings_are_those_the_document_has(void **state)
{
    (void)state;
    /* $r takes north and south, $y 2023 and 2024, but only two of the four pairs
     * are keys of the document: the others are neither run nor noted. */
    static const char *const figures[] = {
        "sales.north.2023", "50",
        "sales.south.2024", "60",
        NULL,
    };
    assert_string_equal(
        evaluate("rule r { check sales.$r.$y > 100 }\n", figures, true),
        "r warning violated @1 +0 [sales.north.2023]: sales.north.2023 (50) is not more than "
        "100 (off by 50, 50%)\n"
        "r warning violated @2 +0 [sales.south.2024]: sales.south.2024 (60) is not more than "
        "100 (off by 40, 40%)\n");
}

static void test_a_binding_missing_one_figure_is_not_applicable(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "a.h1.total", "5",
        "a.h2.total", "6",
        "b.h1.total", "7",
        NULL,
    };
    assert_string_equal(
        evaluate("rule r { check a.$p.total == b.$p.total }\n", figures, true),
        "r warning violated @1 +1 [a.h1.total b.h1.total]: a.h1.total (5) differs from "
        "b.h1.total (7) (off by 2, 28.57%)\n"
        "r note not-applicable @2 +0 [a.h2.total]: not applicable: b.h2.total is missing\n");
}

static void test_message_holes(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "n.a", "10", "n.b", "20", "x", "about 75", "y", "76", NULL,
    };
    assert_string_equal(
        evaluate("rule r {\n"
                 "  check sum(n.*) > 100\n"
                 "  message \"sum {sum(n.*)}, x {x}, x+1 {x + 1}, missing {z}, "
                 "{n.a < n.b}/{n.a > n.b}/{x == y}/{z > 0}\"\n"
                 "}\n",
                 figures, false),
        "r warning violated @1 +1 [n.a n.b]: sum 30, x about 75 (71.25 to 78.75), "
        "x+1 72.25 to 79.75, "
        "missing ?, true/false/uncertain/? (off by 70, 70%)\n");
}

/* ---- when ---- */

static void test_when(void **state)
{
    (void)state;
    static const char rules[] = "rule r {\n  when gate > 100\n  check a > 0\n}\n";
    static const char *const open[] = {"gate", "200", "a", "-1", NULL};
    static const char *const shut[] = {"gate", "50", "a", "-1", NULL};
    static const char *const unsure[] = {"gate", "about 100", "a", "-1", NULL};
    static const char *const no_gate[] = {"a", "-1", NULL};
    /* The finding names the check's figures, not those of 'when'. */
    assert_string_equal(evaluate(rules, open, true),
                        "r warning violated @2 +0 [a]: a (-1) is not more than 0 "
                        "(off by 1, 100%)\n");
    assert_string_equal(evaluate(rules, shut, true), "");
    assert_string_equal(evaluate(rules, unsure, false), "");
    assert_string_equal(evaluate(rules, unsure, true),
                        "r note not-applicable @1 +0 [gate]: not applicable: cannot confirm "
                        "'when' gate > 100: gate is about 100 (50 to 150)\n");
    assert_string_equal(evaluate(rules, no_gate, false), "");
    assert_string_equal(evaluate(rules, no_gate, true),
                        "r note not-applicable @0 +0 []: not applicable: gate is missing\n");
}

static void test_when_does_not_leave_its_reason_behind(void **state)
{
    (void)state;
    /* 'when' holds through y although x is missing; the check then lacks z, and the
     * note must say so rather than blame x, which did not matter. */
    static const char *const figures[] = {"y", "5", NULL};
    assert_string_equal(
        evaluate("rule r {\n  when x > 0 or y > 0\n  check z > 0\n}\n", figures, true),
        "r note not-applicable @0 +0 []: not applicable: z is missing\n");
}

/* ---- within ---- */

static void test_within_an_absolute_amount(void **state)
{
    (void)state;
    static const char *const figures[] = {"a", "100", "b", "104", NULL};
    assert_string_equal(evaluate("rule r { check a == b within 4 check b <= a within 4 }\n",
                                 figures, false),
                        "");
    assert_string_equal(evaluate("rule r { check a == b within 3 }\n", figures, false),
                        "r warning violated @1 +1 [a b]: a (100) differs from b (104) "
                        "(off by 4, 3.85%; 3 allowed)\n");
}

static void test_within_a_percentage(void **state)
{
    (void)state;
    /* |a - b| may be 5% of the larger magnitude: 5.2 for 104, 5.5 for 110. */
    static const char *const near[] = {"a", "100", "b", "104", NULL};
    static const char *const far[] = {"a", "100", "b", "110", NULL};
    assert_string_equal(evaluate("rule r { check a == b within 5% }\n", near, false), "");
    assert_string_equal(evaluate("rule r { check a == b within 5% }\n", far, false),
                        "r warning violated @1 +1 [a b]: a (100) differs from b (110) "
                        "(off by 10, 9.09%; 5% allowed)\n");
    assert_string_equal(evaluate("rule r { check a == b within 10% }\n", far, false), "");
}

/* ---- and, or, not ---- */

static void test_and_or_not_with_missing_figures(void **state)
{
    (void)state;
    static const char optional[] = "rule r { check not exists(x) or x > 0 }\n";
    static const char *const none[] = {"y", "-5", NULL};
    static const char *const negative[] = {"x", "-1", NULL};
    static const char *const positive[] = {"x", "5", NULL};
    assert_string_equal(evaluate(optional, none, true), "");
    assert_string_equal(evaluate(optional, positive, true), "");
    assert_string_equal(evaluate(optional, negative, true),
                        "r warning violated @1 +0 [x]: check failed: not exists(x) or x > 0 "
                        "(x is -1)\n");

    /* A side that does not apply is decided by the other, when the other can. */
    static const char *const y_positive[] = {"y", "5", NULL};
    assert_string_equal(evaluate("rule r { check x > 0 or y > 0 }\n", y_positive, true), "");
    assert_string_equal(evaluate("rule r { check x > 0 or y > 0 }\n", none, true),
                        "r note not-applicable @1 +0 [y]: not applicable: x is missing\n");
    assert_string_equal(evaluate("rule r { check x > 0 and y > 0 }\n", none, true),
                        "r warning violated @1 +0 [y]: check failed: x > 0 and y > 0 "
                        "(y is -5)\n");
    assert_string_equal(evaluate("rule r { check x > 0 and y > 0 }\n", y_positive, true),
                        "r note not-applicable @1 +0 [y]: not applicable: x is missing\n");
    assert_string_equal(evaluate("rule r { check not (x > 0) }\n", none, true),
                        "r note not-applicable @0 +0 []: not applicable: x is missing\n");
    /* exists() itself always applies. */
    assert_string_equal(evaluate("rule r { check exists(x) and x > 0 }\n", none, true),
                        "r warning violated @0 +0 []: check failed: exists(x) and x > 0\n");
    assert_string_equal(evaluate("rule r { check not x < 0 }\n", positive, true), "");
}

/* ---- functions ---- */

static void test_every_function(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "n.a", "10", "n.b", "20", "n.c", "30", "m", "-7", NULL,
    };
    assert_string_equal(
        evaluate("rule sum { check sum(n.*) == 61 }\n"
                 "rule count { check count(n.*) == 4 }\n"
                 "rule min { check min(n.*) == 11 }\n"
                 "rule max { check max(n.*) == 31 }\n"
                 "rule avg { check avg(n.*) == 21 }\n"
                 "rule abs { check abs(m) == 8 }\n"
                 "rule pct { check pct(n.a, n.c) == 50 }\n"
                 "rule exists { check exists(n.z) }\n",
                 figures, false),
        "sum warning violated @1 +2 [n.a n.b n.c]: sum(n.*) (60) differs from 61 "
        "(off by 1, 1.64%)\n"
        "count warning violated @1 +2 [n.a n.b n.c]: count(n.*) (3) differs from 4 "
        "(off by 1, 25%)\n"
        "min warning violated @1 +2 [n.a n.b n.c]: min(n.*) (10) differs from 11 "
        "(off by 1, 9.09%)\n"
        "max warning violated @1 +2 [n.a n.b n.c]: max(n.*) (30) differs from 31 "
        "(off by 1, 3.23%)\n"
        "avg warning violated @1 +2 [n.a n.b n.c]: avg(n.*) (20) differs from 21 "
        "(off by 1, 4.76%)\n"
        "abs warning violated @4 +0 [m]: abs(m) (7) differs from 8 (off by 1, 12.5%)\n"
        "pct warning violated @1 +1 [n.a n.c]: pct(n.a, n.c) (33.33) differs from 50 "
        "(off by 16.67, 33.33%)\n"
        "exists warning violated @0 +0 []: check failed: exists(n.z)\n");
    /* Several arguments, lone wildcards: these hold, so they report nothing. */
    assert_string_equal(evaluate("rule r {\n"
                                 "  check sum(n.a, n.b) == 30\n"
                                 "  check count(*) == 1\n"
                                 "  check count(**) == 4\n"
                                 "  check exists(n.z, n.a)\n"
                                 "  check min(n.*, m) == -7 and max(m, n.a) == 10\n"
                                 "  check abs(n.a - n.c) == 20 and pct(n.c, n.a) == 300\n"
                                 "}\n",
                                 figures, false),
                        "");
}

static void test_aggregates_over_intervals(void **state)
{
    (void)state;
    /* The breakdown rule of rules/arrests.rules with a hedged part: the sum is an interval. */
    static const char *const figures[] = {
        "arrests.jun.by_nationality.vietnamese", "429",
        "arrests.jun.by_nationality.other", "about 1,000",
        "arrests.jun.total", "1,458",
        NULL,
    };
    assert_string_equal(
        evaluate("rule breakdown {\n  severity error\n"
                 "  check sum(arrests.$b.by_nationality.*) <= arrests.$b.total\n}\n",
                 figures, false),
        "breakdown note unconfirmed @3 +2 [arrests.jun.by_nationality.vietnamese "
        "arrests.jun.by_nationality.other arrests.jun.total]: cannot confirm "
        "sum(arrests.jun.by_nationality.*) <= arrests.jun.total: "
        "sum(arrests.jun.by_nationality.*) is 929 to 1,929, arrests.jun.total is 1,458\n");
}

static void test_starstar_matches_a_figure_once(void **state)
{
    (void)state;
    /* q.r.x.x.v matches **.x.** two ways (the first ** is q.r or q.r.x), and
     * q.**.x.** two ways too (r or r.x); each figure still counts once. */
    static const char *const figures[] = {"r.x.x.v", "5", "q.r.x.x.v", "7", NULL};
    assert_string_equal(
        evaluate("rule count { check count(**.x.**) == 3 }\n"
                 "rule sum { check sum(**.x.**) == 10 }\n"
                 "rule bound { check count($s.**.x.**) == 2 }\n",
                 figures, false),
        "count warning violated @1 +1 [r.x.x.v q.r.x.x.v]: count(**.x.**) (2) differs from 3 "
        "(off by 1, 33.33%)\n"
        "sum warning violated @1 +1 [r.x.x.v q.r.x.x.v]: sum(**.x.**) (12) differs from 10 "
        "(off by 2, 16.67%)\n"
        "bound warning violated @1 +0 [r.x.x.v]: count(r.**.x.**) (1) differs from 2 "
        "(off by 1, 50%)\n"
        "bound warning violated @2 +0 [q.r.x.x.v]: count(q.**.x.**) (1) differs from 2 "
        "(off by 1, 50%)\n");
}

/* ---- where a finding points ---- */

static void test_location_is_the_first_plain_reference(void **state)
{
    (void)state;
    static const char *const figures[] = {
        "part.b", "60", "part.a", "50", "total", "100", NULL,
    };
    assert_string_equal(evaluate("rule r { check sum(part.*) <= total }\n", figures, false),
                        "r warning violated @3 +2 [part.b part.a total]: sum(part.*) (110) is "
                        "more than total (100) (off by 10, 9.09%)\n");
}

static void test_location_falls_back_to_table_order(void **state)
{
    (void)state;
    /* No plain reference: the figure first in the table, although m.x is met first. */
    static const char *const figures[] = {"n.x", "1", "m.x", "2", NULL};
    assert_string_equal(evaluate("rule r { check sum(m.*, n.*) < 0 }\n", figures, false),
                        "r warning violated @1 +1 [m.x n.x]: sum(m.*, n.*) (3) is not less "
                        "than 0 (off by 3, 100%)\n");
}

/* ---- the binding limit ---- */

/* p.0 .. p.(ps-1) all 1 except p.7, which is 3; q.0 .. q.(qs-1) all 2. */
static fl_document *grid(int ps, int qs)
{
    fl_document *document = fl_document_new();
    fl_document_begin(document, "article.txt");
    char key[32];
    for (int i = 0; i < ps; i++) {
        snprintf(key, sizeof key, "p.%d", i);
        add_figure(document, key, i == 7 ? "3" : "1");
    }
    for (int i = 0; i < qs; i++) {
        snprintf(key, sizeof key, "q.%d", i);
        add_figure(document, key, "2");
    }
    return document;
}

/* One capture takes every value the document has, however many: p.0 to p.N-1,
 * where only the last fails `p.$x <= 2`. */
static fl_document *column(int count)
{
    fl_document *document = fl_document_new();
    fl_document_begin(document, "article.txt");
    char key[32];
    for (int i = 0; i < count; i++) {
        snprintf(key, sizeof key, "p.%d", i);
        add_figure(document, key, i == count - 1 ? "3" : "1");
    }
    return document;
}

static void test_one_capture_is_never_capped(void **state)
{
    (void)state;
    const char *findings = evaluate_with("rule r { check p.$x <= 2 }\n", column(30000), false,
                                         NULL);
    assert_string_equal(findings, "r warning violated @30000 +0 [p.29999]: p.29999 (3) is more "
                                  "than 2 (off by 1, 33.33%)\n");
}

static void test_combination_limit(void **state)
{
    (void)state;
    static const char rules[] = "rule r { check p.$x < q.$y }\n";
    /* 316 × 316 combinations all run: p.7 fails against each q. */
    const char *findings = evaluate_with(rules, grid(316, 316), false, NULL);
    assert_int_equal(count_lines(findings), 316);
    assert_null(strstr(findings, "not-applicable"));
    assert_non_null(strstr(findings, "p.7 (3) is not less than q.0 (2)"));
    assert_non_null(strstr(findings, "p.7 (3) is not less than q.315 (2)"));

    /* 317 × 316 is over FL_EVAL_MAX_COMBINATIONS: a note says so, verbose or not. */
    assert_string_equal(evaluate_with(rules, grid(317, 316), false, NULL),
                        "r note not-applicable @0 +0 []: not checked: the captures $x (317 "
                        "values) $y (316 values) make more than 100000 combinations in this "
                        "document; write the check so that they appear together in one "
                        "reference\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_violated),
        cmocka_unit_test(test_passes_silently),
        cmocka_unit_test(test_unconfirmed_is_a_note_naming_both_sides),
        cmocka_unit_test(test_default_messages_per_comparison),
        cmocka_unit_test(test_severity_comes_from_the_rule),
        cmocka_unit_test(test_each_check_is_its_own_finding),
        cmocka_unit_test(test_disabled_rules_do_not_run),
        cmocka_unit_test(test_missing_figures_are_not_applicable),
        cmocka_unit_test(test_merging_counts_as_one_evaluator),
        cmocka_unit_test(test_capture_without_values_is_not_applicable),
        cmocka_unit_test(test_division_by_an_interval_holding_zero),
        cmocka_unit_test(test_one_finding_per_failing_binding),
        cmocka_unit_test(test_bindings_are_those_the_document_has),
        cmocka_unit_test(test_a_binding_missing_one_figure_is_not_applicable),
        cmocka_unit_test(test_message_holes),
        cmocka_unit_test(test_when),
        cmocka_unit_test(test_when_does_not_leave_its_reason_behind),
        cmocka_unit_test(test_within_an_absolute_amount),
        cmocka_unit_test(test_within_a_percentage),
        cmocka_unit_test(test_and_or_not_with_missing_figures),
        cmocka_unit_test(test_every_function),
        cmocka_unit_test(test_aggregates_over_intervals),
        cmocka_unit_test(test_starstar_matches_a_figure_once),
        cmocka_unit_test(test_location_is_the_first_plain_reference),
        cmocka_unit_test(test_location_falls_back_to_table_order),
        cmocka_unit_test(test_one_capture_is_never_capped),
        cmocka_unit_test(test_combination_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
