/* pdf.h: the PDF writer's contract. The writer is src/pdf*.c behind the
 * private pdf_internal.h (which says what each file does); they are the only
 * files that include hpdf.h.
 *
 * Immediate-mode drawing in PDF user space (points, origin bottom-left),
 * with positions given in scaled points. Text is drawn as shaped glyphs:
 * each font used is subset with hb-subset at save time and embedded as a
 * Type0/CIDFontType2 font with a ToUnicode CMap built from the text each
 * glyph was drawn for, so copy/paste and search give the right text.
 *
 * Ownership: the tf_pdf owns its libharu document; fonts passed in are
 * borrowed and must outlive tf_pdf_save/tf_pdf_free. */
#ifndef TF_PDF_H
#define TF_PDF_H

#include "base.h"
#include "colour.h"
#include "font.h"

typedef struct tf_pdf tf_pdf;

typedef struct tf_pdf_info {
    const char *title, *author, *subject, *lang;   /* UTF-8; lang BCP 47 */
    const char *creator;                           /* "trifold x.y" */
    long long epoch;    /* creation date in seconds; callers pass SOURCE_DATE_EPOCH or a fixed value */
} tf_pdf_info;

tf_pdf *tf_pdf_new(const tf_pdf_info *info);
void tf_pdf_free(tf_pdf *p);

/* Start a page. `media` is the page size; trim/bleed are optional boxes
 * (NULL: not written). Coordinates of later calls are relative to the
 * MediaBox origin. */
bool tf_pdf_page(tf_pdf *p, tf_sp media_w, tf_sp media_h,
                 const tf_rect *trim, const tf_rect *bleed);

void tf_pdf_fill_rect(tf_pdf *p, tf_rect r, tf_color c);
void tf_pdf_stroke_rect(tf_pdf *p, tf_rect r, tf_sp line_width, tf_color c);
void tf_pdf_fill_circle(tf_pdf *p, tf_sp cx, tf_sp cy, tf_sp radius, tf_color c);
/* dash = 0: solid; otherwise dash on/off length. */
void tf_pdf_line(tf_pdf *p, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2,
                 tf_sp width, tf_color c, tf_sp dash);

/* Glyph runs drawn from now on are filled and stroked with this line width
 * in their own colour (a synthetic bold for fonts without a bold face);
 * 0: filled only (the default). */
void tf_pdf_fake_bold(tf_pdf *p, tf_sp stroke);

/* Clip what follows to r until tf_pdf_clip_end (q re W n ... Q). Marked
 * content never crosses the q/Q: what is drawn inside the clip is marked
 * inside it. */
void tf_pdf_clip_begin(tf_pdf *p, tf_rect r);
void tf_pdf_clip_end(tf_pdf *p);

/* Draw glyphs at `size` starting at baseline point (x, y). Glyph positions
 * are in the font's units (as tf_font_shape gives them) and are scaled to
 * `size` here. `text` is the UTF-8 the glyphs were shaped from and glyph
 * clusters index into it: it feeds the ToUnicode map, every glyph drawn
 * getting an entry. A cluster whose glyphs cannot say its text one by one
 * (a mark between the letters of a ligature) becomes, when drawn inside an
 * element, an inline Span element with /ActualText (a kid of that element). */
void tf_pdf_glyphs(tf_pdf *p, tf_font *f, tf_sp size, tf_color c, tf_sp x, tf_sp y,
                   const tf_glyph *g, size_t n, const char *text, size_t text_len);

/* URI link annotation over r (uri percent-encoded as needed). */
void tf_pdf_link(tf_pdf *p, tf_rect r, const char *uri);

/* Place a PNG or JPEG (bytes sniffed) scaled into r. Reports problems
 * through diag with `where`; returns false on failure. */
bool tf_pdf_image(tf_pdf *p, const char *path, const tf_loc *where, tf_rect r);

/* --- tagged PDF (PDF/UA-style logical structure) ------------------------------
 *
 * The caller creates structure elements in reading order (children after
 * their parent, siblings in order) and brackets drawing with mark_begin /
 * mark_end: drawing between them becomes marked content (BDC/EMC with an
 * MCID) of that element, or an /Artifact when elem is TF_PDF_ARTIFACT.
 * Drawing outside any bracket is written as an artifact too. At save the
 * writer emits StructTreeRoot, ParentTree, /StructParents on pages,
 * MarkInfo Marked true, /Tabs /S on pages, ViewerPreferences
 * DisplayDocTitle, and XMP metadata (dc:title, pdfuaid:part 1 when
 * tf_pdf_claim_ua was called). */
typedef int tf_pdf_elem;
#define TF_PDF_ROOT 0          /* the Document element, always there */
#define TF_PDF_ARTIFACT (-1)

/* role: a standard structure type ("Sect", "H1", "H2", "P", "L", "LI",
 * "Lbl", "LBody", "Figure", "Link", "Div", "Span", "Caption"). alt: /Alt
 * (Figure), lang: /Lang when it differs from the document's; NULL: none. */
tf_pdf_elem tf_pdf_struct(tf_pdf *p, tf_pdf_elem parent, const char *role, const char *alt,
                          const char *lang);
/* /ActualText of an element: what a reader announces for content that has
 * no text of its own (a checklist's drawn box: "\u2610"). */
void tf_pdf_actual_text(tf_pdf *p, tf_pdf_elem elem, const char *text);
void tf_pdf_mark_begin(tf_pdf *p, tf_pdf_elem elem);
void tf_pdf_mark_end(tf_pdf *p);
/* A link annotation that belongs to a Link element (an OBJR is added to
 * it and /StructParent to the annotation). */
void tf_pdf_link_tagged(tf_pdf *p, tf_rect r, const char *uri, tf_pdf_elem link);
/* Bookmark (outline item) to page `page` (0-based) at height y; level 0 is
 * top level, 1 its child (under the last level-0 item). */
void tf_pdf_bookmark(tf_pdf *p, const char *title, int level, int page, tf_sp y);
/* Page label for the pages from `page` on ("Outside", "Inside"). */
void tf_pdf_page_label(tf_pdf *p, int page, const char *label);
/* Claim PDF/UA-1 in the XMP metadata (call only when the document meets
 * what docs/accessibility.md lists as checked). */
void tf_pdf_claim_ua(tf_pdf *p);

/* --- colour and print production (pdf_print.c) ---------------------------------
 *
 * Without tf_pdf_set_colour colours are DeviceRGB as given. With it, every
 * colour from then on is painted as `cm` says (colour.h): office output in
 * an ICCBased sRGB space (images too), press output in DeviceCMYK, black-
 * ink-only text and strokes overprinting. The tf_pdf takes ownership of
 * `cm` (freed by tf_pdf_free). */
void tf_pdf_set_colour(tf_pdf *p, tf_colour *cm);
/* Identify the file as PDF/X-4 at save (press colour only): OutputIntent
 * with the profile embedded, GTS_PDFXVersion and Trapped in Info and XMP. */
void tf_pdf_claim_pdfx(tf_pdf *p);
/* A line in registration colour (/Separation /All: on every plate); black
 * without press colour. */
void tf_pdf_reg_line(tf_pdf *p, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2, tf_sp width, tf_sp dash);
/* Drawing between these is in the proof layer: an optional content group
 * shown on screen and not printed (/Usage /Print /PrintState /OFF and an
 * /AS print event). Callers mark it as an artifact. */
void tf_pdf_proof_begin(tf_pdf *p);
void tf_pdf_proof_end(tf_pdf *p);

/* Finish and write to `path` (the caller handles temp file + rename), or
 * to memory (*out malloc'd, caller frees). False on a libharu failure,
 * reported through diag. Output is deterministic. */
bool tf_pdf_save(tf_pdf *p, const char *path);
bool tf_pdf_save_mem(tf_pdf *p, unsigned char **out, size_t *len);

#endif
