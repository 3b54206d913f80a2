#include "figures.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "simd.h"
#include "strmap.h"

enum { NONE = -1 };

typedef struct node {
    const char *segment;
    size_t length;
    uint64_t hash;            /* fl_segment_hash of the segment */
    int32_t parent, first_child, last_child, next_sibling;
    int32_t figure;
} node;

struct fl_figures {
    fl_figure *items;
    size_t count, capacity;

    node *nodes;
    size_t node_count, node_capacity;

    /* Open addressing from (parent, segment) to node index + 1. A slot is live only
     * when its generation is the current one, so clearing costs nothing. */
    uint32_t *slots;
    uint32_t *slot_generations;
    size_t slot_capacity;
    uint32_t generation;

    /* The last key added and the nodes of its first segments: the keys of a
     * document's rows mostly share their leading segments with the row before
     * ("arrests.june.by_nationality.*"), which are then not looked up again. */
    const char *last_key;
    size_t last_length;
    size_t last_depth;
    int32_t last_path[FL_KEY_MAX_SEGMENTS];
    size_t last_ends[FL_KEY_MAX_SEGMENTS]; /* where each of its segments ends */

    /* Per-figure marks so that one match call visits a figure once. */
    uint32_t *visit_marks;
    size_t mark_capacity;
    uint32_t visit_stamp;
};

uint64_t fl_segment_hash(const char *text, size_t length)
{
    return fl_hash_bytes(text, length);
}

/* Where (parent, segment) starts probing. */
static uint64_t slot_hash(int32_t parent, uint64_t segment)
{
    uint64_t hash = segment ^ ((uint64_t)(uint32_t)parent * 0x9e3779b97f4a7c15ull);
    return hash ^ (hash >> 29);
}

static void add_root(fl_figures *figures)
{
    figures->nodes[0] = (node){.segment = "", .length = 0, .parent = NONE,
                               .first_child = NONE, .last_child = NONE,
                               .next_sibling = NONE, .figure = NONE};
    figures->node_count = 1;
}

fl_figures *fl_figures_new(void)
{
    fl_figures *figures = fl_xcalloc(1, sizeof *figures);
    figures->nodes = fl_xgrow(NULL, &figures->node_capacity, 64, sizeof *figures->nodes);
    figures->slot_capacity = 128;
    figures->slots = fl_xcalloc(figures->slot_capacity, sizeof *figures->slots);
    figures->slot_generations = fl_xcalloc(figures->slot_capacity,
                                           sizeof *figures->slot_generations);
    figures->generation = 1;
    add_root(figures);
    return figures;
}

void fl_figures_free(fl_figures *figures)
{
    if (!figures)
        return;
    free(figures->items);
    free(figures->nodes);
    free(figures->slots);
    free(figures->slot_generations);
    free(figures->visit_marks);
    free(figures);
}

void fl_figures_clear(fl_figures *figures)
{
    figures->count = 0;
    figures->last_length = 0;
    figures->last_depth = 0;
    add_root(figures);
    if (++figures->generation == 0) {
        memset(figures->slot_generations, 0,
               figures->slot_capacity * sizeof *figures->slot_generations);
        figures->generation = 1;
    }
}

size_t fl_figures_count(const fl_figures *figures)
{
    return figures->count;
}

fl_figure *fl_figures_at(fl_figures *figures, size_t index)
{
    return &figures->items[index];
}

/* Whether two segments of `length` bytes are the same. Up to 16 bytes, as most are,
 * by their first and last 8 or 4 bytes: a memcmp of a constant size is a load, not a
 * call. */
static bool same_segment(const char *a, const char *b, size_t length)
{
    if (length >= 8 && length <= 16)
        return memcmp(a, b, 8) == 0 && memcmp(a + length - 8, b + length - 8, 8) == 0;
    if (length >= 4 && length < 8)
        return memcmp(a, b, 4) == 0 && memcmp(a + length - 4, b + length - 4, 4) == 0;
    if (length < 4) {
        for (size_t i = 0; i < length; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, length) == 0;
}

/* The slot where (parent, segment) is or would go. */
static size_t find_slot(const fl_figures *figures, int32_t parent, const char *text,
                        size_t length, uint64_t hash)
{
    size_t mask = figures->slot_capacity - 1;
    size_t slot = (size_t)slot_hash(parent, hash) & mask;
    for (;;) {
        if (figures->slot_generations[slot] != figures->generation)
            return slot;
        const node *n = &figures->nodes[figures->slots[slot] - 1];
        if (n->hash == hash && n->parent == parent && n->length == length &&
            same_segment(n->segment, text, length))
            return slot;
        slot = (slot + 1) & mask;
    }
}

static int32_t find_child(const fl_figures *figures, int32_t parent, const char *text,
                          size_t length, uint64_t hash)
{
    size_t slot = find_slot(figures, parent, text, length, hash);
    if (figures->slot_generations[slot] != figures->generation)
        return NONE;
    return (int32_t)figures->slots[slot] - 1;
}

static void grow_slots(fl_figures *figures)
{
    free(figures->slots);
    free(figures->slot_generations);
    figures->slot_capacity *= 2;
    figures->slots = fl_xcalloc(figures->slot_capacity, sizeof *figures->slots);
    figures->slot_generations = fl_xcalloc(figures->slot_capacity,
                                           sizeof *figures->slot_generations);
    figures->generation = 1;
    for (size_t i = 1; i < figures->node_count; i++) {
        const node *n = &figures->nodes[i];
        size_t slot = find_slot(figures, n->parent, n->segment, n->length, n->hash);
        figures->slots[slot] = (uint32_t)i + 1;
        figures->slot_generations[slot] = figures->generation;
    }
}

/* The child of `parent` for the segment, added when there is none: looked up once,
 * in the slot it then goes into. */
static int32_t child_or_new(fl_figures *figures, int32_t parent, const char *text,
                            size_t length, uint64_t hash)
{
    if ((figures->node_count + 1) * 2 > figures->slot_capacity)
        grow_slots(figures);
    size_t slot = find_slot(figures, parent, text, length, hash);
    if (figures->slot_generations[slot] == figures->generation)
        return (int32_t)figures->slots[slot] - 1;
    figures->nodes = fl_xgrow(figures->nodes, &figures->node_capacity, figures->node_count + 1,
                              sizeof *figures->nodes);
    int32_t index = (int32_t)figures->node_count++;
    figures->nodes[index] = (node){.segment = text, .length = length, .hash = hash,
                                   .parent = parent, .first_child = NONE, .last_child = NONE,
                                   .next_sibling = NONE, .figure = NONE};
    node *up = &figures->nodes[parent];
    if (up->last_child == NONE)
        up->first_child = index;
    else
        figures->nodes[up->last_child].next_sibling = index;
    up->last_child = index;
    figures->slots[slot] = (uint32_t)index + 1;
    figures->slot_generations[slot] = figures->generation;
    return index;
}

fl_figure *fl_figures_add_key(fl_figures *figures, const char *key, fl_figure **existing)
{
    size_t length = strlen(key);
    /* The segments, each with its dot, that this key and the last one share: those
     * that end before the first byte where they differ, found a word at a time. */
    size_t shared = length < figures->last_length ? length : figures->last_length;
    size_t same = 0;
    for (uint64_t a, b; same + 8 <= shared; same += 8) {
        memcpy(&a, key + same, 8);
        memcpy(&b, figures->last_key + same, 8);
        if (a != b)
            break;
    }
    while (same < shared && key[same] == figures->last_key[same])
        same++;
    size_t depth = 0;
    while (depth < figures->last_depth && figures->last_ends[depth] < same)
        depth++;
    size_t start = depth ? figures->last_ends[depth - 1] + 1 : 0;
    int32_t at = depth ? figures->last_path[depth - 1] : 0;
    for (; start <= length; depth++) {
        const char *dot = memchr(key + start, '.', length - start);
        size_t end = dot ? (size_t)(dot - key) : length;
        uint64_t hash = fl_segment_hash(key + start, end - start);
        at = child_or_new(figures, at, key + start, end - start, hash);
        if (depth < FL_KEY_MAX_SEGMENTS) {
            figures->last_path[depth] = at;
            figures->last_ends[depth] = end;
        }
        start = end + 1;
    }
    figures->last_key = key;
    figures->last_length = length;
    figures->last_depth = depth < FL_KEY_MAX_SEGMENTS ? depth : FL_KEY_MAX_SEGMENTS;
    if (figures->nodes[at].figure != NONE) {
        if (existing)
            *existing = &figures->items[figures->nodes[at].figure];
        return NULL;
    }
    figures->items = fl_xgrow(figures->items, &figures->capacity, figures->count + 1,
                              sizeof *figures->items);
    fl_figure *stored = &figures->items[figures->count];
    memset(stored, 0, sizeof *stored);
    stored->key = key;
    stored->order = figures->count;
    figures->nodes[at].figure = (int32_t)figures->count++;
    return stored;
}

bool fl_figures_add(fl_figures *figures, const fl_figure *figure, fl_figure **existing)
{
    fl_figure *stored = fl_figures_add_key(figures, figure->key, existing);
    if (!stored)
        return false;
    size_t order = stored->order;
    *stored = *figure;
    stored->order = order;
    return true;
}

fl_figure *fl_figures_find(const fl_figures *figures, const char *key, size_t length)
{
    int32_t at = 0;
    for (size_t start = 0; start <= length;) {
        const char *dot = memchr(key + start, '.', length - start);
        size_t end = dot ? (size_t)(dot - key) : length;
        at = find_child(figures, at, key + start, end - start,
                        fl_segment_hash(key + start, end - start));
        if (at == NONE)
            return NULL;
        start = end + 1;
    }
    int32_t figure = figures->nodes[at].figure;
    return figure == NONE ? NULL : &figures->items[figure];
}

typedef struct match_state {
    const fl_figures *figures;
    const fl_segment *segments;
    size_t count;
    fl_binding *bindings;
    bool once;
    void (*visit)(void *context, fl_figure *figure);
    void *context;
} match_state;

/* The child of `at` that a literal segment, or a capture bound in `bindings`, names. */
static int32_t find_fixed_child(const fl_figures *figures, int32_t at, const fl_segment *segment,
                                const fl_binding *bindings)
{
    if (segment->kind == FL_SEGMENT_CAPTURE) {
        const fl_binding *binding = &bindings[segment->capture];
        return find_child(figures, at, binding->text, binding->length, binding->hash);
    }
    return find_child(figures, at, segment->text, segment->length, segment->hash);
}

static void match_from(match_state *m, int32_t at, size_t index)
{
    const node *n = &m->figures->nodes[at];
    if (index == m->count) {
        if (n->figure == NONE)
            return;
        if (m->once) {
            uint32_t *mark = &m->figures->visit_marks[n->figure];
            if (*mark == m->figures->visit_stamp)
                return;
            *mark = m->figures->visit_stamp;
        }
        m->visit(m->context, &m->figures->items[n->figure]);
        return;
    }
    const fl_segment *segment = &m->segments[index];
    fl_binding *binding = segment->kind == FL_SEGMENT_CAPTURE ? &m->bindings[segment->capture]
                                                              : NULL;
    if (segment->kind == FL_SEGMENT_LITERAL || (binding && binding->text)) {
        int32_t child = find_fixed_child(m->figures, at, segment, m->bindings);
        if (child != NONE)
            match_from(m, child, index + 1);
        return;
    }
    for (int32_t child = n->first_child; child != NONE;
         child = m->figures->nodes[child].next_sibling) {
        const node *c = &m->figures->nodes[child];
        if (binding) {
            binding->text = c->segment;
            binding->length = c->length;
            binding->hash = c->hash;
        }
        match_from(m, child, index + 1);
        if (segment->kind == FL_SEGMENT_ANY_PATH)
            match_from(m, child, index);
        if (binding)
            binding->text = NULL;
    }
}

void fl_figures_match(const fl_figures *figures, const fl_segment *segments, size_t count,
                      fl_binding *bindings,
                      void (*visit)(void *context, fl_figure *figure), void *context)
{
    match_state m = {figures, segments, count, bindings, true, visit, context};
    bool one_path = true;
    for (size_t i = 0; i < count; i++) {
        if (segments[i].kind == FL_SEGMENT_CAPTURE && !bindings[segments[i].capture].text)
            m.once = false;
        if (segments[i].kind == FL_SEGMENT_ANY || segments[i].kind == FL_SEGMENT_ANY_PATH)
            one_path = false;
    }
    /* A pattern of literals and bound captures names at most one figure, the most
     * common reference by far: it is looked up segment by segment, without the
     * marks that keep a figure from being visited twice. */
    if (one_path && m.once) {
        int32_t at = 0;
        for (size_t i = 0; i < count && at != NONE; i++)
            at = find_fixed_child(figures, at, &segments[i], bindings);
        if (at != NONE && figures->nodes[at].figure != NONE)
            visit(context, &figures->items[figures->nodes[at].figure]);
        return;
    }
    if (m.once) {
        fl_figures *mutable_figures = (fl_figures *)figures;
        size_t old_capacity = mutable_figures->mark_capacity;
        mutable_figures->visit_marks = fl_xgrow(mutable_figures->visit_marks,
                                                &mutable_figures->mark_capacity,
                                                figures->count, sizeof *figures->visit_marks);
        if (mutable_figures->mark_capacity > old_capacity)
            memset(mutable_figures->visit_marks + old_capacity, 0,
                   (mutable_figures->mark_capacity - old_capacity) *
                       sizeof *mutable_figures->visit_marks);
        if (++mutable_figures->visit_stamp == 0) {
            memset(mutable_figures->visit_marks, 0,
                   mutable_figures->mark_capacity * sizeof *figures->visit_marks);
            mutable_figures->visit_stamp = 1;
        }
    }
    match_from(&m, 0, 0);
}

/* Bytes allowed in a key segment: [A-Za-z0-9_-]. */
static const bool segment_byte[256] = {
    ['-'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* Whether a key of 1 to FL_KEY_MAX_LENGTH bytes is well formed: the common answer,
 * found sixteen bytes at a time where SSE2 is there. */
static bool key_is_well_formed(const char *key, size_t length)
{
    if (key[0] == '.' || key[length - 1] == '.')
        return false;
    unsigned dots = 0, after_dot = 0;
    size_t i = 0;
#if defined(FL_SSE2)
    for (; i + 16 <= length; i += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(key + i));
        /* Signed compares: bytes of 0x80 and more are negative, so no letter. */
        __m128i lower = _mm_or_si128(block, _mm_set1_epi8(0x20));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(block, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(block, _mm_set1_epi8('9' + 1)));
        __m128i dot = _mm_cmpeq_epi8(block, _mm_set1_epi8('.'));
        __m128i other = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('_')),
                                     _mm_cmpeq_epi8(block, _mm_set1_epi8('-')));
        __m128i allowed = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(dot, other));
        if (_mm_movemask_epi8(allowed) != 0xFFFF)
            return false;
        unsigned dot_bits = (unsigned)_mm_movemask_epi8(dot);
        if (dot_bits & (dot_bits << 1 | after_dot))
            return false;
        after_dot = dot_bits >> 15;
        /* Dots are few: counted one by one rather than by a popcount, which without
         * -mpopcnt is a call into libgcc. */
        for (; dot_bits; dot_bits &= dot_bits - 1)
            dots++;
    }
#endif
    for (; i < length; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c == '.') {
            if (after_dot)
                return false;
            after_dot = 1;
            dots++;
        } else if (segment_byte[c]) {
            after_dot = 0;
        } else {
            return false;
        }
    }
    return dots < FL_KEY_MAX_SEGMENTS;
}

const char *fl_key_problem(const char *key, size_t length)
{
    if (length == 0)
        return "the key is empty";
    if (length > FL_KEY_MAX_LENGTH)
        return "the key is longer than 256 characters";
    if (key_is_well_formed(key, length))
        return NULL;
    size_t segments = 1;
    for (size_t i = 0;;) {
        size_t start = i;
        while (i < length && segment_byte[(unsigned char)key[i]])
            i++;
        if (i < length && key[i] != '.')
            return key[i] == ' ' ? "the key holds a space; segments are made of letters, "
                                   "digits, '_' and '-' joined by dots"
                                 : "the key holds a character other than ASCII letters, "
                                   "digits, '_', '-' and '.'";
        if (i == start)
            return "the key has an empty segment (two dots in a row, or a dot at either end)";
        if (i == length)
            break;
        if (++segments > FL_KEY_MAX_SEGMENTS)
            return "the key has more than 32 segments";
        i++;
    }
    return NULL;
}
