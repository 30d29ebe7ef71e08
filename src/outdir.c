/* outdir.c: mkdir -p for output paths, and one sync for a batch's files. */
#define _GNU_SOURCE       /* syncfs */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A batch of a thousand editions spends more time in one fsync a file (a
 * journal commit each, about 0.7 ms here) than in laying out a clinic
 * edition's changes; so a batch writes each file to a temporary name and
 * renames it into place (an interrupted batch leaves no partial PDF), and
 * syncs each file system it wrote to once, before it reports success. */
void tf_outdir_note(tf_outdir_syncs *s, const char *path)
{
    if (s->all) return;
    char dir[4096];
    const char *slash = strrchr(path, '/');
    int n = slash ? snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path) : snprintf(dir, sizeof dir, ".");
    if (n <= 0 || (size_t)n >= sizeof dir) {
        if (slash == path) snprintf(dir, sizeof dir, "/");
        else { s->all = true; return; }
    }
    struct stat st;
    if (stat(dir, &st) != 0) { s->all = true; return; }
    for (size_t i = 0; i < s->n; i++)
        if (s->dev[i] == st.st_dev) return;
    if (s->n == sizeof s->fd / sizeof s->fd[0]) { s->all = true; return; }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) { s->all = true; return; }
    s->fd[s->n] = fd;
    s->dev[s->n++] = st.st_dev;
}

bool tf_outdir_sync(tf_outdir_syncs *s)
{
    bool ok = true;
    if (s->all) sync();                  /* reports nothing: as good as it gets */
    for (size_t i = 0; i < s->n; i++) {
        if (!s->all && syncfs(s->fd[i]) != 0 && ok) {
            tf_diag_error(NULL, "the batch's PDFs were written but could not be synced to disk (%s): "
                          "they may be incomplete after a power cut; build them again",
                          strerror(errno));
            ok = false;
        }
        close(s->fd[i]);
    }
    s->n = 0;
    s->all = false;
    return ok;
}
