/* preview_render.c: poppler-glib + cairo page rendering, built as the
 * module build/trifold-preview.so (preview_mod.h; preview.h is the API
 * trifold uses). Errors go through the hooks trifold passes. */
#include "preview_mod.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <poppler.h>


static bool save_png(const tf_preview_hooks *hk, cairo_surface_t *img, const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    cairo_status_t st = cairo_surface_write_to_png(img, tmp);
    if (st != CAIRO_STATUS_SUCCESS) {
        hk->error(NULL, "cannot write '%s': %s", path, cairo_status_to_string(st));
        unlink(tmp);
        return false;
    }
    if (rename(tmp, path) != 0) {
        hk->error(NULL, "cannot write '%s': %s", path, strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

static int write_pages(const tf_preview_hooks *hk, const unsigned char *pdf, size_t len, const char *dir,
                       const char *stem, int dpi)
{
    if (!hk->outdir_make(dir)) return -1;
    GBytes *bytes = g_bytes_new_static(pdf, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (!doc) {
        hk->error(NULL, "cannot render the PDF for preview: %s", err ? err->message : "unknown error");
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
        cairo_destroy(cr);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s-%d.png", dir, stem, i + 1);
        bool ok = save_png(hk, img, path);
        cairo_surface_destroy(img);
        g_object_unref(page);
        if (!ok) { written = -1; break; }
        written++;
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return written;
}

/* A small picture for `trifold new`'s image block: sky, hills and a sun. */
static bool picture(const tf_preview_hooks *hk, const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 300);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.90, 0.94, 0.96);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.98, 0.78, 0.30);
    cairo_arc(cr, 360, 90, 42, 0, 6.2832);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.11, 0.35, 0.48);
    cairo_move_to(cr, 0, 300);
    cairo_curve_to(cr, 120, 140, 220, 160, 300, 230);
    cairo_curve_to(cr, 360, 190, 430, 170, 480, 200);
    cairo_line_to(cr, 480, 300);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png(s, path);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        hk->error(NULL, "cannot write '%s': %s", path, cairo_status_to_string(st));
        return false;
    }
    return true;
}

const tf_preview_mod *tf_preview_mod_get(void);
const tf_preview_mod *tf_preview_mod_get(void)
{
    static const tf_preview_mod mod = {TF_PREVIEW_MOD_VERSION, write_pages, picture};
    return &mod;
}
