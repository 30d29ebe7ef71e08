#!/usr/bin/env python3
"""What a reader hears for links and the clinic's figures, in the edition's
language (issue 11 items 3 and 4).

For attachment with the riverside clinic, in every language the brochure
ships, reads the PDF with pikepdf (tests/pdfua/pdfread.py):

e2e/links/<lang>/contents  every link annotation's /Contents is one of the
                           edition's label templates (labels.call, .write,
                           .website of <lang>.yaml) with its {...} filled:
                           "Call (217) 555-0100", "Website riverside.example.org"
e2e/links/<lang>/one-link  each Link element holds the annotations of one
                           target only, and no two Link elements under one
                           parent share a target (a link that wraps is one
                           Link with an OBJR per line)
e2e/links/<lang>/figures   the logo's Alt is labels.logo with the clinic's
                           name, the QR code's labels.qr_code with its URL

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
    import pdfread  # noqa: E402
except ImportError as ex:
    pdfread = None
    IMPORT_ERROR = str(ex)

BROCHURE = os.path.join(lib.CONTENT, "attachment")
CLINIC = os.path.join(lib.CONTENT, "clinics", "riverside.yaml")


def template_re(tpl):
    """A label template as a regular expression: its {...} matches a value."""
    m = re.search(r"\{[^}]*\}", tpl)
    if not m:
        return re.compile(re.escape(tpl) + r" (.+)$")
    return re.compile("^" + re.escape(tpl[:m.start()]) + "(.+)" + re.escape(tpl[m.end():]) + "$")


def fill(tpl, value):
    return re.sub(r"\{[^}]*\}", lambda _: value, tpl, count=1)


def check_lang(rep, lang, tmp):
    pre = "e2e/links/%s/" % lang
    labels = (lib.load_yaml(os.path.join(BROCHURE, lang + ".yaml")) or {}).get("labels") or {}
    clinic = lib.load_yaml(CLINIC) or {}
    name = ((clinic.get("translations") or {}).get(lang) or {}).get("name") or clinic.get("name")
    web = re.sub(r"^[a-z]+://", "", clinic.get("web", "")).rstrip("/")
    out = os.path.join(tmp, lang + ".pdf")
    r = lib.run([lib.TRIFOLD, "build", BROCHURE, "--lang", lang, "--clinic", CLINIC, "-o", out])
    if r.returncode != 0:
        for n in ("contents", "one-link", "figures"):
            rep.fail(pre + n, "build failed: " + r.stderr.strip()[-200:])
        return
    pats = [template_re(labels[k]) for k in ("call", "write", "website") if k in labels]
    with pdfread.pikepdf.open(out) as pdf:
        bad, targets = [], {}
        for page in pdf.pages:
            for a in page.obj.get("/Annots", []):
                if a.get("/Subtype") != "/Link":
                    continue
                c = pdfread.text_of(a.get("/Contents")) or ""
                if len(pats) < 3 or not any(p.match(c) for p in pats):
                    bad.append(c)
        rep.check(pre + "contents", not bad and len(pats) == 3,
                  "not from labels call/write/website %r: %r" % ([labels.get(k) for k in
                                                                  ("call", "write", "website")], bad[:3]))
        roots, elems = pdfread.struct_tree(pdf)
        uris, split = {}, []
        for e in elems:
            if e.role != "/Link":
                continue
            us = set()
            for k in e.obj.get("/K", []):
                if isinstance(k, pdfread.Dictionary) and k.get("/Type") == "/OBJR":
                    us.add(str(k.Obj.A.get("/URI")))
            if len(us) != 1:
                split.append("a Link with %d targets %s" % (len(us), sorted(us)))
            key = (pdfread.key(e.obj.P) if "/P" in e.obj else None, tuple(sorted(us)))
            uris[key] = uris.get(key, 0) + 1
        split += ["%d Link elements for %s under one parent" % (n, k[1]) for k, n in uris.items() if n > 1]
        rep.check(pre + "one-link", not split, "; ".join(split[:3]))
        alts = [pdfread.text_of(e.obj.get("/Alt")) for e in elems if e.role == "/Figure"]
        want = [fill(labels.get("logo", "{name} logo"), name),
                fill(labels.get("qr_code", "QR code for {url}"), web)]
        rep.check(pre + "figures", all(w in alts for w in want), "want %r in %r" % (want, alts))


def main():
    rep = lib.Report()
    if pdfread is None:
        rep.fail("e2e/links/import", "cannot import pikepdf: %s (Debian: python3-pikepdf)" % IMPORT_ERROR)
        lib.exit_with(rep)
    if not lib.preflight(rep, ["e2e/links/build"]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        langs = sorted(f[:-5] for f in os.listdir(BROCHURE)
                       if f.endswith(".yaml") and f != "brochure.yaml")
        for lang in langs:
            check_lang(rep, lang, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
