#include "document_stream.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"

enum { TAG_DOCUMENT = 'D', TAG_FINDING = 'F', TAG_KEY = 'K', BUFFER_BYTES = 256 * 1024 };

/* How a location's file is kept: none, the document's own path, or a string. */
enum { FILE_NONE, FILE_DOCUMENT, FILE_STRING };

struct fl_document_stream {
    FILE *file;
    bool failed;            /* a write failed */
    const char *path;       /* the document last put, to tell its own locations */
    fl_buffer scratch;      /* strings of the item last read */
    size_t *offsets;        /* where each string of that item starts in `scratch` */
    size_t offset_count, offset_capacity;
};

fl_document_stream *fl_document_stream_new(void)
{
    FILE *file = tmpfile();
    if (!file)
        return NULL;
    fl_document_stream *stream = fl_xcalloc(1, sizeof *stream);
    stream->file = file;
    setvbuf(file, NULL, _IOFBF, BUFFER_BYTES);
    return stream;
}

void fl_document_stream_free(fl_document_stream *stream)
{
    if (!stream)
        return;
    fclose(stream->file);
    fl_buffer_free(&stream->scratch);
    free(stream->offsets);
    free(stream);
}

/* ---- writing ---- */

static void put_bytes(fl_document_stream *stream, const void *bytes, size_t length)
{
    if (length && fwrite(bytes, 1, length, stream->file) != length)
        stream->failed = true;
}

/* A length and the bytes; UINT32_MAX for NULL. */
static void put_string(fl_document_stream *stream, const char *text)
{
    size_t length = text ? strlen(text) : 0;
    uint32_t kept = text ? (uint32_t)length : UINT32_MAX;
    put_bytes(stream, &kept, sizeof kept);
    put_bytes(stream, text, length);
}

static void put_file(fl_document_stream *stream, const char *file)
{
    unsigned char how = !file                                      ? FILE_NONE
                        : stream->path && strcmp(file, stream->path) == 0 ? FILE_DOCUMENT
                                                                          : FILE_STRING;
    put_bytes(stream, &how, 1);
    if (how == FILE_STRING)
        put_string(stream, file);
}

void fl_document_stream_put_document(fl_document_stream *stream,
                                     const fl_streamed_document *document)
{
    unsigned char tag = TAG_DOCUMENT;
    put_bytes(stream, &tag, 1);
    put_bytes(stream, document, sizeof *document);
    put_string(stream, document->path);
    put_string(stream, document->identity);
    put_string(stream, document->source);
    /* Later findings name this path as a pointer of their own document. */
    fl_buffer_clear(&stream->scratch);
    fl_buffer_append_string(&stream->scratch, document->path);
    stream->path = fl_buffer_cstr(&stream->scratch);
}

void fl_document_stream_put_finding(fl_document_stream *stream, const fl_document *document,
                                    const fl_finding *finding)
{
    (void)document;
    unsigned char tag = TAG_FINDING;
    put_bytes(stream, &tag, 1);
    put_bytes(stream, finding, sizeof *finding);
    put_string(stream, finding->message);
    put_file(stream, finding->doc);
    put_file(stream, finding->location.file);
    for (size_t i = 0; i < finding->related_count; i++) {
        put_bytes(stream, &finding->related[i], sizeof finding->related[i]);
        put_file(stream, finding->related[i].file);
    }
    for (size_t i = 0; i < finding->figure_count; i++) {
        put_bytes(stream, &finding->figures[i], sizeof finding->figures[i]);
        put_string(stream, finding->figures[i].key);
        put_string(stream, finding->figures[i].value);
    }
    put_string(stream, finding->subject);
    put_string(stream, finding->suggestion);
    put_string(stream, finding->justification);
}

void fl_document_stream_put_key(fl_document_stream *stream, const fl_streamed_key *key)
{
    unsigned char tag = TAG_KEY;
    put_bytes(stream, &tag, 1);
    put_bytes(stream, key, sizeof *key);
    put_string(stream, key->key);
    put_string(stream, key->accepted);
}

bool fl_document_stream_rewind(fl_document_stream *stream)
{
    bool ok = !stream->failed && fflush(stream->file) == 0;
    int error = errno;
    stream->path = NULL;
    if (ok && fseek(stream->file, 0, SEEK_SET) != 0) {
        ok = false;
        error = errno;
    }
    errno = error;
    return ok;
}

/* ---- reading ---- */

typedef struct reading {
    fl_document_stream *stream;
    bool failed;
} reading;

static void get_bytes(reading *r, void *bytes, size_t length)
{
    if (r->failed || (length && fread(bytes, 1, length, r->stream->file) != length)) {
        r->failed = true;
        memset(bytes, 0, length);
    }
}

/* Reads a string into the scratch buffer; its index among the item's strings, or
 * SIZE_MAX for NULL. */
static size_t get_string(reading *r)
{
    uint32_t length;
    get_bytes(r, &length, sizeof length);
    if (r->failed || length == UINT32_MAX)
        return SIZE_MAX;
    fl_document_stream *stream = r->stream;
    size_t at = stream->scratch.length;
    fl_buffer_reserve(&stream->scratch, (size_t)length + 1);
    get_bytes(r, stream->scratch.data + at, length);
    stream->scratch.data[at + length] = '\0';
    stream->scratch.length = at + length + 1;
    stream->offsets = fl_xgrow(stream->offsets, &stream->offset_capacity,
                               stream->offset_count + 1, sizeof *stream->offsets);
    stream->offsets[stream->offset_count] = at;
    return stream->offset_count++;
}

static const char *string_at(const fl_document_stream *stream, size_t index)
{
    return index == SIZE_MAX ? NULL : stream->scratch.data + stream->offsets[index];
}

/* A string read and copied into the document's arena. */
static const char *get_kept_string(reading *r, fl_document *document)
{
    size_t index = get_string(r);
    return index == SIZE_MAX ? NULL : fl_arena_strdup(&document->arena,
                                                      string_at(r->stream, index));
}

static const char *get_file(reading *r, fl_document *document)
{
    unsigned char how = FILE_NONE;
    get_bytes(r, &how, 1);
    if (how == FILE_DOCUMENT)
        return document->path;
    return how == FILE_STRING ? get_kept_string(r, document) : NULL;
}

static void get_finding(reading *r, fl_document *document)
{
    fl_finding *finding = fl_document_add_finding(document);
    get_bytes(r, finding, sizeof *finding);
    finding->message = get_kept_string(r, document);
    finding->doc = get_file(r, document);
    finding->location.file = get_file(r, document);
    fl_location *related = NULL;
    if (finding->related_count && !r->failed) {
        related = fl_arena_alloc(&document->arena,
                                 finding->related_count * sizeof *related);
        for (size_t i = 0; i < finding->related_count && !r->failed; i++) {
            get_bytes(r, &related[i], sizeof related[i]);
            related[i].file = get_file(r, document);
        }
    }
    finding->related = related;
    fl_finding_figure *figures = NULL;
    if (finding->figure_count && !r->failed) {
        figures = fl_arena_alloc(&document->arena, finding->figure_count * sizeof *figures);
        for (size_t i = 0; i < finding->figure_count && !r->failed; i++) {
            get_bytes(r, &figures[i], sizeof figures[i]);
            figures[i].key = get_kept_string(r, document);
            figures[i].value = get_kept_string(r, document);
        }
    }
    finding->figures = figures;
    finding->subject = get_kept_string(r, document);
    finding->suggestion = get_kept_string(r, document);
    finding->justification = get_kept_string(r, document);
    if (r->failed)
        document->finding_count--;
}

fl_stream_item fl_document_stream_next(fl_document_stream *stream, const char *table,
                                       fl_document *into, fl_streamed_document *document_out,
                                       fl_streamed_key *key_out, bool *failed)
{
    reading r = {.stream = stream};
    fl_buffer_clear(&stream->scratch);
    stream->offset_count = 0;
    int tag = getc(stream->file);
    fl_stream_item item = FL_STREAM_END;
    if (tag == TAG_DOCUMENT) {
        get_bytes(&r, document_out, sizeof *document_out);
        size_t path = get_string(&r), identity = get_string(&r), source = get_string(&r);
        document_out->path = string_at(stream, path);
        document_out->identity = string_at(stream, identity);
        document_out->source = string_at(stream, source);
        document_out->where.file = table;
        item = FL_STREAM_DOCUMENT;
    } else if (tag == TAG_FINDING) {
        get_finding(&r, into);
        item = FL_STREAM_FINDING;
    } else if (tag == TAG_KEY) {
        get_bytes(&r, key_out, sizeof *key_out);
        size_t key = get_string(&r), accepted = get_string(&r);
        key_out->key = string_at(stream, key);
        key_out->accepted = string_at(stream, accepted);
        key_out->cell.file = table;
        item = FL_STREAM_KEY;
    } else if (tag != EOF || ferror(stream->file)) {
        r.failed = true;
    }
    if (item == FL_STREAM_DOCUMENT && !document_out->path)
        r.failed = true;
    if (r.failed) {
        *failed = true;
        return FL_STREAM_END;
    }
    return item;
}
