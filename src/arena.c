/* arena.c: a chain of blocks; big requests get a block of their own. */
#define _DEFAULT_SOURCE        /* sbrk, madvise(MADV_HUGEPAGE) */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#define BLOCK_SIZE (64 * 1024)

#define HUGE_PAGE ((uintptr_t)2 * 1024 * 1024)   /* x86-64 and arm64 (4 KB pages) */

/* The heap on one transparent huge page (see arena.h): glibc's heap grows
 * with brk from a random address; a chunk that is never used fills it up
 * to the next 2 MB boundary (only its header page is ever touched), and
 * the huge page after the boundary is marked MADV_HUGEPAGE. Only when
 * malloc is glibc's own and takes from brk (not under ASan or valgrind,
 * whose malloc has its own mappings), and only that one page: what goes
 * past it is ordinary pages, so resident memory grows by at most the
 * unused part of the one huge page. A kernel without THP (or with THP
 * "never") ignores the advice. */
static void heap_on_huge_page(void)
{
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
    static void *fill;                       /* kept, so it is never reused */
    mallopt(M_TOP_PAD, (int)(2 * HUGE_PAGE));   /* the next brk reaches past the page */
    unsigned char *p = malloc(64);
    uintptr_t end = (uintptr_t)sbrk(0);
    /* p must lie in the brk heap (below its end, not far) */
    if (p && end != (uintptr_t)-1 && (uintptr_t)p < end && end - (uintptr_t)p < 8 * HUGE_PAGE) {
        /* The chunk after p is normally the heap's top: a request of this
         * size ends (with glibc's 16-byte chunk header) at the boundary. */
        uintptr_t top = (uintptr_t)p + 64, at = (top + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        size_t gap = at - top > 64 ? at - top - 2 * sizeof(size_t) - 16 : 0;
        fill = gap ? malloc(gap) : NULL;
        if (fill) {
            /* where the free heap starts in fact; the page from the next boundary */
            top = (uintptr_t)fill + malloc_usable_size(fill);
            at = (top + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
            end = (uintptr_t)sbrk(0);
            if (end != (uintptr_t)-1 && at + HUGE_PAGE > end) {
                /* the filler fitted in the heap as it was: grow it past the
                 * page (a block taken and given back; glibc writes only
                 * chunk headers, below `at` and past the page) */
                void *volatile grow = malloc(2 * HUGE_PAGE);   /* volatile: not optimised out */
                free(grow);
                end = (uintptr_t)sbrk(0);
            }
            if (end != (uintptr_t)-1 && at + HUGE_PAGE <= end) (void)madvise((void *)at, HUGE_PAGE, MADV_HUGEPAGE);
        }
    }
    free(p);
    mallopt(M_TOP_PAD, 128 * 1024);          /* glibc's default again */
#endif
}

void tf_mem_setup(void)
{
#ifdef __GLIBC__
    /* big blocks from the heap, reused: 32 MB is the most glibc takes on
     * 64-bit (half its HEAP_MAX_SIZE; the 64 MB asked for before was
     * refused, which left the threshold at 128 KB and fixed there, as
     * setting M_TRIM_THRESHOLD stops glibc from raising it) */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);  /* a batch's peak stays mapped */
    /* One heap for every thread: the dictionary loader's thread (res.c)
     * would otherwise get an arena of its own, a fresh mapping whose
     * pages fault in apart from the huge page below. */
    mallopt(M_ARENA_MAX, 1);
#endif
    heap_on_huge_page();
}

typedef struct block {
    struct block *next;
    size_t used, cap;
    bool own;                /* one big allocation's own block */
    _Alignas(16) unsigned char data[];
} block;

struct tf_arena {
    block *head;
    void *last;              /* the latest allocation from the head block */
};

static void oom(size_t size)
{
    fprintf(stderr, "trifold: fatal: out of memory (requested %zu bytes)\n", size);
    abort();
}

void *tf_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) oom(size);
    return p;
}

void *tf_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *tf_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) oom(size);
    return q;
}

char *tf_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = tf_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

tf_arena *tf_arena_new(void)
{
    return tf_xcalloc(1, sizeof(tf_arena));
}

void tf_arena_free(tf_arena *a)
{
    if (!a) return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *tf_arena_alloc(tf_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
        if (cap > SIZE_MAX - sizeof(block)) oom(size);
        block *nb = tf_xmalloc(sizeof(block) + cap);
        nb->used = 0;
        nb->cap = cap;
        nb->own = cap != BLOCK_SIZE;
        if (b && cap != BLOCK_SIZE) {
            /* keep the current block as head so its free space is not lost */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    a->last = b == a->head ? p : NULL;
    return p;
}

char *tf_arena_strndup(tf_arena *a, const char *s, size_t n)
{
    char *p = tf_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tf_arena_strdup(tf_arena *a, const char *s)
{
    return tf_arena_strndup(a, s, strlen(s));
}

char *tf_arena_printf(tf_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = tf_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* Growing an array in place where that is possible, so its earlier sizes
 * do not stay behind as dead memory (pages touched for nothing): the
 * latest allocation of the head block is extended when the block has room;
 * an array with a block of its own (a big one) is reallocated and the old
 * block released. Either way the first n elements are kept and the rest
 * is zeroed, as with a fresh allocation. An array's old address is not
 * valid after it grows (callers keep only the new one). */
void *tf_arena_grow(tf_arena *a, void *old, size_t n, size_t cap, size_t elem)
{
    if (cap && elem > SIZE_MAX / cap) oom(SIZE_MAX);
    size_t want = (cap * elem + 15) & ~(size_t)15, keep = n * elem;
    if (old && want >= keep && cap * elem <= SIZE_MAX - 15) {
        block *h = a->head;
        if (old == a->last && h) {
            size_t at = (size_t)((unsigned char *)old - h->data);
            if (h->cap - at >= want) {
                if (want > h->used - at) h->used = at + want;
                memset((unsigned char *)old + keep, 0, want - keep);
                return old;
            }
        }
        /* a block of its own: the head or the one after it */
        block **link = &a->head;
        for (int k = 0; k < 2 && *link; k++, link = &(*link)->next) {
            block *b = *link;
            if (!b->own || b->data != old || want <= BLOCK_SIZE / 4) continue;
            if (want > SIZE_MAX - sizeof(block)) oom(want);
            block *nb = tf_xrealloc(b, sizeof(block) + want);
            nb->used = nb->cap = want;
            memset(nb->data + keep, 0, want - keep);
            *link = nb;
            if (nb == a->head || b == a->head) a->last = NULL;
            return nb->data;
        }
    }
    void *p = tf_arena_alloc(a, cap * elem);
    if (old && n) memcpy(p, old, n * elem);
    return p;
}
