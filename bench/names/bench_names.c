/*
 * bench_names — a name lookup against a list of N names must be at least
 * 1,000 times faster than comparing with every name, under 10 µs.
 *
 * Generates N names, keys them with fl_name_key() and builds the index; then sends a
 * mix of queries (listed names, listed names with one or two typing mistakes anywhere,
 * spaces included, and unrelated names) through the index and through a scan that
 * calls fl_name_distance() with every listed name, both with `max-distance
 * auto`, and checks that the two find the same matches. Prints a report and a
 * closing `result` line of key=value pairs; exits 1 when the two disagree.
 *
 * usage: bench_names [--names N] [--queries Q] [--scan-queries S] [--seed X]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "memory.h"
#include "names_distance.h"
#include "names_gen.h"
#include "names_index.h"
#include "names_normalize.h"

#define KEY_FLAGS (FL_NAME_FOLD | FL_NAME_STRIP_MARKS)
#define AUTO (-1)

enum { KINDS = 3, MATCH_CAPACITY = 1 << 16 };
static const char *const KIND_NAMES[KINDS] = {"listed", "typo", "unrelated"};

typedef struct options {
    size_t names, queries, scan_queries;
    unsigned long long seed;
} options;

/* Every listed key as code points, for the scan. */
typedef struct listed_keys {
    uint32_t *points;
    size_t *offsets;
    size_t count, length, capacity;
} listed_keys;

typedef struct bench_query {
    char *key;
    size_t length;
    int kind;
} bench_query;

/* CPU time of this thread: other work on a busy machine then counts against neither
 * the index nor the scan. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static bool parse_options(int argc, char **argv, options *o)
{
    *o = (options){.names = 100000, .queries = 20000, .scan_queries = 0, .seed = 2025};
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            return false;
        unsigned long long value = strtoull(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--names") == 0)
            o->names = (size_t)value;
        else if (strcmp(argv[i], "--queries") == 0)
            o->queries = (size_t)value;
        else if (strcmp(argv[i], "--scan-queries") == 0)
            o->scan_queries = (size_t)value;
        else if (strcmp(argv[i], "--seed") == 0)
            o->seed = value;
        else
            return false;
    }
    if (o->scan_queries == 0) {
        /* About two seconds of scanning whatever the size. */
        size_t budget = 150000000 / (o->names ? o->names : 1);
        o->scan_queries = budget < 30 ? 30 : budget;
    }
    if (o->scan_queries > o->queries)
        o->scan_queries = o->queries;
    return o->names > 0 && o->queries > 0;
}

static void add_listed(listed_keys *keys, const char *key, size_t length)
{
    keys->points = fl_xgrow(keys->points, &keys->capacity, keys->length + length,
                            sizeof *keys->points);
    size_t count = fl_name_code_points(key, length, keys->points + keys->length, length);
    keys->offsets[keys->count++] = keys->length;
    keys->length += count;
    keys->offsets[keys->count] = keys->length;
}

static int compare_matches(const void *a, const void *b)
{
    const fl_name_match *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Compares the query with every listed key. */
static size_t scan(const listed_keys *keys, const uint32_t *query, size_t length,
                   fl_name_match *out)
{
    size_t count = 0;
    for (size_t i = 0; i < keys->count; i++) {
        size_t listed_length = keys->offsets[i + 1] - keys->offsets[i];
        unsigned limit = fl_name_max_distance_auto(listed_length);
        unsigned distance = fl_name_distance(query, length, keys->points + keys->offsets[i],
                                             listed_length, limit);
        if (distance <= limit && count < MATCH_CAPACITY)
            out[count++] = (fl_name_match){(uint32_t)i, distance};
    }
    qsort(out, count, sizeof *out, compare_matches);
    return count;
}

static size_t peak_memory_kib(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (size_t)usage.ru_maxrss;
}

int main(int argc, char **argv)
{
    options o;
    if (!parse_options(argc, argv, &o)) {
        fprintf(stderr, "usage: bench_names [--names N] [--queries Q] [--scan-queries S] "
                        "[--seed X]\n");
        return 2;
    }

    /* The list. */
    fl_names_gen *gen = fl_names_gen_new(o.seed);
    fl_buffer name = FL_BUFFER_INIT, key = FL_BUFFER_INIT;
    char **names = fl_xmalloc(o.names * sizeof *names);
    for (size_t i = 0; i < o.names; i++) {
        fl_names_gen_next(gen, &name);
        names[i] = fl_xstrndup(name.data, name.length);
    }
    char **keys = fl_xmalloc(o.names * sizeof *keys);
    size_t *key_lengths = fl_xmalloc(o.names * sizeof *key_lengths);
    double started = now();
    for (size_t i = 0; i < o.names; i++) {
        fl_name_key(names[i], strlen(names[i]), KEY_FLAGS, &key);
        keys[i] = fl_xstrndup(key.data, key.length);
        key_lengths[i] = key.length;
    }
    double keying = now() - started;

    fl_name_index *index = fl_name_index_new();
    started = now();
    for (size_t i = 0; i < o.names; i++)
        fl_name_index_add(index, keys[i], key_lengths[i], (uint32_t)i);
    fl_name_index_finish(index);
    double building = now() - started;
    size_t index_bytes = fl_name_index_memory(index);

    listed_keys listed = {.offsets = fl_xmalloc((o.names + 1) * sizeof *listed.offsets)};
    listed.offsets[0] = 0;
    for (size_t i = 0; i < o.names; i++)
        add_listed(&listed, keys[i], key_lengths[i]);

    /* The queries, cycling through the kinds: query q is of kind q % KINDS. */
    fl_names_gen *strangers = fl_names_gen_new(o.seed ^ 0x5eed5eedULL);
    bench_query *queries = fl_xmalloc(o.queries * sizeof *queries);
    for (size_t q = 0; q < o.queries; q++) {
        int kind = (int)(q % KINDS);
        const char *source = names[fl_names_gen_below(gen, (uint32_t)o.names)];
        if (kind == 0) {
            fl_buffer_clear(&name);
            fl_buffer_append_string(&name, source);
        } else if (kind == 1) {
            fl_names_gen_typo(gen, source, strlen(source), 1 + fl_names_gen_below(gen, 2),
                              &name);
        } else {
            fl_names_gen_next(strangers, &name);
        }
        fl_name_key(name.data, name.length, KEY_FLAGS, &key);
        queries[q] = (bench_query){fl_xstrndup(fl_buffer_cstr(&key), key.length), key.length,
                                   kind};
    }

    fl_name_match *found = fl_xmalloc(MATCH_CAPACITY * sizeof *found);
    fl_name_match *expected = fl_xmalloc(MATCH_CAPACITY * sizeof *expected);
    double index_time[KINDS] = {0}, scan_time[KINDS] = {0};
    size_t index_count[KINDS] = {0}, scan_count[KINDS] = {0};
    size_t matches = 0;
    /* A kind at a time, timed as a whole: reading this thread's CPU clock costs about
     * as much as a lookup. */
    for (int k = 0; k < KINDS; k++) {
        started = now();
        for (size_t q = (size_t)k; q < o.queries; q += KINDS)
            matches += fl_name_index_lookup(index, queries[q].key, queries[q].length, AUTO,
                                            found, MATCH_CAPACITY);
        index_time[k] = now() - started;
        index_count[k] = (o.queries + KINDS - 1 - (size_t)k) / KINDS;
    }

    size_t disagreements = 0;
    uint32_t *points = NULL;
    size_t points_capacity = 0;
    for (size_t q = 0; q < o.scan_queries; q++) {
        points = fl_xgrow(points, &points_capacity, queries[q].length + 1, sizeof *points);
        size_t length = fl_name_code_points(queries[q].key, queries[q].length, points,
                                             queries[q].length);
        started = now();
        size_t want = scan(&listed, points, length, expected);
        scan_time[queries[q].kind] += now() - started;
        scan_count[queries[q].kind]++;
        size_t got = fl_name_index_lookup(index, queries[q].key, queries[q].length, AUTO,
                                          found, MATCH_CAPACITY);
        if (got != want || memcmp(found, expected, got * sizeof *found) != 0) {
            if (disagreements++ == 0)
                fprintf(stderr, "bench_names: index and scan disagree on \"%s\" (%zu vs %zu)\n",
                        queries[q].key, got, want);
        }
    }

    double index_total = 0, scan_total = 0;
    size_t scanned = 0;
    printf("names %zu, keyed in %.2f s, index built in %.2f s, index %.1f MiB\n", o.names,
           keying, building, (double)index_bytes / (1 << 20));
    printf("%-10s %10s %14s %14s\n", "queries", "count", "index us/op", "scan us/op");
    for (int k = 0; k < KINDS; k++) {
        index_total += index_time[k];
        scan_total += scan_time[k];
        scanned += scan_count[k];
        printf("%-10s %10zu %14.2f %14.1f\n", KIND_NAMES[k], index_count[k],
               1e6 * index_time[k] / (double)(index_count[k] ? index_count[k] : 1),
               1e6 * scan_time[k] / (double)(scan_count[k] ? scan_count[k] : 1));
    }
    double index_rate = (double)o.queries / index_total;
    double scan_rate = (double)scanned / scan_total;
    printf("mean matches per query %.2f; the %zu scanned queries checked against the "
           "index: %zu disagreements\n",
           (double)matches / (double)o.queries, scanned, disagreements);
    printf("result names=%zu build_s=%.3f index_per_s=%.0f scan_per_s=%.1f ratio=%.0f "
           "index_mib=%.1f peak_mib=%.1f disagreements=%zu\n",
           o.names, building, index_rate, scan_rate, index_rate / scan_rate,
           (double)index_bytes / (1 << 20), (double)peak_memory_kib() / 1024, disagreements);

    for (size_t q = 0; q < o.queries; q++)
        free(queries[q].key);
    for (size_t i = 0; i < o.names; i++) {
        free(names[i]);
        free(keys[i]);
    }
    free(queries);
    free(names);
    free(keys);
    free(key_lengths);
    free(found);
    free(expected);
    free(points);
    free(listed.points);
    free(listed.offsets);
    fl_name_index_free(index);
    fl_names_gen_free(gen);
    fl_names_gen_free(strangers);
    fl_buffer_free(&name);
    fl_buffer_free(&key);
    return disagreements ? 1 : 0;
}
