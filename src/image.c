/* image.c: probe PNG/JPEG headers without decoding. The chunk/segment
 * walk also catches truncated files, which libharu would embed or reject
 * only at output time. */
#include "image.h"

#include <stdio.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "file.h"

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static bool read_at(FILE *f, long off, void *buf, size_t n)
{
    return fseek(f, off, SEEK_SET) == 0 && fread(buf, 1, n, f) == n;
}

static bool probe_png(FILE *f, const char *path, const tf_loc *where, size_t size, tf_image_info *out)
{
    unsigned char h[8 + 8 + 13];
    if (size < sizeof h || !read_at(f, 0, h, sizeof h) || memcmp(h + 12, "IHDR", 4) != 0 || be32(h + 8) != 13) {
        tf_diag_error(where, "truncated or damaged PNG '%s' (no IHDR header)", path);
        return false;
    }
    out->width = be32(h + 16);
    out->height = be32(h + 20);
    unsigned depth = h[24], color = h[25];
    if (depth == 16) {
        tf_diag_error(where, "16-bit PNG '%s' is not supported (save it with 8 bits per channel)", path);
        return false;
    }
    if (!(depth == 1 || depth == 2 || depth == 4 || depth == 8) || color > 6 || color == 1 || color == 5) {
        tf_diag_error(where, "damaged PNG '%s' (bit depth %u, colour type %u)", path, depth, color);
        return false;
    }
    /* walk the chunks to IEND using only their lengths */
    size_t off = 8;
    for (;;) {
        unsigned char ch[8];
        if (off + 12 > size || !read_at(f, (long)off, ch, 8)) {
            tf_diag_error(where, "truncated PNG '%s' (ends before the IEND chunk)", path);
            return false;
        }
        uint32_t len = be32(ch);
        if (len > size || off + 12 + (size_t)len > size) {
            tf_diag_error(where, "truncated PNG '%s' (ends inside a '%.4s' chunk)", path, (const char *)ch + 4);
            return false;
        }
        if (memcmp(ch + 4, "IEND", 4) == 0) break;
        off += 12 + (size_t)len;
    }
    out->type = TF_IMAGE_PNG;
    return true;
}

static bool probe_jpeg(FILE *f, const char *path, const tf_loc *where, size_t size, tf_image_info *out)
{
    size_t off = 2;
    for (;;) {
        unsigned char m[4];
        if (off + 4 > size || !read_at(f, (long)off, m, 4)) break;
        if (m[0] != 0xFF) {
            tf_diag_error(where, "damaged JPEG '%s' (no marker at byte %zu)", path, off);
            return false;
        }
        if (m[1] == 0xFF) { off++; continue; }            /* fill byte */
        if (m[1] == 0x01 || (m[1] >= 0xD0 && m[1] <= 0xD7)) { off += 2; continue; }
        if (m[1] == 0xD9 || m[1] == 0xDA) break;           /* EOI or scan before any SOF */
        size_t seg = ((size_t)m[2] << 8) | m[3];
        if (seg < 2) break;
        bool sof = m[1] >= 0xC0 && m[1] <= 0xCF && m[1] != 0xC4 && m[1] != 0xC8 && m[1] != 0xCC;
        if (sof) {
            unsigned char s[6];
            if (off + 4 + 6 > size || !read_at(f, (long)off + 4, s, 6)) break;
            out->height = ((uint32_t)s[1] << 8) | s[2];
            out->width = ((uint32_t)s[3] << 8) | s[4];
            if (s[5] != 1 && s[5] != 3 && s[5] != 4) {
                tf_diag_error(where, "JPEG '%s' has %u colour components (1, 3 or 4 are supported)", path, s[5]);
                return false;
            }
            out->type = TF_IMAGE_JPEG;
            return true;
        }
        off += 2 + seg;
    }
    tf_diag_error(where, "truncated or damaged JPEG '%s' (no frame header)", path);
    return false;
}

bool tf_image_probe(const char *path, const tf_loc *where, tf_image_info *out)
{
    memset(out, 0, sizeof *out);
    size_t size;
    FILE *f = tf_file_open(path, TF_MAX_IMAGE_BYTES, &size, "image", where, NULL);
    if (!f) return false;
    bool ok = false;
    out->bytes = size;
    unsigned char sig[8] = {0};
    size_t got = fread(sig, 1, sizeof sig, f);
    if (got >= 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0)
        ok = probe_png(f, path, where, size, out);
    else if (got >= 3 && sig[0] == 0xFF && sig[1] == 0xD8 && sig[2] == 0xFF)
        ok = probe_jpeg(f, path, where, size, out);
    else
        tf_diag_error(where, "'%s' is not a PNG or JPEG image", path);
    if (ok && (out->width == 0 || out->height == 0)) {
        tf_diag_error(where, "image '%s' has no pixels (%ux%u)", path, (unsigned)out->width,
                      (unsigned)out->height);
        ok = false;
    } else if (ok && (uint64_t)out->width * out->height > TF_MAX_IMAGE_PIXELS) {
        tf_diag_error(where, "image '%s' is too big (%ux%u pixels; the limit is %u megapixels)", path,
                      (unsigned)out->width, (unsigned)out->height, TF_MAX_IMAGE_PIXELS / 1000000u);
        ok = false;
    }
    fclose(f);
    return ok;
}
