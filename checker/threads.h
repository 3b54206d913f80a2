/*
 * threads.h — starting the helper threads that read ahead.
 *
 * A helper thread starts with every signal blocked: signals (SIGPIPE from a closed
 * report pipe, SIGINT) are the main thread's to handle, whichever thread is running
 * when they come.
 */
#ifndef FL_THREADS_H
#define FL_THREADS_H

#include <pthread.h>
#include <stdbool.h>

/* Starts `run(context)` on a new thread. false when no thread can be started. */
bool fl_thread_start(pthread_t *thread, void *(*run)(void *), void *context);

#endif
