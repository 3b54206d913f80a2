#include "lexer.h"

#include <string.h>

/* ORDER TOKEN */
static const char *const token_names[] = {
    "end of file", "a name", "a figure reference", "a number", "a string",
    "'{'", "'}'", "'('", "')'", "','",
    "'+'", "'-'", "'*'", "'**'", "'/'", "'%'",
    "'=='", "'!='", "'<'", "'<='", "'>'", "'>='",
    "'and'", "'or'", "'not'", "'within'",
};

const char *fl_token_name(fl_token_kind kind)
{
    return token_names[kind];
}

void fl_lexer_init(fl_lexer *lexer, const char *file, const char *source, size_t whole_length,
                   size_t start, size_t end, fl_diagnostics *diagnostics)
{
    *lexer = (fl_lexer){
        .file = file,
        .source = source,
        .length = end,
        .position = start,
        .diagnostics = diagnostics,
        .whole = source,
        .whole_length = whole_length,
    };
}

static bool is_segment_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void error_at(fl_lexer *lexer, size_t offset, size_t length, const char *message)
{
    fl_diagnostics_add(lexer->diagnostics, lexer->file, lexer->whole, lexer->whole_length,
                       offset, length, "%s", message);
}

/* Scans one segment at `i`: a plain run, `*`, `**` or `$name`. Returns its end, or
 * `i` when there is no segment there. */
static size_t scan_segment(const fl_lexer *lexer, size_t i)
{
    const char *s = lexer->source;
    size_t end = lexer->length;
    if (i < end && s[i] == '*') {
        size_t stars = i + 1 < end && s[i + 1] == '*' ? 2 : 1;
        return i + stars;
    }
    size_t j = i;
    if (j < end && s[j] == '$')
        j++;
    size_t run = j;
    while (run < end && is_segment_char(s[run]))
        run++;
    if (run == j)
        return i;
    return run;
}

/* A word of dotted segments starting at `start`. Returns its end. */
static size_t scan_word(const fl_lexer *lexer, size_t start, bool *pattern, bool *dotted)
{
    const char *s = lexer->source;
    size_t i = scan_segment(lexer, start);
    *pattern = s[start] == '*' || s[start] == '$';
    *dotted = false;
    while (i + 1 < lexer->length && s[i] == '.') {
        size_t next = scan_segment(lexer, i + 1);
        if (next == i + 1)
            break;
        if (s[i + 1] == '*' || s[i + 1] == '$')
            *pattern = true;
        *dotted = true;
        i = next;
    }
    return i;
}

static bool is_number_word(const char *s, size_t length)
{
    size_t i = 0;
    while (i < length && is_digit(s[i]))
        i++;
    if (i == 0)
        return false;
    if (i == length)
        return true;
    if (s[i] != '.' || i + 1 == length)
        return false;
    for (i++; i < length; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static fl_value number_value(fl_lexer *lexer, size_t offset, size_t length)
{
    const char *s = lexer->source + offset;
    int64_t coefficient = 0;
    int exponent = 0, digits = 0;
    bool fraction = false;
    for (size_t i = 0; i < length; i++) {
        if (s[i] == '.') {
            fraction = true;
            continue;
        }
        if (coefficient == 0 && s[i] == '0' && !fraction)
            continue;
        if (++digits > 18) {
            error_at(lexer, offset, length, "number has more than 18 digits");
            return fl_value_int(0);
        }
        coefficient = coefficient * 10 + (s[i] - '0');
        if (fraction)
            exponent--;
    }
    return fl_value_decimal(coefficient, exponent);
}

static fl_token_kind keyword(const char *s, size_t length)
{
    static const struct {
        const char *word;
        fl_token_kind kind;
    } keywords[] = {
        {"and", FL_TOKEN_AND}, {"or", FL_TOKEN_OR},
        {"not", FL_TOKEN_NOT}, {"within", FL_TOKEN_WITHIN},
    };
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i].word) == length && memcmp(keywords[i].word, s, length) == 0)
            return keywords[i].kind;
    return FL_TOKEN_NAME;
}

static size_t scan_string(fl_lexer *lexer, size_t start)
{
    const char *s = lexer->source;
    size_t i = start + 1;
    while (i < lexer->length && s[i] != '"' && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < lexer->length && s[i + 1] != '\n')
            i++;
        i++;
    }
    if (i >= lexer->length || s[i] != '"') {
        error_at(lexer, start, i - start,
                 "unterminated string (strings end on the line they start)");
        return i;
    }
    return i + 1;
}

fl_token fl_lexer_next(fl_lexer *lexer)
{
    const char *s = lexer->source;
    for (;;) {
        size_t i = lexer->position;
        while (i < lexer->length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i < lexer->length && s[i] == '#') {
            while (i < lexer->length && s[i] != '\n')
                i++;
            lexer->position = i;
            continue;
        }
        lexer->position = i;
        fl_token token = {.kind = FL_TOKEN_END, .offset = i, .length = 0};
        if (i >= lexer->length)
            return token;

        char c = s[i];
        char next = i + 1 < lexer->length ? s[i + 1] : '\0';
        bool starts_word = is_segment_char(c) && c != '-';
        bool starts_pattern = (c == '$' && is_segment_char(next)) ||
                              (c == '*' && (next == '.' || (next == '*' && i + 2 < lexer->length &&
                                                            s[i + 2] == '.')));
        if (starts_word || starts_pattern) {
            bool pattern, dotted;
            size_t end = scan_word(lexer, i, &pattern, &dotted);
            token.length = end - i;
            if (is_number_word(s + i, token.length)) {
                token.kind = FL_TOKEN_NUMBER;
                token.number = number_value(lexer, i, token.length);
            } else if (pattern || dotted || is_digit(c)) {
                token.kind = FL_TOKEN_PATH;
            } else {
                token.kind = keyword(s + i, token.length);
            }
            lexer->position = end;
            return token;
        }

        token.length = 1;
        switch (c) {
        case '"':
            token.kind = FL_TOKEN_STRING;
            token.length = scan_string(lexer, i) - i;
            break;
        case '{': token.kind = FL_TOKEN_LBRACE; break;
        case '}': token.kind = FL_TOKEN_RBRACE; break;
        case '(': token.kind = FL_TOKEN_LPAREN; break;
        case ')': token.kind = FL_TOKEN_RPAREN; break;
        case ',': token.kind = FL_TOKEN_COMMA; break;
        case '+': token.kind = FL_TOKEN_PLUS; break;
        case '-': token.kind = FL_TOKEN_MINUS; break;
        case '/': token.kind = FL_TOKEN_SLASH; break;
        case '%': token.kind = FL_TOKEN_PERCENT; break;
        case '*':
            token.kind = next == '*' ? FL_TOKEN_STARSTAR : FL_TOKEN_STAR;
            token.length = next == '*' ? 2 : 1;
            break;
        case '<':
        case '>':
            token.kind = c == '<' ? (next == '=' ? FL_TOKEN_LE : FL_TOKEN_LT)
                                  : (next == '=' ? FL_TOKEN_GE : FL_TOKEN_GT);
            token.length = next == '=' ? 2 : 1;
            break;
        case '=':
            token.kind = FL_TOKEN_EQ;
            if (next == '=')
                token.length = 2;
            else
                error_at(lexer, i, 1, "'=' is not an operator: compare with '=='");
            break;
        case '!':
            if (next == '=') {
                token.kind = FL_TOKEN_NE;
                token.length = 2;
                break;
            }
            error_at(lexer, i, 1, "'!' is not an operator: use 'not' or '!='");
            lexer->position = i + 1;
            continue;
        case '&':
        case '|': {
            size_t length = next == c ? 2 : 1;
            error_at(lexer, i, length, c == '&' ? "'&&' is not an operator: use 'and'"
                                                : "'||' is not an operator: use 'or'");
            token.kind = c == '&' ? FL_TOKEN_AND : FL_TOKEN_OR;
            token.length = length;
            break;
        }
        default: {
            uint32_t length = 1;
            while (i + length < lexer->length && ((unsigned char)s[i + length] & 0xC0) == 0x80)
                length++;
            fl_diagnostics_add(lexer->diagnostics, lexer->file, lexer->whole,
                               lexer->whole_length, i, length, "unexpected character '%.*s'",
                               (int)length, s + i);
            lexer->position = i + length;
            continue;
        }
        }
        lexer->position = i + token.length;
        return token;
    }
}
