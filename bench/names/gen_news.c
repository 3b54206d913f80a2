/*
 * gen_news — English news articles and a names list for timing the names rules at
 * article speed (bench/names/scan_speed.sh).
 *
 * Writes into OUT_DIR:
 * - names.txt: NAMES names (names_gen.h: people, organisations, acronyms, places);
 * - names.rules: one names block that lists them, max-distance auto;
 * - articles/NNNNN.txt: ARTICLES articles of about BYTES / ARTICLES bytes each;
 * - article.txt: the same articles one after another, as one document.
 *
 * Each article has a cast: a few listed names, drawn so that some recur across the
 * articles as real news subjects do, a few names of the same kinds that are not
 * listed, and places. Its sentences, from templates of ordinary wording, numbers,
 * days and months, mention the cast again and again, people by their family name
 * after the first time; one mention in a hundred carries a typing mistake (names_gen
 * fl_names_gen_typo). The same arguments always give the same files.
 *
 * usage: gen_news OUT_DIR [--names N] [--articles N] [--bytes N] [--seed N]
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "memory.h"
#include "names_gen.h"

enum { CAST_LISTED = 6, CAST_UNLISTED = 4, CAST_PLACES = 3, TYPO_ONE_IN = 100 };

static const char *const DAYS[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};
static const char *const MONTHS[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
};
static const char *const NOUNS[] = {
    "people", "workers", "suspects", "families", "officials", "students", "victims",
    "residents", "migrants", "farmers", "patients", "detainees", "volunteers", "voters",
};
static const char *const THINGS[] = {
    "report", "investigation", "agreement", "budget", "crackdown", "inquiry", "proposal",
    "decision", "programme", "policy", "reform", "election", "ruling", "review",
};
static const char *const VERBS[] = {
    "detained", "released", "deported", "questioned", "charged", "registered", "evacuated",
    "rescued", "interviewed", "compensated", "arrested", "relocated", "screened",
};
static const char *const TOPICS[] = {
    "the border dispute", "rising food prices", "the new labour law", "flood relief",
    "the trade talks", "security in the region", "the upcoming vote", "land rights",
    "the fishing season", "access to clean water", "the rice harvest", "press freedom",
};

/* A sentence: each %X is a slot, the rest is written as is. %A and %B are cast
 * members, %P a place, %N a number, %D a day, %M a month, %n a noun, %t a thing, %v a
 * verb, %o a topic. */
static const char *const TEMPLATES[] = {
    "%A said on %D that %N %n had been %v in %P.",
    "According to %A, the %t was announced in %M after weeks of talks.",
    "%A and %B met in %P last week to discuss %o.",
    "A spokesperson for %A declined to comment on the %t.",
    "In a statement, %A said it would review the %t before the end of %M.",
    "%A told reporters in %P that %N %n were %v over the weekend.",
    "The figures could not be independently verified.",
    "%N %n were %v by %A in %M, up from %N a year earlier.",
    "It was not clear how many %n remained in %P on %D.",
    "%A has been critical of the %t, which %B described as a step forward.",
    "Officials in %P said the %t would affect about %N %n.",
    "%A, which monitors %o, said the numbers were likely higher.",
    "Speaking to %B on %D, %A called for an independent %t.",
    "Earlier this year, %A warned that %o could delay the %t.",
    "The %t comes as %A faces pressure over %o.",
    "%A did not respond to requests for comment.",
};

typedef struct options {
    const char *out;
    size_t names, articles, bytes;
    unsigned long long seed;
} options;

typedef struct cast_member {
    const char *name;
    const char *short_name; /* the family name a person is called by after first mention */
    bool mentioned;
} cast_member;

#define COUNT(array) (sizeof(array) / sizeof *(array))
#define PICK(gen, array) ((array)[fl_names_gen_below((gen), COUNT(array))])

static bool parse(int argc, char **argv, options *o)
{
    *o = (options){.names = 10000, .articles = 4000, .bytes = 20u << 20, .seed = 2025};
    if (argc < 2)
        return false;
    o->out = argv[1];
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 >= argc)
            return false;
        unsigned long long value = strtoull(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--names") == 0)
            o->names = (size_t)value;
        else if (strcmp(argv[i], "--articles") == 0)
            o->articles = (size_t)value;
        else if (strcmp(argv[i], "--bytes") == 0)
            o->bytes = (size_t)value;
        else if (strcmp(argv[i], "--seed") == 0)
            o->seed = value;
        else
            return false;
    }
    return o->names > 0 && o->articles > 0;
}

static FILE *open_file(const char *folder, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "w");
    if (!file) {
        fprintf(stderr, "gen_news: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return file;
}

static void close_file(FILE *file)
{
    if (ferror(file) || fclose(file) != 0) {
        fprintf(stderr, "gen_news: write error\n");
        exit(1);
    }
}

/* A person is called by the last word of the name after the first mention ("Chan"
 * for "Sokha Chan"); other names are written whole every time. */
static const char *short_name_of(fl_arena *arena, const char *name, fl_names_gen_kind kind)
{
    const char *space = strrchr(name, ' ');
    if (kind != FL_NAMES_GEN_PERSON || !space)
        return name;
    return fl_arena_strdup(arena, space + 1);
}

/* Zipf-like: small numbers far more often than large ones, as some subjects are in the
 * news every day and most now and then. */
static size_t popular(fl_names_gen *gen, size_t count)
{
    double u = (double)fl_names_gen_below(gen, 1u << 30) / (double)(1u << 30);
    size_t pick = (size_t)((double)count * u * u * u);
    return pick < count ? pick : count - 1;
}

static void write_mention(fl_names_gen *gen, cast_member *who, fl_buffer *typo,
                          fl_buffer *out)
{
    const char *text = who->mentioned ? who->short_name : who->name;
    who->mentioned = true;
    if (fl_names_gen_below(gen, TYPO_ONE_IN) == 0) {
        fl_names_gen_typo(gen, text, strlen(text), 1, typo);
        fl_buffer_append(out, typo->data, typo->length);
        return;
    }
    fl_buffer_append_string(out, text);
}

static void write_number(fl_names_gen *gen, fl_buffer *out)
{
    uint32_t size = fl_names_gen_below(gen, 4);
    if (size == 0)
        fl_buffer_printf(out, "%u", 2 + fl_names_gen_below(gen, 98));
    else if (size == 1)
        fl_buffer_printf(out, "%u", 100 + fl_names_gen_below(gen, 900));
    else if (size == 2)
        fl_buffer_printf(out, "%u,%03u", 1 + fl_names_gen_below(gen, 99),
                         fl_names_gen_below(gen, 1000));
    else
        fl_buffer_printf(out, "about %u,000", 1 + fl_names_gen_below(gen, 20));
}

static void write_sentence(fl_names_gen *gen, cast_member *cast, size_t cast_count,
                           const char *const *places, fl_buffer *typo, fl_buffer *out)
{
    const char *template = PICK(gen, TEMPLATES);
    size_t a = fl_names_gen_below(gen, (uint32_t)cast_count);
    size_t b = (a + 1 + fl_names_gen_below(gen, (uint32_t)cast_count - 1)) % cast_count;
    for (const char *p = template; *p; p++) {
        if (*p != '%') {
            fl_buffer_append_char(out, *p);
            continue;
        }
        switch (*++p) {
        case 'A':
            write_mention(gen, &cast[a], typo, out);
            break;
        case 'B':
            write_mention(gen, &cast[b], typo, out);
            break;
        case 'P':
            fl_buffer_append_string(out, places[fl_names_gen_below(gen, CAST_PLACES)]);
            break;
        case 'N':
            write_number(gen, out);
            break;
        case 'D':
            fl_buffer_append_string(out, PICK(gen, DAYS));
            break;
        case 'M':
            fl_buffer_append_string(out, PICK(gen, MONTHS));
            break;
        case 'n':
            fl_buffer_append_string(out, PICK(gen, NOUNS));
            break;
        case 't':
            fl_buffer_append_string(out, PICK(gen, THINGS));
            break;
        case 'v':
            fl_buffer_append_string(out, PICK(gen, VERBS));
            break;
        default:
            fl_buffer_append_string(out, PICK(gen, TOPICS));
            break;
        }
    }
}

int main(int argc, char **argv)
{
    options o;
    if (!parse(argc, argv, &o)) {
        fprintf(stderr, "usage: gen_news OUT_DIR [--names N] [--articles N] [--bytes N] "
                        "[--seed N]\n");
        return 2;
    }
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/articles", o.out);
    if ((mkdir(o.out, 0777) != 0 && errno != EEXIST) ||
        (mkdir(folder, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "gen_news: cannot create %s: %s\n", folder, strerror(errno));
        return 1;
    }

    fl_arena list_arena = FL_ARENA_INIT, arena = FL_ARENA_INIT;
    fl_buffer name = FL_BUFFER_INIT, typo = FL_BUFFER_INIT;
    fl_names_gen *listed_gen = fl_names_gen_new(o.seed);
    fl_names_gen *unlisted_gen = fl_names_gen_new(o.seed ^ 0x6e657773ULL);
    fl_names_gen *gen = fl_names_gen_new(o.seed ^ 0x74657874ULL);

    const char **listed = fl_xmalloc(o.names * sizeof *listed);
    fl_names_gen_kind *kinds = fl_xmalloc(o.names * sizeof *kinds);
    FILE *list = open_file(o.out, "names.txt");
    fputs("# generated by bench/names/gen_news\n", list);
    for (size_t i = 0; i < o.names; i++) {
        kinds[i] = fl_names_gen_next_kind(listed_gen, &name);
        listed[i] = fl_arena_strndup(&list_arena, name.data, name.length);
        fprintf(list, "%s\n", listed[i]);
    }
    close_file(list);
    FILE *rules = open_file(o.out, "names.rules");
    fputs("names generated {\n  severity warning\n  max-distance auto\n"
          "  list \"names.txt\"\n}\n", rules);
    close_file(rules);

    FILE *whole = open_file(o.out, "article.txt");
    fl_buffer text = FL_BUFFER_INIT;
    size_t per_article = o.bytes / o.articles;
    for (size_t article = 0; article < o.articles; article++) {
        cast_member cast[CAST_LISTED + CAST_UNLISTED];
        const char *places[CAST_PLACES];
        size_t cast_count = 0;
        fl_arena_reset(&arena);
        for (size_t i = 0; i < CAST_LISTED; i++) {
            size_t chosen = popular(gen, o.names);
            cast[cast_count++] = (cast_member){
                listed[chosen], short_name_of(&arena, listed[chosen], kinds[chosen]), false};
        }
        for (size_t i = 0; i < CAST_UNLISTED; i++) {
            fl_names_gen_kind kind = fl_names_gen_next_kind(unlisted_gen, &name);
            const char *chosen = fl_arena_strndup(&arena, name.data, name.length);
            cast[cast_count++] = (cast_member){chosen, short_name_of(&arena, chosen, kind), false};
        }
        for (size_t i = 0; i < CAST_PLACES; i++) {
            fl_names_gen_town(unlisted_gen, &name);
            places[i] = fl_arena_strndup(&arena, name.data, name.length);
        }

        fl_buffer_clear(&text);
        while (text.length < per_article) {
            size_t sentences = 2 + fl_names_gen_below(gen, 4);
            for (size_t s = 0; s < sentences; s++) {
                if (s > 0)
                    fl_buffer_append_char(&text, ' ');
                write_sentence(gen, cast, cast_count, places, &typo, &text);
            }
            fl_buffer_append_string(&text, "\n\n");
        }
        char file_name[64];
        snprintf(file_name, sizeof file_name, "articles/%05zu.txt", article);
        FILE *out = open_file(o.out, file_name);
        fwrite(text.data, 1, text.length, out);
        close_file(out);
        fwrite(text.data, 1, text.length, whole);
    }
    close_file(whole);

    free(listed);
    free(kinds);
    fl_names_gen_free(listed_gen);
    fl_names_gen_free(unlisted_gen);
    fl_names_gen_free(gen);
    fl_buffer_free(&name);
    fl_buffer_free(&typo);
    fl_buffer_free(&text);
    fl_arena_free(&arena);
    fl_arena_free(&list_arena);
    return 0;
}
