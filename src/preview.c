/* preview.c: poppler-glib + cairo page rendering (see preview.h). */
#include "preview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <poppler.h>

#include "diag.h"
#include "outdir.h"

/* Guides in PDF space (points, origin bottom-left) onto a cairo context
 * whose user space is the page's top-left-origin points. */
static void draw_guides(cairo_t *cr, const tf_sheet *s, int page, double page_h)
{
    double lw = 0.6;
    cairo_save(cr);
    cairo_set_line_width(cr, lw);
    /* safe areas: thin blue */
    cairo_set_source_rgba(cr, 0.1, 0.4, 0.9, 0.8);
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_geom *g = &s->panel[p];
        if (g->page != page) continue;
        double x = tf_sp_to_pt(g->safe.x), y = tf_sp_to_pt(g->safe.y);
        double w = tf_sp_to_pt(g->safe.w), h = tf_sp_to_pt(g->safe.h);
        cairo_rectangle(cr, x, page_h - y - h, w, h);
        cairo_stroke(cr);
    }
    /* trim: solid magenta; folds: dashed magenta */
    cairo_set_source_rgba(cr, 0.85, 0.1, 0.55, 0.9);
    double tx0 = tf_sp_to_pt(s->trim.x), ty0 = tf_sp_to_pt(s->trim.y);
    double tx1 = tx0 + tf_sp_to_pt(s->trim.w), ty1 = ty0 + tf_sp_to_pt(s->trim.h);
    cairo_rectangle(cr, tx0, page_h - ty1, tx1 - tx0, ty1 - ty0);
    cairo_stroke(cr);
    double dash[] = {4.0, 3.0};
    cairo_set_dash(cr, dash, 2, 0);
    for (int k = 0; k < 2; k++) {
        double x = tf_sp_to_pt(s->fold_x[page][k]);
        if (x <= tx0 || x >= tx1) continue;
        cairo_move_to(cr, x, page_h - ty1);
        cairo_line_to(cr, x, page_h - ty0);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static bool save_png(cairo_surface_t *img, const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    cairo_status_t st = cairo_surface_write_to_png(img, tmp);
    if (st != CAIRO_STATUS_SUCCESS) {
        tf_diag_error(NULL, "cannot write '%s': %s", path, cairo_status_to_string(st));
        unlink(tmp);
        return false;
    }
    if (rename(tmp, path) != 0) {
        tf_diag_error(NULL, "cannot write '%s': %s", path, strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

int tf_preview_write(const unsigned char *pdf, size_t len, const char *dir, const char *stem, int dpi,
                     const tf_sheet *guides)
{
    if (!tf_outdir_make(dir)) return -1;
    GBytes *bytes = g_bytes_new_static(pdf, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (!doc) {
        tf_diag_error(NULL, "cannot render the PDF for preview: %s", err ? err->message : "unknown error");
        if (err) g_error_free(err);
        g_bytes_unref(bytes);
        return -1;
    }
    int n = poppler_document_get_n_pages(doc), written = 0;
    double scale = dpi / 72.0;
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        double w, h;
        poppler_page_get_size(page, &w, &h);
        int pw = (int)(w * scale + 0.5), ph = (int)(h * scale + 0.5);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw > 0 ? pw : 1, ph > 0 ? ph : 1);
        cairo_t *cr = cairo_create(img);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render(page, cr);
        if (guides && i < TF_PAGE_COUNT) draw_guides(cr, guides, i, h);
        cairo_destroy(cr);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s-%d.png", dir, stem, i + 1);
        bool ok = save_png(img, path);
        cairo_surface_destroy(img);
        g_object_unref(page);
        if (!ok) { written = -1; break; }
        written++;
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return written;
}
