#include "report.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

void fl_report_writer_release(fl_report_writer *writer)
{
    fl_buffer_free(&writer->scratch);
}

bool fl_report_source_line(const fl_document *document, const fl_location *location,
                           fl_buffer *scratch, const char **text, size_t *length)
{
    if (!location->file || location->line == 0)
        return false;
    if (strcmp(location->file, document->path) == 0 && document->has_text)
        return fl_document_line(document, location->line, text, length);
    if (location->line_offset == FL_NO_OFFSET)
        return false;
    /* Only a regular file can be read again: a FIFO would wait for ever. */
    struct stat info;
    if (stat(location->file, &info) != 0 || !S_ISREG(info.st_mode))
        return false;
    FILE *file = fopen(location->file, "rb");
    if (!file)
        return false;
    bool found = false;
    fl_buffer_clear(scratch);
    if (fseeko(file, (off_t)location->line_offset, SEEK_SET) == 0) {
        char chunk[4096];
        while (fgets(chunk, sizeof chunk, file)) {
            size_t got = strlen(chunk);
            fl_buffer_append(scratch, chunk, got);
            if (chunk[got - 1] == '\n' || scratch->length > 64 * 1024)
                break;
        }
        while (scratch->length && (scratch->data[scratch->length - 1] == '\n' ||
                                   scratch->data[scratch->length - 1] == '\r'))
            scratch->length--;
        found = true;
    }
    fclose(file);
    *text = fl_buffer_cstr(scratch);
    *length = scratch->length;
    return found;
}

void fl_json_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}
