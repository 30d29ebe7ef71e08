/* pdf_image.c: images. Owns the document's image XObjects (p->images),
 * one per path however often it is drawn; tf_pdf_image places one, fitted
 * into a rectangle. JPEG bytes go to libharu as they are; a PNG is checked
 * and rebuilt first (see png_clean). Problems are reported with the place in
 * the content that named the image. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_GZIP_H

#include "diag.h"
#include "file.h"
#include "image.h"

/* The image's bytes under the loader's cap, with this module's wording. */
static bool read_image(const char *path, const tf_loc *where, unsigned char **out, size_t *len)
{
    tf_file_error err;
    char *d = tf_file_read(path, TF_MAX_IMAGE_BYTES, len, "image", where, &err);
    if (!d) {
        char why[128];
        if (err.status == TF_FILE_TOO_BIG)
            tf_diag_error(where, "image '%s' is larger than %d MiB", path, TF_MAX_IMAGE_BYTES >> 20);
        else
            tf_diag_error(where, "cannot read image '%s': %s", path,
                          tf_file_error_str(&err, TF_MAX_IMAGE_BYTES, why, sizeof why));
        return false;
    }
    *out = (unsigned char *)d;
    return true;
}

/* libharu hands PNGs to libpng without a setjmp: any libpng error aborts
 * the process. So a PNG is checked completely first (chunk CRCs, header,
 * the zlib stream inflating to exactly the expected size, filter bytes) and
 * rebuilt from its critical chunks only (IHDR, PLTE, tRNS, IDAT, IEND). */
static uint32_t crc_table[256];

static uint32_t png_crc(const unsigned char *d, size_t n)
{
    if (!crc_table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ d[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void png_chunk(buf *b, const char *type, const unsigned char *d, size_t n)
{
    unsigned char h[8] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 8), (unsigned char)n};
    memcpy(h + 4, type, 4);
    buf_put(b, h, 8);
    buf_put(b, d, n);
    size_t at = b->n - n - 4;
    uint32_t c = png_crc((const unsigned char *)b->d + at, n + 4);
    unsigned char cb[4] = {(unsigned char)(c >> 24), (unsigned char)(c >> 16),
                           (unsigned char)(c >> 8), (unsigned char)c};
    buf_put(b, cb, 4);
}

static void *ft_alloc(FT_Memory m, long size) { (void)m; return malloc((size_t)size); }
static void ft_free(FT_Memory m, void *block) { (void)m; free(block); }
static void *ft_realloc(FT_Memory m, long cur, long size, void *block)
{
    (void)m; (void)cur;
    return realloc(block, (size_t)size);
}

/* Returns NULL with a message for `where`, else the rebuilt PNG in *out. */
static const char *png_clean(const unsigned char *d, size_t len, buf *out)
{
    static const uint32_t channels[7] = {1, 0, 3, 1, 2, 0, 4};
    const unsigned char *ihdr = NULL, *plte = NULL, *trns = NULL;
    size_t plte_n = 0, trns_n = 0;
    buf idat = {0};
    const char *why = NULL;
    bool ended = false, idat_done = false;
    for (size_t at = 8; at < len && !ended;) {
        if (len - at < 12) { why = "truncated file"; goto done; }
        uint32_t n = rd32(d + at);
        const unsigned char *type = d + at + 4, *body = d + at + 8;
        if (n > len - at - 12) { why = "truncated file"; goto done; }
        if (png_crc(type, n + 4) != rd32(body + n)) { why = "corrupt data (chunk CRC mismatch)"; goto done; }
        at += 12 + (size_t)n;
        if (!ihdr && memcmp(type, "IHDR", 4) != 0) { why = "IHDR is not the first chunk"; goto done; }
        if (memcmp(type, "IHDR", 4) == 0) {
            if (ihdr || n != 13) { why = "bad IHDR chunk"; goto done; }
            ihdr = body;
        } else if (memcmp(type, "PLTE", 4) == 0) {
            if (plte || n == 0 || n % 3 || n > 768 || idat.n) { why = "bad palette"; goto done; }
            plte = body;
            plte_n = n;
        } else if (memcmp(type, "tRNS", 4) == 0) {
            trns = body;
            trns_n = n;
        } else if (memcmp(type, "IDAT", 4) == 0) {
            if (idat_done) { why = "IDAT chunks are not consecutive"; goto done; }
            buf_put(&idat, body, n);
        } else if (memcmp(type, "IEND", 4) == 0) {
            ended = true;
        } else if (!(type[0] & 0x20)) {
            why = "unsupported critical chunk";
            goto done;
        }
        if (idat.n && memcmp(type, "IDAT", 4) != 0) idat_done = true;
    }
    if (!ended) { why = "truncated file (no IEND)"; goto done; }
    if (!idat.n) { why = "no image data"; goto done; }
    uint32_t w = rd32(ihdr), h = rd32(ihdr + 4);
    unsigned depth = ihdr[8], ct = ihdr[9], interlace = ihdr[12];
    bool depth_ok = ct <= 6 && channels[ct] &&
                    (depth == 8 || (depth < 8 && (ct == 0 || ct == 3) &&
                                    (depth == 1 || depth == 2 || depth == 4)) ||
                     (depth == 16 && ct != 3));
    if (!w || !h || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu || !depth_ok || ihdr[10] || ihdr[11] ||
        interlace > 1) {
        why = "bad IHDR chunk";
        goto done;
    }
    if (depth == 16) { why = "16-bit PNG is not supported (save it with 8 bits per channel)"; goto done; }
    if ((uint64_t)w * h > TF_MAX_IMAGE_PIXELS) { why = "more than 25 megapixels"; goto done; }
    if (ct == 3 && !plte) { why = "palette image without a palette"; goto done; }
    if (trns && !((ct == 0 && trns_n == 2) || (ct == 2 && trns_n == 6) ||
                  (ct == 3 && trns_n <= plte_n / 3)))
        trns = NULL;   /* libpng would ignore it with a warning */

    /* Expected inflated size: rows of each (Adam7) pass, one filter byte each. */
    static const int pass[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                   {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    uint64_t bpp = channels[ct] * depth, total = 0;
    uint64_t pw[7], ph[7];
    int npass = interlace ? 7 : 1;
    for (int i = 0; i < npass; i++) {
        uint64_t x0 = interlace ? pass[i][0] : 0, y0 = interlace ? pass[i][1] : 0;
        uint64_t dx = interlace ? pass[i][2] : 1, dy = interlace ? pass[i][3] : 1;
        pw[i] = w > x0 ? (w - x0 + dx - 1) / dx : 0;
        ph[i] = h > y0 ? (h - y0 + dy - 1) / dy : 0;
        if (pw[i] && ph[i]) total += ph[i] * (1 + (pw[i] * bpp + 7) / 8);
    }
    unsigned char *raw = malloc(total ? total : 1);
    if (!raw) { why = "image too large"; goto done; }
    struct FT_MemoryRec_ mem = {NULL, ft_alloc, ft_free, ft_realloc};
    FT_ULong got = (FT_ULong)total;
    FT_Error fe = FT_Gzip_Uncompress(&mem, raw, &got, (const FT_Byte *)idat.d, idat.n);
    if (fe || got != total) {
        why = "corrupt image data";
    } else {
        uint64_t at = 0;
        for (int i = 0; i < npass && !why; i++) {
            if (!pw[i] || !ph[i]) continue;
            uint64_t row = 1 + (pw[i] * bpp + 7) / 8;
            for (uint64_t y = 0; y < ph[i]; y++, at += row)
                if (raw[at] > 4) { why = "corrupt image data (bad row filter)"; break; }
        }
    }
    free(raw);
    if (why) goto done;

    buf_put(out, d, 8);
    png_chunk(out, "IHDR", ihdr, 13);
    if (plte && (ct == 3 || ct == 2 || ct == 6)) png_chunk(out, "PLTE", plte, plte_n);
    if (trns) png_chunk(out, "tRNS", trns, trns_n);
    png_chunk(out, "IDAT", (const unsigned char *)idat.d, idat.n);
    png_chunk(out, "IEND", NULL, 0);
done:
    free(idat.d);
    return why;
}

/* With colour management an RGB image is ICCBased sRGB (PDF/X-4 allows
 * it in press files: the RIP converts it with the output intent). Gray
 * stays DeviceGray (black ink in press). */
static bool icc_space(tf_pdf *p, HPDF_Image img)
{
    /* HPDF_Dict_GetItem records an error for a value of another class
     * than asked: look the key up in the dict's list instead */
    void *cs = NULL;
    for (HPDF_UINT i = 0; i < img->list->count; i++) {
        HPDF_DictElement e = img->list->obj[i];
        if (!strcmp(e->key, "ColorSpace")) cs = e->value;
    }
    if (!cs) return true;
    HPDF_Obj_Header *h = (HPDF_Obj_Header *)cs;
    if (h->obj_class == HPDF_OCLASS_PROXY) return true;   /* set by us already */
    if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_NAME) {
        if (strcmp(HPDF_Name_GetValue(cs), "DeviceRGB")) return true;
        HPDF_Array icc = pdf_srgb_space(p);
        return icc && OK(p, HPDF_Dict_Add(img, "ColorSpace", icc), "image colour space");
    }
    if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_ARRAY) {
        /* [/Indexed /DeviceRGB hival lookup]: the base replaced in place */
        HPDF_Array a = cs;
        void *base = HPDF_Array_GetItem(a, 1, HPDF_OCLASS_NAME);
        if (!base || strcmp(HPDF_Name_GetValue(base), "DeviceRGB")) return true;
        HPDF_Array icc = pdf_srgb_space(p);
        if (!icc || !OK(p, HPDF_Array_Insert(a, base, icc), "image colour space")) return false;
        HPDF_List_Remove(a->list, base);
        HPDF_Obj_Free(p->doc->mmgr, base);
        return true;
    }
    return true;
}

static pimage *load_image(tf_pdf *p, const char *path, const tf_loc *where)
{
    for (size_t i = 0; i < p->nimages; i++)
        if (strcmp(p->images[i].path, path) == 0) return &p->images[i];
    unsigned char *data;
    size_t len;
    if (!read_image(path, where, &data, &len)) return NULL;

    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    bool png = len >= 33 && memcmp(data, png_sig, 8) == 0;
    bool jpeg = len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
    if (!png && !jpeg) {
        tf_diag_error(where, "image '%s' is neither PNG nor JPEG", path);
        free(data);
        return NULL;
    }
    HPDF_Image img;
    if (png) {
        buf clean = {0};
        const char *why = png_clean(data, len, &clean);
        if (why) {
            tf_diag_error(where, "image '%s': %s", path, why);
            free(data);
            return NULL;
        }
        img = HPDF_LoadPngImageFromMem(p->doc, (const HPDF_BYTE *)clean.d, (HPDF_UINT)clean.n);
        free(clean.d);
    } else {
        img = HPDF_LoadJpegImageFromMem(p->doc, data, (HPDF_UINT)len);
    }
    size_t wn = strlen(path) + 32;
    char *what = tf_xmalloc(wn);
    snprintf(what, wn, "cannot load image '%s'", path);
    bool ok = pdf_check(p, img ? HPDF_OK : HPDF_INVALID_OBJECT, where, what);
    if (ok) {
        p->hash2 = hash_bytes(p->hash2, data, len);
        /* An alpha channel becomes an SMask, which needs PDF 1.4. */
        HPDF_Dict smask = HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT);
        if (smask && p->doc->pdf_version < HPDF_VER_14) p->doc->pdf_version = HPDF_VER_14;
        ok = pdf_check(p, HPDF_OK, where, what) && (!p->cm || icc_space(p, img));
    }
    free(what);
    free(data);
    if (!ok) return NULL;
    p->images = tf_xrealloc(p->images, (p->nimages + 1) * sizeof *p->images);
    pimage *im = &p->images[p->nimages];
    im->path = tf_xstrdup(path);
    im->img = img;
    im->num = (int)++p->nimages;
    im->page_serial = 0;
    im->w = HPDF_Image_GetWidth(img);
    im->h = HPDF_Image_GetHeight(img);
    return im;
}

bool tf_pdf_image(tf_pdf *p, const char *path, const tf_loc *where, tf_rect r)
{
    if (!pdf_drawable(p)) return false;
    pimage *im = load_image(p, path, where);
    if (!im || !im->w || !im->h) return false;
    char name[16];
    snprintf(name, sizeof name, "Im%d", im->num);
    if (im->page_serial != p->page_serial) {
        HPDF_Dict xo = pdf_resource_dict(p, &p->res_xobject, "XObject");
        if (!xo || !OK(p, HPDF_Dict_Add(xo, name, im->img), "page image")) return false;
        im->page_serial = p->page_serial;
    }
    /* Fit into r keeping the aspect ratio, centred. */
    int64_t w = r.w, h = div_round((int64_t)r.w * im->h, im->w);
    if (h > r.h) {
        h = r.h;
        w = div_round((int64_t)r.h * im->w, im->h);
    }
    int64_t x = r.x + (r.w - w) / 2, y = r.y + (r.h - h) / 2;
    pdf_mark_content(p);
    pdf_end_text(p);
    buf *b = &p->cs;
    buf_puts(b, "q ");
    buf_sp(b, (tf_sp)w);
    buf_puts(b, "0 0 ");
    buf_sp(b, (tf_sp)h);
    buf_sp(b, (tf_sp)x);
    buf_sp(b, (tf_sp)y);
    buf_puts(b, "cm /");
    buf_puts(b, name);
    buf_puts(b, " Do Q\n");
    return true;
}

void pdf_images_free(tf_pdf *p)
{
    for (size_t i = 0; i < p->nimages; i++) free(p->images[i].path);
    free(p->images);
}
