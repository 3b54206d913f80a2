/* madvise() and MADV_HUGEPAGE are not in POSIX. */
#define _DEFAULT_SOURCE

#include "memory.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "factlint: out of memory (allocating %zu bytes)\n", size);
    exit(2);
}

/* Arrays from 2 MiB are asked for huge pages of 2 MiB. */
enum { HUGE_PAGE_BYTES = 2 << 20, HUGE_ARRAY_BYTES = 2 << 20 };

/* At least `size` bytes for a large array, aligned to huge pages and rounded up to
 * them, so that every page of it can be huge; `*usable` is what was rounded to. A
 * small page costs a fault each, and on a virtual machine a fault costs about what
 * filling a few pages does: the stretches up to 2 MiB long at either end of an
 * array advised only inside took a third of a large article's faults. */
static void *huge_block(size_t size, size_t *usable)
{
    if (size > SIZE_MAX - HUGE_PAGE_BYTES)
        out_of_memory(size);
    size_t rounded = (size + HUGE_PAGE_BYTES - 1) & ~(size_t)(HUGE_PAGE_BYTES - 1);
    void *block = aligned_alloc(HUGE_PAGE_BYTES, rounded);
    if (!block)
        out_of_memory(rounded);
#ifdef MADV_HUGEPAGE
    /* The kernel may refuse, which costs nothing. */
    madvise(block, rounded, MADV_HUGEPAGE);
#endif
    *usable = rounded;
    return block;
}

void *fl_xmalloc(size_t size)
{
    void *pointer = malloc(size ? size : 1);
    if (!pointer)
        out_of_memory(size);
    return pointer;
}

void *fl_xcalloc(size_t count, size_t size)
{
    void *pointer = calloc(count ? count : 1, size ? size : 1);
    if (!pointer)
        out_of_memory(count * size);
    return pointer;
}

void *fl_xrealloc(void *pointer, size_t size)
{
    void *grown = realloc(pointer, size ? size : 1);
    if (!grown)
        out_of_memory(size);
    return grown;
}

/* The capacity an array of `capacity` items grows to so as to hold `needed`. */
static size_t grown_capacity(size_t capacity, size_t needed, size_t item_size)
{
    size_t grown = capacity ? capacity : 8;
    while (grown < needed) {
        if (grown > SIZE_MAX / 2 / item_size)
            out_of_memory(SIZE_MAX);
        grown *= 2;
    }
    return grown;
}

void *fl_xgrow(void *array, size_t *capacity, size_t needed, size_t item_size)
{
    if (needed <= *capacity)
        return array;
    *capacity = grown_capacity(*capacity, needed, item_size);
    return fl_xrealloc(array, *capacity * item_size);
}

void *fl_xgrow_huge(void *array, size_t *capacity, size_t needed, size_t item_size)
{
    if (needed <= *capacity)
        return array;
    size_t grown = grown_capacity(*capacity, needed, item_size);
    if (grown * item_size < HUGE_ARRAY_BYTES)
        return fl_xgrow(array, capacity, needed, item_size);
    /* Advised before the contents are copied in, so that the copy faults in huge
     * pages rather than one small page at a time. */
    size_t usable;
    void *moved = huge_block(grown * item_size, &usable);
    if (array) {
        memcpy(moved, array, *capacity * item_size);
        free(array);
    }
    *capacity = usable / item_size;
    return moved;
}

char *fl_xstrdup(const char *text)
{
    return fl_xstrndup(text, strlen(text));
}

char *fl_xstrndup(const char *text, size_t length)
{
    char *copy = fl_xmalloc(length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

void fl_buffer_reserve(fl_buffer *buffer, size_t extra)
{
    if (extra > SIZE_MAX - buffer->length - 1)
        out_of_memory(SIZE_MAX);
    size_t needed = buffer->length + extra + 1;
    if (needed <= buffer->capacity)
        return;
    size_t grown = buffer->capacity ? buffer->capacity : 64;
    while (grown < needed)
        grown = grown > SIZE_MAX / 2 ? needed : grown * 2;
    if (grown < HUGE_ARRAY_BYTES) {
        buffer->data = fl_xrealloc(buffer->data, grown);
        buffer->capacity = grown;
        return;
    }
    /* A buffer this large holds a whole article or report: reserved before it is
     * filled, it then faults in huge pages. */
    char *moved = huge_block(grown, &buffer->capacity);
    if (buffer->data) {
        memcpy(moved, buffer->data, buffer->length + 1);
        free(buffer->data);
    }
    buffer->data = moved;
}

void fl_buffer_append(fl_buffer *buffer, const char *bytes, size_t length)
{
    fl_buffer_reserve(buffer, length);
    if (length)
        memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
}

void fl_buffer_append_string(fl_buffer *buffer, const char *text)
{
    fl_buffer_append(buffer, text, strlen(text));
}

void fl_buffer_append_char(fl_buffer *buffer, char c)
{
    fl_buffer_append(buffer, &c, 1);
}

void fl_buffer_append_repeated(fl_buffer *buffer, char c, size_t count)
{
    fl_buffer_reserve(buffer, count);
    memset(buffer->data + buffer->length, c, count);
    buffer->length += count;
    buffer->data[buffer->length] = '\0';
}

void fl_buffer_vprintf(fl_buffer *buffer, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (needed < 0)
        return;
    fl_buffer_reserve(buffer, (size_t)needed);
    vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, args);
    buffer->length += (size_t)needed;
}

void fl_buffer_printf(fl_buffer *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fl_buffer_vprintf(buffer, format, args);
    va_end(args);
}

void fl_buffer_clear(fl_buffer *buffer)
{
    buffer->length = 0;
    if (buffer->data)
        buffer->data[0] = '\0';
}

const char *fl_buffer_cstr(const fl_buffer *buffer)
{
    return buffer->data ? buffer->data : "";
}

void fl_buffer_free(fl_buffer *buffer)
{
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

enum { ARENA_BLOCK_SIZE = 64 * 1024, ARENA_BLOCK_MAX = 8 << 20 };

struct fl_arena_block {
    fl_arena_block *next;
    size_t used;
    size_t size;
    alignas(max_align_t) unsigned char bytes[];
};

static size_t align_up(size_t size)
{
    size_t alignment = alignof(max_align_t);
    return (size + alignment - 1) & ~(alignment - 1);
}

void *fl_arena_alloc_uninit(fl_arena *arena, size_t size)
{
    size = align_up(size ? size : 1);
    fl_arena_block *block = arena->blocks;
    if (!block || block->size - block->used < size) {
        /* Each block twice the last, up to ARENA_BLOCK_MAX: a large document's arena
         * is a few blocks in huge pages, not hundreds faulted in 4 KiB at a time. */
        size_t regular = !block                             ? ARENA_BLOCK_SIZE
                         : block->size < ARENA_BLOCK_MAX / 2 ? 2 * block->size
                                                             : ARENA_BLOCK_MAX;
        bool one_off = size > regular;
        size_t block_size = one_off ? size : regular;
        if (sizeof *block + block_size < HUGE_ARRAY_BYTES) {
            block = fl_xmalloc(sizeof *block + block_size);
        } else {
            size_t usable;
            block = huge_block(sizeof *block + block_size, &usable);
            block_size = usable - sizeof *block;
        }
        block->size = block_size;
        block->used = 0;
        /* A large one-off allocation goes behind the current block so that the
         * current block's free space is not wasted. */
        if (arena->blocks && one_off) {
            block->next = arena->blocks->next;
            arena->blocks->next = block;
        } else {
            block->next = arena->blocks;
            arena->blocks = block;
        }
    }
    void *pointer = block->bytes + block->used;
    block->used += size;
    return pointer;
}

void *fl_arena_alloc(fl_arena *arena, size_t size)
{
    void *pointer = fl_arena_alloc_uninit(arena, size);
    memset(pointer, 0, size ? size : 1);
    return pointer;
}

void *fl_arena_memdup(fl_arena *arena, const void *bytes, size_t size)
{
    void *copy = fl_arena_alloc_uninit(arena, size);
    if (size)
        memcpy(copy, bytes, size);
    return copy;
}

char *fl_arena_strndup(fl_arena *arena, const char *text, size_t length)
{
    char *copy = fl_arena_alloc_uninit(arena, length + 1);
    if (length)
        memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

char *fl_arena_strdup(fl_arena *arena, const char *text)
{
    return fl_arena_strndup(arena, text, strlen(text));
}

char *fl_arena_vprintf(fl_arena *arena, const char *format, va_list args)
{
    /* Most texts fit in what the current block has left: written there at once, they
     * cost one formatting instead of a measuring one and a writing one. */
    fl_arena_block *block = arena->blocks;
    if (block && block->size > block->used) {
        size_t room = block->size - block->used;
        char *text = (char *)block->bytes + block->used;
        va_list copy;
        va_copy(copy, args);
        int written = vsnprintf(text, room, format, copy);
        va_end(copy);
        if (written >= 0 && (size_t)written < room) {
            size_t used = align_up((size_t)written + 1);
            block->used += used < room ? used : room;
            return text;
        }
    }
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (needed < 0)
        needed = 0;
    char *text = fl_arena_alloc_uninit(arena, (size_t)needed + 1);
    vsnprintf(text, (size_t)needed + 1, format, args);
    return text;
}

char *fl_arena_printf(fl_arena *arena, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = fl_arena_vprintf(arena, format, args);
    va_end(args);
    return text;
}

void fl_arena_reset(fl_arena *arena)
{
    fl_arena_block *keep = NULL;
    fl_arena_block *block = arena->blocks;
    while (block) {
        fl_arena_block *next = block->next;
        if (!keep && block->size == ARENA_BLOCK_SIZE) {
            keep = block;
            keep->used = 0;
            keep->next = NULL;
        } else {
            free(block);
        }
        block = next;
    }
    arena->blocks = keep;
}

void fl_arena_free(fl_arena *arena)
{
    fl_arena_block *block = arena->blocks;
    while (block) {
        fl_arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->blocks = NULL;
}
