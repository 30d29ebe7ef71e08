#!/usr/bin/env python3
"""PDF/UA checks of our own (tests/pdfua/check.py) on every shipped edition,
and a set of deliberately broken PDFs proving each check can fail.

e2e/pdfua/<edition>   every shipped edition (as tools/editions-digest.sh
                      enumerates them: each content/<b>/<lang>.yaml office
                      and --press, with every content/clinics/*.yaml, and
                      the English screen edition) built into a temp dir; the
                      checker may report only the checkpoints listed in
                      KNOWN for that edition. Any other checkpoint fails.
                      Also the test fixtures (tests/fixtures/hebrew he,
                      small en/es, clinic-brochure en/es), named
                      fixture-<name>-<lang>.
e2e/pdfua/known/<id>  every KNOWN entry still occurs in some edition (when
                      a fix makes it go away, this fails until the entry is
                      removed from KNOWN, so the list only shrinks)
e2e/pdfua/mutant/<name>  attachment en with the riverside clinic (links,
                      figures, lists, /Lang en parts), changed with pikepdf
                      in one way; the checkpoints the checker reports beyond
                      those of the unchanged file are exactly the expected
                      ones (compared per message and count, so a check that
                      already fails on the good file must fail once more)
e2e/pdfua/cli, cli-list, cli-unreadable  the command line prints the
                      library's failures as "FILE: ID message", exits 1 on a
                      failure and 2 on a file it cannot read; --list prints
                      every id
e2e/pdfua/mutant-coverage  every checkpoint of check.CHECKS is proven by a
                      mutant, or listed in NOT_MUTATED with why

Env: TRIFOLD = the binary. Needs python3-pikepdf.
"""

import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "pdfua"))
import lib  # noqa: E402

try:
    import check  # noqa: E402
    from pdfread import pikepdf, Name, Dictionary, Array, parse_tounicode  # noqa: E402
except ImportError as ex:      # reported by main()
    check = None
    IMPORT_ERROR = str(ex)

# Failures the shipped editions have today, each to be removed by the fix
# that makes it go away: checkpoint -> (editions it may occur in, as a
# regular expression on the edition name, why). Issue 11.
KNOWN = {}

# Checkpoints with no mutant, and why (each is still checked on every file).
NOT_MUTATED = {
    "20-001": "optional content Configs: same code path as 20-002",
    "21-001": "embedded files: trifold writes none; the check is a key lookup",
    "30-001": "reference XObjects: trifold writes none; the check is a key lookup",
    "28-017": "PrinterMark annotations: trifold writes none",
    "26-001": "encryption without /P: qpdf (under pikepdf) cannot write it",
    "26-002": "encryption with /P bit 10 off: qpdf sets the bit whenever it encrypts",
}


FIXTURES = [("hebrew", "he"), ("small", "en"), ("small", "es"),
            ("clinic-brochure", "en"), ("clinic-brochure", "es")]


def editions(out):
    """[(name, args)] like tools/editions-digest.sh."""
    eds = []
    clinics = sorted(f for f in os.listdir(os.path.join(lib.CONTENT, "clinics"))
                     if f.endswith(".yaml")) if os.path.isdir(os.path.join(lib.CONTENT, "clinics")) else []
    for b in lib.brochures():
        bd = os.path.join(lib.CONTENT, b)
        langs = sorted(f[:-5] for f in os.listdir(bd)
                       if f.endswith(".yaml") and f != "brochure.yaml")
        for lang in langs:
            eds.append(("%s-%s" % (b, lang), [bd, "--lang", lang]))
            eds.append(("%s-%s-press" % (b, lang), [bd, "--lang", lang, "--press"]))
            for c in clinics:
                eds.append(("%s-%s-%s" % (b, c[:-5], lang),
                            [bd, "--lang", lang, "--clinic", os.path.join(lib.CONTENT, "clinics", c)]))
        if "en" in langs:
            eds.append(("%s-en-screen" % b, [bd, "--lang", "en", "--edition", "screen"]))
    # the test fixtures, as a small layout corpus (Hebrew, an image, a
    # clinic brochure)
    fx = os.path.join(lib.ROOT, "tests", "fixtures")
    for f, lang in FIXTURES:
        if os.path.isfile(os.path.join(fx, f, "brochure.yaml")):
            eds.append(("fixture-%s-%s" % (f, lang), [os.path.join(fx, f), "--lang", lang]))
    return [(n, a, os.path.join(out, n + ".pdf")) for n, a in eds]


def build(args, path):
    return lib.run([lib.TRIFOLD, "build"] + args + ["-o", path])


def counts(res):
    return collections.Counter({k: n for k, n in res.fails.items()})


def new_failures(base, res):
    """{(id, msg): extra count} that res has beyond base."""
    b, m = counts(base), counts(res)
    return {k: n - b.get(k, 0) for k, n in m.items() if n > b.get(k, 0)}


# --- mutations ------------------------------------------------------------------

def elems(pdf):
    from pdfread import struct_tree
    return struct_tree(pdf)[1]


def first(pdf, role, pred=None):
    for e in elems(pdf):
        if e.role == role and (pred is None or pred(e)):
            return e
    raise LookupError("no %s element" % role)


def page_ops(pdf, pno=0):
    return list(pikepdf.parse_content_stream(pdf.pages[pno].obj))


def set_ops(pdf, ops, pno=0):
    pg = pdf.pages[pno].obj
    pg.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def op(operator, *operands):
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def first_mcid_bdc(ops):
    for i, inst in enumerate(ops):
        if str(inst.operator) == "BDC" and isinstance(inst.operands[1], Dictionary) \
                and "/MCID" in inst.operands[1]:
            return i
    raise LookupError("no BDC with MCID")


def matching_emc(ops, i):
    depth = 0
    for j in range(i, len(ops)):
        o = str(ops[j].operator)
        if o in ("BDC", "BMC"):
            depth += 1
        elif o == "EMC":
            depth -= 1
            if depth == 0:
                return j
    raise LookupError("no EMC")


STROKE = [op("m", 0, 0), op("l", 10, 10), op("S")]


def m_untagged(pdf):
    ops = page_ops(pdf)
    set_ops(pdf, ops + STROKE)


def m_artifact_in_tagged(pdf):
    ops = page_ops(pdf)
    i = first_mcid_bdc(ops)
    set_ops(pdf, ops[:i + 1] + [op("BMC", Name("/Artifact"))] + STROKE + [op("EMC")] + ops[i + 1:])


def m_tagged_in_artifact(pdf):
    ops = page_ops(pdf)
    i = first_mcid_bdc(ops)
    j = matching_emc(ops, i)
    set_ops(pdf, ops[:i] + [op("BMC", Name("/Artifact"))] + ops[i:j + 1] + [op("EMC")] + ops[j + 1:])


def m_q_interleave(pdf):
    ops = page_ops(pdf)
    set_ops(pdf, ops + [op("q"), op("BMC", Name("/Artifact"))] + STROKE + [op("Q"), op("EMC")])


def m_glyph(code):
    """A glyph of the first font shown, under an ActualText span (so only
    the glyph checks can object to it)."""
    def f(pdf):
        ops = page_ops(pdf)
        for i, inst in enumerate(ops):
            if str(inst.operator) in ("Tj", "TJ"):
                span = [op("BDC", Name("/Span"), Dictionary(ActualText=pikepdf.String("x"))),
                        op("Tj", pikepdf.String(code)), op("EMC")]
                set_ops(pdf, ops[:i + 1] + span + ops[i + 1:])
                return
        raise LookupError("no text shown")
    return f


def used_font(pdf):
    """(font dict, a code it shows) of the first text shown on page 1."""
    ops = page_ops(pdf)
    cur = None
    for inst in ops:
        o = str(inst.operator)
        if o == "Tf":
            cur = inst.operands[0]
        elif o in ("Tj", "TJ") and cur is not None:
            s = inst.operands[0]
            b = bytes(next(x for x in s if isinstance(x, pikepdf.String))) if o == "TJ" else bytes(s)
            return pdf.pages[0].obj.Resources.Font[cur], b[:2]
    raise LookupError("no text")


def write_tounicode(pdf, fd, mapping):
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mapping.items())
    for k in range(0, len(items), 100):
        chunk = items[k:k + 100]
        lines.append("%d beginbfchar" % len(chunk))
        for code, u in chunk:
            lines.append("<%s> <%s>" % (code.hex().upper(), u.encode("utf-16-be", "surrogatepass").hex().upper()))
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    fd.ToUnicode = pdf.make_stream("\n".join(lines).encode())


def m_tounicode(change):
    def f(pdf):
        fd, code = used_font(pdf)
        mp = parse_tounicode(fd.ToUnicode.read_bytes())
        if change is None:
            del mp[code]
        else:
            mp[code] = change
        write_tounicode(pdf, fd, mp)
    return f


def m_font(fn):
    def f(pdf):
        fd, _ = used_font(pdf)
        fn(pdf, fd)
    return f


def m_role(role, new, pred=None):
    def f(pdf):
        first(pdf, role, pred).obj.S = Name(new)
    return f


def m_xmp(pattern):
    def f(pdf):
        x = pdf.Root.Metadata.read_bytes().decode("utf-8")
        y = re.sub(pattern, "", x, flags=re.S)
        assert x != y, pattern
        pdf.Root.Metadata = pdf.make_stream(y.encode("utf-8"), Type=Name("/Metadata"),
                                            Subtype=Name("/XML"))
    return f


def links(pdf):
    out = []
    for page in pdf.pages:
        for a in page.obj.get("/Annots", []):
            if a.get("/Subtype") == Name("/Link"):
                out.append(a)
    if not out:
        raise LookupError("no links")
    return out


def m_split_link(pdf):
    e = first(pdf, "/Link", lambda x: any(c[0] == "objr" for c in x.content))
    objr = next(c for c in e.content if c[0] == "objr")
    parent = e.obj.P
    k = parent.K
    new = pdf.make_indirect(Dictionary(Type=Name("/StructElem"), S=Name("/Link"), P=parent,
                                       K=Array([Dictionary(Type=Name("/OBJR"), Obj=objr[1])])))
    idx = next(i for i, x in enumerate(k) if isinstance(x, Dictionary) and x.objgen == e.obj.objgen)
    kids = list(k)
    parent.K = Array(kids[:idx + 1] + [new] + kids[idx + 1:])


def m_parent_tree(pdf):
    pt = pdf.Root.StructTreeRoot.ParentTree
    nums = pt.Nums
    arr = nums[1]            # page 0's MCID owners
    arr[0], arr[1] = arr[1], arr[0]


def m_note(pdf):
    first(pdf, "/P").obj.S = Name("/Note")


def m_annot(subtype):
    def f(pdf):
        pg = pdf.pages[0].obj
        a = pdf.make_indirect(Dictionary(Type=Name("/Annot"), Subtype=Name(subtype),
                                         Rect=Array([0, 0, 10, 10]), Contents=pikepdf.String("note")))
        if "/Annots" not in pg:
            pg.Annots = Array()
        pg.Annots.append(a)
    return f


def m_two_h(pdf):
    e = first(pdf, "/P", lambda x: x.parent is not None and
              sum(1 for k in x.parent.kids if k.role == "/P") >= 2)
    for k in [k for k in e.parent.kids if k.role == "/P"][:2]:
        k.obj.S = Name("/H")


def m_hidden_lbl(pdf):
    # the last Lbl: a bullet of a plain list (the checklist's Lbls are
    # empty today, see KNOWN)
    e = [x for x in elems(pdf) if x.role == "/Lbl"][-1]
    e.obj.ActualText = pikepdf.String("")


def link_elem(pdf, annot):
    pt = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(pt), 2):
        if int(pt[i]) == int(annot.StructParent):
            return pt[i + 1]
    raise LookupError("no ParentTree entry")


def m_link_no_contents_no_alt(pdf):
    a = links(pdf)[0]
    del a["/Contents"]
    del link_elem(pdf, a)["/Alt"]


def m_glyph_past_font(pdf):
    """Point a code drawn at a GID past the font program's glyphs."""
    fd, code = used_font(pdf)
    cf = fd.DescendantFonts[0]
    m = bytearray(cf.CIDToGIDMap.read_bytes())
    c = int.from_bytes(code, "big")
    m[2 * c: 2 * c + 2] = (0x7FFF).to_bytes(2, "big")
    cf.CIDToGIDMap = pdf.make_stream(bytes(m))


def m_note_ids(pdf):
    ps = [x for x in elems(pdf) if x.role == "/P"][:2]
    for x in ps:
        x.obj.S = Name("/Note")
        x.obj.ID = pikepdf.String("n1")


def _del(d, k):
    del d[k]


MUTANTS = [
    # name, mutation, the checkpoints it must add (exactly)
    ("no-lang", lambda p: _del(p.Root, "/Lang"), {"11-001", "11-002", "11-003", "11-004", "11-006"}),
    ("bad-elem-lang", lambda p: setattr(first(p, "/P").obj, "Lang", pikepdf.String("en_US!")), {"11-001"}),
    ("no-displaydoctitle", lambda p: _del(p.Root.ViewerPreferences, "/DisplayDocTitle"), {"07-001"}),
    ("displaydoctitle-false", lambda p: setattr(p.Root.ViewerPreferences, "DisplayDocTitle", False), {"07-002"}),
    ("no-xmp", lambda p: _del(p.Root, "/Metadata"), {"06-001"}),
    ("no-pdfuaid", m_xmp(r"<pdfuaid:part>.*?</pdfuaid:part>"), {"06-002"}),
    ("no-dc-title", m_xmp(r"<dc:title>.*?</dc:title>"), {"06-003"}),
    ("no-info-title", lambda p: _del(p.trailer.Info, "/Title"), {"TF-005"}),
    ("info-title-differs", lambda p: setattr(p.trailer.Info, "Title", pikepdf.String("Other")),
     {"TF-005"}),
    ("suspects", lambda p: setattr(p.Root.MarkInfo, "Suspects", True), {"01-007"}),
    ("not-marked", lambda p: setattr(p.Root.MarkInfo, "Marked", False), {"01-005"}),
    ("untagged-drawing", m_untagged, {"01-005"}),
    ("artifact-in-tagged", m_artifact_in_tagged, {"01-003"}),
    ("tagged-in-artifact", m_tagged_in_artifact, {"01-004"}),
    ("q-bmc-interleave", m_q_interleave, {"TF-001"}),
    ("parent-tree-swap", m_parent_tree, {"TF-002"}),
    ("nonstandard-type", m_role("/P", "/Para"), {"02-001"}),
    ("circular-rolemap", lambda p: (setattr(first(p, "/P").obj, "S", Name("/Foo")),
                                    setattr(p.Root.StructTreeRoot, "RoleMap",
                                            Dictionary(Foo=Name("/Bar"), Bar=Name("/Foo")))), {"02-003"}),
    ("standard-remapped", lambda p: setattr(p.Root.StructTreeRoot, "RoleMap",
                                            Dictionary(Span=Name("/P"))), {"02-004"}),
    ("li-as-div", m_role("/LI", "/Div"), {"09-005"}),
    ("p-as-td", m_role("/P", "/TD"), {"09-004"}),
    ("unmapped-glyph", m_tounicode(None), {"10-001"}),
    ("tounicode-fffd", m_tounicode("\ufffd"), {"10-001"}),
    ("tounicode-zero", m_tounicode("\x00"), {"31-028"}),
    ("tounicode-feff", m_tounicode("\ufeff"), {"31-029"}),
    ("no-tounicode", m_font(lambda p, fd: _del(fd, "/ToUnicode")), {"31-027"}),
    ("font-not-embedded", m_font(lambda p, fd: _del(fd.DescendantFonts[0].FontDescriptor, "/FontFile2")),
     {"31-009"}),
    ("no-cidtogidmap", m_font(lambda p, fd: _del(fd.DescendantFonts[0], "/CIDToGIDMap")), {"31-005"}),
    ("bad-cidtogidmap", m_font(lambda p, fd: setattr(fd.DescendantFonts[0], "CIDToGIDMap",
                                                     Name("/Foo"))), {"31-004"}),
    ("cmap-not-predefined", m_font(lambda p, fd: setattr(fd, "Encoding", Name("/Foo"))), {"31-006"}),
    ("notdef-glyph", m_glyph(b"\x00\x00"), {"31-030"}),
    ("glyph-not-in-font", m_glyph_past_font, {"31-011"}),
    ("figure-no-alt", lambda p: _del(first(p, "/Figure").obj, "/Alt"), {"13-004"}),
    ("formula-no-alt", m_role("/P", "/Formula"), {"17-002"}),
    ("first-heading-h2", m_role("/H1", "/H2"), {"14-002"}),
    ("skipped-heading", m_role("/H2", "/H3"), {"14-003"}),
    ("h-and-hn", m_role("/P", "/H"), {"14-007"}),
    ("two-h-in-node", m_two_h, {"14-006", "14-007"}),
    ("note-no-id", m_note, {"19-003"}),
    ("note-same-id", m_note_ids, {"19-004"}),
    ("link-no-contents", lambda p: _del(links(p)[0], "/Contents"), {"28-012"}),
    ("link-no-contents-no-alt", m_link_no_contents_no_alt, {"28-012", "28-004"}),
    ("link-no-structparent", lambda p: _del(links(p)[0], "/StructParent"), {"28-011"}),
    ("split-link", m_split_link, {"TF-004"}),
    ("no-tabs", lambda p: _del(p.pages[0].obj, "/Tabs"), {"28-008"}),
    ("tabs-r", lambda p: setattr(p.pages[0].obj, "Tabs", Name("/R")), {"28-009"}),
    ("text-annot-untagged", m_annot("/Text"), {"28-002"}),
    ("trapnet", m_annot("/TrapNet"), {"28-007", "28-002"}),
    ("empty-lbl", m_hidden_lbl, {"TF-003"}),
    ("oc-no-name", lambda p: setattr(p.Root, "OCProperties", Dictionary(
        OCGs=Array(), D=Dictionary(Order=Array()))), {"20-002"}),
    ("oc-as", lambda p: setattr(p.Root, "OCProperties", Dictionary(
        OCGs=Array(), D=Dictionary(Name=pikepdf.String("d"), AS=Array()))), {"20-003"}),
]


def run_mutants(rep, good, tmp):
    base = check.check_pdf(good)
    proven = set()
    for name, fn, expect in MUTANTS:
        tn = "e2e/pdfua/mutant/" + name
        out = os.path.join(tmp, "mutant-%s.pdf" % name)
        try:
            with pikepdf.open(good) as pdf:
                fn(pdf)
                pdf.save(out)
            res = check.check_pdf(out)
        except Exception as ex:
            rep.fail(tn, "mutation failed: %r" % ex)
            continue
        got = new_failures(base, res)
        ids = {cid for cid, _ in got}
        if rep.check(tn, ids == expect,
                     "expected new %s, got %s: %s" % (sorted(expect), sorted(ids),
                                                       "; ".join("%s %s" % k for k in list(got)[:4]))):
            proven |= ids
    missing = sorted(set(check.CHECKS) - proven - set(NOT_MUTATED))
    rep.check("e2e/pdfua/mutant-coverage", not missing,
              "checkpoints with no passing mutant: %s" % ", ".join(missing))


def check_cli(rep, good, tmp):
    """The command line: one "FILE: ID message" line per failure of the
    library's result, exit 1 on a failure, --list prints every id."""
    bad = os.path.join(tmp, "mutant-no-displaydoctitle.pdf")
    cli = os.path.join(lib.ROOT, "tests", "pdfua", "check.py")
    r = lib.run([sys.executable, cli, good, bad])
    want = ["%s: %s" % (p, ln) for p in (good, bad) for ln in check.check_pdf(p).lines()]
    rep.check("e2e/pdfua/cli", r.returncode == 1 and r.stdout.splitlines() == want
              and any(" 07-001 " in ln for ln in want),
              "exit %d, %d lines (want 1, %d lines with 07-001): %s"
              % (r.returncode, len(r.stdout.splitlines()), len(want), r.stderr.strip()[-200:]))
    r = lib.run([sys.executable, cli, "--list"])
    ids = [ln.split()[0] for ln in r.stdout.splitlines() if ln.strip()]
    rep.check("e2e/pdfua/cli-list", r.returncode == 0 and ids == list(check.CHECKS),
              "exit %d, %d ids" % (r.returncode, len(ids)))
    r = lib.run([sys.executable, cli, os.path.join(tmp, "no-such.pdf")])
    rep.check("e2e/pdfua/cli-unreadable", r.returncode == 2 and "cannot read" in r.stdout,
              "exit %d: %s" % (r.returncode, r.stdout.strip()[-200:]))


def main():
    rep = lib.Report()
    if check is None:
        rep.fail("e2e/pdfua/import", "cannot import the checker: %s (Debian: python3-pikepdf)"
                 % IMPORT_ERROR)
        lib.exit_with(rep)
    if not lib.preflight(rep, ["e2e/pdfua/build"]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        seen = collections.defaultdict(set)
        for name, args, path in editions(tmp):
            tn = "e2e/pdfua/" + name
            r = build(args, path)
            if r.returncode != 0 or not os.path.isfile(path):
                rep.fail(tn, "build failed: %s" % r.stderr.strip()[-200:])
                continue
            try:
                res = check.check_pdf(path)
            except Exception as ex:
                rep.fail(tn, "checker cannot read it: %r" % ex)
                continue
            c = res.counts()
            unexpected = []
            for cid, n in sorted(c.items()):
                k = KNOWN.get(cid)
                if k and re.search(k[0], name):
                    seen[cid].add(name)
                else:
                    unexpected.append("%s x%d" % (cid, n))
            if unexpected:
                lines = [ln for ln in res.lines() if ln.split()[0] not in KNOWN
                         or not re.search(KNOWN[ln.split()[0]][0], name)]
                rep.fail(tn, "new failures %s: %s" % (", ".join(unexpected), "; ".join(lines[:3])))
            else:
                known = ", ".join("%s x%d" % kv for kv in sorted(c.items()))
                rep.ok(tn + (" (known: %s)" % known if known else ""))
        for cid, (pat, why) in KNOWN.items():
            rep.check("e2e/pdfua/known/" + cid, seen.get(cid),
                      "no edition fails %s any more (%s): remove it from KNOWN" % (cid, why))
        good = os.path.join(tmp, "mutant-base.pdf")
        r = build([os.path.join(lib.CONTENT, "attachment"), "--lang", "en", "--clinic",
                   os.path.join(lib.CONTENT, "clinics", "riverside.yaml")], good)
        if r.returncode != 0:
            rep.fail("e2e/pdfua/mutant-base", "build failed: " + r.stderr.strip()[-200:])
        else:
            run_mutants(rep, good, tmp)
            check_cli(rep, good, tmp)
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
