/* hyphdict.h: our own loader for libhyphen pattern files (.dic).
 *
 * Why: libhyphen's loader keys its pattern states by a hash that, for
 * 8-bit dictionaries with letters above 0x7F (German: ä ö ü ß in
 * ISO-8859-1), sign-extends each such byte and leaves only the low bits
 * varying, so most states share a few thousand buckets and loading
 * hyph_de_DE.dic takes seconds (quadratic chain walks). This loader reads
 * the same file format into the same structure (libhyphen's public
 * HyphenDict), with a hash table of its own, so hnj_hyphen_hyphenate2
 * gives exactly the points it gives with libhyphen's loader: the state
 * numbers, transitions, matches and fallbacks are the same (the unit test
 * test_hyphdict compares them state by state).
 *
 * The built levels are cached, compiled, in $TRIFOLD_CACHE (default
 * ~/.cache/trifold) under a checksum of the bytes, and mapped from there by
 * later calls (hyphdict.c).
 *
 * Ownership: the dictionary (both levels) belongs to the caller and is
 * freed with tf_hyphdict_free (not hnj_hyphen_free). */
#ifndef TF_HYPHDICT_H
#define TF_HYPHDICT_H

#include <stddef.h>

typedef struct _HyphenDict HyphenDict;

/* Parse `len` bytes of a .dic file. NULL only when out of memory is not
 * the problem either: every byte sequence parses (as libhyphen's does). */
HyphenDict *tf_hyphdict_parse(const char *data, size_t len);
void tf_hyphdict_free(HyphenDict *d);      /* NULL is fine */

/* Gives back the resident pages of a dictionary mapped from its cache file
 * (madvise MADV_DONTNEED): they read back in from the file if it is used
 * again, unchanged (the mapping is never written). Nothing for one parsed
 * into the heap. For a process that will not use it any more. */
void tf_hyphdict_drop_pages(const HyphenDict *d);

#endif
