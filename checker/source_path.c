/* realpath() is an X/Open extension of POSIX. */
#define _XOPEN_SOURCE 700

#include "source_path.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The folder part of `path` ("." for a bare name) and where its file name starts. */
static const char *split_folder(const char *path, fl_buffer *folder)
{
    fl_buffer_clear(folder);
    const char *slash = strrchr(path, '/');
    if (!slash) {
        fl_buffer_append_string(folder, ".");
        return path;
    }
    fl_buffer_append(folder, path, slash == path ? 1 : (size_t)(slash - path));
    return slash + 1;
}

/* Finds the repository holding the canonical folder `real` and sets `in_root` to
 * the folder's path from its root. */
static bool find_root(const char *real, fl_buffer *in_root)
{
    fl_buffer probe = FL_BUFFER_INIT;
    size_t length = strlen(real);
    bool found = false;
    for (;;) {
        fl_buffer_clear(&probe);
        fl_buffer_append(&probe, real, length);
        fl_buffer_append_string(&probe, length == 1 ? ".git" : "/.git");
        struct stat info;
        if (lstat(fl_buffer_cstr(&probe), &info) == 0) {
            found = true;
            break;
        }
        if (length <= 1)
            break;
        while (length > 1 && real[length - 1] != '/')
            length--;
        if (length > 1)
            length--; /* the slash, unless it is the root's */
    }
    fl_buffer_free(&probe);
    fl_buffer_clear(in_root);
    if (found && real[length] == '/')
        fl_buffer_append_string(in_root, real + length + 1);
    else if (found && length == 1 && real[1])
        fl_buffer_append_string(in_root, real + 1);
    return found;
}

bool fl_source_path_in_repository(fl_source_paths *paths, const char *path, fl_buffer *out)
{
    fl_buffer *folder = &paths->path_folder;
    const char *name = split_folder(path, folder);
    if (!paths->cached || strcmp(fl_buffer_cstr(folder), fl_buffer_cstr(&paths->folder)) != 0) {
        char *real = realpath(fl_buffer_cstr(folder), NULL);
        paths->found = real && find_root(real, &paths->in_root);
        free(real);
        fl_buffer_clear(&paths->folder);
        fl_buffer_append_string(&paths->folder, fl_buffer_cstr(folder));
        paths->cached = true;
    }
    fl_buffer_clear(out);
    if (!paths->found)
        return false;
    if (paths->in_root.length)
        fl_buffer_printf(out, "%s/", fl_buffer_cstr(&paths->in_root));
    fl_buffer_append_string(out, name);
    return true;
}

/* The path from canonical folder `from` to canonical folder `to`, with a trailing
 * slash unless it is empty. */
static void relative_folder(const char *from, const char *to, fl_buffer *out)
{
    size_t common = 0;
    for (size_t i = 0;; i++) {
        bool from_end = from[i] == '\0' || from[i] == '/';
        bool to_end = to[i] == '\0' || to[i] == '/';
        if (from_end && to_end)
            common = i;
        if (from[i] != to[i] || from[i] == '\0')
            break;
    }
    for (const char *p = from + common; *p; p++)
        if (*p == '/' && p[1])
            fl_buffer_append_string(out, "../");
    if (to[common] == '/' && to[common + 1])
        fl_buffer_printf(out, "%s/", to + common + 1);
}

void fl_source_path_identity(fl_source_paths *paths, const char *path, const char *table,
                             fl_buffer *out)
{
    if (fl_source_path_in_repository(paths, path, out))
        return;
    fl_buffer *folder = &paths->path_folder, *table_folder = &paths->table_folder;
    const char *name = split_folder(path, folder);
    fl_buffer_clear(table_folder);
    if (table)
        split_folder(table, table_folder);
    /* Documents of one table mostly share a folder: two realpath() calls a document
     * would be most of the time of a large table. */
    if (!paths->outside_cached ||
        strcmp(fl_buffer_cstr(folder), fl_buffer_cstr(&paths->outside_folder)) != 0 ||
        strcmp(fl_buffer_cstr(table_folder), fl_buffer_cstr(&paths->outside_table)) != 0) {
        fl_buffer_clear(&paths->outside_prefix);
        char *document_real = realpath(fl_buffer_cstr(folder), NULL);
        char *table_real = table && document_real
                               ? realpath(fl_buffer_cstr(table_folder), NULL)
                               : NULL;
        if (table_real)
            relative_folder(table_real, document_real, &paths->outside_prefix);
        free(table_real);
        free(document_real);
        fl_buffer_clear(&paths->outside_folder);
        fl_buffer_append_string(&paths->outside_folder, fl_buffer_cstr(folder));
        fl_buffer_clear(&paths->outside_table);
        fl_buffer_append_string(&paths->outside_table, fl_buffer_cstr(table_folder));
        paths->outside_cached = true;
    }
    fl_buffer_append(out, paths->outside_prefix.data, paths->outside_prefix.length);
    fl_buffer_append_string(out, name);
}

void fl_source_paths_free(fl_source_paths *paths)
{
    fl_buffer_free(&paths->folder);
    fl_buffer_free(&paths->in_root);
    fl_buffer_free(&paths->outside_folder);
    fl_buffer_free(&paths->outside_table);
    fl_buffer_free(&paths->path_folder);
    fl_buffer_free(&paths->table_folder);
    fl_buffer_free(&paths->outside_prefix);
    *paths = (fl_source_paths)FL_SOURCE_PATHS_INIT;
}
