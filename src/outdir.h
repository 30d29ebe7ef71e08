/* outdir.h: output folders, created on demand (like mkdir -p), and
 * synced to disk once for a batch. */
#ifndef TF_OUTDIR_H
#define TF_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Create `dir` and its missing parents. Reports "cannot create folder"
 * through diag and returns false on failure. */
bool tf_outdir_make(const char *dir);
/* The same for the folder that will hold the file `path`. */
bool tf_outdir_make_parents(const char *path);


/* The file systems a batch wrote to without a sync per file: one open
 * folder on each (up to 8; past that, every file system is synced). */
typedef struct tf_outdir_syncs {
    int fd[8];
    dev_t dev[8];
    size_t n;
    bool all;
} tf_outdir_syncs;

/* Remember the file system holding the file `path` (just written). */
void tf_outdir_note(tf_outdir_syncs *s, const char *path);
/* Flush every remembered file system to disk (syncfs) and forget them.
 * Reports "cannot sync" through diag and returns false on failure. */
bool tf_outdir_sync(tf_outdir_syncs *s);

#endif
