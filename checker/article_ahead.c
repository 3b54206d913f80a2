#include "article_ahead.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "memory.h"

/* One article for the caller, one for the thread to fill. */
enum { SLOTS = 2 };

struct fl_article_ahead {
    const fl_article_request *requests;
    size_t count;
    const fl_mention_joiners *joiners;
    fl_article_read slots[SLOTS]; /* article i in slot i % SLOTS */
    pthread_mutex_t lock;
    pthread_cond_t room, ready; /* the caller moved on; an article was read */
    size_t read;                /* articles the thread has finished */
    size_t taken;               /* articles handed to the caller */
    bool stopping;
    bool started;
    pthread_t thread;
};

static void read_article(const fl_article_ahead *a, const fl_article_request *request,
                         fl_article_read *slot)
{
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

static void *read_articles(void *context)
{
    fl_article_ahead *a = context;
    for (size_t i = 0; i < a->count; i++) {
        pthread_mutex_lock(&a->lock);
        /* Article i's slot held article i - SLOTS, which the caller has left once it
         * took the article after it. */
        while (!a->stopping && i >= SLOTS && a->taken < i - SLOTS + 2)
            pthread_cond_wait(&a->room, &a->lock);
        bool stopping = a->stopping;
        pthread_mutex_unlock(&a->lock);
        if (stopping)
            break;
        read_article(a, &a->requests[i], &a->slots[i % SLOTS]);
        pthread_mutex_lock(&a->lock);
        a->read = i + 1;
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
    /* Signals are the calling thread's to handle. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    a->started = pthread_create(&a->thread, NULL, read_articles, a) == 0;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
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
    while (a->read <= a->taken)
        pthread_cond_wait(&a->ready, &a->lock);
    fl_article_read *slot = &a->slots[a->taken % SLOTS];
    a->taken++;
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
