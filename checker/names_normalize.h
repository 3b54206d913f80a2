/*
 * names_normalize.h — match keys: the form in which two spellings of a name are
 * compared (README, "Names"), built with GNU libunistring.
 *
 * fl_name_key() reads `length` bytes (no NUL needed), writes the key into the
 * caller's fl_buffer and keeps nothing; the caller owns and frees the buffer. Plain
 * ASCII never reaches libunistring and allocates nothing beyond growing the buffer.
 */
#ifndef FL_NAMES_NORMALIZE_H
#define FL_NAMES_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "memory.h"

enum {
    FL_NAME_FOLD = 1u << 0,        /* full Unicode case folding: "LICADHO" as "licadho" */
    FL_NAME_STRIP_MARKS = 1u << 1, /* accents dropped: "Hun Sén" as "Hun Sen" */
};

/* Clears `out` and writes the key of `text`:
 * - NFKC (so U+00A0 is a space and "ﬁ" is "fi"), then the flags' folding;
 * - U+2018, U+2019 and U+02BC written as ', the apostrophe ASCII keyboards type;
 * - soft hyphens, zero-width spaces, word joiners and U+FEFF dropped, since they are
 *   invisible in print; joiners that shape a script (U+200C, U+200D) are kept;
 * - a full stop right after a letter dropped, since it marks an abbreviation and the
 *   text scan ends a word before it: "Jr." as "Jr", "U.S." as "US";
 * - each run of white space (Unicode White_Space) one space, none at either end;
 * - a final possessive 's or 'S, or a final lone apostrophe, removed when it follows
 *   a letter of the name ("Licadho’s" and "Workers’" as "Licadho", "Workers").
 * With FL_NAME_STRIP_MARKS, combining diacritics (U+0300–U+036F and the other
 * "Combining Diacritical Marks" blocks) are removed after compatibility
 * decomposition and the rest recomposed; vowel signs of scripts such as Khmer or
 * Devanagari are letters of the word, not accents, and are kept.
 * Returns false, with `out` empty, when `text` is not valid UTF-8. */
bool fl_name_key(const char *text, size_t length, unsigned flags, fl_buffer *out);

#endif
