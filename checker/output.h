/*
 * output.h — where a report or a baseline goes, written so that a failure never
 * leaves a half-written file or breaks what the path names.
 *
 * Standard output ("-" or no path) is written as it is. A regular file, or a path
 * that does not exist yet, is written to a temporary file beside it that replaces it
 * by rename only once everything is written: a failed run keeps the old file. A
 * symbolic link is followed, so that its target is replaced and the link stays. A
 * character device or a FIFO (/dev/null, /dev/stdout, a pipe) is written directly,
 * never replaced. Anything else (a folder, a socket) is refused. Every failure says
 * what failed on what, in `error`.
 */
#ifndef FL_OUTPUT_H
#define FL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "memory.h"

typedef struct fl_output {
    FILE *file;
    const char *name;  /* for messages: the path as given, or "standard output" */
    char *target;      /* the file written or replaced, links followed; NULL for stdout */
    char *temporary;   /* renamed onto `target` at the end, or NULL when written directly */
    off_t written_back; /* bytes fl_output_write_back() sent on their way */
} fl_output;

/* Opens `path` (NULL or "-" for standard output) for writing. false, with a message in
 * `error`, when it cannot be written. */
bool fl_output_open(fl_output *output, const char *path, fl_buffer *error);

/* Starts writing to disk what a temporary file holds so far, without waiting for it,
 * once it holds another mebibyte or more; nothing for other outputs. For a thread
 * that would otherwise wait: ext4 writes out a file renamed over another before the
 * rename returns, and what is on its way by then no longer holds the rename up. */
void fl_output_write_back(fl_output *output);

/* Flushes what was written and puts it in place. false, with a message in `error`,
 * when any write failed; the old file is then left as it was. Releases `output`. */
bool fl_output_close(fl_output *output, fl_buffer *error);

/* Gives up: removes the temporary file, leaves the old one. Releases `output`. */
void fl_output_discard(fl_output *output);

#endif
