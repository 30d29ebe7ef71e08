/* preflight.c: a print shop's preflight over the laid-out sheet (what and
 * why: preflight.h). Each check walks the display list once; a finding
 * names the page side and the panel, and repeats of the same finding (the
 * same colour, the same image) are reported once. */
#include "preflight.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "image.h"

#define EPS TF_PT(0.01)

typedef struct pf {
    const tf_doc *doc;
    const tf_layout *l;
    tf_colour *cm;
    int errors, warnings;
} pf;

static const char *side(int page) { return page == TF_PAGE_OUTSIDE ? "outside" : "inside"; }

/* The panel of a point on a page (the nearest when it is outside them all). */
static int panel_at(const tf_sheet *s, int page, tf_sp x)
{
    int best = -1;
    tf_sp dist = 0;
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_geom *g = &s->panel[p];
        if (g->page != page) continue;
        tf_sp d = x < g->trim.x ? g->trim.x - x : x > g->trim.x + g->trim.w ? x - (g->trim.x + g->trim.w) : 0;
        if (best < 0 || d < dist) { best = p; dist = d; }
    }
    return best < 0 ? 0 : best;
}

static void finding(pf *f, bool is_error, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error) { tf_diag_error(NULL, "preflight: %s", msg); f->errors++; }
    else { tf_diag_warning(NULL, "preflight: %s", msg); f->warnings++; }
}
#define error(f, ...) finding((f), true, __VA_ARGS__)
#define warning(f, ...) finding((f), false, __VA_ARGS__)

static void color_name(tf_color c, char *out, size_t n)
{
    if (c.cmyk) snprintf(out, n, "cmyk(%d, %d, %d, %d)", c.c, c.m, c.y, c.k);
    else snprintf(out, n, "#%02x%02x%02x", c.r, c.g, c.b);
}

/* --- boxes -------------------------------------------------------------------- */

static bool inside(tf_rect in, tf_rect out)
{
    return in.x >= out.x - EPS && in.y >= out.y - EPS && in.x + in.w <= out.x + out.w + EPS &&
           in.y + in.h <= out.y + out.h + EPS;
}

static void check_boxes(pf *f)
{
    const tf_sheet *s = &f->l->sheet;
    tf_rect media = {0, 0, s->media_w, s->media_h};
    if (!s->press || s->bleed_size <= 0) {
        error(f, "no bleed: build with --press");
        return;
    }
    bool a4 = f->doc->sheet.paper == TF_PAPER_A4;
    tf_sp want = a4 ? TF_MM(3) : TF_IN(0.125);
    if (!inside(s->trim, s->bleed) || !inside(s->bleed, media) || s->bleed_size < want - EPS)
        error(f, "boxes: TrimBox must lie inside BleedBox inside MediaBox with %.4g pt of bleed",
              tf_sp_to_pt(want));
    for (int page = 0; page < TF_PAGE_COUNT; page++) {
        tf_sp sum = 0;
        for (int p = 0; p < TF_PANEL_COUNT; p++)
            if (s->panel[p].page == page) sum += s->panel[p].trim.w;
        if (sum < s->trim.w - EPS || sum > s->trim.w + EPS)
            error(f, "boxes: the %s side's panels are %.4g pt wide, not the trim's width",
                  side(page), tf_sp_to_pt(sum));
    }
    for (size_t i = 0; i < s->n_marks; i++) {
        const tf_mark *m = &s->marks[i];
        tf_sp x0 = m->x1 < m->x2 ? m->x1 : m->x2, x1 = m->x1 < m->x2 ? m->x2 : m->x1;
        tf_sp y0 = m->y1 < m->y2 ? m->y1 : m->y2, y1 = m->y1 < m->y2 ? m->y2 : m->y1;
        bool crosses = x1 > s->bleed.x + EPS && x0 < s->bleed.x + s->bleed.w - EPS &&
                       y1 > s->bleed.y + EPS && y0 < s->bleed.y + s->bleed.h - EPS;
        if (crosses) {
            error(f, "boxes: a %s mark on the %s side reaches into the bleed",
                  m->dashed ? "fold" : "crop", side(m->page));
            break;
        }
    }
}

/* --- fonts -------------------------------------------------------------------- */

/* OS/2 fsType: 0x0002 "restricted licence embedding" forbids embedding. */
static unsigned fs_type(const tf_font *font)
{
    size_t n;
    const unsigned char *d = tf_font_data(font, &n);
    if (!d || n < 12) return 0;
    unsigned tables = (unsigned)d[4] << 8 | d[5];
    for (unsigned i = 0; i < tables && 12 + 16 * (size_t)(i + 1) <= n; i++) {
        const unsigned char *t = d + 12 + 16 * i;
        if (memcmp(t, "OS/2", 4)) continue;
        size_t off = (size_t)t[8] << 24 | (size_t)t[9] << 16 | (size_t)t[10] << 8 | t[11];
        if (off + 10 > n) return 0;
        return (unsigned)d[off + 8] << 8 | d[off + 9];
    }
    return 0;
}

/* --- the display list ---------------------------------------------------------- */

/* The inked extent of a glyph run: spaces at either end (a line's
 * trailing space, a run that is one space) take room but print nothing. */
static bool is_space_glyph(const tf_op *op, uint32_t i)
{
    uint32_t c = op->glyphs[i].cluster;
    return c < op->text_len && (op->text[c] == ' ' || op->text[c] == '\t');
}

static bool run_extent(const tf_op *op, tf_sp *x0, tf_sp *x1)
{
    uint32_t a = 0, b = op->n_glyphs;
    while (a < b && is_space_glyph(op, a)) a++;
    while (b > a && is_space_glyph(op, b - 1)) b--;
    if (a == b) return false;
    int64_t before = 0, ink = 0;
    for (uint32_t i = 0; i < a; i++) before += op->glyphs[i].x_advance;
    for (uint32_t i = a; i < b; i++) ink += op->glyphs[i].x_advance;
    unsigned upem = tf_font_units_per_em(op->font);
    *x0 = op->x + tf_font_units_to_sp(before, op->size, upem);
    *x1 = *x0 + tf_font_units_to_sp(ink, op->size, upem);
    return true;
}

/* A fill that reaches a trim edge must run on to the bleed edge. */
static void check_background(pf *f, const tf_op *op, bool *reported)
{
    const tf_sheet *s = &f->l->sheet;
    tf_sp x0 = op->x, x1 = op->x + op->w, y0 = op->y, y1 = op->y + op->h;
    tf_sp tx0 = s->trim.x, tx1 = s->trim.x + s->trim.w, ty0 = s->trim.y, ty1 = s->trim.y + s->trim.h;
    tf_sp bx0 = s->bleed.x, bx1 = s->bleed.x + s->bleed.w, by0 = s->bleed.y, by1 = s->bleed.y + s->bleed.h;
    const char *edge = NULL;
    if (x0 <= tx0 + EPS && x0 > bx0 + EPS) edge = "left";
    else if (x1 >= tx1 - EPS && x1 < bx1 - EPS) edge = "right";
    else if (y0 <= ty0 + EPS && y0 > by0 + EPS) edge = "bottom";
    else if (y1 >= ty1 - EPS && y1 < by1 - EPS) edge = "top";
    if (!edge || *reported) return;
    *reported = true;
    error(f, "a background touches the %s trim edge (%s panel) without bleed", edge,
          tf_panel_name(s->fold, (tf_panel_id)panel_at(s, op->page, op->x + op->w / 2)));
}

static void check_text(pf *f, const tf_op *op, bool *safe_reported, bool *small_reported)
{
    const tf_sheet *s = &f->l->sheet;
    tf_sp x0, x1;
    if (!run_extent(op, &x0, &x1)) return;
    int p = panel_at(s, op->page, (x0 + x1) / 2);
    const tf_rect safe = s->panel[p].safe;
    tf_sp top = op->y + tf_font_cap_height(op->font, op->size), bottom = op->y;
    tf_sp tol = TF_PT(0.5);
    if (!*safe_reported && (x0 < safe.x - tol || x1 > safe.x + safe.w + tol || bottom < safe.y - tol ||
                            top > safe.y + safe.h + tol)) {
        char what[48];
        size_t n = op->text_len < 24 ? op->text_len : 24;
        memcpy(what, op->text, n);
        what[n] = 0;
        *safe_reported = true;
        error(f, "text '%s' on the %s panel is nearer the trim or a fold than the safe "
              "margin (%.4g pt)", what, tf_panel_name(s->fold, (tf_panel_id)p), tf_sp_to_pt(f->doc->theme.safe));
    }
    tf_ink k = tf_colour_ink(f->cm, op->color, true);
    if (op->size < TF_PREFLIGHT_SMALL_TYPE && tf_ink_count(k) > 1 && !*small_reported) {
        char c[48];
        color_name(op->color, c, sizeof c);
        *small_reported = true;
        warning(f, "%s type under 12 pt (%s panel) prints in %d inks: registration errors will show",
                c, tf_panel_name(s->fold, (tf_panel_id)p), tf_ink_count(k));
    }
}

static void check_colour(pf *f, tf_color c, bool detail, tf_color *seen, size_t *nseen)
{
    for (size_t i = 0; i < *nseen; i++)
        if (!memcmp(&seen[i], &c, sizeof c)) return;
    if (*nseen < 64) seen[(*nseen)++] = c;
    tf_ink k = tf_colour_ink(f->cm, c, detail);
    char name[48];
    color_name(c, name, sizeof name);
    if (!k.cmyk)
        error(f, "colour %s is RGB in press output", name);
    else if (tf_ink_total(k) > tf_colour_ink_limit(f->cm))
        error(f, "colour %s needs %.1f %% ink, over the %s limit of %d %%", name,
              tf_ink_total(k) / 10.0, tf_colour_condition(f->cm), tf_colour_ink_limit(f->cm) / 10);
}

static void check_image(pf *f, const tf_op *op, const char **seen, size_t *nseen)
{
    for (size_t i = 0; i < *nseen; i++)
        if (!strcmp(seen[i], op->text)) return;
    if (*nseen < 64) seen[(*nseen)++] = op->text;
    tf_image_info info;
    if (!tf_image_probe(op->text, op->loc, &info) || !info.width || !info.height) {
        f->errors++;
        return;
    }
    /* placed as the writer places it: fitted into the rect, aspect kept */
    double w = tf_sp_to_pt(op->w), h = w * info.height / info.width;
    if (h > tf_sp_to_pt(op->h)) { h = tf_sp_to_pt(op->h); w = h * info.width / info.height; }
    double ppi = w > 0 ? info.width / (w / 72.0) : 0;
    const char *name = strrchr(op->text, '/') ? strrchr(op->text, '/') + 1 : op->text;
    if (ppi < TF_PREFLIGHT_PPI_ERROR)
        error(f, "image '%s' is %.0f ppi at its placed size (under 150: visibly soft)", name, ppi);
    else if (ppi < TF_PREFLIGHT_PPI_WARN)
        warning(f, "image '%s' is %.0f ppi at its placed size (300 is the norm)", name, ppi);
}

int tf_preflight_run(const tf_doc *doc, const tf_layout *l, tf_colour *cm, FILE *out)
{
    pf f = {doc, l, cm, 0, 0};
    check_boxes(&f);
    const tf_display *d = &l->dl;
    tf_color seen_c[64];
    size_t nseen_c = 0, nseen_i = 0, nfonts = 0;
    const char *seen_i[64];
    const tf_font *fonts[64];
    bool bg_reported = false, safe_reported = false, small_reported = false, hair_reported = false;
    for (size_t i = 0; i < d->n; i++) {
        const tf_op *op = &d->ops[i];
        switch ((tf_op_kind)op->kind) {
        case TF_OP_GLYPHS: {
            check_colour(&f, op->color, true, seen_c, &nseen_c);
            check_text(&f, op, &safe_reported, &small_reported);
            bool known = false;
            for (size_t k = 0; k < nfonts; k++) known = known || fonts[k] == op->font;
            if (!known && nfonts < 64) {
                fonts[nfonts++] = op->font;
                if ((fs_type(op->font) & 0x000F) == 0x0002)
                    error(&f, "font '%s' may not be embedded (licence: restricted embedding)",
                          tf_font_postscript_name(op->font));
            }
            break;
        }
        case TF_OP_FILL_RECT:
            check_colour(&f, op->color, false, seen_c, &nseen_c);
            check_background(&f, op, &bg_reported);
            break;
        case TF_OP_CIRCLE:
            check_colour(&f, op->color, false, seen_c, &nseen_c);
            break;
        case TF_OP_STROKE_RECT:
        case TF_OP_LINE:
            check_colour(&f, op->color, true, seen_c, &nseen_c);
            if (op->size < TF_PREFLIGHT_HAIRLINE && !hair_reported) {
                hair_reported = true;
                error(&f, "a %.3g pt line (%s side) is thinner than 0.25 pt: it may not print",
                      tf_sp_to_pt(op->size), side(op->page));
            }
            break;
        case TF_OP_IMAGE: check_image(&f, op, seen_i, &nseen_i); break;
        case TF_OP_LINK:
        case TF_OP_CLIP_BEGIN:
        case TF_OP_CLIP_END: break;
        }
    }
    if (out)
        fprintf(out, "preflight (%s, ink limit %d %%): %d error%s, %d warning%s\n",
                tf_colour_condition(cm), tf_colour_ink_limit(cm) / 10, f.errors,
                f.errors == 1 ? "" : "s", f.warnings, f.warnings == 1 ? "" : "s");
    return f.errors;
}
