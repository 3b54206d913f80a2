/* d_type and its DT_ values in a folder listing are not in ISO C or POSIX. */
#define _DEFAULT_SOURCE

#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { READ_CHUNK = 64 * 1024 };

bool fl_file_read_limited(const char *path, size_t limit, fl_buffer *out, bool *too_large)
{
    *too_large = false;
    /* Plain reads, not stdio: a folder of articles is read a file at a time, and
     * stdio would ask for the file's size again and read it through 4 KiB. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t start = out->length;
    /* Room for the whole of a regular file up front: it is read in place, without a
     * copy a chunk or the buffer growing (and copying) as it fills, and the read past
     * its end that says it is over has one byte of room. A pipe, or a file that grows
     * meanwhile, goes on in chunks. */
    struct stat info;
    size_t expected = READ_CHUNK;
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0)
        expected = (uintmax_t)info.st_size < limit ? (size_t)info.st_size : limit;
    fl_buffer_reserve(out, expected + 1);
    int failed = 0;
    for (;;) {
        if (out->capacity - out->length - 1 == 0)
            fl_buffer_reserve(out, READ_CHUNK);
        size_t room = out->capacity - out->length - 1;
        /* Never more than one byte past the limit: enough to know it is passed. */
        size_t allowed = limit - (out->length - start);
        if (room > allowed + 1 && allowed < SIZE_MAX)
            room = allowed + 1;
        if (room > SSIZE_MAX)
            room = SSIZE_MAX;
        ssize_t got = read(fd, out->data + out->length, room);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            failed = errno;
            break;
        }
        if (got == 0)
            break;
        out->length += (size_t)got;
        if (out->length - start > limit) {
            failed = EFBIG;
            *too_large = true;
            break;
        }
    }
    close(fd);
    if (failed) {
        out->length = start;
        out->data[start] = '\0';
        errno = failed;
        return false;
    }
    out->data[out->length] = '\0';
    return true;
}

bool fl_file_read(const char *path, fl_buffer *out)
{
    bool too_large;
    return fl_file_read_limited(path, SIZE_MAX, out, &too_large);
}

const char *fl_file_not_text(const char *bytes, size_t length)
{
    if (length >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0)
        return "is a zip archive, such as an Excel or OpenDocument spreadsheet: export the "
               "sheet as CSV, UTF-8";
    if (length >= 8 && memcmp(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return "is an Office file, such as an Excel 97-2003 workbook: export the sheet as "
               "CSV, UTF-8";
    if (length >= 2 && (memcmp(bytes, "\xFF\xFE", 2) == 0 || memcmp(bytes, "\xFE\xFF", 2) == 0))
        return "is UTF-16 text: save it as UTF-8";
    if (memchr(bytes, '\0', length < 8192 ? length : 8192))
        return "is a binary file (it holds NUL bytes), not text";
    return NULL;
}

bool fl_path_has_extension(const char *path, const char *extension)
{
    size_t length = strlen(path), extension_length = strlen(extension);
    return length > extension_length &&
           strcasecmp(path + length - extension_length, extension) == 0;
}

typedef struct listed_entry {
    char *name;
    fl_entry_kind kind;
} listed_entry;

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const listed_entry *)a)->name, ((const listed_entry *)b)->name);
}

static fl_entry_kind kind_of(const struct dirent *entry)
{
#ifdef DT_REG
    if (entry->d_type == DT_REG)
        return FL_ENTRY_FILE;
    if (entry->d_type == DT_DIR)
        return FL_ENTRY_FOLDER;
#else
    (void)entry;
#endif
    return FL_ENTRY_UNKNOWN;
}

char **fl_folder_list(const char *path, size_t *count, fl_entry_kind **kinds)
{
    DIR *dir = opendir(path);
    if (!dir)
        return NULL;
    listed_entry *entries = NULL;
    size_t capacity = 0;
    *count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        entries = fl_xgrow(entries, &capacity, *count + 1, sizeof *entries);
        entries[(*count)++] = (listed_entry){fl_xstrdup(entry->d_name), kind_of(entry)};
    }
    closedir(dir);
    if (*count > 1)
        qsort(entries, *count, sizeof *entries, compare_entries);
    char **names = fl_xcalloc(*count + 1, sizeof *names);
    if (kinds)
        *kinds = fl_xcalloc(*count + 1, sizeof **kinds);
    for (size_t i = 0; i < *count; i++) {
        names[i] = entries[i].name;
        if (kinds)
            (*kinds)[i] = entries[i].kind;
    }
    free(entries);
    return names;
}

void fl_folder_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
