/* test_pcache.c: the prepared-text cache's memo (pcache.h): what setline.c
 * keeps line breaks in. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "pcache.h"

static void test_memo_get_put(void)
{
    tf_pcache *c = tf_pcache_new();
    size_t vlen = 99;
    CHECK(tf_pcache_memo_get(c, "k", 1, &vlen) == NULL);
    tf_pcache_memo_put(c, "k", 1, "value", 6);
    const char *v = tf_pcache_memo_get(c, "k", 1, &vlen);
    CHECK(v != NULL);
    CHECK_EQ_INT(vlen, 6);
    if (v) CHECK_EQ_STR(v, "value");
    /* keys are compared whole: a prefix, or the same bytes longer, is another key */
    CHECK(tf_pcache_memo_get(c, "kk", 2, &vlen) == NULL);
    CHECK(tf_pcache_memo_get(c, "", 0, &vlen) == NULL);
    /* the same key again: the new value */
    tf_pcache_memo_put(c, "k", 1, "other", 6);
    v = tf_pcache_memo_get(c, "k", 1, &vlen);
    if (v) CHECK_EQ_STR(v, "other");
    else CHECK(0);
    /* many keys (the table grows), each with its own value, values aligned
     * for the structs kept in them */
    int bad = 0;
    for (uint32_t i = 0; i < 5000; i++) {
        unsigned char key[7] = {'x', (unsigned char)i, (unsigned char)(i >> 8), 0, 0, 0, (unsigned char)(i % 3)};
        uint64_t val[2] = {i, (uint64_t)i * 7};
        tf_pcache_memo_put(c, key, sizeof key - (i % 3), val, sizeof val);
    }
    for (uint32_t i = 0; i < 5000; i++) {
        unsigned char key[7] = {'x', (unsigned char)i, (unsigned char)(i >> 8), 0, 0, 0, (unsigned char)(i % 3)};
        const uint64_t *got = tf_pcache_memo_get(c, key, sizeof key - (i % 3), &vlen);
        if (!got || vlen != 16 || ((uintptr_t)got & 15) || got[0] != i || got[1] != (uint64_t)i * 7) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    tf_pcache_free(c);
}

static void test_intern(void)
{
    tf_pcache *c = tf_pcache_new();
    double a[3] = {1, 2, 3}, b[3] = {1, 2, 3}, d[3] = {1, 2, 4};
    const void *pa = tf_pcache_intern(c, a, sizeof a);
    const void *pb = tf_pcache_intern(c, b, sizeof b);
    const void *pd = tf_pcache_intern(c, d, sizeof d);
    CHECK(pa == pb);                 /* equal bytes: the same copy */
    CHECK(pa != pd);
    CHECK(pa != (const void *)a);    /* a copy, not the caller's memory */
    a[0] = 9;
    CHECK(memcmp(pa, b, sizeof b) == 0);
    CHECK(tf_pcache_intern(c, d, sizeof d) == pd);
    tf_pcache_free(c);
}

int main(void)
{
    RUN(test_memo_get_put);
    RUN(test_intern);
    return DONE();
}
