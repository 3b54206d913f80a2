#include "csv_source.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "files.h"
#include "memory.h"
#include "simd.h"
#include "utf8.h"

enum {
    CHUNK_SIZE = 256 * 1024,
    /* Lines up to this long are kept whole so that errors in them get exact
     * columns; longer ones are handed to libcsv in pieces. */
    LINE_LIMIT = 1024 * 1024,
    BLOCK_SIZE = 64 * 1024, /* libcsv's buffer grows by this much */
};

typedef struct reader {
    const fl_csv_handlers *handlers;
    struct csv_parser parser;
    bool stopped;

    /* The current record. From libcsv: fields stored back to back in field_bytes,
     * each NUL-terminated, at field_starts. From a plain line: fields where they lie
     * in the read buffer, field_starts being their offsets on the line. */
    fl_buffer field_bytes;
    size_t *field_starts;
    size_t *field_lengths;
    size_t field_count, field_capacity;
    const char **field_pointers;

    bool record_open;       /* bytes of a record were fed and it has not ended */
    bool record_dropped;    /* a problem occurred in it: do not deliver it */
    bool record_one_line;
    uint32_t record_line;
    uint64_t record_offset;

    /* The line being fed, and the piece of it being fed: the whole line, or for a
     * line too long to keep, one chunk of it after another. */
    uint32_t line;
    uint32_t next_line;
    uint64_t line_offset;
    const char *line_text;  /* the whole line, or NULL for a line fed in pieces */
    size_t line_length;
    const char *piece_text;
    uint64_t piece_offset;
    size_t chars_before;    /* characters of the line in earlier pieces */
    bool in_long_line;
    bool skip_line;         /* a problem ended the record: drop the rest of the line */

    uint64_t reported_until; /* problems before this offset were reported */
} reader;

/* libcsv's realloc hook has no context pointer, so its cap is a constant: loose
 * enough that on_field sees every field up to the limit (libcsv grows its buffer a
 * block ahead), tight enough that a runaway field stops growing. */
static void *limited_realloc(void *pointer, size_t size)
{
    if (size > FL_CSV_FIELD_LIMIT + 2 * BLOCK_SIZE)
        return NULL;
    return realloc(pointer, size);
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void parser_start(reader *r)
{
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_space_func(&r->parser, no_space);
    csv_set_realloc_func(&r->parser, limited_realloc);
    csv_set_blk_size(&r->parser, BLOCK_SIZE);
}

static void record_clear(reader *r)
{
    fl_buffer_clear(&r->field_bytes);
    r->field_count = 0;
    r->record_open = false;
    r->record_dropped = false;
}

static void parser_restart(reader *r)
{
    csv_free(&r->parser);
    parser_start(r);
    record_clear(r);
}

static void report(reader *r, fl_csv_problem_kind kind, size_t byte_in_piece,
                   const char *message);

static void fields_reserve(reader *r, size_t count)
{
    if (count <= r->field_capacity)
        return;
    size_t capacity = r->field_capacity;
    r->field_starts = fl_xgrow(r->field_starts, &capacity, count, sizeof *r->field_starts);
    capacity = r->field_capacity;
    r->field_pointers = fl_xgrow(r->field_pointers, &capacity, count,
                                 sizeof *r->field_pointers);
    r->field_lengths = fl_xgrow(r->field_lengths, &r->field_capacity, count,
                                sizeof *r->field_lengths);
}

static void on_field(void *bytes, size_t length, void *context)
{
    reader *r = context;
    if (length > FL_CSV_FIELD_LIMIT && !r->record_dropped) {
        report(r, FL_CSV_PROBLEM_SYNTAX, 0, "field longer than 1 MiB; the record is skipped");
        r->record_dropped = true;
    }
    fields_reserve(r, r->field_count + 1);
    r->field_starts[r->field_count] = r->field_bytes.length;
    r->field_lengths[r->field_count] = length;
    r->field_count++;
    fl_buffer_append(&r->field_bytes, bytes ? bytes : "", length);
    fl_buffer_append_char(&r->field_bytes, '\0');
}

static void on_record(int terminator, void *context)
{
    (void)terminator;
    reader *r = context;
    if (!r->record_dropped && !r->stopped) {
        for (size_t i = 0; i < r->field_count; i++)
            r->field_pointers[i] = fl_buffer_cstr(&r->field_bytes) + r->field_starts[i];
        bool one_line = r->record_one_line && r->line_text && r->record_line == r->line;
        size_t line_length = r->line_length;
        while (one_line && line_length > 0 &&
               (r->line_text[line_length - 1] == '\n' || r->line_text[line_length - 1] == '\r'))
            line_length--;
        fl_csv_record record = {
            .field_count = r->field_count,
            .fields = r->field_pointers,
            .lengths = r->field_lengths,
            .line = r->record_line,
            .line_offset = r->record_offset,
            .line_text = one_line ? r->line_text : NULL,
            .line_length = one_line ? line_length : 0,
        };
        if (!r->handlers->record(r->handlers->context, &record))
            r->stopped = true;
    }
    record_clear(r);
}

static void report(reader *r, fl_csv_problem_kind kind, size_t byte_in_piece,
                   const char *message)
{
    fl_csv_problem problem = {
        .kind = kind,
        .line = r->line,
        .line_offset = r->line_offset,
        .byte_offset = r->piece_offset + byte_in_piece,
        .column = (uint32_t)(r->chars_before + fl_utf8_count(r->piece_text, byte_in_piece)) + 1,
        .line_text = r->line_text,
        .line_length = r->line_length,
    };
    /* After an unterminated quote the tail of the file is read twice; what the
     * first reading reported is not reported again. */
    if (problem.byte_offset < r->reported_until)
        return;
    r->reported_until = problem.byte_offset + 1;
    snprintf(problem.message, sizeof problem.message, "%s", message);
    r->handlers->problem(r->handlers->context, &problem);
}

static const char *syntax_message(reader *r, const char *at)
{
    if (csv_error(&r->parser) == CSV_ENOMEM)
        return "field longer than 1 MiB; the record is skipped";
    if (*at == '"')
        return "stray quote in an unquoted field (quote the whole field and double "
               "the quotes inside it)";
    return "unexpected character after a closing quote (a quoted field must end at a "
           "comma or the end of the line)";
}

static void feed(reader *r, const char *text, size_t length);

static bool is_blank_line(const char *text, size_t length)
{
    return (length == 1 && (text[0] == '\n' || text[0] == '\r')) ||
           (length == 2 && text[0] == '\r' && text[1] == '\n');
}

/* Feeds one piece of the current line: the whole line, or for a line too long to
 * keep whole, the next part of it. `last` says whether the line ends with it. */
static void feed_piece(reader *r, const char *text, size_t length, uint64_t offset, bool last)
{
    if (!r->in_long_line) {
        r->line = r->next_line;
        r->line_offset = offset;
        r->chars_before = 0;
        r->line_text = last ? text : NULL;
        r->line_length = last ? length : 0;
        r->skip_line = false;
    }
    r->piece_text = text;
    r->piece_offset = offset;
    r->in_long_line = !last;
    if (!r->skip_line)
        feed(r, text, length);
    if (last)
        r->next_line++;
    else
        r->chars_before += fl_utf8_count(text, length);
}

/* Feeds one whole line (or, for very long lines, one piece of it). */
static void feed(reader *r, const char *text, size_t length)
{
    size_t invalid = fl_utf8_invalid_offset(text, length);
    const char *nul = memchr(text, '\0', invalid);
    if (nul || invalid < length) {
        size_t at = nul ? (size_t)(nul - text) : invalid;
        char message[96];
        snprintf(message, sizeof message, "%s at byte %llu; the record is skipped",
                 nul ? "NUL byte" : "invalid UTF-8",
                 (unsigned long long)(r->piece_offset + at));
        report(r, FL_CSV_PROBLEM_ENCODING, at, message);
        r->record_dropped = true;
    }
    if (!r->record_open && !is_blank_line(text, length)) {
        r->record_open = true;
        r->record_one_line = true;
        r->record_line = r->line;
        r->record_offset = r->line_offset;
    } else if (r->record_open && r->record_line != r->line) {
        r->record_one_line = false;
    }
    size_t used = csv_parse(&r->parser, text, length, on_field, on_record, r);
    if (used < length) {
        report(r, FL_CSV_PROBLEM_SYNTAX, used, syntax_message(r, text + used));
        parser_restart(r);
        r->skip_line = true;
    }
}

/* The longest prefix of `text` that does not end inside a UTF-8 sequence. */
static size_t character_boundary(const char *text, size_t length)
{
    size_t start = length;
    while (start > 0 && length - start < 4 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return length;
    unsigned char lead = (unsigned char)text[start - 1];
    size_t needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return length - (start - 1) < needed ? start - 1 : length;
}

/* The length of the line that starts `text`, its end included: LF, CR LF or a lone
 * CR. 0 when the line does not end within `length` bytes, or might not (a CR last,
 * before the end of the file). */
static size_t line_length(const char *text, size_t length, bool at_end)
{
    const char *newline = memchr(text, '\n', length);
    size_t before = newline ? (size_t)(newline - text) : length;
    const char *cr = memchr(text, '\r', before);
    if (cr) {
        size_t at = (size_t)(cr - text);
        if (at + 1 < length)
            return text[at + 1] == '\n' ? at + 2 : at + 1;
        return at_end ? at + 1 : 0;
    }
    return newline ? before + 1 : 0;
}

/* The byte where the first quoted field that does not close on its line opens, or 0. */
static size_t unclosed_quote(const char *line, size_t length)
{
    size_t i = 0;
    while (i < length) {
        if (line[i] == '"') {
            size_t open = i;
            bool closed = false;
            for (i++; i < length; i++) {
                if (line[i] != '"')
                    continue;
                if (i + 1 < length && line[i + 1] == '"') {
                    i++;
                    continue;
                }
                closed = true;
                i++;
                break;
            }
            if (!closed)
                return open;
        }
        while (i < length && line[i] != ',')
            i++;
        i++;
    }
    return 0;
}

enum { PLAIN, PLAIN_COMMA, PLAIN_LF, PLAIN_CR, PLAIN_QUOTE, PLAIN_NEVER };

/* What each ASCII byte means to a plain line: a NUL leaves it to libcsv. */
static const unsigned char plain_class[128] = {
    [0] = PLAIN_NEVER, ['"'] = PLAIN_QUOTE, [','] = PLAIN_COMMA, ['\n'] = PLAIN_LF,
    ['\r'] = PLAIN_CR,
};

/* Where the special bytes (comma, quote, LF, CR, NUL) and the bytes of 0x80 or more
 * lie in the `count` (at most 64) bytes at `text`, a bit a byte. A figures row is
 * mostly plain bytes: its few special ones are then taken a bit at a time, without a
 * scan for each. */
static void classify_block(const char *text, size_t count, uint64_t *special, uint64_t *high)
{
    *special = 0;
    *high = 0;
#if defined(FL_SSE2)
    if (count == 64) {
        const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'),
                      lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                      nul = _mm_setzero_si128();
        for (int part = 0; part < 4; part++) {
            __m128i block =
                _mm_loadu_si128((const __m128i *)(const void *)(text + 16 * part));
            __m128i found = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, quote)),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, lf), _mm_cmpeq_epi8(block, cr)),
                             _mm_cmpeq_epi8(block, nul)));
            *special |= (uint64_t)(unsigned)_mm_movemask_epi8(found) << (16 * part);
            *high |= (uint64_t)(unsigned)_mm_movemask_epi8(block) << (16 * part);
        }
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) {
        unsigned char byte = (unsigned char)text[i];
        if (byte >= 0x80)
            *high |= (uint64_t)1 << i;
        else if (plain_class[byte] != PLAIN)
            *special |= (uint64_t)1 << i;
    }
}

/* Reads the line that starts `text` when it is plain: no quote but around a whole
 * field on the line (with no doubled quote inside), no NUL, valid UTF-8, ended within
 * `length` bytes, no field over the limit, and no record left open by the lines
 * before. Delivers its record (a blank line has none) and returns the
 * bytes it took, its end included; returns 0, having done nothing, for any other
 * line, which libcsv then reads. */
static size_t read_plain_line(reader *r, const char *text, size_t length, bool at_end,
                              uint64_t offset)
{
    if (r->record_open || r->in_long_line)
        return 0;
    size_t count = 0, field_start = 0, i = 0, taken = 0;
    size_t quoted_start = 0, quoted_length = 0;
    bool ascii = true, quoted = false, in_quote = false;
    for (size_t base = 0; !taken; base += 64) {
        if (base >= length || base > FL_CSV_FIELD_LIMIT)
            return 0;
        size_t block = length - base < 64 ? length - base : 64;
        uint64_t special, high;
        classify_block(text + base, block, &special, &high);
        for (; special; special &= special - 1) {
            i = base + (size_t)__builtin_ctzll(special);
            unsigned char kind = plain_class[(unsigned char)text[i]];
            if (in_quote) {
                /* A quoted field ends at a quote with a comma or the line's end right
                 * after it, and holds no line break. */
                if (kind == PLAIN_QUOTE) {
                    if (i + 1 >= length ||
                        (text[i + 1] != ',' && text[i + 1] != '\n' && text[i + 1] != '\r'))
                        return 0;
                    quoted_length = i - quoted_start;
                    in_quote = false;
                } else if (kind != PLAIN_COMMA) {
                    return 0;
                }
            } else if (kind == PLAIN_COMMA) {
                fields_reserve(r, count + 2);
                r->field_starts[count] = quoted ? quoted_start : field_start;
                r->field_lengths[count++] = quoted ? quoted_length : i - field_start;
                field_start = i + 1;
                quoted = false;
            } else if (kind == PLAIN_QUOTE) {
                if (i != field_start)
                    return 0;
                quoted = in_quote = true;
                quoted_start = i + 1;
            } else if (kind == PLAIN_LF) {
                taken = i + 1;
                break;
            } else if (kind == PLAIN_CR) {
                /* A CR last in the buffer may be the first half of a CR LF. */
                if (i + 1 == length && !at_end)
                    return 0;
                taken = i + 1 < length && text[i + 1] == '\n' ? i + 2 : i + 1;
                break;
            } else {
                return 0;
            }
        }
        if (taken)
            high &= ((uint64_t)1 << (i - base)) - 1;
        if (high)
            ascii = false;
    }
    if (i > FL_CSV_FIELD_LIMIT || (!ascii && fl_utf8_invalid_offset(text, i) < i))
        return 0;
    r->line = r->next_line++;
    r->line_offset = offset;
    if (i == 0)
        return taken;
    fields_reserve(r, count + 1);
    r->field_starts[count] = quoted ? quoted_start : field_start;
    r->field_lengths[count++] = quoted ? quoted_length : i - field_start;
    for (size_t field = 0; field < count; field++)
        r->field_pointers[field] = text + r->field_starts[field];
    fl_csv_record record = {
        .field_count = count,
        .fields = r->field_pointers,
        .lengths = r->field_lengths,
        .field_offsets = r->field_starts,
        .ascii = ascii,
        .line = r->line,
        .line_offset = offset,
        .line_text = text,
        .line_length = i,
    };
    if (!r->handlers->record(r->handlers->context, &record))
        r->stopped = true;
    return taken;
}

bool fl_csv_read_file(const char *path, const fl_csv_handlers *handlers)
{
    fl_csv_range whole = {.start = 0, .line = 1, .stop = UINT64_MAX};
    return fl_csv_read_range(path, &whole, handlers);
}

bool fl_csv_read_range(const char *path, fl_csv_range *range, const fl_csv_handlers *handlers)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return false;
    if (range->start && fseeko(file, (off_t)range->start, SEEK_SET) != 0) {
        int error = errno;
        fclose(file);
        errno = error;
        return false;
    }
    reader r = {.handlers = handlers, .line = range->line, .next_line = range->line,
                .reported_until = range->reported_until};
    parser_start(&r);

    size_t capacity = CHUNK_SIZE;
    char *buffer = fl_xmalloc(capacity);
    size_t filled = 0;
    uint64_t buffer_offset = range->start; /* file offset of buffer[0] */
    bool at_end = false, failed = false, first = range->start == 0,
         first_checked = range->start != 0, reached_stop = false;

    while (!r.stopped && !reached_stop) {
        if (!at_end && filled < capacity) {
            size_t got = fread(buffer + filled, 1, capacity - filled, file);
            filled += got;
            if (got == 0) {
                if (ferror(file)) {
                    failed = true;
                    break;
                }
                at_end = true;
            }
        }
        if (!first_checked) {
            /* Whether this is text at all is told by its first bytes, before any is
             * read as CSV. */
            if (filled < 8192 && !at_end)
                continue;
            first_checked = true;
            const char *not_text = fl_file_not_text(buffer, filled);
            if (not_text) {
                fl_csv_problem problem = {.kind = FL_CSV_PROBLEM_NOT_TEXT, .line = 1,
                                          .column = 1};
                snprintf(problem.message, sizeof problem.message, "%s", not_text);
                handlers->problem(handlers->context, &problem);
                break;
            }
        }
        size_t start = 0;
        if (first && filled >= 3 && memcmp(buffer, "\xEF\xBB\xBF", 3) == 0)
            start = 3;
        if (first && (filled >= 3 || at_end))
            first = false;
        for (;;) {
            /* A record starts on the next line only when no record is open. */
            if (buffer_offset + start >= range->stop && !r.record_open && !r.in_long_line) {
                reached_stop = true;
                break;
            }
            size_t length = read_plain_line(&r, buffer + start, filled - start, at_end,
                                            buffer_offset + start);
            if (length) {
                if (r.stopped)
                    break;
                start += length;
                continue;
            }
            length = line_length(buffer + start, filled - start, at_end);
            if (!length)
                break;
            feed_piece(&r, buffer + start, length, buffer_offset + start, true);
            if (r.stopped)
                break;
            start += length;
        }
        if (r.stopped)
            break;
        if (reached_stop) {
            range->stopped_at = buffer_offset + start;
            break;
        }
        if (at_end) {
            if (start < filled)
                feed_piece(&r, buffer + start, filled - start, buffer_offset + start, true);
            if (r.stopped)
                break;
            bool unterminated = csv_fini(&r.parser, on_field, on_record, &r) != 0;
            if (!unterminated || r.stopped)
                break;
            /* An unterminated quote swallowed the rest of the file: report it at its
             * quote and read again from the line after the one that opened it. */
            uint32_t resume_line = r.record_line + 1;
            uint64_t resume = r.record_offset;
            if (fseeko(file, (off_t)resume, SEEK_SET) != 0) {
                failed = true;
                break;
            }
            fl_buffer opening = FL_BUFFER_INIT;
            int c;
            while ((c = getc(file)) != EOF && c != '\n' && opening.length < LINE_LIMIT)
                fl_buffer_append_char(&opening, (char)c);
            while (c != EOF && c != '\n')
                c = getc(file);
            size_t quote = unclosed_quote(fl_buffer_cstr(&opening), opening.length);
            fl_csv_problem problem = {
                .kind = FL_CSV_PROBLEM_SYNTAX,
                .line = r.record_line,
                .column = (uint32_t)fl_utf8_count(fl_buffer_cstr(&opening), quote) + 1,
                .line_offset = r.record_offset,
                .byte_offset = r.record_offset + quote,
                .line_text = fl_buffer_cstr(&opening),
                .line_length = opening.length,
            };
            snprintf(problem.message, sizeof problem.message,
                     "quoted field never closed (its quote runs to the end of the file); the "
                     "record is skipped and the lines after this one are read on");
            handlers->problem(handlers->context, &problem);
            fl_buffer_free(&opening);
            if (c == EOF)
                break;
            resume = (uint64_t)ftello(file);
            parser_restart(&r);
            r.in_long_line = false;
            r.next_line = resume_line;
            buffer_offset = resume;
            filled = 0;
            at_end = false;
            continue;
        }
        if (start > 0) {
            memmove(buffer, buffer + start, filled - start);
            filled -= start;
            buffer_offset += start;
        } else if (filled == capacity) {
            if (capacity < LINE_LIMIT) {
                capacity *= 2;
                buffer = fl_xrealloc(buffer, capacity);
            } else {
                /* A line longer than we keep: feed it on in pieces, each ending on
                 * a character boundary so that validation and columns hold. */
                size_t piece = character_boundary(buffer, filled);
                feed_piece(&r, buffer, piece, buffer_offset, false);
                memmove(buffer, buffer + piece, filled - piece);
                buffer_offset += piece;
                filled -= piece;
            }
        }
    }
    int saved_errno = errno;
    if (!reached_stop)
        range->stopped_at = buffer_offset + filled;
    range->stopped_line = r.next_line;
    range->reported_until = r.reported_until;
    csv_free(&r.parser);
    fl_buffer_free(&r.field_bytes);
    free(r.field_starts);
    free(r.field_lengths);
    free(r.field_pointers);
    free(buffer);
    fclose(file);
    if (failed)
        errno = saved_errno;
    return !failed;
}

/* The line feeds in `text`: sixteen bytes at a time where SSE2 is there, each byte's
 * count kept in a lane for up to 255 blocks. */
static uint64_t count_line_feeds(const char *text, size_t length)
{
    uint64_t count = 0;
    size_t i = 0;
#if defined(FL_SSE2)
    const __m128i lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (i + 16 <= length) {
        size_t end = length - i > 16 * 255 ? i + 16 * 255 : length;
        __m128i lanes = zero;
        for (; i + 16 <= end; i += 16) {
            __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(block, lf));
        }
        __m128i sums = _mm_sad_epu8(lanes, zero);
        count += (uint64_t)_mm_cvtsi128_si32(sums) + (uint64_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < length; i++)
        count += text[i] == '\n';
    return count;
}

bool fl_csv_line_at(const char *path, uint64_t offset, uint32_t *line)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return false;
    /* Read as the readers read, a chunk at a time: the count runs beside a reading. */
    char *piece = fl_xmalloc(CHUNK_SIZE);
    uint64_t breaks = 0, left = offset;
    bool after_cr = false, ok = true;
    while (left > 0) {
        size_t got = fread(piece, 1, left < CHUNK_SIZE ? (size_t)left : CHUNK_SIZE, file);
        if (got == 0) {
            ok = !ferror(file);
            break;
        }
        left -= got;
        breaks += count_line_feeds(piece, got);
        /* A CR ends a line unless an LF follows, which ends the same line. */
        if (after_cr && piece[0] != '\n')
            breaks++;
        after_cr = false;
        for (const char *cr = memchr(piece, '\r', got); cr;
             cr = memchr(cr + 1, '\r', got - (size_t)(cr + 1 - piece))) {
            if (cr + 1 == piece + got)
                after_cr = true;
            else if (cr[1] != '\n')
                breaks++;
        }
    }
    if (after_cr) {
        int next = getc(file);
        if (next != '\n')
            breaks++;
    }
    int error = errno;
    free(piece);
    fclose(file);
    errno = error;
    *line = (uint32_t)(breaks + 1);
    return ok;
}

bool fl_csv_field_span(const fl_csv_record *record, size_t index, uint32_t *column,
                       uint32_t *length)
{
    if (!record->line_text)
        return false;
    const char *text = record->line_text;
    if (record->field_offsets) {
        if (index >= record->field_count)
            return false;
        size_t start = record->field_offsets[index], bytes = record->lengths[index];
        *column = (uint32_t)(record->ascii ? start : fl_utf8_count(text, start)) + 1;
        *length = (uint32_t)(record->ascii ? bytes : fl_utf8_count(text + start, bytes));
        return true;
    }
    size_t end = record->line_length, i = 0;
    for (size_t field = 0;; field++) {
        bool quoted = i < end && text[i] == '"';
        size_t start = quoted ? i + 1 : i;
        if (quoted) {
            for (i++; i < end; i++) {
                if (text[i] == '"') {
                    if (i + 1 < end && text[i + 1] == '"')
                        i++;
                    else
                        break;
                }
            }
        }
        size_t stop = quoted ? i : 0;
        while (i < end && text[i] != ',')
            i++;
        if (!quoted)
            stop = i;
        if (field == index) {
            *column = (uint32_t)fl_utf8_count(text, start) + 1;
            *length = (uint32_t)fl_utf8_count(text + start, stop - start);
            return true;
        }
        if (i == end)
            return false;
        i++;
    }
}
