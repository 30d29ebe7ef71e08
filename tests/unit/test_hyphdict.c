/* test_hyphdict.c: our .dic loader (hyphdict.c) builds the very automaton
 * libhyphen's own loader builds, state by state (numbers, matches,
 * replacements, fallbacks, transitions in order, both levels, options), for
 * the installed English and Spanish dictionaries and for small files that
 * use every corner of the format: keywords, comments, replacements with and
 * without index, NEXTLEVEL, CRLF line ends, a line longer than libhyphen's
 * 99-byte buffer, 8-bit letters. (German is left out here only because
 * libhyphen's loader takes seconds for it.) Every file is loaded twice:
 * parsed (which writes the compiled cache) and then from that cache, and
 * both must match; the cache is also checked mapped elsewhere than its own
 * address (pointers moved) and cut short (passed over). */
#define _DEFAULT_SOURCE             /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <dirent.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "harness.h"
#include "hyphdict.h"

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compares two levels (and what follows them); reports the first difference. */
static void check_same(const HyphenDict *a, const HyphenDict *b, const char *what)
{
    for (int level = 0; a || b; level++, a = a->nextlevel, b = b->nextlevel) {
        if (!a || !b) {
            fprintf(stderr, "%s level %d: present in one only\n", what, level);
            CHECK(0);
            return;
        }
        CHECK_EQ_INT(a->lhmin, b->lhmin);
        CHECK_EQ_INT(a->rhmin, b->rhmin);
        CHECK_EQ_INT(a->clhmin, b->clhmin);
        CHECK_EQ_INT(a->crhmin, b->crhmin);
        CHECK_EQ_INT(a->utf8, b->utf8);
        CHECK_EQ_STR(a->cset, b->cset);
        CHECK_EQ_INT(a->nohyphenl, b->nohyphenl);
        CHECK(same_str(a->nohyphen, b->nohyphen));
        CHECK_EQ_INT(a->num_states, b->num_states);
        if (a->num_states != b->num_states) return;
        for (int i = 0; i < a->num_states; i++) {
            const HyphenState *x = &a->states[i], *y = &b->states[i];
            int ok = same_str(x->match, y->match) && same_str(x->repl, y->repl) &&
                     x->fallback_state == y->fallback_state && x->num_trans == y->num_trans;
            if (ok && x->repl) ok = x->replindex == y->replindex && x->replcut == y->replcut;
            for (int t = 0; ok && t < x->num_trans; t++)
                ok = x->trans[t].ch == y->trans[t].ch && x->trans[t].new_state == y->trans[t].new_state;
            if (!ok) {
                fprintf(stderr, "%s level %d: state %d differs\n", what, level, i);
                CHECK(0);
                return;
            }
        }
    }
}

static void compare_file(const char *path)
{
    size_t len;
    tf_file_error err;
    char *data = tf_file_read(path, 64u << 20, &len, NULL, NULL, &err);
    CHECK(data != NULL);
    if (!data) return;
    HyphenDict *ours = tf_hyphdict_parse(data, len);
    HyphenDict *cached = tf_hyphdict_parse(data, len);      /* from the cache the first wrote */
    HyphenDict *theirs = hnj_hyphen_load(path);
    CHECK(ours && cached && theirs);
    if (ours && theirs) check_same(ours, theirs, path);
    if (cached && theirs) check_same(cached, theirs, path);
    tf_hyphdict_free(ours);
    tf_hyphdict_free(cached);
    if (theirs) hnj_hyphen_free(theirs);
    free(data);
}

static void compare_text(const char *text)
{
    const char *path = th_tmp("t.dic");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
    compare_file(path);
}

static void test_installed(void)
{
    compare_file("/usr/share/hyphen/hyph_en_US.dic");
    compare_file("/usr/share/hyphen/hyph_es_ES.dic");
}

static void test_format_corners(void)
{
    /* UTF-8, keywords, comment, replacement with index and cut, one without */
    compare_text("UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n% a comment\n"
                 "COMPOUNDLEFTHYPHENMIN 4\nNOHYPHEN -,',x\n.ab1c\n1ba\nb1c\nzz1zz\n"
                 "\xc3\xa4\xc3\xa4" "1ck/k=k,3,2\nss1t/s=t\n.a2b3c4d\n\n");
    /* two levels, CRLF line ends, replacement after a dot */
    compare_text("ISO8859-1\r\nLEFTHYPHENMIN 1\r\n1-1\r\n1'1\r\nNEXTLEVEL\r\n"
                 "a1b\r\n\xe4\xe4" "1b\r\n.sch1/s=,1,2\r\nNEXTLEVEL\r\nc1d\r\n");
    /* an 8-bit dictionary with many shared prefixes, a line longer than 99
     * bytes, a charset line longer than libhyphen's 20-byte buffer */
    char big[4096] = "ISO8859-1-and-a-long-tail\n";
    for (int i = 0; i < 40; i++) {
        char line[32];
        snprintf(line, sizeof line, "%c\xfc%c1%c\xdf\n", 'a' + i % 26, 'a' + (i * 7) % 26, 'a' + i % 5);
        strcat(big, line);
    }
    for (int i = 0; i < 130; i++) strcat(big, i % 3 ? "x" : "1");
    strcat(big, "\n");
    compare_text(big);
    compare_text("");                                  /* empty file */
    compare_text("UTF-8");                             /* no line end at all */
}

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define CACHE_REGION ((uintptr_t)0x300000000000u)   /* hyphdict.c's CACHE_BASE, 4096 slots of 4 GB */
#define CACHE_REGION_LEN ((size_t)1 << 44)

static int in_region(const void *p)
{
    return (uintptr_t)p >= CACHE_REGION && (uintptr_t)p < CACHE_REGION + CACHE_REGION_LEN;
}

/* The one .bin file in the cache folder, into buf; 0 when not exactly one. */
static int cache_file(char *buf, size_t size)
{
    const char *dir = getenv("TRIFOLD_CACHE");
    DIR *d = opendir(dir);
    int n = 0;
    if (!d) return 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, ".bin")) {
            n++;
            snprintf(buf, size, "%s/%s", dir, e->d_name);
        }
    closedir(d);
    return n == 1;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

/* A mapped dictionary's pages given back (tf_hyphdict_drop_pages): out of
 * resident memory, and the dictionary reads the same afterwards. */
static void test_drop_pages(void)
{
    const char *dic = "/usr/share/hyphen/hyph_en_US.dic";
    setenv("TRIFOLD_CACHE", th_tmp("cache-drop"), 1);
    size_t len;
    tf_file_error err;
    char *data = tf_file_read(dic, 64u << 20, &len, NULL, NULL, &err);
    HyphenDict *theirs = hnj_hyphen_load(dic);
    CHECK(data && theirs);
    if (!data || !theirs) return;
    tf_hyphdict_free(tf_hyphdict_parse(data, len));          /* writes the cache */
    HyphenDict *mapped = tf_hyphdict_parse(data, len);
    check_same(mapped, theirs, "mapped");                    /* every page read */
    long before = rss_kb();
    tf_hyphdict_drop_pages(mapped);
    long after = rss_kb();
    CHECK(before > 0 && after > 0 && before - after >= 256);  /* the en_US cache is about 800 KB */
    if (!(before - after >= 256)) fprintf(stderr, "rss %ld -> %ld KB\n", before, after);
    check_same(mapped, theirs, "after its pages were dropped");
    tf_hyphdict_drop_pages(mapped);
    tf_hyphdict_free(mapped);
    HyphenDict *parsed = tf_hyphdict_parse(data, len);
    tf_hyphdict_drop_pages(parsed);                           /* in the heap or mapped: both fine */
    check_same(parsed, theirs, "parsed, pages dropped");
    tf_hyphdict_free(parsed);
    hnj_hyphen_free(theirs);
    free(data);
}

static void test_cache(void)
{
    const char *dic = "/usr/share/hyphen/hyph_en_US.dic";
    setenv("TRIFOLD_CACHE", th_tmp("cache-en"), 1);
    size_t len;
    tf_file_error err;
    char *data = tf_file_read(dic, 64u << 20, &len, NULL, NULL, &err);
    HyphenDict *theirs = hnj_hyphen_load(dic);
    CHECK(data && theirs);
    if (!data || !theirs) return;

    HyphenDict *parsed = tf_hyphdict_parse(data, len);
    char bin[1024];
    CHECK(cache_file(bin, sizeof bin));                      /* written once */
    CHECK(!in_region(parsed->states));
    HyphenDict *mapped = tf_hyphdict_parse(data, len);
    CHECK(in_region(mapped->states));                        /* used where it lies */
    check_same(mapped, theirs, "mapped at its address");
    tf_hyphdict_free(mapped);                                /* unmapped: the address is free again */

    /* the address taken: mapped elsewhere, the state table moved */
    void *block = mmap((void *)CACHE_REGION, CACHE_REGION_LEN, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(block != MAP_FAILED);
    HyphenDict *moved = tf_hyphdict_parse(data, len);
    CHECK(!in_region(moved->states));
    check_same(moved, theirs, "mapped elsewhere");
    tf_hyphdict_free(moved);
    if (block != MAP_FAILED) munmap(block, CACHE_REGION_LEN);

    /* cut short: passed over, parsed again, and written anew */
    FILE *f = fopen(bin, "r+b");
    CHECK(f != NULL);
    if (f) {
        CHECK(ftruncate(fileno(f), 4096) == 0);
        fclose(f);
    }
    HyphenDict *again = tf_hyphdict_parse(data, len);
    CHECK(!in_region(again->states));
    check_same(again, theirs, "after a cut-short cache");
    HyphenDict *remade = tf_hyphdict_parse(data, len);
    CHECK(in_region(remade->states));
    check_same(remade, theirs, "rewritten cache");

    /* a file or folder others could write is not trusted (its table is
     * used as it lies): passed over, not used (the address freed first, so
     * "not at its address" means "not used") */
    tf_hyphdict_free(remade);
    remade = NULL;
    CHECK(chmod(bin, 0620) == 0);
    HyphenDict *shared = tf_hyphdict_parse(data, len);
    CHECK(!in_region(shared->states));
    check_same(shared, theirs, "group-writable cache file");
    tf_hyphdict_free(shared);
    CHECK(chmod(bin, 0600) == 0);
    const char *dir = getenv("TRIFOLD_CACHE");
    struct stat sd;
    CHECK(stat(dir, &sd) == 0);
    CHECK(chmod(dir, 0777) == 0);
    HyphenDict *open_dir = tf_hyphdict_parse(data, len);
    CHECK(!in_region(open_dir->states));
    tf_hyphdict_free(open_dir);
    CHECK(chmod(dir, sd.st_mode & 0777) == 0);
    HyphenDict *trusted = tf_hyphdict_parse(data, len);
    CHECK(in_region(trusted->states));                       /* private again: used */
    tf_hyphdict_free(trusted);

    /* off: nothing read or written */
    setenv("TRIFOLD_CACHE", "off", 1);
    HyphenDict *off = tf_hyphdict_parse(data, len);
    CHECK(!in_region(off->states));
    check_same(off, theirs, "no cache");

    tf_hyphdict_free(off);
    tf_hyphdict_free(remade);
    tf_hyphdict_free(again);
    tf_hyphdict_free(parsed);
    hnj_hyphen_free(theirs);
    free(data);
}

int main(void)
{
    setenv("TRIFOLD_CACHE", th_tmp("cache"), 1);
    RUN(test_cache);
    RUN(test_drop_pages);
    setenv("TRIFOLD_CACHE", th_tmp("cache"), 1);
    RUN(test_installed);
    RUN(test_format_corners);
    return DONE();
}
