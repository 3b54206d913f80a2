#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "memory.h"

/* Keys live as long as the store borrows them: string literals here, or this arena. */
static fl_arena keys = FL_ARENA_INIT;

static bool add(fl_figures *figures, const char *key, fl_figure **existing)
{
    fl_figure figure = {.key = key, .value = key};
    return fl_figures_add(figures, &figure, existing);
}

static const char *find(const fl_figures *figures, const char *key)
{
    fl_figure *figure = fl_figures_find(figures, key, strlen(key));
    return figure ? figure->key : NULL;
}

/* ---- patterns, written as in rules ---- */

typedef struct pattern {
    fl_segment segments[16];
    size_t count;
    const char *captures[4];
    size_t capture_count;
} pattern;

/* "a.*.$p.**" into segments; captures are numbered in order of first appearance. */
static void parse_pattern(const char *text, pattern *p)
{
    memset(p, 0, sizeof *p);
    const char *start = text;
    for (;;) {
        const char *dot = strchr(start, '.');
        size_t length = dot ? (size_t)(dot - start) : strlen(start);
        assert_true(p->count < 16);
        fl_segment *s = &p->segments[p->count++];
        s->text = start;
        s->length = length;
        if (length == 2 && memcmp(start, "**", 2) == 0) {
            s->kind = FL_SEGMENT_ANY_PATH;
        } else if (length == 1 && start[0] == '*') {
            s->kind = FL_SEGMENT_ANY;
        } else if (start[0] == '$') {
            s->kind = FL_SEGMENT_CAPTURE;
            s->text++;
            s->length--;
            size_t c = 0;
            while (c < p->capture_count && (strlen(p->captures[c]) != s->length ||
                                            memcmp(p->captures[c], s->text, s->length) != 0))
                c++;
            if (c == p->capture_count)
                p->captures[p->capture_count++] = fl_arena_strndup(&keys, s->text, s->length);
            s->capture = c;
        } else {
            s->kind = FL_SEGMENT_LITERAL;
            s->hash = fl_segment_hash(s->text, s->length);
        }
        if (!dot)
            return;
        start = dot + 1;
    }
}

typedef struct visits {
    char entries[64][128];
    size_t count;
    const pattern *p;
    fl_binding *bindings;
} visits;

/* Records "key" or "key{name=value,...}" with the captures bound during the visit. */
static void log_visit(void *context, fl_figure *figure)
{
    visits *v = context;
    assert_true(v->count < 64);
    fl_buffer entry = FL_BUFFER_INIT;
    fl_buffer_append_string(&entry, figure->key);
    for (size_t c = 0; c < v->p->capture_count; c++) {
        const fl_binding *b = &v->bindings[c];
        fl_buffer_printf(&entry, "%s%s=%.*s", c ? "," : "{", v->p->captures[c],
                         b->text ? (int)b->length : 1, b->text ? b->text : "?");
    }
    if (v->p->capture_count)
        fl_buffer_append_char(&entry, '}');
    snprintf(v->entries[v->count++], sizeof v->entries[0], "%s", fl_buffer_cstr(&entry));
    fl_buffer_free(&entry);
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Matches `text` with captures bound as `bound` says ("p=h1", or NULL for none) and
 * returns the figures visited, sorted (the order of visits is not specified), a
 * figure visited twice appearing twice. Checks that unbound captures are unbound
 * again afterwards. */
static const char *match(const fl_figures *figures, const char *text, const char *bound)
{
    static char result[4096];
    static visits v;
    pattern p;
    parse_pattern(text, &p);
    fl_binding bindings[4] = {{0}};
    if (bound) {
        const char *equals = strchr(bound, '=');
        for (size_t c = 0; c < p.capture_count; c++)
            if (strlen(p.captures[c]) == (size_t)(equals - bound) &&
                memcmp(p.captures[c], bound, (size_t)(equals - bound)) == 0)
                bindings[c] = (fl_binding){equals + 1, strlen(equals + 1),
                                           fl_segment_hash(equals + 1, strlen(equals + 1))};
    }
    v.count = 0;
    v.p = &p;
    v.bindings = bindings;
    fl_figures_match(figures, p.segments, p.count, bindings, log_visit, &v);
    qsort(v.entries, v.count, sizeof v.entries[0], compare_entries);
    size_t used = 0;
    result[0] = '\0';
    for (size_t i = 0; i < v.count; i++)
        used += (size_t)snprintf(result + used, sizeof result - used, "%s%s", i ? " " : "",
                                 v.entries[i]);
    for (size_t c = 0; c < p.capture_count; c++)
        if (!bound || strncmp(bound, p.captures[c], strlen(p.captures[c])) != 0)
            assert_null(bindings[c].text);
    return result;
}

/* The store of most tests: keys in table order. */
static fl_figures *sample(void)
{
    static const char *const sample_keys[] = {
        "arrests.h1.total",
        "arrests.h1.by_nationality.vietnamese",
        "arrests.h1.by_nationality.chinese",
        "arrests.h2.total",
        "arrests.h2.by_nationality.korean",
        "deported",
        "a.x.x.b",
    };
    fl_figures *figures = fl_figures_new();
    for (size_t i = 0; i < sizeof sample_keys / sizeof sample_keys[0]; i++)
        assert_true(add(figures, sample_keys[i], NULL));
    return figures;
}

/* ---- the key trie ---- */

static void test_find(void **state)
{
    (void)state;
    fl_figures *figures = sample();
    assert_int_equal(fl_figures_count(figures), 7);
    assert_string_equal(find(figures, "arrests.h1.total"), "arrests.h1.total");
    assert_string_equal(find(figures, "deported"), "deported");
    /* Inner nodes of the trie are no figures, nor are longer keys or other cases. */
    assert_null(find(figures, "arrests"));
    assert_null(find(figures, "arrests.h1"));
    assert_null(find(figures, "arrests.h1.total.x"));
    assert_null(find(figures, "Deported"));
    assert_null(find(figures, "arrests.h3.total"));
    assert_null(find(figures, ""));
    /* The key need not end at a NUL. */
    fl_figure *figure = fl_figures_find(figures, "deported.extra", 8);
    assert_non_null(figure);
    assert_string_equal(figure->key, "deported");
    /* Table order is kept and numbered. */
    for (size_t i = 0; i < fl_figures_count(figures); i++)
        assert_int_equal(fl_figures_at(figures, i)->order, i);
    assert_string_equal(fl_figures_at(figures, 3)->key, "arrests.h2.total");
    fl_figures_free(figures);
}

/* A figure added by key is filled in where the store keeps it. */
static void test_add_by_key(void **state)
{
    (void)state;
    fl_figures *figures = fl_figures_new();
    assert_true(add(figures, "a.b", NULL));
    fl_figure *added = fl_figures_add_key(figures, "a.c", NULL);
    assert_non_null(added);
    assert_string_equal(added->key, "a.c");
    assert_int_equal(added->order, 1);
    assert_null(added->value);
    assert_null(added->quote);
    assert_int_equal(added->row_hash, 0);
    added->value = "filled";
    assert_ptr_equal(fl_figures_find(figures, "a.c", 3), added);
    assert_string_equal(fl_figures_at(figures, 1)->value, "filled");
    fl_figure *existing = NULL;
    assert_null(fl_figures_add_key(figures, "a.b", &existing));
    assert_non_null(existing);
    assert_int_equal(existing->order, 0);
    assert_int_equal(fl_figures_count(figures), 2);
    /* A slot used before is handed out zeroed after the store is cleared. */
    fl_figures_clear(figures);
    added = fl_figures_add_key(figures, "x", NULL);
    assert_non_null(added);
    assert_null(added->value);
    assert_int_equal(added->order, 0);
    fl_figures_free(figures);
}

/* A key is found from a copy of it, for segments of every length up to past 16
 * bytes, and not from one that differs in any one byte. */
static void test_segments_of_every_length(void **state)
{
    (void)state;
    fl_figures *figures = fl_figures_new();
    char key[64], copy[64];
    for (size_t length = 1; length <= 24; length++) {
        fl_figures_clear(figures);
        snprintf(key, sizeof key, "k.");
        for (size_t i = 0; i < length; i++)
            key[2 + i] = (char)('a' + (i * 7 + length) % 26);
        key[2 + length] = '\0';
        char *stored = fl_arena_strdup(&keys, key);
        assert_true(add(figures, stored, NULL));
        memcpy(copy, key, sizeof copy);
        assert_string_equal(find(figures, copy), stored);
        for (size_t i = 0; i < length; i++) {
            copy[2 + i] = 'Z';
            assert_null(find(figures, copy));
            copy[2 + i] = key[2 + i];
        }
    }
    fl_figures_free(figures);
}

static void test_add_twice(void **state)
{
    (void)state;
    fl_figures *figures = fl_figures_new();
    assert_true(add(figures, "a.b", NULL));
    assert_true(add(figures, "a", NULL));
    fl_figure *existing = NULL;
    fl_figure second = {.key = "a.b", .value = "second"};
    assert_false(fl_figures_add(figures, &second, &existing));
    assert_non_null(existing);
    assert_string_equal(existing->value, "a.b");
    assert_int_equal(existing->order, 0);
    assert_int_equal(fl_figures_count(figures), 2);
    /* Without a place for the earlier figure, adding twice still refuses. */
    assert_false(add(figures, "a", NULL));
    assert_int_equal(fl_figures_count(figures), 2);
    fl_figures_free(figures);
}

static void test_clear_and_grow(void **state)
{
    (void)state;
    fl_figures *figures = sample();
    fl_figures_clear(figures);
    assert_int_equal(fl_figures_count(figures), 0);
    assert_null(find(figures, "deported"));
    assert_string_equal(match(figures, "**", NULL), "");
    /* Thousands of keys after a clear: every one is found, nothing else. */
    char key[64];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d.s%d.t", i % 50, i);
        assert_true(add(figures, fl_arena_strdup(&keys, key), NULL));
    }
    assert_int_equal(fl_figures_count(figures), 5000);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d.s%d.t", i % 50, i);
        assert_non_null(find(figures, key));
        snprintf(key, sizeof key, "k%d.s%d.t", (i + 1) % 50, i);
        assert_null(find(figures, key));
    }
    fl_figures_clear(figures);
    assert_true(add(figures, "deported", NULL));
    assert_string_equal(find(figures, "deported"), "deported");
    assert_null(find(figures, "k0.s0.t"));
    fl_figures_free(figures);
}

/* Each key is filed under the segments it shares with the key added before it, and
 * under none that only look shared ("a.bc" after "a.b.c"). */
static void test_keys_sharing_segments(void **state)
{
    (void)state;
    static const char *const in_order[] = {
        "a.b.c", "a.b.d", "a.bc.d", "a.b", "a.b.c.e", "ab.c", "a.b.d.e.f", "x.b.c", "a.b.c.f",
        /* Keys that part after eight bytes and more, and at a segment's end. */
        "period.first_half.by_nationality.korean", "period.first_half.by_nationality.korea",
        "period.first_half.by_nationality", "period.first_halves.total",
        "period.first_half.total",
    };
    size_t count = sizeof in_order / sizeof in_order[0];
    fl_figures *figures = fl_figures_new();
    for (size_t i = 0; i < count; i++)
        assert_true(add(figures, in_order[i], NULL));
    assert_false(add(figures, "a.b.c", NULL));
    assert_false(add(figures, "a.b.d.e.f", NULL));
    assert_int_equal(fl_figures_count(figures), count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(find(figures, in_order[i]), in_order[i]);
    assert_null(find(figures, "a.b.c.e.f"));
    assert_string_equal(match(figures, "a.b.*", NULL), "a.b.c a.b.d");
    assert_string_equal(match(figures, "a.*.d", NULL), "a.b.d a.bc.d");
    assert_string_equal(match(figures, "*.c", NULL), "ab.c");
    assert_string_equal(match(figures, "a.b.c.*", NULL), "a.b.c.e a.b.c.f");
    assert_string_equal(match(figures, "period.first_half.*", NULL),
                        "period.first_half.by_nationality period.first_half.total");
    assert_string_equal(match(figures, "period.*.total", NULL),
                        "period.first_half.total period.first_halves.total");
    assert_string_equal(match(figures, "period.first_half.by_nationality.*", NULL),
                        "period.first_half.by_nationality.korea "
                        "period.first_half.by_nationality.korean");
    /* After a clear, the same key starts a new trie. */
    fl_figures_clear(figures);
    assert_true(add(figures, "a.b.c.f", NULL));
    assert_true(add(figures, "a.b.c", NULL));
    assert_string_equal(match(figures, "**", NULL), "a.b.c a.b.c.f");
    fl_figures_free(figures);
}

/* ---- patterns ---- */

static void test_literal_and_star(void **state)
{
    (void)state;
    fl_figures *figures = sample();
    assert_string_equal(match(figures, "arrests.h1.total", NULL), "arrests.h1.total");
    assert_string_equal(match(figures, "arrests.h1", NULL), "");
    assert_string_equal(match(figures, "arrests.*.total", NULL),
                        "arrests.h1.total arrests.h2.total");
    assert_string_equal(match(figures, "arrests.h1.by_nationality.*", NULL),
                        "arrests.h1.by_nationality.chinese arrests.h1.by_nationality.vietnamese");
    /* '*' is exactly one segment. */
    assert_string_equal(match(figures, "*", NULL), "deported");
    assert_string_equal(match(figures, "arrests.*", NULL), "");
    assert_string_equal(match(figures, "*.*.*.*", NULL),
                        "a.x.x.b arrests.h1.by_nationality.chinese "
                        "arrests.h1.by_nationality.vietnamese arrests.h2.by_nationality.korean");
    fl_figures_free(figures);
}

static void test_starstar(void **state)
{
    (void)state;
    fl_figures *figures = sample();
    /* '**' is one segment or more, never none. */
    assert_string_equal(match(figures, "arrests.**", NULL),
                        "arrests.h1.by_nationality.chinese arrests.h1.by_nationality.vietnamese "
                        "arrests.h1.total arrests.h2.by_nationality.korean arrests.h2.total");
    assert_string_equal(match(figures, "**.total", NULL), "arrests.h1.total arrests.h2.total");
    assert_string_equal(match(figures, "deported.**", NULL), "");
    assert_string_equal(match(figures, "**.deported", NULL), "");
    assert_string_equal(match(figures, "**", NULL),
                        "a.x.x.b arrests.h1.by_nationality.chinese "
                        "arrests.h1.by_nationality.vietnamese arrests.h1.total "
                        "arrests.h2.by_nationality.korean arrests.h2.total deported");
    /* a.x.x.b matches **.x.** two ways (** = a or a.x), and **.** three: each figure
     * is visited once. */
    assert_string_equal(match(figures, "**.x.**", NULL), "a.x.x.b");
    assert_string_equal(match(figures, "a.**.**", NULL), "a.x.x.b");
    assert_string_equal(match(figures, "**.**.**", NULL),
                        "a.x.x.b arrests.h1.by_nationality.chinese "
                        "arrests.h1.by_nationality.vietnamese arrests.h1.total "
                        "arrests.h2.by_nationality.korean arrests.h2.total");
    fl_figures_free(figures);
}

static void test_captures(void **state)
{
    (void)state;
    fl_figures *figures = sample();
    /* An unbound capture takes each value in turn, for the visit only. */
    assert_string_equal(match(figures, "arrests.$p.total", NULL),
                        "arrests.h1.total{p=h1} arrests.h2.total{p=h2}");
    assert_string_equal(match(figures, "arrests.$p.by_nationality.$n", NULL),
                        "arrests.h1.by_nationality.chinese{p=h1,n=chinese} "
                        "arrests.h1.by_nationality.vietnamese{p=h1,n=vietnamese} "
                        "arrests.h2.by_nationality.korean{p=h2,n=korean}");
    /* A bound capture matches its value only. */
    assert_string_equal(match(figures, "arrests.$p.by_nationality.*", "p=h2"),
                        "arrests.h2.by_nationality.korean{p=h2}");
    assert_string_equal(match(figures, "arrests.$p.total", "p=h3"), "");
    /* Bound throughout, a pattern names one figure, or none: an inner node of the
     * trie is none, nor is a key longer than the store's. */
    assert_string_equal(match(figures, "arrests.$p.total", "p=h2"), "arrests.h2.total{p=h2}");
    assert_string_equal(match(figures, "$s.h1.total", "s=arrests"),
                        "arrests.h1.total{s=arrests}");
    assert_string_equal(match(figures, "arrests.$p", "p=h1"), "");
    assert_string_equal(match(figures, "deported.$p", "p=h1"), "");
    /* A capture used twice agrees with itself. */
    assert_string_equal(match(figures, "a.$s.$s.b", NULL), "a.x.x.b{s=x}");
    assert_string_equal(match(figures, "$s.h1.$s", NULL), "");
    /* With its capture bound, '**' still visits each figure once: after a, x.x.b
     * splits into ** and ** two ways. */
    assert_string_equal(match(figures, "$s.**.**", "s=a"), "a.x.x.b{s=a}");
    assert_string_equal(match(figures, "$s.**.x.**", "s=a"), "a.x.x.b{s=a}");
    fl_figures_free(figures);
}

static void test_match_does_not_read_stale_memory(void **state)
{
    (void)state;
    /* The marks that keep '**' from visiting a figure twice must start cleared, not
     * hold what the heap held before. Leave the value of the first mark stamp (1)
     * in a freed block the size of the first marks array (8 marks), which the
     * allocator is likely to hand out next, then match every figure once. */
    uint32_t *stale = malloc(8 * sizeof *stale);
    assert_non_null(stale);
    for (int i = 0; i < 8; i++)
        stale[i] = 1;
    fl_figures *figures = fl_figures_new();
    static const char *const six[] = {"a", "b", "c", "d", "e", "f"};
    for (size_t i = 0; i < 6; i++)
        assert_true(add(figures, six[i], NULL));
    free(stale);
    char got[64];
    snprintf(got, sizeof got, "%s", match(figures, "**", NULL));
    fl_figures_free(figures);
    assert_string_equal(got, "a b c d e f");
}

/* ---- keys ---- */

static void test_key_problems(void **state)
{
    (void)state;
    static const char *const good[] = {
        "arrests.h1.deported", "a", "a-b_c.D9", "2024.total",
        /* Long keys are checked sixteen bytes at a time, then byte by byte. */
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ.abcdefghijklmnopqrstuvwxyz.0123456789_-",
        "arrests.first_half.by_nationality.sri_lankan",
        "abcdefghijklmno.p",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_null(fl_key_problem(good[i], strlen(good[i])));
    static const char empty_segment[] = "the key has an empty segment (two dots in a row, or "
                                        "a dot at either end)";
    static const struct {
        const char *key, *problem;
    } bad[] = {
        {"", "the key is empty"},
        {".a", empty_segment},
        {"a.", empty_segment},
        {"a..b", empty_segment},
        {".", empty_segment},
        {"a b", "the key holds a space; segments are made of letters, digits, '_' and '-' "
                "joined by dots"},
        {"a/b", "the key holds a character other than ASCII letters, digits, '_', '-' and '.'"},
        {"a.*", "the key holds a character other than ASCII letters, digits, '_', '-' and '.'"},
        {"caf\xC3\xA9", "the key holds a character other than ASCII letters, digits, '_', '-' "
                        "and '.'"},
        /* The same in the first sixteen bytes of a long key, and across their end. */
        {"abcdefghijklmn..p.q", empty_segment},
        {"abcdefghijklmno..q", empty_segment},
        {"abcdefghijklmnop..", empty_segment},
        {"abcdefg hijklmnop.q", "the key holds a space; segments are made of letters, "
                                "digits, '_' and '-' joined by dots"},
    };
    /* Each byte next to the allowed ones, in the block and in the tail. */
    static const char neighbours[] = "@[`{/:\x7f\x80\xff";
    for (const char *c = neighbours; *c; c++) {
        for (size_t at = 3; at < 30; at += 20) {
            char key[] = "abcdefghijklmnopqrstuvwxyz.abc";
            key[at] = *c;
            const char *problem = fl_key_problem(key, strlen(key));
            assert_non_null(problem);
            assert_string_equal(problem, "the key holds a character other than ASCII "
                                         "letters, digits, '_', '-' and '.'");
        }
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *problem = fl_key_problem(bad[i].key, strlen(bad[i].key));
        assert_non_null(problem);
        assert_string_equal(problem, bad[i].problem);
    }
    /* Only `length` bytes are read. */
    assert_null(fl_key_problem("ab cd", 2));

    /* At most FL_KEY_MAX_SEGMENTS segments and FL_KEY_MAX_LENGTH bytes. */
    char key[FL_KEY_MAX_LENGTH + 2];
    size_t length = 0;
    for (int i = 0; i < FL_KEY_MAX_SEGMENTS; i++)
        length += (size_t)snprintf(key + length, sizeof key - length, "%sa", i ? "." : "");
    assert_null(fl_key_problem(key, length));
    length += (size_t)snprintf(key + length, sizeof key - length, ".a");
    assert_string_equal(fl_key_problem(key, length), "the key has more than 32 segments");
    memset(key, 'k', FL_KEY_MAX_LENGTH + 1);
    assert_null(fl_key_problem(key, FL_KEY_MAX_LENGTH));
    assert_string_equal(fl_key_problem(key, FL_KEY_MAX_LENGTH + 1),
                        "the key is longer than 256 characters");
}

static int teardown(void **state)
{
    (void)state;
    fl_arena_free(&keys);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_add_twice),
        cmocka_unit_test(test_segments_of_every_length),
        cmocka_unit_test(test_add_by_key),
        cmocka_unit_test(test_clear_and_grow),
        cmocka_unit_test(test_keys_sharing_segments),
        cmocka_unit_test(test_literal_and_star),
        cmocka_unit_test(test_starstar),
        cmocka_unit_test(test_captures),
        cmocka_unit_test(test_match_does_not_read_stale_memory),
        cmocka_unit_test(test_key_problems),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
