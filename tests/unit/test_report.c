/* Escaping for the JSON, SARIF, JUnit and HTML writers: every ASCII byte written as
 * the format needs it, alone and inside runs of plain text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* What `write` makes of `text`. */
static char *written(void (*write)(FILE *out, const char *text), const char *text)
{
    char *bytes = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&bytes, &size);
    assert_non_null(out);
    write(out, text);
    assert_int_equal(fclose(out), 0);
    return bytes;
}

/* JSON, spelled out byte by byte from RFC 8259 (and DEL, which reports escape too). */
static void json_spelling(unsigned char c, char *out)
{
    if (c == '"' || c == '\\')
        sprintf(out, "\\%c", c);
    else if (c == '\n' || c == '\r' || c == '\t')
        sprintf(out, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
    else if (c < 0x20 || c == 0x7f)
        sprintf(out, "\\u%04x", c);
    else
        sprintf(out, "%c", c);
}

/* XML and HTML text and attribute values: the five entities, line breaks and tabs as
 * references, other control characters (which XML 1.0 forbids) as U+FFFD. */
static void markup_spelling(unsigned char c, char *out)
{
    const char *entity = c == '&'    ? "&amp;"
                         : c == '<'  ? "&lt;"
                         : c == '>'  ? "&gt;"
                         : c == '"'  ? "&quot;"
                         : c == '\'' ? "&#39;"
                                     : NULL;
    if (entity)
        strcpy(out, entity);
    else if (c == '\n' || c == '\r' || c == '\t')
        sprintf(out, "&#%d;", c);
    else if (c < 0x20 || c == 0x7f)
        strcpy(out, "\xEF\xBF\xBD");
    else
        sprintf(out, "%c", c);
}

static void check_every_byte(void (*write)(FILE *out, const char *text),
                             void (*spelling)(unsigned char c, char *out), const char *quote)
{
    for (unsigned c = 1; c < 0x80; c++) {
        char text[16], expected[64], spelled[16];
        spelling((unsigned char)c, spelled);
        /* Alone, and between plain letters, where a run of plain text must stop. */
        snprintf(text, sizeof text, "%c", c);
        snprintf(expected, sizeof expected, "%s%s%s", quote, spelled, quote);
        char *got = written(write, text);
        assert_string_equal(got, expected);
        free(got);
        snprintf(text, sizeof text, "ab%cde", c);
        snprintf(expected, sizeof expected, "%sab%sde%s", quote, spelled, quote);
        got = written(write, text);
        assert_string_equal(got, expected);
        free(got);
    }
}

static void test_json_escapes_every_byte_it_must(void **state)
{
    (void)state;
    check_every_byte(fl_json_string, json_spelling, "\"");
}

static void test_markup_escapes_every_byte_it_must(void **state)
{
    (void)state;
    check_every_byte(fl_markup_text, markup_spelling, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escapes_every_byte_it_must),
        cmocka_unit_test(test_markup_escapes_every_byte_it_must),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
