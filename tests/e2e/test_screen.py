#!/usr/bin/env python3
"""End-to-end checks of the screen edition (`--edition screen`, issue
"Accessible PDFs and a screen edition"), with independent readers:
  - portrait 6 x 9 in pages (pdfinfo), at least a cover page and a content page;
  - tagged (pdfinfo), qpdf clean, fonts embedded and subset;
  - every word inside the page margins (0.7 in left/right; page numbers and
    the top rule are artifacts in the margins and are skipped by position);
  - every sentence of en.yaml present, and the stories in the order a
    reader meets them in the folded brochure (reading order of the plan);
  - bookmarks (qpdf --json /Outlines) name every H2 heading of en.yaml;
  - the structure tree starts with the cover title as H1.
For content/attachment (en, ar) and content/sleep (en). One PASS/FAIL per check.
"""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

W, H, MARGIN = 432.0, 648.0, 0.7 * 72


def heading_texts(text_yaml):
    out = []
    for st in ((text_yaml or {}).get("stories") or {}).values():
        for blk in (st or {}).values():
            if isinstance(blk, dict):
                for k in ("heading", "checklist", "contacts"):
                    if isinstance(blk.get(k), str):
                        out.append(" ".join(lib.strip_markup(blk[k]).split()))
    return out


def check(rep, name, bdir, lang, tmp):
    pre = "e2e/screen/%s-%s/" % (name, lang)
    out = os.path.join(tmp, "%s-%s-screen.pdf" % (name, lang))
    r = lib.run([lib.TRIFOLD, "build", bdir, "--lang", lang, "--edition", "screen", "-o", out])
    if r.returncode != 0 or not os.path.isfile(out):
        rep.fail(pre + "build", "exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))
        return
    rep.ok(pre + "build")
    info = lib.run(["pdfinfo", out]).stdout
    pages = int(next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")), "0"))
    rep.check(pre + "pages", pages >= 2 and "432 x 648 pts" in info, "pages %d, %s" % (
        pages, next((ln for ln in info.splitlines() if ln.startswith("Page size")), "?")))
    rep.check(pre + "tagged", "Tagged:          yes" in info, "not tagged")
    q = lib.run(["qpdf", "--check", out])
    rep.check(pre + "qpdf", q.returncode == 0, lib.short(q.stdout + q.stderr, 200))
    bad = [f["name"] for f in lib.pdffonts(out) if not (f["emb"] == f["sub"] == f["uni"] == "yes")]
    rep.check(pre + "fonts", not bad, "not embedded/subset/unicode: %s" % bad)

    words = lib.pdftotext_words(out)
    outside = []
    for pi, lines in enumerate(words):
        for ln in lines:
            for w in ln:
                if w.y0 > H - MARGIN / 2 - 12 or w.y1 < 0.2 * 72:   # page number / top rule
                    continue
                if pi == 0:
                    continue                                     # the cover page: its own layout
                if w.x0 < MARGIN - 0.5 or w.x1 > W - MARGIN + 0.5:
                    outside.append("p%d %r x %.1f-%.1f" % (pi + 1, w.text, w.x0, w.x1))
    rep.check(pre + "margins", not outside, "%d words outside: %s" % (len(outside), outside[:3]))

    b = lib.load_yaml(os.path.join(bdir, "brochure.yaml")) or {}
    text_yaml = lib.load_yaml(os.path.join(bdir, lang + ".yaml")) or {}
    if lang == "en":
        exp, _ = lib.expected_sentences(text_yaml, b.get("plan"))
        # page numbers ("2/6") are artifacts between pages; pdftotext joins a
        # line ending in an explicit hyphen to the next without it: compare
        # with hyphens taken out on both sides
        lines = [ln for ln in lib.run(["pdftotext", out, "-"]).stdout.splitlines()
                 if not re.match(r"^\s*\d+\s*/\s*\d+\s*$", ln)]
        dehy = lambda s: lib.normalize(s).replace("-", "")
        flat = dehy(" ".join(" ".join(lines).split()))
        missing = []
        for sid, sents in exp.items():
            for s in sents:
                i = flat.find(dehy(s))
                if i < 0:
                    missing.append(s)
        rep.check(pre + "text", not missing, "%d missing, e.g. %s" % (
            len(missing), [lib.short(m, 60) for m in missing[:2]]))
        firsts = [(sid, flat.find(dehy(ss[0]))) for sid, ss in exp.items() if ss]
        idx = [i for _, i in firsts if i >= 0]
        rep.check(pre + "order", idx == sorted(idx), "stories out of reading order: %s" % firsts)
    js = json.loads(lib.run(["qpdf", "--json=2", out]).stdout or "{}")
    titles = []
    for obj in (js.get("qpdf") or [{}, {}])[1].values():
        v = obj.get("value") if isinstance(obj, dict) else None
        if isinstance(v, dict) and "/Title" in v and ("/Parent" in v or "/First" in v or "/Dest" in v):
            t = v["/Title"]
            titles.append(t[2:] if isinstance(t, str) and t.startswith("u:") else t)
    want = heading_texts(text_yaml)
    lost = [h for h in want if h not in titles]
    rep.check(pre + "bookmarks", want and not lost, "headings without a bookmark: %s (have %s)" % (
        lost[:3], titles[:4]))
    st = lib.run(["pdfinfo", "-struct-text", out]).stdout.splitlines()
    first_h1 = next((st[i + 1].strip().strip('"') for i, ln in enumerate(st[:-1])
                     if ln.strip().startswith("H1")), "")
    title = " ".join(str(((text_yaml.get("meta") or {}).get("title")) or "").split())
    rep.check(pre + "h1", first_h1 == title, "first H1 %r, want %r" % (first_h1, title))


def main():
    rep = lib.Report()
    if not lib.preflight(rep, ["e2e/screen/preflight"]):
        return lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        check(rep, "attachment", os.path.join(lib.CONTENT, "attachment"), "en", tmp)
        check(rep, "attachment", os.path.join(lib.CONTENT, "attachment"), "ar", tmp)
        check(rep, "sleep", os.path.join(lib.CONTENT, "sleep"), "en", tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lib.exit_with(rep)


if __name__ == "__main__":
    sys.exit(main())
