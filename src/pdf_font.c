/* pdf_font.c: fonts in the PDF. Owns each font's record in the document
 * (p->fonts: CIDs, widths, the text behind each CID) and the process-wide
 * subset and deflate caches.
 *
 *   - Glyphs are drawn through CIDs of our own. A CID stands for one pair
 *     (glyph id, text the glyph was drawn for); CIDs are handed out in order
 *     of first use, so the content stream can be written at once, and the
 *     same glyph drawn for different text (a mark-bearing cluster, a reordered
 *     Indic vowel) gets a CID per text and pdftotext gets every occurrence
 *     right. pdf_text.c decides which text each glyph carries.
 *   - At save, each font is subset with hb-subset (dense new glyph ids, layout
 *     tables and hinting dropped) and embedded as Type0/CIDFontType2 with a
 *     CIDToGIDMap stream (CID -> new glyph id), a W array per CID (widths in
 *     1/100000 em, the unit pdf_text.c positions glyphs in), and a ToUnicode
 *     CMap of bfchar entries. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hb.h>

#include "diag.h"

#define MAX_CIDS 0xFFFF        /* 2-byte codes (Identity-H), 0xFFFF kept unused */
#define TOUNICODE_MAX 512      /* bytes of UTF-16 one bfchar may map to (PDF 1.7, 9.10.3) */
#define BASE_NAME_MAX 70       /* /BaseFont length: well inside the 127 bytes a PDF name may
                                * have; PostScript names are at most 63 characters */

/* --- CIDs ------------------------------------------------------------------------ */

static uint32_t key_hash(uint32_t gid, const char *t, size_t n)
{
    uint64_t h = hash_bytes(HASH_INIT, &gid, sizeof gid);
    h = hash_bytes(h, t, n);
    return (uint32_t)(h ^ (h >> 32));
}

static void slots_grow(pfont *f)
{
    uint32_t n = f->nslots ? f->nslots * 2 : 256;
    free(f->slots);
    f->slots = tf_xcalloc(n, sizeof *f->slots);
    f->nslots = n;
    for (uint32_t c = 1; c < f->ncid; c++) {
        uint32_t i = key_hash(f->cid_gid[c], f->pool.d + f->cid_toff[c], f->cid_tlen[c]) & (n - 1);
        while (f->slots[i]) i = (i + 1) & (n - 1);
        f->slots[i] = c + 1;
    }
}

static void cid_push(pfont *f, uint32_t gid, const char *t, size_t n)
{
    if (f->ncid == f->cidcap) {
        f->cidcap = f->cidcap ? f->cidcap * 2 : 256;
        f->cid_gid = tf_xrealloc(f->cid_gid, f->cidcap * sizeof *f->cid_gid);
        f->cid_toff = tf_xrealloc(f->cid_toff, f->cidcap * sizeof *f->cid_toff);
        f->cid_tlen = tf_xrealloc(f->cid_tlen, f->cidcap * sizeof *f->cid_tlen);
        f->cid_wu = tf_xrealloc(f->cid_wu, f->cidcap * sizeof *f->cid_wu);
    }
    uint32_t c = f->ncid++;
    f->cid_gid[c] = gid;
    f->cid_toff[c] = (uint32_t)f->pool.n;
    f->cid_tlen[c] = (uint32_t)n;
    buf_put(&f->pool, t, n);
    int adv = tf_font_glyph_advance_units(f->font, gid);
    f->cid_wu[c] = (int32_t)div_round((int64_t)adv * EM_U, f->upem);
}

uint32_t pdf_font_cid(tf_pdf *p, pfont *f, uint32_t gid, const char *t, size_t n)
{
    if ((f->ncid + 1) * 2 > f->nslots) slots_grow(f);
    uint32_t mask = f->nslots - 1, i = key_hash(gid, t, n) & mask;
    for (; f->slots[i]; i = (i + 1) & mask) {
        uint32_t c = f->slots[i] - 1;
        if (f->cid_gid[c] == gid && f->cid_tlen[c] == n &&
            (n == 0 || memcmp(f->pool.d + f->cid_toff[c], t, n) == 0))
            return c;
    }
    if (f->ncid >= MAX_CIDS) {
        if (!f->full)
            tf_diag_error(NULL, "PDF writer: font '%s' needs more than %u glyph codes in one "
                          "document (one per glyph and the text it stands for)",
                          tf_font_path(f->font), (unsigned)MAX_CIDS);
        f->full = true;
        p->failed = true;
        return 0;
    }
    cid_push(f, gid, t, n);
    f->slots[i] = f->ncid;          /* = new CID + 1 */
    return f->ncid - 1;
}

pfont *pdf_font_rec(tf_pdf *p, tf_font *font, int *index)
{
    for (size_t i = 0; i < p->nfonts; i++)
        if (p->fonts[i].font == font) { *index = (int)i; return &p->fonts[i]; }
    HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
    if (!PTR(p, d, "font dictionary")) return NULL;
    if (!OK(p, HPDF_Xref_Add(p->doc->xref, d), "font dictionary")) return NULL;
    p->fonts = tf_xrealloc(p->fonts, (p->nfonts + 1) * sizeof *p->fonts);
    pfont *f = &p->fonts[p->nfonts];
    memset(f, 0, sizeof *f);
    f->font = font;
    f->num = (int)p->nfonts + 1;
    f->upem = tf_font_units_per_em(font);
    f->type0 = d;
    cid_push(f, 0, "", 0);          /* CID 0 = .notdef, no text */
    *index = (int)p->nfonts++;
    return f;
}

/* --- process-wide caches -------------------------------------------------------
 *
 * A batch renders many editions with the same fonts, and editions of one
 * language nearly always draw the same glyphs in the same order, so
 * subsetting and deflating the font streams would redo the same work for
 * every edition. Two caches keep the results:
 *   - subsets, keyed by the font's content (its length and table directory,
 *     which holds every table's checksum) and the exact sorted glyph set:
 *     the new glyph id of each glyph, then the subset font bytes;
 *   - deflated streams (FontFile2, CIDToGIDMap, ToUnicode), keyed by their
 *     exact bytes. These are deflated by libharu's own deflate (into a memory
 *     stream) and written as they are, with the /Filter entry libharu would
 *     have written: the bytes are those of an uncached save, so an edition
 *     comes out the same whether built alone or inside a batch.
 * Each cache holds at most CACHE_MAX entries and CACHE_BYTES bytes (least
 * recently used evicted) and is freed at exit. Not thread-safe: a process
 * saves one PDF at a time (batches fork workers). */
#define CACHE_MAX 64
#define CACHE_BYTES (32u * 1024u * 1024u)

typedef struct centry {
    uint64_t h, used;
    unsigned char *key, *val;
    size_t klen, vlen;
} centry;

typedef struct ccache {
    centry e[CACHE_MAX];
    size_t n, bytes;
    uint64_t clock;
} ccache;

static ccache subsets, deflated;
static bool cache_atexit;

static void cache_clear(ccache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].key);
        free(c->e[i].val);
    }
    memset(c, 0, sizeof *c);
}

static void caches_free(void)
{
    cache_clear(&subsets);
    cache_clear(&deflated);
}

static const centry *cache_get(ccache *c, const void *key, size_t klen, uint64_t h)
{
    for (size_t i = 0; i < c->n; i++) {
        centry *e = &c->e[i];
        if (e->h == h && e->klen == klen && memcmp(e->key, key, klen) == 0) {
            e->used = ++c->clock;
            return e;
        }
    }
    return NULL;
}

/* Store copies of key and val (val of len vlen from val1 then val2). Returns
 * the entry, valid until the next cache_put to the same cache. */
static const centry *cache_put(ccache *c, const void *key, size_t klen, uint64_t h,
                               const void *val1, size_t vlen1, const void *val2, size_t vlen2)
{
    size_t size = klen + vlen1 + vlen2;
    if (!cache_atexit) {
        atexit(caches_free);
        cache_atexit = true;
    }
    while (c->n && (c->n == CACHE_MAX || c->bytes + size > CACHE_BYTES)) {
        size_t old = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->e[i].used < c->e[old].used) old = i;
        c->bytes -= c->e[old].klen + c->e[old].vlen;
        free(c->e[old].key);
        free(c->e[old].val);
        c->e[old] = c->e[--c->n];
    }
    centry *e = &c->e[c->n++];
    e->h = h;
    e->used = ++c->clock;
    e->klen = klen;
    e->vlen = vlen1 + vlen2;
    e->key = tf_xmalloc(klen ? klen : 1);
    e->val = tf_xmalloc(e->vlen ? e->vlen : 1);
    if (klen) memcpy(e->key, key, klen);
    if (vlen1) memcpy(e->val, val1, vlen1);
    if (vlen2) memcpy(e->val + vlen1, val2, vlen2);
    c->bytes += size;
    return e;
}

/* Deflate with libharu (the same zlib settings as its stream writer). */
static bool hpdf_deflate(tf_pdf *p, const void *data, size_t n, buf *out)
{
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Stream src = HPDF_MemStream_New(mm, 4096);
    HPDF_Stream dst = HPDF_MemStream_New(mm, 4096);
    bool ok = PTR(p, src, "deflate") && PTR(p, dst, "deflate") &&
              (!n || OK(p, HPDF_Stream_Write(src, (const HPDF_BYTE *)data, (HPDF_UINT)n), "deflate")) &&
              OK(p, HPDF_Stream_WriteToStream(src, dst, HPDF_STREAM_FILTER_FLATE_DECODE, NULL),
                 "deflate");
    if (ok) {
        size_t left = dst->size;
        HPDF_UINT count = HPDF_MemStream_GetBufCount(dst);
        for (HPDF_UINT i = 0; i < count && left; i++) {
            HPDF_UINT len = 0;
            HPDF_BYTE *chunk = HPDF_MemStream_GetBufPtr(dst, i, &len);
            if (!PTR(p, chunk, "deflate")) { ok = false; break; }
            size_t take = len < left ? len : left;
            buf_put(out, chunk, take);
            left -= take;
        }
        ok = ok && !left;
    }
    if (src) HPDF_Stream_Free(src);
    if (dst) HPDF_Stream_Free(dst);
    return ok;
}

/* A FlateDecode stream whose deflated bytes come from the cache when these
 * exact bytes were deflated before. */
static HPDF_Dict new_stream_cached(tf_pdf *p, const void *data, size_t n, const char *what)
{
    uint64_t h = hash_bytes(HASH_INIT, data, n);
    const centry *e = cache_get(&deflated, data, n, h);
    if (!e) {
        buf z = {0};
        if (!hpdf_deflate(p, data, n, &z)) {
            free(z.d);
            return NULL;
        }
        e = cache_put(&deflated, data, n, h, z.d, z.n, NULL, 0);
        free(z.d);
    }
    HPDF_Dict d = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
    if (!PTR(p, d, what)) return NULL;
    /* no filter for libharu (the bytes are deflated already); the entry
     * goes where libharu puts its own, last */
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = pdf_write_flate_filter;
    if (e->vlen && !OK(p, HPDF_Stream_Write(d->stream, e->val, (HPDF_UINT)e->vlen), what))
        return NULL;
    return d;
}


/* --- embedding at save ------------------------------------------------------------ */

static int scale1000(const pfont *f, int v) { return (int)div_round((int64_t)v * 1000, f->upem); }

/* ToUnicode CMap: one bfchar per CID that carries text. */
static bool write_tounicode(tf_pdf *p, pfont *f, HPDF_Dict type0)
{
    buf b = {0};
    buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned char *u = NULL;
    size_t ucap = 0;
    bool cut = false;
    uint32_t c = 1;
    while (c < f->ncid) {
        uint32_t count = 0;
        for (uint32_t k = c; k < f->ncid && count < 100; k++) count += f->cid_tlen[k] > 0;
        if (!count) break;
        char hdr[32];
        snprintf(hdr, sizeof hdr, "%u beginbfchar\n", (unsigned)count);
        buf_puts(&b, hdr);
        for (uint32_t done = 0; c < f->ncid && done < count; c++) {
            if (!f->cid_tlen[c]) continue;
            size_t need = 2 * (size_t)f->cid_tlen[c];   /* UTF-16: at most 2 bytes per UTF-8 byte */
            if (need > ucap) u = tf_xrealloc(u, ucap = need);
            size_t un = pdf_utf16be(f->pool.d + f->cid_toff[c], f->cid_tlen[c], u, ucap);
            if (un > TOUNICODE_MAX) {   /* cut there, not inside a surrogate pair */
                un = TOUNICODE_MAX;
                if ((u[un - 2] & 0xFC) == 0xD8) un -= 2;
                cut = true;
            }
            buf_putc(&b, '<');
            buf_hex4(&b, c);
            buf_puts(&b, "> <");
            for (size_t k = 0; k + 1 < un; k += 2) buf_hex4(&b, (uint32_t)u[k] << 8 | u[k + 1]);
            buf_puts(&b, ">\n");
            done++;
        }
        buf_puts(&b, "endbfchar\n");
    }
    free(u);
    if (cut)
        tf_diag_warning(NULL, "PDF writer: font '%s': text drawn as one glyph is longer than the "
                        "%d bytes of UTF-16 a ToUnicode entry can hold; copied text is cut there",
                        tf_font_path(f->font), TOUNICODE_MAX);
    buf_puts(&b, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n");
    HPDF_Dict s = new_stream_cached(p, b.d, b.n, "ToUnicode");
    free(b.d);
    return s && OK(p, HPDF_Dict_Add(type0, "ToUnicode", s), "ToUnicode");
}

/* A PDF name from the PostScript name: a subset tag, then [A-Za-z0-9-_.] of
 * the name, up to BASE_NAME_MAX bytes in all (a longer name is not a valid
 * PostScript name; it is cut, which changes nothing but the label). */
static void base_name(const pfont *f, uint64_t tag_hash, char *out, size_t cap)
{
    size_t o = 0;
    for (int i = 0; i < 6; i++) {
        out[o++] = (char)('A' + tag_hash % 26);
        tag_hash /= 26;
    }
    out[o++] = '+';
    for (const char *s = tf_font_postscript_name(f->font); *s && o + 1 < cap && o < BASE_NAME_MAX; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            *s == '-' || *s == '_' || *s == '.')
            out[o++] = *s;
    out[o] = '\0';
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The font's identity for the subset cache: its length and table directory
 * (which carries a checksum of every table). */
static uint64_t font_fingerprint(const tf_font *font)
{
    size_t len;
    const unsigned char *d = tf_font_data(font, &len);
    size_t dir = len >= 12 ? 12 + 16 * (size_t)(d[4] << 8 | d[5]) : len;
    if (dir > len) dir = len;
    uint64_t h = hash_bytes(HASH_INIT, &len, sizeof len);
    return hash_bytes(h, d, dir);
}

/* Subset to the glyphs gids[0..n) (sorted, unique): the subset font in
 * *font and the new id of each glyph in newg. */
static bool subset(const pfont *f, const uint32_t *gids, size_t n, uint32_t *newg, buf *font)
{
    size_t len;
    const unsigned char *data = tf_font_data(f->font, &len);
    hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *full = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    static const char *const tables[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH",
                                         "kern", "morx", "DSIG", "STAT", "meta", "vhea",
                                         "vmtx", "VORG", "hdmx", "LTSH", "VDMX", "gasp", "name", "post", "cmap"};
    /* The subsetter is given a face of only the tables it keeps (the
     * blobs are shared, not copied): the dropped ones are not even read,
     * where HarfBuzz 6 still walks the whole cmap and the layout tables of
     * the face it is given (two thirds of a subset's work) */
    hb_face_t *face = hb_face_builder_create();
    unsigned total = hb_face_get_table_tags(full, 0, NULL, NULL);
    for (unsigned at = 0; at < total;) {         /* a page of tags at a time: a font may have many */
        hb_tag_t tags[64];
        unsigned nt = TF_ARRAY_LEN(tags);
        hb_face_get_table_tags(full, at, &nt, tags);
        if (!nt) break;
        for (unsigned t = 0; t < nt; t++) {
            bool dropped = false;
            for (size_t i = 0; i < TF_ARRAY_LEN(tables) && !dropped; i++)
                dropped = tags[t] == hb_tag_from_string(tables[i], 4);
            if (dropped) continue;
            hb_blob_t *tb = hb_face_reference_table(full, tags[t]);
            hb_face_builder_add_table(face, tags[t], tb);
            hb_blob_destroy(tb);
        }
        at += nt;
    }
    hb_face_destroy(full);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    bool ok = false;
    if (in) {
        hb_set_t *set = hb_subset_input_glyph_set(in);
        for (size_t i = 0; i < n; i++) hb_set_add(set, gids[i]);
        hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (size_t i = 0; i < TF_ARRAY_LEN(tables); i++)
            hb_set_add(drop, hb_tag_from_string(tables[i], 4));
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
        hb_face_t *out = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
        if (out) {
            const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
            for (size_t i = 0; i < n; i++) {
                hb_codepoint_t ng = hb_map_get(map, gids[i]);
                newg[i] = ng == HB_MAP_VALUE_INVALID ? 0 : ng;
            }
            hb_blob_t *fb = hb_face_reference_blob(out);
            unsigned flen;
            const char *fdata = hb_blob_get_data(fb, &flen);
            buf_put(font, fdata, flen);
            hb_blob_destroy(fb);
            hb_face_destroy(out);
            ok = true;
        }
        if (plan) hb_subset_plan_destroy(plan);
        hb_subset_input_destroy(in);
    }
    hb_face_destroy(face);
    return ok;
}

/* The subset for the glyphs the font drew, from the cache or made now:
 * the entry's key is (fingerprint, gids[0..n)), its value newg[0..n) then
 * the font bytes. */
static const centry *subset_cached(const pfont *f, const uint32_t *gids, size_t n)
{
    size_t klen = sizeof(uint64_t) + n * sizeof *gids;
    unsigned char *key = tf_xmalloc(klen);
    uint64_t fp = font_fingerprint(f->font);
    memcpy(key, &fp, sizeof fp);
    memcpy(key + sizeof fp, gids, n * sizeof *gids);
    uint64_t h = hash_bytes(HASH_INIT, key, klen);
    const centry *e = cache_get(&subsets, key, klen, h);
    if (!e) {
        uint32_t *newg = tf_xmalloc((n ? n : 1) * sizeof *newg);
        buf font = {0};
        if (subset(f, gids, n, newg, &font))
            e = cache_put(&subsets, key, klen, h, newg, n * sizeof *newg, font.d, font.n);
        free(newg);
        free(font.d);
    }
    free(key);
    return e;
}

bool pdf_font_embed(tf_pdf *p, pfont *f)
{
    /* the glyph set, sorted and unique */
    uint32_t *gids = tf_xmalloc(f->ncid * sizeof *gids);
    memcpy(gids, f->cid_gid, f->ncid * sizeof *gids);
    qsort(gids, f->ncid, sizeof *gids, cmp_u32);
    size_t ng = 0;
    for (uint32_t c = 0; c < f->ncid; c++)
        if (!ng || gids[ng - 1] != gids[c]) gids[ng++] = gids[c];
    const centry *sub = subset_cached(f, gids, ng);
    if (!sub) {
        free(gids);
        tf_diag_error(NULL, "PDF writer: cannot subset font '%s'", tf_font_path(f->font));
        p->failed = true;
        return false;
    }
    /* copied out: the entry may be evicted by the next subset */
    const uint32_t *newg = (const uint32_t *)sub->val;
    size_t flen = sub->vlen - ng * sizeof *newg;
    unsigned char *fdata = tf_xmalloc(flen ? flen : 1);
    memcpy(fdata, sub->val + ng * sizeof *newg, flen);

    /* CIDToGIDMap: 2 bytes per CID. */
    unsigned char *c2g = tf_xmalloc(2 * (size_t)f->ncid);
    for (uint32_t c = 0; c < f->ncid; c++) {
        const uint32_t *at = bsearch(&f->cid_gid[c], gids, ng, sizeof *gids, cmp_u32);
        uint32_t g = at ? newg[at - gids] : 0;
        c2g[2 * c] = (unsigned char)(g >> 8);
        c2g[2 * c + 1] = (unsigned char)g;
    }
    free(gids);
    uint64_t tag = hash_bytes(HASH_INIT, tf_font_postscript_name(f->font),
                       strlen(tf_font_postscript_name(f->font)));
    tag = hash_bytes(tag, c2g, 2 * (size_t)f->ncid);
    tag = hash_bytes(tag, f->cid_gid, f->ncid * sizeof *f->cid_gid);
    p->hash2 = hash_bytes(p->hash2, fdata, flen);
    char name[96];
    base_name(f, tag, name, sizeof name);

    bool ok = false;
    HPDF_Dict cidfont = NULL, desc = NULL, file = NULL, cmap = NULL, sysinfo = NULL;
    HPDF_Array descendants = NULL, w = NULL, bbox = NULL;
    int bb[4], asc, dsc, cap, angle, flags;
    tf_font_descriptor(f->font, bb, &asc, &dsc, &cap, &angle, &flags);
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict t0 = f->type0;

    if (!(file = new_stream_cached(p, fdata, flen, "FontFile2")) ||
        !pdf_add_num(p, file, "Length1", (int)flen))
        goto done;
    if (!(cmap = new_stream_cached(p, c2g, 2 * (size_t)f->ncid, "CIDToGIDMap"))) goto done;
    if (!(desc = pdf_new_indirect(p, "FontDescriptor"))) goto done;
    if (!(bbox = HPDF_Array_New(mm)) || !PTR(p, bbox, "FontBBox")) goto done;
    for (int i = 0; i < 4; i++)
        if (!OK(p, HPDF_Array_AddNumber(bbox, scale1000(f, bb[i])), "FontBBox")) goto done;
    if (!OK(p, HPDF_Dict_AddName(desc, "Type", "FontDescriptor"), "FontDescriptor") ||
        !OK(p, HPDF_Dict_AddName(desc, "FontName", name), "FontDescriptor") ||
        !pdf_add_num(p, desc, "Flags", flags) ||
        !OK(p, HPDF_Dict_Add(desc, "FontBBox", bbox), "FontBBox") ||
        !pdf_add_num(p, desc, "ItalicAngle", angle) ||
        !pdf_add_num(p, desc, "Ascent", scale1000(f, asc)) ||
        !pdf_add_num(p, desc, "Descent", scale1000(f, dsc)) ||
        !pdf_add_num(p, desc, "CapHeight", scale1000(f, cap)) ||
        !pdf_add_num(p, desc, "StemV", 80) ||
        !OK(p, HPDF_Dict_Add(desc, "FontFile2", file), "FontFile2"))
        goto done;

    /* W: [0 [w0 w1 ... wn]], all CIDs are consecutive. */
    if (!(w = HPDF_Array_New(mm)) || !PTR(p, w, "W")) goto done;
    HPDF_Array ws = HPDF_Array_New(mm);
    if (!PTR(p, ws, "W") || !OK(p, HPDF_Array_AddNumber(w, 0), "W") ||
        !OK(p, HPDF_Array_Add(w, ws), "W"))
        goto done;
    for (uint32_t c = 0; c < f->ncid; c++) {
        int32_t wu = f->cid_wu[c];
        HPDF_STATUS st = wu % 100 == 0 ? HPDF_Array_AddNumber(ws, wu / 100)
                                       : HPDF_Array_AddReal(ws, (HPDF_REAL)wu / 100.0f);
        if (!OK(p, st, "W")) goto done;
    }

    if (!(cidfont = pdf_new_indirect(p, "CIDFont"))) goto done;
    if (!(sysinfo = HPDF_Dict_New(mm)) || !PTR(p, sysinfo, "CIDSystemInfo")) goto done;
    if (!OK(p, HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL)), "CIDSystemInfo") ||
        !OK(p, HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL)), "CIDSystemInfo") ||
        !pdf_add_num(p, sysinfo, "Supplement", 0))
        goto done;
    if (!OK(p, HPDF_Dict_AddName(cidfont, "Type", "Font"), "CIDFont") ||
        !OK(p, HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2"), "CIDFont") ||
        !OK(p, HPDF_Dict_AddName(cidfont, "BaseFont", name), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "FontDescriptor", desc), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "W", w), "CIDFont") ||
        !OK(p, HPDF_Dict_Add(cidfont, "CIDToGIDMap", cmap), "CIDFont"))
        goto done;

    if (!(descendants = HPDF_Array_New(mm)) || !PTR(p, descendants, "DescendantFonts")) goto done;
    if (!OK(p, HPDF_Array_Add(descendants, cidfont), "DescendantFonts") ||
        !OK(p, HPDF_Dict_AddName(t0, "Type", "Font"), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "Subtype", "Type0"), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "BaseFont", name), "Type0 font") ||
        !OK(p, HPDF_Dict_AddName(t0, "Encoding", "Identity-H"), "Type0 font") ||
        !OK(p, HPDF_Dict_Add(t0, "DescendantFonts", descendants), "Type0 font"))
        goto done;
    ok = write_tounicode(p, f, t0);
done:
    free(c2g);
    free(fdata);
    return ok;
}

void pdf_fonts_free(tf_pdf *p)
{
    for (size_t i = 0; i < p->nfonts; i++) {
        pfont *f = &p->fonts[i];
        free(f->cid_gid);
        free(f->cid_toff);
        free(f->cid_tlen);
        free(f->cid_wu);
        free(f->slots);
        free(f->pool.d);
    }
    free(p->fonts);
}
