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

int tf_preview_write(const unsigned char *pdf, size_t len, const char *dir, const char *stem, int dpi)
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
