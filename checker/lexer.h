/*
 * lexer.h — tokens of the rules language (docs/rules.md).
 *
 * Hand-written and allocation-free: a token is a span of the source plus, for
 * numbers, its value. A word made of key segments is a NAME when it is one plain
 * segment ("total", "check", "rule-id"), a NUMBER when it is digits with an optional
 * fraction ("2418", "0.5"), and otherwise a PATH ("arrests.$p.total", "a.*", "**.x").
 * Because keys may hold '-', subtraction needs spaces around it: "a - b", not "a-b".
 * Lexical errors go to the diagnostics and the lexer goes on after them.
 */
#ifndef FL_LEXER_H
#define FL_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "value.h"

/* ORDER TOKEN: keep in step with token_names in lexer.c. */
typedef enum fl_token_kind {
    FL_TOKEN_END,
    FL_TOKEN_NAME,
    FL_TOKEN_PATH,
    FL_TOKEN_NUMBER,
    FL_TOKEN_STRING,
    FL_TOKEN_LBRACE,
    FL_TOKEN_RBRACE,
    FL_TOKEN_LPAREN,
    FL_TOKEN_RPAREN,
    FL_TOKEN_COMMA,
    FL_TOKEN_PLUS,
    FL_TOKEN_MINUS,
    FL_TOKEN_STAR,
    FL_TOKEN_STARSTAR,
    FL_TOKEN_SLASH,
    FL_TOKEN_PERCENT,
    FL_TOKEN_EQ,
    FL_TOKEN_NE,
    FL_TOKEN_LT,
    FL_TOKEN_LE,
    FL_TOKEN_GT,
    FL_TOKEN_GE,
    FL_TOKEN_AND,
    FL_TOKEN_OR,
    FL_TOKEN_NOT,
    FL_TOKEN_WITHIN,
} fl_token_kind;

typedef struct fl_token {
    fl_token_kind kind;
    size_t offset, length; /* bytes of the source */
    fl_value number;       /* FL_TOKEN_NUMBER */
} fl_token;

typedef struct fl_lexer {
    const char *file;
    const char *source;
    size_t length;  /* the lexer reads source[start, length) */
    size_t position;
    fl_diagnostics *diagnostics;
    const char *whole;      /* the whole file, for diagnostics */
    size_t whole_length;
} fl_lexer;

/* Lexes source[start, end) of a file whose whole text is `source[0, whole_length)`:
 * the parser uses a sub-range for the {holes} of message strings. */
void fl_lexer_init(fl_lexer *lexer, const char *file, const char *source, size_t whole_length,
                   size_t start, size_t end, fl_diagnostics *diagnostics);
fl_token fl_lexer_next(fl_lexer *lexer);

/* For messages: "'{'", "a number", "end of file". */
const char *fl_token_name(fl_token_kind kind);

#endif
