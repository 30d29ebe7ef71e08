#!/usr/bin/env python3
"""Every sentence of every shipped language can be extracted exactly
(issue 11, item 2).

For each content/<b>/<lang>.yaml, the office edition is built and its text
read back by independent readers:
  mutool     MuPDF, `mutool draw -F txt` (Debian mupdf-tools): the text of
             the glyphs in content order, through ToUnicode and ActualText
  struct     the structure tree read with pikepdf (tests/pdfua/pdfread.py):
             elements in tree order, each MCID's text from the content
             stream through the fonts' ToUnicode maps, an /ActualText span
             or element replacing what it covers; block elements separated
             by a space, inline ones (Link, Span, ...) not
  pdftotext  poppler's plain `pdftotext`, for left-to-right scripts only
             (it reverses multi-character mappings in right-to-left runs
             whatever the producer writes; issue 11), one panel at a time
             in the fold's reading order (a crop of the page: its own
             column detection interleaves side-by-side panels whose lines
             line up, as a balanced flow's do)
Expected: the sentences of the stories the plan places (titles, subtitles,
headings, paragraphs, list and checklist items, contact names,
descriptions, addresses, phones, credit: lib.story_texts), inline markup
stripped (lib.strip_markup), NFKC and quote/space normalisation
(lib.normalize) on both sides, split after . ! ? ؟ followed by a space and
after 。！？. Each sentence must occur in the reader's text exactly; for
CJK languages all whitespace is removed from both sides first (the engine
breaks lines between any two CJK characters). In right-to-left
editions a space before closing punctuation (. , : ! ) ] ، ؛ ؟) in MuPDF's
text is dropped: MuPDF puts the final "." of "(... Therapy)." on a line of
its own where the direction changes. The reader's lines are
joined with a space, except that a line-final hyphen is dropped when the
source has the word without it (lib.join_lines: the sleep brochure
hyphenates). The structure tree text gets no such help.

Check name: e2e/extract/<b>-<lang>/<reader>. And e2e/extract/can-fail/<reader>:
the attachment en edition with the ToUnicode entry of one letter "e" glyph
changed to "x" (pikepdf) must make every reader miss sentences. A (language, reader) listed in
KNOWN must fail today (it is a known defect), only on sentences holding
one of its characters; when it passes, the test
fails until the entry is removed, so the list only shrinks.

Env: TRIFOLD. Needs python3-pikepdf, mupdf-tools, poppler-utils.
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

# (language, reader) -> (characters, why): it fails today, and only on
# sentences holding one of the characters (any other missing sentence is a
# new failure). Remove an entry with the fix.
KNOWN = {}

CJK = re.compile(r"^(zh|ja|ko)(-|$)")
INLINE = {"/Link", "/Span", "/Quote", "/Code", "/Reference", "/Annot", "/Ruby", "/Warichu",
          "/BibEntry", "/Note"}
# MuPDF starts a new line where the direction changes in a right-to-left
# paragraph: "(... Therapy)" then "." on a line of its own, or "... (" then
# "ADHD" then ")؛". In RTL editions a space before closing punctuation and
# after an opening bracket in MuPDF's text is dropped.
RTL_PUNCT_SPACE = re.compile(r"\s+([.,:!)\]\u060c\u061b\u061f])|([(\[])\s+")
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def norm(s, cjk):
    s = lib.normalize(s.translate(BIDI))
    return re.sub(r"\s+", "", s) if cjk else s


def split(text):
    text = " ".join(text.split())
    parts = re.split(r"(?<=[.!?\u061f])\s+(?=\S)|(?<=[\u3002\uff01\uff1f])", text)
    return [p.strip() for p in parts if p.strip()]


def expected(bdir, lang):
    b = lib.load_yaml(os.path.join(bdir, "brochure.yaml")) or {}
    ty = lib.load_yaml(os.path.join(bdir, lang + ".yaml")) or {}
    placed, _ = lib.expected_sentences(ty, b.get("plan") or {})
    stories = ty.get("stories") or {}
    out = []
    for sid in placed:
        for t in lib.story_texts(stories.get(sid)):
            out.extend(split(lib.normalize(lib.strip_markup(t))))
    return out


def tree_text(e, page_texts):
    at = e.get("/ActualText")
    if at is not None:
        return pdfread.text_of(at)
    out = []
    for c in e.content:
        if c[0] == "mcid":
            out.append(page_texts.get(c[1], {}).get(c[2], ""))
        elif c[0] == "elem":
            t = tree_text(c[1], page_texts)
            out.append(t if c[1].role in INLINE else " " + t + " ")
    return "".join(out)


def struct_text(path):
    with pdfread.pikepdf.open(path) as pdf:
        roots, _ = pdfread.struct_tree(pdf)
        fonts = {}
        page_texts = {}
        for page in pdf.pages:
            _, mtext, _ = pdfread.walk_content(page.obj, fonts)
            page_texts[pdfread.key(page.obj)] = mtext
        return " ".join(tree_text(r, page_texts) for r in roots)


def reader_text(reader, path, sheet):
    if reader == "struct":
        return struct_text(path)
    if reader == "mutool":
        r = lib.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", path])
    else:
        return pdftotext_panels(path, sheet)
    if r.returncode != 0:
        raise RuntimeError("%s exit %d: %s" % (reader, r.returncode, r.stderr.strip()[-200:]))
    return r.stdout


def pdftotext_panels(path, sheet):
    """pdftotext's text one panel at a time (a -x/-W crop of its page), the
    panels in the fold's reading order: left to itself, poppler's column
    detection merges the lines of side-by-side panels whose baselines line
    up (a flow balanced over its panels) and reorders the blocks, which
    says nothing about the PDF's text."""
    out = []
    for name in sheet.order:
        for pi in range(2):
            try:
                x0, x1 = sheet.panel_box(pi, name)
            except KeyError:
                continue
            r = lib.run(["pdftotext", "-enc", "UTF-8", "-f", str(pi + 1), "-l", str(pi + 1),
                         "-x", str(int(x0)), "-y", "0", "-W", str(int(x1 - x0 + 0.5)),
                         "-H", str(int(sheet.h + 1)), path, "-"])
            if r.returncode != 0:
                raise RuntimeError("pdftotext exit %d: %s" % (r.returncode, r.stderr.strip()[-200:]))
            out.append(r.stdout)
    return "\n".join(out)


def can_fail(rep, bdir, good, tmp):
    """A wrong ToUnicode entry must be seen by every reader."""
    sys.path.insert(0, HERE)
    import test_pdfua as tp
    bad = os.path.join(tmp, "can-fail.pdf")
    with pdfread.pikepdf.open(good) as pdf:
        done = 0
        for page in pdf.pages:
            fr = page.obj.Resources.Font
            for fd in [fr[k] for k in fr.keys()]:
                if "/ToUnicode" not in fd:
                    continue
                mp = pdfread.parse_tounicode(fd.ToUnicode.read_bytes())
                hit = [c for c, u in mp.items() if u == "e"]
                for c in hit:
                    mp[c] = "x"
                if hit:
                    tp.write_tounicode(pdf, fd, mp)
                    done += 1
        pdf.save(bad)
    sents = [norm(s, False) for s in expected(bdir, "en")]
    src = lib.source_text(sents)
    for rd in ("mutool", "struct", "pdftotext"):
        raw = reader_text(rd, bad, lib.sheet_for(bdir, lang="en")[0])
        if rd != "struct":
            raw = lib.join_lines(raw.splitlines(), src)
        text = norm(" ".join(raw.split()), False)
        missing = [s for s in sents if s not in text]
        rep.check("e2e/extract/can-fail/" + rd, done and len(missing) > len(sents) // 2,
                  "%d fonts changed, only %d of %d sentences missed" % (done, len(missing), len(sents)))


def main():
    rep = lib.Report()
    if pdfread is None:
        rep.fail("e2e/extract/import", "cannot import pikepdf: %s (Debian: python3-pikepdf)"
                 % IMPORT_ERROR)
        lib.exit_with(rep)
    if not lib.preflight(rep, ["e2e/extract/build"]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    seen_known = set()
    try:
        for b in lib.brochures():
            bdir = os.path.join(lib.CONTENT, b)
            langs = sorted(f[:-5] for f in os.listdir(bdir)
                           if f.endswith(".yaml") and f != "brochure.yaml")
            for lang in langs:
                name = "%s-%s" % (b, lang)
                out = os.path.join(tmp, name + ".pdf")
                r = lib.build(bdir, lang, out)
                if r.returncode != 0:
                    rep.fail("e2e/extract/%s/build" % name, r.stderr.strip()[-200:])
                    continue
                if (b, lang) == ("attachment", "en"):
                    can_fail(rep, bdir, out, tmp)
                cjk = bool(CJK.match(lang))
                sents = [norm(s, cjk) for s in expected(bdir, lang)]
                src = lib.source_text(sents)
                readers = ["mutool", "struct"]
                rtl = lang.split("-")[0].lower() in lib.RTL_LANGS
                if not rtl:
                    readers.append("pdftotext")
                for rd in readers:
                    tn = "e2e/extract/%s/%s" % (name, rd)
                    try:
                        raw = reader_text(rd, out, lib.sheet_for(bdir, lang=lang)[0])
                        if rd != "struct" and not cjk:
                            raw = lib.join_lines(raw.splitlines(), src)
                        text = norm(" ".join(raw.split()), cjk)
                        if rd == "mutool" and rtl:
                            text = RTL_PUNCT_SPACE.sub(r"\1\2", text)
                    except Exception as ex:
                        rep.fail(tn, repr(ex))
                        continue
                    missing = [s for s in sents if s not in text]
                    why = "%d of %d sentences not found, e.g. %s" % (
                        len(missing), len(sents), " | ".join(lib.short(m, 70) for m in missing[:3]))
                    known = KNOWN.get((lang, rd))
                    if known:
                        seen_known.add((lang, rd))
                        other = [m for m in missing if not any(ch in m for ch in known[0])]
                        if other:
                            rep.fail(tn, "%d sentences missing that %r does not explain, e.g. %s"
                                     % (len(other), known[1], lib.short(other[0], 70)))
                        elif missing:
                            rep.ok(tn + " (known failure: %d of %d sentences missing)"
                                   % (len(missing), len(sents)))
                        else:
                            rep.fail(tn, "passes now: remove %r from KNOWN" % ((lang, rd),))
                    else:
                        rep.check(tn, sents and not missing,
                                  why if sents else "no sentences expected")
        for k in KNOWN:
            rep.check("e2e/extract/known/%s-%s" % k, k in seen_known,
                      "no shipped %s edition to check; remove it from KNOWN" % k[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
