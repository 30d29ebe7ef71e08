/* hyphen.h: hyphenation points per language, from libhyphen dictionaries
 * (Debian's hyphen-* packages in /usr/share/hyphen, or TRIFOLD_HYPHEN_DIR).
 * Dictionaries that are not UTF-8 are converted on the fly. */
#ifndef TF_HYPHEN_H
#define TF_HYPHEN_H

#include <stddef.h>

typedef struct tf_hyphen tf_hyphen;

/* Load the dictionary for a BCP 47 tag ("en", "en-US", "es"). Returns NULL
 * when there is none (the caller warns and does not hyphenate). */
tf_hyphen *tf_hyphen_load(const char *lang);
void tf_hyphen_free(tf_hyphen *h);
/* Its cache file's pages out of memory until used again (tf_hyphdict_drop_pages). */
void tf_hyphen_drop_pages(const tf_hyphen *h);

/* Hyphenation points of one word (UTF-8, letters only, no spaces): byte
 * offsets at which the word may break (a hyphen is added before the break).
 * Keeps at least `left_min` characters before the first point and
 * `right_min` after the last. Returns the number of points written (at most
 * cap). Words with non-letters or over 100 bytes get no points. */
size_t tf_hyphen_points(const tf_hyphen *h, const char *word, size_t len,
                        int left_min, int right_min, size_t *offsets, size_t cap);

struct tf_params;
/* Shortest fragments hyphenation leaves before and after a break
 * (TeX's \lefthyphenmin, \righthyphenmin), in characters: the theme's
 * hyphen_left_min/hyphen_right_min when set (not 0), else the language's
 * (en 2/3; de, nl, da, sv, nb, nn, it 2/2; others 2/3). */
void tf_hyphen_mins(const char *lang, const struct tf_params *params, int *left, int *right);

#endif
