/* pdf_tags.c: tagged PDF and navigation. Owns the elements, the marked-
 * content brackets and MCIDs of each page, tagged link annotations,
 * bookmarks and page labels (the tagging fields of struct tf_pdf), and
 * writes them at save: StructTreeRoot and ParentTree, /StructParents and
 * /Tabs on pages, MarkInfo, XMP metadata, Outlines and PageLabels.
 * docs/accessibility.md says what is written and checked.
 *
 * Marked content
 * --------------
 * A document is tagged once an element was created or content was marked
 * for the Document element, and that may happen after the first pages were
 * drawn. So every page is written with its marked-content operators and
 * kept until save: drawing outside any bracket opens an /Artifact, drawing
 * inside one opens `/<role> <</MCID n>> BDC` with the page's next MCID.
 * The byte range of each of these operators is recorded; an untagged
 * document drops them at save and comes out exactly as without tagging.
 *
 * Brackets open lazily, at the first drawing inside them, and never nest in
 * the stream: entering an inner bracket closes the outer one, and drawing
 * after the inner one ended reopens the outer with a fresh MCID. So an
 * element's kids interleave its content and its child elements in drawing
 * order, and a bracket with nothing drawn in it leaves no trace. The text
 * object is ended before every marked-content operator, so BT/ET and
 * BDC/EMC always nest properly. */
#include "pdf_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The marked-content operator written since `from`: record its range. */
static void mc_cut(tf_pdf *p, size_t from)
{
    ppage *pg = pdf_cur_page(p);
    if (pg->ncut + 2 > pg->cutcap) {
        pg->cutcap = pg->cutcap ? 2 * pg->cutcap : 64;
        pg->cut = tf_xrealloc(pg->cut, pg->cutcap * sizeof *pg->cut);
    }
    pg->cut[pg->ncut++] = from;
    pg->cut[pg->ncut++] = p->cs.n - from;
}

/* A marked-content operator: written, and its range recorded. */
static void mc_op(tf_pdf *p, const char *op)
{
    size_t from = p->cs.n;
    buf_puts(&p->cs, op);
    mc_cut(p, from);
}

static void kid_push(pelem *e, int kind, int a, int b)
{
    GROW(e->kids, e->nkids, e->cap);
    e->kids[e->nkids++] = (pkid){kind, a, b};
}

void pdf_tags_init(tf_pdf *p)
{
    p->open = OPEN_NONE;
    GROW(p->elems, p->nelems, p->elemcap);
    memset(p->elems, 0, sizeof *p->elems);
    p->elems[0].role = tf_xstrdup("Document");
    p->elems[0].parent = -1;
    p->elems[0].pg = -1;
    p->nelems = 1;
}

void pdf_mark_content(tf_pdf *p)
{
    int want = p->depth ? p->stack[p->depth - 1] : TF_PDF_ARTIFACT;
    if (p->open == want) return;
    pdf_end_text(p);
    if (p->open != OPEN_NONE) mc_op(p, "EMC\n");
    p->open = want;
    if (want == TF_PDF_ARTIFACT) {
        mc_op(p, "/Artifact BMC\n");
        return;
    }
    ppage *pg = pdf_cur_page(p);
    int page = (int)p->npages - 1, mcid = (int)pg->nmcid;
    GROW(pg->owner, pg->nmcid, pg->mcidcap);
    pg->owner[pg->nmcid++] = want;
    pelem *e = &p->elems[want];
    kid_push(e, KID_MCR, page, mcid);
    if (e->pg < 0) e->pg = page;
    p->tagged = true;
    size_t from = p->cs.n;
    buf_putc(&p->cs, '/');
    buf_puts(&p->cs, e->role);
    buf_puts(&p->cs, " <</MCID ");
    buf_fixed(&p->cs, mcid, 0);
    buf_puts(&p->cs, ">> BDC\n");
    mc_cut(p, from);
}

void pdf_mark_close(tf_pdf *p)
{
    if (p->open != OPEN_NONE) mc_op(p, "EMC\n");
    p->open = OPEN_NONE;
}

/* ActualText on a structure element rather than on a Span sequence nested
 * in the element's marked content: poppler (MarkedContentOutputDev) ends an
 * MCID sequence at the first EMC inside it and loses the element's text
 * after a nested sequence, and MuPDF 1.21 ignores /ActualText in content
 * streams; the element's text read from the tree is exact either way. */
bool pdf_actual_begin(tf_pdf *p, const char *text, size_t n)
{
    int top = p->depth ? p->stack[p->depth - 1] : TF_PDF_ARTIFACT;
    if (top < 0) return false;
    tf_pdf_elem span = tf_pdf_struct(p, top, "Span", NULL, NULL);
    char *a = tf_xmalloc(n + 1);
    memcpy(a, text, n);
    a[n] = '\0';
    p->elems[span].actual = a;
    p->hash1 = hash_bytes(p->hash1, text, n);
    tf_pdf_mark_begin(p, span);
    pdf_mark_content(p);
    return true;
}

void pdf_actual_end(tf_pdf *p)
{
    tf_pdf_mark_end(p);
}

/* PDF/UA wants a description of every annotation: the Link element's /Alt
 * when it has one, else the URI itself, as /Contents. */
void tf_pdf_link_tagged(tf_pdf *p, tf_rect r, const char *uri, tf_pdf_elem link)
{
    assert(link >= 0 && (size_t)link < p->nelems);
    if (!pdf_drawable(p) || !uri) return;
    HPDF_Annotation a = pdf_link_annot(p, r, uri);
    if (!a) return;
    pelem *e = &p->elems[link];
    void *c = pdf_text_string(p, e->alt ? e->alt : uri);
    if (!PTR(p, c, "link /Contents") || !OK(p, HPDF_Dict_Add(a, "Contents", c), "link /Contents"))
        return;
    int page = (int)p->npages - 1;
    GROW(p->links, p->nlinks, p->linkcap);
    p->links[p->nlinks] = (plink){a, page, link};
    kid_push(e, KID_OBJR, (int)p->nlinks++, 0);
    if (e->pg < 0) e->pg = page;
    p->tagged = true;
}

/* --- tagging API ------------------------------------------------------------------- */

static bool role_ok(const char *role)
{
    size_t n = 0;
    for (; role[n]; n++)
        if (!((role[n] >= 'A' && role[n] <= 'Z') || (role[n] >= 'a' && role[n] <= 'z') ||
              (role[n] >= '0' && role[n] <= '9')))
            return false;
    return n > 0;
}

tf_pdf_elem tf_pdf_struct(tf_pdf *p, tf_pdf_elem parent, const char *role, const char *alt,
                          const char *lang)
{
    assert(parent >= 0 && (size_t)parent < p->nelems);
    assert(role && role_ok(role));
    GROW(p->elems, p->nelems, p->elemcap);
    int n = (int)p->nelems++;
    pelem *e = &p->elems[n];
    memset(e, 0, sizeof *e);
    e->role = tf_xstrdup(role);
    e->parent = parent;
    e->pg = -1;
    if (alt && *alt) e->alt = tf_xstrdup(alt);
    if (lang && *lang && !(p->lang && strcmp(lang, p->lang) == 0)) e->lang = tf_xstrdup(lang);
    kid_push(&p->elems[parent], KID_ELEM, n, 0);
    p->tagged = true;
    p->hash1 = hash_bytes(p->hash1, role, strlen(role) + 1);
    if (alt) p->hash1 = hash_bytes(p->hash1, alt, strlen(alt));
    return n;
}

void tf_pdf_actual_text(tf_pdf *p, tf_pdf_elem elem, const char *text)
{
    assert(elem > 0 && (size_t)elem < p->nelems && text);
    pelem *e = &p->elems[elem];
    free(e->actual);
    e->actual = tf_xstrdup(text);
    p->hash1 = hash_bytes(p->hash1, text, strlen(text) + 1);
}

void tf_pdf_mark_begin(tf_pdf *p, tf_pdf_elem elem)
{
    assert(elem == TF_PDF_ARTIFACT || (elem >= 0 && (size_t)elem < p->nelems));
    GROW(p->stack, p->depth, p->stackcap);
    p->stack[p->depth++] = elem;
}

void tf_pdf_mark_end(tf_pdf *p)
{
    assert(p->depth > 0);
    p->depth--;
}

void tf_pdf_bookmark(tf_pdf *p, const char *title, int level, int page, tf_sp y)
{
    assert(title && level >= 0 && page >= 0);
    GROW(p->marks, p->nmarks, p->markcap);
    p->marks[p->nmarks++] = (pmark){tf_xstrdup(title), level, page, y};
    p->hash1 = hash_bytes(p->hash1, title, strlen(title) + 1);
}

void tf_pdf_page_label(tf_pdf *p, int page, const char *label)
{
    assert(label && page >= 0);
    GROW(p->labels, p->nlabels, p->labelcap);
    p->labels[p->nlabels++] = (plabel){page, tf_xstrdup(label)};
    p->hash1 = hash_bytes(p->hash1, label, strlen(label) + 1);
}

void tf_pdf_claim_ua(tf_pdf *p) { p->claim_ua = true; }

/* --- at save ---------------------------------------------------------------------- */

/* One kid of element e in its /K array. */
static bool write_kid(tf_pdf *p, const pelem *e, HPDF_Array k, pkid kid)
{
    HPDF_MMgr mm = p->doc->mmgr;
    if (kid.kind == KID_ELEM) return pdf_aput(p, k, p->elems[kid.a].dict, "/K");
    if (kid.kind == KID_MCR && kid.a == e->pg)
        return OK(p, HPDF_Array_AddNumber(k, kid.b), "/K");
    HPDF_Dict d = HPDF_Dict_New(mm);
    if (!pdf_aput(p, k, d, "/K")) return false;
    if (kid.kind == KID_MCR)
        return pdf_put_name(p, d, "Type", "MCR") && pdf_put(p, d, "Pg", p->pages[kid.a].page) &&
               pdf_add_num(p, d, "MCID", kid.b);
    const plink *l = &p->links[kid.a];
    return pdf_put_name(p, d, "Type", "OBJR") && pdf_put(p, d, "Obj", l->annot) &&
           pdf_put(p, d, "Pg", p->pages[l->page].page);
}

static bool write_elem(tf_pdf *p, const pelem *e, HPDF_Dict tree_root)
{
    HPDF_Dict d = e->dict;
    if (!pdf_put_name(p, d, "Type", "StructElem") || !pdf_put_name(p, d, "S", e->role) ||
        !pdf_put(p, d, "P", e->parent < 0 ? tree_root : p->elems[e->parent].dict))
        return false;
    if (e->pg >= 0 && !pdf_put(p, d, "Pg", p->pages[e->pg].page)) return false;
    if (e->alt && !pdf_put(p, d, "Alt", pdf_text_string(p, e->alt))) return false;
    if (e->actual && !pdf_put(p, d, "ActualText", pdf_text_string(p, e->actual))) return false;
    if (e->lang && !pdf_put(p, d, "Lang", HPDF_String_New(p->doc->mmgr, e->lang, NULL)))
        return false;
    if (!e->nkids) return true;
    HPDF_Array k = HPDF_Array_New(p->doc->mmgr);
    if (!pdf_put(p, d, "K", k)) return false;
    for (size_t i = 0; i < e->nkids; i++)
        if (!write_kid(p, e, k, e->kids[i])) return false;
    return true;
}

/* StructTreeRoot, its elements and the ParentTree: page i has key i (an
 * array: the element of each MCID), tagged link j key npages + j. */
static bool write_structure(tf_pdf *p)
{
    HPDF_MMgr mm = p->doc->mmgr;
    HPDF_Dict root = pdf_new_indirect(p, "StructTreeRoot");
    HPDF_Dict tree = pdf_new_indirect(p, "ParentTree");
    if (!root || !tree) return false;
    for (size_t i = 0; i < p->nelems; i++)
        if (!(p->elems[i].dict = pdf_new_indirect(p, "structure element"))) return false;
    for (size_t i = 0; i < p->nelems; i++)
        if (!write_elem(p, &p->elems[i], root)) return false;

    HPDF_Array nums = HPDF_Array_New(mm);
    if (!pdf_put(p, tree, "Nums", nums)) return false;
    for (size_t i = 0; i < p->npages; i++) {
        ppage *pg = &p->pages[i];
        HPDF_Array owners = HPDF_Array_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, (HPDF_INT32)i), "ParentTree") ||
            !pdf_aput(p, nums, owners, "ParentTree"))
            return false;
        for (size_t m = 0; m < pg->nmcid; m++)
            if (!pdf_aput(p, owners, p->elems[pg->owner[m]].dict, "ParentTree")) return false;
        if (!pdf_add_num(p, pg->page, "StructParents", (int)i) ||
            !pdf_put_name(p, pg->page, "Tabs", "S"))
            return false;
    }
    for (size_t j = 0; j < p->nlinks; j++) {
        int key = (int)(p->npages + j);
        if (!OK(p, HPDF_Array_AddNumber(nums, key), "ParentTree") ||
            !pdf_aput(p, nums, p->elems[p->links[j].elem].dict, "ParentTree") ||
            !pdf_add_num(p, p->links[j].annot, "StructParent", key))
            return false;
    }
    HPDF_Dict mark = HPDF_Dict_New(mm);
    return pdf_put_name(p, root, "Type", "StructTreeRoot") &&
           pdf_put(p, root, "K", p->elems[0].dict) && pdf_put(p, root, "ParentTree", tree) &&
           pdf_add_num(p, root, "ParentTreeNextKey", (int)(p->npages + p->nlinks)) &&
           pdf_put(p, p->doc->catalog, "StructTreeRoot", root) &&
           pdf_put(p, p->doc->catalog, "MarkInfo", mark) &&
           OK(p, HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE), "MarkInfo");
}

/* UTF-8 as XML character data: markup escaped, invalid bytes and control
 * characters (not allowed in XML 1.0) replaced. */
static void xml_text(buf *b, const char *s)
{
    for (const char *q = s, *end = s + strlen(s); q < end;) {
        const char *at = q;
        uint32_t cp = tf_utf8_next(&q, end);
        if (cp == '&') buf_puts(b, "&amp;");
        else if (cp == '<') buf_puts(b, "&lt;");
        else if (cp == '>') buf_puts(b, "&gt;");
        else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) buf_putc(b, ' ');
        else if (cp == TF_UTF8_BAD) buf_puts(b, "\xEF\xBF\xBD");   /* U+FFFD */
        else buf_put(b, at, (size_t)(q - at));
    }
}

static void xml_elem(buf *b, const char *tag, const char *wrap, const char *li_attr,
                     const char *value)
{
    if (!value || !*value) return;
    buf_puts(b, "   <"); buf_puts(b, tag); buf_putc(b, '>');
    if (wrap) { buf_puts(b, "<rdf:"); buf_puts(b, wrap); buf_puts(b, "><rdf:li"); buf_puts(b, li_attr); buf_putc(b, '>'); }
    xml_text(b, value);
    if (wrap) { buf_puts(b, "</rdf:li></rdf:"); buf_puts(b, wrap); buf_putc(b, '>'); }
    buf_puts(b, "</"); buf_puts(b, tag); buf_puts(b, ">\n");
}

/* XMP packet (uncompressed, as PDF/UA wants it readable) with the Info
 * dictionary's values: Title, Author, Subject, Creator, Producer, dates. */
static bool write_xmp(tf_pdf *p)
{
    HPDF_Date d = pdf_epoch_date(p->epoch);
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
             d.hour, d.minutes, d.seconds);
    const char *producer = HPDF_GetInfoAttr(p->doc, HPDF_INFO_PRODUCER);
    buf b = {0};
    buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "  <rdf:Description rdf:about=\"\"\n"
                 "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                 "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                 "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                 "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n"
                 "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
                 "   <dc:format>application/pdf</dc:format>\n");
    xml_elem(&b, "dc:title", "Alt", " xml:lang=\"x-default\"", p->title);
    xml_elem(&b, "dc:creator", "Seq", "", p->author);
    xml_elem(&b, "dc:description", "Alt", " xml:lang=\"x-default\"", p->subject);
    xml_elem(&b, "dc:language", "Bag", "", p->lang);
    xml_elem(&b, "pdf:Producer", NULL, "", producer);
    xml_elem(&b, "xmp:CreatorTool", NULL, "", p->creator);
    xml_elem(&b, "xmp:CreateDate", NULL, "", date);
    xml_elem(&b, "xmp:ModifyDate", NULL, "", date);
    xml_elem(&b, "xmp:MetadataDate", NULL, "", date);
    if (p->claim_ua) xml_elem(&b, "pdfuaid:part", NULL, "", "1");
    if (p->claim_pdfx) {
        /* PDF/X-4 wants these beside the version; the IDs come from the
         * hash of the content, so the same input gives the same IDs */
        char uuid[64];
        snprintf(uuid, sizeof uuid, "uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned)(p->hash1 >> 32),
                 (unsigned)(p->hash1 >> 16) & 0xFFFF, (unsigned)p->hash1 & 0xFFFF,
                 (unsigned)(p->hash2 >> 48), (unsigned long long)(p->hash2 & 0xFFFFFFFFFFFFull));
        xml_elem(&b, "pdfxid:GTS_PDFXVersion", NULL, "", "PDF/X-4");
        xml_elem(&b, "pdf:Trapped", NULL, "", "False");
        xml_elem(&b, "xmpMM:DocumentID", NULL, "", uuid);
        xml_elem(&b, "xmpMM:VersionID", NULL, "", "1");
        xml_elem(&b, "xmpMM:RenditionClass", NULL, "", "default");
    }
    buf_puts(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    HPDF_Dict s = pdf_new_stream(p, b.d, b.n, "XMP metadata");
    free(b.d);
    if (!s) return false;
    s->filter = HPDF_STREAM_FILTER_NONE;
    return pdf_put_name(p, s, "Type", "Metadata") && pdf_put_name(p, s, "Subtype", "XML") &&
           pdf_put(p, p->doc->catalog, "Metadata", s);
}

/* Outline items as a tree (level n goes under the last item of level n-1;
 * a deeper level than that is clamped), all open, each with an /XYZ
 * destination. */
static bool write_outlines(tf_pdf *p)
{
    if (!p->nmarks || !p->npages) return true;
    HPDF_MMgr mm = p->doc->mmgr;
    size_t n = p->nmarks;
    HPDF_Dict *item = tf_xcalloc(n + 1, sizeof *item);   /* [n] is the root */
    int *parent = tf_xmalloc(n * sizeof *parent), *first = tf_xmalloc((n + 1) * sizeof *first),
        *last = tf_xmalloc((n + 1) * sizeof *last), *count = tf_xcalloc(n + 1, sizeof *count);
    int *stack = tf_xmalloc(n * sizeof *stack), depth = 0;   /* a level is at most i */
    bool ok = true;
    for (size_t i = 0; i <= n; i++) first[i] = last[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int level = p->marks[i].level;
        if (level > depth) level = depth;
        parent[i] = level ? stack[level - 1] : (int)n;
        stack[level] = (int)i;
        depth = level + 1;
        for (int a = parent[i];; a = parent[a]) {
            count[a]++;
            if (a == (int)n) break;
        }
    }
    for (size_t i = 0; i <= n && ok; i++) ok = (item[i] = pdf_new_indirect(p, "outline")) != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        const pmark *m = &p->marks[i];
        int pa = parent[i];
        size_t page = (size_t)m->page < p->npages ? (size_t)m->page : p->npages - 1;
        HPDF_Array dest = HPDF_Array_New(mm);
        ok = pdf_put(p, item[i], "Title", pdf_text_string(p, m->title)) &&
             pdf_put(p, item[i], "Parent", item[pa]) && pdf_put(p, item[i], "Dest", dest) &&
             pdf_aput(p, dest, p->pages[page].page, "Dest") &&
             OK(p, HPDF_Array_AddName(dest, "XYZ"), "Dest") &&
             pdf_aput(p, dest, HPDF_Null_New(mm), "Dest") &&
             OK(p, HPDF_Array_AddReal(dest, (HPDF_REAL)tf_sp_to_pt(m->y)), "Dest") &&
             pdf_aput(p, dest, HPDF_Null_New(mm), "Dest");
        if (ok && last[pa] >= 0)
            ok = pdf_put(p, item[last[pa]], "Next", item[i]) &&
                 pdf_put(p, item[i], "Prev", item[last[pa]]);
        if (first[pa] < 0) first[pa] = (int)i;
        last[pa] = (int)i;
    }
    for (size_t i = 0; i <= n && ok; i++)
        if (first[i] >= 0)
            ok = pdf_put(p, item[i], "First", item[first[i]]) &&
                 pdf_put(p, item[i], "Last", item[last[i]]) &&
                 pdf_add_num(p, item[i], "Count", count[i]);
    ok = ok && pdf_put_name(p, item[n], "Type", "Outlines") &&
         pdf_put(p, p->doc->catalog, "Outlines", item[n]) &&
         pdf_put_name(p, p->doc->catalog, "PageMode", "UseOutlines");
    free(item);
    free(stack);
    free(parent);
    free(first);
    free(last);
    free(count);
    return ok;
}

/* /PageLabels number tree: a prefix-only label from each given page on
 * (the last one given for a page wins); page 0 gets decimal numbers when
 * no label starts there, as the tree must cover it. */
static bool write_labels(tf_pdf *p)
{
    if (!p->nlabels) return true;
    HPDF_MMgr mm = p->doc->mmgr;
    /* stable insertion sort by page */
    for (size_t i = 1; i < p->nlabels; i++)
        for (size_t j = i; j > 0 && p->labels[j - 1].page > p->labels[j].page; j--) {
            plabel t = p->labels[j];
            p->labels[j] = p->labels[j - 1];
            p->labels[j - 1] = t;
        }
    HPDF_Dict tree = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    if (!pdf_put(p, p->doc->catalog, "PageLabels", tree) || !pdf_put(p, tree, "Nums", nums))
        return false;
    if (p->labels[0].page > 0) {
        HPDF_Dict d = HPDF_Dict_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, 0), "PageLabels") ||
            !pdf_aput(p, nums, d, "PageLabels") ||
            !pdf_put_name(p, d, "S", "D"))
            return false;
    }
    for (size_t i = 0; i < p->nlabels; i++) {
        if (i + 1 < p->nlabels && p->labels[i + 1].page == p->labels[i].page) continue;
        HPDF_Dict d = HPDF_Dict_New(mm);
        if (!OK(p, HPDF_Array_AddNumber(nums, p->labels[i].page), "PageLabels") ||
            !pdf_aput(p, nums, d, "PageLabels") ||
            !pdf_put(p, d, "P", pdf_text_string(p, p->labels[i].label)))
            return false;
    }
    return true;
}

bool pdf_tags_write(tf_pdf *p)
{
    if (p->tagged) {
        /* PDF 1.7: what readers expect of tagged files (1.5+ for some) */
        p->doc->pdf_version = HPDF_VER_17;
        if (!write_structure(p) || !write_xmp(p)) return false;
    }
    return write_outlines(p) && write_labels(p);
}

void pdf_tags_free(tf_pdf *p)
{
    for (size_t i = 0; i < p->nelems; i++) {
        free(p->elems[i].role);
        free(p->elems[i].alt);
        free(p->elems[i].lang);
        free(p->elems[i].actual);
        free(p->elems[i].kids);
    }
    free(p->elems);
    free(p->links);
    free(p->stack);
    for (size_t i = 0; i < p->nmarks; i++) free(p->marks[i].title);
    free(p->marks);
    for (size_t i = 0; i < p->nlabels; i++) free(p->labels[i].label);
    free(p->labels);
}
