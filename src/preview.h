/* preview.h: PDF pages -> PNG images, for `trifold preview`, `build --png`
 * and `watch --png`.
 *
 * Rendered in process by poppler-glib onto cairo image surfaces, in a
 * module loaded on first use (preview_mod.h says why): poppler is
 * the renderer the tests already read PDFs back with (pdftoppm, pdftotext),
 * so a preview shows what they check; MuPDF would be as faithful but is a
 * static library several times the size. Pages are painted on white.
 *
 * poppler renders for the screen, so a PDF made with --proof shows its
 * proof layer (render.c: an optional content group that does not print):
 * the PNGs and the PDF viewer show the same guides. Files are written as
 * <dir>/<stem>-<page>.png, page from 1, each through a temporary file and
 * a rename. */
#ifndef TF_PREVIEW_H
#define TF_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>


/* Returns the number of pages written, or -1 after an error message
 * (the PDF did not parse, a file could not be written). */
int tf_preview_write(const unsigned char *pdf, size_t len, const char *dir, const char *stem, int dpi);

/* `trifold new`'s sample picture (480 x 300 PNG) at path; false after an
 * error message. */
bool tf_preview_picture(const char *path);

#endif
