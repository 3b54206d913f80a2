/*
 * names_connectors.h — the small words inside names ("of", "in", "de"): which of them
 * join capitalised words into one mention, and the connector key, in which each counts
 * as one symbol.
 *
 * The text scan knows the built-in connectors (mentions.h). A listed name may hold
 * other lower-case words ("in" of "Bangsamoro Autonomous Region in Muslim Mindanao",
 * "on" of "United Nations Office on Drugs and Crime"); learnt here, they join runs in
 * the text too, or those names could never be found whole.
 *
 * In a connector key every inner word (neither first nor last) that is a connector,
 * built-in or learnt, in any case, is one private-use character of its own, so that
 * the distance between two keys counts one connector written for another ("Region of"
 * for "Region in") as one edit, like a wrong letter, and a dropped connector as two.
 * Equal keys have equal connector keys and the other way round: the characters used as
 * symbols are replaced by U+FFFD where a key already holds them.
 *
 * The set owns the words it learns; fl_name_connectors_free() releases everything.
 */
#ifndef FL_NAMES_CONNECTORS_H
#define FL_NAMES_CONNECTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "memory.h"
#include "mentions.h"

typedef struct fl_name_connectors fl_name_connectors;

fl_name_connectors *fl_name_connectors_new(void);
/* NULL is allowed. */
void fl_name_connectors_free(fl_name_connectors *connectors);

/* Learns the inner words of `spelling` (a name as listed, `length` bytes of valid
 * UTF-8) that are written in lower-case letters only. */
void fl_name_connectors_learn(fl_name_connectors *connectors, const char *spelling,
                              size_t length);

/* The words learnt so far that are no built-in connectors, as the text scan takes
 * them. Valid until the next learn or free. */
const fl_mention_joiners *fl_name_connectors_joiners(fl_name_connectors *connectors);

/* Clears `out` and writes the connector key of match key `key` (fl_name_key with
 * folding and accents stripped). Returns whether it differs from `key`. */
bool fl_name_connector_key(fl_name_connectors *connectors, const char *key, size_t length,
                           fl_buffer *out);

/* False when the connector key of match key `key` is sure to equal it, without
 * making it: a key of one or two words (no inner word) and no character that stands
 * for a connector. Most spans of a text are such keys. */
bool fl_name_connector_key_may_differ(const char *key, size_t length);

#endif
