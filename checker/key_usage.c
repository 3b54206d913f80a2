#include "key_usage.h"

#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "names_distance.h"
#include "strmap.h"

/* Edits a suggestion may be away, in all. */
enum { MAX_EDITS = 2 };

typedef struct reference {
    const fl_expr *ref;
    const char *rule;
} reference;

struct fl_key_usage {
    reference *refs;
    size_t ref_count, ref_capacity;
    fl_arena arena;           /* remembered keys */
    const char **keys;        /* in the order first seen */
    size_t key_count, key_capacity;
    fl_strmap seen;           /* key to whether a rule reads it */
};

typedef struct collector {
    fl_key_usage *usage;
    const char *rule;
} collector;

static void collect(void *context, const fl_expr *ref, bool in_aggregate)
{
    (void)in_aggregate;
    collector *c = context;
    fl_key_usage *u = c->usage;
    u->refs = fl_xgrow(u->refs, &u->ref_capacity, u->ref_count + 1, sizeof *u->refs);
    u->refs[u->ref_count++] = (reference){ref, c->rule};
}

fl_key_usage *fl_key_usage_new(const fl_ruleset *rules)
{
    fl_key_usage *usage = fl_xcalloc(1, sizeof *usage);
    for (size_t r = 0; r < rules->rule_count; r++) {
        const fl_rule *rule = rules->rules[r];
        if (!rule->enabled)
            continue;
        collector c = {usage, rule->id};
        for (size_t i = 0; i < rule->check_count; i++)
            fl_expr_walk_refs(rule->checks[i].expr, collect, &c);
        fl_expr_walk_refs(rule->when, collect, &c);
        for (size_t i = 0; i < rule->message_count; i++)
            fl_expr_walk_refs(rule->message[i].hole, collect, &c);
    }
    return usage;
}

void fl_key_usage_free(fl_key_usage *usage)
{
    if (!usage)
        return;
    free(usage->refs);
    free(usage->keys);
    fl_strmap_free(&usage->seen);
    fl_arena_free(&usage->arena);
    free(usage);
}

/* A key cut into its segments, each a span of the key. */
typedef struct split_key {
    const char *starts[FL_KEY_MAX_SEGMENTS];
    size_t lengths[FL_KEY_MAX_SEGMENTS];
    size_t count;
} split_key;

static bool split(const char *key, size_t length, split_key *out)
{
    out->count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= length; i++) {
        if (i < length && key[i] != '.')
            continue;
        if (out->count == FL_KEY_MAX_SEGMENTS)
            return false;
        out->starts[out->count] = key + start;
        out->lengths[out->count++] = i - start;
        start = i + 1;
    }
    return true;
}

/* Edits to turn key segment `k` into literal `segment`, or more than `budget`. An edit
 * must leave most of a segment as it was: "h1" is not "h2" by typo. */
static unsigned segment_edits(const split_key *key, size_t k, const fl_segment *segment,
                              unsigned budget)
{
    if (segment->kind != FL_SEGMENT_LITERAL)
        return 0;
    bool equal = key->lengths[k] == segment->length &&
                 memcmp(key->starts[k], segment->text, segment->length) == 0;
    if (equal || budget == 0)
        return equal ? 0 : 1;
    uint32_t a[64], b[64];
    size_t a_length = fl_name_code_points(key->starts[k], key->lengths[k], a, 64);
    size_t b_length = fl_name_code_points(segment->text, segment->length, b, 64);
    if (a_length > 64 || b_length > 64)
        return budget + 1;
    unsigned edits = fl_name_distance(a, a_length, b, b_length, budget);
    if (edits > 0 && edits * 3 > (a_length > b_length ? a_length : b_length))
        return budget + 1;
    return edits;
}

/* Least edits that make the key match the reference, where only literal segments can
 * be edited, `*` and `$x` take one segment and `**` one or more; more than `budget`
 * is budget + 1. A table over (pattern segment, key segment), filled from the end. */
static unsigned distance(const split_key *key, const fl_expr *ref, unsigned budget)
{
    size_t count = ref->as.ref.count, keys = key->count;
    if (count > FL_KEY_MAX_SEGMENTS)
        return budget + 1;
    unsigned table[FL_KEY_MAX_SEGMENTS + 1][FL_KEY_MAX_SEGMENTS + 1];
    unsigned over = budget + 1;
    for (size_t k = 0; k <= keys; k++)
        table[count][k] = k == keys ? 0 : over;
    for (size_t p = count; p-- > 0;) {
        const fl_segment *segment = &ref->as.ref.segments[p];
        table[p][keys] = over;
        for (size_t k = keys; k-- > 0;) {
            unsigned best = over;
            if (segment->kind == FL_SEGMENT_ANY_PATH) {
                for (size_t end = k + 1; end <= keys; end++)
                    if (table[p + 1][end] < best)
                        best = table[p + 1][end];
            } else {
                unsigned here = segment_edits(key, k, segment, budget);
                unsigned total = here + table[p + 1][k + 1];
                if (here <= budget && total < best)
                    best = total;
            }
            table[p][k] = best > budget ? over : best;
        }
    }
    return table[0][0];
}

bool fl_key_usage_reads(fl_key_usage *usage, const char *key, size_t length)
{
    size_t reads;
    if (fl_strmap_get(&usage->seen, key, length, &reads))
        return reads;
    split_key parts;
    bool found = false;
    if (split(key, length, &parts))
        for (size_t i = 0; i < usage->ref_count && !found; i++)
            found = distance(&parts, usage->refs[i].ref, 0) == 0;
    if (usage->key_count < FL_KEY_USAGE_MAX_KEYS) {
        char *copy = fl_arena_strndup(&usage->arena, key, length);
        usage->keys = fl_xgrow(usage->keys, &usage->key_capacity, usage->key_count + 1,
                               sizeof *usage->keys);
        usage->keys[usage->key_count++] = copy;
        fl_strmap_put(&usage->seen, copy, length, found);
    }
    return found;
}

/* The reference written out with the key's segments where it leaves them open. */
static void fill_in(const fl_expr *ref, const split_key *key, fl_buffer *out)
{
    fl_buffer_clear(out);
    for (size_t i = 0; i < ref->as.ref.count; i++) {
        const fl_segment *segment = &ref->as.ref.segments[i];
        if (i)
            fl_buffer_append_char(out, '.');
        if (segment->kind == FL_SEGMENT_LITERAL || i >= key->count)
            fl_buffer_append(out, segment->text, segment->length);
        else
            fl_buffer_append(out, key->starts[i], key->lengths[i]);
    }
}

static bool has_any_path(const fl_expr *ref)
{
    for (size_t i = 0; i < ref->as.ref.count; i++)
        if (ref->as.ref.segments[i].kind == FL_SEGMENT_ANY_PATH)
            return true;
    return false;
}

bool fl_key_usage_suggest_reference(const fl_key_usage *usage, const char *key,
                                    fl_buffer *out, const char **rule)
{
    split_key parts;
    if (!split(key, strlen(key), &parts))
        return false;
    unsigned best = MAX_EDITS + 1;
    for (size_t i = 0; i < usage->ref_count; i++) {
        const fl_expr *ref = usage->refs[i].ref;
        if (has_any_path(ref))
            continue;
        unsigned d = distance(&parts, ref, best - 1);
        if (d > 0 && d < best) {
            best = d;
            fill_in(ref, &parts, out);
            *rule = usage->refs[i].rule;
        }
    }
    return best <= MAX_EDITS;
}

bool fl_key_usage_suggest_key(const fl_key_usage *usage, const fl_expr *ref, fl_buffer *out)
{
    unsigned best = MAX_EDITS + 1;
    for (size_t i = 0; i < usage->key_count && best > 1; i++) {
        split_key parts;
        if (!split(usage->keys[i], strlen(usage->keys[i]), &parts))
            continue;
        unsigned d = distance(&parts, ref, best - 1);
        if (d > 0 && d < best) {
            best = d;
            fl_buffer_clear(out);
            fl_buffer_append_string(out, usage->keys[i]);
        }
    }
    return best <= MAX_EDITS;
}
