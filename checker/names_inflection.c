#include "names_inflection.h"

#include <string.h>

#include "utf8.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

typedef struct ending_group {
    const char *const *endings;
    size_t count;
    bool inside_names; /* may also change a word of a name of several words */
} ending_group;

static const char *const english[] = {"", "s", "es", "n", "ns", "an", "ans", "i", "is"};
static const char *const german[] = {"", "e", "en", "er", "em", "es", "ern", "ens"};
/* Inside a name of several words German -e pairs only with another ending (Vereinte,
 * Vereinten): against none it is more often a slip ("Jeanne", "Jeann"). */
static const char *const german_without_e[] = {"", "en", "er", "em", "es", "ern", "ens"};
static const char *const german_with_ending[] = {"e", "en", "er", "em", "es", "ern", "ens"};
static const char *const french[] = {"", "e", "s", "es", "x", "ne", "nes"};
static const char *const french_al[] = {"al", "aux"};
static const char *const french_ail[] = {"ail", "aux"};

static const ending_group groups[] = {
    {english, COUNT_OF(english), false},
    {german, COUNT_OF(german), false},
    {german_without_e, COUNT_OF(german_without_e), true},
    {german_with_ending, COUNT_OF(german_with_ending), true},
    {french, COUNT_OF(french), false},
    {french_al, COUNT_OF(french_al), false},
    {french_ail, COUNT_OF(french_ail), false},
};

static bool is_ending(const char *text, size_t length, const ending_group *group)
{
    for (size_t i = 0; i < group->count; i++)
        if (strlen(group->endings[i]) == length && memcmp(group->endings[i], text, length) == 0)
            return true;
    return false;
}

/* Whether `a` is a stem and an ending of `group`, and `b` the same stem and another.
 * Endings are ASCII, so a stem cut before one ends on a character boundary. */
static bool forms_in_group(const char *a, size_t a_length, const char *b, size_t b_length,
                           const ending_group *group)
{
    for (size_t i = 0; i < group->count; i++) {
        size_t ending = strlen(group->endings[i]);
        if (ending > a_length || memcmp(a + a_length - ending, group->endings[i], ending) != 0)
            continue;
        size_t stem = a_length - ending;
        if (stem > b_length || memcmp(a, b, stem) != 0 ||
            fl_utf8_count(a, stem) < FL_NAME_STEM_MIN)
            continue;
        if (is_ending(b + stem, b_length - stem, group))
            return true;
    }
    return false;
}

static bool word_forms(const char *a, size_t a_length, const char *b, size_t b_length,
                       bool one_word)
{
    for (size_t g = 0; g < COUNT_OF(groups); g++)
        if ((one_word || groups[g].inside_names) &&
            forms_in_group(a, a_length, b, b_length, &groups[g]))
            return true;
    return false;
}

static size_t word_length(const char *text, size_t length)
{
    const char *space = memchr(text, ' ', length);
    return space ? (size_t)(space - text) : length;
}

bool fl_name_inflections(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length == 0 || b_length == 0)
        return false;
    bool one_word = !memchr(a, ' ', a_length);
    bool differ = false;
    size_t i = 0, j = 0;
    for (;;) {
        size_t a_word = word_length(a + i, a_length - i);
        size_t b_word = word_length(b + j, b_length - j);
        if (a_word != b_word || memcmp(a + i, b + j, a_word) != 0) {
            if (!word_forms(a + i, a_word, b + j, b_word, one_word))
                return false;
            differ = true;
        }
        i += a_word;
        j += b_word;
        bool a_done = i == a_length, b_done = j == b_length;
        if (a_done || b_done)
            return a_done && b_done && differ;
        i++;
        j++;
    }
}
