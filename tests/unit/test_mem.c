/* test_mem.c: tf_mem_setup (arena.h) puts the heap on a transparent huge
 * page: 1.5 MB of fresh heap, touched page by page, is one huge page
 * (AnonHugePages in the heap's smaps) and far fewer page faults than its
 * 384 pages of 4 KB. Where the kernel has transparent huge pages off, or
 * malloc is not glibc's (AddressSanitizer), tf_mem_setup must simply do no
 * harm: the memory is there and usable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "arena.h"
#include "harness.h"

#if defined(__SANITIZE_ADDRESS__)
#define OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OWN_MALLOC 1
#endif
#endif
#ifndef OWN_MALLOC
#define OWN_MALLOC 0
#endif

static long minflt(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* "always" or "madvise" in /sys/kernel/mm/transparent_hugepage/enabled */
static int thp_on(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    char line[128] = "";
    if (f) {
        if (!fgets(line, sizeof line, f)) line[0] = 0;
        fclose(f);
    }
    return strstr(line, "[always]") || strstr(line, "[madvise]");
}

/* AnonHugePages of the [heap] mappings, KB */
static long heap_huge_kb(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    int in_heap = 0;
    long kb = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strchr(line, '-') && strstr(line, " rw-p ")) in_heap = strstr(line, "[heap]") != NULL;
        else if (strchr(line, '-') && strstr(line, " ---p ")) in_heap = 0;
        if (in_heap && !strncmp(line, "AnonHugePages:", 14)) kb += atol(line + 14);
    }
    if (f) fclose(f);
    return kb;
}

static void test_heap_on_huge_page(void)
{
    enum { N = 96, SIZE = 16 * 1024 };          /* 1.5 MB in 16 KB blocks */
    static unsigned char *blocks[N];
    long before = minflt();
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(SIZE);
        CHECK(blocks[i] != NULL);
        if (!blocks[i]) return;
        for (int k = 0; k < SIZE; k += 4096) blocks[i][k] = (unsigned char)(i + k);
    }
    long faults = minflt() - before;
    for (int i = 0; i < N; i++) CHECK_EQ_INT(blocks[i][4096], (unsigned char)(i + 4096));
    if (!OWN_MALLOC && thp_on()) {
        long huge = heap_huge_kb();
        CHECK(huge >= 2048);
        CHECK(faults < 100);                     /* 384 pages of 4 KB otherwise */
        if (huge < 2048 || faults >= 100) fprintf(stderr, "heap AnonHugePages %ld KB, %ld faults\n", huge, faults);
    }
    for (int i = 0; i < N; i++) free(blocks[i]);
}

int main(void)
{
    tf_mem_setup();
    RUN(test_heap_on_huge_page);
    return DONE();
}
