/* outdir.h: output folders, created on demand (like mkdir -p). */
#ifndef TF_OUTDIR_H
#define TF_OUTDIR_H

#include <stdbool.h>

/* Create `dir` and its missing parents. Reports "cannot create folder"
 * through diag and returns false on failure. */
bool tf_outdir_make(const char *dir);
/* The same for the folder that will hold the file `path`. */
bool tf_outdir_make_parents(const char *path);

#endif
