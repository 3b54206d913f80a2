/* sync_file_range() is Linux's alone. */
#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Links followed at most, as the kernel does, so that a loop ends. */
enum { MAX_LINKS = 40 };

/* `path` with symbolic links in its last component followed, into `out`. false with
 * errno when a link cannot be read or they loop. */
static bool follow_links(const char *path, fl_buffer *out)
{
    fl_buffer_clear(out);
    fl_buffer_append_string(out, path);
    for (int hops = 0;; hops++) {
        struct stat info;
        if (lstat(fl_buffer_cstr(out), &info) != 0 || !S_ISLNK(info.st_mode))
            return true;
        if (hops == MAX_LINKS) {
            errno = ELOOP;
            return false;
        }
        char link[4096];
        ssize_t length = readlink(fl_buffer_cstr(out), link, sizeof link - 1);
        if (length < 0)
            return false;
        link[length] = '\0';
        if (link[0] == '/') {
            fl_buffer_clear(out);
        } else {
            /* A relative target is relative to the link's folder. */
            char *slash = strrchr(out->data, '/');
            out->length = slash ? (size_t)(slash - out->data) + 1 : 0;
            out->data[out->length] = '\0';
        }
        fl_buffer_append_string(out, link);
    }
}

static bool failed(fl_buffer *error, const char *what, const char *name)
{
    fl_buffer_printf(error, "cannot %s %s: %s", what, name, strerror(errno));
    return false;
}

bool fl_output_open(fl_output *output, const char *path, fl_buffer *error)
{
    *output = (fl_output){NULL, "standard output", NULL, NULL, 0};
    if (!path || strcmp(path, "-") == 0) {
        output->file = stdout;
        return true;
    }
    output->name = path;
    fl_buffer target = FL_BUFFER_INIT;
    if (!follow_links(path, &target)) {
        fl_buffer_free(&target);
        return failed(error, "write", path);
    }
    output->target = fl_xstrdup(fl_buffer_cstr(&target));
    fl_buffer_free(&target);
    struct stat info;
    bool exists = stat(output->target, &info) == 0;
    if (exists && (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode))) {
        /* A device or a pipe is written, never replaced by a regular file. */
        output->file = fopen(output->target, "w");
        if (!output->file) {
            fl_output_discard(output);
            return failed(error, "write", path);
        }
        return true;
    }
    if (exists && !S_ISREG(info.st_mode)) {
        fl_buffer_printf(error, "cannot write %s: %s", path,
                         S_ISDIR(info.st_mode) ? "it is a folder"
                                               : "it is neither a file nor a device");
        fl_output_discard(output);
        return false;
    }
    size_t length = strlen(output->target);
    output->temporary = fl_xmalloc(length + 8);
    snprintf(output->temporary, length + 8, "%s.XXXXXX", output->target);
    int fd = mkstemp(output->temporary);
    if (fd < 0) {
        free(output->temporary);
        output->temporary = NULL;
        fl_output_discard(output);
        return failed(error, "write", path);
    }
    /* mkstemp makes the file private; a report replacing a file keeps that file's
     * permissions, a new one gets the usual ones. */
    mode_t mode;
    if (exists) {
        mode = info.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0 || !(output->file = fdopen(fd, "w"))) {
        int saved = errno;
        close(fd);
        fl_output_discard(output);
        errno = saved;
        return failed(error, "write", path);
    }
    /* Only the thread that writes the report touches this file: stdio need not take
     * its lock for each of the many small writes a report is made of. */
    __fsetlocking(output->file, FSETLOCKING_BYCALLER);
    return true;
}

enum { WRITE_BACK_STEP = 1 << 20 };

void fl_output_write_back(fl_output *output)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (!output->temporary)
        return;
    off_t written = ftello(output->file);
    if (written < 0 || written - output->written_back < WRITE_BACK_STEP ||
        fflush(output->file) != 0)
        return;
    /* A failure here changes nothing: the report is written as it would have been. */
    (void)sync_file_range(fileno(output->file), output->written_back,
                          written - output->written_back, SYNC_FILE_RANGE_WRITE);
    output->written_back = written;
#else
    (void)output;
#endif
}

static void release(fl_output *output)
{
    free(output->target);
    free(output->temporary);
    *output = (fl_output){NULL, NULL, NULL, NULL, 0};
}

bool fl_output_close(fl_output *output, fl_buffer *error)
{
    FILE *file = output->file;
    bool ok = !ferror(file) && fflush(file) == 0;
    int saved = errno;
    if (file == stdout) {
        if (!ok) {
            errno = saved ? saved : EIO;
            failed(error, "write the report to", output->name);
        }
        release(output);
        return ok;
    }
    /* The temporary file is not synced to disk before it is renamed into place: the
     * rename alone keeps a failed or killed run from leaving half a report, and a
     * sync made the run wait for its whole report to reach the disk (tens of
     * milliseconds for a report of 10 MB, more on a network disk), for a file any
     * run can make again. */
    saved = ok ? 0 : (errno ? errno : EIO);
    if (fclose(file) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    output->file = NULL;
    if (ok && output->temporary && rename(output->temporary, output->target) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        errno = saved;
        failed(error, "write", output->name);
        if (output->temporary)
            unlink(output->temporary);
    }
    release(output);
    return ok;
}

void fl_output_discard(fl_output *output)
{
    if (output->file && output->file != stdout)
        fclose(output->file);
    if (output->temporary)
        unlink(output->temporary);
    release(output);
}
