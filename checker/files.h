/*
 * files.h — reading a whole file and listing a folder, as the rule loader, the
 * input walker and the article reader all need to.
 */
#ifndef FL_FILES_H
#define FL_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "memory.h"

/* Appends the whole file at `path` to `out`. false, with errno set and `out` as it
 * was, when the file cannot be opened or read. */
bool fl_file_read(const char *path, fl_buffer *out);

/* Like fl_file_read, but reads at most `limit` bytes: a longer file (or one that never
 * ends) fails with `*too_large` set and `out` as it was. */
bool fl_file_read_limited(const char *path, size_t limit, fl_buffer *out, bool *too_large);

/* What a file whose first bytes are `bytes` is when it is no text, as the end of a
 * sentence ("is a spreadsheet: export it as CSV, UTF-8"); NULL for text. */
const char *fl_file_not_text(const char *bytes, size_t length);

/* Whether `path` ends in `extension` (".csv"), ignoring case, as file managers do. */
bool fl_path_has_extension(const char *path, const char *extension);

/* What a folder's listing says an entry is. Links, other kinds, and entries of file
 * systems that do not say, are FL_ENTRY_UNKNOWN: lstat() tells. */
typedef enum fl_entry_kind {
    FL_ENTRY_UNKNOWN,
    FL_ENTRY_FILE,
    FL_ENTRY_FOLDER,
} fl_entry_kind;

/* The names in folder `path`, hidden ones (".…") left out, in name order so that
 * walks are the same on every machine. NULL with errno set when the folder cannot
 * be read. Free with fl_folder_free. With `kinds`, also what each entry is, in an
 * array of the same order that the caller frees: a walk of a large folder then
 * needs no lstat() for most entries. */
char **fl_folder_list(const char *path, size_t *count, fl_entry_kind **kinds);
void fl_folder_free(char **names, size_t count);

#endif
