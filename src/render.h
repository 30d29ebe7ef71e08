/* render.h: a laid-out edition -> PDF document (pdf.h). */
#ifndef TF_RENDER_H
#define TF_RENDER_H

#include "content.h"
#include "layout.h"
#include "pdf.h"

/* Build the PDF for a layout: pages with their boxes, every display op,
 * press marks. Returns NULL (reported through diag) on a PDF failure; the
 * caller saves and frees the result. `epoch`: creation date, seconds. */
tf_pdf *tf_render(const tf_doc *doc, const tf_layout *l, long long epoch);

#endif
