/* preview.h: PDF pages -> PNG images, for `trifold preview`, `build --png`
 * and `watch --png`.
 *
 * Rendered in process by poppler-glib onto cairo image surfaces: poppler is
 * the renderer the tests already read PDFs back with (pdftoppm, pdftotext),
 * so a preview shows what they check; MuPDF would be as faithful but is a
 * static library several times the size. Pages are painted on white.
 *
 * With a sheet, proof guides are drawn over each page of the print
 * edition: fold lines (dashed), panel edges and the safe area of every
 * panel. Files are written as <dir>/<stem>-<page>.png, page from 1, each
 * through a temporary file and a rename. */
#ifndef TF_PREVIEW_H
#define TF_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "fold.h"

/* Returns the number of pages written, or -1 after an error message
 * (the PDF did not parse, a file could not be written). */
int tf_preview_write(const unsigned char *pdf, size_t len, const char *dir, const char *stem, int dpi,
                     const tf_sheet *guides);

#endif
