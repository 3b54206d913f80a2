/*
 * memory.h — allocation that never returns NULL, growable byte buffers and arenas.
 *
 * Running out of memory is not something a lint can report as a finding, so the
 * fl_x* allocators print one line and exit with status 2 instead of returning NULL.
 * An arena owns everything allocated from it: per-document data (figures, findings,
 * the article text) lives in one and dies with one fl_arena_reset().
 */
#ifndef FL_MEMORY_H
#define FL_MEMORY_H

#include <stdarg.h>
#include <stddef.h>

void *fl_xmalloc(size_t size);
void *fl_xcalloc(size_t count, size_t size);
void *fl_xrealloc(void *pointer, size_t size);
/* Grows an array of `*capacity` items of `item_size` bytes to hold at least `needed`. */
void *fl_xgrow(void *array, size_t *capacity, size_t needed, size_t item_size);
/* fl_xgrow() for a large document's working arrays that are read all over: from
 * 2 MiB, the array is placed and sized in whole huge pages and Linux is asked for
 * them, which spares most TLB misses and page faults (the names check of a 10 MB
 * article takes about a tenth less time), before the contents are copied over; its
 * capacity then counts the whole pages. Not for long-lived data that lookups read:
 * names index lookups took about 30% longer when the names they compare lay in huge
 * pages. Buffers and arena blocks of 2 MiB or more (a whole article, a large
 * document's mentions) are placed in huge pages too. */
void *fl_xgrow_huge(void *array, size_t *capacity, size_t needed, size_t item_size);
char *fl_xstrdup(const char *text);
char *fl_xstrndup(const char *text, size_t length);

/* A growable byte string, always NUL-terminated once anything has been appended. */
typedef struct fl_buffer {
    char *data;
    size_t length;
    size_t capacity;
} fl_buffer;

#define FL_BUFFER_INIT {NULL, 0, 0}

void fl_buffer_reserve(fl_buffer *buffer, size_t extra);
void fl_buffer_append(fl_buffer *buffer, const char *bytes, size_t length);
void fl_buffer_append_string(fl_buffer *buffer, const char *text);
void fl_buffer_append_char(fl_buffer *buffer, char c);
void fl_buffer_append_repeated(fl_buffer *buffer, char c, size_t count);
void fl_buffer_printf(fl_buffer *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void fl_buffer_vprintf(fl_buffer *buffer, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));
/* Empties the buffer but keeps its storage; the contents read as "". */
void fl_buffer_clear(fl_buffer *buffer);
/* The contents as a C string; "" for a buffer that never held anything. */
const char *fl_buffer_cstr(const fl_buffer *buffer);
void fl_buffer_free(fl_buffer *buffer);

/* A bump allocator: many small allocations, freed all at once. Its blocks double
 * from 64 KiB to 8 MiB, so that a large document takes a few of them. */
typedef struct fl_arena_block fl_arena_block;
typedef struct fl_arena {
    fl_arena_block *blocks;
} fl_arena;

#define FL_ARENA_INIT {NULL}

/* Memory aligned for any type, zero-filled. */
void *fl_arena_alloc(fl_arena *arena, size_t size);
/* The same, not filled: for a caller that writes every field before reading any, where
 * filling would touch a large array twice. */
void *fl_arena_alloc_uninit(fl_arena *arena, size_t size);
/* A copy of `size` bytes, aligned for any type. */
void *fl_arena_memdup(fl_arena *arena, const void *bytes, size_t size);
char *fl_arena_strndup(fl_arena *arena, const char *text, size_t length);
char *fl_arena_strdup(fl_arena *arena, const char *text);
char *fl_arena_printf(fl_arena *arena, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
char *fl_arena_vprintf(fl_arena *arena, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));
/* Frees everything allocated so far but keeps the first block for reuse. */
void fl_arena_reset(fl_arena *arena);
void fl_arena_free(fl_arena *arena);

#endif
