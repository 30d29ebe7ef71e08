#!/usr/bin/env python3
"""An image's alternate text decides how it is tagged (issue 11 item 6).

Builds the small fixture (an image block with alt text) as it is and with
`alt: ""`, and reads the PDFs back with pikepdf (tests/pdfua/pdfread.py):

e2e/images/figure      alt text: one Figure element whose /Alt is the text,
                       the image drawn (Do) inside that Figure's marked content
e2e/images/decorative  alt: "": no Figure element, the image drawn inside an
                       /Artifact sequence, and the PDF/UA checker finds
                       nothing
(An image with no alt at all is an error: tests/errors/image-no-alt.)

Env: TRIFOLD. Needs python3-pikepdf, python3-yaml.
"""

import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "pdfua"))
import lib  # noqa: E402

try:
    import check  # noqa: E402
    import pdfread  # noqa: E402
except ImportError as ex:
    check = None
    IMPORT_ERROR = str(ex)

FIXTURE = os.path.join(lib.ROOT, "tests", "fixtures", "small")


def copy_fixture(tmp, alt):
    """The small fixture in tmp, font paths made absolute, the image's alt
    set to `alt`."""
    d = os.path.join(tmp, "small-%d" % len(os.listdir(tmp)))
    shutil.copytree(FIXTURE, d)
    bro = os.path.join(d, "brochure.yaml")
    with open(bro, encoding="utf-8") as f:
        text = f.read()
    with open(bro, "w", encoding="utf-8") as f:
        f.write(text.replace("../../../fonts", os.path.join(lib.ROOT, "fonts")))
    en = os.path.join(d, "en.yaml")
    with open(en, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"alt: [^,}]*", "alt: " + alt, text)
    assert n == 1, "the small fixture has one image alt"
    with open(en, "w", encoding="utf-8") as f:
        f.write(text)
    return d


def image_marks(path):
    """[(tag, element role or None)] of the marked content around each Do."""
    out = []
    with pdfread.pikepdf.open(path) as pdf:
        owners = {}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for i in range(0, len(nums), 2):
            owners[int(nums[i])] = nums[i + 1]
        for pno, page in enumerate(pdf.pages):
            fonts = {}
            events, _, _ = pdfread.walk_content(page.obj, fonts)
            arr = owners.get(int(page.obj.get("/StructParents", -1)))
            for e in events:
                if e.kind == "paint" and e.op == "Do":
                    m = e.marks[-1] if e.marks else None
                    role = None
                    if m is not None and m.mcid is not None and arr is not None:
                        role = str(arr[m.mcid].S)
                    out.append((m.tag if m else None, role))
        figures = [x for x in pdfread.struct_tree(pdf)[1] if x.role == "/Figure"]
        alts = [pdfread.text_of(x.obj.get("/Alt")) for x in figures]
    return out, alts


def main():
    rep = lib.Report()
    names = ["e2e/images/figure", "e2e/images/decorative"]
    if check is None:
        for n in names:
            rep.fail(n, "cannot import pikepdf: %s (Debian: python3-pikepdf)" % IMPORT_ERROR)
        lib.exit_with(rep)
    if not lib.preflight(rep, names, need_attachment=False):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        for name, alt in (("figure", "One red pixel."), ("decorative", '""')):
            tn = "e2e/images/" + name
            d = copy_fixture(tmp, alt)
            out = os.path.join(tmp, name + ".pdf")
            r = lib.build(d, "en", out)
            if r.returncode != 0:
                rep.fail(tn, "build failed: " + r.stderr.strip()[-200:])
                continue
            marks, alts = image_marks(out)
            if name == "figure":
                rep.check(tn, marks == [("/Figure", "/Figure")] and alts == ["One red pixel."],
                          "image marks %r, Figure alts %r" % (marks, alts))
            else:
                lines = check.check_pdf(out).lines()
                rep.check(tn, marks == [("/Artifact", None)] and alts == [] and not lines,
                          "image marks %r, Figure alts %r, checker %r" % (marks, alts, lines[:3]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
