/* datadir.c: finding fonts/ and schema/ for a checkout or an install. */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TF_DATADIR
#define TF_DATADIR "/usr/local/share/trifold"
#endif

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static bool try_root(const char *root, const char *sub, char *buf, size_t size)
{
    if (!root || !*root) return false;
    int n = snprintf(buf, size, "%s/%s", root, sub);
    return n > 0 && (size_t)n < size && exists(buf);
}

bool tf_datadir_find(const char *sub, char *buf, size_t size)
{
    if (try_root(getenv("TRIFOLD_DATA"), sub, buf, size)) return true;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char root[4200];
            snprintf(root, sizeof root, "%s/../share/trifold", exe);
            if (try_root(root, sub, buf, size)) return true;
            snprintf(root, sizeof root, "%s/..", exe);
            char probe[4300];
            snprintf(probe, sizeof probe, "%s/fonts/NotoSans-Regular.ttf", root);
            if (exists(probe) && try_root(root, sub, buf, size)) return true;
        }
    }
    return try_root(TF_DATADIR, sub, buf, size);
}
