/* yamldir.h: the *.yaml files of a folder, sorted by name, dot files left
 * out: clinic folders (main.c) and a brochure's language files (langsel.c)
 * are both read this way. */
#ifndef TF_YAMLDIR_H
#define TF_YAMLDIR_H

#include <stddef.h>

/* Appends "<dir>/<name>.yaml" (with_dir) or "<name>" (without the
 * extension, !with_dir) for each file, in strcmp order, to the malloc'd
 * array *out of *n entries (*cap allocated; the array grows). Each entry
 * is malloc'd; the caller frees them and the array. Returns how many were
 * added (0 when the folder cannot be read). */
size_t tf_yamldir_list(const char *dir, int with_dir, char ***out, size_t *n, size_t *cap);

#endif
