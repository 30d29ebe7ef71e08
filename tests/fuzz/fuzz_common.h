/* fuzz_common.h: turns one fuzz input into a brochure folder.
 *
 * Input format (tests/fuzz/README, shared with tests/regress/run.sh):
 *   - lines that are exactly "#---" split the input into parts;
 *   - one part:    it is en.yaml, brochure.yaml is tests/fuzz/brochure.yaml;
 *   - two or more: part 1 is brochure.yaml, part 2 en.yaml, part 3 (if not
 *     empty) es.yaml, and then the "es" edition is loaded (NULL lang
 *     otherwise), part 4 (if any) the bytes of an image file fuzz.img,
 *     part 5 (if not empty) a clinic file clinic.yaml, applied to the doc;
 *   - a line starting "#press" / "#fit" anywhere sets the layout options.
 *
 * The folder is <tmp>/x/y/b under a per-process dir in /dev/shm, with the
 * repo's fonts linked at <tmp>/fonts and <tmp>/x/fonts, so both the
 * content/ ("../../fonts") and the tests/ ("../../../fonts") relative font
 * paths resolve; pixel.png and photo.png are a valid 1x1 PNG. */
#ifndef TF_FUZZ_COMMON_H
#define TF_FUZZ_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "diag.h"

#ifndef TF_FUZZ_ROOT
#error "build with -DTF_FUZZ_ROOT=\"<repo root>\""
#endif

typedef struct fuzz_input {
    const char *dir;     /* the brochure folder */
    const char *lang;    /* NULL or "es" */
    const char *clinic;  /* the clinic file, or NULL */
    bool press, fit;
} fuzz_input;

static char fuzz_tmp[256], fuzz_dir[300];
static char *fuzz_brochure;      /* tests/fuzz/brochure.yaml */
static size_t fuzz_brochure_len;

static void fuzz_die(const char *what)
{
    perror(what);
    abort();
}

static char *fuzz_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) fuzz_die(path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) fuzz_die("malloc");
    *len = n;
    return buf;
}

static void fuzz_put(const char *name, const void *data, size_t len)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) fuzz_die(path);
}

static void fuzz_rm_tree(void)
{
    if (!fuzz_tmp[0]) return;
    static const char *const files[] = {"x/y/b/brochure.yaml", "x/y/b/en.yaml", "x/y/b/es.yaml",
                                        "x/y/b/fuzz.img", "x/y/b/clinic.yaml", "x/y/b/pixel.png", "x/y/b/photo.png", "x/y/b", "x/y",
                                        "x/fonts", "x", "fonts"};
    char path[400];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", fuzz_tmp, files[i]);
        if (unlink(path) != 0) rmdir(path);
    }
    rmdir(fuzz_tmp);
}

/* libFuzzer often leaves with _Exit (timeouts, crashes, -max_total_time),
 * skipping atexit: sweep the folders of fuzz processes that are gone. */
static void fuzz_sweep(const char *base)
{
    DIR *d = opendir(base);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid;
        char tail;
        if (sscanf(e->d_name, "trifold-fuzz-%ld-%c", &pid, &tail) != 2 || pid <= 0) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        snprintf(fuzz_tmp, sizeof fuzz_tmp, "%s/%s", base, e->d_name);
        fuzz_rm_tree();
    }
    closedir(d);
    fuzz_tmp[0] = 0;
}

static void fuzz_setup(void)
{
    if (fuzz_tmp[0]) return;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    fuzz_sweep(base);
    /* mkdtemp: never a fixed name (another user's leftover with our pid
     * would stop us); the pid in the name lets fuzz_sweep find the dead */
    snprintf(fuzz_tmp, sizeof fuzz_tmp, "%s/trifold-fuzz-%ld-XXXXXX", base, (long)getpid());
    char path[400];
    if (!mkdtemp(fuzz_tmp)) fuzz_die(fuzz_tmp);
    atexit(fuzz_rm_tree);
    snprintf(path, sizeof path, "%s/x", fuzz_tmp);
    if (mkdir(path, 0700) != 0) fuzz_die(path);
    snprintf(path, sizeof path, "%s/x/y", fuzz_tmp);
    if (mkdir(path, 0700) != 0) fuzz_die(path);
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/x/y/b", fuzz_tmp);
    if (mkdir(fuzz_dir, 0700) != 0) fuzz_die(fuzz_dir);
    snprintf(path, sizeof path, "%s/fonts", fuzz_tmp);
    if (symlink(TF_FUZZ_ROOT "/fonts", path) != 0) fuzz_die(path);
    snprintf(path, sizeof path, "%s/x/fonts", fuzz_tmp);
    if (symlink(TF_FUZZ_ROOT "/fonts", path) != 0) fuzz_die(path);

    size_t n;
    char *png = fuzz_slurp(TF_FUZZ_ROOT "/tests/fixtures/small/pixel.png", &n);
    fuzz_put("pixel.png", png, n);
    fuzz_put("photo.png", png, n);
    free(png);
    fuzz_brochure = fuzz_slurp(TF_FUZZ_ROOT "/tests/fuzz/brochure.yaml", &fuzz_brochure_len);

    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) fuzz_die("/dev/null");
    tf_diag_set_stream(devnull);
}

/* Does a line of data[0..size) start with `word`? */
static bool fuzz_has_line(const uint8_t *data, size_t size, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= size; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, word, w) == 0) return true;
    return false;
}

/* Writes the input's files; returns how to load them. */
static fuzz_input fuzz_prepare(const uint8_t *data, size_t size)
{
    fuzz_setup();
    tf_diag_reset();
    const uint8_t *part[5];
    size_t len[5], n = 0, cur = 0, ls = 0;   /* cur: where the open part starts */
    for (size_t i = 0; i <= size && n < 4; i++) {
        if (i < size && data[i] != '\n') continue;
        if (i - ls == 4 && memcmp(data + ls, "#---", 4) == 0) {   /* line data[ls..i) */
            part[n] = data + cur;
            len[n++] = ls - cur;
            cur = i < size ? i + 1 : size;
        }
        ls = i + 1;
    }
    part[n] = data + cur;
    len[n++] = size - cur;

    fuzz_input in = {fuzz_dir, NULL, NULL, fuzz_has_line(data, size, "#press"),
                     fuzz_has_line(data, size, "#fit")};
    static char es[400], img[400], clinic[400];
    snprintf(es, sizeof es, "%s/es.yaml", fuzz_dir);
    snprintf(img, sizeof img, "%s/fuzz.img", fuzz_dir);
    snprintf(clinic, sizeof clinic, "%s/clinic.yaml", fuzz_dir);
    if (n == 1) {
        fuzz_put("brochure.yaml", fuzz_brochure, fuzz_brochure_len);
        fuzz_put("en.yaml", part[0], len[0]);
    } else {
        fuzz_put("brochure.yaml", part[0], len[0]);
        fuzz_put("en.yaml", part[1], len[1]);
    }
    if (n >= 3 && len[2]) {
        fuzz_put("es.yaml", part[2], len[2]);
        in.lang = "es";
    } else {
        unlink(es);
    }
    if (n >= 4) fuzz_put("fuzz.img", part[3], len[3]);
    else unlink(img);
    if (n == 5 && len[4]) {
        fuzz_put("clinic.yaml", part[4], len[4]);
        in.clinic = clinic;
    } else {
        unlink(clinic);
    }
    return in;
}

#endif
