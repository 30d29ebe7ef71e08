/* hashtab.h: growing the open-addressing tables the caches keep (font.c's
 * shaped words, pmcheck.c's counts and reads): entries of one fixed size,
 * each with a uint64_t hash, empty while its key pointer is NULL, found by
 * linear probing from hash & (cap - 1). */
#ifndef TF_HASHTAB_H
#define TF_HASHTAB_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* The entries of `old` (cap_old slots, freed here) placed in a new zeroed
 * table of cap_new slots (a power of two, above the entry count); `size`
 * is an entry's size, hash_off and key_off where its hash and key pointer
 * are (offsetof). */
static inline void *tf_hashtab_regrow(void *old, size_t cap_old, size_t cap_new, size_t size, size_t hash_off,
                                      size_t key_off)
{
    unsigned char *t = tf_xcalloc(cap_new, size);
    const unsigned char *o = old;
    for (size_t k = 0; k < cap_old; k++) {
        const unsigned char *e = o + k * size;
        void *key;
        memcpy(&key, e + key_off, sizeof key);
        if (!key) continue;
        uint64_t h;
        memcpy(&h, e + hash_off, sizeof h);
        size_t j = (size_t)h & (cap_new - 1);
        for (;;) {
            memcpy(&key, t + j * size + key_off, sizeof key);
            if (!key) break;
            j = (j + 1) & (cap_new - 1);
        }
        memcpy(t + j * size, e, size);
    }
    free(old);
    return t;
}

#endif
