#!/usr/bin/env python3
"""PDF/UA-1 checks of our own: every Matterhorn Protocol (1.02) failure
condition a machine can check for what trifold writes.

  python3 tests/pdfua/check.py FILE.pdf...

prints one line per failure, "FILE: ID message", and exits 1 when any file
fails (2 when a file cannot be read). ID is the Matterhorn checkpoint
(e.g. 10-001); three conditions that PDF/UA-1 requires through ISO 32000-1
but Matterhorn lists under no number have ids of our own (TF-xxx). The
table CHECKS below maps every id to what is checked; docs/accessibility.md
lists the same and what only a person can judge.

Repeated failures of one kind on one page (the same unmapped glyph drawn
ten times) are one line with a count.
"""

import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfread import (pikepdf, Name, Dictionary, Array, text_of, name_of, key,  # noqa: E402
                     as_list, number_tree, walk_content, struct_tree,
                     effective_lang, elem_text, truetype_num_glyphs)

# id -> what fails it (the Matterhorn failure condition, in our words)
CHECKS = {
    "01-003": "artifact marked content inside tagged (MCID) content",
    "01-004": "tagged (MCID) content inside an artifact",
    "01-005": "drawing that is neither tagged content (an MCID owned by a structure "
              "element through the ParentTree) nor an artifact; or no structure tree / "
              "MarkInfo Marked not true",
    "01-007": "MarkInfo /Suspects true",
    "02-001": "a structure type that is not standard and not role-mapped to one",
    "02-003": "circular role mapping",
    "02-004": "a standard structure type is role-mapped",
    "06-001": "no XMP metadata stream on the catalog",
    "06-002": "XMP has no pdfuaid:part",
    "06-003": "XMP has no dc:title (or it is empty)",
    "07-001": "no ViewerPreferences /DisplayDocTitle",
    "07-002": "DisplayDocTitle false",
    "09-004": "table elements out of place (TR outside Table/THead/TBody/TFoot, TH/TD outside TR)",
    "09-005": "list elements out of place (L holds other than LI/L/Caption, LI other than "
              "Lbl/LBody, Lbl/LBody outside LI)",
    "10-001": "a character code drawn has no Unicode mapping (ToUnicode or standard "
              "encoding) and no enclosing ActualText, or maps to U+FFFD",
    "11-001": "language of page content cannot be determined (no /Lang on the element "
              "or an ancestor or the catalog), or a /Lang is not a well-formed BCP 47 tag",
    "11-002": "language of an Alt/ActualText cannot be determined",
    "11-003": "language of the outline cannot be determined (no catalog /Lang)",
    "11-004": "language of an annotation's Contents cannot be determined",
    "11-006": "language of the metadata cannot be determined (no catalog /Lang)",
    "13-004": "Figure with no non-empty /Alt or /ActualText",
    "14-002": "numbered headings used but the first is not H1",
    "14-003": "a heading level skipped going down (H1 then H3)",
    "14-006": "one element holds more than one H",
    "14-007": "both H and H1..H6 used",
    "17-002": "Formula with no /Alt",
    "19-003": "Note with no /ID",
    "19-004": "Note /ID not unique",
    "20-001": "optional content configuration in /Configs with no /Name",
    "20-002": "default optional content configuration with no /Name",
    "20-003": "optional content configuration with /AS",
    "21-001": "embedded file specification without /F and /UF",
    "26-001": "encrypted with no /P",
    "26-002": "encrypted and /P bit 10 (extract for accessibility) off",
    "28-002": "annotation (not Widget/Link/PrinterMark) not a direct child of an Annot element",
    "28-004": "annotation (not Widget) with no /Contents and no /Alt on its element",
    "28-007": "TrapNet annotation",
    "28-008": "page with annotations has no /Tabs",
    "28-009": "page with annotations has /Tabs other than /S",
    "28-011": "Link annotation not in a Link element (no /StructParent, or the ParentTree "
              "entry is not a Link element holding an OBJR to it)",
    "28-012": "Link annotation with no (or empty) /Contents",
    "28-017": "PrinterMark annotation in the structure tree",
    "30-001": "reference XObject",
    "31-004": "Type 2 CIDFont whose CIDToGIDMap is neither a stream nor /Identity",
    "31-005": "Type 2 CIDFont with no CIDToGIDMap",
    "31-006": "Type0 encoding CMap neither predefined nor embedded",
    "31-009": "font used for text not embedded",
    "31-011": "a glyph drawn that the embedded font program does not have (GID >= numGlyphs)",
    "31-027": "font with no ToUnicode where PDF/UA requires one",
    "31-028": "ToUnicode maps a code to U+0000 (or to nothing)",
    "31-029": "ToUnicode maps a code to U+FEFF or U+FFFE",
    "31-030": "a code drawn selects the .notdef glyph (GID 0)",
    "TF-001": "marked content and q/Q or BT/ET do not nest (q ... BMC ... Q EMC), "
              "unbalanced EMC/Q, or a sequence left open (ISO 32000-1 8.4.2, 9.4, 14.6)",
    "TF-002": "MCIDs and the structure disagree: an element references an MCID the page "
              "lacks, an MCID is referenced by two elements, or the ParentTree entry "
              "names another element (ISO 32000-1 14.7.4.4)",
    "TF-003": "a Lbl element whose content gives a reader nothing (no text, no "
              "ActualText/Alt)",
    "TF-004": "one link split into several Link elements (consecutive sibling Link "
              "elements with the same URI)",
    "TF-005": "Info /Title missing, empty or not the XMP dc:title (ISO 32000-1 14.3.2: "
              "readers that show the Info title must show the same one)",
}

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote
Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula
Form""".split())

# RFC 5646 well-formed tags (not registry-validated): language, extlang,
# script, region, variants, extensions, private use; or private use alone.
BCP47 = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?|[xX](?:-[A-Za-z0-9]{1,8})+)$")


def lang_ok(s):
    return bool(s) and bool(BCP47.match(s))


class Result:
    def __init__(self):
        self.fails = {}      # (id, message) -> count, in first-seen order

    def add(self, cid, msg):
        assert cid in CHECKS, cid
        k = (cid, msg)
        self.fails[k] = self.fails.get(k, 0) + 1

    def lines(self):
        out = []
        for (cid, msg), n in self.fails.items():
            out.append("%s %s%s" % (cid, msg, " (%d times)" % n if n > 1 else ""))
        return out

    def ids(self):
        return {cid for cid, _ in self.fails}

    def counts(self):
        c = {}
        for (cid, _), n in self.fails.items():
            c[cid] = c.get(cid, 0) + n
        return c


def _mapped_role(role, rolemap, r):
    """Follow the RoleMap from a role; reports 02-00x and returns the
    standard type it ends at (or None)."""
    seen = [role]
    cur = role
    while cur[1:] not in STANDARD:
        nxt = rolemap.get(Name(cur)) if rolemap is not None else None
        if nxt is None:
            r.add("02-001", "structure type %s is not standard and not role-mapped" % role)
            return None
        cur = str(nxt)
        if cur in seen:
            r.add("02-003", "role mapping of %s is circular" % role)
            return None
        seen.append(cur)
    return cur


def check_catalog(pdf, r):
    root = pdf.Root
    mi = root.get("/MarkInfo")
    if mi is None or not bool(mi.get("/Marked", False)):
        r.add("01-005", "catalog MarkInfo /Marked is not true")
    if mi is not None and bool(mi.get("/Suspects", False)):
        r.add("01-007", "MarkInfo /Suspects is true")
    if root.get("/StructTreeRoot") is None:
        r.add("01-005", "no StructTreeRoot")
    vp = root.get("/ViewerPreferences")
    if vp is None or "/DisplayDocTitle" not in vp:
        r.add("07-001", "ViewerPreferences has no DisplayDocTitle")
    elif not bool(vp["/DisplayDocTitle"]):
        r.add("07-002", "DisplayDocTitle is false")
    md = root.get("/Metadata")
    if not isinstance(md, pikepdf.Stream):
        r.add("06-001", "no XMP metadata stream on the catalog")
    else:
        try:
            xmp = md.read_bytes().decode("utf-8", "replace")
        except Exception as ex:
            xmp = ""
            r.add("06-001", "XMP metadata stream cannot be read: %s" % ex)
        if not re.search(r"pdfuaid:part\s*>\s*\d|pdfuaid:part\s*=\s*[\"']\d", xmp):
            r.add("06-002", "XMP has no pdfuaid:part")
        m = re.search(r"<dc:title>(.*?)</dc:title>", xmp, re.S)
        xtitle = html.unescape(re.sub(r"<[^>]*>", "", m.group(1))).strip() if m else ""
        if not xtitle:
            r.add("06-003", "XMP has no dc:title")
        info = pdf.trailer.get("/Info")
        ititle = text_of(info.get("/Title")) if info is not None else None
        if not (ititle and ititle.strip()):
            r.add("TF-005", "Info dictionary has no /Title")
        elif xtitle and ititle.strip() != xtitle:
            r.add("TF-005", "Info /Title %r differs from XMP dc:title %r" % (ititle, xtitle))
    lang = root.get("/Lang")
    clang = text_of(lang) if lang is not None else None
    if clang is not None and not lang_ok(clang):
        r.add("11-001", "catalog /Lang %r is not a BCP 47 tag" % clang)
        clang = None
    if clang is None:
        if root.get("/Outlines") is not None and root.Outlines.get("/First") is not None:
            r.add("11-003", "outline entries: no catalog /Lang")
        r.add("11-006", "document metadata: no catalog /Lang")
    # optional content
    oc = root.get("/OCProperties")
    if oc is not None:
        for cfg in as_list(oc.get("/Configs")):
            if not text_of(cfg.get("/Name")):
                r.add("20-001", "optional content configuration without /Name")
            if "/AS" in cfg:
                r.add("20-003", "optional content configuration with /AS")
        d = oc.get("/D")
        if d is not None:
            if not text_of(d.get("/Name")):
                r.add("20-002", "default optional content configuration without /Name")
            if "/AS" in d:
                r.add("20-003", "optional content configuration with /AS")
    names = root.get("/Names")
    ef = names.get("/EmbeddedFiles") if names is not None else None
    if ef is not None:
        stack = [ef]
        while stack:
            n = stack.pop()
            stack.extend(as_list(n.get("/Kids")))
            arr = as_list(n.get("/Names"))
            for i in range(1, len(arr), 2):
                fs = arr[i]
                if "/F" not in fs or "/UF" not in fs:
                    r.add("21-001", "embedded file specification without /F and /UF")
    if pdf.is_encrypted:
        enc = pdf.trailer.get("/Encrypt")
        if enc is not None and "/P" not in enc:
            r.add("26-001", "encrypted, no /P")
        elif enc is not None and not (int(enc["/P"]) & (1 << 9)):
            r.add("26-002", "encrypted, /P bit 10 (extract for accessibility) off")
    return clang


def check_structure(pdf, r, clang, roots, every):
    rolemap = None
    str_root = pdf.Root.get("/StructTreeRoot")
    if str_root is not None:
        rolemap = str_root.get("/RoleMap")
        if rolemap is not None:
            for k in rolemap.keys():
                if k[1:] in STANDARD:
                    r.add("02-004", "standard type %s is role-mapped to %s" % (k, rolemap[k]))
    std = {}
    for e in every:
        std[id(e)] = _mapped_role(e.role, rolemap, r)
    note_ids = {}
    hn_seen = False
    h_seen = False
    for e in every:
        role = std[id(e)]
        if role is None:
            continue
        s = role[1:]
        lg = e.get("/Lang")
        if lg is not None and not lang_ok(text_of(lg)):
            r.add("11-001", "%s element /Lang %r is not a BCP 47 tag" % (e.role, text_of(lg)))
        elang = effective_lang(e, clang)
        elang = elang if lang_ok(elang) else None
        for k in ("/Alt", "/ActualText", "/E"):
            if e.get(k) is not None and elang is None:
                r.add("11-002", "%s %s: language cannot be determined" % (e.role, k))
        if any(c[0] == "mcid" for c in e.content) and elang is None:
            r.add("11-001", "%s element content: language cannot be determined" % e.role)
        if s in ("Figure", "Formula"):
            alt = text_of(e.get("/Alt"))
            at = text_of(e.get("/ActualText"))
            if not (alt and alt.strip()) and not (at and at.strip()):
                r.add("13-004" if s == "Figure" else "17-002",
                      "%s with no Alt" % s)
        if s == "Note":
            nid = e.get("/ID")
            if nid is None:
                r.add("19-003", "Note with no /ID")
            else:
                t = bytes(nid)
                if t in note_ids:
                    r.add("19-004", "Note /ID %r not unique" % t)
                note_ids[t] = 1
        if s == "H":
            h_seen = True
        if re.fullmatch(r"H[1-6]", s):
            hn_seen = True
        kid_roles = [std[id(k)] and std[id(k)][1:] for k in e.kids]
        if kid_roles.count("H") > 1:
            r.add("14-006", "%s holds %d H elements" % (e.role, kid_roles.count("H")))
        prole = std[id(e.parent)][1:] if e.parent is not None and std[id(e.parent)] else None
        if s == "L":
            for kr in kid_roles:
                if kr not in ("LI", "L", "Caption", None):
                    r.add("09-005", "L holds %s" % kr)
        if s == "LI":
            for kr in kid_roles:
                if kr not in ("Lbl", "LBody", None):
                    r.add("09-005", "LI holds %s" % kr)
        if s in ("Lbl", "LBody") and prole not in ("LI", None) and \
                not (s == "Lbl" and prole in ("BibEntry", "TOCI", "Note", "Reference")):
            r.add("09-005", "%s inside %s" % (s, prole))
        if s == "LI" and prole not in ("L", None):
            r.add("09-005", "LI inside %s" % prole)
        if s == "TR" and prole not in ("Table", "THead", "TBody", "TFoot", None):
            r.add("09-004", "TR inside %s" % prole)
        if s in ("TH", "TD") and prole not in ("TR", None):
            r.add("09-004", "%s inside %s" % (s, prole))
        if s in ("THead", "TBody", "TFoot") and prole not in ("Table", None):
            r.add("09-004", "%s inside %s" % (s, prole))
    if h_seen and hn_seen:
        r.add("14-007", "both H and H1..H6 used")
    # numbered headings in document order
    last = 0
    for e in every:
        role = std[id(e)]
        m = re.fullmatch(r"/H([1-6])", role or "")
        if not m:
            continue
        n = int(m.group(1))
        if last == 0 and n != 1:
            r.add("14-002", "first heading is H%d" % n)
        elif last and n > last + 1:
            r.add("14-003", "H%d follows H%d" % (n, last))
        last = n
    return std


def check_pages(pdf, r, clang, every, std):
    """Content streams, MCIDs against the structure, fonts, annotations."""
    str_root = pdf.Root.get("/StructTreeRoot")
    ptree = number_tree(str_root.get("/ParentTree")) if str_root is not None else {}
    by_key = {key(e.obj): e for e in every}
    # who references each (page, mcid)
    refs = {}
    for e in every:
        for c in e.content:
            if c[0] == "mcid":
                refs.setdefault((c[1], c[2]), []).append(e)
    page_texts = {}
    page_mcids = {}
    fonts = {}
    font_used = {}
    for pno, page in enumerate(pdf.pages, 1):
        pobj = page.obj
        pk = key(pobj)
        events, mtext, order = walk_content(pobj, fonts)
        page_texts[pk] = mtext
        page_mcids[pk] = set(order)
        sp = pobj.get("/StructParents")
        parr = ptree.get(int(sp)) if sp is not None else None
        for ev in events:
            if ev.kind == "nest":
                r.add("TF-001", "page %d: %s" % (pno, ev.why))
            elif ev.kind == "mark":
                mk = ev.marks[-1]
                outer = ev.marks[:-1]
                if mk.artifact and any(m.mcid is not None for m in outer):
                    r.add("01-003", "page %d: Artifact inside tagged content" % pno)
                if mk.lang is not None and not lang_ok(mk.lang):
                    r.add("11-001", "page %d: marked content /Lang %r is not a BCP 47 tag"
                          % (pno, mk.lang))
                if mk.mcid is not None and any(m.artifact for m in outer):
                    r.add("01-004", "page %d: MCID %d inside an Artifact" % (pno, mk.mcid))
            elif ev.kind == "paint":
                tagged = any(m.mcid is not None for m in ev.marks)
                art = any(m.artifact for m in ev.marks)
                if not tagged and not art:
                    r.add("01-005", "page %d: %s outside tagged content and artifacts" % (pno, ev.op))
            elif ev.kind == "glyph":
                if ev.font is None:
                    r.add("10-001", "page %d: text shown with no font set" % pno)
                    continue
                font_used[id(ev.font)] = ev.font
                cid = int.from_bytes(ev.code, "big")
                # artifacts too: PDF/UA-1 7.21.7 asks a mapping of all text;
                # a Type0 font with no ToUnicode at all is one 31-027
                if ev.text is not None and "\ufffd" in ev.text:
                    r.add("10-001", "page %d font %s code %04X: maps to U+FFFD"
                          % (pno, ev.font.base, cid))
                elif ev.text is None and not any(m.actual is not None for m in ev.marks):
                    if ev.font.has_tounicode or not ev.font.type0:
                        r.add("10-001", "page %d font %s code %04X: no Unicode mapping"
                              % (pno, ev.font.base, cid))
                gid = _gid(ev.font, cid)
                if gid == 0:
                    r.add("31-030", "page %d font %s code %04X: .notdef glyph" % (pno, ev.font.base, cid))
                ng = _num_glyphs(ev.font)
                if gid is not None and ng is not None and gid >= ng:
                    r.add("31-011", "page %d font %s: GID %d not in the font program (%d glyphs)"
                          % (pno, ev.font.base, gid, ng))
        # MCIDs of this page against the ParentTree and the elements
        for n in sorted(page_mcids[pk]):
            owners = refs.get((pk, n), [])
            pt_elem = None
            if parr is not None and isinstance(parr, Array) and n < len(parr):
                pt_elem = parr[n]
            if not owners:
                r.add("01-005", "page %d: MCID %d belongs to no structure element" % (pno, n))
            elif len(owners) > 1:
                r.add("TF-002", "page %d: MCID %d referenced by %d elements" % (pno, n, len(owners)))
            if owners and (pt_elem is None or key(pt_elem) != key(owners[0].obj)):
                r.add("TF-002", "page %d: ParentTree entry for MCID %d is not its element %s"
                      % (pno, n, owners[0].role))
        if isinstance(parr, Array):
            for n in range(len(parr)):
                if n not in page_mcids[pk] and isinstance(parr[n], Dictionary):
                    r.add("TF-002", "page %d: ParentTree names an element for MCID %d, "
                          "which the page does not have" % (pno, n))
        # annotations
        annots = as_list(pobj.get("/Annots"))
        if annots:
            tabs = pobj.get("/Tabs")
            if tabs is None:
                r.add("28-008", "page %d has annotations and no /Tabs" % pno)
            elif str(tabs) != "/S":
                r.add("28-009", "page %d /Tabs %s" % (pno, tabs))
        for a in annots:
            sub = name_of(a.get("/Subtype"))
            sp_a = a.get("/StructParent")
            pe = ptree.get(int(sp_a)) if sp_a is not None else None
            pel = by_key.get(key(pe)) if isinstance(pe, Dictionary) else None
            pe_role = std.get(id(pel)) if pel is not None else None
            holds = pel is not None and any(
                c[0] == "objr" and key(c[1]) == key(a) for c in pel.content)
            contents = text_of(a.get("/Contents"))
            alt = text_of(pe.get("/Alt")) if isinstance(pe, Dictionary) else None
            if sub == "/TrapNet":
                r.add("28-007", "page %d: TrapNet annotation" % pno)
            if sub == "/PrinterMark":
                if sp_a is not None:
                    r.add("28-017", "page %d: PrinterMark annotation in the structure" % pno)
                continue
            if sub == "/Link":
                if pe_role != "/Link" or not holds:
                    r.add("28-011", "page %d: Link annotation %s not in a Link element with an OBJR"
                          % (pno, _uri(a)))
                if not (contents and contents.strip()):
                    r.add("28-012", "page %d: Link annotation %s has no /Contents" % (pno, _uri(a)))
            elif sub != "/Widget":
                if pe_role != "/Annot" or not holds:
                    r.add("28-002", "page %d: %s annotation not in an Annot element" % (pno, sub))
            if sub != "/Widget" and not (contents and contents.strip()) and not (alt and alt.strip()):
                r.add("28-004", "page %d: %s annotation with no /Contents and no Alt" % (pno, sub))
            if contents and pel is not None:
                lg = effective_lang(pel, clang)
                if not lang_ok(lg):
                    r.add("11-004", "page %d: language of annotation /Contents unknown" % pno)
            elif contents and not lang_ok(clang):
                r.add("11-004", "page %d: language of annotation /Contents unknown" % pno)
        xo = pobj.get("/Resources", {}).get("/XObject") if pobj.get("/Resources") is not None else None
        if xo is not None:
            for nm in xo.keys():
                x = xo[nm]
                if name_of(x.get("/Subtype")) == "/Form" and "/Ref" in x:
                    r.add("30-001", "page %d: reference XObject %s" % (pno, nm))
    # every element's MCIDs exist on their page
    for (pk, n), owners in refs.items():
        if n not in page_mcids.get(pk, set()):
            r.add("TF-002", "%s references MCID %d that its page does not have" % (owners[0].role, n))
    # fonts
    for f in font_used.values():
        if not f.embedded():
            r.add("31-009", "font %s is not embedded" % f.base)
        if f.type0:
            cf = f.cidfont
            if cf is not None and name_of(cf.get("/Subtype")) == "/CIDFontType2":
                m = cf.get("/CIDToGIDMap")
                if m is None:
                    r.add("31-005", "font %s: no CIDToGIDMap" % f.base)
                elif not isinstance(m, pikepdf.Stream) and str(m) != "/Identity":
                    r.add("31-004", "font %s: CIDToGIDMap %s" % (f.base, m))
            enc = f.encoding
            if isinstance(enc, Name):
                if not re.fullmatch(r"/[A-Za-z0-9-]+-[HV]", str(enc)):
                    r.add("31-006", "font %s: CMap %s not predefined" % (f.base, enc))
            elif not isinstance(enc, pikepdf.Stream):
                r.add("31-006", "font %s: no encoding CMap" % f.base)
            if not f.has_tounicode:
                r.add("31-027", "font %s has no ToUnicode" % f.base)
        elif not f.has_tounicode and not (isinstance(f.encoding, Name) and str(f.encoding) in
                                          ("/WinAnsiEncoding", "/MacRomanEncoding",
                                           "/MacExpertEncoding")) and f.subtype != "/TrueType":
            r.add("31-027", "font %s has no ToUnicode" % f.base)
        for code, u in f.tounicode.items():
            if u == "" or "\x00" in u:
                r.add("31-028", "font %s: ToUnicode maps %s to U+0000/nothing" % (f.base, code.hex()))
            if "\ufeff" in u or "\ufffe" in u:
                r.add("31-029", "font %s: ToUnicode maps %s to U+FEFF/U+FFFE" % (f.base, code.hex()))
    return page_texts


def _uri(a):
    act = a.get("/A")
    if act is not None and "/URI" in act:
        return text_of(act["/URI"])
    return "(no URI)"


def _num_glyphs(font):
    if not hasattr(font, "_num_glyphs"):
        kind, data = font.font_program()
        font._num_glyphs = truetype_num_glyphs(data) if kind == "/FontFile2" else None
    return font._num_glyphs


def _gid(font, cid):
    """GID of a code for a Type 2 CIDFont (Identity or stream map)."""
    if not font.type0 or font.cidfont is None:
        return None
    if name_of(font.cidfont.get("/Subtype")) != "/CIDFontType2":
        return None
    m = font.cidfont.get("/CIDToGIDMap")
    if m is None:
        return None          # 31-005; which glyph is drawn is unknown
    if isinstance(m, pikepdf.Stream):
        cache = getattr(font, "_c2g", None)
        if cache is None:
            cache = font._c2g = m.read_bytes()
        if 2 * cid + 2 > len(cache):
            return 0
        return int.from_bytes(cache[2 * cid: 2 * cid + 2], "big")
    return cid


def check_labels_and_links(pdf, r, every, std, page_texts):
    for e in every:
        if (std.get(id(e)) or "") != "/Lbl":
            continue
        alt = text_of(e.get("/Alt"))
        t = elem_text(e, page_texts)
        if not (t and t.strip()) and not (alt and alt.strip()):
            r.add("TF-003", "Lbl has no text, ActualText or Alt")
    # a wrapped link: consecutive sibling Link elements with the same URI
    for e in every:
        prev_uri = None
        for c in e.content:
            if c[0] != "elem" or (std.get(id(c[1])) or "") != "/Link":
                prev_uri = None
                continue
            uris = {_uri(o[1]) for o in c[1].content if o[0] == "objr" and o[1] is not None}
            uri = next(iter(uris)) if len(uris) == 1 else None
            if uri is not None and uri == prev_uri:
                r.add("TF-004", "link %s split into several Link elements" % uri)
            prev_uri = uri


def check_pdf(path):
    """Returns a Result (raises on a file pikepdf cannot open)."""
    r = Result()
    with pikepdf.open(path) as pdf:
        clang = check_catalog(pdf, r)
        roots, every = struct_tree(pdf)
        std = check_structure(pdf, r, clang, roots, every)
        page_texts = check_pages(pdf, r, clang, every, std)
        check_labels_and_links(pdf, r, every, std, page_texts)
    return r


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        sys.stderr.write("usage: check.py FILE.pdf...\n       check.py --list   (the checks)\n")
        return 2
    if argv[0] == "--list":
        for k, v in CHECKS.items():
            print("%s  %s" % (k, v))
        return 0
    status = 0
    for path in argv:
        try:
            res = check_pdf(path)
        except Exception as ex:
            print("%s: cannot read: %s" % (path, ex))
            status = 2
            continue
        for line in res.lines():
            print("%s: %s" % (path, line))
        if res.fails and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
