#include "article_ahead.h"

#include <pthread.h>
#include <stdlib.h>

#include "memory.h"
#include "threads.h"

enum {
    /* Articles the thread may have read that the caller has not taken, and the one
     * it holds. Most articles take less time to hand over between threads (a sleep and
     * a wake) than to read: each thread sleeps until a quarter of the slots is ready
     * for it, or free, rather than for every article. */
    SLOTS = 16,
    WAKE_AFTER = SLOTS / 4,
    /* Text read ahead is held to this, so that a folder of large articles costs the
     * memory of a few; one article is read ahead whatever its size. */
    AHEAD_BYTES = 16 << 20,
    /* A document that grew beyond this for a large article is made anew rather than
     * kept, with its buffers, for the next one. */
    KEPT_BYTES = 1 << 20,
};

struct fl_article_ahead {
    const fl_article_request *requests;
    size_t count;
    const fl_mention_joiners *joiners;
    fl_article_read slots[SLOTS]; /* article i in slot i % SLOTS */
    pthread_mutex_t lock;
    pthread_cond_t room, ready; /* the caller moved on; articles were read */
    size_t read;                /* articles the thread has finished */
    size_t taken;               /* articles handed to the caller */
    size_t ahead_bytes;         /* text of the articles read and not taken */
    bool reader_waiting, caller_waiting;
    bool stopping;
    bool started;
    pthread_t thread;
};

static size_t document_bytes(const fl_document *document)
{
    return document->text.capacity + document->line_capacity * sizeof *document->line_starts +
           document->finding_capacity * sizeof *document->findings;
}

static void read_article(const fl_article_ahead *a, const fl_article_request *request,
                         fl_article_read *slot)
{
    if (document_bytes(slot->document) > KEPT_BYTES) {
        fl_document_free(slot->document);
        slot->document = fl_document_new();
    }
    fl_document *document = slot->document;
    fl_document_begin(document, request->path);
    document->source = request->source;
    slot->scanned = false;
    if (request->skip || !fl_document_load_text(document) || !a->joiners)
        return;
    fl_mentions_scan_joined(document->text.data, document->text.length, a->joiners,
                            &document->arena, &slot->mentions);
    slot->scanned = true;
}

/* Whether the thread may read another article: a slot is free besides the caller's,
 * and the text read ahead is within bounds. */
static bool has_room(const fl_article_ahead *a)
{
    size_t ahead = a->read - a->taken;
    return ahead + 1 < SLOTS && (ahead == 0 || a->ahead_bytes < AHEAD_BYTES);
}

static void *read_articles(void *context)
{
    fl_article_ahead *a = context;
    for (size_t i = 0; i < a->count; i++) {
        pthread_mutex_lock(&a->lock);
        while (!a->stopping && !has_room(a)) {
            a->reader_waiting = true;
            pthread_cond_wait(&a->room, &a->lock);
        }
        a->reader_waiting = false;
        bool stopping = a->stopping;
        pthread_mutex_unlock(&a->lock);
        if (stopping)
            break;
        fl_article_read *slot = &a->slots[i % SLOTS];
        read_article(a, &a->requests[i], slot);
        pthread_mutex_lock(&a->lock);
        a->read = i + 1;
        a->ahead_bytes += slot->document->text.length;
        if (a->caller_waiting &&
            (a->read - a->taken >= WAKE_AFTER || a->read == a->count || !has_room(a)))
            pthread_cond_signal(&a->ready);
        pthread_mutex_unlock(&a->lock);
    }
    return NULL;
}

fl_article_ahead *fl_article_ahead_start(const fl_article_request *requests, size_t count,
                                         const fl_mention_joiners *joiners)
{
    fl_article_ahead *a = fl_xcalloc(1, sizeof *a);
    a->requests = requests;
    a->count = count;
    a->joiners = joiners;
    for (size_t i = 0; i < SLOTS; i++)
        a->slots[i].document = fl_document_new();
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->room, NULL);
    pthread_cond_init(&a->ready, NULL);
    a->started = fl_thread_start(&a->thread, read_articles, a);
    if (!a->started) {
        fl_article_ahead_stop(a);
        return NULL;
    }
    return a;
}

fl_article_read *fl_article_ahead_next(fl_article_ahead *a)
{
    pthread_mutex_lock(&a->lock);
    if (a->taken == a->count) {
        pthread_mutex_unlock(&a->lock);
        return NULL;
    }
    while (a->read <= a->taken) {
        a->caller_waiting = true;
        pthread_cond_wait(&a->ready, &a->lock);
    }
    a->caller_waiting = false;
    fl_article_read *slot = &a->slots[a->taken % SLOTS];
    a->taken++;
    a->ahead_bytes -= slot->document->text.length;
    if (a->reader_waiting && a->read - a->taken <= WAKE_AFTER && has_room(a))
        pthread_cond_signal(&a->room);
    pthread_mutex_unlock(&a->lock);
    return slot;
}

void fl_article_ahead_stop(fl_article_ahead *a)
{
    if (a->started) {
        pthread_mutex_lock(&a->lock);
        a->stopping = true;
        pthread_cond_signal(&a->room);
        pthread_mutex_unlock(&a->lock);
        pthread_join(a->thread, NULL);
    }
    pthread_cond_destroy(&a->ready);
    pthread_cond_destroy(&a->room);
    pthread_mutex_destroy(&a->lock);
    for (size_t i = 0; i < SLOTS; i++)
        fl_document_free(a->slots[i].document);
    free(a);
}
