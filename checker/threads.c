#include "threads.h"

#include <signal.h>

bool fl_thread_start(pthread_t *thread, void *(*run)(void *), void *context)
{
    /* The new thread inherits the mask in force when it is made. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    bool started = pthread_create(thread, NULL, run, context) == 0;
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    return started;
}
