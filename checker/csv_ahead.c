#include "csv_ahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "threads.h"

/* A batch is handed over once it holds this much text or this many records: large
 * enough that the two threads rarely wait on each other's lock, small enough that
 * the queue stays in the caches. Eight batches instead of four made no difference to
 * the time and cost 1.4 MiB more. */
enum { BATCH_BYTES = 64 * 1024, BATCH_RECORDS = 512, QUEUE_LENGTH = 4 };

#define NOT_KEPT SIZE_MAX

typedef struct saved_record {
    uint64_t line_offset;
    size_t first_field, field_count;
    size_t line_text, line_length; /* line_text: offset in the batch's bytes, or NOT_KEPT */
    uint32_t line;
    bool ascii, has_offsets;
} saved_record;

typedef struct saved_problem {
    fl_csv_problem problem;
    size_t line_text;      /* offset in the batch's bytes, or NOT_KEPT */
    size_t records_before; /* records of the batch that come before it */
} saved_problem;

typedef enum preparation { UNPREPARED, PREPARING, PREPARED } preparation;

typedef struct batch {
    fl_buffer bytes;
    saved_record *records;
    size_t record_count, record_capacity;
    unsigned char *prepared; /* record_capacity slots of the preparer's size */
    size_t prepared_capacity;
    size_t *field_starts, *field_lengths, *field_offsets;
    size_t field_count, field_capacity;
    saved_problem *problems;
    size_t problem_count, problem_capacity;
    bool last; /* the reading ended with it */
    /* Records prepared as they were read (the file's first one); the others are
     * prepared once the batch is handed over, by whichever thread gets to it first. */
    size_t prepared_while_read;
    preparation state;
} batch;

typedef struct pipeline {
    const char *path;
    const fl_csv_preparer *preparer;
    pthread_mutex_t lock;
    pthread_cond_t room, work; /* a batch was freed; a batch was handed over */
    batch batches[QUEUE_LENGTH];
    /* Batches handed over and given back so far: batch n is batches[n % QUEUE_LENGTH],
     * and the reading thread fills batch `handed` while handed - returned is below
     * QUEUE_LENGTH. */
    size_t handed, returned;
    bool stop;       /* the handlers stopped: read no further */
    bool read_ok;    /* what fl_csv_read_file() returned, and its errno */
    int read_errno;
    const char **reader_fields; /* the reading thread's, for preparing */
    size_t reader_field_capacity;
} pipeline;

static void batch_clear(batch *b)
{
    fl_buffer_clear(&b->bytes);
    b->record_count = b->field_count = b->problem_count = b->prepared_while_read = 0;
    b->last = false;
}

static void batch_free(batch *b)
{
    fl_buffer_free(&b->bytes);
    free(b->records);
    free(b->prepared);
    free(b->field_starts);
    free(b->field_lengths);
    free(b->field_offsets);
    free(b->problems);
}

static size_t keep_bytes(batch *b, const char *bytes, size_t length)
{
    size_t at = b->bytes.length;
    fl_buffer_append(&b->bytes, bytes, length);
    return at;
}

/* Copies `record` into the batch; fields that lie on the kept line point into it. */
static void *save_record(batch *b, const fl_csv_record *record, size_t prepared_size)
{
    b->records = fl_xgrow(b->records, &b->record_capacity, b->record_count + 1,
                          sizeof *b->records);
    size_t needed = b->record_capacity * prepared_size;
    if (needed > b->prepared_capacity) {
        b->prepared = fl_xrealloc(b->prepared, needed);
        b->prepared_capacity = needed;
    }
    size_t fields = b->field_count + record->field_count;
    if (fields > b->field_capacity) {
        size_t capacity = b->field_capacity ? b->field_capacity : 64;
        while (capacity < fields)
            capacity *= 2;
        b->field_starts = fl_xrealloc(b->field_starts, capacity * sizeof(size_t));
        b->field_lengths = fl_xrealloc(b->field_lengths, capacity * sizeof(size_t));
        b->field_offsets = fl_xrealloc(b->field_offsets, capacity * sizeof(size_t));
        b->field_capacity = capacity;
    }
    saved_record *saved = &b->records[b->record_count];
    *saved = (saved_record){
        .line_offset = record->line_offset,
        .first_field = b->field_count,
        .field_count = record->field_count,
        .line_text = NOT_KEPT,
        .line_length = record->line_length,
        .line = record->line,
        .ascii = record->ascii,
        .has_offsets = record->field_offsets != NULL,
    };
    uintptr_t line = (uintptr_t)record->line_text, line_end = line + record->line_length;
    if (record->line_text)
        saved->line_text = keep_bytes(b, record->line_text, record->line_length);
    for (size_t i = 0; i < record->field_count; i++) {
        size_t index = b->field_count + i;
        uintptr_t start = (uintptr_t)record->fields[i];
        if (record->line_text && start >= line && start + record->lengths[i] <= line_end)
            b->field_starts[index] = saved->line_text + (size_t)(start - line);
        else
            b->field_starts[index] = keep_bytes(b, record->fields[i], record->lengths[i]);
        b->field_lengths[index] = record->lengths[i];
        b->field_offsets[index] = record->field_offsets ? record->field_offsets[i] : 0;
    }
    b->field_count = fields;
    return b->prepared + b->record_count++ * prepared_size;
}

static void save_problem(batch *b, const fl_csv_problem *problem)
{
    b->problems = fl_xgrow(b->problems, &b->problem_capacity, b->problem_count + 1,
                           sizeof *b->problems);
    saved_problem *saved = &b->problems[b->problem_count++];
    saved->problem = *problem;
    saved->problem.line_text = NULL;
    saved->line_text = problem->line_text
                           ? keep_bytes(b, problem->line_text, problem->line_length)
                           : NOT_KEPT;
    saved->records_before = b->record_count;
}

/* Room in `*fields` for the field pointers of any record of `b`. */
static void reserve_fields(const batch *b, const char ***fields, size_t *capacity)
{
    size_t most = 0;
    for (size_t r = 0; r < b->record_count; r++)
        if (b->records[r].field_count > most)
            most = b->records[r].field_count;
    *fields = fl_xgrow(*fields, capacity, most + 1, sizeof **fields);
}

/* The record `r` of `b` as it was read, its field pointers in `fields`. */
static fl_csv_record restore_record(const batch *b, size_t r, const char **fields)
{
    const saved_record *saved = &b->records[r];
    for (size_t i = 0; i < saved->field_count; i++)
        fields[i] = b->bytes.data + b->field_starts[saved->first_field + i];
    return (fl_csv_record){
        .field_count = saved->field_count,
        .fields = fields,
        .lengths = b->field_lengths + saved->first_field,
        .field_offsets = saved->has_offsets ? b->field_offsets + saved->first_field : NULL,
        .ascii = saved->ascii,
        .line = saved->line,
        .line_offset = saved->line_offset,
        .line_text = saved->line_text == NOT_KEPT ? NULL : b->bytes.data + saved->line_text,
        .line_length = saved->line_length,
    };
}

/* Prepares the records of `b` not prepared while it was read, with `fields` reserved
 * for it. The batch is claimed (PREPARING), so no other thread touches it meanwhile. */
static void prepare_batch(const fl_csv_preparer *preparer, batch *b, const char **fields)
{
    for (size_t r = b->prepared_while_read; r < b->record_count; r++) {
        fl_csv_record record = restore_record(b, r, fields);
        preparer->prepare(preparer->context, &record, b->prepared + r * preparer->size);
    }
}

/* ---- the reading thread ---- */

static batch *filling(pipeline *p)
{
    return &p->batches[p->handed % QUEUE_LENGTH];
}

/* The newest batch handed over and not yet claimed for preparing, or NULL: the
 * calling thread prepares from the oldest, so the two rarely want the same one. */
static batch *unprepared(pipeline *p)
{
    for (size_t n = p->handed; n > p->returned; n--) {
        batch *b = &p->batches[(n - 1) % QUEUE_LENGTH];
        if (b->state == UNPREPARED)
            return b;
    }
    return NULL;
}

/* Hands the batch being filled over and, unless it is the last, waits for room for
 * the next one. While the queue is full, and after the last batch, it prepares batches
 * handed over. false when the handlers stopped meanwhile. */
static bool hand_over(pipeline *p, bool last)
{
    pthread_mutex_lock(&p->lock);
    filling(p)->last = last;
    filling(p)->state = UNPREPARED;
    p->handed++;
    pthread_cond_signal(&p->work);
    while (!p->stop && (last || p->handed - p->returned == QUEUE_LENGTH)) {
        batch *b = unprepared(p);
        if (!b && last)
            break;
        if (!b) {
            pthread_cond_wait(&p->room, &p->lock);
            continue;
        }
        b->state = PREPARING;
        pthread_mutex_unlock(&p->lock);
        reserve_fields(b, &p->reader_fields, &p->reader_field_capacity);
        prepare_batch(p->preparer, b, p->reader_fields);
        pthread_mutex_lock(&p->lock);
        b->state = PREPARED;
        pthread_cond_signal(&p->work);
    }
    bool go_on = !last && !p->stop;
    pthread_mutex_unlock(&p->lock);
    if (go_on)
        batch_clear(filling(p));
    return go_on;
}

static bool read_record(void *context, const fl_csv_record *record)
{
    pipeline *p = context;
    batch *b = filling(p);
    void *prepared = save_record(b, record, p->preparer->size);
    /* The first record (a header) may set up what preparing the others reads. */
    if (p->handed == 0 && b->record_count == 1) {
        p->preparer->prepare(p->preparer->context, record, prepared);
        b->prepared_while_read = 1;
    }
    if (b->bytes.length < BATCH_BYTES && b->record_count < BATCH_RECORDS)
        return true;
    return hand_over(p, false);
}

static void read_problem(void *context, const fl_csv_problem *problem)
{
    pipeline *p = context;
    save_problem(filling(p), problem);
}

static void *read_file(void *context)
{
    pipeline *p = context;
    fl_csv_handlers handlers = {read_record, read_problem, p};
    bool ok = fl_csv_read_file(p->path, &handlers);
    int error = errno;
    pthread_mutex_lock(&p->lock);
    p->read_ok = ok;
    p->read_errno = error;
    bool stopped = p->stop;
    pthread_mutex_unlock(&p->lock);
    if (!stopped)
        hand_over(p, true);
    return NULL;
}

/* ---- the calling thread ---- */

/* Gives the batch's records and problems to the handlers; false when they stop. */
static bool replay(const batch *b, size_t prepared_size, const fl_csv_prepared_handlers *h,
                   const char **fields)
{
    size_t problem = 0;
    for (size_t r = 0; r <= b->record_count; r++) {
        for (; problem < b->problem_count && b->problems[problem].records_before == r;
             problem++) {
            fl_csv_problem given = b->problems[problem].problem;
            size_t line = b->problems[problem].line_text;
            given.line_text = line == NOT_KEPT ? NULL : b->bytes.data + line;
            h->problem(h->context, &given);
        }
        if (r == b->record_count)
            break;
        fl_csv_record record = restore_record(b, r, fields);
        if (!h->record(h->context, &record, b->prepared + r * prepared_size))
            return false;
    }
    return true;
}

static bool read_behind(pipeline *p, const fl_csv_prepared_handlers *handlers)
{
    const char **fields = NULL;
    size_t field_capacity = 0;
    bool stopped = false, last = false;
    while (!stopped && !last) {
        batch *b = &p->batches[p->returned % QUEUE_LENGTH];
        pthread_mutex_lock(&p->lock);
        while (p->handed == p->returned || b->state == PREPARING)
            pthread_cond_wait(&p->work, &p->lock);
        bool prepare = b->state == UNPREPARED;
        if (prepare)
            b->state = PREPARING;
        pthread_mutex_unlock(&p->lock);
        reserve_fields(b, &fields, &field_capacity);
        if (prepare)
            prepare_batch(p->preparer, b, fields);
        stopped = !replay(b, p->preparer->size, handlers, fields);
        last = b->last;
        pthread_mutex_lock(&p->lock);
        p->returned++;
        p->stop = stopped;
        pthread_cond_signal(&p->room);
        pthread_mutex_unlock(&p->lock);
    }
    free(fields);
    return stopped;
}

/* The calling thread's own reading: prepare, then hand on. */
typedef struct in_line {
    const fl_csv_preparer *preparer;
    const fl_csv_prepared_handlers *handlers;
    void *prepared;
} in_line;

static bool in_line_record(void *context, const fl_csv_record *record)
{
    in_line *l = context;
    l->preparer->prepare(l->preparer->context, record, l->prepared);
    return l->handlers->record(l->handlers->context, record, l->prepared);
}

static void in_line_problem(void *context, const fl_csv_problem *problem)
{
    in_line *l = context;
    l->handlers->problem(l->handlers->context, problem);
}

static bool read_in_line(const char *path, const fl_csv_preparer *preparer,
                         const fl_csv_prepared_handlers *handlers)
{
    in_line l = {preparer, handlers, fl_xmalloc(preparer->size ? preparer->size : 1)};
    fl_csv_handlers own = {in_line_record, in_line_problem, &l};
    bool ok = fl_csv_read_file(path, &own);
    int error = errno;
    free(l.prepared);
    errno = error;
    return ok;
}

bool fl_csv_read_ahead(const char *path, const fl_csv_preparer *preparer,
                       const fl_csv_prepared_handlers *handlers, bool ahead)
{
    if (!ahead)
        return read_in_line(path, preparer, handlers);
    pipeline *p = fl_xcalloc(1, sizeof *p);
    p->path = path;
    p->preparer = preparer;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->room, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_t reader;
    bool started = fl_thread_start(&reader, read_file, p);
    bool ok;
    int error = 0;
    if (started) {
        bool stopped = read_behind(p, handlers);
        pthread_join(reader, NULL);
        /* Stopped handlers never see what the reader met further on. */
        ok = stopped || p->read_ok;
        error = p->read_errno;
    }
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->room);
    pthread_mutex_destroy(&p->lock);
    for (size_t i = 0; i < QUEUE_LENGTH; i++)
        batch_free(&p->batches[i]);
    free(p->reader_fields);
    free(p);
    if (!started)
        return read_in_line(path, preparer, handlers);
    errno = error;
    return ok;
}
