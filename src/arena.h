/* arena.h: bump allocation for one document's lifetime.
 *
 * Everything the loader and layout build (tree nodes, strings, node lists)
 * lives in one arena; tf_arena_free releases it all at once. Allocation
 * failure is not recoverable here: tf_xmalloc and the arena print a message
 * and abort, so callers never check for NULL. */
#ifndef TF_ARENA_H
#define TF_ARENA_H

#include <stddef.h>

typedef struct tf_arena tf_arena;

tf_arena *tf_arena_new(void);
void tf_arena_free(tf_arena *a);                 /* NULL is fine */
void *tf_arena_alloc(tf_arena *a, size_t size);  /* zeroed, 16-aligned */
char *tf_arena_strdup(tf_arena *a, const char *s);
char *tf_arena_strndup(tf_arena *a, const char *s, size_t n);
char *tf_arena_printf(tf_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a copy of `old` (n elements) with room for
 * `cap` elements; the old block is simply abandoned to the arena. */
void *tf_arena_grow(tf_arena *a, void *old, size_t n, size_t cap, size_t elem);

/* Call first thing in main: keeps freed heap memory for reuse instead of
 * returning it to the kernel (glibc unmaps big blocks and trims the heap
 * top at once by default, so every zlib stream's 260 KB state and every
 * layout trial's arena came back as fresh zero-filled pages: hundreds of
 * page faults an edition). And puts the heap's next 2 MB on one
 * transparent huge page: an English edition touches about 1.8 MB of heap,
 * 450 page faults of 4 KB at 10-15 us each on a virtual machine, against
 * one fault that clears 2 MB at once (make bench: 769 -> 316 faults,
 * task-clock 28 -> 20 ms). A no-op outside glibc on Linux, and where
 * transparent huge pages are off. */
void tf_mem_setup(void);

/* Heap helpers that abort with a message on exhaustion. */
void *tf_xmalloc(size_t size);
void *tf_xcalloc(size_t n, size_t size);
void *tf_xrealloc(void *p, size_t size);
char *tf_xstrdup(const char *s);

#endif
