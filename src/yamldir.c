/* yamldir.c: listing a folder's *.yaml files (see yamldir.h). */
#include "yamldir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t tf_yamldir_list(const char *dir, int with_dir, char ***out, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t first = *n;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") || e->d_name[0] == '.') continue;
        if (*n == *cap) *out = tf_xrealloc(*out, (*cap = *cap ? *cap * 2 : 16) * sizeof **out);
        size_t sz = strlen(dir) + len + 2;
        char *s = tf_xmalloc(sz);
        if (with_dir) snprintf(s, sz, "%s/%s", dir, e->d_name);
        else snprintf(s, sz, "%.*s", (int)(len - 5), e->d_name);
        (*out)[(*n)++] = s;
    }
    closedir(d);
    qsort(*out + first, *n - first, sizeof **out, cmp_str);
    return *n - first;
}
