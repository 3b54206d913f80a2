#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "utf8.h"

fl_document *fl_document_new(void)
{
    fl_document *document = fl_xcalloc(1, sizeof *document);
    document->figures = fl_figures_new();
    return document;
}

void fl_document_free(fl_document *document)
{
    if (!document)
        return;
    fl_arena_free(&document->arena);
    fl_figures_free(document->figures);
    free(document->findings);
    fl_buffer_free(&document->text);
    free(document->line_starts);
    free(document);
}

void fl_document_begin(fl_document *document, const char *path)
{
    fl_arena_reset(&document->arena);
    fl_figures_clear(document->figures);
    document->finding_count = 0;
    document->source = NULL;
    document->article_refused = false;
    document->text_loaded = false;
    document->has_text = false;
    document->text_too_large = false;
    fl_buffer_clear(&document->text);
    document->line_count = 0;
    document->path = fl_arena_strdup(&document->arena, path);
    document->identity = document->path;
}

fl_finding *fl_document_add_finding(fl_document *document)
{
    document->findings = fl_xgrow(document->findings, &document->finding_capacity,
                                  document->finding_count + 1, sizeof *document->findings);
    fl_finding *finding = &document->findings[document->finding_count++];
    memset(finding, 0, sizeof *finding);
    finding->doc = document->path;
    finding->distance = -1;
    return finding;
}

static void index_lines(fl_document *document)
{
    const char *text = fl_buffer_cstr(&document->text);
    size_t length = document->text.length;
    size_t start = 0;
    for (;;) {
        document->line_starts = fl_xgrow(document->line_starts, &document->line_capacity,
                                         document->line_count + 1,
                                         sizeof *document->line_starts);
        document->line_starts[document->line_count++] = start;
        size_t end = start;
        while (end < length && text[end] != '\n' && text[end] != '\r')
            end++;
        if (end == length)
            break;
        start = end + (text[end] == '\r' && end + 1 < length && text[end + 1] == '\n' ? 2 : 1);
    }
}

bool fl_document_load_text(fl_document *document)
{
    if (document->text_loaded)
        return document->has_text;
    document->text_loaded = true;
    if (document->article_refused)
        return false;
    bool too_large = false;
    if (!fl_file_read_limited(document->source ? document->source : document->path,
                              FL_ARTICLE_MAX_BYTES, &document->text, &too_large)) {
        document->text_too_large = too_large;
        return false;
    }
    document->has_text = true;
    index_lines(document);
    return true;
}

bool fl_document_line(const fl_document *document, uint32_t line, const char **text,
                      size_t *length)
{
    if (!document->has_text || line == 0 || line > document->line_count)
        return false;
    size_t start = document->line_starts[line - 1];
    size_t end = document->text.length;
    if (line < document->line_count) {
        end = document->line_starts[line] - 1;
        if (end > start && document->text.data[end] == '\n' && document->text.data[end - 1] == '\r')
            end--;
    }
    *text = document->text.data + start;
    *length = end - start;
    return true;
}

static bool is_number_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == ',' || c == '.';
}

uint32_t fl_document_span(const fl_document *document, uint32_t line, uint32_t column,
                          const char *value)
{
    const char *text;
    size_t length;
    if (column == 0 || !fl_document_line(document, line, &text, &length))
        return 0;
    size_t start = fl_utf8_offset_of(text, length, column - 1);
    if (start >= length)
        return 0;
    size_t value_length = value ? strlen(value) : 0;
    if (value_length && value_length <= length - start &&
        memcmp(text + start, value, value_length) == 0)
        return (uint32_t)fl_utf8_count(value, value_length);
    size_t end = start;
    if (is_number_byte((unsigned char)text[start])) {
        while (end < length && is_number_byte((unsigned char)text[end]))
            end++;
        while (end > start && (text[end - 1] == ',' || text[end - 1] == '.'))
            end--;
    } else {
        while (end < length && text[end] != ' ' && text[end] != ',' && text[end] != '.')
            end++;
    }
    return (uint32_t)fl_utf8_count(text + start, end - start);
}
