/*
 * source_path.h — where a file stands in its repository, so that fingerprints,
 * baselines and CI reports name a file the same way whichever folder factlint ran
 * from and however the path was typed (`check fp` and `cd fp && check .` agree).
 *
 * A file's repository is the nearest folder upward from it, symbolic links resolved,
 * that holds a `.git` entry (a folder in a clone, a file in a worktree or submodule).
 * The resolver caches the last folder it looked up, and for files outside a
 * repository the last folder and table folder it related; it owns its buffers.
 */
#ifndef FL_SOURCE_PATH_H
#define FL_SOURCE_PATH_H

#include <stdbool.h>

#include "memory.h"

typedef struct fl_source_paths {
    fl_buffer folder;      /* the folder looked up last, as given */
    fl_buffer in_root;     /* its path from the repository root ("" for the root) */
    bool cached, found;
    /* Outside a repository: the folder and table last related, and the path from
     * the one to the other ("" when there was no table or it could not be resolved). */
    fl_buffer outside_folder, outside_table, outside_prefix;
    bool outside_cached;
    /* The folders of the path and table asked about, kept from one call to the next
     * so that a document costs no allocation. */
    fl_buffer path_folder, table_folder;
} fl_source_paths;

#define FL_SOURCE_PATHS_INIT                                                               \
    {FL_BUFFER_INIT, FL_BUFFER_INIT, false, false,                                       \
     FL_BUFFER_INIT, FL_BUFFER_INIT, FL_BUFFER_INIT, false, FL_BUFFER_INIT, FL_BUFFER_INIT}

/* `path` relative to the root of its repository, into `out` (replacing its
 * contents). false, with `out` emptied, when the file is in no repository or its
 * folder cannot be resolved. */
bool fl_source_path_in_repository(fl_source_paths *paths, const char *path, fl_buffer *out);

/* What fingerprints and baselines call a document: its path in its repository;
 * outside one, its path from the folder of `table` (the table whose `doc` column
 * names it), or its file name when `table` is NULL or cannot be resolved. */
void fl_source_path_identity(fl_source_paths *paths, const char *path, const char *table,
                             fl_buffer *out);

void fl_source_paths_free(fl_source_paths *paths);

#endif
