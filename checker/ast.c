#include "ast.h"

#include <string.h>

/* ORDER FUNCTION: indexed by fl_function. */
static const char *const function_names[] = {
    "sum", "count", "min", "max", "avg", "abs", "exists", "pct",
};

const char *fl_function_name(fl_function function)
{
    return function_names[function];
}

bool fl_function_from_name(const char *name, size_t length, fl_function *function)
{
    for (size_t i = 0; i < sizeof function_names / sizeof *function_names; i++) {
        if (strlen(function_names[i]) == length && memcmp(function_names[i], name, length) == 0) {
            *function = (fl_function)i;
            return true;
        }
    }
    return false;
}

bool fl_function_is_aggregate(fl_function function)
{
    return function != FL_FUNCTION_ABS && function != FL_FUNCTION_PCT;
}

static void walk(const fl_expr *expr, bool in_aggregate,
                 void (*visit)(void *context, const fl_expr *ref, bool in_aggregate),
                 void *context)
{
    if (!expr)
        return;
    switch (expr->kind) {
    case FL_EXPR_NUMBER:
        return;
    case FL_EXPR_REF:
        visit(context, expr, in_aggregate);
        return;
    case FL_EXPR_NEGATE:
    case FL_EXPR_NOT:
        walk(expr->as.unary.operand, in_aggregate, visit, context);
        return;
    case FL_EXPR_COMPARE:
        walk(expr->as.binary.left, in_aggregate, visit, context);
        walk(expr->as.binary.right, in_aggregate, visit, context);
        return;
    case FL_EXPR_ARITHMETIC:
    case FL_EXPR_AND:
    case FL_EXPR_OR:
        for (size_t i = 0; i < expr->as.chain.count; i++)
            walk(expr->as.chain.operands[i], in_aggregate, visit, context);
        return;
    case FL_EXPR_CALL: {
        bool aggregate = fl_function_is_aggregate(expr->as.call.function);
        for (size_t i = 0; i < expr->as.call.count; i++)
            walk(expr->as.call.args[i], in_aggregate || aggregate, visit, context);
        return;
    }
    }
}

void fl_expr_walk_refs(const fl_expr *expr,
                       void (*visit)(void *context, const fl_expr *ref, bool in_aggregate),
                       void *context)
{
    walk(expr, false, visit, context);
}

/* Binding strength, loose to tight, as the parser's precedence table has it. */
static int priority(const fl_expr *expr)
{
    switch (expr->kind) {
    case FL_EXPR_OR:
        return 1;
    case FL_EXPR_AND:
        return 2;
    case FL_EXPR_NOT:
        return 3;
    case FL_EXPR_COMPARE:
        return 4;
    case FL_EXPR_ARITHMETIC:
        return expr->as.chain.ops[1] == FL_ADD || expr->as.chain.ops[1] == FL_SUBTRACT ? 5 : 6;
    case FL_EXPR_NEGATE:
        return 7;
    default:
        return 8;
    }
}

static void format_operand(const fl_expr *operand, int needed, const fl_rule *rule,
                           const fl_binding *bindings, fl_buffer *out)
{
    bool parens = priority(operand) < needed;
    if (parens)
        fl_buffer_append_char(out, '(');
    fl_expr_format(operand, rule, bindings, out);
    if (parens)
        fl_buffer_append_char(out, ')');
}

/* The operator before operand `index` of a chain. */
static const char *chain_operator(const fl_expr *expr, size_t index)
{
    static const char *const arithmetic[] = {" + ", " - ", " * ", " / "};
    switch (expr->kind) {
    case FL_EXPR_ARITHMETIC:
        return arithmetic[expr->as.chain.ops[index]];
    case FL_EXPR_AND:
        return " and ";
    default:
        return " or ";
    }
}

void fl_expr_format(const fl_expr *expr, const fl_rule *rule, const fl_binding *bindings,
                    fl_buffer *out)
{
    switch (expr->kind) {
    case FL_EXPR_NUMBER:
        fl_value_format_plain(expr->as.number.value, out);
        if (fl_unit_is_percent(expr->as.number.unit))
            fl_buffer_append_char(out, '%');
        return;
    case FL_EXPR_REF:
        for (size_t i = 0; i < expr->as.ref.count; i++) {
            const fl_segment *segment = &expr->as.ref.segments[i];
            if (i)
                fl_buffer_append_char(out, '.');
            switch (segment->kind) {
            case FL_SEGMENT_LITERAL:
                fl_buffer_append(out, segment->text, segment->length);
                break;
            case FL_SEGMENT_ANY:
                fl_buffer_append_char(out, '*');
                break;
            case FL_SEGMENT_ANY_PATH:
                fl_buffer_append_string(out, "**");
                break;
            case FL_SEGMENT_CAPTURE:
                if (bindings && bindings[segment->capture].text) {
                    fl_buffer_append(out, bindings[segment->capture].text,
                                     bindings[segment->capture].length);
                } else {
                    fl_buffer_append_char(out, '$');
                    fl_buffer_append_string(out, rule->captures[segment->capture]);
                }
                break;
            }
        }
        return;
    case FL_EXPR_NEGATE:
        fl_buffer_append_char(out, '-');
        format_operand(expr->as.unary.operand, 7, rule, bindings, out);
        return;
    case FL_EXPR_NOT:
        /* "not (a < b)" reads better than the equivalent "not a < b". */
        fl_buffer_append_string(out, "not ");
        format_operand(expr->as.unary.operand, 5, rule, bindings, out);
        return;
    case FL_EXPR_COMPARE: {
        static const char *const comparison[] = {" == ", " != ", " < ", " <= ", " > ", " >= "};
        /* Comparisons do not chain: an operand that is one needs parentheses. */
        format_operand(expr->as.binary.left, 5, rule, bindings, out);
        fl_buffer_append_string(out, comparison[expr->as.binary.op]);
        format_operand(expr->as.binary.right, 5, rule, bindings, out);
        return;
    }
    case FL_EXPR_ARITHMETIC:
    case FL_EXPR_AND:
    case FL_EXPR_OR: {
        int own = priority(expr);
        /* '-' and '/' do not associate: an operand after the first that is a chain of
         * the same strength needs parentheses. */
        int later = own + (expr->kind == FL_EXPR_ARITHMETIC);
        for (size_t i = 0; i < expr->as.chain.count; i++) {
            if (i)
                fl_buffer_append_string(out, chain_operator(expr, i));
            format_operand(expr->as.chain.operands[i], i ? later : own, rule, bindings, out);
        }
        return;
    }
    case FL_EXPR_CALL:
        fl_buffer_append_string(out, fl_function_name(expr->as.call.function));
        fl_buffer_append_char(out, '(');
        for (size_t i = 0; i < expr->as.call.count; i++) {
            if (i)
                fl_buffer_append_string(out, ", ");
            fl_expr_format(expr->as.call.args[i], rule, bindings, out);
        }
        fl_buffer_append_char(out, ')');
        return;
    }
}
