#include "builtin.h"

#include <stdarg.h>
#include <string.h>

const fl_builtin_rule fl_builtin_rules[] = {
    {"input/csv", FL_SEVERITY_ERROR, "The table is not well-formed CSV.",
     "A table must follow RFC 4180: fields separated by commas, fields holding commas, "
     "quotes or line breaks enclosed in double quotes, and a quote inside a quoted field "
     "doubled. Also reported: a header without the columns of a figures or names table, "
     "rows whose field count differs from the header's, and rows of one document that do "
     "not stand together. The rest of the file is still checked; fix the row shown."},
    {"input/encoding", FL_SEVERITY_ERROR, "The file is not valid UTF-8.",
     "Tables, articles and rule files must be UTF-8. The finding gives the byte offset of "
     "the first invalid byte; re-save the file as UTF-8 (spreadsheet programs call it "
     "\"CSV UTF-8\"). The record holding the byte is skipped."},
    {"input/file", FL_SEVERITY_ERROR, "A file is not a table or an article.",
     "Tables are CSV files and articles are UTF-8 text. Reported for a spreadsheet (export "
     "it as CSV, UTF-8), a UTF-16 file (save it as UTF-8), a binary file, and, as a note, "
     "for what a folder holds that is not read: a FIFO, a device, a link that leads out "
     "of the folders given, or a folder with nothing to check."},
    {"input/value", FL_SEVERITY_ERROR, "A value cannot be read as a number.",
     "Values are numbers as an article writes them: 2,418, 1.5 million, about 3,000, more "
     "than 200, 2,000-3,000, 12%, $3 million, seventy-three (docs/numbers.md lists every "
     "form). Also reported: an unknown qualifier or unit, and line or col cells that are "
     "not positive whole numbers. The row is skipped, so rules that need it do not apply."},
    {"input/key", FL_SEVERITY_ERROR, "A key is malformed.",
     "Keys are dotted paths of segments made of ASCII letters, digits, '_' and '-', such "
     "as arrests.h1.deported. The row is skipped."},
    {"input/doc", FL_SEVERITY_WARNING, "A doc names no article factlint may read.",
     "The doc column names the article a figure comes from, as a path relative to the "
     "table's folder. Reported when that file does not exist (with the closest name the "
     "folder holds), and when the path is absolute, leads out of the folders given on the "
     "command line and the current folder (by '..' or a link), is not a regular file, or "
     "is larger than 64 MiB: such articles are never read, so that a table cannot make "
     "factlint read other files. The figures are still checked; their places are the "
     "table's rows."},
    {"figure/conflict", FL_SEVERITY_ERROR, "One document gives one key two values.",
     "Two rows of one document give the same key values that cannot both be true (their "
     "intervals do not overlap). Values that overlap, such as \"about 2,400\" and "
     "\"2,418\", are no conflict: the key takes the values both allow. The first row "
     "is kept."},
    {"figure/duplicate", FL_SEVERITY_NOTE, "A row is repeated exactly.",
     "The same row appears twice for one document. The repeat is ignored; delete it."},
    {"figure/quote", FL_SEVERITY_WARNING, "A value does not appear in its quote.",
     "The quote column holds the words a figure was taken from; the value should appear "
     "in them, in any written form (2,322, 2322, 2.3 million for 2,300,000). A mismatch "
     "usually means a typo in the table or a quote copied from the wrong sentence."},
    {"figure/position", FL_SEVERITY_WARNING, "A figure's line and col do not point at it.",
     "A figure with a quote and no line and col is placed where the quote stands in its "
     "article (white space and typographic quotes do not matter). A figure with line and "
     "col must stand there: when the article holds something else, the finding gives the "
     "place the value or its quote is found. A quote found in several places is reported "
     "too: give line and col."},
    {"figure/unused", FL_SEVERITY_NOTE, "No rule reads a figure.",
     "A key that no rule reads is often a typo (arrests.h1.totl for arrests.h1.total), "
     "and then the check meant for it silently does not run. A key close to what a rule "
     "reads gets a note of its own with \"did you mean\"; the others are listed in one "
     "note per table. Disable this rule for tables that carry figures no rule is meant "
     "to check."},
    {"names/near-miss", FL_SEVERITY_WARNING, "A name looks like a misspelling of a listed name.",
     "A mention is close to, but not the same as, a name in a names block's list "
     "(Damerau-Levenshtein distance within the block's max-distance). The message says "
     "which name was probably meant."},
    {"names/variant", FL_SEVERITY_WARNING, "One document spells one name two ways.",
     "Two close spellings of a name appear in one document and neither is listed. The "
     "rarer spelling is flagged and both places are given. Add the right spelling to a "
     "names list to turn this into a near-miss check."},
    {"names/case", FL_SEVERITY_NOTE, "A name differs from a listed name only in case or accents.",
     "The mention equals a listed name after case folding and accent removal (\"Hun Sén\" "
     "for \"Hun Sen\"). Check which form the style guide wants."},
    {"rule/unused", FL_SEVERITY_NOTE, "A rule applied to no document.",
     "A rule whose figures no document has did not check anything, which usually means "
     "a typo in one of its references or in a table's keys. The note gives the first "
     "reference that was missing and the closest key the tables have. Reported only "
     "when the run read figures at all."},
    {"baseline/stale", FL_SEVERITY_NOTE, "A baseline entry matches no finding any more.",
     "The baseline given with --baseline lists a finding, by its fingerprint, for a "
     "document that was checked and a rule that ran, but no such finding came up: the "
     "problem was fixed, or the figure it was about changed. Delete the line the note "
     "points at, or write the baseline again with --write-baseline."},
};

const size_t fl_builtin_rule_count = sizeof fl_builtin_rules / sizeof *fl_builtin_rules;

const fl_builtin_rule *fl_builtin_find(const char *id)
{
    for (size_t i = 0; i < fl_builtin_rule_count; i++)
        if (strcmp(fl_builtin_rules[i].id, id) == 0)
            return &fl_builtin_rules[i];
    return NULL;
}

fl_finding *fl_builtin_report(fl_document *document, const char *id,
                              const fl_location *location, const char *subject,
                              const char *format, ...)
{
    const fl_builtin_rule *rule = fl_builtin_find(id);
    va_list args;
    va_start(args, format);
    char *message = fl_arena_vprintf(&document->arena, format, args);
    va_end(args);
    fl_finding *finding = fl_document_add_finding(document);
    finding->rule = rule->id;
    finding->severity = rule->severity;
    /* The input rules say data could not be read, and a stale baseline entry is an
     * input out of date; the unused rules say something was not checked; the others
     * found something wrong in data that was read. */
    bool input = strncmp(id, "input/", 6) == 0 || strncmp(id, "baseline/", 9) == 0;
    finding->outcome = input                           ? FL_OUTCOME_INPUT
                       : strstr(id, "/unused") != NULL ? FL_OUTCOME_NOT_APPLICABLE
                                                       : FL_OUTCOME_VIOLATED;
    finding->message = message;
    finding->location = *location;
    finding->subject = fl_arena_strdup(&document->arena, subject ? subject : "");
    return finding;
}
