#include "articles.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "names_distance.h"
#include "strmap.h"

typedef struct folder {
    char **names;       /* sorted; NULL when the folder cannot be listed */
    size_t count;
    bool exists;
    bool inside;        /* its real path lies in the roots */
} folder;

struct fl_articles {
    const fl_inputs *inputs;
    folder *folders;
    size_t folder_count, folder_capacity;
    char **paths;       /* folder paths, keys of by_path */
    fl_strmap by_path;
};

fl_articles *fl_articles_new(const fl_inputs *inputs)
{
    fl_articles *articles = fl_xcalloc(1, sizeof *articles);
    articles->inputs = inputs;
    return articles;
}

void fl_articles_free(fl_articles *articles)
{
    if (!articles)
        return;
    for (size_t i = 0; i < articles->folder_count; i++) {
        if (articles->folders[i].names)
            fl_folder_free(articles->folders[i].names, articles->folders[i].count);
        free(articles->paths[i]);
    }
    free(articles->folders);
    free(articles->paths);
    fl_strmap_free(&articles->by_path);
    free(articles);
}

static const folder *folder_of(fl_articles *articles, const char *path, size_t length)
{
    size_t index;
    if (fl_strmap_get(&articles->by_path, path, length, &index))
        return &articles->folders[index];
    size_t capacity = articles->folder_capacity;
    articles->folders = fl_xgrow(articles->folders, &articles->folder_capacity,
                                 articles->folder_count + 1, sizeof *articles->folders);
    articles->paths = fl_xgrow(articles->paths, &capacity, articles->folder_count + 1,
                               sizeof *articles->paths);
    char *copy = fl_xstrndup(path, length);
    folder *f = &articles->folders[articles->folder_count];
    *f = (folder){NULL, 0, false, false};
    char real[PATH_MAX];
    if (realpath(length ? copy : ".", real)) {
        f->exists = true;
        f->inside = fl_inputs_in_roots(articles->inputs, real);
        if (f->inside)
            f->names = fl_folder_list(length ? copy : ".", &f->count);
    }
    articles->paths[articles->folder_count] = copy;
    fl_strmap_put(&articles->by_path, copy, length, articles->folder_count);
    return &articles->folders[articles->folder_count++];
}

static int compare_name(const void *key, const void *item)
{
    return strcmp(key, *(char *const *)item);
}

/* The article in `f` closest to `name`, within two edits, into `out` with `prefix`. */
static void suggest(const folder *f, const char *prefix, size_t prefix_length, const char *name,
                    fl_buffer *out)
{
    uint32_t wanted[256], candidate[256];
    size_t wanted_length = fl_name_code_points(name, strlen(name), wanted, 256);
    if (wanted_length > 256)
        return;
    unsigned best = 3;
    const char *found = NULL;
    for (size_t i = 0; i < f->count; i++) {
        if (!fl_path_has_extension(f->names[i], ".txt") &&
            !fl_path_has_extension(f->names[i], ".md"))
            continue;
        size_t length = fl_name_code_points(f->names[i], strlen(f->names[i]), candidate, 256);
        if (length > 256)
            continue;
        unsigned distance = fl_name_distance(wanted, wanted_length, candidate, length, best - 1);
        if (distance < best) {
            best = distance;
            found = f->names[i];
        }
    }
    if (found) {
        fl_buffer_append(out, prefix, prefix_length);
        fl_buffer_append_string(out, found);
    }
}

fl_article_status fl_articles_resolve(fl_articles *articles, const char *path,
                                      fl_buffer *suggestion)
{
    fl_buffer_clear(suggestion);
    const char *slash = strrchr(path, '/');
    size_t folder_length = slash ? (size_t)(slash - path) : 0;
    const char *name = slash ? slash + 1 : path;
    const folder *f = folder_of(articles, path, folder_length);
    if (!f->exists)
        return FL_ARTICLE_MISSING;
    if (!f->inside)
        return FL_ARTICLE_OUTSIDE;
    if (!f->names || !bsearch(name, f->names, f->count, sizeof *f->names, compare_name)) {
        if (f->names)
            suggest(f, path, slash ? folder_length + 1 : 0, name, suggestion);
        return FL_ARTICLE_MISSING;
    }
    char real[PATH_MAX];
    struct stat info;
    if (!realpath(path, real) || stat(real, &info) != 0)
        return FL_ARTICLE_MISSING;
    if (!fl_inputs_in_roots(articles->inputs, real))
        return FL_ARTICLE_OUTSIDE;
    return S_ISREG(info.st_mode) ? FL_ARTICLE_FOUND : FL_ARTICLE_NOT_FILE;
}
