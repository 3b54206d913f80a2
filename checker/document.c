#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "text_lines.h"
#include "utf8.h"

/* Lines longer than this get checkpoints: the byte offset of every STRIDE-th
 * character. A few long lines are kept at once, reused in turn. */
enum { LONG_LINE = 4096, STRIDE = 256, INDEXED_LINES = 8 };

typedef struct indexed_line {
    uint32_t line;          /* 0: unused */
    size_t *offsets;        /* offsets[i]: byte offset of character i * STRIDE */
    size_t count, capacity;
} indexed_line;

struct fl_column_index {
    indexed_line lines[INDEXED_LINES];
    size_t next;
};

fl_document *fl_document_new(void)
{
    fl_document *document = fl_xcalloc(1, sizeof *document);
    document->figures = fl_figures_new();
    document->columns = fl_xcalloc(1, sizeof *document->columns);
    return document;
}

void fl_document_free(fl_document *document)
{
    if (!document)
        return;
    fl_arena_free(&document->arena);
    fl_figures_free(document->figures);
    for (size_t i = 0; i < INDEXED_LINES; i++)
        free(document->columns->lines[i].offsets);
    free(document->columns);
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
    document->out_of_shard = false;
    document->text_loaded = false;
    document->has_text = false;
    document->text_too_large = false;
    fl_buffer_clear(&document->text);
    document->line_count = 0;
    for (size_t i = 0; i < INDEXED_LINES; i++)
        document->columns->lines[i].line = 0;
    document->path = fl_arena_strdup(&document->arena, path);
    document->identity = document->path;
}

fl_finding *fl_document_add_finding(fl_document *document)
{
    document->findings = fl_xgrow_huge(document->findings, &document->finding_capacity,
                                       document->finding_count + 1,
                                       sizeof *document->findings);
    fl_finding *finding = &document->findings[document->finding_count++];
    memset(finding, 0, sizeof *finding);
    finding->doc = document->path;
    finding->distance = -1;
    return finding;
}

void fl_document_accept_findings(fl_document *document, size_t first,
                                 const char *justification)
{
    for (size_t i = first; i < document->finding_count; i++) {
        document->findings[i].suppression = FL_SUPPRESSION_ACCEPTED;
        document->findings[i].justification = justification;
    }
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
        if (fl_line_end(text, length, start, &start) == length)
            break;
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
    size_t start = fl_document_offset_of(document, line, column) -
                   (size_t)(text - document->text.data);
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

/* The checkpoints of `line` (text[0, length)), made on first use. */
static const indexed_line *index_of(const fl_document *document, uint32_t line,
                                    const char *text, size_t length)
{
    struct fl_column_index *index = document->columns;
    for (size_t i = 0; i < INDEXED_LINES; i++)
        if (index->lines[i].line == line)
            return &index->lines[i];
    indexed_line *slot = &index->lines[index->next];
    index->next = (index->next + 1) % INDEXED_LINES;
    slot->line = line;
    slot->count = 0;
    for (size_t offset = 0, character = 0; offset <= length; character++) {
        if (character % STRIDE == 0) {
            slot->offsets = fl_xgrow(slot->offsets, &slot->capacity, slot->count + 1,
                                     sizeof *slot->offsets);
            slot->offsets[slot->count++] = offset;
        }
        if (offset == length)
            break;
        uint32_t c;
        offset += fl_utf8_decode(text + offset, length - offset, &c);
    }
    return slot;
}

size_t fl_document_offset_of(const fl_document *document, uint32_t line, uint32_t column)
{
    const char *text;
    size_t length;
    if (!fl_document_line(document, line, &text, &length))
        return document->text.length;
    size_t start = (size_t)(text - document->text.data);
    size_t characters = column > 0 ? column - 1 : 0;
    if (length <= LONG_LINE)
        return start + fl_utf8_offset_of(text, length, characters);
    const indexed_line *index = index_of(document, line, text, length);
    size_t checkpoint = characters / STRIDE;
    if (checkpoint >= index->count)
        checkpoint = index->count - 1;
    size_t from = index->offsets[checkpoint];
    return start + from + fl_utf8_offset_of(text + from, length - from,
                                            characters - checkpoint * STRIDE);
}

void fl_document_place_of(const fl_document *document, size_t offset, uint32_t *line,
                          uint32_t *column)
{
    size_t low = 0, high = document->line_count;
    while (high - low > 1) {
        size_t middle = (low + high) / 2;
        if (document->line_starts[middle] <= offset)
            low = middle;
        else
            high = middle;
    }
    *line = (uint32_t)low + 1;
    const char *text;
    size_t length;
    if (!fl_document_line(document, *line, &text, &length)) {
        *column = 1;
        return;
    }
    size_t within = offset - (size_t)(text - document->text.data);
    if (within > length)
        within = length;
    if (length <= LONG_LINE) {
        *column = (uint32_t)fl_utf8_count(text, within) + 1;
        return;
    }
    const indexed_line *index = index_of(document, *line, text, length);
    size_t below = 0, above = index->count;
    while (above - below > 1) {
        size_t middle = (below + above) / 2;
        if (index->offsets[middle] <= within)
            below = middle;
        else
            above = middle;
    }
    size_t from = index->offsets[below];
    *column = (uint32_t)(below * STRIDE + fl_utf8_count(text + from, within - from)) + 1;
}
