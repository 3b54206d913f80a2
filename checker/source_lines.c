#include "source_lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text_lines.h"

/* Larger than a line shown, so that a long line costs a read or two. */
#define WINDOW (128 * 1024)

static void close_file(fl_source_lines *lines)
{
    if (lines->fd >= 0)
        close(lines->fd);
    lines->fd = -1;
    lines->start = 0;
    lines->length = 0;
    free(lines->path);
    lines->path = NULL;
}

static void open_file(fl_source_lines *lines, const char *path)
{
    close_file(lines);
    lines->path = fl_xstrdup(path);
    /* Without O_NONBLOCK, opening a FIFO would wait for a writer; a regular file
     * reads the same either way. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return;
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        close(fd);
        return;
    }
    lines->fd = fd;
    if (!lines->window)
        lines->window = fl_xmalloc(WINDOW);
}

/* Makes the window start at `offset` unless it holds it already. false on a read
 * error; at the file's end the window is left empty. */
static bool hold(fl_source_lines *lines, uint64_t offset)
{
    if (offset >= lines->start && offset < lines->start + lines->length)
        return true;
    lines->start = offset;
    lines->length = 0;
    for (;;) {
        ssize_t got = pread(lines->fd, lines->window, WINDOW, (off_t)offset);
        if (got >= 0) {
            lines->length = (size_t)got;
            return true;
        }
        if (errno != EINTR)
            return false;
    }
}

bool fl_source_line_read(fl_source_lines *lines, const char *path, uint64_t offset,
                         fl_buffer *out)
{
    fl_buffer_clear(out);
    if (!lines->path || strcmp(lines->path, path) != 0)
        open_file(lines, path);
    if (lines->fd < 0)
        return false;
    while (out->length < FL_SOURCE_LINE_MAX) {
        if (!hold(lines, offset))
            return false;
        if (!lines->length)
            break;
        const char *from = lines->window + (offset - lines->start);
        size_t available = (size_t)(lines->start + lines->length - offset);
        size_t wanted = FL_SOURCE_LINE_MAX - out->length;
        if (available > wanted)
            available = wanted;
        size_t next;
        size_t taken = fl_line_end(from, available, 0, &next);
        fl_buffer_append(out, from, taken);
        if (taken < available)
            break;
        offset += taken;
    }
    return true;
}

void fl_source_lines_release(fl_source_lines *lines)
{
    close_file(lines);
    free(lines->window);
    lines->window = NULL;
}
