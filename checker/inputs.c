#include "inputs.h"

#include <errno.h>
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

static void add_one(fl_inputs *inputs, const char *path, fl_input_kind kind)
{
    size_t index;
    if (fl_strmap_get(&inputs->by_path, path, strlen(path), &index))
        return;
    inputs->items = fl_xgrow(inputs->items, &inputs->capacity, inputs->count + 1,
                             sizeof *inputs->items);
    char *copy = fl_xstrdup(path);
    inputs->items[inputs->count] = (fl_input){copy, kind, false};
    fl_strmap_put(&inputs->by_path, copy, strlen(copy), inputs->count++);
}

static bool add_folder(fl_inputs *inputs, const char *path, fl_buffer *error)
{
    size_t count;
    char **names = fl_folder_list(path, &count);
    if (!names) {
        fl_buffer_printf(error, "cannot read folder %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    fl_buffer child = FL_BUFFER_INIT;
    for (size_t i = 0; i < count && ok; i++) {
        fl_buffer_clear(&child);
        if (strcmp(path, ".") != 0)
            fl_buffer_printf(&child, "%s/", path);
        fl_buffer_append_string(&child, names[i]);
        struct stat info;
        /* lstat: links to folders are not followed, so a link cycle cannot loop. */
        if (lstat(fl_buffer_cstr(&child), &info) == 0) {
            if (S_ISDIR(info.st_mode))
                ok = add_folder(inputs, fl_buffer_cstr(&child), error);
            else if (fl_path_has_extension(names[i], ".csv"))
                add_one(inputs, fl_buffer_cstr(&child), FL_INPUT_TABLE);
            else if (fl_path_has_extension(names[i], ".txt") || fl_path_has_extension(names[i], ".md"))
                add_one(inputs, fl_buffer_cstr(&child), FL_INPUT_ARTICLE);
        }
    }
    fl_folder_free(names, count);
    fl_buffer_free(&child);
    return ok;
}

bool fl_inputs_add(fl_inputs *inputs, const char *path, fl_buffer *error)
{
    fl_buffer tidy = FL_BUFFER_INIT;
    fl_inputs_tidy_path(path, &tidy);
    struct stat info;
    bool ok = true;
    if (stat(fl_buffer_cstr(&tidy), &info) != 0) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(errno));
        ok = false;
    } else if (S_ISDIR(info.st_mode)) {
        ok = add_folder(inputs, fl_buffer_cstr(&tidy), error);
    } else if (access(fl_buffer_cstr(&tidy), R_OK) != 0) {
        fl_buffer_printf(error, "cannot read %s: %s", path, strerror(errno));
        ok = false;
    } else {
        add_one(inputs, fl_buffer_cstr(&tidy),
                fl_path_has_extension(fl_buffer_cstr(&tidy), ".csv") ? FL_INPUT_TABLE : FL_INPUT_ARTICLE);
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

void fl_inputs_free(fl_inputs *inputs)
{
    for (size_t i = 0; i < inputs->count; i++)
        free(inputs->items[i].path);
    free(inputs->items);
    fl_strmap_free(&inputs->by_path);
    inputs->items = NULL;
    inputs->count = inputs->capacity = 0;
}
