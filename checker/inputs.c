#include "inputs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

void fl_inputs_tidy_path(const char *path, fl_buffer *out)
{
    fl_buffer_clear(out);
    bool absolute = path[0] == '/';
    if (absolute)
        fl_buffer_append_char(out, '/');
    /* Lexical: "a/./b" is "a/b" and "a/x/../b" is "a/b"; a ".." that climbs above the
     * start stays, so "../b" is kept as written. */
    size_t kept = 0; /* segments in `out` that a ".." may remove */
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t length = end ? (size_t)(end - p) : strlen(p);
        if (length == 0)
            break;
        if (length == 1 && p[0] == '.') {
            /* nothing */
        } else if (length == 2 && p[0] == '.' && p[1] == '.' && kept > 0) {
            size_t cut = out->length - 1;
            while (cut > 0 && out->data[cut - 1] != '/')
                cut--;
            out->length = cut;
            out->data[cut] = '\0';
            kept--;
        } else if (length == 2 && p[0] == '.' && p[1] == '.' && absolute) {
            /* "/.." is "/" */
        } else {
            fl_buffer_append(out, p, length);
            fl_buffer_append_char(out, '/');
            if (!(length == 2 && p[0] == '.' && p[1] == '.'))
                kept++;
        }
        p += length;
    }
    if (out->length > 1 && out->data[out->length - 1] == '/')
        out->data[--out->length] = '\0';
    if (out->length == 0)
        fl_buffer_append_char(out, '.');
}

static void add_one(fl_inputs *inputs, const char *path, const char *source, fl_input_kind kind)
{
    size_t index;
    if (fl_strmap_get(&inputs->by_path, path, strlen(path), &index))
        return;
    inputs->items = fl_xgrow(inputs->items, &inputs->capacity, inputs->count + 1,
                             sizeof *inputs->items);
    char *copy = fl_xstrdup(path);
    inputs->items[inputs->count] =
        (fl_input){copy, source ? fl_xstrdup(source) : NULL, kind, false};
    fl_strmap_put(&inputs->by_path, copy, strlen(copy), inputs->count++);
}

static void skip(fl_inputs *inputs, const char *path, const char *reason)
{
    inputs->skipped = fl_xgrow(inputs->skipped, &inputs->skipped_capacity,
                               inputs->skipped_count + 1, sizeof *inputs->skipped);
    inputs->skipped[inputs->skipped_count++] =
        (fl_skipped_input){fl_xstrdup(path), fl_xstrdup(reason)};
}

static void add_root(fl_inputs *inputs, const char *folder)
{
    char real[PATH_MAX];
    if (!realpath(folder, real))
        return;
    size_t length = strlen(real);
    if (length > 1 && real[length - 1] == '/')
        real[--length] = '\0';
    for (size_t i = 0; i < inputs->root_count; i++)
        if (strcmp(inputs->roots[i], real) == 0)
            return;
    inputs->roots = fl_xgrow(inputs->roots, &inputs->root_capacity, inputs->root_count + 1,
                             sizeof *inputs->roots);
    inputs->roots[inputs->root_count++] = fl_xstrdup(real);
}

bool fl_inputs_in_roots(const fl_inputs *inputs, const char *real)
{
    for (size_t i = 0; i < inputs->root_count; i++) {
        const char *root = inputs->roots[i];
        size_t length = strlen(root);
        if (strcmp(root, "/") == 0 ||
            (strncmp(real, root, length) == 0 && (real[length] == '/' || real[length] == '\0')))
            return true;
    }
    return false;
}

static fl_input_kind kind_by_name(const char *path)
{
    return fl_path_has_extension(path, ".csv") ? FL_INPUT_TABLE : FL_INPUT_ARTICLE;
}

static bool is_article_name(const char *name)
{
    return fl_path_has_extension(name, ".txt") || fl_path_has_extension(name, ".md");
}

static size_t add_folder(fl_inputs *inputs, const char *path, fl_buffer *error, bool *ok);

/* One entry of a folder walk, by what it is rather than what its name says: `kind`
 * as the listing gave it, or lstat() when the listing did not say. */
static size_t add_entry(fl_inputs *inputs, const char *path, const char *name,
                        fl_entry_kind kind, fl_buffer *error, bool *ok)
{
    bool wanted = fl_path_has_extension(name, ".csv") || is_article_name(name);
    if (kind == FL_ENTRY_FOLDER)
        return add_folder(inputs, path, error, ok);
    if (kind == FL_ENTRY_FILE) {
        if (!wanted)
            return 0;
        add_one(inputs, path, NULL, kind_by_name(name));
        return 1;
    }
    struct stat info;
    if (lstat(path, &info) != 0)
        return 0;
    if (S_ISDIR(info.st_mode))
        /* lstat: links to folders are not followed, so a link cycle cannot loop. */
        return add_folder(inputs, path, error, ok);
    if (!wanted)
        return 0;
    if (S_ISLNK(info.st_mode)) {
        char real[PATH_MAX];
        if (!realpath(path, real) || stat(real, &info) != 0) {
            skip(inputs, path, "a link that leads nowhere");
            return 0;
        }
        if (!fl_inputs_in_roots(inputs, real)) {
            skip(inputs, path, "a link that leads out of the folders given");
            return 0;
        }
    }
    if (!S_ISREG(info.st_mode)) {
        skip(inputs, path,
             S_ISFIFO(info.st_mode) ? "a FIFO, which would wait for a writer; name it "
                                      "outright to read it"
             : S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode) ? "a device, not a file"
                                                              : "not a regular file");
        return 0;
    }
    add_one(inputs, path, NULL, kind_by_name(name));
    return 1;
}

/* Adds what folder `path` holds; returns how many inputs that was. */
static size_t add_folder(fl_inputs *inputs, const char *path, fl_buffer *error, bool *ok)
{
    size_t count;
    fl_entry_kind *kinds;
    char **names = fl_folder_list(path, &count, &kinds);
    if (!names) {
        fl_buffer_printf(error, "cannot read folder %s: %s", path, strerror(errno));
        *ok = false;
        return 0;
    }
    size_t added = 0;
    fl_buffer child = FL_BUFFER_INIT;
    for (size_t i = 0; i < count && *ok; i++) {
        fl_buffer_clear(&child);
        if (strcmp(path, ".") != 0)
            fl_buffer_printf(&child, "%s/", path);
        fl_buffer_append_string(&child, names[i]);
        added += add_entry(inputs, fl_buffer_cstr(&child), names[i], kinds[i], error, ok);
    }
    fl_folder_free(names, count);
    free(kinds);
    fl_buffer_free(&child);
    return added;
}

/* Whether `text` starts with a CSV header that names a figures or names table. */
static bool looks_like_table(const char *text, size_t length)
{
    const char *newline = memchr(text, '\n', length);
    size_t line = newline ? (size_t)(newline - text) : length;
    fl_buffer header = FL_BUFFER_INIT;
    for (size_t i = 0; i < line; i++)
        fl_buffer_append_char(&header, (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32
                                                                                : text[i]));
    bool table = strstr(fl_buffer_cstr(&header), "key") || strstr(fl_buffer_cstr(&header), "name");
    table = table && memchr(text, ',', line) != NULL;
    fl_buffer_free(&header);
    return table;
}

/* Copies standard input, a FIFO or a device into a temporary file that can be read
 * again; its kind comes from the name, or for standard input from its first line. */
static bool spool(fl_inputs *inputs, const char *path, const char *shown, fl_buffer *error)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    const char *folder = getenv("TMPDIR");
    fl_buffer temporary = FL_BUFFER_INIT;
    fl_buffer_printf(&temporary, "%s/factlint-input-XXXXXX", folder && *folder ? folder : "/tmp");
    int fd = mkstemp(temporary.data);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bool ok = out != NULL;
    char chunk[64 * 1024], first[4096];
    size_t got, first_length = 0;
    while (ok && (got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        if (first_length < sizeof first) {
            size_t take = got < sizeof first - first_length ? got : sizeof first - first_length;
            memcpy(first + first_length, chunk, take);
            first_length += take;
        }
        ok = fwrite(chunk, 1, got, out) == got;
    }
    ok = ok && !ferror(in);
    int saved = errno;
    if (out && fclose(out) != 0 && ok) {
        ok = false;
        saved = errno;
    } else if (!out && fd >= 0) {
        close(fd);
    }
    if (in != stdin)
        fclose(in);
    if (!ok) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(saved));
        if (fd >= 0)
            unlink(fl_buffer_cstr(&temporary));
        fl_buffer_free(&temporary);
        return false;
    }
    fl_input_kind kind = strcmp(path, "-") == 0
                             ? (looks_like_table(first, first_length) ? FL_INPUT_TABLE
                                                                      : FL_INPUT_ARTICLE)
                             : kind_by_name(path);
    add_one(inputs, shown, fl_buffer_cstr(&temporary), kind);
    fl_buffer_free(&temporary);
    return true;
}

bool fl_inputs_add(fl_inputs *inputs, const char *path, fl_buffer *error)
{
    if (inputs->root_count == 0)
        add_root(inputs, ".");
    if (strcmp(path, "-") == 0)
        return spool(inputs, path, "<stdin>", error);
    fl_buffer tidy = FL_BUFFER_INIT;
    fl_inputs_tidy_path(path, &tidy);
    const char *tidied = fl_buffer_cstr(&tidy);
    struct stat info;
    bool ok = true;
    if (stat(tidied, &info) != 0) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(errno));
        ok = false;
    } else if (S_ISDIR(info.st_mode)) {
        add_root(inputs, tidied);
        if (add_folder(inputs, tidied, error, &ok) == 0 && ok)
            skip(inputs, tidied, "holds no tables (*.csv) or articles (*.txt, *.md)");
    } else if (access(tidied, R_OK) != 0) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(errno));
        ok = false;
    } else if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode)) {
        ok = spool(inputs, tidied, tidied, error);
    } else if (!S_ISREG(info.st_mode)) {
        fl_buffer_printf(error, "cannot read %s: it is neither a file nor a folder", path);
        ok = false;
    } else {
        char *slash = strrchr(tidy.data, '/');
        if (slash) {
            *slash = '\0';
            add_root(inputs, tidy.length && tidy.data[0] ? tidy.data : "/");
            *slash = '/';
        }
        add_one(inputs, tidied, NULL, kind_by_name(tidied));
    }
    fl_buffer_free(&tidy);
    return ok;
}

fl_input *fl_inputs_find_article(fl_inputs *inputs, const char *path)
{
    size_t index;
    if (!fl_strmap_get(&inputs->by_path, path, strlen(path), &index) ||
        inputs->items[index].kind != FL_INPUT_ARTICLE)
        return NULL;
    return &inputs->items[index];
}

const fl_input *fl_inputs_find(const fl_inputs *inputs, const char *path)
{
    size_t index;
    if (!fl_strmap_get(&inputs->by_path, path, strlen(path), &index))
        return NULL;
    return &inputs->items[index];
}

void fl_inputs_free(fl_inputs *inputs)
{
    for (size_t i = 0; i < inputs->count; i++) {
        if (inputs->items[i].source)
            unlink(inputs->items[i].source);
        free(inputs->items[i].source);
        free(inputs->items[i].path);
    }
    free(inputs->items);
    for (size_t i = 0; i < inputs->skipped_count; i++) {
        free(inputs->skipped[i].path);
        free(inputs->skipped[i].reason);
    }
    free(inputs->skipped);
    for (size_t i = 0; i < inputs->root_count; i++)
        free(inputs->roots[i]);
    free(inputs->roots);
    fl_strmap_free(&inputs->by_path);
    *inputs = (fl_inputs){0};
}
