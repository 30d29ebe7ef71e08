/* preflight.h: what a print shop's preflight would find in a press edition,
 * checked on the laid-out sheet and display list before any PDF exists
 * (`trifold check --press`). The PDF writer makes the file from exactly
 * these ops, so what holds here holds in the PDF; the PDF-level keys
 * (PDF/X identification, output intent) are checked by the e2e tests with
 * qpdf/pikepdf and Ghostscript.
 *
 * Errors (exit status 1): an image under 150 ppi at its placed size; a
 * colour over the condition's total ink limit; RGB left in press output;
 * a font whose licence forbids embedding; missing or inconsistent boxes
 * (trim inside bleed inside media, bleed size, panels tiling the trim,
 * marks outside the bleed); a background that touches the trim without
 * running into the bleed; text nearer the trim or a fold than the safe
 * margin; a line thinner than 0.25 pt.
 * Warnings: an image under 300 ppi; type under 12 pt in more than one ink.
 *
 * Findings go through diag ("preflight: ..."); a summary line goes to
 * `out`. */
#ifndef TF_PREFLIGHT_H
#define TF_PREFLIGHT_H

#include <stdio.h>

#include "colour.h"
#include "content.h"
#include "layout.h"

#define TF_PREFLIGHT_PPI_WARN 300
#define TF_PREFLIGHT_PPI_ERROR 150
#define TF_PREFLIGHT_HAIRLINE TF_PT(0.25)
#define TF_PREFLIGHT_SMALL_TYPE TF_PT(12)

/* Returns the number of errors found. `cm`: the press colour of the edition. */
int tf_preflight_run(const tf_doc *doc, const tf_layout *l, tf_colour *cm, FILE *out);

#endif
