#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names_distance.h"
#include "names_index.h"
#include "names_normalize.h"

#define KEY_FLAGS (FL_NAME_FOLD | FL_NAME_STRIP_MARKS)
#define AUTO (-1)
enum { MAX_MATCHES = 4096 };

/* A names list as the checker would hold it: the index, plus every key for the
 * linear scan the index must agree with. */
typedef struct listing {
    fl_name_index *index;
    char **keys;
    uint32_t *ids;
    size_t count, capacity;
} listing;

static void list_name(listing *l, const char *name, uint32_t id)
{
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(name, strlen(name), KEY_FLAGS, &key));
    fl_name_index_add(l->index, fl_buffer_cstr(&key), key.length, id);
    for (size_t i = 0; i < l->count; i++) {
        if (l->ids[i] == id && strcmp(l->keys[i], fl_buffer_cstr(&key)) == 0) {
            fl_buffer_free(&key);
            return;
        }
    }
    size_t capacity = l->capacity;
    l->keys = fl_xgrow(l->keys, &capacity, l->count + 1, sizeof *l->keys);
    l->ids = fl_xgrow(l->ids, &l->capacity, l->count + 1, sizeof *l->ids);
    l->keys[l->count] = fl_xstrdup(fl_buffer_cstr(&key));
    l->ids[l->count++] = id;
    fl_buffer_free(&key);
}

static void listing_free(listing *l)
{
    fl_name_index_free(l->index);
    for (size_t i = 0; i < l->count; i++)
        free(l->keys[i]);
    free(l->keys);
    free(l->ids);
}

static int compare_matches(const void *a, const void *b)
{
    const fl_name_match *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static uint32_t *decode(const char *text, size_t *length)
{
    size_t bytes = strlen(text);
    uint32_t *points = fl_xmalloc((bytes + 1) * sizeof *points);
    *length = fl_name_code_points(text, bytes, points, bytes);
    return points;
}

/* What comparing with every listed key finds. */
static size_t scan(const listing *l, const char *key, int max_distance, fl_name_match *out)
{
    size_t query_length;
    uint32_t *query = decode(key, &query_length);
    size_t count = 0;
    for (size_t i = 0; i < l->count; i++) {
        size_t length;
        uint32_t *listed = decode(l->keys[i], &length);
        unsigned limit = max_distance < 0 ? fl_name_max_distance_auto(length)
                                          : (unsigned)max_distance;
        unsigned d = fl_name_distance(query, query_length, listed, length, limit);
        if (d <= limit && d <= FL_NAME_DISTANCE_MAX) {
            assert_true(count < MAX_MATCHES);
            out[count++] = (fl_name_match){l->ids[i], d};
        }
        free(listed);
    }
    free(query);
    qsort(out, count, sizeof *out, compare_matches);
    return count;
}

static size_t lookup(const listing *l, const char *name, int max_distance, fl_name_match *out)
{
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(name, strlen(name), KEY_FLAGS, &key));
    size_t count = fl_name_index_lookup(l->index, fl_buffer_cstr(&key), key.length,
                                        max_distance, out, MAX_MATCHES);
    assert_true(count <= MAX_MATCHES);
    fl_buffer_free(&key);
    return count;
}

static void expect_same_as_scan(const listing *l, const char *name, int max_distance)
{
    static fl_name_match found[MAX_MATCHES], expected[MAX_MATCHES];
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(name, strlen(name), KEY_FLAGS, &key));
    size_t count = fl_name_index_lookup(l->index, fl_buffer_cstr(&key), key.length,
                                        max_distance, found, MAX_MATCHES);
    size_t expected_count = scan(l, fl_buffer_cstr(&key), max_distance, expected);
    if (count != expected_count || memcmp(found, expected, count * sizeof *found) != 0)
        fail_msg("\"%s\" within %d: index found %zu matches, scan %zu", fl_buffer_cstr(&key),
                 max_distance, count, expected_count);
    fl_buffer_free(&key);
}

static listing new_listing(void)
{
    return (listing){.index = fl_name_index_new()};
}

static void test_exact(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "Licadho", 1);
    list_name(&l, "Amnesty International", 2);
    list_name(&l, "Adhoc", 3);
    fl_name_match m[MAX_MATCHES];
    assert_int_equal(lookup(&l, "LICADHO", 0, m), 1);
    assert_int_equal(m[0].id, 1);
    assert_int_equal(m[0].distance, 0);
    assert_int_equal(lookup(&l, "amnesty  international", 0, m), 1);
    assert_int_equal(m[0].id, 2);
    assert_int_equal(lookup(&l, "Amnesty", 0, m), 0);
    assert_int_equal(lookup(&l, "Licadko", 0, m), 0);
    listing_free(&l);
}

static void test_one_and_two_edits(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "Licadho", 1);
    list_name(&l, "Amnesty International", 2);
    list_name(&l, "Human Rights Watch", 3);
    fl_name_match m[MAX_MATCHES];

    assert_int_equal(lookup(&l, "Licadko", 1, m), 1);
    assert_int_equal(m[0].id, 1);
    assert_int_equal(m[0].distance, 1);
    assert_int_equal(lookup(&l, "Licahdo", 1, m), 1); /* a swap is one edit */
    assert_int_equal(lookup(&l, "Lcadhko", 1, m), 0);
    assert_int_equal(lookup(&l, "Lcadhko", 2, m), 1);
    assert_int_equal(m[0].distance, 2);

    assert_int_equal(lookup(&l, "Amnesty Internatonal", 1, m), 1);
    assert_int_equal(m[0].id, 2);
    assert_int_equal(lookup(&l, "Amnesti Internatonal", 2, m), 1);
    assert_int_equal(m[0].distance, 2);
    assert_int_equal(lookup(&l, "Human Rihgts Watch", 2, m), 1);
    assert_int_equal(m[0].id, 3);
    assert_int_equal(lookup(&l, "Humane Rihgts Watch", 1, m), 0);
    /* Above the index's own radius the answer comes from a scan, and is the same. */
    assert_int_equal(lookup(&l, "Humane Rihgts Wach", 3, m), 1);
    assert_int_equal(m[0].distance, 3);
    listing_free(&l);
}

static void test_automatic_thresholds(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "Sok", 1);                    /* 3 characters: exact only */
    list_name(&l, "Licadho", 2);                /* 7: one edit */
    list_name(&l, "Amnesty International", 3);  /* 21: two edits */
    list_name(&l, "Hun Sen", 4);                /* 7, space included */
    fl_name_match m[MAX_MATCHES];
    assert_int_equal(lookup(&l, "Sak", AUTO, m), 0);
    assert_int_equal(lookup(&l, "Sak", 1, m), 1);
    assert_int_equal(lookup(&l, "Sok", AUTO, m), 1);
    assert_int_equal(lookup(&l, "Licadko", AUTO, m), 1);
    assert_int_equal(lookup(&l, "Licadkoo", AUTO, m), 0);
    assert_int_equal(lookup(&l, "Amnesti Internatonal", AUTO, m), 1);
    assert_int_equal(lookup(&l, "Amnesti Intrnatonal", AUTO, m), 0);
    assert_int_equal(lookup(&l, "HunSen", AUTO, m), 1);
    assert_int_equal(m[0].id, 4);
    /* Judged on the listed name: a 9-character query two edits from "Licadho" is no
     * match, since "Licadho" allows one. */
    assert_int_equal(lookup(&l, "Licadhoxx", AUTO, m), 0);
    listing_free(&l);
}

static void test_edits_across_spaces(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "Hun Sen", 1);
    list_name(&l, "Licadho", 2);
    list_name(&l, "Am Sam Ath", 3);
    list_name(&l, "Office of the High Commissioner", 4);
    list_name(&l, "HunSen XavierYann", 5);
    fl_name_match m[MAX_MATCHES];
    const struct {
        const char *query;
        int max_distance;
        uint32_t id;
    } cases[] = {
        {"HunSen", 1, 1},          /* space deleted */
        {"Hun-Sen", 1, 1},         /* space replaced */
        {"Hu nSen", 1, 1},         /* space swapped with a letter */
        {"Lica dho", 1, 2},        /* space inserted */
        {"Lica-dho", 1, 2},        /* a hyphen inserted */
        {"Li ca dho", 2, 2},       /* two spaces inserted */
        {"Lic dhx", 2, 2},         /* letter into space, and a substitution */
        {"AmSamAth", 2, 3},        /* both spaces gone */
        {"Am SamAht", 2, 3},
        {"Officeof the High Comissioner", 2, 4},
        {"Office ofthe HighCommissioner", 2, 4},
        {"Hun Sen Xavier Yann", 2, 5}, /* merged words, shifted by another merge */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(lookup(&l, cases[i].query, cases[i].max_distance, m), 1);
        assert_int_equal(m[0].id, cases[i].id);
        expect_same_as_scan(&l, cases[i].query, cases[i].max_distance);
    }
    listing_free(&l);
}

static void test_many_names_share_a_word(void **state)
{
    (void)state;
    listing l = new_listing();
    char name[64];
    uint64_t seed = 7;
    for (uint32_t i = 0; i < 3000; i++) {
        char word[9];
        for (int c = 0; c < 8; c++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            word[c] = (char)('a' + (seed >> 33) % 26);
        }
        word[8] = '\0';
        strcpy(name, i % 2 ? "International " : "Ministry of ");
        strcat(name, word);
        if (i % 3 == 0)
            strcat(name, " International");
        list_name(&l, name, i + 10);
    }
    list_name(&l, "Licadho International", 1);
    fl_name_match m[MAX_MATCHES];
    assert_int_equal(lookup(&l, "Licadko International", AUTO, m), 1);
    assert_int_equal(m[0].id, 1);
    assert_int_equal(lookup(&l, "International", 2, m), 0);
    expect_same_as_scan(&l, "ministry of", 2);
    expect_same_as_scan(&l, "licadko internationa", 2);
    expect_same_as_scan(&l, "international", 2);
    listing_free(&l);
}

static void test_same_key_several_ids(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "Licadho", 7);
    list_name(&l, "LICADHO", 3);
    list_name(&l, "Licadho’s", 5);
    list_name(&l, "Licadho", 7);
    list_name(&l, "Licadko", 1);
    fl_name_match m[MAX_MATCHES];
    assert_int_equal(lookup(&l, "licadho", 0, m), 3);
    assert_int_equal(m[0].id, 3);
    assert_int_equal(m[1].id, 5);
    assert_int_equal(m[2].id, 7);
    assert_int_equal(lookup(&l, "licadho", 1, m), 4);
    assert_int_equal(m[3].id, 1);
    assert_int_equal(m[3].distance, 1);

    /* Only `capacity` are written, closest first; the count is of all of them. */
    fl_name_match two[2];
    assert_int_equal(fl_name_index_lookup(l.index, "licadko", 7, 1, two, 2), 4);
    assert_int_equal(two[0].id, 1);
    assert_int_equal(two[0].distance, 0);
    assert_int_equal(two[1].id, 3);
    assert_int_equal(fl_name_index_lookup(l.index, "licadko", 7, 1, NULL, 0), 4);
    listing_free(&l);
}

static void test_empty_and_tiny_keys(void **state)
{
    (void)state;
    listing l = new_listing();
    list_name(&l, "", 1);
    list_name(&l, "a", 2);
    list_name(&l, "ab", 3);
    list_name(&l, "a b", 4);
    list_name(&l, "abc", 5);
    const char *queries[] = {"", "a", "b", "ab", "ba", "abc", "a c", "x", "xy", "b a"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        for (int d = -1; d <= 3; d++)
            expect_same_as_scan(&l, queries[i], d);
    listing_free(&l);
}

static void test_long_keys(void **state)
{
    (void)state;
    listing l = new_listing();
    fl_buffer name = FL_BUFFER_INIT;
    for (int i = 0; i < 300; i++)
        fl_buffer_append_string(&name, i % 7 ? "word " : "other ");
    list_name(&l, fl_buffer_cstr(&name), 1);
    list_name(&l, "word word", 2);
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(name.data, name.length, KEY_FLAGS, &key));
    key.data[3] = 'x';
    expect_same_as_scan(&l, key.data, 1);
    expect_same_as_scan(&l, key.data, AUTO);
    expect_same_as_scan(&l, "word wrd", 1);
    fl_name_match m[4];
    assert_int_equal(fl_name_index_lookup(l.index, key.data, key.length, 1, m, 4), 1);
    assert_int_equal(m[0].id, 1);
    fl_buffer_free(&name);
    fl_buffer_free(&key);
    listing_free(&l);
}

/* Deterministic pseudo-random numbers for the generated lists. */
static uint32_t next_random(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*seed >> 33);
}

static void make_word(uint64_t *seed, char *out)
{
    static const char *const syllables[] = {
        "ka", "lo", "sen", "dho", "ri", "pa", "mon", "chea", "sok", "an", "vi", "tha",
        "ra", "nu", "bo", "kim", "li", "ca", "ho", "un", "é", "ân", "ro",
    };
    size_t count = 1 + next_random(seed) % 3;
    out[0] = '\0';
    for (size_t i = 0; i < count; i++)
        strcat(out, syllables[next_random(seed) % (sizeof syllables / sizeof *syllables)]);
}

static void make_name(uint64_t *seed, char *out)
{
    static const char *const shared[] = {
        "International", "Ministry of", "of the", "National", "Council", "Hun", "Sok", "a",
    };
    size_t words = 1 + next_random(seed) % 4;
    out[0] = '\0';
    for (size_t w = 0; w < words; w++) {
        if (w > 0)
            strcat(out, " ");
        if (next_random(seed) % 3 == 0) {
            strcat(out, shared[next_random(seed) % (sizeof shared / sizeof *shared)]);
        } else {
            char word[32];
            make_word(seed, word);
            strcat(out, word);
        }
    }
}

/* One to three random edits anywhere, spaces included. */
static void make_typo(uint64_t *seed, const char *key, char *out)
{
    size_t length;
    uint32_t *points = decode(key, &length);
    uint32_t edited[128];
    size_t n = length < 120 ? length : 120;
    memcpy(edited, points, n * sizeof *edited);
    free(points);
    size_t edits = 1 + next_random(seed) % 3;
    static const uint32_t letters[] = {'a', 'o', 'k', 'h', ' ', 'n', 0xE9};
    for (size_t e = 0; e < edits; e++) {
        size_t at = n ? next_random(seed) % (n + 1) : 0;
        uint32_t letter = letters[next_random(seed) % (sizeof letters / sizeof *letters)];
        switch (next_random(seed) % 4) {
        case 0:
            memmove(edited + at + 1, edited + at, (n - at) * sizeof *edited);
            edited[at] = letter;
            n++;
            break;
        case 1:
            if (at < n) {
                memmove(edited + at, edited + at + 1, (n - at - 1) * sizeof *edited);
                n--;
            }
            break;
        case 2:
            if (at < n)
                edited[at] = letter;
            break;
        default:
            if (at + 1 < n) {
                uint32_t swap = edited[at];
                edited[at] = edited[at + 1];
                edited[at + 1] = swap;
            }
            break;
        }
    }
    char *w = out;
    for (size_t i = 0; i < n; i++) {
        if (edited[i] < 0x80) {
            *w++ = (char)edited[i];
        } else {
            *w++ = (char)(0xC0 | edited[i] >> 6);
            *w++ = (char)(0x80 | (edited[i] & 0x3F));
        }
    }
    *w = '\0';
}

static void normalize_in_place(char *text)
{
    fl_buffer key = FL_BUFFER_INIT;
    assert_true(fl_name_key(text, strlen(text), KEY_FLAGS, &key));
    strcpy(text, fl_buffer_cstr(&key));
    fl_buffer_free(&key);
}

/* Listed names, typos of them and unrelated names, looked up within every distance. */
static void expect_generated_queries_as_scan(const listing *l, uint64_t seed)
{
    char query[512];
    for (int q = 0; q < 400; q++) {
        const char *listed = l->keys[next_random(&seed) % l->count];
        switch (q % 4) {
        case 0:
            strcpy(query, listed);
            break;
        case 3:
            make_name(&seed, query);
            break;
        default:
            make_typo(&seed, listed, query);
            break;
        }
        normalize_in_place(query);
        for (int d = -1; d <= 2; d++)
            expect_same_as_scan(l, query, d);
    }
}

static void test_agrees_with_scan_on_generated_names(void **state)
{
    (void)state;
    listing l = new_listing();
    uint64_t seed = 2025;
    char name[256];
    for (uint32_t i = 0; i < 3000; i++) {
        make_name(&seed, name);
        list_name(&l, name, i);
    }
    expect_generated_queries_as_scan(&l, 1);
    /* Finished, the index holds every posting in one sorted array; names added after
     * wait apart again, and a second finish sorts them in too. */
    fl_name_index_finish(l.index);
    expect_generated_queries_as_scan(&l, 1);
    for (uint32_t i = 3000; i < 4000; i++) {
        make_name(&seed, name);
        list_name(&l, name, i);
    }
    expect_generated_queries_as_scan(&l, 2);
    fl_name_index_finish(l.index);
    fl_name_index_finish(l.index);
    expect_generated_queries_as_scan(&l, 2);
    listing_free(&l);
}

/* Two letters and a space: every kind of edit, across spaces too, happens often. */
static void test_agrees_with_scan_on_a_tiny_alphabet(void **state)
{
    (void)state;
    listing l = new_listing();
    uint64_t seed = 99;
    char text[16];
    for (uint32_t i = 0; i < 1500; i++) {
        size_t length = 1 + next_random(&seed) % 9;
        for (size_t c = 0; c < length; c++)
            text[c] = "ab  "[next_random(&seed) % 4];
        text[length] = '\0';
        normalize_in_place(text);
        list_name(&l, text, i);
    }
    for (int q = 0; q < 300; q++) {
        size_t length = next_random(&seed) % 11;
        for (size_t c = 0; c < length; c++)
            text[c] = "ab  "[next_random(&seed) % 4];
        text[length] = '\0';
        normalize_in_place(text);
        for (int d = -1; d <= 2; d++)
            expect_same_as_scan(&l, text, d);
    }
    listing_free(&l);
}

static void test_memory_is_reported(void **state)
{
    (void)state;
    fl_name_index *index = fl_name_index_new();
    size_t empty = fl_name_index_memory(index);
    assert_true(empty > 0);
    fl_name_index_add(index, "licadho", 7, 1);
    assert_true(fl_name_index_memory(index) > empty);
    fl_name_index_free(index);
    fl_name_index_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_one_and_two_edits),
        cmocka_unit_test(test_automatic_thresholds),
        cmocka_unit_test(test_edits_across_spaces),
        cmocka_unit_test(test_many_names_share_a_word),
        cmocka_unit_test(test_same_key_several_ids),
        cmocka_unit_test(test_empty_and_tiny_keys),
        cmocka_unit_test(test_long_keys),
        cmocka_unit_test(test_agrees_with_scan_on_generated_names),
        cmocka_unit_test(test_agrees_with_scan_on_a_tiny_alphabet),
        cmocka_unit_test(test_memory_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
