/* outdir.c: mkdir -p for output paths. */
#include "outdir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"

bool tf_outdir_make(const char *dir)
{
    char buf[4096];
    if (!dir || !*dir || snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) return dir && !*dir;
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p) continue;
        char c = *p;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            tf_diag_error(NULL, "cannot create folder '%s': %s", buf, strerror(errno));
            return false;
        }
        *p = c;
        if (!c) break;
    }
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
        tf_diag_error(NULL, "cannot create folder '%s': a file of that name is in the way", buf);
        return false;
    }
    return true;
}

bool tf_outdir_make_parents(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return true;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    return tf_outdir_make(dir);
}
