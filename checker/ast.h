/*
 * ast.h — rule files as data: rules with checks, names blocks, settings.
 *
 * Everything here lives in the rule set's arena and is read-only once parsing is
 * done; the evaluator walks these nodes, it never changes them. Source positions are
 * byte offsets into the rule file's text, kept by the rule set for diagnostics.
 */
#ifndef FL_AST_H
#define FL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "figures.h"
#include "finding.h"
#include "interval.h"
#include "memory.h"
#include "unit.h"
#include "value.h"

typedef enum fl_expr_kind {
    FL_EXPR_NUMBER,
    FL_EXPR_REF,      /* a figure reference; a pattern when it has wildcards */
    FL_EXPR_NEGATE,
    FL_EXPR_ARITHMETIC, /* a chain of + and -, or of * and /, folded left to right */
    FL_EXPR_COMPARE,
    FL_EXPR_AND,      /* a chain of conditions */
    FL_EXPR_OR,
    FL_EXPR_NOT,
    FL_EXPR_CALL,
} fl_expr_kind;

typedef enum fl_arithmetic_op { FL_ADD, FL_SUBTRACT, FL_MULTIPLY, FL_DIVIDE } fl_arithmetic_op;

typedef enum fl_function {
    FL_FUNCTION_SUM,
    FL_FUNCTION_COUNT,
    FL_FUNCTION_MIN,
    FL_FUNCTION_MAX,
    FL_FUNCTION_AVG,
    FL_FUNCTION_ABS,
    FL_FUNCTION_EXISTS,
    FL_FUNCTION_PCT,
} fl_function;

typedef struct fl_expr fl_expr;

/* Chains of one operator class are one node, however long: "a + b - c" is one
 * FL_EXPR_ARITHMETIC with three operands, so that a sum of a million terms is a loop
 * for every walk, not a million nested calls. Nesting deeper than that comes only
 * from parentheses, unary operators and calls, which the parser bounds. */
struct fl_expr {
    fl_expr_kind kind;
    size_t offset, length;     /* in the rule file */
    bool boolean;              /* a condition rather than a number */
    union {
        struct {
            fl_value value;
            fl_unit unit;      /* percent for "100%", else none */
        } number;
        struct {
            const fl_segment *segments;
            size_t count;
            bool wildcard;     /* holds '*' or '**' */
        } ref;
        struct {
            fl_expr *operand;
        } unary;
        struct {
            fl_compare_op op;
            fl_expr *left, *right;
        } binary;              /* FL_EXPR_COMPARE */
        struct {
            fl_expr **operands;
            /* ops[i] joins operand i to what precedes it (ops[0] is unused);
             * fl_arithmetic_op values, all of one class. NULL for and/or. */
            const unsigned char *ops;
            size_t count;      /* at least 2 */
        } chain;               /* FL_EXPR_ARITHMETIC, FL_EXPR_AND, FL_EXPR_OR */
        struct {
            fl_function function;
            fl_expr **args;
            size_t count;
        } call;
    } as;
};

typedef struct fl_check {
    fl_expr *expr;
    fl_tolerance tolerance;
    size_t offset;
    /* The captures this check binds (indexes into the rule's capture names). */
    bool *binds;
} fl_check;

/* A message: literal text and {expression} holes, in order. */
typedef struct fl_message_part {
    const char *text;  /* literal text, or NULL for a hole */
    fl_expr *hole;
} fl_message_part;

typedef struct fl_rule {
    const char *id;
    const char *file;
    size_t offset;               /* of the id */
    fl_severity severity;
    const char *description;
    fl_check *checks;
    size_t check_count;
    fl_expr *when;
    fl_message_part *message;    /* NULL when the rule has none */
    size_t message_count;
    const char **captures;       /* the names of $captures, without '$' */
    size_t capture_count;
    bool enabled;
    bool shipped;                /* installed with factlint, not the project's own */
} fl_rule;

typedef struct fl_listed_name {
    const char *name;   /* canonical spelling */
    const char *alias;  /* the spelling that maps to it, or NULL */
    const char *file;   /* where it is listed */
    size_t offset;      /* in a rule file, or the line number in a list file */
} fl_listed_name;

/* A spelling a house uses on purpose ("Unicef"): names findings on a mention written
 * so are kept but suppressed, in every document or in those `documents` names. */
typedef struct fl_accepted_spelling {
    const char *spelling;
    const char *documents; /* a path or glob, or NULL for every document */
    const char *file;      /* where it is accepted */
    unsigned line;
} fl_accepted_spelling;

typedef struct fl_names_block {
    const char *id;
    const char *file;
    size_t offset;
    const char *description;
    fl_severity severity;
    bool severity_set;
    int max_distance;          /* < 0: auto */
    fl_listed_name *names;
    size_t name_count;
    fl_accepted_spelling *accepted;
    size_t accepted_count;
    bool enabled;
} fl_names_block;

/* "sum", "count", ... */
const char *fl_function_name(fl_function function);
/* Looks a function up by name; false when there is none. */
bool fl_function_from_name(const char *name, size_t length, fl_function *function);
/* Aggregates take figure references or patterns: sum, count, min, max, avg, exists. */
bool fl_function_is_aggregate(fl_function function);

/* Calls `visit` for every figure reference in `expr`, telling whether it stands
 * inside an aggregate. */
void fl_expr_walk_refs(const fl_expr *expr,
                       void (*visit)(void *context, const fl_expr *ref, bool in_aggregate),
                       void *context);

/* Writes `expr` back as rule text, captures replaced by their bindings where bound
 * (`bindings` may be NULL), with parentheses only where precedence needs them. */
void fl_expr_format(const fl_expr *expr, const fl_rule *rule, const fl_binding *bindings,
                    fl_buffer *out);

#endif
