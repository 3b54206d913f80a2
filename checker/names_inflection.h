/*
 * names_inflection.h — whether two spellings of a name differ only in inflectional
 * endings, so that one is a grammatical form of the other rather than a misspelling.
 *
 * A word is a stem of at least FL_NAME_STEM_MIN characters plus an ending; two words
 * are forms of one word when they share the stem and both endings belong to one group
 * of the endings below (the empty ending included):
 * - English number, possessive and demonym: s, es, n, ns, an, ans, i, is
 *   ("Philippine" and "Philippines", "Cambodia" and "Cambodians", "Bangladeshi");
 * - German declension: e, en, er, em, es, ern, ens ("Verdächtiger", "Verdächtigen");
 * - French number and gender: e, s, es, x, ne, nes, and al with aux, ail with aux.
 * A name of one word may take an ending of any group. In a name of several words only
 * German declension changes a word ("der Vereinten Nationen", "des Internationalen
 * Strafgerichtshofes"), and there -e pairs only with another ending, never with none
 * ("Jeann Dupont" is a slip): English and French names keep their words as they are,
 * so "Human Right" and "Childrens Fund" are misspellings of "Human Rights" and
 * "Children's Fund".
 *
 * Keys are match keys (fl_name_key with folding): words separated by single spaces.
 * Nothing here allocates or keeps a pointer.
 */
#ifndef FL_NAMES_INFLECTION_H
#define FL_NAMES_INFLECTION_H

#include <stdbool.h>
#include <stddef.h>

/* The shortest stem, in characters: shorter words are names of their own ("Sen",
 * "Sens"), not forms of one another. */
enum { FL_NAME_STEM_MIN = 4 };

/* Whether keys `a` and `b` have the same number of words, pair up word by word as
 * equal words or forms of one word, and differ in at least one. Equal keys are not
 * inflections of each other. */
bool fl_name_inflections(const char *a, size_t a_length, const char *b, size_t b_length);

#endif
