#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names_distance.h"
#include "names_normalize.h"
#include "names_variants.h"
#include "strmap.h"
#include "utf8.h"

/* Spellings made up for a test, numbered in the order they were added. */
typedef struct spelling_set {
    fl_name_spelling *items;
    size_t count, capacity;
    fl_strmap seen;
    fl_arena arena;
} spelling_set;

/* Adds the match key of `text`, as names_check makes spellings, unless it is empty or
 * there already. */
static void add(spelling_set *set, const char *text, size_t occurrences)
{
    fl_buffer key = FL_BUFFER_INIT;
    fl_name_key(text, strlen(text), FL_NAME_FOLD | FL_NAME_STRIP_MARKS, &key);
    size_t length = key.length, ignored;
    if (length == 0 || fl_strmap_get(&set->seen, key.data, length, &ignored)) {
        fl_buffer_free(&key);
        return;
    }
    char *copy = fl_arena_strndup(&set->arena, key.data, length);
    fl_buffer_free(&key);
    fl_strmap_put(&set->seen, copy, length, set->count);
    set->items = fl_xgrow(set->items, &set->capacity, set->count + 1, sizeof *set->items);
    set->items[set->count++] =
        (fl_name_spelling){copy, length, fl_utf8_count(copy, length), occurrences};
}

static void set_free(spelling_set *set)
{
    free(set->items);
    fl_strmap_free(&set->seen);
    fl_arena_free(&set->arena);
}

/* The suspect of a pair: the rarer spelling, or the later of two as frequent. */
static bool suspect(const fl_name_spelling *spellings, size_t a, size_t b)
{
    return spellings[a].count < spellings[b].count ||
           (spellings[a].count == spellings[b].count && a > b);
}

/* Every pair compared, as names_check did before spellings were indexed: pairs in
 * order, a closer partner replacing the one found first. */
static void pairwise(const fl_name_spelling *spellings, size_t count, fl_name_variant *out)
{
    uint32_t *points = fl_xmalloc(count * 64 * sizeof *points);
    size_t *lengths = fl_xmalloc(count * sizeof *lengths);
    for (size_t i = 0; i < count; i++) {
        lengths[i] = fl_name_code_points(spellings[i].key, spellings[i].length, points + i * 64,
                                         64);
        assert_true(lengths[i] <= 64);
        out[i] = (fl_name_variant){SIZE_MAX, 0};
    }
    for (size_t a = 0; a < count; a++) {
        for (size_t b = a + 1; b < count; b++) {
            size_t shorter = lengths[a] < lengths[b] ? lengths[a] : lengths[b];
            unsigned limit = fl_name_max_distance_auto(shorter);
            unsigned distance = fl_name_distance(points + a * 64, lengths[a], points + b * 64,
                                                 lengths[b], limit);
            if (!fl_name_variant_pair(&spellings[a], &spellings[b], distance))
                continue;
            size_t flagged = suspect(spellings, a, b) ? a : b;
            size_t other = flagged == a ? b : a;
            if (out[flagged].partner == SIZE_MAX || distance < out[flagged].distance)
                out[flagged] = (fl_name_variant){other, distance};
        }
    }
    free(points);
    free(lengths);
}

/* Compares the search, with working memory `work` (or NULL), with every pair. */
static void expect_same_as_pairwise_with(fl_name_variants_work *work, const spelling_set *set,
                                         size_t *flagged)
{
    fl_name_variant *indexed = fl_xmalloc((set->count + 1) * sizeof *indexed);
    fl_name_variant *reference = fl_xmalloc((set->count + 1) * sizeof *reference);
    fl_name_variants_find(work, set->items, set->count, indexed);
    pairwise(set->items, set->count, reference);
    *flagged = 0;
    for (size_t i = 0; i < set->count; i++) {
        if (indexed[i].partner != reference[i].partner ||
            indexed[i].distance != reference[i].distance)
            fail_msg("spelling %zu \"%s\": indexed %zu (%u), pairwise %zu \"%s\" (%u)", i,
                     set->items[i].key, indexed[i].partner, indexed[i].distance,
                     reference[i].partner,
                     reference[i].partner < set->count ? set->items[reference[i].partner].key
                                                       : "",
                     reference[i].distance);
        *flagged += reference[i].partner != SIZE_MAX;
    }
    free(indexed);
    free(reference);
}

/* The search with its own working memory, then made to index any set, then made to
 * compare every pair of any set: each the same as every pair compared here. */
static void expect_same_as_pairwise(const spelling_set *set, size_t *flagged)
{
    expect_same_as_pairwise_with(NULL, set, flagged);
    fl_name_variants_work *work = fl_name_variants_work_new();
    size_t again;
    fl_name_variants_work_limit(work, 0, 0, 1);
    expect_same_as_pairwise_with(work, set, &again);
    fl_name_variants_work_limit(work, 0, 0, SIZE_MAX);
    expect_same_as_pairwise_with(work, set, &again);
    fl_name_variants_work_free(work);
}

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

/* A word of syllables that collide often, so that close spellings abound. */
static void random_word(uint64_t *state, fl_buffer *out)
{
    static const char *const syllables[] = {"ka", "ko", "li", "dh", "o", "sam", "ath", "pen",
                                            "h\xC3\xA9", "ng", "an", "e", "s", "\xE1\x9E\x80"};
    size_t count = 1 + next_random(state) % 4;
    for (size_t i = 0; i < count; i++)
        fl_buffer_append_string(out, syllables[next_random(state) % 14]);
}

/* `key` with one random edit: a character substituted, inserted, dropped or two
 * swapped, or an ending added. */
static void mutate(uint64_t *state, const char *key, fl_buffer *out)
{
    static const char *const endings[] = {"s", "en", "er", "n", "es", "e"};
    size_t length = strlen(key);
    size_t at = next_random(state) % (length + 1);
    while (at > 0 && at < length && ((unsigned char)key[at] & 0xC0) == 0x80)
        at--;
    size_t next = at < length ? at + fl_utf8_decode(key + at, length - at, &(uint32_t){0})
                              : length;
    fl_buffer_clear(out);
    fl_buffer_append(out, key, at);
    switch (next_random(state) % 5) {
    case 0:
        fl_buffer_append_char(out, (char)('a' + next_random(state) % 6));
        fl_buffer_append_string(out, key + next);
        break;
    case 1:
        fl_buffer_append_char(out, (char)('a' + next_random(state) % 6));
        fl_buffer_append_string(out, key + at);
        break;
    case 2:
        fl_buffer_append_string(out, key + next);
        break;
    case 3:
        if (next < length) {
            size_t after = next + fl_utf8_decode(key + next, length - next, &(uint32_t){0});
            fl_buffer_append(out, key + next, after - next);
            fl_buffer_append(out, key + at, next - at);
            fl_buffer_append_string(out, key + after);
        } else {
            fl_buffer_append_string(out, key + at);
        }
        break;
    default:
        fl_buffer_append_string(out, key + at);
        fl_buffer_append_string(out, endings[next_random(state) % 6]);
    }
}

static void generate(uint64_t seed, size_t names, spelling_set *set)
{
    uint64_t state = seed;
    fl_buffer key = FL_BUFFER_INIT, variant = FL_BUFFER_INIT, source = FL_BUFFER_INIT;
    for (size_t n = 0; n < names; n++) {
        fl_buffer_clear(&key);
        size_t words = 1 + next_random(&state) % 3;
        for (size_t w = 0; w < words; w++) {
            if (w)
                fl_buffer_append_char(&key, ' ');
            random_word(&state, &key);
        }
        add(set, fl_buffer_cstr(&key), 1 + next_random(&state) % 3);
        /* A few misspellings of it, some of them misspelt again. */
        size_t mutations = next_random(&state) % 4;
        for (size_t m = 0; m < mutations; m++) {
            fl_buffer_clear(&source);
            fl_buffer_append_string(&source, fl_buffer_cstr(m % 2 ? &variant : &key));
            mutate(&state, fl_buffer_cstr(&source), &variant);
            add(set, fl_buffer_cstr(&variant), 1 + next_random(&state) % 3);
        }
    }
    fl_buffer_free(&key);
    fl_buffer_free(&variant);
    fl_buffer_free(&source);
}

static void test_generated_spellings(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        spelling_set set = {.arena = FL_ARENA_INIT};
        generate(seed, 600, &set);
        size_t flagged;
        expect_same_as_pairwise(&set, &flagged);
        /* The data must hold variants, or the comparison shows nothing. */
        assert_true(flagged > set.count / 10);
        set_free(&set);
    }
}

/* Working memory kept from one search to the next, over sets of different sizes, and
 * searches cut in many blocks of probes and many parts (of the index as it is built
 * and of the probes), or comparing every pair however many there are: the same as
 * every pair compared here. */
static void test_blocks_parts_and_reused_work(void **state)
{
    (void)state;
    fl_name_variants_work *work = fl_name_variants_work_new();
    size_t sizes[] = {900, 40, 0, 1, 600, 120};
    for (size_t n = 0; n < sizeof sizes / sizeof *sizes; n++) {
        spelling_set set = {.arena = FL_ARENA_INIT};
        generate(100 + n, sizes[n], &set);
        size_t flagged;
        fl_name_variants_work_limit(work, 0, 0, 0);
        expect_same_as_pairwise_with(work, &set, &flagged);
        if (sizes[n] >= 40)
            assert_true(flagged > set.count / 10);
        /* The index whenever there are two spellings, with 500 probes (a dozen
         * spellings a block) and 256 bytes (parts of a few buckets). */
        fl_name_variants_work_limit(work, 500, 256, 1);
        expect_same_as_pairwise_with(work, &set, &flagged);
        fl_name_variants_work_limit(work, 1, 0, 1);
        expect_same_as_pairwise_with(work, &set, &flagged);
        fl_name_variants_work_limit(work, 0, 0, SIZE_MAX);
        expect_same_as_pairwise_with(work, &set, &flagged);
        set_free(&set);
    }
    fl_name_variants_work_free(work);
    fl_name_variants_work_free(NULL);
}

/* Names that start alike or end alike share every variant at that end. */
static void test_common_beginnings_and_endings(void **state)
{
    (void)state;
    spelling_set set = {.arena = FL_ARENA_INIT};
    uint64_t random = 7;
    fl_buffer word = FL_BUFFER_INIT, key = FL_BUFFER_INIT, variant = FL_BUFFER_INIT;
    for (size_t n = 0; n < 400; n++) {
        fl_buffer_clear(&word);
        random_word(&random, &word);
        fl_buffer_clear(&key);
        fl_buffer_printf(&key, n % 2 ? "united nations %s" : "%s foundation for peace",
                         fl_buffer_cstr(&word));
        add(&set, fl_buffer_cstr(&key), 1 + next_random(&random) % 2);
        mutate(&random, fl_buffer_cstr(&key), &variant);
        add(&set, fl_buffer_cstr(&variant), 1);
    }
    size_t flagged;
    expect_same_as_pairwise(&set, &flagged);
    assert_true(flagged > 100);
    fl_buffer_free(&word);
    fl_buffer_free(&key);
    fl_buffer_free(&variant);
    set_free(&set);
}

/* Keys posted at one end with the same window there are posted once for all, so
 * windows must be the same, not only hashed alike: "epslqiyih" and "mauzopmcb" have the
 * same hash at the beginning in the index. Counted with that hash, both beginnings
 * are rarer than the shared ending, so the two keys and the misspelling are posted at
 * their beginnings. */
static void test_windows_of_one_hash(void **state)
{
    (void)state;
    spelling_set set = {.arena = FL_ARENA_INIT};
    add(&set, "epslqiyih provincial court", 2);
    add(&set, "mauzopmcb provincial court", 2);
    add(&set, "mauzopmcx provincial court", 1);
    size_t flagged;
    expect_same_as_pairwise(&set, &flagged);
    assert_int_equal(flagged, 1);
    set_free(&set);
}

static void test_rules_of_a_pair(void **state)
{
    (void)state;
    spelling_set set = {.arena = FL_ARENA_INIT};
    add(&set, "licadho", 2);      /* 0 */
    add(&set, "licadko", 1);      /* 1: the rarer, flagged */
    add(&set, "cambodia", 1);     /* 2 */
    add(&set, "cambodian", 1);    /* 3: a prefix form, no variant */
    add(&set, "verdächtigen", 1); /* 4 */
    add(&set, "verdächtiger", 1); /* 5: an inflection, no variant */
    add(&set, "hun sen", 1);      /* 6 */
    add(&set, "hun sem", 1);      /* 7: the later of two as frequent */
    add(&set, "sam", 1);          /* 8: too short for any edit */
    add(&set, "sal", 1);          /* 9 */
    fl_name_variant out[10];
    fl_name_variants_find(NULL, set.items, set.count, out);
    size_t expected[10] = {SIZE_MAX, 0, SIZE_MAX, SIZE_MAX, SIZE_MAX,
                           SIZE_MAX, SIZE_MAX, 6, SIZE_MAX, SIZE_MAX};
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(out[i].partner, expected[i]);
    assert_int_equal(out[1].distance, 1);
    fl_name_variants_find(NULL, set.items, 0, out);
    size_t flagged;
    expect_same_as_pairwise(&set, &flagged);
    assert_int_equal(flagged, 2);
    set_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_of_a_pair),
        cmocka_unit_test(test_generated_spellings),
        cmocka_unit_test(test_blocks_parts_and_reused_work),
        cmocka_unit_test(test_common_beginnings_and_endings),
        cmocka_unit_test(test_windows_of_one_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
