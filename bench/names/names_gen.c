#include "names_gen.h"

#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "names_distance.h"

/* Pool sizes: a million people drawn from them are mostly distinct, while common
 * given and family names repeat as they do in real lists. */
enum {
    GIVEN_NAMES = 4000,
    FAMILY_NAMES = 30000,
    PLACES = 5000,
    COINED = 8000, /* invented organisation words: "Kovara", "Sithanet" */
    MAX_TYPO_CHARACTERS = 512,
    MAX_EDITS = 8,
};

static const char *const ONSETS[] = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
    "z", "ch", "sh", "th", "ph", "kh", "tr", "br", "st", "", "", "",
};
static const char *const VOWELS[] = {
    "a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou", "ea", "ie", "y", "ao",
};
static const char *const CODAS[] = {
    "", "", "", "n", "r", "s", "l", "m", "ng", "k", "t", "d", "th",
};
static const char *const ACCENTED[] = {
    "é", "á", "ô", "ü", "ã", "ê", "í", "ñ", "ă", "ễ",
};

static const char *const ORGANISATIONS[] = {
    "Association", "Foundation", "Institute", "Council", "Committee", "League", "Centre",
    "Society", "Union", "Federation", "Agency", "Office", "Bank", "Company", "Group",
    "Network", "Alliance", "Coalition", "Commission", "Department", "Fund", "Trust",
    "Movement", "Party", "Front", "Authority", "Court", "Police", "Academy", "Club",
};
static const char *const ADJECTIVES[] = {
    "International", "National", "Royal", "United", "Democratic", "Independent",
    "Central", "Global", "Asian", "Cambodian", "Provincial", "Free", "New", "General",
};
static const char *const DOMAINS[] = {
    "Human Rights", "Justice", "Interior", "Health", "Education", "Development",
    "Environment", "Labour", "Women's Affairs", "Children", "Agriculture", "Finance",
    "Foreign Affairs", "Information", "National Defence", "Commerce", "Tourism", "Culture",
    "Rural Development", "Water Resources", "Land Management", "Social Affairs",
    "the Promotion and Defense of Human Rights", "Peace", "Press Freedom", "Democracy",
};
static const char *const PARTICLES[] = {"de", "van", "bin", "al", "von", "da"};
static const char *const PLACE_KINDS[] = {
    "Province", "District", "Provincial Court", "Municipal Court", "Commune", "Port",
};

struct fl_names_gen {
    uint64_t state;
    fl_arena arena;
    char **given, **family, **places, **coined;
};

static uint64_t next(fl_names_gen *gen)
{
    uint64_t z = (gen->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t fl_names_gen_below(fl_names_gen *gen, uint32_t bound)
{
    return (uint32_t)((next(gen) >> 32) * bound >> 32);
}

static double uniform(fl_names_gen *gen)
{
    return (double)(next(gen) >> 11) / 9007199254740992.0;
}

#define PICK(gen, array) ((array)[fl_names_gen_below((gen), sizeof(array) / sizeof *(array))])

/* An index into a pool of `size` that favours the front, as real name frequencies do. */
static size_t skewed(fl_names_gen *gen, size_t size)
{
    double u = uniform(gen);
    return (size_t)((double)size * u * u * u);
}

static char *make_word(fl_names_gen *gen, unsigned min_syllables, unsigned max_syllables)
{
    char word[64];
    size_t length = 0;
    unsigned syllables =
        min_syllables + fl_names_gen_below(gen, max_syllables - min_syllables + 1);
    for (unsigned s = 0; s < syllables; s++) {
        const char *parts[3] = {PICK(gen, ONSETS), PICK(gen, VOWELS), PICK(gen, CODAS)};
        for (int p = 0; p < 3; p++) {
            size_t n = strlen(parts[p]);
            memcpy(word + length, parts[p], n);
            length += n;
        }
    }
    word[0] = (char)(word[0] - 'a' + 'A');
    return fl_arena_strndup(&gen->arena, word, length);
}

static char **make_pool(fl_names_gen *gen, size_t size, unsigned min_syllables,
                        unsigned max_syllables)
{
    char **pool = fl_arena_alloc(&gen->arena, size * sizeof *pool);
    for (size_t i = 0; i < size; i++)
        pool[i] = make_word(gen, min_syllables, max_syllables);
    return pool;
}

fl_names_gen *fl_names_gen_new(uint64_t seed)
{
    fl_names_gen *gen = fl_xcalloc(1, sizeof *gen);
    gen->state = seed;
    gen->given = make_pool(gen, GIVEN_NAMES, 1, 3);
    gen->family = make_pool(gen, FAMILY_NAMES, 1, 3);
    gen->places = make_pool(gen, PLACES, 2, 4);
    gen->coined = make_pool(gen, COINED, 2, 3);
    return gen;
}

void fl_names_gen_free(fl_names_gen *gen)
{
    if (!gen)
        return;
    fl_arena_free(&gen->arena);
    free(gen);
}

static void word(fl_buffer *out, const char *text)
{
    if (out->length > 0)
        fl_buffer_append_char(out, ' ');
    fl_buffer_append_string(out, text);
}

/* Some names are printed with an accent their ASCII spelling lacks. */
static void accent(fl_names_gen *gen, fl_buffer *out, const char *text)
{
    const char *vowel = strpbrk(text + 1, "aeiou");
    if (!vowel || fl_names_gen_below(gen, 25) != 0) {
        word(out, text);
        return;
    }
    if (out->length > 0)
        fl_buffer_append_char(out, ' ');
    fl_buffer_append(out, text, (size_t)(vowel - text));
    fl_buffer_append_string(out, PICK(gen, ACCENTED));
    fl_buffer_append_string(out, vowel + 1);
}

static void person(fl_names_gen *gen, fl_buffer *out)
{
    const char *given = gen->given[skewed(gen, GIVEN_NAMES)];
    const char *family = gen->family[skewed(gen, FAMILY_NAMES)];
    uint32_t form = fl_names_gen_below(gen, 20);
    if (form < 11) {
        accent(gen, out, given);
        accent(gen, out, family);
    } else if (form < 15) {
        accent(gen, out, given);
        if (fl_names_gen_below(gen, 2)) {
            char initial[3] = {gen->given[skewed(gen, GIVEN_NAMES)][0], '.', '\0'};
            word(out, initial);
        } else {
            accent(gen, out, gen->given[skewed(gen, GIVEN_NAMES)]);
        }
        accent(gen, out, family);
    } else if (form < 18) {
        word(out, family);
        word(out, given);
    } else {
        word(out, given);
        word(out, PICK(gen, PARTICLES));
        word(out, family);
    }
}

static void acronym(fl_names_gen *gen, fl_buffer *out)
{
    const char *base = gen->coined[fl_names_gen_below(gen, COINED)];
    for (const char *c = base; *c; c++)
        fl_buffer_append_char(out, (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c));
}

static void organisation(fl_names_gen *gen, fl_buffer *out)
{
    const char *place = gen->places[skewed(gen, PLACES)];
    const char *coined = gen->coined[fl_names_gen_below(gen, COINED)];
    switch (fl_names_gen_below(gen, 9)) {
    case 0:
        word(out, "Ministry of");
        word(out, PICK(gen, DOMAINS));
        word(out, "of");
        word(out, place);
        break;
    case 1:
        word(out, coined);
        word(out, PICK(gen, ORGANISATIONS));
        word(out, "for");
        word(out, PICK(gen, DOMAINS));
        break;
    case 2:
        word(out, place);
        word(out, PICK(gen, ORGANISATIONS));
        word(out, coined);
        break;
    case 3:
        word(out, coined);
        word(out, "International");
        break;
    case 4:
        word(out, PICK(gen, ADJECTIVES));
        word(out, PICK(gen, ORGANISATIONS));
        word(out, "of");
        word(out, place);
        word(out, coined);
        break;
    case 5:
        word(out, gen->family[skewed(gen, FAMILY_NAMES)]);
        word(out, "&");
        word(out, gen->family[skewed(gen, FAMILY_NAMES)]);
        word(out, PICK(gen, ORGANISATIONS));
        break;
    case 6:
        word(out, "Office of the");
        word(out, PICK(gen, ADJECTIVES));
        word(out, coined);
        word(out, "Commissioner");
        break;
    case 7:
        word(out, PICK(gen, ADJECTIVES));
        word(out, coined);
        word(out, PICK(gen, ORGANISATIONS));
        word(out, "of");
        word(out, PICK(gen, DOMAINS));
        break;
    default:
        word(out, "University of");
        word(out, place);
        word(out, coined);
        break;
    }
}

static void place_name(fl_names_gen *gen, fl_buffer *out)
{
    const char *place = gen->places[skewed(gen, PLACES)];
    const char *other = gen->places[fl_names_gen_below(gen, PLACES)];
    if (fl_names_gen_below(gen, 2)) {
        word(out, place);
        word(out, other);
    } else {
        accent(gen, out, other);
    }
    word(out, PICK(gen, PLACE_KINDS));
}

fl_names_gen_kind fl_names_gen_next_kind(fl_names_gen *gen, fl_buffer *out)
{
    fl_buffer_clear(out);
    uint32_t kind = fl_names_gen_below(gen, 100);
    if (kind < 50) {
        person(gen, out);
        return FL_NAMES_GEN_PERSON;
    }
    if (kind < 85) {
        organisation(gen, out);
        return FL_NAMES_GEN_ORGANISATION;
    }
    if (kind < 92) {
        acronym(gen, out);
        return FL_NAMES_GEN_ACRONYM;
    }
    place_name(gen, out);
    return FL_NAMES_GEN_PLACE;
}

void fl_names_gen_next(fl_names_gen *gen, fl_buffer *out)
{
    fl_names_gen_next_kind(gen, out);
}

void fl_names_gen_town(fl_names_gen *gen, fl_buffer *out)
{
    fl_buffer_clear(out);
    fl_buffer_append_string(out, gen->places[skewed(gen, PLACES)]);
}

void fl_names_gen_typo(fl_names_gen *gen, const char *name, size_t length, unsigned edits,
                       fl_buffer *out)
{
    uint32_t text[MAX_TYPO_CHARACTERS + MAX_EDITS];
    size_t n = fl_name_code_points(name, length, text, MAX_TYPO_CHARACTERS);
    if (n > MAX_TYPO_CHARACTERS)
        n = MAX_TYPO_CHARACTERS;
    if (edits > MAX_EDITS)
        edits = MAX_EDITS;
    static const char LETTERS[] = "abcdefghijklmnopqrstuvwxyz ";
    for (unsigned e = 0; e < edits; e++) {
        uint32_t letter = (uint32_t)LETTERS[fl_names_gen_below(gen, sizeof LETTERS - 1)];
        size_t at = fl_names_gen_below(gen, (uint32_t)n + 1);
        switch (fl_names_gen_below(gen, 4)) {
        case 0:
            memmove(text + at + 1, text + at, (n - at) * sizeof *text);
            text[at] = letter;
            n++;
            break;
        case 1:
            if (at < n) {
                memmove(text + at, text + at + 1, (n - at - 1) * sizeof *text);
                n--;
            }
            break;
        case 2:
            if (at < n)
                text[at] = letter;
            break;
        default:
            if (at + 1 < n) {
                uint32_t swapped = text[at];
                text[at] = text[at + 1];
                text[at + 1] = swapped;
            }
            break;
        }
    }
    fl_buffer_clear(out);
    for (size_t i = 0; i < n; i++) {
        uint8_t bytes[6];
        int size = u8_uctomb(bytes, text[i], sizeof bytes);
        if (size > 0)
            fl_buffer_append(out, (const char *)bytes, (size_t)size);
    }
}
