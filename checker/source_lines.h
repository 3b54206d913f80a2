/*
 * source_lines.h — a line of a file read again by its byte offset, for the snippet a
 * finding shows under it.
 *
 * The file stays open, with a window of it in memory, from one line to the next: a
 * large table's findings point at lines one after the other, and opening the table
 * for each of them cost more than checking it. Only regular files are read, since a
 * FIFO would wait for ever. A line ends at LF or CR and is read up to its first
 * 64 KiB; it may hold NUL bytes.
 */
#ifndef FL_SOURCE_LINES_H
#define FL_SOURCE_LINES_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "memory.h"

#define FL_SOURCE_LINE_MAX (64 * 1024)

typedef struct fl_source_lines {
    char *path;     /* the file last asked for; NULL before the first line */
    int fd;         /* -1 when that file cannot be read */
    uint64_t start; /* file offset of window[0] */
    size_t length;  /* bytes in the window */
    char *window;
} fl_source_lines;

#define FL_SOURCE_LINES_INIT {NULL, -1, 0, 0, NULL}

/* The line of `path` starting at byte `offset`, into `out` (cleared first). false
 * when the file cannot be read; a line past the file's end is empty. */
bool fl_source_line_read(fl_source_lines *lines, const char *path, uint64_t offset,
                         fl_buffer *out);

void fl_source_lines_release(fl_source_lines *lines);

#endif
