/*
 * word_breaks.h — where words begin and end in a line of text (Unicode Standard Annex
 * #29, word boundaries), exactly as GNU libunistring's u8_wordbreaks() says.
 *
 * The text of an article is mostly ASCII, and for it libunistring looks each byte's
 * property up in its Unicode tables and walks every rule of the annex. A text of
 * ASCII alone is broken here instead by the rules that ASCII's properties can meet,
 * with those properties read from libunistring once; any other text, and every text
 * should libunistring ever give an ASCII character a property those rules do not
 * cover, goes to u8_wordbreaks() itself.
 */
#ifndef FL_WORD_BREAKS_H
#define FL_WORD_BREAKS_H

#include <stddef.h>

/* Writes `length` flags to `breaks`: breaks[i] is 1 when a word boundary lies
 * between bytes i - 1 and i of `text` (UTF-8), and 0 otherwise, never inside a
 * character and never at 0. Safe to call from several threads at once. */
void fl_word_breaks(const char *text, size_t length, char *breaks);

#endif
