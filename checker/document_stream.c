#include "document_stream.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"

enum { TAG_DOCUMENT = 'D', TAG_FINDING = 'F', TAG_KEY = 'K', BUFFER_BYTES = 256 * 1024 };

/* How a location's file is kept: none, the document's own path, or a string. */
enum { FILE_NONE, FILE_DOCUMENT, FILE_STRING };

/* Items go through buffers of their own, written and read a quarter of a mebibyte
 * at a time: a finding is a score of small pieces. The writing thread publishes how
 * many bytes the file holds; the reading thread reads up to there and waits for more
 * until the writing is closed. */
struct fl_document_stream {
    FILE *file;
    int fd;
    pthread_mutex_t lock;
    pthread_cond_t grown;
    uint64_t published;     /* bytes written to the file, under the lock */
    bool closed;            /* under the lock */
    bool failed;            /* a write failed: set under the lock, by the writing thread */
    int error;              /* why writing or reading failed, under the lock */
    /* The writing thread's. */
    char *out;
    size_t out_filled;
    const char *path;       /* the document last put, to tell its own locations */
    fl_buffer path_copy;
    /* The reading thread's. */
    char *in;
    size_t in_filled, in_taken;
    uint64_t read_offset;
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
    stream->fd = fileno(file);
    pthread_mutex_init(&stream->lock, NULL);
    pthread_cond_init(&stream->grown, NULL);
    stream->out = fl_xmalloc(BUFFER_BYTES);
    return stream;
}

void fl_document_stream_free(fl_document_stream *stream)
{
    if (!stream)
        return;
    fclose(stream->file);
    pthread_cond_destroy(&stream->grown);
    pthread_mutex_destroy(&stream->lock);
    free(stream->out);
    free(stream->in);
    fl_buffer_free(&stream->path_copy);
    fl_buffer_free(&stream->scratch);
    free(stream->offsets);
    free(stream);
}

/* ---- writing ---- */

/* Writes the buffer out and publishes it. Only this thread sets `failed`, so it reads
 * the flag without the lock. */
static void flush(fl_document_stream *stream)
{
    const char *from = stream->out;
    size_t left = stream->failed ? 0 : stream->out_filled;
    int error = 0;
    while (left) {
        ssize_t wrote = write(stream->fd, from, left);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0) {
            error = wrote < 0 ? errno : ENOSPC;
            break;
        }
        from += wrote;
        left -= (size_t)wrote;
    }
    pthread_mutex_lock(&stream->lock);
    if (error) {
        stream->failed = true;
        stream->error = error;
    } else if (!stream->failed) {
        stream->published += stream->out_filled;
    }
    pthread_cond_signal(&stream->grown);
    pthread_mutex_unlock(&stream->lock);
    stream->out_filled = 0;
}

static void put_bytes(fl_document_stream *stream, const void *bytes, size_t length)
{
    const char *from = bytes;
    while (length) {
        if (stream->out_filled == BUFFER_BYTES)
            flush(stream);
        size_t room = BUFFER_BYTES - stream->out_filled, piece = length < room ? length : room;
        memcpy(stream->out + stream->out_filled, from, piece);
        stream->out_filled += piece;
        from += piece;
        length -= piece;
    }
}

/* Items are written field by field, never as whole structs: padding would carry
 * uninitialised bytes into the file. */
static void put_u8(fl_document_stream *stream, unsigned value)
{
    unsigned char byte = (unsigned char)value;
    put_bytes(stream, &byte, 1);
}

static void put_u32(fl_document_stream *stream, uint32_t value)
{
    put_bytes(stream, &value, sizeof value);
}

static void put_u64(fl_document_stream *stream, uint64_t value)
{
    put_bytes(stream, &value, sizeof value);
}

/* A length and the bytes; UINT32_MAX for NULL. */
static void put_string(fl_document_stream *stream, const char *text)
{
    size_t length = text ? strlen(text) : 0;
    put_u32(stream, text ? (uint32_t)length : UINT32_MAX);
    put_bytes(stream, text, length);
}

static void put_file(fl_document_stream *stream, const char *file)
{
    unsigned how = !file                                             ? FILE_NONE
                   : stream->path && strcmp(file, stream->path) == 0 ? FILE_DOCUMENT
                                                                     : FILE_STRING;
    put_u8(stream, how);
    if (how == FILE_STRING)
        put_string(stream, file);
}

/* A location but its file. */
static void put_place(fl_document_stream *stream, const fl_location *location)
{
    put_u32(stream, location->line);
    put_u32(stream, location->column);
    put_u32(stream, location->length);
    put_u64(stream, location->line_offset);
}

static void put_value(fl_document_stream *stream, const fl_value *value)
{
    put_u64(stream, (uint64_t)value->num);
    put_u64(stream, (uint64_t)value->den);
    put_bytes(stream, &value->real, sizeof value->real);
    put_u8(stream, value->exact);
}

void fl_document_stream_put_document(fl_document_stream *stream,
                                     const fl_streamed_document *document)
{
    put_u8(stream, TAG_DOCUMENT);
    put_string(stream, document->path);
    put_string(stream, document->identity);
    put_string(stream, document->source);
    put_u8(stream, (unsigned)document->article_refused | (unsigned)document->out_of_shard << 1 |
                       (unsigned)document->has_text << 2 | (unsigned)document->named << 3 |
                       (unsigned)document->absolute << 4);
    put_place(stream, &document->where);
    put_u64(stream, document->figures);
    /* Later findings name this path as a pointer of their own document. */
    fl_buffer_clear(&stream->path_copy);
    fl_buffer_append_string(&stream->path_copy, document->path);
    stream->path = fl_buffer_cstr(&stream->path_copy);
}

void fl_document_stream_put_finding(fl_document_stream *stream, const fl_finding *finding)
{
    put_u8(stream, TAG_FINDING);
    put_u64(stream, (uint64_t)(uintptr_t)finding->rule);
    put_u8(stream, finding->severity);
    put_u8(stream, finding->outcome);
    put_u8(stream, finding->suppression);
    put_u32(stream, (uint32_t)finding->distance);
    put_string(stream, finding->fingerprint);
    put_string(stream, finding->message);
    put_file(stream, finding->doc);
    put_place(stream, &finding->location);
    put_file(stream, finding->location.file);
    put_u64(stream, finding->related_count);
    for (size_t i = 0; i < finding->related_count; i++) {
        put_place(stream, &finding->related[i]);
        put_file(stream, finding->related[i].file);
    }
    put_u64(stream, finding->figure_count);
    for (size_t i = 0; i < finding->figure_count; i++) {
        const fl_finding_figure *figure = &finding->figures[i];
        put_string(stream, figure->key);
        put_string(stream, figure->value);
        put_value(stream, &figure->interval.lo);
        put_value(stream, &figure->interval.hi);
        put_u8(stream, (unsigned)figure->interval.lo_open | (unsigned)figure->interval.hi_open << 1);
        put_string(stream, figure->unit.name);
    }
    put_string(stream, finding->subject);
    put_string(stream, finding->suggestion);
    put_string(stream, finding->justification);
}

void fl_document_stream_put_key(fl_document_stream *stream, const fl_streamed_key *key)
{
    put_u8(stream, TAG_KEY);
    put_string(stream, key->key);
    put_string(stream, key->accepted);
    put_u8(stream, key->read);
    put_place(stream, &key->cell);
}

bool fl_document_stream_close(fl_document_stream *stream)
{
    flush(stream);
    /* A closed stream may wait a while to be read: it keeps no buffer meanwhile. */
    free(stream->out);
    stream->out = NULL;
    pthread_mutex_lock(&stream->lock);
    stream->closed = true;
    bool ok = !stream->failed;
    pthread_cond_signal(&stream->grown);
    pthread_mutex_unlock(&stream->lock);
    return ok;
}

int fl_document_stream_error(fl_document_stream *stream)
{
    pthread_mutex_lock(&stream->lock);
    int error = stream->error ? stream->error : EIO;
    pthread_mutex_unlock(&stream->lock);
    return error;
}

/* ---- reading ---- */

typedef struct reading {
    fl_document_stream *stream;
    bool failed;
} reading;

/* Whether the buffer holds another byte, refilling it when it is empty: from what
 * the writing thread published, waiting for it while it writes on. */
static bool fill(reading *r)
{
    fl_document_stream *stream = r->stream;
    if (stream->in_taken < stream->in_filled)
        return true;
    pthread_mutex_lock(&stream->lock);
    while (stream->read_offset == stream->published && !stream->closed && !stream->failed)
        pthread_cond_wait(&stream->grown, &stream->lock);
    uint64_t ready = stream->published - stream->read_offset;
    if (stream->failed)
        r->failed = true;
    pthread_mutex_unlock(&stream->lock);
    if (r->failed || ready == 0)
        return false;
    size_t wanted = ready < BUFFER_BYTES ? (size_t)ready : BUFFER_BYTES;
    if (!stream->in)
        stream->in = fl_xmalloc(BUFFER_BYTES);
    ssize_t got;
    do {
        got = pread(stream->fd, stream->in, wanted, (off_t)stream->read_offset);
    } while (got < 0 && errno == EINTR);
    if (got <= 0) {
        pthread_mutex_lock(&stream->lock);
        stream->error = got < 0 ? errno : EIO;
        pthread_mutex_unlock(&stream->lock);
        r->failed = true;
        return false;
    }
    stream->read_offset += (uint64_t)got;
    stream->in_filled = (size_t)got;
    stream->in_taken = 0;
    return true;
}

static void get_bytes_across(reading *r, void *bytes, size_t length)
{
    fl_document_stream *stream = r->stream;
    char *to = bytes;
    while (length && !r->failed) {
        if (!fill(r)) {
            r->failed = true;
            break;
        }
        size_t ready = stream->in_filled - stream->in_taken,
               piece = length < ready ? length : ready;
        memcpy(to, stream->in + stream->in_taken, piece);
        stream->in_taken += piece;
        to += piece;
        length -= piece;
    }
    if (r->failed)
        memset(to, 0, length);
}

/* A document is read back a few bytes at a time: most lie whole in the buffer. */
static void get_bytes(reading *r, void *bytes, size_t length)
{
    fl_document_stream *stream = r->stream;
    if (length <= stream->in_filled - stream->in_taken) {
        memcpy(bytes, stream->in + stream->in_taken, length);
        stream->in_taken += length;
        return;
    }
    get_bytes_across(r, bytes, length);
}

static unsigned get_u8(reading *r)
{
    unsigned char byte = 0;
    get_bytes(r, &byte, 1);
    return byte;
}

static uint32_t get_u32(reading *r)
{
    uint32_t value = 0;
    get_bytes(r, &value, sizeof value);
    return value;
}

static uint64_t get_u64(reading *r)
{
    uint64_t value = 0;
    get_bytes(r, &value, sizeof value);
    return value;
}

/* Reads a string into the scratch buffer; its index among the item's strings, or
 * SIZE_MAX for NULL. */
static size_t get_string(reading *r)
{
    uint32_t length = get_u32(r);
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
    unsigned how = get_u8(r);
    if (how == FILE_DOCUMENT)
        return document->path;
    return how == FILE_STRING ? get_kept_string(r, document) : NULL;
}

static void get_place(reading *r, fl_location *location)
{
    location->line = get_u32(r);
    location->column = get_u32(r);
    location->length = get_u32(r);
    location->line_offset = get_u64(r);
}

static void get_value(reading *r, fl_value *value)
{
    value->num = (int64_t)get_u64(r);
    value->den = (int64_t)get_u64(r);
    get_bytes(r, &value->real, sizeof value->real);
    value->exact = get_u8(r);
}

/* Fills a finding the document already holds; its counts stay 0 until their items
 * are read, so that a failed read leaves nothing half-made behind them. */
static void get_finding(reading *r, fl_document *document)
{
    fl_finding *finding = fl_document_add_finding(document);
    finding->rule = (const char *)(uintptr_t)get_u64(r);
    finding->severity = (fl_severity)get_u8(r);
    finding->outcome = (fl_outcome)get_u8(r);
    finding->suppression = (fl_suppression)get_u8(r);
    finding->distance = (int)get_u32(r);
    size_t fingerprint = get_string(r);
    if (fingerprint != SIZE_MAX)
        snprintf(finding->fingerprint, sizeof finding->fingerprint, "%s",
                 string_at(r->stream, fingerprint));
    finding->message = get_kept_string(r, document);
    finding->doc = get_file(r, document);
    get_place(r, &finding->location);
    finding->location.file = get_file(r, document);
    uint64_t related_count = get_u64(r);
    if (related_count && !r->failed) {
        fl_location *related = fl_arena_alloc(&document->arena,
                                              (size_t)related_count * sizeof *related);
        for (size_t i = 0; i < related_count && !r->failed; i++) {
            get_place(r, &related[i]);
            related[i].file = get_file(r, document);
        }
        finding->related = related;
        finding->related_count = (size_t)related_count;
    }
    uint64_t figure_count = get_u64(r);
    if (figure_count && !r->failed) {
        fl_finding_figure *figures = fl_arena_alloc(&document->arena,
                                                    (size_t)figure_count * sizeof *figures);
        for (size_t i = 0; i < figure_count && !r->failed; i++) {
            fl_finding_figure *figure = &figures[i];
            figure->key = get_kept_string(r, document);
            figure->value = get_kept_string(r, document);
            get_value(r, &figure->interval.lo);
            get_value(r, &figure->interval.hi);
            unsigned open = get_u8(r);
            figure->interval.lo_open = open & 1;
            figure->interval.hi_open = open >> 1 & 1;
            size_t unit = get_string(r);
            snprintf(figure->unit.name, sizeof figure->unit.name, "%s",
                     unit == SIZE_MAX ? "" : string_at(r->stream, unit));
        }
        finding->figures = figures;
        finding->figure_count = (size_t)figure_count;
    }
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
    int tag = fill(&r) ? (unsigned char)stream->in[stream->in_taken++] : EOF;
    fl_stream_item item = FL_STREAM_END;
    if (tag == TAG_DOCUMENT) {
        size_t path = get_string(&r), identity = get_string(&r), source = get_string(&r);
        unsigned flags = get_u8(&r);
        *document_out = (fl_streamed_document){
            .path = string_at(stream, path),
            .identity = string_at(stream, identity),
            .source = string_at(stream, source),
            .article_refused = flags & 1,
            .out_of_shard = flags >> 1 & 1,
            .has_text = flags >> 2 & 1,
            .named = flags >> 3 & 1,
            .absolute = flags >> 4 & 1,
        };
        get_place(&r, &document_out->where);
        document_out->where.file = table;
        document_out->figures = (size_t)get_u64(&r);
        item = FL_STREAM_DOCUMENT;
    } else if (tag == TAG_FINDING) {
        get_finding(&r, into);
        item = FL_STREAM_FINDING;
    } else if (tag == TAG_KEY) {
        size_t key = get_string(&r), accepted = get_string(&r);
        key_out->key = string_at(stream, key);
        key_out->accepted = string_at(stream, accepted);
        key_out->read = get_u8(&r);
        get_place(&r, &key_out->cell);
        key_out->cell.file = table;
        item = FL_STREAM_KEY;
    } else if (tag != EOF) {
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
