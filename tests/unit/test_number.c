#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "number.h"

/* A written text and what it must read as: an interval such as "[2500, 3500]" or
 * "(200, inf)", or "error at OFFSET: MESSAGE". */
typedef struct reading {
    const char *text;
    const char *expected;
} reading;

static fl_value percent_of(int64_t percent)
{
    return fl_value_ratio(percent, 100);
}

static void append_endpoint(fl_value v, fl_buffer *out)
{
    if (fl_value_is_infinite(v))
        fl_buffer_append_string(out, fl_value_sign(v) < 0 ? "-inf" : "inf");
    else
        fl_value_format_plain(v, out);
}

/* Exact endpoints with their openness: "[1450000, 1550000]", "(200, inf)". */
static void describe(fl_interval a, char *out, size_t size)
{
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_char(&text, a.lo_open ? '(' : '[');
    append_endpoint(a.lo, &text);
    fl_buffer_append_string(&text, ", ");
    append_endpoint(a.hi, &text);
    fl_buffer_append_char(&text, a.hi_open ? ')' : ']');
    snprintf(out, size, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
}

static const char *plain(fl_value v)
{
    static char slots[4][64];
    static int next;
    char *out = slots[next++ % 4];
    fl_buffer text = FL_BUFFER_INIT;
    fl_value_format_plain(v, &text);
    snprintf(out, 64, "%s", fl_buffer_cstr(&text));
    fl_buffer_free(&text);
    return out;
}

/* Reads `text` and builds its interval with `qualifier` and `tolerance`. */
static const char *interval_with(const char *text, size_t length, fl_qualifier qualifier,
                                 fl_value tolerance)
{
    static char result[256];
    fl_number number;
    fl_number_error error;
    if (!fl_number_read(text, length, &number, &error)) {
        snprintf(result, sizeof result, "error at %zu: %s", error.offset, error.message);
        return result;
    }
    fl_interval interval;
    const char *message = NULL;
    if (!fl_number_interval(&number, qualifier, tolerance, &interval, &message)) {
        snprintf(result, sizeof result, "interval error: %s", message ? message : "(none)");
        return result;
    }
    describe(interval, result, sizeof result);
    return result;
}

static const char *interval_of(const char *text)
{
    return interval_with(text, strlen(text), FL_QUALIFIER_NONE, percent_of(5));
}

static void check_readings(const reading *cases, size_t count)
{
    int failures = 0;
    for (size_t i = 0; i < count; i++) {
        const char *got = interval_of(cases[i].text);
        if (strcmp(got, cases[i].expected) != 0) {
            print_error("\"%s\": got %s, expected %s\n", cases[i].text, got, cases[i].expected);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

#define CHECK_READINGS(cases) check_readings(cases, sizeof cases / sizeof cases[0])

static fl_number read_ok(const char *text)
{
    fl_number number;
    fl_number_error error;
    if (!fl_number_read(text, strlen(text), &number, &error))
        fail_msg("\"%s\" does not read: %s", text, error.message);
    return number;
}

/* --- docs/numbers.md, row by row -------------------------------------------------- */

static void test_spec_plain_counts_are_exact(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"2418", "[2418, 2418]"},
        {"2,418", "[2418, 2418]"},
        {"2 418", "[2418, 2418]"},
        {"2\u00a0418", "[2418, 2418]"},
        {"2\u202f418", "[2418, 2418]"},
        {"\u17e2\u17e4\u17e1\u17e8", "[2418, 2418]"},
        {"2,000", "[2000, 2000]"},
    };
    CHECK_READINGS(cases);
}

static void test_spec_scaled_numbers_are_rounded(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"1.5 million", "[1450000, 1550000]"},
        {"1.2 thousand", "[1150, 1250]"},
        {"1.5m", "[1450000, 1550000]"},
        {"3bn", "[2500000000, 3500000000]"},
        {"2k", "[1500, 2500]"},
        {"3 lakh", "[250000, 350000]"},
        {"2.5 crore", "[24500000, 25500000]"},
        {"20 million", "[19500000, 20500000]"},
        /* Indian grouping alone is a plain numeral: exact. */
        {"12,34,567", "[1234567, 1234567]"},
    };
    CHECK_READINGS(cases);
}

static void test_spec_about(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"about 3,000", "[2500, 3500]"},
        {"around 3,000", "[2500, 3500]"},
        {"roughly 3,000", "[2500, 3500]"},
        {"approximately 3,000", "[2500, 3500]"},
        {"an estimated 3,000", "[2500, 3500]"},
        {"some 3,000", "[2500, 3500]"},
        {"close to 3,000", "[2500, 3500]"},
        {"~3000", "[2500, 3500]"},
        {"about 75", "[71.25, 78.75]"},
        {"nearly 3,000", "[2500, 3000]"},
        {"almost 3,000", "[2500, 3000]"},
    };
    CHECK_READINGS(cases);
}

static void test_spec_bounds(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"more than 200", "(200, inf)"},
        {"over 200", "(200, inf)"},
        {"upwards of 200", "(200, inf)"},
        {">200", "(200, inf)"},
        {"at least 500", "[500, inf)"},
        {"\u2265500", "[500, inf)"},
        {"fewer than 10", "[0, 10)"},
        {"under 10", "[0, 10)"},
        {"<10", "[0, 10)"},
        {"up to 10", "[0, 10]"},
        {"as many as 10", "[0, 10]"},
        {"at most 10", "[0, 10]"},
    };
    CHECK_READINGS(cases);
}

static void test_spec_ranges(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"2,000-3,000", "[2000, 3000]"},
        {"2,000 to 3,000", "[2000, 3000]"},
        {"between 2,000 and 3,000", "[2000, 3000]"},
    };
    CHECK_READINGS(cases);
}

static void test_spec_percent(void **state)
{
    (void)state;
    static const char *const texts[] = {"12%", "12 percent", "12 per cent"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        assert_string_equal(interval_of(texts[i]), "[12, 12]");
        assert_true(fl_unit_is_percent(read_ok(texts[i]).unit));
    }
    assert_true(fl_unit_is_none(read_ok("12").unit));
}

static void test_spec_number_words(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"seventy-three", "[73, 73]"},
        {"eighteen", "[18, 18]"},
    };
    CHECK_READINGS(cases);
}

/* --- Decisions beyond the table ------------------------------------------------------ */

static void test_white_space_and_signs(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"  2418  ", "[2418, 2418]"},
        {"\t2,418\n", "[2418, 2418]"},
        {"\u00a02418\u3000", "[2418, 2418]"},
        {"more   than\t200", "(200, inf)"},
        {"between  2,000 \n and   3,000", "[2000, 3000]"},
        {"-5", "[-5, -5]"},
        {"\u22125", "[-5, -5]"},
        {"+5", "[5, 5]"},
        {"-1.5 million", "[-1550000, -1450000]"},
        {"more than -5", "(-5, inf)"},
        {"-5 to -3", "[-5, -3]"},
        {"-5--3", "[-5, -3]"},
        {"- 5", "error at 1: expected digits after \"-\""},
        {"-five", "error at 1: expected digits after \"-\""},
    };
    CHECK_READINGS(cases);
}

static void test_unicode_digits(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"\u0662\u0664\u0661\u0668", "[2418, 2418]"},         /* Arabic-Indic */
        {"\u0968\u096a\u0967\u096e", "[2418, 2418]"},         /* Devanagari */
        {"\u09e8\u09ea\u09e7\u09ee", "[2418, 2418]"},         /* Bengali */
        {"\uff12\uff14\uff11\uff18", "[2418, 2418]"},         /* fullwidth */
        {"\u0662\u066c\u0664\u0661\u0668", "[2418, 2418]"},   /* Arabic thousands separator */
        {"\u0662\u0664\u0661\u0668\u066b\u0665", "[2418.5, 2418.5]"}, /* Arabic decimal */
        {"\u17e2,\u17e4\u17e1\u17e8 million", "[2417500000, 2418500000]"},
        {"2\u0664\u0661\u0668", "error at 1: \"2\u0664\u0661\u0668\" mixes digits of different "
                                "scripts"},
    };
    CHECK_READINGS(cases);
}

static void test_grouping_that_reads(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"1,234,567", "[1234567, 1234567]"},
        {"12,34,567", "[1234567, 1234567]"},
        {"1,23,45,678", "[12345678, 12345678]"},
        {"1,23,456", "[123456, 123456]"},
        {"1 234 567", "[1234567, 1234567]"},
        {"1\u2009234\u2009567", "[1234567, 1234567]"},
        {"1\u00a0234 567", "[1234567, 1234567]"},
        {"1234567", "[1234567, 1234567]"},
        {"999", "[999, 999]"},
        {"1,234.5", "[1234.5, 1234.5]"},
        {"0.35", "[0.35, 0.35]"},
        {".5", "[0.5, 0.5]"},
        {"007", "[7, 7]"},
    };
    CHECK_READINGS(cases);
}

static void test_grouping_errors(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"2,41", "error at 2: badly grouped \"2,41\": a comma before 2 digits reads as a "
                 "decimal comma; write the decimal with a point"},
        {"1,2345", "error at 2: badly grouped \"1,2345\": the last group of digits must have "
                   "3, not 4"},
        {"2,5", "error at 2: badly grouped \"2,5\": a comma before 1 digit reads as a decimal "
                "comma; write the decimal with a point"},
        {"1.200", "error at 0: \"1.200\" is ambiguous: a decimal, or thousands grouped with a "
                  "point; write 1.2 or 1,200, as meant"},
        {"1.200.000", "error at 0: \"1.200.000\" groups digits with points; write it with "
                      "commas (1,200,000) or none"},
        {"1234,567", "error at 0: badly grouped \"1234,567\": the first group of digits must "
                     "have 1 to 3, not 4"},
        {"1,234,56,789", "error at 6: badly grouped \"1,234,56,789\": groups after the first "
                         "must have 3 digits, not 2"},
        {"123,45,678", "error at 0: badly grouped \"123,45,678\": Indian grouping needs 1 or 2 "
                       "digits in the first group, not 3"},
        {"12,34,567,890", "error at 6: badly grouped \"12,34,567,890\": Indian grouping needs "
                          "2 digits in each middle group, not 3"},
        {"1,234 567", "error at 5: \"1,234 567\" mixes two kinds of digit group separator"},
        {"1 234,567", "error at 5: \"1 234,567\" mixes two kinds of digit group separator"},
        {"1.2.3", "error at 3: unexpected \".3\" after the number"},
        {"2, 418", "error at 1: unexpected \",\" after the number"},
        {"2.", "error at 1: unexpected \".\" after the number"},
    };
    CHECK_READINGS(cases);
}

static void test_significant_digits(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"123456789012345678", "[123456789012345678, 123456789012345678]"},
        {"0.123456789012345678", "[0.123456789012345678, 0.123456789012345678]"},
        {"0000000000000000000001", "[1, 1]"},
        {"1234567890123456789", "error at 0: \"1234567890123456789\" has more than 18 "
                                "significant digits"},
        {"1.0000000000000000000", "error at 0: \"1.0000000000000000000\" has more than 18 "
                                  "significant digits"},
        {"about 1,234,567,890,123,456,789", "error at 6: \"1,234,567,890,123,456,789\" has "
                                            "more than 18 significant digits"},
    };
    CHECK_READINGS(cases);
}

static void test_scale_words(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"2 thousand", "[1500, 2500]"},
        {"2Thousand", "[1500, 2500]"},
        {"2 million", "[1500000, 2500000]"},
        {"2 MILLION", "[1500000, 2500000]"},
        {"2 billion", "[1500000000, 2500000000]"},
        {"2 trillion", "[1500000000000, 2500000000000]"},
        {"2k", "[1500, 2500]"},
        {"2K", "[1500, 2500]"},
        {"2 k", "[1500, 2500]"},
        {"2M", "[1500000, 2500000]"},
        {"2mn", "[1500000, 2500000]"},
        {"2 Mn", "[1500000, 2500000]"},
        {"2bn", "[1500000000, 2500000000]"},
        {"2BN", "[1500000000, 2500000000]"},
        {"2tn", "[1500000000000, 2500000000000]"},
        {"2 lakh", "[150000, 250000]"},
        {"2 lakhs", "[150000, 250000]"},
        {"2 crore", "[15000000, 25000000]"},
        {"2 Crores", "[15000000, 25000000]"},
        {"2.5 crore", "[24500000, 25500000]"},
        {"1.25 million", "[1245000, 1255000]"},
        {"2km", "error at 1: unexpected \"km\" after the number"},
        {"2 millions", "error at 2: unexpected \"millions\" after the number"},
    };
    CHECK_READINGS(cases);
}

static void test_rounding_and_approx_step(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *rounding, *approx_step;
    } cases[] = {
        {"1.5 million", "50000", "50000"},
        {"20 million", "500000", "5000000"},
        {"2k", "500", "500"},
        {"2.5 crore", "500000", "500000"},
        {"2,000", "0", "500"},
        {"3,000", "0", "500"},
        {"12.5", "0", "0.05"},
        {"75", "0", "0.5"},
        {"0.35", "0", "0.005"},
        {"12.50", "0", "0.05"},
        {"1,050", "0", "5"},
        {"-300", "0", "50"},
        {"0", "0", "0.5"},
        {"2.5 million", "50000", "50000"},
        {"twenty million", "500000", "5000000"},
        {"one million two hundred thousand", "50000", "50000"},
        {"two hundred", "0", "50"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_number number = read_ok(cases[i].text);
        const char *rounding = plain(number.low.rounding);
        const char *step = plain(number.low.approx_step);
        if (strcmp(rounding, cases[i].rounding) != 0 || strcmp(step, cases[i].approx_step) != 0) {
            print_error("\"%s\": rounding %s, step %s; expected %s, %s\n", cases[i].text,
                        rounding, step, cases[i].rounding, cases[i].approx_step);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void test_percent_forms_and_scale_conflict(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"12 %", "[12, 12]"},
        {"12.5%", "[12.5, 12.5]"},
        {"12 Per  Cent", "[12, 12]"},
        {"twelve percent", "[12, 12]"},
        {"about 12%", "[11.4, 12.6]"},
        {"5 million%", "error at 9: \"5 million%\" puts both a scale word and a percent on a "
                       "number"},
        {"5m %", "error at 3: \"5m %\" puts both a scale word and a percent on a number"},
        {"two thousand percent", "error at 13: \"two thousand percent\" puts both a scale "
                                 "word and a percent on a number"},
        {"12% million", "error at 4: unexpected \"million\" after the number"},
    };
    CHECK_READINGS(cases);
    assert_true(fl_unit_is_percent(read_ok("twelve percent").unit));
}

static void test_qualifier_words(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        fl_qualifier qualifier;
    } cases[] = {
        {"about 5", FL_QUALIFIER_ABOUT},         {"ABOUT 5", FL_QUALIFIER_ABOUT},
        {"around 5", FL_QUALIFIER_ABOUT},        {"Roughly 5", FL_QUALIFIER_ABOUT},
        {"approximately 5", FL_QUALIFIER_ABOUT}, {"approx. 5", FL_QUALIFIER_ABOUT},
        {"approx 5", FL_QUALIFIER_ABOUT},        {"an  estimated 5", FL_QUALIFIER_ABOUT},
        {"estimated 5", FL_QUALIFIER_ABOUT},     {"some 5", FL_QUALIFIER_ABOUT},
        {"close\tto 5", FL_QUALIFIER_ABOUT},     {"circa 5", FL_QUALIFIER_ABOUT},
        {"~5", FL_QUALIFIER_ABOUT},              {"~ 5", FL_QUALIFIER_ABOUT},
        {"nearly 5", FL_QUALIFIER_NEARLY},       {"Almost 5", FL_QUALIFIER_NEARLY},
        {"more than 5", FL_QUALIFIER_MORE_THAN}, {"over 5", FL_QUALIFIER_MORE_THAN},
        {"upwards of 5", FL_QUALIFIER_MORE_THAN}, {">5", FL_QUALIFIER_MORE_THAN},
        {"at least 5", FL_QUALIFIER_AT_LEAST},   {"no fewer than 5", FL_QUALIFIER_AT_LEAST},
        {"no less than 5", FL_QUALIFIER_AT_LEAST}, {"\u22655", FL_QUALIFIER_AT_LEAST},
        {">=5", FL_QUALIFIER_AT_LEAST},          {"fewer than 5", FL_QUALIFIER_LESS_THAN},
        {"less than 5", FL_QUALIFIER_LESS_THAN}, {"under 5", FL_QUALIFIER_LESS_THAN},
        {"<5", FL_QUALIFIER_LESS_THAN},          {"up to 5", FL_QUALIFIER_AT_MOST},
        {"as many as 5", FL_QUALIFIER_AT_MOST},  {"at most 5", FL_QUALIFIER_AT_MOST},
        {"no more than 5", FL_QUALIFIER_AT_MOST}, {"\u22645", FL_QUALIFIER_AT_MOST},
        {"<=5", FL_QUALIFIER_AT_MOST},           {"5", FL_QUALIFIER_NONE},
        {"more than a thousand", FL_QUALIFIER_MORE_THAN},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_number number = read_ok(cases[i].text);
        if (number.qualifier != cases[i].qualifier) {
            print_error("\"%s\": qualifier %d, expected %d\n", cases[i].text, number.qualifier,
                        cases[i].qualifier);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    assert_string_equal(interval_of("overall 5"),
                        "error at 0: expected a number, found \"overall\"");
    assert_string_equal(interval_of("about"), "error at 5: expected a number after \"about\"");
    assert_string_equal(interval_of("about many"),
                        "error at 6: expected a number after \"about\", found \"many\"");
}

static void test_ranges_share_scale_and_percent(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"2,000\u20133,000", "[2000, 3000]"},
        {"2,000\u20143,000", "[2000, 3000]"},
        {"2,000 - 3,000", "[2000, 3000]"},
        {"2-3 million", "[1500000, 3500000]"},
        {"2 million to 3 million", "[1500000, 3500000]"},
        {"1.5 million to 2,000,000", "[1450000, 2000000]"},
        {"10-12%", "[10, 12]"},
        {"two to three million", "[1500000, 3500000]"},
        {"between two hundred and three hundred", "[200, 300]"},
        {"about 2,000-3,000", "[1500, 3500]"},
        {"nearly 2,000-3,000", "[1500, 3000]"},
        /* Lending "million" to 500 would make the range run downwards. */
        {"between 500 and 2 million", "[500, 2500000]"},
    };
    CHECK_READINGS(cases);
    fl_number range = read_ok("10-12%");
    assert_true(range.is_range);
    assert_true(fl_unit_is_percent(range.unit));
    assert_string_equal(plain(range.low.value), "10");
    assert_string_equal(plain(range.high.value), "12");
    fl_number scaled = read_ok("2-3 million");
    assert_string_equal(plain(scaled.low.value), "2000000");
    assert_string_equal(plain(scaled.low.rounding), "500000");
    assert_false(read_ok("2,000").is_range);
}

static void test_range_errors(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"3,000-2,000", "error at 0: the low end of the range \"3,000-2,000\" is above its high "
                        "end"},
        {"five to three", "error at 0: the low end of the range \"five to three\" is above its "
                          "high end"},
        {"more than 2,000-3,000", "error at 0: \"more than\" cannot qualify a range"},
        {" at least 2 to 3", "error at 1: \"at least\" cannot qualify a range"},
        {"<10-20", "error at 0: \"<\" cannot qualify a range"},
        {"up to between 1 and 2", "error at 0: \"up to\" cannot qualify a range"},
        {"10%-12", "error at 4: the range \"10%-12\" has a percent on its low end only"},
        {"2 million-3%", "error at 0: the range \"2 million-3%\" mixes a scale word and a "
                         "percent"},
        {"between 2,000", "error at 13: expected \"and\" after \"between 2,000\""},
        {"between 2,000 or 3,000", "error at 14: expected \"and\" after \"between 2,000\", "
                                   "found \"or\""},
        {"2,000 to", "error at 8: expected a number after \"to\""},
        {"2,000 -", "error at 7: expected a number after \"-\""},
        {"2,000 to many", "error at 9: expected a number after \"to\", found \"many\""},
    };
    CHECK_READINGS(cases);
}

static void test_number_words(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"zero", "[0, 0]"},
        {"Seventy Three", "[73, 73]"},
        {"ninety-nine", "[99, 99]"},
        {"a hundred", "[100, 100]"},
        {"one hundred", "[100, 100]"},
        {"two hundred and five", "[205, 205]"},
        {"Two Hundred And Five", "[205, 205]"},
        {"a hundred and five", "[105, 105]"},
        {"fifteen hundred", "[1500, 1500]"},
        {"one thousand five hundred", "[1500, 1500]"},
        {"two thousand and twelve", "[2012, 2012]"},
        {"a thousand", "[500, 1500]"},
        {"twenty million", "[19500000, 20500000]"},
        {"one million two hundred thousand", "[1150000, 1250000]"},
        {"two million three thousand", "[2002500, 2003500]"},
        {"one million two hundred", "[1000200, 1000200]"},
        {"three lakh", "[250000, 350000]"},
        {"more than a thousand", "(1000, inf)"},
        {"about twenty", "[15, 25]"},
        {"a", "error at 0: expected a number, found \"a\""},
        {"hundred", "error at 0: expected a number, found \"hundred\""},
        {"twenty twenty", "error at 7: unexpected \"twenty\" after the number"},
        {"five three", "error at 5: unexpected \"three\" after the number"},
        {"one thousand thousand", "error at 13: unexpected \"thousand\" after the number"},
        {"one hundred and", "error at 12: unexpected \"and\" after the number"},
        {"zero one", "error at 5: unexpected \"one\" after the number"},
        {"twenty-", "error at 7: expected a number after \"-\""},
        {"twentyone", "error at 0: expected a number, found \"twentyone\""},
    };
    CHECK_READINGS(cases);
}

static void test_unreadable_values(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"", "error at 0: expected a number, found nothing"},
        {"   ", "error at 3: expected a number, found nothing"},
        {"many", "error at 0: expected a number, found \"many\""},
        {"2,418 arrests", "error at 6: unexpected \"arrests\" after the number"},
        {"about 3,000 people", "error at 12: unexpected \"people\" after the number"},
        {"12% of voters", "error at 4: unexpected \"of\" after the number"},
        {"2418\n(approx)", "error at 5: unexpected \"(approx)\" after the number"},
        {"5 abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij",
         "error at 2: unexpected \"abcdefghijabcdefghijabcdefghijabcdefghij\u2026\" after the "
         "number"},
        /* Quotes in messages stay valid UTF-8: cut between characters, bad bytes as ?. */
        {"5 abcdefghijabcdefghijabcdefghijabcdefghi\u00e9",
         "error at 2: unexpected \"abcdefghijabcdefghijabcdefghijabcdefghi\u2026\" after the "
         "number"},
        {"5 \xff\xfe", "error at 2: unexpected \"??\" after the number"},
        {"NaN", "error at 0: \"NaN\" is no figure an article can give"},
        {"-Infinity", "error at 0: \"-Infinity\" is no figure an article can give"},
        {"\u221e", "error at 0: \"\u221e\" is no figure an article can give"},
        {"1e400", "error at 1: \"1e400\" is scientific notation, which articles do not use; "
                  "write the number as the article gives it"},
    };
    CHECK_READINGS(cases);
}

static void test_money(void **state)
{
    (void)state;
    static const struct {
        const char *text, *interval, *unit;
    } cases[] = {
        {"$3 million", "[2500000, 3500000]", "USD"},
        {"\u00a31.2bn", "[1150000000, 1250000000]", "GBP"},
        {"\u20ac40m", "[39500000, 40500000]", "EUR"},
        {"3 million dollars", "[2500000, 3500000]", "USD"},
        {"USD 5", "[5, 5]", "USD"},
        {"US$2.5bn", "[2450000000, 2550000000]", "USD"},
        {"Rs 5 crore", "[45000000, 55000000]", "INR"},
        {"about \u20ac500", "[450, 550]", "EUR"},
        {"$3-5 million", "[2500000, 5500000]", "USD"},
        {"40 \u20ac", "[40, 40]", "EUR"},
        {"5,000 riel", "[5000, 5000]", "KHR"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = interval_of(cases[i].text);
        fl_number number = read_ok(cases[i].text);
        if (strcmp(got, cases[i].interval) != 0 || strcmp(number.unit.name, cases[i].unit) != 0) {
            print_error("\"%s\": got %s in %s, expected %s in %s\n", cases[i].text, got,
                        number.unit.name, cases[i].interval, cases[i].unit);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    static const reading errors[] = {
        {"$3 million to \u20ac5 million", "error at 14: the range \"$3 million to \u20ac5 "
                                           "million\" runs from USD to EUR"},
        {"5 USD %", "error at 6: \"5 USD %\" puts both a currency and a percent on a number"},
        {"$5 euros", "error at 3: \"$5 euros\" names two currencies, USD and EUR"},
    };
    CHECK_READINGS(errors);
}

static void test_messages_follow_the_house_style(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "many", "2,41", "1234,567", "2,418 arrests", "3,000-2,000", "5 million%",
        "more than 1-2", "2\u0664", "1234567890123456789", "between 1", "-",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fl_number number;
        fl_number_error error;
        assert_false(fl_number_read(bad[i], strlen(bad[i]), &number, &error));
        size_t length = strlen(error.message);
        assert_true(length > 0);
        assert_true(error.message[0] < 'A' || error.message[0] > 'Z' ||
                    error.message[0] == '"');
        assert_true(error.message[length - 1] != '.');
        assert_true(error.offset <= strlen(bad[i]));
    }
    fl_number number;
    assert_false(fl_number_read("many", 4, &number, NULL));
}

static void test_text_need_not_end_with_nul(void **state)
{
    (void)state;
    const char text[] = {'2', ',', '4', '1', '8', ' ', 'x'};
    assert_string_equal(interval_with(text, 5, FL_QUALIFIER_NONE, percent_of(5)),
                        "[2418, 2418]");
    assert_string_equal(interval_with("12345", 3, FL_QUALIFIER_NONE, percent_of(5)),
                        "[123, 123]");
    assert_string_equal(interval_with("about 3,000", 5, FL_QUALIFIER_NONE, percent_of(5)),
                        "error at 5: expected a number after \"about\"");
    assert_string_equal(interval_with("2-3 million", 3, FL_QUALIFIER_NONE, percent_of(5)),
                        "[2, 3]");
}

static void assert_same_value(fl_value a, fl_value b)
{
    assert_int_equal(fl_value_cmp(a, b), 0);
    assert_int_equal(a.exact, b.exact);
    assert_int_equal(a.num, b.num);
    assert_int_equal(a.den, b.den);
}

static void assert_same_number(fl_number a, fl_number b)
{
    assert_same_value(a.low.value, b.low.value);
    assert_same_value(a.low.rounding, b.low.rounding);
    assert_same_value(a.low.approx_step, b.low.approx_step);
    assert_same_value(a.high.value, b.high.value);
    assert_int_equal(a.is_range, b.is_range);
    assert_int_equal(a.qualifier, b.qualifier);
    assert_true(fl_unit_same(a.unit, b.unit));
}

/* Plain ASCII numerals take a shorter path than other text; a tab in front sends the
 * same numeral through the full reader, and both must agree. */
static void test_plain_numerals_read_alike_on_both_paths(void **state)
{
    (void)state;
    static const char *const numerals[] = {
        "2418", "2,418", " -2,418 ", "+7", "12.5", "0.35", ".5", "0", "-0.050",
        "1,234,567.25", "123456789012345678", "3,000", "000123",
    };
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++) {
        char tabbed[64];
        snprintf(tabbed, sizeof tabbed, "\t%s", numerals[i]);
        fl_number plain_path = read_ok(numerals[i]), full_path = read_ok(tabbed);
        assert_same_number(plain_path, full_path);
    }
    /* After a qualifier too; a tab at the end sends the numeral the long way. */
    static const char *const qualifiers[] = {"about", "nearly", "more than", "~", "some"};
    for (size_t q = 0; q < sizeof qualifiers / sizeof qualifiers[0]; q++) {
        for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++) {
            char spaced[64], tabbed[64];
            snprintf(spaced, sizeof spaced, "%s %s", qualifiers[q], numerals[i]);
            snprintf(tabbed, sizeof tabbed, "%s %s\t", qualifiers[q], numerals[i]);
            fl_number plain_path = read_ok(spaced), full_path = read_ok(tabbed);
            assert_same_number(plain_path, full_path);
            assert_int_not_equal(plain_path.qualifier, FL_QUALIFIER_NONE);
        }
    }
}

/* --- Intervals ---------------------------------------------------------------------- */

static void test_interval_about_takes_the_widest_slack(void **state)
{
    (void)state;
    assert_string_equal(interval_with("about 75", 8, FL_QUALIFIER_NONE, fl_value_int(0)),
                        "[74.5, 75.5]");
    assert_string_equal(interval_with("about 75", 8, FL_QUALIFIER_NONE, percent_of(10)),
                        "[67.5, 82.5]");
    assert_string_equal(interval_of("about 1.5 million"), "[1425000, 1575000]");
    assert_string_equal(interval_of("about -75"), "[-78.75, -71.25]");
    assert_string_equal(interval_with("about 1.5 million", 17, FL_QUALIFIER_NONE,
                                      fl_value_int(0)),
                        "[1450000, 1550000]");
    assert_string_equal(interval_of("nearly 1.5 million"), "[1425000, 1500000]");
    assert_string_equal(interval_of("nearly 2 thousand"), "[1500, 2000]");
    assert_string_equal(interval_of("about 0"), "[-0.5, 0.5]");
}

static void test_interval_bounds_ignore_rounding(void **state)
{
    (void)state;
    static const reading cases[] = {
        {"more than 1.5 million", "(1500000, inf)"},
        {"at least 2k", "[2000, inf)"},
        {"less than 1.5 million", "[0, 1500000)"},
        {"at most 2k", "[0, 2000]"},
        {"less than 0", "(-inf, 0)"},
        {"less than -5", "(-inf, -5)"},
        {"at most 0", "[0, 0]"},
        {"at most -5", "(-inf, -5]"},
        {"more than -5", "(-5, inf)"},
    };
    CHECK_READINGS(cases);
}

static void test_interval_qualifier_overrides(void **state)
{
    (void)state;
    fl_value five = percent_of(5);
    assert_string_equal(interval_with("1.5 million", 11, FL_QUALIFIER_EXACT, five),
                        "[1500000, 1500000]");
    assert_string_equal(interval_with("about 3,000", 11, FL_QUALIFIER_EXACT, five),
                        "[3000, 3000]");
    assert_string_equal(interval_with("2,418", 5, FL_QUALIFIER_ABOUT, five),
                        "[2297.1, 2538.9]");
    assert_string_equal(interval_with("2,418", 5, FL_QUALIFIER_MORE_THAN, five),
                        "(2418, inf)");
    assert_string_equal(interval_with("2,418", 5, FL_QUALIFIER_AT_LEAST, five),
                        "[2418, inf)");
    assert_string_equal(interval_with("2,418", 5, FL_QUALIFIER_LESS_THAN, five), "[0, 2418)");
    assert_string_equal(interval_with("2,418", 5, FL_QUALIFIER_AT_MOST, five), "[0, 2418]");
    assert_string_equal(interval_with("about 3,000", 11, FL_QUALIFIER_NONE, five),
                        "[2500, 3500]");
    assert_string_equal(interval_with("2-3 million", 11, FL_QUALIFIER_EXACT, five),
                        "[2000000, 3000000]");
    assert_string_equal(interval_with("2,000-3,000", 11, FL_QUALIFIER_ABOUT, five),
                        "[1500, 3500]");
}

static void test_interval_bound_on_range_fails(void **state)
{
    (void)state;
    static const struct {
        fl_qualifier qualifier;
        const char *message;
    } cases[] = {
        {FL_QUALIFIER_MORE_THAN, "qualifier \"more-than\" cannot apply to a range"},
        {FL_QUALIFIER_AT_LEAST, "qualifier \"at-least\" cannot apply to a range"},
        {FL_QUALIFIER_LESS_THAN, "qualifier \"less-than\" cannot apply to a range"},
        {FL_QUALIFIER_AT_MOST, "qualifier \"at-most\" cannot apply to a range"},
    };
    fl_number range = read_ok("2,000-3,000");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_interval interval;
        const char *message = NULL;
        assert_false(fl_number_interval(&range, cases[i].qualifier, percent_of(5), &interval,
                                        &message));
        assert_non_null(message);
        assert_string_equal(message, cases[i].message);
        assert_false(fl_number_interval(&range, cases[i].qualifier, percent_of(5), &interval,
                                        NULL));
    }
}

/* --- Numbers in quotes -------------------------------------------------------------- */

static void test_in_text(void **state)
{
    (void)state;
    static const struct {
        const char *value, *quote;
        bool found;
    } cases[] = {
        {"2,322", "2322 were deported", true},
        {"2,322", "deported 2 322 people", true},
        {"2,322", "(2,322)", true},
        {"2,322", "a 2,322-strong group", true},
        {"2,322", "some 2,322.", true},
        {"2,322", "2.3 thousand", false},
        {"2,322", "23,220 people", false},
        {"2,322", "12,322 people", false},
        {"2,322", "2,3220", false},
        {"2,322", "", false},
        {"2,418", "In 2024 2,418 were arrested", true},
        {"2418", "\u17e2\u17e4\u17e1\u17e8 \u1793\u17b6\u1780\u17cb", true},
        {"1,234,567", "12,34,567 voters", true},
        {"2418", "2418.5", false},
        {"2418", "24180", false},
        {"1.5 million", "1,500,000 people", true},
        {"1.5 million", "cost $1.5m", true},
        {"1.5 million", "1.50 million", true},
        {"1.5 million", "15 million", false},
        {"1.5 million", "1.5 kilometres", false},
        {"1,500,000", "1.5 million", true},
        {"73", "seventy-three arrests", true},
        {"73", "Seventy Three", true},
        {"205", "two hundred and five", true},
        {"1,000", "more than a thousand", true},
        {"seventy-three", "73 arrests", true},
        {"twenty million", "20m", true},
        {"-5", "fell by 5", true},
        {"12%", "12 percent", true},
        {"0.5", "just .5 of them", true},
        {"5", "a 5 m wall", true},
        {"2,000-3,000", "between 2,000 and 3,000 people", true},
        {"2,000-3,000", "2,000 people", false},
        {"2-3 million", "2-3 million", true},
        {"2-3 million", "2 million to 3 million", true},
        {"2-3 million", "2,000,000\u20133,000,000", true},
        {"2-3 million", "2-3", false},
        {"two to three million", "two to three million", true},
        {"between two hundred and three hundred", "between two hundred and three hundred",
         true},
        {"between 500 and 2 million", "between 500 and 2 million", true},
        /* Runs of ASCII digits alone take a shorter path: what follows them decides. */
        {"62", "about 62 Japanese", true},
        {"62", "162 people", false},
        {"62", "62.5 people", false},
        {"62", "at 62.", true},
        {"62", "62,a", true},
        {"2418", "2418\u00a0people", true},
        {"2,418", "2\u00a0418 people", true},
        {"7", "Rs.7 a day", true},
        {"123,456,789,012,345,678", "1234567890123456789", false},
        {"123,456,789,012,345,678", "123456789012345678", true},
        {"17", "seventeen suspects", true},
        {"17", "SEVENTEEN", true},
        {"1,000", "One Thousand", true},
        {"5", "5 rupees", true},
        /* A currency word after the low end lets the range borrow the scale; other
         * words, turned away by their first letters, do not. */
        {"3-5 million", "3 dollars to 5 million", true},
        {"3-5 million", "3 Pounds to 5 million", true},
        {"3-5 million", "3 POUNDS to 5 million", true},
        {"3-5 million", "3 pounds sterling to 5 million", true},
        {"3-5 million", "3 people to 5 million", false},
        {"3-5 million", "3 p to 5 million", false},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fl_number number = read_ok(cases[i].value);
        bool found = fl_number_in_text(cases[i].quote, strlen(cases[i].quote), &number);
        if (found != cases[i].found) {
            print_error("\"%s\" in \"%s\": got %d, expected %d\n", cases[i].value,
                        cases[i].quote, found, cases[i].found);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    fl_number number = read_ok("2,418");
    assert_false(fl_number_in_text("2,418", 3, &number));
}

/* A quote that opens with the value as written is told without reading its numbers;
 * it must be told as fl_number_in_text() tells it, whatever follows the value. */
static void test_quote_opening_with_the_value(void **state)
{
    (void)state;
    static const char *const qualifiers[] = {
        "", "about", "around", "roughly", "approximately", "approx.", "approx",
        "an estimated", "estimated", "some", "close to", "circa", "~", "nearly", "almost",
        "more than", "over", "upwards of", ">", "at least", "no fewer than", "no less than",
        "\u2265", ">=", "fewer than", "less than", "under", "at most", "no more than", "<",
        "<=", "up to",
    };
    static const char *const numerals[] = {
        "62", "1,088", "12.5", "0.35", "2418", "1,000,000", "7", "0", "3,000.25", "-5", "+7",
        ".5", "-0.050",
    };
    static const char *const followers[] = {
        " Japanese", " people were arrested", "  people", " million people", " m", " men",
        " k", " km", " thousand", " Thousand", " lakh", " crores", " bn", " mn", " tn",
        " percent", " per cent", " 000 people", " to 5 million", " dollars to 5 million",
        " and 5 million", " Rs", " x", " e5", " seventy", " and a half", " \u00e9l\u00e8ves",
        "", " ", ".", ",000 people", "-strong", "s", "th", "e5", "E-3 people", "k", "m",
        "million", "bn people", "x",
    };
    static const char *const currencies[] = {"", "Rs ", "US$ ", "EUR ", "$ ", "Rs. "};
    enum { QUALIFIERS = sizeof qualifiers / sizeof *qualifiers };
    enum { CURRENCIES = sizeof currencies / sizeof *currencies };
    size_t fast_cases = 0;
    for (size_t prefix = 0; prefix < QUALIFIERS * CURRENCIES; prefix++) {
        const char *qualifier = qualifiers[prefix / CURRENCIES];
        for (size_t n = 0; n < sizeof numerals / sizeof *numerals; n++) {
            char value[64];
            snprintf(value, sizeof value, "%s%s%s%s", qualifier, *qualifier ? " " : "",
                     currencies[prefix % CURRENCIES], numerals[n]);
            fl_number number;
            if (!fl_number_read(value, strlen(value), &number, NULL))
                continue;
            for (size_t f = 0; f < sizeof followers / sizeof *followers; f++) {
                char quote[128];
                snprintf(quote, sizeof quote, "%s%s", value, followers[f]);
                bool told = fl_number_in_quote(quote, strlen(quote), value, strlen(value),
                                               &number);
                bool scanned = fl_number_in_text(quote, strlen(quote), &number);
                if (told != scanned)
                    print_error("\"%s\" in \"%s\": %d, but %d scanned\n", value, quote, told,
                                scanned);
                assert_int_equal(told, scanned);
                fast_cases += told;
            }
        }
    }
    assert_true(fast_cases > 5000);
    /* A quote that does not open with the value is scanned. */
    fl_number number = read_ok("2,322");
    assert_true(fl_number_in_quote("deported 2322 people", 20, "2,322", 5, &number));
    assert_false(fl_number_in_quote("2,322 thousand", 14, "2,322", 5, &number));
    assert_false(fl_number_in_quote("2,3220 people", 13, "2,322", 5, &number));
}

/* Where a plain numeral starts is noted, so that a quote opening with it is told
 * without reading the numeral again; any other reading notes nothing. */
static void test_plain_numeral_noted(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int at; /* -1: not plain */
    } cases[] = {
        {"62", 0},          {"2,418", 0},          {"about 62", 6},
        {"-5", 0},          {"more than  1,088", 11}, {"1.5 million", -1},
        {"2,000-3,000", -1}, {"seventy-three", -1}, {"Rs 5,000", -1},
        {"12%", -1},        {"~ 3 thousand", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fl_number number = read_ok(cases[i].text);
        assert_int_equal(number.plain, cases[i].at >= 0);
        if (cases[i].at >= 0)
            assert_int_equal(number.numeral_at, cases[i].at);
    }
}

static void test_qualifier_from_name(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        fl_qualifier qualifier;
    } known[] = {
        {"exact", FL_QUALIFIER_EXACT},         {"about", FL_QUALIFIER_ABOUT},
        {"more-than", FL_QUALIFIER_MORE_THAN}, {"at-least", FL_QUALIFIER_AT_LEAST},
        {"less-than", FL_QUALIFIER_LESS_THAN}, {"at-most", FL_QUALIFIER_AT_MOST},
        {" About ", FL_QUALIFIER_ABOUT},       {"MORE-THAN", FL_QUALIFIER_MORE_THAN},
        {"\tat-most\n", FL_QUALIFIER_AT_MOST},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        fl_qualifier qualifier = FL_QUALIFIER_NONE;
        assert_true(fl_qualifier_from_name(known[i].name, strlen(known[i].name), &qualifier));
        assert_int_equal(qualifier, known[i].qualifier);
    }
    static const char *const unknown[] = {
        "", "  ", "nearly", "more than", "exactly", "about-", "abouts", "none",
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        fl_qualifier qualifier = FL_QUALIFIER_NONE;
        assert_false(fl_qualifier_from_name(unknown[i], strlen(unknown[i]), &qualifier));
    }
    fl_qualifier qualifier = FL_QUALIFIER_NONE;
    assert_true(fl_qualifier_from_name("aboutX", 5, &qualifier));
    assert_int_equal(qualifier, FL_QUALIFIER_ABOUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_plain_counts_are_exact),
        cmocka_unit_test(test_spec_scaled_numbers_are_rounded),
        cmocka_unit_test(test_spec_about),
        cmocka_unit_test(test_spec_bounds),
        cmocka_unit_test(test_spec_ranges),
        cmocka_unit_test(test_spec_percent),
        cmocka_unit_test(test_spec_number_words),
        cmocka_unit_test(test_white_space_and_signs),
        cmocka_unit_test(test_unicode_digits),
        cmocka_unit_test(test_grouping_that_reads),
        cmocka_unit_test(test_grouping_errors),
        cmocka_unit_test(test_significant_digits),
        cmocka_unit_test(test_scale_words),
        cmocka_unit_test(test_rounding_and_approx_step),
        cmocka_unit_test(test_percent_forms_and_scale_conflict),
        cmocka_unit_test(test_qualifier_words),
        cmocka_unit_test(test_ranges_share_scale_and_percent),
        cmocka_unit_test(test_range_errors),
        cmocka_unit_test(test_number_words),
        cmocka_unit_test(test_unreadable_values),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_messages_follow_the_house_style),
        cmocka_unit_test(test_text_need_not_end_with_nul),
        cmocka_unit_test(test_plain_numerals_read_alike_on_both_paths),
        cmocka_unit_test(test_quote_opening_with_the_value),
        cmocka_unit_test(test_plain_numeral_noted),
        cmocka_unit_test(test_interval_about_takes_the_widest_slack),
        cmocka_unit_test(test_interval_bounds_ignore_rounding),
        cmocka_unit_test(test_interval_qualifier_overrides),
        cmocka_unit_test(test_interval_bound_on_range_fails),
        cmocka_unit_test(test_in_text),
        cmocka_unit_test(test_qualifier_from_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
