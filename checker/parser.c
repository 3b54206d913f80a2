#include "parser.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "lexer.h"
#include "utf8.h"

enum {
    PRIORITY_OR = 1,
    PRIORITY_AND = 2,
    PRIORITY_NOT = 3,
    PRIORITY_COMPARE = 4,
    PRIORITY_ADD = 5,
    PRIORITY_MULTIPLY = 6,
    PRIORITY_UNARY = 7,
};

typedef struct parser {
    fl_ruleset *rules;
    fl_arena *arena;
    const char *file;
    const char *text;
    size_t length;
    fl_diagnostics *diagnostics;
    fl_lexer lexer;
    fl_token token;
    fl_token previous; /* the token just consumed */
    int depth;
    /* Set when nesting overflows: every parse function returns at once and the
     * field is skipped, rather than reporting one error per level. */
    bool abandon;
    int aggregate_depth;
    /* Capture names of the rule being parsed. */
    const char **captures;
    size_t capture_count, capture_capacity;
} parser;

static void advance(parser *p)
{
    p->previous = p->token;
    p->token = fl_lexer_next(&p->lexer);
}

static void error_at(parser *p, size_t offset, size_t length, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(parser *p, size_t offset, size_t length, const char *format, ...)
{
    fl_buffer message = FL_BUFFER_INIT;
    va_list args;
    va_start(args, format);
    fl_buffer_vprintf(&message, format, args);
    va_end(args);
    fl_diagnostics_add(p->diagnostics, p->file, p->text, p->length, offset, length, "%s",
                       fl_buffer_cstr(&message));
    fl_buffer_free(&message);
}

/* How the current token reads in a message: 'chek', '}' or "end of file". */
static void describe_token(const parser *p, const fl_token *token, fl_buffer *out)
{
    switch (token->kind) {
    case FL_TOKEN_NAME:
    case FL_TOKEN_PATH:
    case FL_TOKEN_NUMBER:
        fl_buffer_printf(out, "'%.*s'", (int)token->length, p->text + token->offset);
        break;
    default:
        fl_buffer_append_string(out, fl_token_name(token->kind));
    }
}

static void error_expected(parser *p, const char *expected)
{
    fl_buffer found = FL_BUFFER_INIT;
    describe_token(p, &p->token, &found);
    error_at(p, p->token.offset, p->token.length, "expected %s, found %s", expected,
             fl_buffer_cstr(&found));
    fl_buffer_free(&found);
}

static bool token_is(const parser *p, const char *word)
{
    return p->token.kind == FL_TOKEN_NAME && strlen(word) == p->token.length &&
           memcmp(p->text + p->token.offset, word, p->token.length) == 0;
}

static char *token_text(parser *p, const fl_token *token)
{
    return fl_arena_strndup(p->arena, p->text + token->offset, token->length);
}

static void line_column(const parser *p, size_t offset, unsigned *line, unsigned *column)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset && i < p->length; i++) {
        if (p->text[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    }
    *column = (unsigned)fl_utf8_count(p->text + start, offset - start) + 1;
}

static fl_expr *new_expr(parser *p, fl_expr_kind kind, size_t offset, size_t length)
{
    fl_expr *expr = fl_arena_alloc(p->arena, sizeof *expr);
    expr->kind = kind;
    expr->offset = offset;
    expr->length = length;
    return expr;
}

static bool enter_level(parser *p)
{
    if (p->abandon)
        return false;
    /* The outermost expression is not nested: it takes level 0. */
    if (++p->depth > FL_PARSER_MAX_DEPTH + 1) {
        /* The culprit is what opened this level: a '(', a '-' or a 'not'. */
        error_at(p, p->previous.offset, p->previous.length,
                 "expression nested more than %d levels deep", FL_PARSER_MAX_DEPTH);
        p->abandon = true;
        p->depth--;
        return false;
    }
    return true;
}

static void leave_level(parser *p)
{
    p->depth--;
}

/* ---- expressions ---- */

static fl_expr *subexpr(parser *p, int limit);

static size_t capture_index(parser *p, const char *name, size_t length)
{
    for (size_t i = 0; i < p->capture_count; i++)
        if (strlen(p->captures[i]) == length && memcmp(p->captures[i], name, length) == 0)
            return i;
    p->captures = fl_xgrow(p->captures, &p->capture_capacity, p->capture_count + 1,
                           sizeof *p->captures);
    p->captures[p->capture_count] = fl_arena_strndup(p->arena, name, length);
    return p->capture_count++;
}

/* reference -> segment { '.' segment } ; segment -> NAME | '*' | '**' | '$' NAME
 * Built from `token`, which the caller has consumed. */
static fl_expr *reference_from(parser *p, fl_token token)
{
    const char *text = p->text + token.offset;
    size_t count = 1;
    for (size_t i = 0; i < token.length; i++)
        count += text[i] == '.';
    fl_segment *segments = fl_arena_alloc(p->arena, count * sizeof *segments);
    fl_expr *expr = new_expr(p, FL_EXPR_REF, token.offset, token.length);
    size_t start = 0, n = 0;
    for (size_t i = 0; i <= token.length; i++) {
        if (i < token.length && text[i] != '.')
            continue;
        fl_segment *segment = &segments[n++];
        segment->text = text + start;
        segment->length = i - start;
        if (segment->length == 2 && memcmp(segment->text, "**", 2) == 0) {
            segment->kind = FL_SEGMENT_ANY_PATH;
            expr->as.ref.wildcard = true;
        } else if (segment->length == 1 && segment->text[0] == '*') {
            segment->kind = FL_SEGMENT_ANY;
            expr->as.ref.wildcard = true;
        } else if (segment->text[0] == '$') {
            segment->kind = FL_SEGMENT_CAPTURE;
            segment->text++;
            segment->length--;
            segment->capture = capture_index(p, segment->text, segment->length);
        } else {
            segment->kind = FL_SEGMENT_LITERAL;
            segment->hash = fl_segment_hash(segment->text, segment->length);
        }
        start = i + 1;
    }
    expr->as.ref.segments = segments;
    expr->as.ref.count = count;
    if (expr->as.ref.wildcard && p->aggregate_depth == 0)
        error_at(p, token.offset, token.length,
                 "wildcard in '%.*s' outside an aggregate: patterns with '*' or '**' go "
                 "inside sum(), count(), min(), max(), avg() or exists()",
                 (int)token.length, text);
    return expr;
}

static fl_expr *reference(parser *p)
{
    fl_token token = p->token;
    advance(p);
    return reference_from(p, token);
}

/* A lone '*' or '**' argument: every key of one segment, or every key. */
static fl_expr *lone_wildcard(parser *p)
{
    fl_segment *segment = fl_arena_alloc(p->arena, sizeof *segment);
    segment->kind = p->token.kind == FL_TOKEN_STAR ? FL_SEGMENT_ANY : FL_SEGMENT_ANY_PATH;
    segment->text = p->text + p->token.offset;
    segment->length = p->token.length;
    fl_expr *expr = new_expr(p, FL_EXPR_REF, p->token.offset, p->token.length);
    expr->as.ref.segments = segment;
    expr->as.ref.count = 1;
    expr->as.ref.wildcard = true;
    advance(p);
    return expr;
}

static bool expect_kind(parser *p, const fl_expr *expr, bool boolean)
{
    if (!expr || expr->boolean == boolean)
        return expr != NULL;
    if (boolean)
        error_at(p, expr->offset, expr->length,
                 "expected a condition here (a comparison, exists(), 'and', 'or' or 'not'), "
                 "but this is a number");
    else
        error_at(p, expr->offset, expr->length,
                 "expected a number here, but this is a condition");
    return false;
}

/* call -> NAME '(' [ argument { ',' argument } ] ')'
 * argument -> reference | '*' | '**'   (aggregates)  |  expr   (abs, pct) */
static fl_expr *call(parser *p, const fl_token *name)
{
    fl_function function;
    size_t open = p->token.offset;
    if (!fl_function_from_name(p->text + name->offset, name->length, &function)) {
        error_at(p, name->offset, name->length,
                 "unknown function '%.*s' (expected sum, count, min, max, avg, abs, exists or "
                 "pct)",
                 (int)name->length, p->text + name->offset);
        int depth = 0;
        do {
            depth += p->token.kind == FL_TOKEN_LPAREN;
            depth -= p->token.kind == FL_TOKEN_RPAREN;
            advance(p);
        } while (depth > 0 && p->token.kind != FL_TOKEN_END);
        return NULL;
    }
    advance(p);
    bool aggregate = fl_function_is_aggregate(function);
    fl_expr **args = NULL;
    size_t count = 0, capacity = 0;
    bool ok = true;
    if (aggregate)
        p->aggregate_depth++;
    if (p->token.kind != FL_TOKEN_RPAREN) {
        for (;;) {
            fl_expr *arg = NULL;
            if (aggregate) {
                if (p->token.kind == FL_TOKEN_PATH || p->token.kind == FL_TOKEN_NAME)
                    arg = reference(p);
                else if (p->token.kind == FL_TOKEN_STAR || p->token.kind == FL_TOKEN_STARSTAR)
                    arg = lone_wildcard(p);
                else
                    error_expected(p, "a figure reference or pattern");
            } else {
                arg = subexpr(p, 0);
                if (!expect_kind(p, arg, false))
                    arg = NULL;
            }
            if (!arg) {
                ok = false;
                break;
            }
            args = fl_xgrow(args, &capacity, count + 1, sizeof *args);
            args[count++] = arg;
            if (p->token.kind != FL_TOKEN_COMMA)
                break;
            advance(p);
        }
    }
    if (aggregate)
        p->aggregate_depth--;
    fl_expr *expr = NULL;
    if (ok && p->token.kind != FL_TOKEN_RPAREN) {
        unsigned line, column;
        line_column(p, open, &line, &column);
        char expected[64];
        snprintf(expected, sizeof expected, "')' (to close '(' at line %u, column %u)", line,
                 column);
        error_expected(p, expected);
        ok = false;
    }
    if (ok) {
        size_t wanted_min = function == FL_FUNCTION_PCT ? 2 : 1;
        size_t wanted_max = aggregate ? SIZE_MAX : wanted_min;
        if (count < wanted_min || count > wanted_max) {
            error_at(p, name->offset, p->token.offset + 1 - name->offset,
                     function == FL_FUNCTION_PCT ? "pct() takes two arguments, pct(part, whole)"
                     : aggregate ? "%s() takes at least one figure reference or pattern"
                                 : "%s() takes one argument",
                     fl_function_name(function));
        } else {
            expr = new_expr(p, FL_EXPR_CALL, name->offset, p->token.offset + 1 - name->offset);
            expr->as.call.function = function;
            expr->as.call.args = fl_arena_alloc(p->arena, count * sizeof *args);
            memcpy(expr->as.call.args, args, count * sizeof *args);
            expr->as.call.count = count;
            expr->boolean = function == FL_FUNCTION_EXISTS;
        }
        advance(p);
    }
    free(args);
    return expr;
}

/* primary -> NUMBER | reference | call | '(' expr ')' */
static fl_expr *primary(parser *p)
{
    switch (p->token.kind) {
    case FL_TOKEN_NUMBER: {
        fl_expr *expr = new_expr(p, FL_EXPR_NUMBER, p->token.offset, p->token.length);
        expr->as.number.value = p->token.number;
        advance(p);
        /* "100%": a percentage, to compare with figures written in percent. */
        if (p->token.kind == FL_TOKEN_PERCENT) {
            expr->as.number.unit = fl_unit_percent();
            expr->length = p->token.offset + 1 - expr->offset;
            advance(p);
        }
        return expr;
    }
    case FL_TOKEN_PATH:
        return reference(p);
    case FL_TOKEN_NAME: {
        fl_token name = p->token;
        advance(p);
        if (p->token.kind == FL_TOKEN_LPAREN)
            return call(p, &name);
        return reference_from(p, name);
    }
    case FL_TOKEN_LPAREN: {
        size_t open = p->token.offset;
        advance(p);
        fl_expr *inner = subexpr(p, 0);
        if (!inner)
            return NULL;
        if (p->token.kind != FL_TOKEN_RPAREN) {
            unsigned line, column;
            line_column(p, open, &line, &column);
            char expected[64];
            snprintf(expected, sizeof expected, "')' (to close '(' at line %u, column %u)",
                     line, column);
            error_expected(p, expected);
            return NULL;
        }
        /* The parentheses belong to the span, so that carets cover them. */
        inner->offset = open;
        inner->length = p->token.offset + 1 - open;
        advance(p);
        return inner;
    }
    case FL_TOKEN_STAR:
    case FL_TOKEN_STARSTAR:
        error_at(p, p->token.offset, p->token.length,
                 "wildcard '%s' outside an aggregate: patterns go inside sum(), count(), "
                 "min(), max(), avg() or exists()",
                 p->token.kind == FL_TOKEN_STAR ? "*" : "**");
        return NULL;
    default:
        error_expected(p, "a number, a figure reference, a function or '('");
        return NULL;
    }
}

static int binary_priority(fl_token_kind kind)
{
    switch (kind) {
    case FL_TOKEN_OR:
        return PRIORITY_OR;
    case FL_TOKEN_AND:
        return PRIORITY_AND;
    case FL_TOKEN_EQ:
    case FL_TOKEN_NE:
    case FL_TOKEN_LT:
    case FL_TOKEN_LE:
    case FL_TOKEN_GT:
    case FL_TOKEN_GE:
        return PRIORITY_COMPARE;
    case FL_TOKEN_PLUS:
    case FL_TOKEN_MINUS:
        return PRIORITY_ADD;
    case FL_TOKEN_STAR:
    case FL_TOKEN_SLASH:
        return PRIORITY_MULTIPLY;
    default:
        return 0;
    }
}

static fl_expr *comparison(parser *p, const fl_token *op, fl_expr *left, fl_expr *right)
{
    if (left->kind == FL_EXPR_COMPARE && left->offset + left->length <= op->offset &&
        p->text[left->offset] != '(') {
        error_at(p, op->offset, op->length, "comparisons do not chain: write 'a < b and b < c'");
        return NULL;
    }
    fl_expr *expr = new_expr(p, FL_EXPR_COMPARE, left->offset,
                             right->offset + right->length - left->offset);
    expr->boolean = true;
    expr->as.binary.left = left;
    expr->as.binary.right = right;
    expr->as.binary.op = op->kind == FL_TOKEN_EQ   ? FL_CMP_EQ
                         : op->kind == FL_TOKEN_NE ? FL_CMP_NE
                         : op->kind == FL_TOKEN_LT ? FL_CMP_LT
                         : op->kind == FL_TOKEN_LE ? FL_CMP_LE
                         : op->kind == FL_TOKEN_GT ? FL_CMP_GT
                                                   : FL_CMP_GE;
    bool left_ok = expect_kind(p, left, false);
    bool right_ok = expect_kind(p, right, false);
    return left_ok && right_ok ? expr : NULL;
}

/* A chain being read: operands joined by operators of one class (+ -, * /, and, or),
 * kept in growable arrays until the chain ends and moves into the arena. */
typedef struct chain {
    fl_expr_kind kind;
    int priority;        /* of its operators; 0 while no chain is open */
    fl_expr **operands;
    unsigned char *ops;
    size_t count, capacity, ops_capacity;
} chain;

static fl_arithmetic_op arithmetic_op(fl_token_kind kind)
{
    return kind == FL_TOKEN_PLUS    ? FL_ADD
           : kind == FL_TOKEN_MINUS ? FL_SUBTRACT
           : kind == FL_TOKEN_STAR  ? FL_MULTIPLY
                                    : FL_DIVIDE;
}

static void chain_push(chain *c, fl_expr *operand, unsigned char op)
{
    c->operands = fl_xgrow(c->operands, &c->capacity, c->count + 1, sizeof *c->operands);
    c->ops = fl_xgrow(c->ops, &c->ops_capacity, c->count + 1, sizeof *c->ops);
    c->operands[c->count] = operand;
    c->ops[c->count++] = op;
}

/* The open chain as one node, or NULL when an operand is of the wrong kind. */
static fl_expr *chain_close(parser *p, chain *c)
{
    bool boolean = c->kind != FL_EXPR_ARITHMETIC, ok = true;
    for (size_t i = 0; i < c->count; i++)
        ok = expect_kind(p, c->operands[i], boolean) && ok;
    fl_expr *first = c->operands[0], *last = c->operands[c->count - 1];
    fl_expr *expr = NULL;
    if (ok) {
        expr = new_expr(p, c->kind, first->offset, last->offset + last->length - first->offset);
        expr->boolean = boolean;
        expr->as.chain.count = c->count;
        expr->as.chain.operands = fl_arena_alloc(p->arena, c->count * sizeof *c->operands);
        memcpy(expr->as.chain.operands, c->operands, c->count * sizeof *c->operands);
        if (!boolean) {
            unsigned char *ops = fl_arena_alloc(p->arena, c->count);
            memcpy(ops, c->ops, c->count);
            expr->as.chain.ops = ops;
        }
    }
    c->count = 0;
    c->priority = 0;
    return expr;
}

/* subexpr -> ( 'not' subexpr | '-' subexpr | primary ) { binop subexpr }
 * where binop is any binary operator binding tighter than `limit`. Priorities, loose
 * to tight: or, and, not, comparison, + -, * /, unary -. Operators of one priority
 * other than comparisons make one chain node, read here in a loop. */
static fl_expr *subexpr(parser *p, int limit)
{
    if (!enter_level(p))
        return NULL;
    fl_expr *left;
    if (p->token.kind == FL_TOKEN_NOT || p->token.kind == FL_TOKEN_MINUS) {
        fl_token op = p->token;
        advance(p);
        bool negate = op.kind == FL_TOKEN_MINUS;
        fl_expr *operand = subexpr(p, negate ? PRIORITY_UNARY : PRIORITY_NOT);
        left = NULL;
        if (expect_kind(p, operand, !negate)) {
            left = new_expr(p, negate ? FL_EXPR_NEGATE : FL_EXPR_NOT, op.offset,
                            operand->offset + operand->length - op.offset);
            left->as.unary.operand = operand;
            left->boolean = !negate;
        }
    } else {
        left = primary(p);
    }
    chain open = {0};
    int priority;
    while (left && (priority = binary_priority(p->token.kind)) > limit) {
        fl_token op = p->token;
        advance(p);
        fl_expr *right = subexpr(p, priority);
        if (!right) {
            left = NULL;
            break;
        }
        if (priority == PRIORITY_COMPARE) {
            if (open.priority)
                left = chain_close(p, &open);
            left = left ? comparison(p, &op, left, right) : NULL;
            continue;
        }
        if (open.priority != priority) {
            if (open.priority && !(left = chain_close(p, &open)))
                break;
            open.priority = priority;
            open.kind = priority == PRIORITY_OR    ? FL_EXPR_OR
                        : priority == PRIORITY_AND ? FL_EXPR_AND
                                                   : FL_EXPR_ARITHMETIC;
            chain_push(&open, left, (unsigned char)(priority == PRIORITY_ADD ? FL_ADD
                                                                            : FL_MULTIPLY));
        }
        chain_push(&open, right, (unsigned char)arithmetic_op(op.kind));
    }
    if (left && open.priority)
        left = chain_close(p, &open);
    free(open.operands);
    free(open.ops);
    leave_level(p);
    return left;
}

/* ---- strings and messages ---- */

static const char *escape_value(char escaped)
{
    switch (escaped) {
    case 'n':
        return "\n";
    case 't':
        return "\t";
    case '"':
        return "\"";
    case '\\':
        return "\\";
    default:
        return NULL;
    }
}

/* Decodes the string token's escapes into `out`. false for a broken string (the
 * lexer has reported it already) or an unknown escape. */
static bool string_value(parser *p, const fl_token *token, fl_buffer *out)
{
    fl_buffer_clear(out);
    const char *s = p->text + token->offset;
    if (token->length < 2 || s[token->length - 1] != '"')
        return false;
    for (size_t i = 1; i + 1 < token->length; i++) {
        if (s[i] != '\\') {
            fl_buffer_append_char(out, s[i]);
            continue;
        }
        char escaped = s[++i];
        const char *decoded = escape_value(escaped);
        if (!decoded) {
            error_at(p, token->offset + i - 1, 2,
                     "unknown escape '\\%c' (strings know \\\", \\\\, \\n and \\t)", escaped);
            return false;
        }
        fl_buffer_append_string(out, decoded);
    }
    return true;
}

/* Parses the expression in source[start, end) of a message hole. */
static fl_expr *hole(parser *p, size_t start, size_t end)
{
    fl_lexer saved_lexer = p->lexer;
    fl_token saved_token = p->token;
    fl_lexer_init(&p->lexer, p->file, p->text, p->length, start, end, p->diagnostics);
    advance(p);
    fl_expr *expr = NULL;
    if (p->token.kind == FL_TOKEN_END) {
        error_at(p, start - 1, end - start + 2, "empty {} in a message (write {{ for a brace)");
    } else {
        expr = subexpr(p, 0);
        if (expr && p->token.kind != FL_TOKEN_END) {
            error_expected(p, "'}' closing the message hole");
            expr = NULL;
        }
    }
    p->abandon = false;
    p->lexer = saved_lexer;
    p->token = saved_token;
    return expr;
}

/* message -> STRING, holding text and {expr} holes; {{ and }} stand for braces. */
static bool message(parser *p, fl_rule *rule)
{
    const fl_token token = p->token;
    const char *s = p->text + token.offset;
    if (token.length < 2 || s[token.length - 1] != '"')
        return false;
    fl_message_part *parts = NULL;
    size_t count = 0, capacity = 0;
    fl_buffer literal = FL_BUFFER_INIT;
    bool ok = true;
    size_t i = 1, end = token.length - 1;
    while (i < end) {
        char c = s[i];
        if (c == '\\') {
            char escaped = i + 1 < end ? s[i + 1] : '\\';
            const char *decoded = escape_value(escaped);
            if (!decoded) {
                error_at(p, token.offset + i, 2,
                         "unknown escape '\\%c' (strings know \\\", \\\\, \\n and \\t)",
                         escaped);
                ok = false;
            } else {
                fl_buffer_append_string(&literal, decoded);
            }
            i += 2;
            continue;
        }
        if ((c == '{' || c == '}') && i + 1 < end && s[i + 1] == c) {
            fl_buffer_append_char(&literal, c);
            i += 2;
            continue;
        }
        if (c == '}') {
            error_at(p, token.offset + i, 1, "unmatched '}' in a message (write }} for a brace)");
            ok = false;
            i++;
            continue;
        }
        if (c != '{') {
            fl_buffer_append_char(&literal, c);
            i++;
            continue;
        }
        const char *close = memchr(s + i + 1, '}', end - i - 1);
        if (!close) {
            error_at(p, token.offset + i, 1,
                     "'{' in a message is never closed (write {{ for a brace)");
            ok = false;
            break;
        }
        size_t close_at = (size_t)(close - s);
        parts = fl_xgrow(parts, &capacity, count + 2, sizeof *parts);
        if (literal.length) {
            parts[count++] = (fl_message_part){fl_arena_strdup(p->arena, literal.data), NULL};
            fl_buffer_clear(&literal);
        }
        fl_expr *expr = hole(p, token.offset + i + 1, token.offset + close_at);
        if (expr)
            parts[count++] = (fl_message_part){NULL, expr};
        else
            ok = false;
        i = close_at + 1;
    }
    if (literal.length) {
        parts = fl_xgrow(parts, &capacity, count + 1, sizeof *parts);
        parts[count++] = (fl_message_part){fl_arena_strdup(p->arena, literal.data), NULL};
    }
    if (ok) {
        rule->message = fl_arena_alloc(p->arena, (count ? count : 1) * sizeof *parts);
        if (count)
            memcpy(rule->message, parts, count * sizeof *parts);
        rule->message_count = count;
    }
    free(parts);
    fl_buffer_free(&literal);
    return ok;
}

/* ---- rules, names blocks, settings ---- */

static bool is_rule_field(const parser *p)
{
    return token_is(p, "check") || token_is(p, "severity") || token_is(p, "description") ||
           token_is(p, "message") || token_is(p, "when");
}

static bool is_names_field(const parser *p)
{
    return token_is(p, "name") || token_is(p, "list") || token_is(p, "severity") ||
           token_is(p, "max-distance") || token_is(p, "description") || token_is(p, "accept");
}

static bool is_item_start(const parser *p)
{
    return token_is(p, "rule") || token_is(p, "names") || token_is(p, "settings");
}

/* After an error inside a block: skip to the next field, or to the block's '}'. */
static void skip_to_field(parser *p, bool (*is_field)(const parser *))
{
    int depth = 0;
    p->abandon = false;
    p->depth = 0;
    while (p->token.kind != FL_TOKEN_END) {
        if (p->token.kind == FL_TOKEN_LBRACE) {
            depth++;
        } else if (p->token.kind == FL_TOKEN_RBRACE) {
            if (depth == 0)
                return;
            depth--;
        } else if (depth == 0 && (is_field(p) || is_item_start(p))) {
            return;
        }
        advance(p);
    }
}

/* After an error at the top level: skip to the next rule, names or settings. */
static void skip_to_item(parser *p)
{
    int depth = 0;
    while (p->token.kind != FL_TOKEN_END) {
        if (p->token.kind == FL_TOKEN_LBRACE)
            depth++;
        else if (p->token.kind == FL_TOKEN_RBRACE && depth > 0)
            depth--;
        else if (depth == 0 && is_item_start(p))
            return;
        advance(p);
    }
}

static bool severity_value(parser *p, fl_severity *severity)
{
    if (p->token.kind == FL_TOKEN_NAME) {
        char *word = token_text(p, &p->token);
        if (fl_severity_from_name(word, severity)) {
            advance(p);
            return true;
        }
    }
    error_expected(p, "a severity (error, warning or note)");
    return false;
}

static const char *string_field(parser *p, fl_buffer *scratch)
{
    if (p->token.kind != FL_TOKEN_STRING) {
        error_expected(p, "a string in double quotes");
        return NULL;
    }
    bool ok = string_value(p, &p->token, scratch);
    advance(p);
    return ok ? fl_arena_strdup(p->arena, fl_buffer_cstr(scratch)) : NULL;
}

/* A field given twice: the first stands, the second is an error. */
static bool once(parser *p, const fl_token *field, size_t *seen_at)
{
    if (*seen_at == SIZE_MAX) {
        *seen_at = field->offset;
        return true;
    }
    unsigned line, column;
    line_column(p, *seen_at, &line, &column);
    error_at(p, field->offset, field->length, "'%.*s' given twice (first at line %u)",
             (int)field->length, p->text + field->offset, line);
    return false;
}

typedef struct capture_use {
    const bool *bound;
    parser *p;
    const char *where;
} capture_use;

static void mark_binds(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    bool *binds = context;
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_CAPTURE)
            binds[ref->as.ref.segments[i].capture] = true;
}

static void check_bound(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    capture_use *use = context;
    for (size_t i = 0; i < ref->as.ref.count; i++) {
        const fl_segment *segment = &ref->as.ref.segments[i];
        if (segment->kind == FL_SEGMENT_CAPTURE && !use->bound[segment->capture])
            error_at(use->p, ref->offset, ref->length,
                     "$%s in %s is bound by no check of this rule (a capture takes its values "
                     "from the figures a check refers to)",
                     use->p->captures[segment->capture], use->where);
    }
}

static void add_rule(parser *p, fl_rule *rule, fl_check *checks, size_t check_count)
{
    rule->captures = fl_arena_alloc(p->arena, (p->capture_count + 1) * sizeof *rule->captures);
    if (p->capture_count)
        memcpy(rule->captures, p->captures, p->capture_count * sizeof *rule->captures);
    rule->capture_count = p->capture_count;
    bool *bound = fl_arena_alloc(p->arena, p->capture_count + 1);
    for (size_t i = 0; i < check_count; i++) {
        checks[i].binds = fl_arena_alloc(p->arena, p->capture_count + 1);
        fl_expr_walk_refs(checks[i].expr, mark_binds, checks[i].binds);
        for (size_t c = 0; c < p->capture_count; c++)
            bound[c] |= checks[i].binds[c];
    }
    capture_use use = {bound, p, "'when'"};
    fl_expr_walk_refs(rule->when, check_bound, &use);
    use.where = "the message";
    for (size_t i = 0; i < rule->message_count; i++)
        fl_expr_walk_refs(rule->message[i].hole, check_bound, &use);
    rule->checks = fl_arena_alloc(p->arena, check_count * sizeof *checks);
    memcpy(rule->checks, checks, check_count * sizeof *checks);
    rule->check_count = check_count;
    fl_ruleset *rules = p->rules;
    rules->rules = fl_xgrow(rules->rules, &rules->rule_capacity, rules->rule_count + 1,
                            sizeof *rules->rules);
    fl_strmap_put(&rules->rule_ids, rule->id, strlen(rule->id), rules->rule_count);
    rules->rules[rules->rule_count++] = rule;
}

/* The id as the rule set knows it: NAMESPACE/ID in a named rule set. */
static char *qualified_id(parser *p, const fl_token *id)
{
    if (!p->rules->loading_namespace)
        return token_text(p, id);
    return fl_arena_printf(p->arena, "%s/%.*s", p->rules->loading_namespace, (int)id->length,
                           p->text + id->offset);
}

/* Reports a rule or names id that is already taken. A shipped rule yields to one of
 * the project's own without a word. */
static bool id_is_new(parser *p, const fl_token *id)
{
    char *name = qualified_id(p, id);
    const char *file = NULL;
    size_t offset = 0;
    fl_rule *rule = fl_ruleset_find_rule(p->rules, name);
    fl_names_block *names = fl_ruleset_find_names(p->rules, name);
    if (rule) {
        file = rule->file;
        offset = rule->offset;
    } else if (names) {
        file = names->file;
        offset = names->offset;
    } else {
        return true;
    }
    if (p->rules->loading_shipped)
        return false;
    fl_buffer where = FL_BUFFER_INIT;
    fl_ruleset_position(p->rules, file, offset, &where);
    error_at(p, id->offset, id->length, "duplicate rule id '%s' (first defined at %s)", name,
             fl_buffer_cstr(&where));
    fl_buffer_free(&where);
    return false;
}

/* An id is one plain key segment; "2024-arrests" lexes as a path and "2024" as a
 * number, but both are ids. */
static bool is_plain_id(const parser *p, const fl_token *token)
{
    if (token->kind == FL_TOKEN_NAME)
        return true;
    if (token->kind != FL_TOKEN_PATH && token->kind != FL_TOKEN_NUMBER)
        return false;
    for (size_t i = 0; i < token->length; i++) {
        char c = p->text[token->offset + i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Reads the block's opening brace after its id. */
static bool block_start(parser *p, const char *what, fl_token *id, size_t *open)
{
    advance(p);
    if (!is_plain_id(p, &p->token)) {
        if (p->token.kind == FL_TOKEN_PATH || p->token.kind == FL_TOKEN_NUMBER)
            error_at(p, p->token.offset, p->token.length,
                     "%s ids are made of letters, digits, '_' and '-'", what);
        else
            error_expected(p, what[0] == 'r' ? "a rule id after 'rule'"
                                             : "a block id after 'names'");
        skip_to_item(p);
        return false;
    }
    *id = p->token;
    advance(p);
    if (p->token.kind != FL_TOKEN_LBRACE) {
        error_expected(p, "'{'");
        skip_to_item(p);
        return false;
    }
    *open = p->token.offset;
    advance(p);
    return true;
}

/* Reads the block's closing brace; at the end of the file, says which '{' is open. */
static void block_end(parser *p, size_t open)
{
    if (p->token.kind == FL_TOKEN_RBRACE) {
        advance(p);
        return;
    }
    fl_buffer found = FL_BUFFER_INIT;
    describe_token(p, &p->token, &found);
    error_at(p, open, 1, "'{' is never closed (expected '}' before %s)",
             p->token.kind == FL_TOKEN_END ? "the end of the file" : fl_buffer_cstr(&found));
    fl_buffer_free(&found);
}

/* rule -> 'rule' NAME '{' { rule_field } '}'
 * rule_field -> 'check' expr [ 'within' NUMBER [ '%' ] ] | 'severity' SEVERITY
 *             | 'description' STRING | 'message' STRING | 'when' expr */
static void rule(parser *p)
{
    fl_token id;
    size_t open;
    if (!block_start(p, "rule", &id, &open))
        return;
    bool fresh = id_is_new(p, &id);
    fl_rule *rule = fl_arena_alloc(p->arena, sizeof *rule);
    rule->id = qualified_id(p, &id);
    rule->shipped = p->rules->loading_shipped;
    rule->file = p->file;
    rule->offset = id.offset;
    rule->severity = FL_SEVERITY_WARNING;
    rule->enabled = true;
    p->capture_count = 0;
    fl_check *checks = NULL;
    size_t check_count = 0, check_capacity = 0;
    size_t severity_at = SIZE_MAX, description_at = SIZE_MAX, message_at = SIZE_MAX,
           when_at = SIZE_MAX;
    size_t errors = p->diagnostics->count;
    fl_buffer scratch = FL_BUFFER_INIT;

    while (p->token.kind != FL_TOKEN_RBRACE && p->token.kind != FL_TOKEN_END) {
        size_t errors_before = p->diagnostics->count;
        fl_token field = p->token;
        if (token_is(p, "check")) {
            advance(p);
            fl_expr *expr = subexpr(p, 0);
            /* After another error in the field this would only be its echo. */
            if (expr && !expr->boolean && p->diagnostics->count == errors_before)
                error_at(p, expr->offset, expr->length,
                         "a check must be a condition, such as a comparison; this is a number");
            if (expr && !expr->boolean)
                expr = NULL;
            fl_check check = {.expr = expr, .offset = field.offset,
                              .tolerance = {.amount = fl_value_int(0)}};
            if (expr && p->token.kind == FL_TOKEN_WITHIN) {
                advance(p);
                if (p->token.kind != FL_TOKEN_NUMBER) {
                    error_expected(p, "a number after 'within' (such as 5 or 5%)");
                } else {
                    check.tolerance.amount = p->token.number;
                    advance(p);
                    if (p->token.kind == FL_TOKEN_PERCENT) {
                        check.tolerance.percent = true;
                        advance(p);
                    }
                }
            }
            if (expr) {
                checks = fl_xgrow(checks, &check_capacity, check_count + 1, sizeof *checks);
                checks[check_count++] = check;
            }
        } else if (token_is(p, "severity")) {
            advance(p);
            fl_severity severity;
            if (severity_value(p, &severity) && once(p, &field, &severity_at))
                rule->severity = severity;
        } else if (token_is(p, "description")) {
            advance(p);
            const char *text = string_field(p, &scratch);
            if (text && once(p, &field, &description_at))
                rule->description = text;
        } else if (token_is(p, "message")) {
            advance(p);
            if (p->token.kind != FL_TOKEN_STRING)
                error_expected(p, "a string in double quotes");
            else if (once(p, &field, &message_at))
                message(p, rule);
            if (p->token.kind == FL_TOKEN_STRING)
                advance(p);
        } else if (token_is(p, "when")) {
            advance(p);
            fl_expr *expr = subexpr(p, 0);
            if (expr && !expr->boolean) {
                if (p->diagnostics->count == errors_before)
                    error_at(p, expr->offset, expr->length,
                             "'when' needs a condition, such as a comparison; this is a number");
            } else if (expr && once(p, &field, &when_at))
                rule->when = expr;
        } else {
            fl_buffer found = FL_BUFFER_INIT;
            describe_token(p, &p->token, &found);
            if (p->token.kind == FL_TOKEN_NAME)
                error_at(p, p->token.offset, p->token.length,
                         "unknown field %s (expected check, severity, description, message or "
                         "when)",
                         fl_buffer_cstr(&found));
            else
                error_at(p, p->token.offset, p->token.length,
                         "expected a field (check, severity, description, message or when), "
                         "found %s",
                         fl_buffer_cstr(&found));
            fl_buffer_free(&found);
            advance(p);
        }
        if (p->diagnostics->count > errors_before || p->abandon)
            skip_to_field(p, is_rule_field);
        if (is_item_start(p) && !is_rule_field(p))
            break;
    }
    block_end(p, open);
    if (check_count == 0 && p->diagnostics->count == errors)
        error_at(p, id.offset, id.length, "rule '%s' has no check", rule->id);
    if (fresh && p->diagnostics->count == errors)
        add_rule(p, rule, checks, check_count);
    free(checks);
    fl_buffer_free(&scratch);
}

/* A names list file: one name a line, '#' comments, "Alias = Name" for aliases. */
static void names_list(parser *p, const fl_token *token, const char *path,
                       fl_listed_name **names, size_t *count, size_t *capacity)
{
    fl_buffer full = FL_BUFFER_INIT;
    const char *slash = strrchr(p->file, '/');
    if (path[0] != '/' && slash)
        fl_buffer_append(&full, p->file, (size_t)(slash - p->file) + 1);
    fl_buffer_append_string(&full, path);
    const char *list_path = fl_arena_strdup(p->arena, fl_buffer_cstr(&full));
    fl_buffer_free(&full);

    fl_buffer text = FL_BUFFER_INIT;
    if (!fl_file_read(list_path, &text)) {
        error_at(p, token->offset, token->length, "cannot read the names list %s: %s",
                 list_path, strerror(errno));
        fl_buffer_free(&text);
        return;
    }
    const char *s = fl_buffer_cstr(&text);
    size_t invalid = fl_utf8_invalid_offset(s, text.length);
    if (invalid < text.length) {
        error_at(p, token->offset, token->length,
                 "the names list %s is not valid UTF-8 (byte %zu)", list_path, invalid);
        fl_buffer_free(&text);
        return;
    }
    size_t start = 0, line = 0;
    if (text.length >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    while (start < text.length) {
        line++;
        const char *newline = memchr(s + start, '\n', text.length - start);
        size_t end = newline ? (size_t)(newline - s) : text.length;
        const char *entry = s + start;
        size_t length = end - start;
        start = end + 1;
        while (length && (entry[0] == ' ' || entry[0] == '\t')) {
            entry++;
            length--;
        }
        while (length && (entry[length - 1] == ' ' || entry[length - 1] == '\t' ||
                          entry[length - 1] == '\r'))
            length--;
        if (length == 0 || entry[0] == '#')
            continue;
        const char *equals = memchr(entry, '=', length);
        fl_listed_name listed = {.file = list_path, .offset = line};
        if (equals) {
            size_t alias_length = (size_t)(equals - entry), name_start = alias_length + 1;
            while (alias_length && entry[alias_length - 1] == ' ')
                alias_length--;
            while (name_start < length && entry[name_start] == ' ')
                name_start++;
            if (alias_length == 0 || name_start == length) {
                error_at(p, token->offset, token->length,
                         "%s:%zu: an alias line reads \"Alias = Name\", with both sides",
                         list_path, line);
                continue;
            }
            listed.alias = fl_arena_strndup(p->arena, entry, alias_length);
            listed.name = fl_arena_strndup(p->arena, entry + name_start, length - name_start);
        } else {
            listed.name = fl_arena_strndup(p->arena, entry, length);
        }
        *names = fl_xgrow(*names, capacity, *count + 1, sizeof **names);
        (*names)[(*count)++] = listed;
    }
    fl_buffer_free(&text);
}

/* accept -> 'accept' STRING [ 'in' STRING ]; the token at `field` is 'accept'. Returns
 * false after an error. */
static bool accept_field(parser *p, const fl_token *field, fl_buffer *scratch,
                         fl_accepted_spelling *accepted)
{
    fl_token at = p->token;
    const char *spelling = string_field(p, scratch);
    if (!spelling)
        return false;
    if (!*spelling) {
        error_at(p, at.offset, at.length, "an accepted spelling cannot be empty");
        return false;
    }
    unsigned column;
    *accepted = (fl_accepted_spelling){.spelling = spelling, .file = p->file};
    line_column(p, field->offset, &accepted->line, &column);
    if (!token_is(p, "in"))
        return true;
    advance(p);
    at = p->token;
    const char *documents = string_field(p, scratch);
    if (!documents)
        return false;
    if (!*documents) {
        error_at(p, at.offset, at.length,
                 "the documents of an accepted spelling cannot be empty (leave out 'in' to "
                 "accept it in every document)");
        return false;
    }
    accepted->documents = documents;
    return true;
}

/* names -> 'names' NAME '{' { names_field } '}'
 * names_field -> 'name' STRING | 'list' STRING | 'severity' SEVERITY
 *              | 'max-distance' ( 'auto' | NUMBER ) | 'description' STRING | accept */
static void names(parser *p)
{
    fl_token id;
    size_t open;
    if (!block_start(p, "names", &id, &open))
        return;
    bool fresh = id_is_new(p, &id);
    fl_names_block *block = fl_arena_alloc(p->arena, sizeof *block);
    block->id = qualified_id(p, &id);
    block->file = p->file;
    block->offset = id.offset;
    block->severity = FL_SEVERITY_WARNING;
    block->max_distance = -1;
    block->enabled = true;
    fl_listed_name *listed = NULL;
    size_t count = 0, capacity = 0;
    fl_accepted_spelling *accepted = NULL;
    size_t accepted_count = 0, accepted_capacity = 0;
    size_t severity_at = SIZE_MAX, distance_at = SIZE_MAX, description_at = SIZE_MAX;
    size_t errors = p->diagnostics->count;
    fl_buffer scratch = FL_BUFFER_INIT;

    while (p->token.kind != FL_TOKEN_RBRACE && p->token.kind != FL_TOKEN_END) {
        size_t errors_before = p->diagnostics->count;
        fl_token field = p->token;
        if (token_is(p, "name")) {
            advance(p);
            fl_token at = p->token;
            const char *text = string_field(p, &scratch);
            if (text && !*text)
                error_at(p, at.offset, at.length, "a name cannot be empty");
            else if (text) {
                listed = fl_xgrow(listed, &capacity, count + 1, sizeof *listed);
                listed[count++] = (fl_listed_name){.name = text, .file = p->file,
                                                   .offset = at.offset};
            }
        } else if (token_is(p, "list")) {
            advance(p);
            fl_token at = p->token;
            const char *path = string_field(p, &scratch);
            if (path)
                names_list(p, &at, path, &listed, &count, &capacity);
        } else if (token_is(p, "accept")) {
            advance(p);
            fl_accepted_spelling spelling;
            if (accept_field(p, &field, &scratch, &spelling)) {
                accepted = fl_xgrow(accepted, &accepted_capacity, accepted_count + 1,
                                    sizeof *accepted);
                accepted[accepted_count++] = spelling;
            }
        } else if (token_is(p, "severity")) {
            advance(p);
            fl_severity severity;
            if (severity_value(p, &severity) && once(p, &field, &severity_at)) {
                block->severity = severity;
                block->severity_set = true;
            }
        } else if (token_is(p, "description")) {
            advance(p);
            const char *text = string_field(p, &scratch);
            if (text && once(p, &field, &description_at))
                block->description = text;
        } else if (token_is(p, "max-distance")) {
            advance(p);
            if (token_is(p, "auto")) {
                if (once(p, &field, &distance_at))
                    block->max_distance = -1;
                advance(p);
            } else if (p->token.kind == FL_TOKEN_NUMBER && p->token.number.den == 1 &&
                       p->token.number.num <= 8) {
                if (once(p, &field, &distance_at))
                    block->max_distance = (int)p->token.number.num;
                advance(p);
            } else {
                error_expected(p, "'auto' or a whole number from 0 to 8");
            }
        } else {
            fl_buffer found = FL_BUFFER_INIT;
            describe_token(p, &p->token, &found);
            error_at(p, p->token.offset, p->token.length,
                     "unknown field %s in a names block (expected name, list, accept, "
                     "severity, max-distance or description)",
                     fl_buffer_cstr(&found));
            fl_buffer_free(&found);
            advance(p);
        }
        if (p->diagnostics->count > errors_before)
            skip_to_field(p, is_names_field);
        if (is_item_start(p) && !is_names_field(p))
            break;
    }
    block_end(p, open);
    if (fresh && p->diagnostics->count == errors) {
        block->names = fl_arena_alloc(p->arena, (count ? count : 1) * sizeof *listed);
        if (count)
            memcpy(block->names, listed, count * sizeof *listed);
        block->name_count = count;
        if (accepted_count) {
            block->accepted = fl_arena_alloc(p->arena, accepted_count * sizeof *accepted);
            memcpy(block->accepted, accepted, accepted_count * sizeof *accepted);
            block->accepted_count = accepted_count;
        }
        fl_ruleset *rules = p->rules;
        rules->names = fl_xgrow(rules->names, &rules->names_capacity, rules->names_count + 1,
                                sizeof *rules->names);
        fl_strmap_put(&rules->names_ids, block->id, strlen(block->id), rules->names_count);
        rules->names[rules->names_count++] = block;
    }
    free(listed);
    free(accepted);
    fl_buffer_free(&scratch);
}

/* settings -> 'settings' '{' { 'approx-tolerance' NUMBER '%' } '}' */
static void settings(parser *p)
{
    advance(p);
    if (p->token.kind != FL_TOKEN_LBRACE) {
        error_expected(p, "'{' after 'settings'");
        skip_to_item(p);
        return;
    }
    size_t open = p->token.offset;
    advance(p);
    while (p->token.kind != FL_TOKEN_RBRACE && p->token.kind != FL_TOKEN_END) {
        if (!token_is(p, "approx-tolerance")) {
            fl_buffer found = FL_BUFFER_INIT;
            describe_token(p, &p->token, &found);
            error_at(p, p->token.offset, p->token.length,
                     "unknown setting %s (expected approx-tolerance)", fl_buffer_cstr(&found));
            fl_buffer_free(&found);
            advance(p);
            while (p->token.kind != FL_TOKEN_RBRACE && p->token.kind != FL_TOKEN_END &&
                   !token_is(p, "approx-tolerance") && !is_item_start(p))
                advance(p);
            continue;
        }
        fl_token field = p->token;
        advance(p);
        fl_token amount = p->token;
        if (amount.kind != FL_TOKEN_NUMBER) {
            error_expected(p, "a percentage such as 5%");
            if (amount.kind != FL_TOKEN_RBRACE && amount.kind != FL_TOKEN_END)
                advance(p);
            continue;
        }
        advance(p);
        if (p->token.kind != FL_TOKEN_PERCENT) {
            error_at(p, amount.offset, amount.length,
                     "approx-tolerance takes a percentage: write %.*s%%", (int)amount.length,
                     p->text + amount.offset);
            continue;
        }
        advance(p);
        fl_value fraction = fl_value_div(amount.number, fl_value_int(100));
        fl_ruleset *rules = p->rules;
        if (rules->tolerance_file && fl_value_cmp(rules->tolerance, fraction) != 0) {
            fl_buffer where = FL_BUFFER_INIT;
            fl_ruleset_position(rules, rules->tolerance_file, rules->tolerance_offset, &where);
            error_at(p, field.offset, amount.offset + amount.length + 1 - field.offset,
                     "approx-tolerance is already set to another value at %s (figures are "
                     "read once, so all rule files must agree)",
                     fl_buffer_cstr(&where));
            fl_buffer_free(&where);
            continue;
        }
        rules->tolerance = fraction;
        rules->tolerance_file = p->file;
        rules->tolerance_offset = field.offset;
    }
    block_end(p, open);
}

/* rules_file -> { rule | names | settings } END */
void fl_parse_rules(fl_ruleset *rules, const char *file, const char *text, size_t length,
                    fl_diagnostics *diagnostics)
{
    parser p = {
        .rules = rules,
        .arena = &rules->arena,
        .file = file,
        .text = text,
        .length = length,
        .diagnostics = diagnostics,
    };
    fl_lexer_init(&p.lexer, file, text, length, 0, length, diagnostics);
    advance(&p);
    while (p.token.kind != FL_TOKEN_END) {
        if (token_is(&p, "rule")) {
            rule(&p);
        } else if (token_is(&p, "names")) {
            names(&p);
        } else if (token_is(&p, "settings")) {
            settings(&p);
        } else {
            fl_buffer found = FL_BUFFER_INIT;
            describe_token(&p, &p.token, &found);
            if (p.token.kind == FL_TOKEN_RBRACE)
                error_at(&p, p.token.offset, p.token.length, "unexpected '}' (no block is open)");
            else
                error_at(&p, p.token.offset, p.token.length,
                         "expected 'rule', 'names' or 'settings', found %s",
                         fl_buffer_cstr(&found));
            fl_buffer_free(&found);
            advance(&p);
            skip_to_item(&p);
        }
    }
    free(p.captures);
}
