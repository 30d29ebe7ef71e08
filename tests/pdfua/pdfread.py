"""Reading a tagged PDF with pikepdf: the structure tree, the page content
streams (marked content, graphics state, text shown with its Unicode) and
the fonts' ToUnicode maps. Shared by check.py (the PDF/UA checks) and the
e2e extraction test; nothing here decides what is right or wrong.

Only what trifold writes is read in full: Type0 fonts with 2-byte codes
(Identity-H) and simple fonts with 1-byte codes; form XObjects are painted
as a whole (their insides are not walked).
"""

import re
import sys

try:
    import pikepdf
except ImportError:
    # Debian's python3-pikepdf installs for /usr/bin/python3; a python3 of
    # the same minor version first on PATH (pyenv) can load it from there.
    sys.path.append("/usr/lib/python3/dist-packages")
    import pikepdf  # noqa: E402

Name = pikepdf.Name
Dictionary = pikepdf.Dictionary
Array = pikepdf.Array


def text_of(obj):
    """A PDF text string (PDFDocEncoding or UTF-16BE with BOM) -> str."""
    if obj is None:
        return None
    b = bytes(obj)
    if b[:2] == b"\xfe\xff":
        return b[2:].decode("utf-16-be", "replace")
    if b[:3] == b"\xef\xbb\xbf":
        return b[3:].decode("utf-8", "replace")
    return str(obj)


def name_of(obj):
    return str(obj) if isinstance(obj, Name) else None


def key(obj):
    """Identity of an indirect object (None for a direct one)."""
    try:
        og = obj.objgen
    except Exception:
        return None
    return og if og != (0, 0) else None


def as_list(v):
    if v is None:
        return []
    if isinstance(v, Array):
        return list(v)
    return [v]


# --- number trees --------------------------------------------------------------

def number_tree(node, out=None, depth=0):
    """A number tree (ParentTree) -> {int: value}."""
    if out is None:
        out = {}
    if node is None or depth > 32:
        return out
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in as_list(node.get("/Kids")):
        number_tree(kid, out, depth + 1)
    return out


# --- ToUnicode CMaps -------------------------------------------------------------

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _hexbytes(s):
    s = re.sub(rb"\s", b"", s)
    if len(s) % 2:
        s += b"0"
    return bytes.fromhex(s.decode())


def _utf16(b):
    return b.decode("utf-16-be", "surrogatepass")


def parse_tounicode(data):
    """A ToUnicode CMap stream's bytes -> {code bytes: str}. A destination
    is kept as written (an empty string, U+0000 or U+FEFF stays visible so
    the checker can report it)."""
    out = {}
    for blk in re.finditer(rb"beginbfchar(.*?)endbfchar", data, re.S):
        toks = _HEX.findall(blk.group(1))
        for i in range(0, len(toks) - 1, 2):
            out[_hexbytes(toks[i])] = _utf16(_hexbytes(toks[i + 1]))
    for blk in re.finditer(rb"beginbfrange(.*?)endbfrange", data, re.S):
        body = blk.group(1)
        for m in re.finditer(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*"
                             rb"(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", body):
            lo, hi = _hexbytes(m.group(1)), _hexbytes(m.group(2))
            n = len(lo)
            a, z = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            if z < a or z - a > 65535:
                continue
            dst = m.group(3)
            if dst.startswith(b"["):
                arr = [_hexbytes(t) for t in _HEX.findall(dst)]
                for i, c in enumerate(range(a, z + 1)):
                    if i < len(arr):
                        out[c.to_bytes(n, "big")] = _utf16(arr[i])
            else:
                base = _hexbytes(dst[1:-1])
                bv = int.from_bytes(base, "big")
                for i, c in enumerate(range(a, z + 1)):
                    d = (bv + i).to_bytes(len(base), "big")
                    out[c.to_bytes(n, "big")] = _utf16(d)
    return out


class Font:
    """What the checks need to know about one font dictionary."""

    def __init__(self, fd):
        self.dict = fd
        self.subtype = name_of(fd.get("/Subtype"))
        self.base = name_of(fd.get("/BaseFont")) or "?"
        self.type0 = self.subtype == "/Type0"
        self.desc = None
        self.cidfont = None
        if self.type0:
            dfs = fd.get("/DescendantFonts")
            if dfs is not None and len(dfs):
                self.cidfont = dfs[0]
                self.desc = self.cidfont.get("/FontDescriptor")
        else:
            self.desc = fd.get("/FontDescriptor")
        self.encoding = fd.get("/Encoding")
        tu = fd.get("/ToUnicode")
        self.has_tounicode = isinstance(tu, pikepdf.Stream)
        self.tounicode = parse_tounicode(tu.read_bytes()) if self.has_tounicode else {}
        self.code_len = 2 if self.type0 else 1

    def embedded(self):
        if self.subtype == "/Type3":
            return True
        d = self.desc
        return d is not None and any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def font_program(self):
        d = self.desc
        if d is None:
            return None, None
        for k in ("/FontFile2", "/FontFile3", "/FontFile"):
            if k in d:
                try:
                    return k, d[k].read_bytes()
                except Exception:
                    return k, None
        return None, None

    def codes(self, b):
        n = self.code_len
        return [b[i:i + n] for i in range(0, len(b) - n + 1, n)]

    def unicode(self, code):
        """The text of one code, or None when it has no mapping."""
        if code in self.tounicode:
            return self.tounicode[code]
        if not self.type0 and isinstance(self.encoding, Name) and \
                str(self.encoding) in ("/WinAnsiEncoding", "/MacRomanEncoding"):
            return bytes(code).decode("cp1252" if "Win" in str(self.encoding) else "mac_roman",
                                      "replace")
        return None


def truetype_num_glyphs(data):
    """numGlyphs from a TrueType/OpenType font program's maxp table."""
    if not data or len(data) < 12:
        return None
    n = int.from_bytes(data[4:6], "big")
    for i in range(n):
        rec = data[12 + 16 * i: 28 + 16 * i]
        if len(rec) < 16:
            return None
        if rec[:4] == b"maxp":
            off = int.from_bytes(rec[8:12], "big")
            return int.from_bytes(data[off + 4: off + 6], "big")
    return None


# --- content streams --------------------------------------------------------------

PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "INLINE IMAGE",
         "Tj", "TJ", "'", '"'}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}


class Mark:
    """One open marked-content sequence."""
    __slots__ = ("tag", "mcid", "actual", "q", "in_text", "artifact", "lang", "broken")

    def __init__(self, tag, props, q, in_text):
        self.tag = tag
        self.mcid = None
        self.actual = None
        self.lang = None
        if isinstance(props, Dictionary):
            if "/MCID" in props:
                self.mcid = int(props["/MCID"])
            if "/ActualText" in props:
                self.actual = text_of(props["/ActualText"])
            if "/Lang" in props:
                self.lang = text_of(props["/Lang"])
        self.q = q
        self.in_text = in_text
        self.artifact = tag == "/Artifact"
        self.broken = False  # a crossing Q was reported: its EMC is not again


class Event:
    """One thing that happened in a content stream, for the checks:
    kind in ("paint", "glyph", "nest", "mcid")."""
    __slots__ = ("kind", "op", "index", "marks", "font", "code", "text", "why")

    def __init__(self, kind, op, index, marks, font=None, code=None, text=None, why=None):
        self.kind, self.op, self.index, self.marks = kind, op, index, marks
        self.font, self.code, self.text, self.why = font, code, text, why


def _props(operand, resources):
    if isinstance(operand, Name):
        pr = resources.get("/Properties") if resources is not None else None
        return pr.get(operand) if pr is not None else None
    return operand


def walk_content(page, fonts_cache):
    """Walk one page's content stream. Returns (events, mcid_text, mcid_order):
    events for the checks; mcid_text {mcid: Unicode text, ActualText spans
    replacing the glyphs they cover}; mcid_order the MCIDs in stream order."""
    res = page.get("/Resources")
    fontres = res.get("/Font") if res is not None else None
    events = []
    mcid_text = {}
    order = []
    marks = []
    q = 0
    in_text = False
    font = None
    for i, inst in enumerate(pikepdf.parse_content_stream(page)):
        op = str(inst.operator)
        ops = inst.operands if hasattr(inst, "operands") else []
        snap = tuple(marks)
        if op in ("BDC", "BMC"):
            props = _props(ops[1], res) if op == "BDC" and len(ops) > 1 else None
            m = Mark(str(ops[0]) if ops else "?", props, q, in_text)
            if m.mcid is not None:
                if m.mcid in mcid_text:
                    events.append(Event("nest", op, i, snap, why="MCID %d used twice on the page" % m.mcid))
                order.append(m.mcid)
                mcid_text.setdefault(m.mcid, "")
            marks.append(m)
            events.append(Event("mark", op, i, tuple(marks)))
        elif op == "EMC":
            if not marks:
                events.append(Event("nest", op, i, snap, why="EMC with no open marked content"))
                continue
            m = marks.pop()
            if m.q != q and not m.broken:
                events.append(Event("nest", op, i, snap,
                                    why="%s opened at q depth %d ends at depth %d" % (m.tag, m.q, q)))
            if m.in_text != in_text:
                events.append(Event("nest", op, i, snap,
                                    why="%s and BT/ET overlap" % m.tag))
            if m.actual is not None:
                own = next((x for x in reversed(marks) if x.mcid is not None), None)
                if own is not None:
                    mcid_text[own.mcid] += m.actual
        elif op == "q":
            q += 1
        elif op == "Q":
            if q == 0:
                events.append(Event("nest", op, i, snap, why="Q with no q"))
            elif marks and marks[-1].q >= q:
                events.append(Event("nest", op, i, snap,
                                    why="Q closes a q opened before %s BDC/BMC" % marks[-1].tag))
                marks[-1].broken = True
            q = max(0, q - 1)
        elif op == "BT":
            in_text = True
        elif op == "ET":
            if marks and marks[-1].in_text:
                events.append(Event("nest", op, i, snap,
                                    why="ET inside %s begun in the text object" % marks[-1].tag))
            in_text = False
        elif op == "Tf" and ops:
            fd = fontres.get(ops[0]) if fontres is not None else None
            if fd is None:
                font = None
            else:
                k = key(fd) or id(fd)
                if k not in fonts_cache:
                    fonts_cache[k] = Font(fd)
                font = fonts_cache[k]
        if op in PAINT:
            events.append(Event("paint", op, i, snap))
        if op in TEXT_SHOW:
            strings = []
            if op == "TJ":
                strings = [x for x in ops[0] if isinstance(x, pikepdf.String)] if ops else []
            elif ops:
                strings = [ops[-1]]
            actual = any(m.actual is not None for m in marks)
            own = next((m for m in reversed(marks) if m.mcid is not None), None)
            for s in strings:
                b = bytes(s)
                if font is None:
                    events.append(Event("glyph", op, i, snap, None, b, None))
                    continue
                for code in font.codes(b):
                    u = font.unicode(code)
                    events.append(Event("glyph", op, i, snap, font, code, u))
                    if own is not None and not actual and u is not None:
                        mcid_text[own.mcid] += u
    for m in marks:
        events.append(Event("nest", "EOF", -1, tuple(marks), why="%s never closed" % m.tag))
    if q:
        events.append(Event("nest", "EOF", -1, (), why="%d q never closed" % q))
    return events, mcid_text, order


# --- structure tree ------------------------------------------------------------------

class Elem:
    __slots__ = ("obj", "role", "parent", "kids", "content", "depth", "page")

    def __init__(self, obj, parent, depth):
        self.obj = obj
        self.role = name_of(obj.get("/S")) or "?"
        self.parent = parent
        self.kids = []       # child Elems
        self.content = []    # in order: ("mcid", page_key, n) | ("objr", annot) | ("elem", Elem)
        self.depth = depth
        # the page of MCID kids: /Pg here, else the closest ancestor's
        # (ISO 32000-1 14.7.4.2)
        self.page = obj.get("/Pg")
        if self.page is None and parent is not None:
            self.page = parent.page

    def get(self, k):
        return self.obj.get(k)


def struct_tree(pdf):
    """(root elems list, every Elem in depth-first document order)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return [], []
    every = []
    seen = set()

    def visit(obj, parent, depth):
        if depth > 200:
            return None
        k = key(obj)
        if k is not None:
            if k in seen:
                return None
            seen.add(k)
        e = Elem(obj, parent, depth)
        every.append(e)
        for kid in as_list(obj.get("/K")):
            if isinstance(kid, int) or (hasattr(kid, "is_integer") and not isinstance(kid, Dictionary)):
                try:
                    n = int(kid)
                except Exception:
                    continue
                e.content.append(("mcid", key(e.page) if e.page is not None else None, n))
            elif isinstance(kid, Dictionary):
                t = name_of(kid.get("/Type"))
                if t == "/MCR":
                    pg = kid.get("/Pg", e.page)
                    e.content.append(("mcid", key(pg) if pg is not None else None,
                                      int(kid.get("/MCID", -1))))
                elif t == "/OBJR":
                    e.content.append(("objr", kid.get("/Obj")))
                elif "/S" in kid:
                    c = visit(kid, e, depth + 1)
                    if c is not None:
                        e.kids.append(c)
                        e.content.append(("elem", c))
        return e

    roots = []
    for k in as_list(root.get("/K")):
        if isinstance(k, Dictionary):
            r = visit(k, None, 0)
            if r is not None:
                roots.append(r)
    return roots, every


def effective_lang(e, catalog_lang):
    while e is not None:
        lg = e.get("/Lang")
        if lg is not None:
            return text_of(lg)
        e = e.parent
    return catalog_lang


def elem_text(e, page_texts):
    """The text a reader gets from an element: its ActualText, else its
    content in order (MCIDs' text from page_texts {page_key: {mcid: text}})."""
    at = e.get("/ActualText")
    if at is not None:
        return text_of(at)
    out = []
    for c in e.content:
        if c[0] == "mcid":
            out.append(page_texts.get(c[1], {}).get(c[2], ""))
        elif c[0] == "elem":
            out.append(elem_text(c[1], page_texts))
    return "".join(out)
