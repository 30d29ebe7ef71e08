/* fontfind.h: a theme's font name -> a font file.
 *
 *   regular: ../../fonts/NotoSans-Regular.ttf   a path (relative to the brochure folder)
 *   regular: NotoSans-Regular.ttf               a file name: the brochure folder, else trifold's fonts/
 *   regular: Noto Sans                          a family, found through fontconfig for the face
 *
 * A value with a '/' or a font file extension is a path; anything else is a
 * family name. The result lives in `a`; NULL after an error at `where`. */
#ifndef TF_FONTFIND_H
#define TF_FONTFIND_H

#include "arena.h"
#include "base.h"

/* face: 0 regular, 1 italic, 2 bold, 3 bold italic (content.h's order). */
const char *tf_fontfind_path(tf_arena *a, const char *dir, const char *name, int face, const tf_loc *where);

#endif
