#include "articles.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "names_distance.h"
#include "names_index.h"
#include "strmap.h"

enum { SUGGEST_MAX_DISTANCE = 2, SUGGEST_MAX_CHARACTERS = 256 };

typedef struct folder {
    char **names;       /* sorted; NULL when the folder cannot be listed */
    size_t count;
    bool exists;
    bool inside;        /* its real path lies in the roots */
    /* Its article names (.txt, .md) by the index of `names`, made at the first missing
     * article that wants a suggestion; NULL until then. */
    fl_name_index *articles;
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
        fl_name_index_free(articles->folders[i].articles);
        free(articles->paths[i]);
    }
    free(articles->folders);
    free(articles->paths);
    fl_strmap_free(&articles->by_path);
    free(articles);
}

static folder *folder_of(fl_articles *articles, const char *path, size_t length)
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
    *f = (folder){NULL, 0, false, false, NULL};
    char real[PATH_MAX];
    if (realpath(length ? copy : ".", real)) {
        f->exists = true;
        f->inside = fl_inputs_in_roots(articles->inputs, real);
        if (f->inside)
            f->names = fl_folder_list(length ? copy : ".", &f->count, NULL);
    }
    articles->paths[articles->folder_count] = copy;
    fl_strmap_put(&articles->by_path, copy, length, articles->folder_count);
    return &articles->folders[articles->folder_count++];
}

static int compare_name(const void *key, const void *item)
{
    return strcmp(key, *(char *const *)item);
}

/* `name` as a key of the articles index: a space becomes U+E000, since the index
 * reads spaces as word breaks and would drop some. The same change on both sides never
 * makes two names further apart, so the index misses nothing within reach. */
static void article_key(const char *name, fl_buffer *out)
{
    fl_buffer_clear(out);
    for (const char *c = name; *c; c++) {
        if (*c == ' ')
            fl_buffer_append_string(out, "\xEE\x80\x80");
        else
            fl_buffer_append_char(out, *c);
    }
}

static bool is_article_name(const char *name)
{
    return fl_path_has_extension(name, ".txt") || fl_path_has_extension(name, ".md");
}

static fl_name_index *index_articles(const folder *f)
{
    fl_name_index *index = fl_name_index_new();
    fl_buffer key = FL_BUFFER_INIT;
    for (size_t i = 0; i < f->count; i++) {
        if (!is_article_name(f->names[i]))
            continue;
        article_key(f->names[i], &key);
        fl_name_index_add(index, key.data, key.length, (uint32_t)i);
    }
    fl_name_index_finish(index);
    fl_buffer_free(&key);
    return index;
}

/* The article in `f` closest to `name`, within two edits, into `out` with `prefix`;
 * of several as close, the first in name order. The folder's index finds the few
 * names in reach, so a table of many missing articles next to many others does not
 * compare every pair. */
static void suggest(folder *f, const char *prefix, size_t prefix_length, const char *name,
                    fl_buffer *out)
{
    uint32_t wanted[SUGGEST_MAX_CHARACTERS], candidate[SUGGEST_MAX_CHARACTERS];
    size_t wanted_length = fl_name_code_points(name, strlen(name), wanted,
                                               SUGGEST_MAX_CHARACTERS);
    if (wanted_length > SUGGEST_MAX_CHARACTERS)
        return;
    if (!f->articles)
        f->articles = index_articles(f);
    fl_buffer key = FL_BUFFER_INIT;
    article_key(name, &key);
    fl_name_match local[64];
    fl_name_match *matches = local;
    size_t count = fl_name_index_lookup(f->articles, key.data, key.length,
                                        SUGGEST_MAX_DISTANCE, local, 64);
    if (count > 64) {
        matches = fl_xmalloc(count * sizeof *matches);
        fl_name_index_lookup(f->articles, key.data, key.length, SUGGEST_MAX_DISTANCE,
                             matches, count);
    }
    fl_buffer_free(&key);
    /* The index's distances are never larger than the names' own, which decide. */
    unsigned best = 0;
    const char *found = NULL;
    uint32_t found_id = 0;
    for (size_t m = 0; m < count; m++) {
        uint32_t id = matches[m].id;
        size_t length = fl_name_code_points(f->names[id], strlen(f->names[id]), candidate,
                                            SUGGEST_MAX_CHARACTERS);
        if (length > SUGGEST_MAX_CHARACTERS)
            continue;
        unsigned distance = fl_name_distance(wanted, wanted_length, candidate, length,
                                             SUGGEST_MAX_DISTANCE);
        if (distance <= SUGGEST_MAX_DISTANCE &&
            (!found || distance < best || (distance == best && id < found_id))) {
            best = distance;
            found = f->names[id];
            found_id = id;
        }
    }
    if (matches != local)
        free(matches);
    if (found) {
        fl_buffer_append(out, prefix, prefix_length);
        fl_buffer_append_string(out, found);
    }
}

fl_article_status fl_articles_resolve(fl_articles *articles, const char *path,
                                      fl_buffer *suggestion)
{
    if (suggestion)
        fl_buffer_clear(suggestion);
    const char *slash = strrchr(path, '/');
    size_t folder_length = slash ? (size_t)(slash - path) : 0;
    const char *name = slash ? slash + 1 : path;
    folder *f = folder_of(articles, path, folder_length);
    if (!f->exists)
        return FL_ARTICLE_MISSING;
    if (!f->inside)
        return FL_ARTICLE_OUTSIDE;
    if (!f->names || !bsearch(name, f->names, f->count, sizeof *f->names, compare_name)) {
        if (f->names && suggestion)
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
