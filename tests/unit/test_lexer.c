#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "lexer.h"

/* Short spellings of the token kinds for expected strings, indexed by fl_token_kind. */
static const char *const kind_names[] = {
    "END", "NAME", "PATH", "NUMBER", "STRING", "{", "}", "(", ")", ",",
    "+", "-", "*", "**", "/", "%", "==", "!=", "<", "<=", ">", ">=",
    "and", "or", "not", "within",
};

/* Tokens of source[start, end) as "KIND" for punctuation and keywords and
 * "KIND:text@offset" for words, numbers and strings; numbers add "=value". */
static void lex_range(const char *source, size_t start, size_t end, fl_buffer *tokens,
                      fl_diagnostics *diagnostics)
{
    fl_lexer lexer;
    fl_lexer_init(&lexer, "test.rules", source, strlen(source), start, end, diagnostics);
    for (int guard = 0; guard < 1000; guard++) {
        fl_token token = fl_lexer_next(&lexer);
        if (tokens->length)
            fl_buffer_append_char(tokens, ' ');
        fl_buffer_append_string(tokens, kind_names[token.kind]);
        if (token.kind >= FL_TOKEN_NAME && token.kind <= FL_TOKEN_STRING)
            fl_buffer_printf(tokens, ":%.*s@%zu", (int)token.length, source + token.offset,
                             token.offset);
        if (token.kind == FL_TOKEN_NUMBER) {
            fl_buffer_append_char(tokens, '=');
            fl_value_format_plain(token.number, tokens);
        }
        if (token.kind == FL_TOKEN_END)
            return;
    }
    fail_msg("the lexer never reached the end of \"%s\"", source);
}

/* "LINE:COL+LENGTH: message", one a line. */
static void describe_diagnostics(const fl_diagnostics *diagnostics, fl_buffer *out)
{
    for (size_t i = 0; i < diagnostics->count; i++) {
        const fl_diagnostic *d = &diagnostics->items[i];
        fl_buffer_printf(out, "%u:%u+%u: %s\n", (unsigned)d->line, (unsigned)d->column,
                         (unsigned)d->length, d->message);
    }
}

/* Lexes the whole of `source` and compares its tokens and diagnostics. */
static void expect_lex(const char *source, const char *tokens, const char *diagnostics)
{
    fl_buffer got = FL_BUFFER_INIT, errors = FL_BUFFER_INIT;
    fl_diagnostics list = {0};
    lex_range(source, 0, strlen(source), &got, &list);
    describe_diagnostics(&list, &errors);
    if (strcmp(fl_buffer_cstr(&got), tokens) != 0 ||
        strcmp(fl_buffer_cstr(&errors), diagnostics) != 0)
        print_error("source: \"%s\"\n  tokens: %s\n  errors: %s", source,
                    fl_buffer_cstr(&got), fl_buffer_cstr(&errors));
    assert_string_equal(fl_buffer_cstr(&got), tokens);
    assert_string_equal(fl_buffer_cstr(&errors), diagnostics);
    fl_buffer_free(&got);
    fl_buffer_free(&errors);
    fl_diagnostics_free(&list);
}

static void test_words_are_names_paths_or_numbers(void **state)
{
    (void)state;
    expect_lex("total", "NAME:total@0 END", "");
    expect_lex("rule-id", "NAME:rule-id@0 END", "");
    expect_lex("by_nationality", "NAME:by_nationality@0 END", "");
    expect_lex("2418", "NUMBER:2418@0=2418 END", "");
    expect_lex("0.5", "NUMBER:0.5@0=0.5 END", "");
    expect_lex("007", "NUMBER:007@0=7 END", "");
    expect_lex("2024.total", "PATH:2024.total@0 END", "");
    expect_lex("arrests.h1.deported", "PATH:arrests.h1.deported@0 END", "");
    expect_lex("a.*", "PATH:a.*@0 END", "");
    expect_lex("**.x", "PATH:**.x@0 END", "");
    expect_lex("*.x.**", "PATH:*.x.**@0 END", "");
    expect_lex("$p", "PATH:$p@0 END", "");
    expect_lex("arrests.$p.total", "PATH:arrests.$p.total@0 END", "");
    /* A word that starts with a digit but is not a number is a key segment. */
    expect_lex("2024h1", "PATH:2024h1@0 END", "");
}

static void test_minus_needs_spaces(void **state)
{
    (void)state;
    /* Keys may hold '-', so "a-b" is one segment and subtraction is "a - b". */
    expect_lex("a-b", "NAME:a-b@0 END", "");
    expect_lex("a - b", "NAME:a@0 - NAME:b@4 END", "");
    expect_lex("a.b-c.d", "PATH:a.b-c.d@0 END", "");
    expect_lex("-5", "- NUMBER:5@1=5 END", "");
    expect_lex("- a", "- NAME:a@2 END", "");
}

static void test_keywords(void **state)
{
    (void)state;
    expect_lex("and or not within", "and or not within END", "");
    /* Keywords are whole words: longer words and dotted paths are not keywords. */
    expect_lex("android ornate notes", "NAME:android@0 NAME:ornate@8 NAME:notes@15 END", "");
    expect_lex("not.x", "PATH:not.x@0 END", "");
    /* Field names are plain names; the parser tells them apart. */
    expect_lex("rule check severity", "NAME:rule@0 NAME:check@5 NAME:severity@11 END", "");
}

static void test_punctuation_and_operators(void **state)
{
    (void)state;
    expect_lex("{ } ( ) , + - * ** / %", "{ } ( ) , + - * ** / % END", "");
    expect_lex("== != < <= > >=", "== != < <= > >= END", "");
    expect_lex("a<=b", "NAME:a@0 <= NAME:b@3 END", "");
    expect_lex("sum(a.*)>=5%", "NAME:sum@0 ( PATH:a.*@4 ) >= NUMBER:5@10=5 % END", "");
    /* A '*' not followed by a dot is multiplication, even between words. */
    expect_lex("a*b", "NAME:a@0 * NAME:b@2 END", "");
    expect_lex("a * b", "NAME:a@0 * NAME:b@4 END", "");
    expect_lex("**", "** END", "");
    /* A trailing dot is no part of a word. */
    expect_lex("x.", "NAME:x@0 END", "1:2+1: unexpected character '.'\n");
}

static void test_number_values(void **state)
{
    (void)state;
    expect_lex("73 2322 12.50", "NUMBER:73@0=73 NUMBER:2322@3=2322 NUMBER:12.50@8=12.5 END", "");
    expect_lex("123456789012345678", "NUMBER:123456789012345678@0=123456789012345678 END",
               "");
    expect_lex("1234567890123456789", "NUMBER:1234567890123456789@0=0 END",
               "1:1+19: number has more than 18 digits\n");
    /* Leading zeros are not digits that count. */
    expect_lex("0000000000000000000001", "NUMBER:0000000000000000000001@0=1 END", "");
}

static void test_white_space_and_comments(void **state)
{
    (void)state;
    expect_lex("", "END", "");
    expect_lex("  \t\r\n ", "END", "");
    expect_lex("# only a comment", "END", "");
    expect_lex("a # comment ) \" {\nb", "NAME:a@0 NAME:b@18 END", "");
    expect_lex("a#b\nc", "NAME:a@0 NAME:c@4 END", "");
    expect_lex("# one\n# two\r\n  x", "NAME:x@15 END", "");
}

static void test_strings(void **state)
{
    (void)state;
    expect_lex("\"Licadho\"", "STRING:\"Licadho\"@0 END", "");
    expect_lex("\"\"", "STRING:\"\"@0 END", "");
    /* Escaped quotes and backslashes do not end the string. */
    expect_lex("\"say \\\"hi\\\"\" x", "STRING:\"say \\\"hi\\\"\"@0 NAME:x@13 END", "");
    expect_lex("\"a\\\\\" b", "STRING:\"a\\\\\"@0 NAME:b@6 END", "");
    /* The lexer leaves escapes to the parser, so an unknown one is no lexical error. */
    expect_lex("\"\\q\"", "STRING:\"\\q\"@0 END", "");
    expect_lex("\"# not a comment\"", "STRING:\"# not a comment\"@0 END", "");
    expect_lex("\"{a.$p} of {b}\"", "STRING:\"{a.$p} of {b}\"@0 END", "");
    expect_lex("\"é ü\"", "STRING:\"é ü\"@0 END", "");
}

static void test_lexical_errors(void **state)
{
    (void)state;
    /* '=' reads as '==' so that the parser goes on without a second error. */
    expect_lex("a = b", "NAME:a@0 == NAME:b@4 END",
               "1:3+1: '=' is not an operator: compare with '=='\n");
    /* '!' is dropped. */
    expect_lex("! a", "NAME:a@2 END", "1:1+1: '!' is not an operator: use 'not' or '!='\n");
    expect_lex("a && b", "NAME:a@0 and NAME:b@5 END",
               "1:3+2: '&&' is not an operator: use 'and'\n");
    expect_lex("a & b", "NAME:a@0 and NAME:b@4 END",
               "1:3+1: '&&' is not an operator: use 'and'\n");
    expect_lex("a || b", "NAME:a@0 or NAME:b@5 END",
               "1:3+2: '||' is not an operator: use 'or'\n");
    expect_lex("a @ b", "NAME:a@0 NAME:b@4 END", "1:3+1: unexpected character '@'\n");
    expect_lex("$", "END", "1:1+1: unexpected character '$'\n");
    expect_lex("x ; y", "NAME:x@0 NAME:y@4 END", "1:3+1: unexpected character ';'\n");
    /* A character outside ASCII is one character, whatever its bytes. */
    expect_lex("é €", "END",
               "1:1+1: unexpected character 'é'\n1:3+1: unexpected character '€'\n");
}

static void test_unterminated_strings(void **state)
{
    (void)state;
    expect_lex("\"abc", "STRING:\"abc@0 END",
               "1:1+4: unterminated string (strings end on the line they start)\n");
    /* A string stops at the end of its line; the next line is lexed afresh. */
    expect_lex("x \"abc\ny", "NAME:x@0 STRING:\"abc@2 NAME:y@7 END",
               "1:3+4: unterminated string (strings end on the line they start)\n");
    /* A backslash does not carry the string over the line break. */
    expect_lex("\"a\\\nb\"", "STRING:\"a\\@0 NAME:b@4 STRING:\"@5 END",
               "1:1+3: unterminated string (strings end on the line they start)\n"
               "2:2+1: unterminated string (strings end on the line they start)\n");
}

static void test_positions_count_lines_and_characters(void **state)
{
    (void)state;
    /* Columns count characters, not bytes; lines count '\n'. */
    expect_lex("rule r {\n  check é = b\n}",
               "NAME:rule@0 NAME:r@5 { NAME:check@11 == NAME:b@22 } END",
               "2:9+1: unexpected character 'é'\n"
               "2:11+1: '=' is not an operator: compare with '=='\n");
    expect_lex("a\r\nb ! c", "NAME:a@0 NAME:b@3 NAME:c@7 END",
               "2:3+1: '!' is not an operator: use 'not' or '!='\n");
}

static void test_sub_range_keeps_file_positions(void **state)
{
    (void)state;
    /* Message holes are lexed as a slice of the file: offsets and diagnostics are
     * those of the whole file, and nothing outside the slice is read. */
    const char *source = "rule r {\n  message \"{a.total ! 2} end\"\n}";
    const char *hole = strchr(strchr(source, '{') + 1, '{') + 1;
    size_t start = (size_t)(hole - source);
    size_t end = (size_t)(strchr(hole, '}') - source);
    fl_buffer tokens = FL_BUFFER_INIT, errors = FL_BUFFER_INIT;
    fl_diagnostics list = {0};
    lex_range(source, start, end, &tokens, &list);
    describe_diagnostics(&list, &errors);
    assert_string_equal(fl_buffer_cstr(&tokens), "PATH:a.total@21 NUMBER:2@31=2 END");
    assert_string_equal(fl_buffer_cstr(&errors),
                        "2:21+1: '!' is not an operator: use 'not' or '!='\n");
    /* The diagnostic quotes the whole line of the file. */
    assert_int_equal(list.items[0].line_length, strlen("  message \"{a.total ! 2} end\""));
    fl_buffer_free(&tokens);
    fl_buffer_free(&errors);
    fl_diagnostics_free(&list);

    /* A slice that ends inside a word ends the word there. */
    fl_buffer cut = FL_BUFFER_INIT;
    fl_diagnostics none = {0};
    lex_range("abc.def", 0, 5, &cut, &none);
    assert_string_equal(fl_buffer_cstr(&cut), "PATH:abc.d@0 END");
    assert_int_equal(none.count, 0);
    fl_buffer_free(&cut);
    fl_diagnostics_free(&none);
}

static void test_token_names(void **state)
{
    (void)state;
    static const struct {
        fl_token_kind kind;
        const char *name;
    } names[] = {
        {FL_TOKEN_END, "end of file"},   {FL_TOKEN_NAME, "a name"},
        {FL_TOKEN_PATH, "a figure reference"}, {FL_TOKEN_NUMBER, "a number"},
        {FL_TOKEN_STRING, "a string"},   {FL_TOKEN_LBRACE, "'{'"},
        {FL_TOKEN_RBRACE, "'}'"},        {FL_TOKEN_LPAREN, "'('"},
        {FL_TOKEN_RPAREN, "')'"},        {FL_TOKEN_COMMA, "','"},
        {FL_TOKEN_PLUS, "'+'"},          {FL_TOKEN_MINUS, "'-'"},
        {FL_TOKEN_STAR, "'*'"},          {FL_TOKEN_STARSTAR, "'**'"},
        {FL_TOKEN_SLASH, "'/'"},         {FL_TOKEN_PERCENT, "'%'"},
        {FL_TOKEN_EQ, "'=='"},           {FL_TOKEN_NE, "'!='"},
        {FL_TOKEN_LT, "'<'"},            {FL_TOKEN_LE, "'<='"},
        {FL_TOKEN_GT, "'>'"},            {FL_TOKEN_GE, "'>='"},
        {FL_TOKEN_AND, "'and'"},         {FL_TOKEN_OR, "'or'"},
        {FL_TOKEN_NOT, "'not'"},         {FL_TOKEN_WITHIN, "'within'"},
    };
    /* Every kind is listed once, so the token enum and its names stay in step. */
    assert_int_equal(sizeof names / sizeof names[0], FL_TOKEN_WITHIN + 1);
    assert_int_equal(sizeof kind_names / sizeof kind_names[0], FL_TOKEN_WITHIN + 1);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_string_equal(fl_token_name(names[i].kind), names[i].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_are_names_paths_or_numbers),
        cmocka_unit_test(test_minus_needs_spaces),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_punctuation_and_operators),
        cmocka_unit_test(test_number_values),
        cmocka_unit_test(test_white_space_and_comments),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_lexical_errors),
        cmocka_unit_test(test_unterminated_strings),
        cmocka_unit_test(test_positions_count_lines_and_characters),
        cmocka_unit_test(test_sub_range_keeps_file_positions),
        cmocka_unit_test(test_token_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
