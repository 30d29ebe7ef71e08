/* render.h: a laid-out edition -> PDF document (pdf.h). */
#ifndef TF_RENDER_H
#define TF_RENDER_H

#include "colour.h"
#include "content.h"
#include "layout.h"
#include "pdf.h"

/* Build the PDF for a layout: pages with their boxes, every display op,
 * press marks. Returns NULL (reported through diag) on a PDF failure; the
 * caller saves and frees the result. `epoch`: creation date, seconds. */
tf_pdf *tf_render(const tf_doc *doc, const tf_layout *l, long long epoch);

/* What a print edition carries besides the brochure (docs/print.md). */
typedef struct tf_render_opts {
    bool proof;         /* draw the proof layer: panel names and reading order,
                           folds, trim, bleed, safe areas (on screen, not printed);
                           a press proof is not claimed as PDF/X */
    bool slug;          /* press: a slug line outside the trim (brochure, edition,
                           language, clinic, date) */
} tf_render_opts;

/* tf_render with options (NULL: none). Colour: office output is ICCBased
 * sRGB; press output DeviceCMYK for the theme's print condition (colour.h)
 * and PDF/X-4, without link annotations (link texts are tagged Span). */
tf_pdf *tf_render_with(const tf_doc *doc, const tf_layout *l, long long epoch,
                           const tf_render_opts *o);

/* The print condition of a doc: the theme's press keys (colour.h). Reports
 * an unknown intent and returns false. */
bool tf_render_press_spec(const tf_doc *doc, tf_press_spec *out);

#endif
