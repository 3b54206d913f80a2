#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool fl_file_read(const char *path, fl_buffer *out)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return false;
    size_t start = out->length;
    char chunk[64 * 1024];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        fl_buffer_append(out, chunk, got);
    int failed = ferror(file) ? errno : 0;
    fclose(file);
    fl_buffer_reserve(out, 0);
    if (failed) {
        out->length = start;
        out->data[start] = '\0';
        errno = failed;
        return false;
    }
    return true;
}

bool fl_path_has_extension(const char *path, const char *extension)
{
    size_t length = strlen(path), extension_length = strlen(extension);
    return length > extension_length &&
           strcasecmp(path + length - extension_length, extension) == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fl_folder_list(const char *path, size_t *count)
{
    DIR *dir = opendir(path);
    if (!dir)
        return NULL;
    char **names = NULL;
    size_t capacity = 0;
    *count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        names = fl_xgrow(names, &capacity, *count + 1, sizeof *names);
        names[(*count)++] = fl_xstrdup(entry->d_name);
    }
    closedir(dir);
    if (!names)
        return fl_xcalloc(1, sizeof *names);
    qsort(names, *count, sizeof *names, compare_names);
    return names;
}

void fl_folder_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
