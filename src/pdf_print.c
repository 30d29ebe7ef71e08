/* pdf_print.c: colour and print production. Owns how colours are painted
 * (DeviceRGB without colour management; ICCBased sRGB for office output;
 * DeviceCMYK under a PDF/X OutputIntent for press), overprint, the
 * registration colour of marks, the proof layer (optional content) and
 * the PDF/X-4 identification written at save.
 *
 * PDF/X-4 (ISO 15930-7) asks for: an OutputIntent /S /GTS_PDFX with the
 * CMYK profile embedded (DestOutputProfile) and an OutputConditionIdentifier;
 * /GTS_PDFXVersion (PDF/X-4) and /Trapped in Info, the same in XMP
 * (pdfxid:GTS_PDFXVersion, pdf:Trapped) with xmpMM:DocumentID, VersionID
 * and RenditionClass; a header version of at most 1.6; TrimBox and
 * BleedBox on pages (pdf.c); no annotations inside the BleedBox (render.c
 * draws no links in press files). ICCBased sRGB images are allowed: the
 * RIP converts them with the output intent's profile.
 *
 * Overprint: black-ink-only text and strokes overprint (/OP /op true,
 * /OPM 1), so small type never leaves a white gap in the colour under it
 * when plates are slightly misregistered. Fills knock out. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "diag.h"

void tf_pdf_set_colour(tf_pdf *p, tf_colour *cm)
{
    if (p->cm != cm) tf_colour_free(p->cm);
    p->cm = cm;
}

/* [/ICCBased <sRGB profile>] as one indirect object, shared by pages and images. */
HPDF_Array pdf_srgb_space(tf_pdf *p)
{
    if (p->srgb_cs) return p->srgb_cs;
    size_t n;
    const unsigned char *icc = tf_colour_srgb_icc(&n);
    if (!icc) {
        pdf_check(p, HPDF_INVALID_OBJECT, NULL, "sRGB profile");
        return NULL;
    }
    HPDF_Dict s = pdf_new_stream(p, icc, n, "sRGB profile");
    HPDF_Array a = HPDF_Array_New(p->doc->mmgr);
    if (!s || !pdf_add_num(p, s, "N", 3) || !PTR(p, a, "sRGB colour space") ||
        !OK(p, HPDF_Xref_Add(p->doc->xref, a), "sRGB colour space") ||
        !OK(p, HPDF_Array_AddName(a, "ICCBased"), "sRGB colour space") ||
        !pdf_aput(p, a, s, "sRGB colour space"))
        return NULL;
    return p->srgb_cs = a;
}

/* [/Separation /All /DeviceCMYK {0..1 -> 0 0 0 0 .. 1 1 1 1}]: registration. */
static HPDF_Array all_space(tf_pdf *p)
{
    if (p->all_cs) return p->all_cs;
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Array a = HPDF_Array_New(mm), dom = HPDF_Array_New(mm), c0 = HPDF_Array_New(mm),
               c1 = HPDF_Array_New(mm);
    HPDF_Dict fn = HPDF_Dict_New(mm);
    bool ok = PTR(p, a, "registration colour") && PTR(p, dom, "registration colour") &&
              PTR(p, c0, "registration colour") && PTR(p, c1, "registration colour") &&
              PTR(p, fn, "registration colour") &&
              OK(p, HPDF_Xref_Add(p->doc->xref, a), "registration colour");
    for (int i = 0; ok && i < 4; i++)
        ok = OK(p, HPDF_Array_AddNumber(c0, 0), "registration colour") &&
             OK(p, HPDF_Array_AddNumber(c1, 1), "registration colour");
    ok = ok && OK(p, HPDF_Array_AddNumber(dom, 0), "registration colour") &&
         OK(p, HPDF_Array_AddNumber(dom, 1), "registration colour") &&
         pdf_add_num(p, fn, "FunctionType", 2) && pdf_put(p, fn, "Domain", dom) &&
         pdf_put(p, fn, "C0", c0) && pdf_put(p, fn, "C1", c1) && pdf_add_num(p, fn, "N", 1) &&
         OK(p, HPDF_Array_AddName(a, "Separation"), "registration colour") &&
         OK(p, HPDF_Array_AddName(a, "All"), "registration colour") &&
         OK(p, HPDF_Array_AddName(a, "DeviceCMYK"), "registration colour") &&
         pdf_aput(p, a, fn, "registration colour");
    return ok ? (p->all_cs = a) : NULL;
}

/* Name a colour space in the page's /Resources /ColorSpace (once per page). */
static bool page_space(tf_pdf *p, const char *name, HPDF_Array cs, uint32_t *serial)
{
    if (!cs) return false;
    if (*serial == p->page_serial) return true;
    HPDF_Dict d = pdf_resource_dict(p, &p->res_cs, "ColorSpace");
    if (!d || !OK(p, HPDF_Dict_Add(d, name, cs), "page colour space")) return false;
    *serial = p->page_serial;
    return true;
}

static void put_ink(buf *b, const tf_ink *k, int n)
{
    for (int i = 0; i < n; i++) {
        buf_fixed(b, k->v[i], 3);
        buf_putc(b, ' ');
    }
}

void pdf_colour_op(tf_pdf *p, tf_color c, bool stroke)
{
    buf *b = &p->cs;
    if (!p->cm) {            /* no colour management: DeviceRGB as given */
        static const char *ops[2] = {"rg", "RG"};
        buf_fixed(b, div_round(c.r * 1000, 255), 3);
        buf_putc(b, ' ');
        buf_fixed(b, div_round(c.g * 1000, 255), 3);
        buf_putc(b, ' ');
        buf_fixed(b, div_round(c.b * 1000, 255), 3);
        buf_putc(b, ' ');
        buf_puts(b, ops[stroke]);
        buf_putc(b, '\n');
        return;
    }
    tf_ink k = tf_colour_ink(p->cm, c, stroke || p->detail);
    if (k.cmyk) {
        put_ink(b, &k, 4);
        buf_puts(b, stroke ? "K\n" : "k\n");
        p->cs_set[stroke] = 0;
        return;
    }
    if (p->cs_set[stroke] != 1) {
        if (!page_space(p, "CSsrgb", pdf_srgb_space(p), &p->srgb_serial)) return;
        buf_puts(b, stroke ? "/CSsrgb CS " : "/CSsrgb cs ");
        p->cs_set[stroke] = 1;
    }
    put_ink(b, &k, 3);
    buf_puts(b, stroke ? "SC\n" : "sc\n");
}

/* The two graphics states, made once per document, named per page. */
static bool gstate(tf_pdf *p, bool on)
{
    if (!p->gs[on]) {
        HPDF_Dict g = pdf_new_indirect(p, "overprint");
        if (!g || !pdf_put_name(p, g, "Type", "ExtGState") ||
            !OK(p, HPDF_Dict_AddBoolean(g, "OP", on ? HPDF_TRUE : HPDF_FALSE), "overprint") ||
            !OK(p, HPDF_Dict_AddBoolean(g, "op", on ? HPDF_TRUE : HPDF_FALSE), "overprint") ||
            !pdf_add_num(p, g, "OPM", on ? 1 : 0))
            return false;
        p->gs[on] = g;
    }
    if (p->gs_serial[on] != p->page_serial) {
        HPDF_Dict d = pdf_resource_dict(p, &p->res_gs, "ExtGState");
        if (!d || !OK(p, HPDF_Dict_Add(d, on ? "GSop" : "GSko", p->gs[on]), "overprint"))
            return false;
        p->gs_serial[on] = p->page_serial;
    }
    buf_puts(&p->cs, on ? "/GSop gs\n" : "/GSko gs\n");
    p->overprint = on;
    return true;
}

void pdf_overprint(tf_pdf *p, tf_color c)
{
    if (!p->cm || !tf_colour_press(p->cm)) return;
    int on = tf_ink_k_only(tf_colour_ink(p->cm, c, true));
    if (on != p->overprint) gstate(p, on);
}

void pdf_knockout(tf_pdf *p)
{
    if (p->cm && tf_colour_press(p->cm) && p->overprint != 0) gstate(p, false);
}

void tf_pdf_reg_line(tf_pdf *p, tf_sp x1, tf_sp y1, tf_sp x2, tf_sp y2, tf_sp width, tf_sp dash)
{
    if (!pdf_drawable(p)) return;
    if (!p->cm || !tf_colour_press(p->cm)) {
        tf_pdf_line(p, x1, y1, x2, y2, width, TF_RGB(0, 0, 0), dash);
        return;
    }
    pdf_mark_content(p);
    pdf_end_text(p);
    pdf_knockout(p);
    if (!page_space(p, "CSall", all_space(p), &p->all_serial)) return;
    /* registration: a colour no theme can write (inks over 100 %) stands
     * for it in pdf.c's record of the stroke colour */
    static const tf_color reg = {.cmyk = true, .c = 255, .m = 255, .y = 255, .k = 255};
    if (!p->have_stroke || memcmp(&p->stroke, &reg, sizeof reg) || p->cs_set[1] != 2) {
        buf_puts(&p->cs, "/CSall CS 1 SCN\n");
        p->stroke = reg;
        p->have_stroke = true;
        p->cs_set[1] = 2;
    }
    pdf_set_stroke(p, reg, width, dash);
    buf_sp(&p->cs, x1); buf_sp(&p->cs, y1); buf_puts(&p->cs, "m ");
    buf_sp(&p->cs, x2); buf_sp(&p->cs, y2); buf_puts(&p->cs, "l S\n");
}

/* --- proof layer ------------------------------------------------------------------ */

static HPDF_Dict proof_ocg(tf_pdf *p)
{
    if (p->ocg) return p->ocg;
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict g = pdf_new_indirect(p, "proof layer");
    HPDF_Dict usage = HPDF_Dict_New(mm), print = HPDF_Dict_New(mm), view = HPDF_Dict_New(mm);
    if (!g || !pdf_put_name(p, g, "Type", "OCG") ||
        !pdf_put(p, g, "Name", pdf_text_string(p, "Proof: panels, reading order, folds, trim, bleed, safe areas")) ||
        !pdf_put(p, g, "Usage", usage) || !pdf_put(p, usage, "Print", print) ||
        !pdf_put(p, usage, "View", view) || !pdf_put_name(p, print, "PrintState", "OFF") ||
        !pdf_put_name(p, view, "ViewState", "ON"))
        return NULL;
    return p->ocg = g;
}

void tf_pdf_proof_begin(tf_pdf *p)
{
    if (!pdf_drawable(p)) return;
    HPDF_Dict g = proof_ocg(p);
    if (!g) return;
    pdf_mark_content(p);
    pdf_end_text(p);
    if (p->ocg_serial != p->page_serial) {
        HPDF_Dict d = pdf_resource_dict(p, &p->res_props, "Properties");
        if (!d || !OK(p, HPDF_Dict_Add(d, "OCproof", g), "proof layer")) return;
        p->ocg_serial = p->page_serial;
    }
    buf_puts(&p->cs, "/OC /OCproof BDC q\n");
    pdf_forget_state(p);
}

void tf_pdf_proof_end(tf_pdf *p)
{
    if (!pdf_drawable(p)) return;
    pdf_end_text(p);
    buf_puts(&p->cs, "Q EMC\n");
    pdf_forget_state(p);
}

/* /OCProperties: the proof layer is on for viewing and, through the /AS
 * print event, off when printing (its /Usage says so). */
static bool write_ocproperties(tf_pdf *p)
{
    if (!p->ocg) return true;
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict props = HPDF_Dict_New(mm), d = HPDF_Dict_New(mm), ev = HPDF_Dict_New(mm);
    HPDF_Array ocgs = HPDF_Array_New(mm), order = HPDF_Array_New(mm), on = HPDF_Array_New(mm),
               as = HPDF_Array_New(mm), evocgs = HPDF_Array_New(mm), cat = HPDF_Array_New(mm);
    return pdf_put(p, p->doc->catalog, "OCProperties", props) && pdf_put(p, props, "OCGs", ocgs) &&
           pdf_aput(p, ocgs, p->ocg, "OCGs") && pdf_put(p, props, "D", d) &&
           pdf_put(p, d, "Name", pdf_text_string(p, "Proof")) && pdf_put(p, d, "Order", order) &&
           pdf_aput(p, order, p->ocg, "Order") && pdf_put(p, d, "ON", on) &&
           pdf_aput(p, on, p->ocg, "ON") && pdf_put(p, d, "AS", as) &&
           pdf_aput(p, as, ev, "AS") && pdf_put_name(p, ev, "Event", "Print") &&
           pdf_put(p, ev, "OCGs", evocgs) && pdf_aput(p, evocgs, p->ocg, "AS") &&
           pdf_put(p, ev, "Category", cat) && OK(p, HPDF_Array_AddName(cat, "Print"), "AS");
}

/* --- PDF/X-4 ----------------------------------------------------------------------- */

void tf_pdf_claim_pdfx(tf_pdf *p)
{
    if (!p->title || !*p->title) {      /* PDF/X wants a title; content.c requires one */
        tf_diag_warning(NULL, "PDF writer: no document title: the press file is not claimed as PDF/X-4");
        return;
    }
    p->claim_pdfx = true;
}

bool pdf_print_write(tf_pdf *p)
{
    if (!write_ocproperties(p)) return false;
    if (!p->cm || !tf_colour_press(p->cm)) return true;
    /* the output intent in every press file (a proof too: viewers simulate
     * the press with it); the PDF/X claim only when asked */
    size_t n;
    const unsigned char *icc = tf_colour_output_icc(p->cm, &n);
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict prof = pdf_new_stream(p, icc, n, "output profile");
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Array ois = HPDF_Array_New(mm);
    if (!prof || !pdf_add_num(p, prof, "N", 4) || !pdf_put(p, p->doc->catalog, "OutputIntents", ois) ||
        !pdf_aput(p, ois, oi, "OutputIntents") || !pdf_put_name(p, oi, "Type", "OutputIntent") ||
        !pdf_put_name(p, oi, "S", "GTS_PDFX") ||
        !pdf_put(p, oi, "OutputConditionIdentifier", pdf_text_string(p, tf_colour_condition(p->cm))) ||
        !pdf_put(p, oi, "OutputCondition", pdf_text_string(p, tf_colour_condition_info(p->cm))) ||
        !pdf_put(p, oi, "Info", pdf_text_string(p, tf_colour_condition_info(p->cm))) ||
        !pdf_put(p, oi, "RegistryName", pdf_text_string(p, "http://www.color.org")) ||
        !pdf_put(p, oi, "DestOutputProfile", prof))
        return false;
    if (!p->claim_pdfx) return true;
    HPDF_Dict info = p->doc->info;
    if (!pdf_put(p, info, "GTS_PDFXVersion", pdf_text_string(p, "PDF/X-4")) ||
        !pdf_put_name(p, info, "Trapped", "False"))
        return false;
    /* PDF/X-4 is PDF 1.6 at most; nothing written needs 1.7 */
    p->doc->pdf_version = HPDF_VER_16;
    return true;
}
