#!/usr/bin/env python3
"""Tagged PDF on real brochures (issue "Accessible PDFs and a screen edition").

Editions: attachment en (office, --press), ar; sleep en; attachment en with
--clinic content/clinics/riverside.yaml; and an es copy of attachment with
one paragraph removed (its fallback P must carry /Lang en).

Per edition ("e2e/tags/<edition>/<check>"):
  tagged     pdfinfo: Tagged yes, PDF version 1.7
  order      pdfinfo -struct-text: Document > one Sect per placed story in
             the fold's reading order (lib.READING_ORDER: roll cover, flap,
             inside-left, inside-middle, inside-right, back; Z-fold cover,
             inside-left, inside-middle, inside-right, outside-left,
             outside-middle; slots in order; a flow once
             at its first panel; a clinic slot is the card in a clinic
             edition, else nothing). LTR: a Sect's text starts with its
             story's first text; RTL: the Sect with the largest character
             overlap (the RTL tree text is checked by h1/texts)
  h1         the first Sect's first element is H1 == cover title
  headings   only H1/H2, one H1 and it comes first; the H1/H2 sequence
             equals the source's (title; heading, checklist and contacts
             titles of the placed stories in reading order)
  checklist  every LI is exactly Lbl + LBody (Lbl empty or a bullet); every
             checklist item is the LBody of one LI, in order
  contacts   the contacts block is a Div holding one Div per entry (after the
             clinic's referral changes), each starting with the entry name
  texts      every H1/H2/P/LBody text of the tree equals a source text
             (markup stripped, whitespace and quotes normalised; each
             address line is a P of its own)
  coverage   every non-space character pdftotext finds is in the tree text
             (multiset; bidi controls dropped)
  words      pdftotext's words == the tree's words (multiset; bullets '•'
             in Lbl allowed)
  marked     every page content stream (qpdf --qdf): BT..ET, text showing
             and painting operators lie in exactly one BDC/BMC..EMC, no
             nested marked content, BT/ET never crosses BDC/EMC, MCIDs are
             0..n-1 in stream order and the page's ParentTree array has n
  catalog    qpdf --json=2: MarkInfo Marked true, StructTreeRoot with
             ParentTree, /Lang == edition tag, DisplayDocTitle true
  pages      every page /Tabs /S and /StructParents
  links      every /Link annotation has /StructParent and /Contents; the
             ParentTree maps it to a Link StructElem with an OBJR to it
  xmp        XMP metadata: pdfuaid:part 1, dc:title == Info Title
  outline    bookmarks == the source H1/H2 sequence (H1 top level, H2 under)
  labels     page labels: labels.outside, labels.inside of <lang>.yaml
             ("Outside", "Inside" when absent; "الوجه الخارجي" in ar)
  alt        every Figure has a non-empty /Alt; the clinic edition: logo
             "<clinic name> logo" and one "QR code for <web, no scheme>"
             (labels.logo, labels.qr_code of en.yaml)
  lang       (es fallback) the removed paragraph's P carries /Lang en, and
             no other element carries /Lang but the Spans (a P when it is
             the whole text) of [words]{lang=..} markup in es.yaml (each
             with its words and language)

Env: TRIFOLD = the binary. Needs python3-yaml, poppler-utils, qpdf.
"""

import base64
import collections
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

CLINIC = os.path.join(lib.CONTENT, "clinics", "riverside.yaml")
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                  "\u2066\u2067\u2068\u2069"))
BULLETS = {"\u2022"}
CHECKS = ["tagged", "order", "h1", "headings", "checklist", "contacts", "texts",
          "coverage", "words", "marked", "catalog", "pages", "links", "xmp",
          "outline", "labels", "alt"]


def norm(s):
    return lib.normalize(s.translate(BIDI_CONTROLS))


# --- pdfinfo -struct-text ------------------------------------------------------

class Elem:
    def __init__(self, role, inline, parent):
        self.role, self.inline, self.parent = role, inline, parent
        self.kids = []          # Elem or str (marked text) in order
        self.alt = None
        self.lang = None

    def elems(self):
        return [k for k in self.kids if isinstance(k, Elem)]

    def text(self):
        """Text as a reader gets it: inline parts glued, blocks spaced."""
        out = ""
        for k in self.kids:
            if isinstance(k, str):
                out += k
            elif k.role == "Link" or k.inline:
                out += k.text()
            else:
                out += " " + k.text() + " "
        return out

    def walk(self):
        yield self
        for k in self.elems():
            yield from k.walk()


def parse_struct_text(out):
    """Indented tree of pdfinfo -struct-text -> root Elem (Document)."""
    root = Elem("#root", False, None)
    stack = [(-1, root)]
    for line in out.splitlines():
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip(" "))
        body = line.strip()
        while stack and stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1]
        if body.startswith('"'):
            s = body[1:-1] if body.endswith('"') and len(body) > 1 else body[1:]
            parent.kids.append(s)
        elif re.match(r"Object \d+ \d+$", body):
            continue            # an OBJR
        else:
            m = re.match(r"(\S+)(?:\s+\((block|inline)\))?", body)
            e = Elem(m.group(1), m.group(2) == "inline", parent)
            parent.kids.append(e)
            stack.append((ind, e))
    docs = root.elems()
    return docs[0] if docs else Elem("Document", False, None)


# --- qpdf --json=2 -----------------------------------------------------------

class QJ:
    def __init__(self, path):
        r = lib.run(["qpdf", "--json=2", "--json-stream-data=inline",
                     "--decode-level=generalized", path])
        if r.returncode not in (0, 3):
            raise RuntimeError("qpdf --json failed: " + r.stderr.strip())
        self.j = json.loads(r.stdout)
        self.objs = self.j["qpdf"][1]

    def get(self, ref):
        """Dict/value of an indirect reference "N 0 R" (stream: its dict)."""
        if isinstance(ref, str) and ref.endswith(" R"):
            o = self.objs.get("obj:" + ref, {})
            if "value" in o:
                return o["value"]
            return o.get("stream", {}).get("dict")
        return ref

    def data(self, ref):
        o = self.objs.get("obj:" + ref, {})
        d = o.get("stream", {}).get("data")
        return base64.b64decode(d) if d else b""

    def root(self):
        return self.get(self.objs["trailer"]["value"]["/Root"])


def qstr(v):
    """qpdf json string value ("u:..." / "b:hex") -> str."""
    if not isinstance(v, str):
        return None
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        if b[:2] == b"\xfe\xff":
            return b[2:].decode("utf-16-be", "replace")
        return b.decode("latin-1")
    return v


def attach_attrs(q, doc):
    """Walk the StructElems from the StructTreeRoot in order and zip them
    with the struct-text tree (same order, OBJR/MCIDs skipped), copying
    /Alt and /Lang. Returns a problem string or None."""
    stroot = q.get(q.root().get("/StructTreeRoot"))
    seq = []

    def walk(ref):
        d = q.get(ref)
        if not isinstance(d, dict) or d.get("/Type", "/StructElem") != "/StructElem" \
                or "/S" not in d:
            return
        seq.append(d)
        kids = d.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for k in kids:
            if isinstance(k, str) and k.endswith(" R"):
                walk(k)
    k = stroot.get("/K") if stroot else None
    for r in (k if isinstance(k, list) else [k]):
        if r:
            walk(r)
    mine = list(doc.walk())
    if len(seq) != len(mine):
        return "qpdf has %d StructElems, pdfinfo %d" % (len(seq), len(mine))
    for d, e in zip(seq, mine):
        if d["/S"][1:] != e.role:
            return "role mismatch %s vs %s" % (d["/S"], e.role)
        e.alt = qstr(d.get("/Alt"))
        e.lang = qstr(d.get("/Lang"))
    return None


# --- content streams ---------------------------------------------------------

TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<str>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<arr>[\[\]])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)

TEXT_SHOW = {b"Tj", b"TJ", b"'", b'"'}
TEXT_OPS = TEXT_SHOW | {b"Tf", b"Td", b"TD", b"Tm", b"T*", b"Tc", b"Tw", b"Tz", b"TL",
                        b"Tr", b"Ts"}
PAINT = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"Do", b"sh", b"BI"}


def tokens(data):
    """(kind, bytes) tokens; strings are skipped as one token."""
    i, n = 0, len(data)
    while i < n:
        m = TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "str":
            depth, j = 1, m.end()
            while j < n and depth:
                c = data[j:j + 1]
                if c == b"\\":
                    j += 2
                    continue
                depth += (c == b"(") - (c == b")")
                j += 1
            yield "str", data[i:j]
            i = j
            continue
        i = m.end()
        if kind != "ws":
            yield kind, m.group(kind)


def scan_content(data):
    """Returns (problems, mcids in stream order)."""
    probs, mcids = [], []
    depth, in_bt, bt_depth = 0, False, 0
    operands = []
    toks = tokens(data)
    for kind, tok in toks:
        if kind != "op":
            operands.append(tok)
            continue
        op = tok
        if op in (b"BDC", b"BMC"):
            if in_bt:
                probs.append("%s inside BT/ET" % op.decode())
            if depth:
                probs.append("nested marked content")
            depth += 1
            if op == b"BDC":
                m = re.search(rb"/MCID\s+(\d+)", b" ".join(operands))
                if m:
                    mcids.append(int(m.group(1)))
                else:
                    probs.append("BDC without MCID")
        elif op == b"EMC":
            if in_bt:
                probs.append("EMC inside BT/ET")
            if depth == 0:
                probs.append("EMC without BDC/BMC")
            depth = max(0, depth - 1)
        elif op == b"BT":
            if in_bt:
                probs.append("nested BT")
            if depth != 1:
                probs.append("BT outside marked content")
            in_bt, bt_depth = True, depth
        elif op == b"ET":
            if not in_bt:
                probs.append("ET without BT")
            in_bt = False
        elif op in TEXT_OPS:
            if op in TEXT_SHOW and not in_bt:
                probs.append("%s outside BT/ET" % op.decode())
            if op in TEXT_SHOW and depth != 1:
                probs.append("%s outside marked content" % op.decode())
        elif op in PAINT:
            if in_bt:
                probs.append("%s inside BT/ET" % op.decode())
            if depth != 1:
                probs.append("%s outside marked content" % op.decode())
            if op == b"BI":         # skip the inline image to EI
                for k2, t2 in toks:
                    if k2 == "op" and t2 == b"EI":
                        break
        operands = []
    if depth:
        probs.append("marked content left open")
    if in_bt:
        probs.append("BT left open")
    if mcids != list(range(len(mcids))):
        probs.append("MCIDs not 0..n-1 in order: %s" % short_list(mcids))
    return probs, mcids


def short_list(v, n=12):
    return str(v[:n]) + ("..." if len(v) > n else "")


# --- expectations from the YAML ------------------------------------------------

def plan_slots(plan, clinic):
    """[(kind, id)] in reading order; a flow once; clinic slots only when
    the edition has a clinic."""
    out, seen = [], set()
    for pname in lib.PANEL_NAMES:
        for slot in ((plan or {}).get(pname) or {}).get("content") or []:
            if not isinstance(slot, dict):
                continue
            if "clinic" in slot:
                if clinic and ("clinic", "") not in seen:
                    seen.add(("clinic", ""))
                    out.append(("clinic", ""))
                continue
            for kind in ("flow", "sidebar", "story"):
                if kind in slot and slot[kind] not in seen:
                    seen.add(slot[kind])
                    out.append((kind, slot[kind]))
    return out


def blocks(story):
    """[(kind, block dict or str)] of a story's blocks."""
    out = []
    for _bid, blk in (story or {}).items():
        if isinstance(blk, (str, int, float)):
            out.append(("paragraph", {"paragraph": str(blk)}))
        elif isinstance(blk, dict):
            kind = next((k for k in lib.BLOCK_KINDS if k in blk), None)
            if kind:
                out.append((kind, blk))
    return out


def clean(s):
    return norm(lib.strip_markup(s))


def contact_entries(blk, brochure_id, clinic_y):
    entries = blk.get("entries") or {}
    if isinstance(entries, list):
        entries = {str(i): e for i, e in enumerate(entries)}
    entries = dict(entries)
    if clinic_y and blk is not None:
        ref = clinic_y.get("referrals") or {}
        if ref.get("replace"):
            entries = {}
        for rid in ((ref.get("remove") or {}).get(brochure_id) or []):
            entries.pop(rid, None)
        entries.update(ref.get("add") or {})
    return entries


class Expect:
    """What the source says the tree holds."""

    def __init__(self, bdir, text_y, brochure_y, clinic_y):
        stories = (text_y or {}).get("stories") or {}
        self.slots = plan_slots(brochure_y.get("plan"), clinic_y)
        self.first = {}                 # story id -> first text
        self.chars = {}                 # story id -> Counter of chars
        self.headings = []              # [(role, text)]
        self.checklists = []            # [[item texts]]
        self.contacts = []              # [[entry names]]
        self.texts = set()
        self.clinic_name = clinic_y.get("name") if clinic_y else None
        lb = (text_y or {}).get("labels") or {}
        self.page_labels = [(0, lb.get("outside", "Outside")), (1, lb.get("inside", "Inside"))]
        web = (clinic_y or {}).get("web") or ""
        self.clinic_web = re.sub(r"^[a-z]+://", "", web).rstrip("/")
        bid = brochure_y.get("id") or os.path.basename(bdir)
        for kind, sid in self.slots:
            if kind == "clinic":
                continue
            story = stories.get(sid)
            allt = []
            for bk, blk in blocks(story):
                main = blk.get(bk)
                if bk == "image" or main is None:
                    continue
                main = clean(str(main))
                allt.append(main)
                self.texts.add(main)
                if bk == "title":
                    self.headings.append(("H1", main))
                elif bk in ("heading", "checklist", "contacts"):
                    self.headings.append(("H2", main))
                if bk in ("list", "checklist"):
                    items = [clean(t) for t in lib._items(blk.get("items"))]
                    allt.extend(items)
                    self.texts.update(items)
                    if bk == "checklist":
                        self.checklists.append(items)
                if bk == "contacts":
                    ents = contact_entries(blk, bid, clinic_y)
                    names = []
                    for e in ents.values():
                        if not isinstance(e, dict):
                            continue
                        for k in ("name", "description", "phone"):
                            if e.get(k) is not None:
                                self.texts.add(clean(str(e[k])))
                                allt.append(clean(str(e[k])))
                        if e.get("name") is not None:
                            names.append(clean(str(e["name"])))
                        addr = e.get("address")
                        if addr is not None:
                            lines = addr if isinstance(addr, list) else [addr]
                            for a in lines:           # each address line is its own P
                                self.texts.add(clean(str(a)))
                            allt.append(clean(" ".join(str(a) for a in lines)))
                    self.contacts.append(names)
            self.first[sid] = allt[0] if allt else ""
            self.chars[sid] = collections.Counter(
                c for c in "".join(allt) if not c.isspace())


_AR_MARKS = re.compile("[\u064b-\u065f\u0670]")
_ALEFS = ("\u0627", "\u0623", "\u0625", "\u0622", "\u0649")
_LAM_ALEF = re.compile("\u0644([\u0627\u0623\u0625\u0622\u0649])")


def arabic_key(w):
    """A word as compared between the page text and the tree. Arabic only:
    marks dropped and lam-alef pairs written alef-lam, because plain
    pdftotext emits a lam-alef ligature's two letters in visual order and
    can attach a mark to the neighbouring letter (the tree text has the
    word as written; test_editions checks the page text word by word with
    the same tolerance). Other words unchanged."""
    if not re.search("[\u0600-\u06ff]", w):
        return w
    w = _AR_MARKS.sub("", w)
    w = re.sub("[.,،:؛!؟?()]", "", w)
    return _LAM_ALEF.sub(lambda m: m.group(1) + "\u0644", w)


def reconcile(only_p, only_t):
    """Drop the differences a line break explains: pdftotext splits a word
    broken after '-' or '/' in two ("Deficit/" "Hyperactivity") and drops
    a line-final hyphen ("Chicagoarea"); both sides are the same text.
    A hyphen the tree has but the source lacks is the texts check's job."""
    only_p, only_t = collections.Counter(only_p), collections.Counter(only_t)
    for t in list(only_t.elements()):
        if only_t[t] <= 0:
            continue
        flat = t.replace("-", "")
        if only_p[flat] > 0:
            only_p[flat] -= 1
            only_t[t] -= 1
            continue
        for cut in range(1, len(t)):
            a, b = t[:cut], t[cut:]
            if a[-1] in "-/" and only_p[a] > 0 and only_p[b] > 0:
                only_p[a] -= 1
                only_p[b] -= 1
                only_t[t] -= 1
                break
    return +only_p, +only_t


def _raised_pieces(t, only_p):
    """The ways two page words can make up tree word t: t cut in two, or a
    word ending in lam and an alef whose keyed join is t (the raised piece
    took the alef of a lam-alef ligature: "أطفال" and "ا" for أطفالًا)."""
    for cut in range(1, len(t)):
        yield t[:cut], t[cut:]
    for a in list(only_p):
        if a.endswith("\u0644"):
            for b in _ALEFS:
                if arabic_key(a + b) == t:
                    yield a, b


def reconcile_raised(only_p, only_t):
    """RTL only: plain pdftotext starts a new word, and may put it on a line
    of its own, at a mark drawn above the baseline (any rise over 0.5 pt),
    so a word with a mark (معالجًا) can come out as two ("معال", "جا"), in
    either order. Drop a tree word that two page-only words make up."""
    only_p, only_t = collections.Counter(only_p), collections.Counter(only_t)
    for t in list(only_t.elements()):
        if only_t[t] <= 0:
            continue
        for a, b in _raised_pieces(t, only_p):
            if only_p[a] > 0 and only_p[b] > 0 and (a != b or only_p[a] > 1):
                only_p[a] -= 1
                only_p[b] -= 1
                only_t[t] -= 1
                break
    return +only_p, +only_t


def first_diff(t, texts):
    """Where t departs from the source text it shares the most words with."""
    tw = t.split()

    def common(src):
        sw = src.split()
        n = 0
        while n < min(len(tw), len(sw)) and tw[n] == sw[n]:
            n += 1
        return n, sw
    n, sw = max((common(x) for x in texts), key=lambda c: c[0], default=(0, []))
    if n == 0:
        return repr(lib.short(t, 60))
    return "%r... has %r where the source has %r" % (
        " ".join(tw[max(0, n - 3):n]), " ".join(tw[n:n + 2]), " ".join(sw[n:n + 2]))


# --- the checks --------------------------------------------------------------

def direct_sects(doc):
    return [e for e in doc.elems() if e.role == "Sect"]


def lang_spans(path):
    """{(text, tag)} of the [text]{lang=tag} markup in a text file, the
    text with its inline markup stripped and whitespace collapsed."""
    with open(path, encoding="utf-8") as f:
        raw = " ".join(f.read().split())
    raw = re.sub(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)", r"\1", raw)   # links first
    return {(norm(lib.strip_markup(t)), tag) for t, tag in
            re.findall(r"\[([^\]]*)\]\{lang=([^}]*)\}", raw)}


def check_edition(rep, name, pdf, lang, rtl, exp, labels=True, fallback=None, marked=None):
    pre = "e2e/tags/%s/" % name
    r = lib.run(["pdfinfo", pdf])
    info = dict((k.strip(), v.strip()) for k, _, v in
                (ln.partition(":") for ln in r.stdout.splitlines()
                 if not ln[:1].isspace()) if _)   # indented: the PDF/X subtype's fields
    press = name.endswith("-press")     # PDF/X-4: PDF 1.6, no link annotations
    rep.check(pre + "tagged", info.get("Tagged") == "yes" and
              info.get("PDF version") == ("1.6" if press else "1.7"),
              "pdfinfo %s: Tagged=%r version=%r" % (pdf, info.get("Tagged"),
                                                    info.get("PDF version")))
    st = lib.run(["pdfinfo", "-struct-text", pdf])
    doc = parse_struct_text(st.stdout)
    q = QJ(pdf)
    attach_err = attach_attrs(q, doc)
    sects = direct_sects(doc)
    stexts = [norm(s.text()) for s in sects]

    # order
    why = []
    slots = exp.slots
    if doc.role != "Document" or len(sects) != len(doc.elems()):
        why.append("root %s with kids %s" % (doc.role, [e.role for e in doc.elems()]))
    if len(sects) != len(slots):
        why.append("%d Sects for %d placed stories %s" % (len(sects), len(slots),
                                                          [s for _, s in slots]))
    for i, (kind, sid) in enumerate(slots):
        if i >= len(sects):
            break
        if kind == "clinic":
            ok = exp.clinic_name and norm(exp.clinic_name) in stexts[i]
        elif rtl:
            def overlap(t, want=exp.chars[sid]):
                have = collections.Counter(c for c in t if not c.isspace())
                return sum((want & have).values()) / max(1, sum((want | have).values()))
            best = max(range(len(sects)), key=lambda j: overlap(stexts[j]))
            ok = best == i
        else:
            # a story is known by its first words (texts checks them whole)
            ok = stexts[i].startswith(exp.first[sid][:24])
        if not ok:
            why.append("Sect %d is not %s %s (has %r)" % (i + 1, kind, sid or "card",
                                                         lib.short(stexts[i], 50)))
    rep.check(pre + "order", not why, "; ".join(why))

    # h1
    first = sects[0].elems()[0] if sects and sects[0].elems() else None
    want_h1 = [t for r_, t in exp.headings if r_ == "H1"]
    got = norm(first.text()) if first else None
    rep.check(pre + "h1", first is not None and first.role == "H1" and want_h1
              and got == want_h1[0],
              "first element %s %r, want H1 %r (pdfinfo -struct-text %s)"
              % (first.role if first else None, got, want_h1[:1], pdf))

    # headings
    hs = [(e.role, norm(e.text())) for e in doc.walk() if re.fullmatch(r"H\d?", e.role)]
    why = []
    if any(r_ not in ("H1", "H2") for r_, _ in hs):
        why.append("roles %s" % sorted({r_ for r_, _ in hs}))
    if not hs or hs[0][0] != "H1" or sum(r_ == "H1" for r_, _ in hs) != 1:
        why.append("H1 not first/unique")
    if hs != exp.headings:
        bad = next((i for i, (a, b) in enumerate(zip(hs, exp.headings)) if a != b),
                   min(len(hs), len(exp.headings)))
        why.append("sequence differs at %d: got %s want %s" % (
            bad, hs[bad:bad + 1], exp.headings[bad:bad + 1]))
    rep.check(pre + "headings", not why, "; ".join(why))

    # checklist
    why = []
    lis = [e for e in doc.walk() if e.role == "LI"]
    for li in lis:
        roles = [k.role for k in li.elems()]
        lbl = norm(li.elems()[0].text()) if li.elems() else ""
        if roles != ["Lbl", "LBody"] or lbl not in ("", "\u2022", "-", "\u2013"):
            why.append("LI %s (Lbl %r)" % (roles, lbl))
            break
    bodies = [norm(li.elems()[1].text()) for li in lis if len(li.elems()) > 1]
    for items in exp.checklists:
        n = len(items)
        if not any(bodies[i:i + n] == items for i in range(len(bodies) - n + 1)):
            miss = [t for t in items if t not in bodies]
            why.append("checklist items not LBodies in order; missing %s" %
                       [lib.short(t, 40) for t in miss[:2]])
    rep.check(pre + "checklist", lis and not why, "; ".join(why) or "no LI")

    # contacts: a Div > Div per entry
    why = []
    outer = [e for e in doc.walk() if e.role == "Div" and e.parent.role == "Sect"
             and any(k.role == "Div" for k in e.elems())]
    for names in exp.contacts:
        hit = None
        for d in outer:
            divs = [k for k in d.elems() if k.role == "Div"]
            if len(divs) == len(names) == len(d.elems()) and all(
                    norm(v.text()).startswith(nm) for v, nm in zip(divs, names)):
                hit = d
        if not hit:
            why.append("no Div with Divs for %s; Divs: %s" % (
                [lib.short(n_, 20) for n_ in names],
                [len(d.elems()) for d in outer]))
    rep.check(pre + "contacts", exp.contacts and not why, "; ".join(why) or "no contacts")

    # texts
    bad = []
    for e in doc.walk():
        if e.role in ("H1", "H2", "P", "LBody"):
            t = norm(e.text())
            if t and t not in exp.texts and not (e.parent and e.parent.role == "Div"
                                                 and e.parent.parent.role == "Sect"
                                                 and exp.clinic_name):
                # label lines ("Phone (..)") of contacts are not source texts
                if e.role == "P" and any(k.role in ("Link", "Span") for k in e.elems()):
                    continue
                bad.append("%s %s" % (e.role, first_diff(t, exp.texts)))
    rep.check(pre + "texts", not bad, "%d not in the source, e.g. %s" % (
        len(bad), "; ".join(bad[:3])))

    # coverage and words
    pt = lib.run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout.translate(BIDI_CONTROLS)
    tree_all = doc.text().translate(BIDI_CONTROLS)
    cp = collections.Counter(c for c in pt if not c.isspace() and c != "\x0c")
    ct = collections.Counter(c for c in tree_all if not c.isspace())
    missing = cp - ct
    rep.check(pre + "coverage", not missing,
              "characters drawn but not in the tree: %s" % dict(missing.most_common(8)))
    if rtl:
        # in an RTL edition pdftotext wraps LTR runs in embedding marks and
        # moves their brackets and stops to the run's visual ends: compare
        # words split at those marks, without punctuation
        pw = re.sub("[\u200e\u200f\u202a-\u202e]", " ", lib.run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout)
        # and: runs of lam/alef letters and of digits/percent compared as
        # sorted runs (plain pdftotext reverses ligature letters and moves
        # a percent sign across its number in RTL lines)
        def key(w):
            w = re.sub("[.,،:؛!؟?()]", "", arabic_key(w))
            return re.sub("[\u0644\u0627\u0623\u0625\u0622\u0649]+|[0-9%]+",
                          lambda m: "".join(sorted(m.group(0))), w)
        wp = collections.Counter(k for k in map(key, pw.split()) if k)
        wt = collections.Counter(k for k in map(key, tree_all.split()) if k)
    else:
        wp = collections.Counter(pt.split())
        wt = collections.Counter(tree_all.split())
    for b in BULLETS:
        wt.pop(b, None)
        wp.pop(b, None)
    only_p, only_t = reconcile(wp - wt, wt - wp)
    if rtl:
        only_p, only_t = reconcile_raised(only_p, only_t)
    rep.check(pre + "words", not only_p and not only_t,
              "page-only %s / tree-only %s" % (list(only_p)[:6], list(only_t)[:6]))

    # marked content (qpdf --qdf uncompressed)
    qdf = pdf + ".qdf"
    lib.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    qq = QJ(qdf)
    root = q.root()
    st_root = q.get(root.get("/StructTreeRoot")) or {}
    pt_root = q.get(st_root.get("/ParentTree")) or {}
    nums = pt_root.get("/Nums") or []
    ptmap = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    why = []
    for pi, page in enumerate(qq.j["pages"]):
        data = b"".join(qq.data(c) for c in page["contents"])
        probs, mcids = scan_content(data)
        pd = q.get(q.j["pages"][pi]["object"])
        arr = q.get(ptmap.get(pd.get("/StructParents")))
        if not isinstance(arr, list) or len(arr) != len(mcids):
            probs.append("ParentTree array has %s entries for %d MCIDs" % (
                len(arr) if isinstance(arr, list) else arr, len(mcids)))
        if probs:
            why.append("page %d: %s" % (pi + 1, "; ".join(sorted(set(probs))[:4])))
    os.unlink(qdf)
    rep.check(pre + "marked", not why, "; ".join(why))

    # catalog
    why = []
    if (root.get("/MarkInfo") or {}).get("/Marked") is not True:
        why.append("MarkInfo %r" % root.get("/MarkInfo"))
    if not st_root or "/ParentTree" not in st_root:
        why.append("no StructTreeRoot/ParentTree")
    if qstr(root.get("/Lang")) != lang:
        why.append("/Lang %r want %r" % (qstr(root.get("/Lang")), lang))
    if (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle") is not True:
        why.append("ViewerPreferences %r" % root.get("/ViewerPreferences"))
    if attach_err:
        why.append("tree: " + attach_err)
    rep.check(pre + "catalog", not why, "; ".join(why))

    # pages
    why = []
    for pi, page in enumerate(q.j["pages"]):
        pd = q.get(page["object"])
        if pd.get("/Tabs") != "/S" or not isinstance(pd.get("/StructParents"), int):
            why.append("page %d Tabs %r StructParents %r" % (pi + 1, pd.get("/Tabs"),
                                                            pd.get("/StructParents")))
    rep.check(pre + "pages", not why, "; ".join(why))

    # links
    why, n_links = [], 0
    for page in q.j["pages"]:
        pd = q.get(page["object"])
        annots = pd.get("/Annots") or []
        for a in (q.get(annots) if isinstance(annots, str) else annots):
            ad = q.get(a)
            if not isinstance(ad, dict) or ad.get("/Subtype") != "/Link":
                continue
            n_links += 1
            sp = ad.get("/StructParent")
            el = q.get(ptmap.get(sp)) if isinstance(sp, int) else None
            ks = (el or {}).get("/K")
            ks = ks if isinstance(ks, list) else [ks]
            objr = any(isinstance(k, dict) and k.get("/Type") == "/OBJR"
                       and k.get("/Obj") == a for k in ks)
            if not isinstance(sp, int) or not el or el.get("/S") != "/Link" or not objr:
                why.append("annot %s: StructParent %r -> %r" % (a, sp, el and el.get("/S")))
            elif not ad.get("/Contents"):
                why.append("annot %s without /Contents" % a)
    if press:
        # press files carry no annotations; the link texts are Spans
        links = [e for e in doc.walk() if e.role == "Link"]
        rep.check(pre + "links", not n_links and not links,
                  "%d link annotations, %d Link elements in a press file" % (n_links, len(links)))
    else:
        rep.check(pre + "links", n_links and not why, "; ".join(why[:3]) or "no link annotations")

    # xmp
    why = []
    meta = root.get("/Metadata")
    x = q.data(meta).decode("utf-8", "replace") if meta else ""
    if not re.search(r"pdfuaid:part(?:>|=\")\s*1\b", x):
        why.append("no pdfuaid:part 1")
    try:
        xr = ET.fromstring(x[x.index("<x:xmpmeta"):x.index("</x:xmpmeta>") + 12])
        ns = {"dc": "http://purl.org/dc/elements/1.1/",
              "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
        li = xr.find(".//dc:title/rdf:Alt/rdf:li", ns)
        title = li.text if li is not None else None
    except (ValueError, ET.ParseError) as ex:
        title = "(XMP unreadable: %s)" % ex
    if title != info.get("Title"):
        why.append("dc:title %r, Info Title %r" % (title, info.get("Title")))
    rep.check(pre + "xmp", not why, "; ".join(why))

    # outline
    got = []
    for top in q.j.get("outlines") or []:
        got.append(("H1", norm(top.get("title", ""))))
        got += [("H2", norm(k.get("title", ""))) for k in top.get("kids") or []]
    want = exp.headings
    rep.check(pre + "outline", got == want, "got %s want %s" % (
        [t for _, t in got][:4], [t for _, t in want][:4]))

    if labels:
        pl = [(e.get("index"), qstr((e.get("label") or {}).get("/P")))
              for e in q.j.get("pagelabels") or []]
        rep.check(pre + "labels", pl == exp.page_labels, "page labels %s, want %s" % (pl, exp.page_labels))

    # alt
    why = []
    figs = [e for e in doc.walk() if e.role == "Figure"]
    for f in figs:
        if not f.alt:
            why.append("Figure without /Alt")
    if exp.clinic_name:
        alts = [f.alt for f in figs]
        if exp.clinic_name + " logo" not in alts:
            why.append("no logo Alt %r in %s" % (exp.clinic_name + " logo", alts))
        want = "QR code for " + exp.clinic_web    # en.yaml labels.qr_code
        if want not in alts:
            why.append("no %r Alt in %s" % (want, alts))
    rep.check(pre + "alt", not why, "; ".join(why[:3]))

    if fallback:
        p_en = [e for e in doc.walk() if e.lang]
        hit = [e for e in p_en if e.role == "P" and norm(e.text()) == fallback and e.lang == "en"]
        # and the Spans (or whole Ps) of [words]{lang=..} markup in the source, with its language
        other = [e for e in p_en if e not in hit and
                 not (e.role in ("Span", "P") and (norm(e.text()), e.lang) in (marked or set()))]
        rep.check(pre + "lang", hit and not other and attach_err is None,
                  "elements with /Lang: %s; want P %r with en" % (
                      [(e.role, e.lang, lib.short(norm(e.text()), 30)) for e in p_en][:4],
                      lib.short(fallback, 40)))


def main():
    rep = lib.Report()
    eds = ["en", "en-press", "ar", "sleep-en", "clinic-en", "es-fallback"]
    names = ["e2e/tags/%s/%s" % (e, c) for e in eds for c in CHECKS]
    if not lib.preflight(rep, names):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        att = os.path.join(lib.CONTENT, "attachment")
        clinic_y = lib.load_yaml(CLINIC)
        runs = [("en", att, "en", [], None), ("en-press", att, "en", ["--press"], None),
                ("ar", att, "ar", [], None),
                ("sleep-en", os.path.join(lib.CONTENT, "sleep"), "en", [], None),
                ("clinic-en", att, "en", ["--clinic", CLINIC], clinic_y)]
        # es copy of attachment without body.intro2: that paragraph falls back to en
        proj = os.path.join(tmp, "proj")
        os.makedirs(proj)
        es_dir = lib.temp_project(proj, "attachment")
        es_y = lib.load_yaml(os.path.join(es_dir, "es.yaml"))
        en_y = lib.load_yaml(os.path.join(es_dir, "en.yaml"))
        del es_y["stories"]["body"]["intro2"]
        lib.dump_yaml(es_y, os.path.join(es_dir, "es.yaml"))
        runs.append(("es-fallback", es_dir, "es", [], None))
        fallback_text = clean(str(en_y["stories"]["body"]["intro2"]))
        for name, bdir, lang, extra, cy in runs:
            pdf = os.path.join(tmp, name + ".pdf")
            r = lib.run([lib.TRIFOLD, "build", bdir, "--lang", lang] + extra + ["-o", pdf])
            if r.returncode != 0 or not os.path.exists(pdf):
                for c in CHECKS:
                    rep.fail("e2e/tags/%s/%s" % (name, c), "build failed: " + r.stderr)
                continue
            by = lib.load_yaml(os.path.join(bdir, "brochure.yaml"))
            ty = lib.load_yaml(os.path.join(bdir, lang + ".yaml"))
            if name == "es-fallback":     # the source text of the fallback edition
                ty["stories"]["body"]["intro2"] = en_y["stories"]["body"]["intro2"]
            rtl = lang.split("-")[0] in lib.RTL_LANGS
            exp = Expect(bdir, ty, by, cy)
            try:
                check_edition(rep, name, pdf, lang, rtl, exp,
                              fallback=fallback_text if name == "es-fallback" else None,
                              marked=lang_spans(os.path.join(bdir, lang + ".yaml")))
            except Exception as ex:      # a broken PDF: report, go on
                rep.fail("e2e/tags/%s/crash" % name, "%s: %s" % (type(ex).__name__, ex))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
