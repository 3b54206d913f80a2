#include "names_check.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "builtin.h"
#include "mentions.h"
#include "names_connectors.h"
#include "names_distance.h"
#include "names_index.h"
#include "names_inflection.h"
#include "names_memo.h"
#include "names_normalize.h"
#include "names_spelling_map.h"
#include "names_variants.h"
#include "strmap.h"
#include "utf8.h"

enum {
    KEY_FLAGS = FL_NAME_FOLD | FL_NAME_STRIP_MARKS,
    /* Acronyms are dense below five letters: one letter off a four-letter acronym is
     * most often another acronym (UNDP, UNPD), rarely a slip. */
    ACRONYM_NEAR_LETTERS = 5,
};

/* One spelling a names block lists: a name, or an alias of one. */
typedef struct listed {
    const fl_names_block *block;
    const char *name;       /* the canonical spelling, suggested for a near-miss */
    const char *spelling;   /* as listed: the name, or an alias of it ("UNICEF") */
    const char *key;        /* its match key */
    const char *exact;      /* the spelling's key without folding: equal means exact */
    size_t characters;      /* of its folded key, for max-distance auto */
    /* All capitals ("ASEAN"): an acronym is compared with acronyms only, since one
     * letter off in title case is another word ("Asian"), not a misspelling. */
    bool acronym;
} listed;

typedef struct row {
    const char *name;
    size_t length;
    fl_location location;
} row;

/* The rows one document has, and whether it was checked. */
typedef struct row_group {
    const char *doc;
    size_t *rows;
    size_t count, capacity;
    bool done;
} row_group;

/* A run of words to look at: an article mention, or a names-table row as one word.
 * Made when needed (run_at()) rather than kept, since a large article has hundreds of
 * thousands: its words, line and the rest are the mention's, not copied. */
typedef struct run {
    const char *text;           /* what the mention's offsets count from */
    const fl_mention *mention;  /* made up for a row */
    bool *covered;              /* per word: part of a span that matched a listed name */
    const fl_location *row;     /* a row's place, or NULL for the mention's line */
} run;

/* A names-table row to look at, as a run of one word. */
typedef struct row_run {
    const char *text;
    const fl_mention *mention;
    const fl_location *row;
} row_run;

/* Words [first, last] of run `run`, where a spelling occurs. In 32 bits, half of what
 * a large article's hundreds of thousands of occurrences took in 64: an article of
 * 64 MiB, the most that is read, has far fewer than 2^32 runs or occurrences. */
typedef struct occurrence {
    uint32_t run, first, last;
    uint32_t next; /* the spelling's next occurrence, or NO_OCCURRENCE */
} occurrence;

#define NO_OCCURRENCE UINT32_MAX

/* Where a spelling of a name that matched nothing listed occurs: its occurrences are
 * chained in text order from `first` to `last`. */
typedef struct chain {
    uint32_t first, last;
} chain;

/* A spelling a names block accepts, chained to the others with the same exact key. */
typedef struct accepted {
    const fl_accepted_spelling *source;
    const fl_names_block *block;
    size_t next; /* SIZE_MAX: the last */
} accepted;

/* Matches found by one lookup, in a buffer that grows to hold them. */
typedef struct match_list {
    fl_name_match *items;
    size_t count, capacity;
} match_list;

/* A span's key and the answer of its lookup, made for the pass of exact matches and
 * kept for the pass of near ones: where they sit in the checker's stores. */
typedef struct span_answer {
    bool keyed; /* the span was free and has a key */
    size_t key_start, key_length;
    size_t matches_start, match_count;
} span_answer;

struct fl_names_checker {
    const fl_ruleset *rules;
    /* The findings of a disabled rule are dropped: the variants search is made only
     * when names/variant is enabled. */
    bool variants_enabled;
    fl_name_index *index;
    /* The connector keys of the listed spellings that have inner connectors. */
    fl_name_connectors *connectors;
    fl_name_index *connector_index;
    size_t connector_entries;
    /* At most the edits from any key of connector_index to a key without connectors
     * or spaces: its connectors (one at least) and its spaces must all go. */
    size_t connector_floor;
    fl_name_memo *memo; /* the lookups of spans met before */
    listed *listed;
    size_t listed_count, listed_capacity;
    int lookup_distance;
    size_t max_words;
    accepted *accepted;
    size_t accepted_count, accepted_capacity;
    fl_strmap accepted_by_key; /* exact key -> the first accepted spelling with it */
    fl_arena arena;

    row *rows;
    size_t row_count, row_capacity;
    row_group *groups;
    size_t group_count, group_capacity;
    fl_strmap group_by_doc;

    fl_buffer key, exact, connector_key;
    match_list matches, connector_matches;
    /* The answers for the spans of one length in one run (see match_listed()). */
    span_answer *answers;
    size_t answer_capacity;
    fl_buffer answer_keys;
    match_list answer_matches;
    const char *document_path; /* of the document being checked */
    /* The document's runs: its article's mentions, then its rows, and per word of
     * theirs whether it is covered, each run's flags after the last one's. */
    const char *text;
    const fl_mention *mentions;
    size_t mention_count, run_count, word_count;
    row_run *row_runs;
    size_t row_run_capacity;
    bool *covered;
    size_t covered_capacity;
    /* The spellings of the document, with where each occurs and its partner. */
    fl_name_spelling *spellings;
    chain *chains;
    fl_name_variant *variants;
    size_t spelling_count, spelling_capacity, chain_capacity, variant_capacity;
    fl_name_spelling_map spelling_by_key;
    fl_name_variants_work *variants_work;
    occurrence *occurrences;
    size_t occurrence_count, occurrence_capacity;
};

static size_t word_count_of(const char *text)
{
    size_t words = 1;
    for (const char *p = text; *p; p++)
        words += *p == ' ';
    return words;
}

static bool is_acronym(const char *text, size_t length)
{
    bool upper = false;
    for (size_t i = 0; i < length;) {
        uint32_t character;
        i += fl_utf8_decode(text + i, length - i, &character);
        if (uc_is_lower(character))
            return false;
        upper = upper || uc_is_upper(character);
    }
    return upper;
}

static void add_listed(fl_names_checker *c, const fl_names_block *block, const char *written_as,
                       const char *name)
{
    fl_buffer *key = &c->key;
    if (!fl_name_key(written_as, strlen(written_as), KEY_FLAGS, key) || key->length == 0)
        return;
    c->listed = fl_xgrow(c->listed, &c->listed_capacity, c->listed_count + 1,
                         sizeof *c->listed);
    listed *entry = &c->listed[c->listed_count];
    entry->block = block;
    entry->name = name;
    entry->spelling = written_as;
    entry->key = fl_arena_strndup(&c->arena, key->data, key->length);
    entry->characters = fl_utf8_count(key->data, key->length);
    size_t words = word_count_of(fl_buffer_cstr(key));
    if (words > c->max_words)
        c->max_words = words;
    fl_name_index_add(c->index, key->data, key->length, (uint32_t)c->listed_count);
    fl_name_connectors_learn(c->connectors, written_as, strlen(written_as));
    fl_name_key(written_as, strlen(written_as), 0, &c->exact);
    entry->exact = fl_arena_strdup(&c->arena, fl_buffer_cstr(&c->exact));
    entry->acronym = is_acronym(written_as, strlen(written_as));
    c->listed_count++;
}

/* Chains `source` after the spellings accepted earlier with the same exact key, so
 * that the first one given decides. */
static void add_accepted(fl_names_checker *c, const fl_names_block *block,
                         const fl_accepted_spelling *source)
{
    const char *text = source->spelling;
    if (!fl_name_key(text, strlen(text), 0, &c->exact) || c->exact.length == 0)
        return;
    c->accepted = fl_xgrow(c->accepted, &c->accepted_capacity, c->accepted_count + 1,
                           sizeof *c->accepted);
    size_t index = c->accepted_count++;
    c->accepted[index] = (accepted){source, block, SIZE_MAX};
    size_t first;
    if (!fl_strmap_get(&c->accepted_by_key, c->exact.data, c->exact.length, &first)) {
        fl_strmap_put(&c->accepted_by_key, fl_arena_strndup(&c->arena, c->exact.data,
                                                            c->exact.length),
                      c->exact.length, index);
        return;
    }
    while (c->accepted[first].next != SIZE_MAX)
        first = c->accepted[first].next;
    c->accepted[first].next = index;
}

static size_t count_spaces(const fl_buffer *key)
{
    size_t spaces = 0;
    for (size_t i = 0; i < key->length; i++)
        spaces += key->data[i] == ' ';
    return spaces;
}

fl_names_checker *fl_names_checker_new(const fl_ruleset *rules)
{
    fl_names_checker *c = fl_xcalloc(1, sizeof *c);
    c->rules = rules;
    c->variants_enabled = fl_ruleset_enabled(rules, "names/variant");
    c->index = fl_name_index_new();
    c->connectors = fl_name_connectors_new();
    c->connector_index = fl_name_index_new();
    /* One lookup serves every block: "auto" when all blocks use it (the index then
     * judges each name by its own length), else the widest block's distance. */
    bool all_auto = true;
    for (size_t b = 0; b < rules->names_count; b++) {
        const fl_names_block *block = rules->names[b];
        if (!block->enabled)
            continue;
        all_auto = all_auto && block->max_distance < 0;
        int distance = block->max_distance < 0 ? FL_NAME_INDEX_MAX_DISTANCE
                                               : block->max_distance;
        if (distance > c->lookup_distance)
            c->lookup_distance = distance;
        for (size_t i = 0; i < block->name_count; i++) {
            const fl_listed_name *entry = &block->names[i];
            add_listed(c, block, entry->name, entry->name);
            if (entry->alias)
                add_listed(c, block, entry->alias, entry->name);
        }
        for (size_t i = 0; i < block->accepted_count; i++)
            add_accepted(c, block, &block->accepted[i]);
    }
    if (all_auto)
        c->lookup_distance = -1;
    c->memo = fl_name_memo_new();
    c->variants_work = fl_name_variants_work_new();
    /* Once every connector is learnt: a name listed later may teach one to an earlier. */
    for (size_t i = 0; i < c->listed_count; i++) {
        const char *key = c->listed[i].key;
        if (fl_name_connector_key(c->connectors, key, strlen(key), &c->connector_key)) {
            fl_name_index_add(c->connector_index, c->connector_key.data,
                              c->connector_key.length, (uint32_t)i);
            size_t edits = 1 + count_spaces(&c->connector_key);
            if (c->connector_entries++ == 0 || edits < c->connector_floor)
                c->connector_floor = edits;
        }
    }
    fl_name_index_finish(c->index);
    fl_name_index_finish(c->connector_index);
    return c;
}

void fl_names_checker_free(fl_names_checker *c)
{
    if (!c)
        return;
    fl_name_index_free(c->index);
    fl_name_index_free(c->connector_index);
    fl_name_connectors_free(c->connectors);
    fl_name_memo_free(c->memo);
    free(c->listed);
    free(c->accepted);
    fl_strmap_free(&c->accepted_by_key);
    free(c->rows);
    for (size_t i = 0; i < c->group_count; i++)
        free(c->groups[i].rows);
    free(c->groups);
    fl_strmap_free(&c->group_by_doc);
    fl_name_spelling_map_free(&c->spelling_by_key);
    fl_name_variants_work_free(c->variants_work);
    fl_buffer_free(&c->key);
    fl_buffer_free(&c->exact);
    fl_buffer_free(&c->connector_key);
    free(c->matches.items);
    free(c->answers);
    fl_buffer_free(&c->answer_keys);
    free(c->answer_matches.items);
    free(c->connector_matches.items);
    free(c->row_runs);
    free(c->covered);
    free(c->spellings);
    free(c->chains);
    free(c->variants);
    free(c->occurrences);
    fl_arena_free(&c->arena);
    free(c);
}

static row_group *find_group(const fl_names_checker *c, const char *doc)
{
    size_t index;
    if (!fl_strmap_get(&c->group_by_doc, doc, strlen(doc), &index))
        return NULL;
    return &c->groups[index];
}

void fl_names_checker_add_row(fl_names_checker *c, const char *doc, const char *name,
                              size_t length, const fl_location *location)
{
    row_group *group = find_group(c, doc);
    if (!group) {
        c->groups = fl_xgrow(c->groups, &c->group_capacity, c->group_count + 1,
                             sizeof *c->groups);
        group = &c->groups[c->group_count];
        *group = (row_group){.doc = fl_arena_strdup(&c->arena, doc)};
        fl_strmap_put(&c->group_by_doc, group->doc, strlen(group->doc), c->group_count++);
    }
    c->rows = fl_xgrow(c->rows, &c->row_capacity, c->row_count + 1, sizeof *c->rows);
    row *r = &c->rows[c->row_count];
    r->name = fl_arena_strndup(&c->arena, name, length);
    r->length = length;
    r->location = *location;
    if (r->location.file && strcmp(r->location.file, doc) == 0)
        r->location.file = group->doc;
    if (!r->location.length)
        r->location.length = (uint32_t)fl_utf8_count(name, length);
    group->rows = fl_xgrow(group->rows, &group->capacity, group->count + 1,
                           sizeof *group->rows);
    group->rows[group->count++] = c->row_count++;
}

bool fl_names_checker_has_rows(const fl_names_checker *c, const char *doc)
{
    return find_group((fl_names_checker *)c, doc) != NULL;
}

const char *fl_names_checker_pending(const fl_names_checker *c)
{
    for (size_t i = 0; i < c->group_count; i++)
        if (!c->groups[i].done)
            return c->groups[i].doc;
    return NULL;
}

/* ---- runs and spans ---- */

/* Run `index` of the document, with `covered` as its flags. */
static run run_at(const fl_names_checker *c, size_t index, bool *covered)
{
    if (index < c->mention_count)
        return (run){c->text, &c->mentions[index], covered, NULL};
    const row_run *r = &c->row_runs[index - c->mention_count];
    return (run){r->text, r->mention, covered, r->row};
}

/* A row that points at a word the text scan already found adds nothing. */
static bool shown_in_text(const fl_strmap *text_words, const fl_document *document,
                          const fl_location *location)
{
    if (location->file != document->path && (!location->file ||
                                              strcmp(location->file, document->path) != 0))
        return false;
    uint32_t place[2] = {location->line, location->column};
    size_t ignored;
    return fl_strmap_get(text_words, (const char *)place, sizeof place, &ignored);
}

/* The places (line, column) of the words of the article's mentions, as keys of
 * `text_words` whose bytes live in the document's arena. */
static void index_text_words(const fl_names_checker *c, fl_document *document,
                             fl_strmap *text_words)
{
    for (size_t i = 0; i < c->mention_count; i++) {
        const fl_mention *m = &c->mentions[i];
        uint32_t *places = fl_arena_alloc(&document->arena, 2 * m->word_count * sizeof *places);
        for (size_t w = 0; w < m->word_count; w++) {
            places[2 * w] = m->line;
            places[2 * w + 1] = m->words[w].column;
            fl_strmap_put(text_words, (const char *)&places[2 * w], 2 * sizeof *places, i);
        }
    }
}

/* `scanned`: the article's mentions, found already; NULL to scan the text here. */
static void gather_runs(fl_names_checker *c, fl_document *document,
                        const fl_mention_list *scanned)
{
    c->document_path = document->path;
    c->text = document->text.data;
    c->mentions = NULL;
    c->mention_count = 0;
    c->word_count = 0;
    fl_arena *arena = &document->arena;
    if (document->has_text) {
        fl_mention_list mentions;
        if (scanned)
            mentions = *scanned;
        else
            fl_mentions_scan_joined(document->text.data, document->text.length,
                                    fl_name_connectors_joiners(c->connectors), arena,
                                    &mentions);
        c->mentions = mentions.items;
        c->mention_count = mentions.count;
        for (size_t i = 0; i < mentions.count; i++)
            c->word_count += mentions.items[i].word_count;
    }
    c->run_count = c->mention_count;
    row_group *group = find_group(c, document->path);
    if (!group)
        return;
    group->done = true;
    fl_strmap text_words = FL_STRMAP_INIT;
    index_text_words(c, document, &text_words);
    for (size_t i = 0; i < group->count; i++) {
        const row *source = &c->rows[group->rows[i]];
        if (shown_in_text(&text_words, document, &source->location))
            continue;
        size_t at = c->run_count - c->mention_count;
        c->row_runs = fl_xgrow(c->row_runs, &c->row_run_capacity, at + 1, sizeof *c->row_runs);
        row_run *r = &c->row_runs[at];
        c->run_count++;
        fl_mention_word *word = fl_arena_alloc(arena, sizeof *word);
        word->offset = 0;
        word->length = (uint32_t)source->length;
        word->column = source->location.column;
        fl_mention *mention = fl_arena_alloc(arena, sizeof *mention);
        mention->length = word->length;
        mention->column = word->column;
        mention->words = word;
        mention->word_count = 1;
        *r = (row_run){source->name, mention, &source->location};
        c->word_count++;
    }
    fl_strmap_free(&text_words);
}

/* Bytes of words [first, last] of a run. */
static void span_text(const run *r, size_t first, size_t last, const char **text,
                      size_t *length)
{
    const fl_mention_word *words = r->mention->words;
    *text = r->text + words[first].offset;
    *length = words[last].offset + words[last].length - words[first].offset;
}

static fl_location span_location(const fl_names_checker *c, const run *r, size_t first,
                                 size_t last)
{
    fl_location location = r->row ? *r->row
                                  : (fl_location){.file = c->document_path,
                                                  .line = r->mention->line,
                                                  .line_offset = FL_NO_OFFSET};
    const char *text;
    size_t length;
    span_text(r, first, last, &text, &length);
    uint32_t column = r->mention->words[first].column;
    location.column = column ? column : location.column;
    location.length = (uint32_t)fl_utf8_count(text, length);
    return location;
}

static bool span_free(const run *r, size_t first, size_t last)
{
    if (r->mention->words[first].connector || r->mention->words[last].connector)
        return false;
    for (size_t i = first; i <= last; i++)
        if (r->covered[i])
            return false;
    return true;
}

static void cover(run *r, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        r->covered[i] = true;
}

/* The lookups the checker makes, each of one index with one distance. */
enum { LOOKUP_NEAR, LOOKUP_CONNECTORS };

/* Fills `matches` with the keys of `index` within `distance` of `key`, answering from
 * the memo when lookup `kind` of this key was made before. */
static void lookup(fl_names_checker *c, unsigned char kind, const fl_name_index *index,
                   const fl_buffer *key, int distance, match_list *matches)
{
    const fl_name_match *known;
    size_t count;
    if (fl_name_memo_get(c->memo, kind, key->data, key->length, &known, &count)) {
        matches->items = fl_xgrow(matches->items, &matches->capacity, count,
                                  sizeof *matches->items);
        if (count > 0)
            memcpy(matches->items, known, count * sizeof *known);
        matches->count = count;
        return;
    }
    for (;;) {
        matches->count = fl_name_index_lookup(index, key->data, key->length, distance,
                                              matches->items, matches->capacity);
        if (matches->count <= matches->capacity)
            break;
        matches->items = fl_xgrow(matches->items, &matches->capacity, matches->count,
                                  sizeof *matches->items);
    }
    fl_name_memo_put(c->memo, kind, key->data, key->length, matches->items, matches->count);
}

/* Does `entry`'s block accept a mention `distance` edits away? */
static bool within_block(const listed *entry, unsigned distance)
{
    int allowed = entry->block->max_distance;
    if (allowed < 0)
        allowed = (int)fl_name_max_distance_auto(entry->characters);
    return (int)distance <= allowed;
}

static char *span_copy(fl_document *document, const run *r, size_t first, size_t last)
{
    const char *text;
    size_t length;
    span_text(r, first, last, &text, &length);
    return fl_arena_strndup(&document->arena, text, length);
}

/* Whether glob `pattern` matches `path` or a part of it after a '/': "bbc/story-?.txt"
 * matches "news/bbc/story-1.txt". A '*' stays within a folder. */
static bool documents_match(const char *pattern, const char *path)
{
    for (const char *tail = path; tail;) {
        if (fnmatch(pattern, tail, FNM_PATHNAME) == 0)
            return true;
        const char *slash = strchr(tail, '/');
        tail = slash ? slash + 1 : NULL;
    }
    return false;
}

/* Suppresses `finding` when a names block accepts `mention` as written, in every
 * document or in this one. */
static void settle_acceptance(fl_names_checker *c, fl_document *document,
                              fl_finding *finding, const char *mention)
{
    size_t index;
    if (c->accepted_count == 0 || !fl_name_key(mention, strlen(mention), 0, &c->exact) ||
        !fl_strmap_get(&c->accepted_by_key, c->exact.data, c->exact.length, &index))
        return;
    for (; index != SIZE_MAX; index = c->accepted[index].next) {
        const accepted *a = &c->accepted[index];
        const fl_accepted_spelling *source = a->source;
        if (source->documents && !documents_match(source->documents, document->path))
            continue;
        finding->suppression = FL_SUPPRESSION_ACCEPTED;
        finding->justification =
            source->documents
                ? fl_arena_printf(&document->arena,
                                  "house spelling accepted in %s by names block %s (%s:%u)",
                                  source->documents, a->block->id, source->file, source->line)
                : fl_arena_printf(&document->arena,
                                  "house spelling accepted by names block %s (%s:%u)",
                                  a->block->id, source->file, source->line);
        return;
    }
}

/* Equal to a listed spelling after folding: fine when exactly equal, else a case or
 * accent difference. The equal keys are the matches at distance 0, which come first.
 * Returns whether the span matched. */
static bool match_exact(fl_names_checker *c, fl_document *document, run *r, size_t first,
                        size_t last)
{
    size_t found = 0;
    while (found < c->matches.count && c->matches.items[found].distance == 0)
        found++;
    if (found == 0)
        return false;
    const char *text;
    size_t length;
    span_text(r, first, last, &text, &length);
    fl_name_key(text, length, 0, &c->exact);
    const listed *differing = NULL;
    for (size_t i = 0; i < found; i++) {
        const listed *entry = &c->listed[c->matches.items[i].id];
        if (strcmp(entry->exact, fl_buffer_cstr(&c->exact)) == 0) {
            differing = NULL;
            break;
        }
        if (!differing)
            differing = entry;
    }
    cover(r, first, last);
    if (!differing)
        return true;
    char *mention = span_copy(document, r, first, last);
    fl_location location = span_location(c, r, first, last);
    /* The spelling it comes close to, which may be an alias: "Unicef" is "UNICEF" in
     * other letters, not "United Nations Children's Fund". */
    char *subject = fl_arena_printf(&document->arena, "%s\x1f%s", mention,
                                    differing->spelling);
    fl_finding *finding = fl_builtin_report(
        document, "names/case", &location, subject,
        "\"%s\" differs from the listed \"%s\" only in case or accents", mention,
        differing->spelling);
    finding->suggestion = differing->spelling;
    finding->distance = 0;
    settle_acceptance(c, document, finding, mention);
    return true;
}

/* Whether one of the matches is a listed name that the span's key inflects
 * ("Philippine" for "Philippines"): the span is that name, in another form. */
static bool inflects_listed(const fl_names_checker *c)
{
    for (size_t i = 0; i < c->matches.count; i++) {
        const listed *entry = &c->listed[c->matches.items[i].id];
        if (fl_name_inflections(c->key.data, c->key.length, entry->key, strlen(entry->key)))
            return true;
    }
    return false;
}

/* Whether words [first, last] of `r` read as an acronym: one word in capitals, in
 * running text (not a headline), that the text never writes in lower case. */
static bool is_acronym_span(const run *r, size_t first, size_t last)
{
    if (first != last || r->mention->in_capitals_line ||
        r->mention->words[first].in_lower_case_elsewhere)
        return false;
    const char *text;
    size_t length;
    span_text(r, first, last, &text, &length);
    return is_acronym(text, length);
}

/* Whether an acronym `distance` edits from listed acronym `entry` is a near-miss:
 * within one edit of a single word of five letters or more ("NDRMC" for "NDRRMC"),
 * and never beyond the block's max-distance. */
static bool within_acronym(const listed *entry, unsigned distance)
{
    if (strchr(entry->key, ' ') || entry->characters < ACRONYM_NEAR_LETTERS)
        return false;
    return distance <= 1 && within_block(entry, distance);
}

/* The closest of `matches` that its block takes for a near-miss, if closer than `best`
 * (ties go to the spelling listed first). A listed acronym is only near an acronym. */
static const fl_name_match *closer_near_miss(const fl_names_checker *c,
                                             const match_list *matches, bool acronym,
                                             const fl_name_match *best)
{
    for (size_t i = 0; i < matches->count; i++) {
        const fl_name_match *match = &matches->items[i];
        const listed *entry = &c->listed[match->id];
        if (match->distance == 0)
            continue;
        if (entry->acronym ? !acronym || !within_acronym(entry, match->distance)
                           : !within_block(entry, match->distance))
            continue;
        if (!best || match->distance < best->distance ||
            (match->distance == best->distance && match->id < best->id))
            best = match;
    }
    return best;
}

/* A near-miss is within the block's distance of a listed spelling, counted over
 * characters or over connector keys, whichever is closer: "Region of" for "Region in"
 * is one edit. */
static bool match_near(fl_names_checker *c, fl_document *document, run *r, size_t first,
                       size_t last)
{
    if (inflects_listed(c)) {
        cover(r, first, last);
        return true;
    }
    bool acronym = is_acronym_span(r, first, last);
    const fl_name_match *best = closer_near_miss(c, &c->matches, acronym, NULL);
    if (c->connector_entries > 0) {
        /* Judged below by each block's distance for the name's whole length. */
        int distance =
            c->lookup_distance < 0 ? FL_NAME_INDEX_MAX_DISTANCE : c->lookup_distance;
        /* A key without connectors is at least the floor less its own spaces from
         * every connector key, as the counts of connectors and spaces tell: most spans
         * of one word need no lookup, nor the connector key, which has the key's
         * spaces. */
        size_t spaces = count_spaces(&c->key);
        bool within_floor = c->connector_floor <= spaces + (size_t)distance;
        if (within_floor || fl_name_connector_key_may_differ(c->key.data, c->key.length)) {
            bool has_connectors = fl_name_connector_key(c->connectors, c->key.data,
                                                        c->key.length, &c->connector_key);
            if (has_connectors || within_floor) {
                lookup(c, LOOKUP_CONNECTORS, c->connector_index, &c->connector_key,
                       distance, &c->connector_matches);
                best = closer_near_miss(c, &c->connector_matches, acronym, best);
            }
        }
    }
    if (!best)
        return false;
    const listed *entry = &c->listed[best->id];
    cover(r, first, last);
    char *mention = span_copy(document, r, first, last);
    fl_location location = span_location(c, r, first, last);
    /* An acronym is answered with the acronym, not the name it stands for. */
    const char *suggestion = entry->acronym ? entry->spelling : entry->name;
    char *subject = fl_arena_printf(&document->arena, "%s\x1f%s", fl_buffer_cstr(&c->key),
                                    suggestion);
    fl_finding *finding = fl_builtin_report(document, "names/near-miss", &location, subject,
                                            "\"%s\" looks like a misspelling of \"%s\"",
                                            mention, suggestion);
    if (entry->block->severity_set)
        finding->severity = entry->block->severity;
    finding->suggestion = suggestion;
    finding->distance = (int)best->distance;
    settle_acceptance(c, document, finding, mention);
    return true;
}

/* Whether words [first, last] of `r` are free and have a match key, which it leaves
 * in c->key. */
static bool free_span_key(fl_names_checker *c, const run *r, size_t first, size_t last)
{
    if (!span_free(r, first, last))
        return false;
    const char *text;
    size_t length;
    span_text(r, first, last, &text, &length);
    return fl_name_key(text, length, KEY_FLAGS, &c->key) && c->key.length > 0;
}

/* Keeps c->key and c->matches as the answer for a span. */
static void remember_answer(fl_names_checker *c, span_answer *answer)
{
    answer->keyed = true;
    answer->key_start = c->answer_keys.length;
    answer->key_length = c->key.length;
    fl_buffer_append(&c->answer_keys, c->key.data, c->key.length);
    match_list *kept = &c->answer_matches;
    answer->matches_start = kept->count;
    answer->match_count = c->matches.count;
    kept->items = fl_xgrow(kept->items, &kept->capacity, kept->count + c->matches.count,
                           sizeof *kept->items);
    if (c->matches.count > 0)
        memcpy(kept->items + kept->count, c->matches.items,
               c->matches.count * sizeof *kept->items);
    kept->count += c->matches.count;
}

/* Sets c->key and c->matches back to a span's answer. */
static void recall_answer(fl_names_checker *c, const span_answer *answer)
{
    fl_buffer_clear(&c->key);
    fl_buffer_append(&c->key, c->answer_keys.data + answer->key_start, answer->key_length);
    c->matches.items = fl_xgrow(c->matches.items, &c->matches.capacity, answer->match_count,
                                sizeof *c->matches.items);
    if (answer->match_count > 0)
        memcpy(c->matches.items, c->answer_matches.items + answer->matches_start,
               answer->match_count * sizeof *c->matches.items);
    c->matches.count = answer->match_count;
}

/* Looks the spans of a run up, longest first, and at each length exact matches before
 * near ones. A listed name inside a longer run is found ("Prime Minister Hun Sen"
 * gives "Hun Sen"), and a misspelt long name is not hidden by a shorter listed name
 * it contains: "Bangsamoro Autonomus Region in Muslim Mindanao" is a near-miss of the
 * whole name even though "Mindanao" is listed too. One lookup within the near-miss
 * distance answers both passes, since it holds the equal keys too; a span's key and
 * answer are kept from the first pass for the second, which takes the spans that
 * exact matches left free. */
static void match_listed(fl_names_checker *c, fl_document *document, run *r)
{
    size_t words = r->mention->word_count;
    size_t longest = words < c->max_words + 1 ? words : c->max_words + 1;
    for (size_t span = longest; span >= 1; span--) {
        size_t positions = words - span + 1;
        c->answers = fl_xgrow(c->answers, &c->answer_capacity, positions, sizeof *c->answers);
        fl_buffer_clear(&c->answer_keys);
        c->answer_matches.count = 0;
        for (size_t first = 0; first < positions; first++) {
            size_t last = first + span - 1;
            c->answers[first].keyed = false;
            if (!free_span_key(c, r, first, last))
                continue;
            lookup(c, LOOKUP_NEAR, c->index, &c->key, c->lookup_distance, &c->matches);
            remember_answer(c, &c->answers[first]);
            match_exact(c, document, r, first, last);
        }
        for (size_t first = 0; first < positions; first++) {
            size_t last = first + span - 1;
            if (!c->answers[first].keyed || !span_free(r, first, last))
                continue;
            recall_answer(c, &c->answers[first]);
            match_near(c, document, r, first, last);
        }
    }
}

/* ---- variants ---- */

/* The number of the spelling with `key`, added (with no occurrences) when new. */
static size_t spelling_for(fl_names_checker *c, fl_document *document, const char *key,
                           size_t length)
{
    bool added;
    size_t index = fl_name_spelling_map_find_or_add(&c->spelling_by_key, c->spellings, key,
                                                    length, c->spelling_count, &added);
    if (!added)
        return index;
    c->spelling_count++;
    c->spellings = fl_xgrow_huge(c->spellings, &c->spelling_capacity, index + 1,
                                 sizeof *c->spellings);
    c->chains = fl_xgrow_huge(c->chains, &c->chain_capacity, index + 1, sizeof *c->chains);
    char *copy = fl_arena_strndup(&document->arena, key, length);
    c->spellings[index] = (fl_name_spelling){copy, length, fl_utf8_count(copy, length), 0};
    c->chains[index] = (chain){NO_OCCURRENCE, NO_OCCURRENCE};
    return index;
}

/* Words [first, last] of `o`'s run, as a reader sees them. */
static char *occurrence_text(fl_document *document, const fl_names_checker *c,
                             const occurrence *o)
{
    run r = run_at(c, o->run, NULL);
    return span_copy(document, &r, o->first, o->last);
}

static fl_location occurrence_location(const fl_names_checker *c, const occurrence *o)
{
    run r = run_at(c, o->run, NULL);
    return span_location(c, &r, o->first, o->last);
}

/* Takes words [first, last] of run `r`, numbered `index`, as a spelling, when nothing
 * listed matched them. */
static void add_occurrence(fl_names_checker *c, fl_document *document, size_t index,
                           const run *r, size_t first, size_t last)
{
    if (!free_span_key(c, r, first, last) || index >= NO_OCCURRENCE ||
        c->occurrence_count >= NO_OCCURRENCE)
        return;
    size_t number = spelling_for(c, document, c->key.data, c->key.length);
    c->occurrences = fl_xgrow_huge(c->occurrences, &c->occurrence_capacity,
                                   c->occurrence_count + 1, sizeof *c->occurrences);
    uint32_t at = (uint32_t)c->occurrence_count++;
    c->occurrences[at] = (occurrence){(uint32_t)index, (uint32_t)first, (uint32_t)last,
                                      NO_OCCURRENCE};
    chain *where = &c->chains[number];
    if (where->last == NO_OCCURRENCE)
        where->first = at;
    else
        c->occurrences[where->last].next = at;
    where->last = at;
    c->spellings[number].count++;
}

/* Spellings are runs as the text scan gives them without joiners: joining "Cambodia in
 * March" into one run serves the lookup of listed names, not the comparison of
 * spellings. */
static void gather_spellings(fl_names_checker *c, fl_document *document)
{
    c->spelling_count = 0;
    c->occurrence_count = 0;
    c->occurrences = fl_xgrow_huge(c->occurrences, &c->occurrence_capacity, c->run_count,
                                   sizeof *c->occurrences);
    fl_name_spelling_map_clear(&c->spelling_by_key);
    bool *covered = c->covered;
    for (size_t i = 0; i < c->run_count; i++) {
        run r = run_at(c, i, covered);
        size_t first = 0;
        const fl_mention *m = r.mention;
        for (size_t w = 0; w <= m->word_count; w++) {
            if (w < m->word_count && !m->words[w].joiner)
                continue;
            size_t last = w;
            while (last > first && m->words[last - 1].connector)
                last--;
            if (last > first)
                add_occurrence(c, document, i, &r, first, last - 1);
            first = w + 1;
        }
        covered += m->word_count;
    }
}

/* Reports each occurrence of spelling `s` as a variant of the first occurrence of
 * spelling `other`. */
static void report_variant(fl_names_checker *c, fl_document *document, size_t s,
                           size_t other, unsigned distance)
{
    fl_arena *arena = &document->arena;
    const occurrence *there = &c->occurrences[c->chains[other].first];
    fl_location related = occurrence_location(c, there);
    char *other_text = occurrence_text(document, c, there);
    char *subject = fl_arena_printf(arena, "%s\x1f%s", c->spellings[s].key,
                                    c->spellings[other].key);
    /* Where the other spelling is, as each occurrence's message puts it: a line of the
     * same file, or a file and line. Each is written once for all the occurrences. */
    const char *same_file = NULL, *other_file = NULL;
    for (uint32_t k = c->chains[s].first; k != NO_OCCURRENCE; k = c->occurrences[k].next) {
        const occurrence *here = &c->occurrences[k];
        char *mention = occurrence_text(document, c, here);
        fl_location location = occurrence_location(c, here);
        const char *where;
        if (related.file == location.file) {
            if (!same_file)
                same_file = fl_arena_printf(arena, "line %u", (unsigned)related.line);
            where = same_file;
        } else {
            if (!other_file)
                other_file = fl_arena_printf(arena, "%s:%u", related.file,
                                             (unsigned)related.line);
            where = other_file;
        }
        fl_finding *finding = fl_builtin_report(
            document, "names/variant", &location, subject,
            "\"%s\" looks like another spelling of \"%s\" (%s); neither is listed", mention,
            other_text, where);
        fl_location *place = fl_arena_alloc(arena, sizeof *place);
        *place = related;
        finding->related = place;
        finding->related_count = 1;
        finding->suggestion = other_text;
        finding->distance = (int)distance;
        settle_acceptance(c, document, finding, mention);
    }
}

static void find_variants(fl_names_checker *c, fl_document *document)
{
    gather_spellings(c, document);
    size_t count = c->spelling_count;
    if (count == 0)
        return;
    c->variants = fl_xgrow_huge(c->variants, &c->variant_capacity, count, sizeof *c->variants);
    fl_name_variants_find(c->variants_work, c->spellings, count, c->variants);
    for (size_t i = 0; i < count; i++)
        if (c->variants[i].partner != SIZE_MAX)
            report_variant(c, document, i, c->variants[i].partner, c->variants[i].distance);
}

const fl_mention_joiners *fl_names_checker_joiners(fl_names_checker *c)
{
    return fl_name_connectors_joiners(c->connectors);
}

void fl_names_checker_run(fl_names_checker *c, fl_document *document)
{
    fl_names_checker_run_scanned(c, document, NULL);
}

void fl_names_checker_run_scanned(fl_names_checker *c, fl_document *document,
                                  const fl_mention_list *mentions)
{
    gather_runs(c, document, mentions);
    if (c->run_count == 0)
        return;
    c->covered = fl_xgrow_huge(c->covered, &c->covered_capacity, c->word_count,
                               sizeof *c->covered);
    memset(c->covered, 0, c->word_count * sizeof *c->covered);
    if (c->listed_count) {
        bool *covered = c->covered;
        for (size_t i = 0; i < c->run_count; i++) {
            run r = run_at(c, i, covered);
            match_listed(c, document, &r);
            covered += r.mention->word_count;
        }
    }
    if (c->variants_enabled)
        find_variants(c, document);
}
