/* datadir.h: where trifold's own files are (fonts/, schema/).
 *
 * Looked up in order: $TRIFOLD_DATA; the binary's folder's ../share/trifold
 * (an installed tree, wherever it was moved); the binary's folder's parent
 * when it holds fonts/ (build/trifold in a checkout); the compiled-in
 * TF_DATADIR ($(PREFIX)/share/trifold). */
#ifndef TF_DATADIR_H
#define TF_DATADIR_H

#include <stdbool.h>
#include <stddef.h>

/* Writes "<datadir>/<sub>" into buf and returns true if that exists. */
bool tf_datadir_find(const char *sub, char *buf, size_t size);

#endif
