#include "article_checks.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "files.h"
#include "utf8.h"

bool fl_article_check_encoding(fl_document *document)
{
    const char *text = fl_buffer_cstr(&document->text);
    const char *not_text = fl_file_not_text(text, document->text.length);
    if (not_text) {
        fl_location location = {.file = document->path, .line_offset = FL_NO_OFFSET};
        fl_builtin_report(document, "input/file", &location, "not text", "%s %s",
                          document->path, not_text);
        document->has_text = false;
        return false;
    }
    size_t reported = 0;
    for (uint32_t line = 1; line <= document->line_count; line++) {
        const char *line_text;
        size_t length;
        fl_document_line(document, line, &line_text, &length);
        size_t invalid = fl_utf8_invalid_offset(line_text, length);
        if (invalid == length)
            continue;
        size_t byte = (size_t)(line_text - text) + invalid;
        if (++reported > FL_ENCODING_FINDINGS_MAX) {
            fl_location location = {.file = document->path, .line = line, .column = 1,
                                    .line_offset = FL_NO_OFFSET};
            fl_builtin_report(document, "input/encoding", &location, "more",
                              "more invalid UTF-8 from here on; not reported further");
            break;
        }
        fl_location location = {
            .file = document->path,
            .line = line,
            .column = (uint32_t)fl_utf8_count(line_text, invalid) + 1,
            .line_offset = FL_NO_OFFSET,
        };
        char subject[32];
        snprintf(subject, sizeof subject, "%zu", byte);
        fl_builtin_report(document, "input/encoding", &location, subject,
                          "invalid UTF-8 at byte %zu of the article", byte);
    }
    return true;
}

/* ---- places ---- */

/* The character at `text` as quotes are compared: typographic quotes and dashes as
 * their ASCII forms, every white space as a space. Its length in bytes. */
static size_t plain_char(const char *text, size_t length, uint32_t *c)
{
    size_t used = fl_utf8_decode(text, length, c);
    switch (*c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x2032:
        *c = '\'';
        break;
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: case 0x00AB: case 0x00BB:
        *c = '"';
        break;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
        *c = '-';
        break;
    case '\t': case '\n': case '\r': case 0x00A0: case 0x2009: case 0x202F:
        *c = ' ';
        break;
    default:
        break;
    }
    return used;
}

/* Does `quote` stand at `pos` of `text`, runs of white space matching runs of white
 * space? The end of the match, or 0. */
static size_t quote_at(const char *text, size_t length, size_t pos, const char *quote,
                       size_t quote_length)
{
    size_t q = 0;
    while (q < quote_length) {
        if (pos >= length)
            return 0;
        uint32_t a, b;
        size_t a_used = plain_char(text + pos, length - pos, &a);
        size_t b_used = plain_char(quote + q, quote_length - q, &b);
        if (a != b)
            return 0;
        pos += a_used;
        q += b_used;
        if (a == ' ') {
            while (pos < length && plain_char(text + pos, length - pos, &a) && a == ' ')
                pos += plain_char(text + pos, length - pos, &a);
            while (q < quote_length && plain_char(quote + q, quote_length - q, &b) && b == ' ')
                q += plain_char(quote + q, quote_length - q, &b);
        }
    }
    return pos;
}

/* Where the quote stands: how often, and the first two places as byte offsets. */
typedef struct occurrences {
    size_t count;
    size_t start[2], end[2];
} occurrences;

static occurrences find_quote(const fl_document *document, const char *quote)
{
    occurrences found = {0};
    const char *text = fl_buffer_cstr(&document->text);
    size_t length = document->text.length, quote_length = strlen(quote);
    uint32_t first;
    plain_char(quote, quote_length, &first);
    for (size_t pos = 0; pos < length;) {
        uint32_t c;
        size_t used = plain_char(text + pos, length - pos, &c);
        size_t end = c == first ? quote_at(text, length, pos, quote, quote_length) : 0;
        if (end) {
            if (found.count < 2) {
                found.start[found.count] = pos;
                found.end[found.count] = end;
            }
            found.count++;
        }
        pos += used;
    }
    return found;
}

static bool starts_token(const char *text, size_t offset)
{
    if (offset == 0)
        return true;
    unsigned char before = (unsigned char)text[offset - 1];
    return !((before >= '0' && before <= '9') || ((before | 0x20) >= 'a' && (before | 0x20) <= 'z'));
}

/* The first place in text[from, to) where the figure's value is written, in any
 * form: its offset and length in bytes. false when there is none. */
static bool find_value(const fl_document *document, const fl_figure *figure, size_t from,
                       size_t to, size_t *offset, size_t *length)
{
    const char *text = fl_buffer_cstr(&document->text);
    for (size_t pos = from; pos < to; pos++) {
        if (!starts_token(text, pos))
            continue;
        size_t matched = fl_number_at(text + pos, to - pos, &figure->number);
        if (matched) {
            *offset = pos;
            *length = matched;
            return true;
        }
    }
    return false;
}

static void set_place(const fl_document *document, fl_figure *figure, size_t offset,
                      size_t length)
{
    uint32_t line, column;
    fl_document_place_of(document, offset, &line, &column);
    figure->location = (fl_location){
        .file = document->path,
        .line = line,
        .column = column,
        .length = (uint32_t)fl_utf8_count(document->text.data + offset, length),
        .line_offset = FL_NO_OFFSET,
    };
}

/* A finding about a figure the table accepts is kept, suppressed with its reason. */
static void settle(fl_finding *finding, const fl_figure *figure)
{
    if (figure->accepted) {
        finding->suppression = FL_SUPPRESSION_ACCEPTED;
        finding->justification = figure->accepted;
    }
}

static char *subject_of(fl_document *document, const fl_figure *figure, const char *what)
{
    return fl_arena_printf(&document->arena, "%s\x1f%s\x1f%s", figure->key, figure->value, what);
}

/* A figure with a quote and no place: it stands where the quote does. */
static void place_by_quote(fl_document *document, fl_figure *figure)
{
    occurrences found = find_quote(document, figure->quote);
    if (found.count == 0) {
        fl_finding *finding = fl_builtin_report(
            document, "figure/position", &figure->location,
            subject_of(document, figure, "quote missing"),
            "the quote of %s, \"%s\", is not in %s; the figure is shown at its table row",
            figure->key, figure->quote, document->path);
        settle(finding, figure);
        return;
    }
    if (found.count > 1) {
        uint32_t lines[2], columns[2];
        fl_document_place_of(document, found.start[0], &lines[0], &columns[0]);
        fl_document_place_of(document, found.start[1], &lines[1], &columns[1]);
        fl_finding *finding = fl_builtin_report(
            document, "figure/position", &figure->location,
            subject_of(document, figure, "quote ambiguous"),
            "the quote of %s, \"%s\", stands %zu times in %s (at %u:%u and %u:%u%s); give "
            "line and col to say which",
            figure->key, figure->quote, found.count, document->path, (unsigned)lines[0],
            (unsigned)columns[0], (unsigned)lines[1], (unsigned)columns[1],
            found.count > 2 ? ", …" : "");
        settle(finding, figure);
        return;
    }
    size_t offset, length;
    if (!find_value(document, figure, found.start[0], found.end[0], &offset, &length)) {
        offset = found.start[0];
        length = found.end[0] - found.start[0];
    }
    set_place(document, figure, offset, length);
}

/* A figure with a line (and maybe a column) given: the value must stand there. */
static void check_typed_place(fl_document *document, fl_figure *figure)
{
    fl_location typed = figure->location;
    const char *line_text;
    size_t line_length;
    bool line_exists = fl_document_line(document, typed.line, &line_text, &line_length);
    size_t line_start = line_exists ? (size_t)(line_text - document->text.data) : 0;
    size_t offset, length;
    if (line_exists && typed.column) {
        size_t at = fl_document_offset_of(document, typed.line, typed.column) - line_start;
        length = at < line_length ? fl_number_at(line_text + at, line_length - at,
                                                 &figure->number)
                                  : 0;
        if (length) {
            figure->location.length = (uint32_t)fl_utf8_count(line_text + at, length);
            return;
        }
    } else if (line_exists &&
               find_value(document, figure, line_start, line_start + line_length, &offset,
                          &length)) {
        set_place(document, figure, offset, length);
        return;
    }
    /* Where the value does stand: inside its quote when the quote stands once, else
     * the place nearest the line given. */
    bool found = false;
    occurrences quoted = {0};
    if (figure->quote)
        quoted = find_quote(document, figure->quote);
    if (quoted.count == 1)
        found = find_value(document, figure, quoted.start[0], quoted.end[0], &offset, &length);
    uint32_t best_gap = UINT32_MAX;
    for (size_t pos = 0; quoted.count != 1 && pos < document->text.length;) {
        size_t candidate, candidate_length;
        if (!find_value(document, figure, pos, document->text.length, &candidate,
                        &candidate_length))
            break;
        uint32_t line, column;
        fl_document_place_of(document, candidate, &line, &column);
        uint32_t gap = line > typed.line ? line - typed.line : typed.line - line;
        if (gap < best_gap) {
            found = true;
            best_gap = gap;
            offset = candidate;
            length = candidate_length;
        }
        /* Later places are further from the line given. */
        if (line > typed.line)
            break;
        pos = candidate + candidate_length;
    }
    fl_buffer where = FL_BUFFER_INIT;
    fl_location at = typed;
    if (!line_exists || !typed.column) {
        at.column = 0;
        at.length = 0;
    } else {
        size_t start = fl_document_offset_of(document, typed.line, typed.column) - line_start;
        size_t end = start;
        while (end < line_length && line_text[end] != ' ')
            end++;
        at.length = (uint32_t)fl_utf8_count(line_text + start, end - start);
        if (start < line_length) {
            fl_buffer_printf(&where, "line %u, column %u holds \"", (unsigned)typed.line,
                             (unsigned)typed.column);
            if (end > start)
                fl_utf8_append_bounded(line_text + start, end - start, 20, &where);
            else
                fl_utf8_append_bounded(line_text + start, line_length - start, 12, &where);
            fl_buffer_append_char(&where, '"');
        } else {
            fl_buffer_printf(&where, "line %u has no column %u", (unsigned)typed.line,
                             (unsigned)typed.column);
        }
    }
    if (!line_exists)
        fl_buffer_printf(&where, "%s has no line %u", document->path, (unsigned)typed.line);
    else if (!typed.column)
        fl_buffer_printf(&where, "line %u does not hold it", (unsigned)typed.line);
    fl_finding *finding;
    if (found) {
        fl_figure placed = *figure;
        set_place(document, &placed, offset, length);
        finding = fl_builtin_report(document, "figure/position", &at,
                                    subject_of(document, figure, "place"),
                                    "%s is \"%s\", but %s; it stands at line %u, column %u",
                                    figure->key, figure->value, fl_buffer_cstr(&where),
                                    (unsigned)placed.location.line,
                                    (unsigned)placed.location.column);
        fl_location *related = fl_arena_alloc(&document->arena, sizeof *related);
        *related = placed.location;
        finding->related = related;
        finding->related_count = 1;
        figure->location = placed.location;
    } else {
        finding = fl_builtin_report(document, "figure/position", &at,
                                    subject_of(document, figure, "place"),
                                    "%s is \"%s\", but %s, and the value is nowhere in %s",
                                    figure->key, figure->value, fl_buffer_cstr(&where),
                                    document->path);
    }
    settle(finding, figure);
    fl_finding_figure *figures = fl_arena_alloc(&document->arena, sizeof *figures);
    *figures = (fl_finding_figure){figure->key, figure->value, figure->interval,
                                   figure->number.unit};
    finding->figures = figures;
    finding->figure_count = 1;
    fl_buffer_free(&where);
}

void fl_article_place_figures(fl_document *document)
{
    if (!document->has_text)
        return;
    size_t count = fl_figures_count(document->figures);
    for (size_t i = 0; i < count; i++) {
        fl_figure *figure = fl_figures_at(document->figures, i);
        if (figure->location.file == document->path)
            check_typed_place(document, figure);
        else if (figure->quote)
            place_by_quote(document, figure);
    }
}
