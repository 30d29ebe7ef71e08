#!/usr/bin/env python3
"""Builds each edition into a temp dir and reads the PDF back with qpdf and
poppler. Editions: content/attachment en (office, press, and A4 press),
and every other content/*/ brochure in its base language (office).

Checks per edition (names e2e/<edition>/<check>):
  build     trifold build exits 0 and writes the PDF
  qpdf      qpdf --check exits 0 and prints no warning
  packed    written by pdf_pack.c: a cross-reference stream, the
            dictionaries in an object stream (qpdf --show-xref), PDF >= 1.5
  pages     2 pages
  boxes     office: page size = trim (landscape), no bleed;
            press: TrimBox = trim, BleedBox = trim + bleed (0.125in letter,
            3mm A4) each side, MediaBox larger than BleedBox on every side
  meta      Title and Author = meta.title / meta.author of <base>.yaml
  fonts     every font embedded, subset, with ToUnicode, "ABCDEF+" tag,
            type CID TrueType
  safe-area every word's box lies in its panel's safe area (panel by word
            centre; panels and folds from the print spec; 0.5pt tolerance)
  folds     no word crosses a fold line
  text      every sentence of the placed stories occurs in the text
            extracted in the fold's reading order (lib.READING_ORDER:
            roll cover, flap, inside-left, inside-middle, inside-right,
            back; Z-fold cover, inside-left, inside-middle, inside-right,
            outside-left, outside-middle)
  order     each flow story's sentences occur in order
"""

import os
import re
import shutil
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

TOL = 0.5      # pt, for geometry
BOX_TOL = 0.02  # pt, pdfinfo prints two decimals

CHECKS = ["build", "qpdf", "packed", "pages", "boxes", "meta", "fonts", "safe-area",
          "folds", "text", "order"]


def editions():
    eds = []
    names = lib.brochures()
    if "attachment" in names:
        eds.append(("attachment-en", "attachment", "en", {}))
        eds.append(("attachment-en-press", "attachment", "en", {"press": True}))
        eds.append(("attachment-en-a4-press", "attachment", "en",
                    {"press": True, "paper": "a4"}))
    for b in names:
        if b == "attachment":
            continue
        y = lib.load_yaml(os.path.join(lib.CONTENT, b, "brochure.yaml")) or {}
        base = str(y.get("base") or "en")
        eds.append(("%s-%s" % (b, base), b, base, {}))
    return eds


def close(a, b, tol=BOX_TOL):
    return abs(a - b) <= tol


def fmt_box(b):
    return "[%s]" % " ".join("%.2f" % v for v in b)


def check_boxes(rep, name, pages, sheet, press):
    errs = []
    for pg in (1, 2):
        d = pages.get(pg)
        if not d or "MediaBox" not in d:
            errs.append("page %d: no boxes" % pg)
            continue
        media = d["MediaBox"]
        trim = d.get("TrimBox", media)
        bleed = d.get("BleedBox", media)
        tw, th = trim[2] - trim[0], trim[3] - trim[1]
        if not (close(tw, sheet.w) and close(th, sheet.h)):
            errs.append("page %d: trim %.2fx%.2f, want %.2fx%.2f"
                        % (pg, tw, th, sheet.w, sheet.h))
        if not press:
            mw, mh = media[2] - media[0], media[3] - media[1]
            if not (close(mw, sheet.w) and close(mh, sheet.h)):
                errs.append("page %d: MediaBox %s, want %.2fx%.2f (office = trim)"
                            % (pg, fmt_box(media), sheet.w, sheet.h))
            if "size" in d and not (close(d["size"][0], sheet.w, 0.5)
                                    and close(d["size"][1], sheet.h, 0.5)):
                errs.append("page %d: size %s" % (pg, d["size"]))
            continue
        want = (trim[0] - sheet.bleed, trim[1] - sheet.bleed,
                trim[2] + sheet.bleed, trim[3] + sheet.bleed)
        if not all(close(a, b) for a, b in zip(bleed, want)):
            errs.append("page %d: BleedBox %s, want %s (TrimBox %s)"
                        % (pg, fmt_box(bleed), fmt_box(want), fmt_box(trim)))
        if not (media[0] < bleed[0] - BOX_TOL and media[1] < bleed[1] - BOX_TOL
                and media[2] > bleed[2] + BOX_TOL and media[3] > bleed[3] + BOX_TOL):
            errs.append("page %d: MediaBox %s not larger than BleedBox %s on every side"
                        % (pg, fmt_box(media), fmt_box(bleed)))
    rep.check(name, not errs, "; ".join(errs))


def check_geometry(rep, prefix, words, pages, sheet, safe):
    bad_safe, bad_fold = [], []
    n = 0
    for pi, lines in enumerate(words[:2]):
        dx, dy = lib.trim_offset(pages, pi + 1)
        for ln in lines:
            for w in ln:
                n += 1
                x0, x1, y0, y1 = w.x0 + dx, w.x1 + dx, w.y0 + dy, w.y1 + dy
                pname = sheet.panel_at(pi, (x0 + x1) / 2)
                px0, px1 = sheet.panel_box(pi, pname)
                over = max(px0 + safe - x0, x1 - (px1 - safe),
                           safe - y0, y1 - (sheet.h - safe))
                if over > TOL:
                    bad_safe.append("p%d %s %r [%.1f %.1f %.1f %.1f] outside safe area by %.1fpt"
                                    % (pi + 1, pname, lib.short(w.text, 20),
                                       x0, y0, x1, y1, over))
                for f in sheet.folds[pi]:
                    if x0 < f - TOL and x1 > f + TOL:
                        bad_fold.append("p%d %r [%.1f..%.1f] crosses fold at %.2f"
                                        % (pi + 1, lib.short(w.text, 20), x0, x1, f))
    if n == 0:
        rep.fail(prefix + "/safe-area", "no text found")
        rep.fail(prefix + "/folds", "no text found")
        return
    rep.check(prefix + "/safe-area", not bad_safe,
              "%d of %d words: %s" % (len(bad_safe), n, "; ".join(bad_safe[:3])))
    rep.check(prefix + "/folds", not bad_fold,
              "%d words: %s" % (len(bad_fold), "; ".join(bad_fold[:3])))


def check_text(rep, prefix, words, pages, sheet, text_yaml, plan):
    expected, flows = lib.expected_sentences(text_yaml, plan)
    all_sents = [s for ss in expected.values() for s in ss]
    src = lib.source_text(all_sents)
    per_panel = lib.panel_lines(words, pages, sheet)
    lines = []
    for pn in lib.READING_ORDER:
        lines.extend(per_panel.get(pn, []))
    text = lib.normalize(lib.join_lines(lines, src))
    if not all_sents:
        rep.fail(prefix + "/text", "no sentences found in the source yaml")
        rep.fail(prefix + "/order", "no sentences found in the source yaml")
        return
    missing = [(sid, s) for sid, ss in expected.items() for s in ss if s not in text]
    rep.check(prefix + "/text", not missing,
              "%d of %d sentences missing, first (%s): %r"
              % (len(missing), len(all_sents), missing[0][0] if missing else "",
                 lib.short(missing[0][1]) if missing else ""))
    if not flows:
        rep.fail(prefix + "/order", "no flow story in the plan")
        return
    errs, checked = [], 0
    for sid in sorted(flows):
        pos = 0
        for s in expected.get(sid, []):
            i = text.find(s, pos)
            if i < 0:
                if s in text:
                    errs.append("%s: %r out of order" % (sid, lib.short(s, 60)))
                continue
            checked += 1
            pos = i + 1
    if checked == 0:
        rep.fail(prefix + "/order", "no flow sentence found in the PDF")
    else:
        rep.check(prefix + "/order", not errs, "; ".join(errs[:2]))


def check_edition(rep, tmp, label, brochure, lang, opts):
    prefix = "e2e/" + label
    bdir = os.path.join(lib.CONTENT, brochure)
    out = os.path.join(tmp, label + ".pdf")

    def fail_rest(why, start):
        for c in CHECKS[start:]:
            rep.fail(prefix + "/" + c, why)

    r = lib.build(bdir, lang, out, paper=opts.get("paper"), fold=opts.get("fold"),
                  press=opts.get("press", False))
    if r.returncode != 0 or not os.path.isfile(out):
        rep.fail(prefix + "/build", "exit %d, %s" % (r.returncode, r.stderr.strip()[:200]))
        fail_rest("no PDF", 1)
        return
    rep.ok(prefix + "/build")

    q = lib.run(["qpdf", "--check", out])
    qout = (q.stdout + q.stderr)
    rep.check(prefix + "/qpdf", q.returncode == 0 and "warning" not in qout.lower(),
              "exit %d: %s" % (q.returncode, lib.short(qout, 200)))

    # pdf_pack.c keeps libharu's classic file when it cannot parse it: that
    # fallback is silent in a build, so it is caught here
    x = lib.run(["qpdf", "--show-xref", out]).stdout
    t = lib.run(["qpdf", "--show-object=trailer", out]).stdout
    with open(out, "rb") as f:
        head = f.read(8)
    compressed = len(re.findall(r"(?m)^\d+/0: compressed; stream = ", x))
    rep.check(prefix + "/packed",
              "/Type /XRef" in t and compressed >= 10 and head >= b"%PDF-1.5",
              "header %r, %d objects in object streams, trailer %s" % (head, compressed, lib.short(t, 120)))

    try:
        info, pages = lib.pdfinfo(out)
    except RuntimeError as e:
        fail_rest(str(e), 3)
        return
    rep.check(prefix + "/pages", info.get("Pages") == "2",
              "Pages: %s" % info.get("Pages"))

    sheet, safe = lib.sheet_for(bdir, opts.get("paper"), opts.get("fold"), lang)
    check_boxes(rep, prefix + "/boxes", pages, sheet, opts.get("press", False))

    base = (lib.load_yaml(os.path.join(bdir, "brochure.yaml")) or {}).get("base") or "en"
    base_yaml = lib.load_yaml(os.path.join(bdir, "%s.yaml" % base)) or {}
    meta = base_yaml.get("meta") or {}
    want_t = " ".join(str(meta.get("title", "")).split())
    want_a = " ".join(str(meta.get("author", "")).split())
    got_t, got_a = info.get("Title"), info.get("Author")
    rep.check(prefix + "/meta", want_t and want_a and got_t == want_t and got_a == want_a,
              "Title %r (want %r), Author %r (want %r)" % (got_t, want_t, got_a, want_a))

    try:
        fonts = lib.pdffonts(out)
        errs = []
        for f in fonts:
            why = []
            if not re.match(r"^[A-Z]{6}\+", f["name"]):
                why.append("no subset tag")
            if f["type"] != "CID TrueType":
                why.append("type %s" % f["type"])
            for k in ("emb", "sub", "uni"):
                if f[k] != "yes":
                    why.append("%s %s" % (k, f[k]))
            if why:
                errs.append("%s: %s" % (f["name"] or "?", ", ".join(why)))
        if not fonts:
            errs.append("no fonts")
        rep.check(prefix + "/fonts", not errs, "; ".join(errs[:4]))
    except RuntimeError as e:
        rep.fail(prefix + "/fonts", e)

    try:
        words = lib.pdftotext_words(out)
    except Exception as e:  # noqa: BLE001 - any parse failure is a FAIL
        fail_rest("pdftotext: %s" % e, CHECKS.index("safe-area"))
        return
    check_geometry(rep, prefix, words, pages, sheet, safe)

    text_yaml = lib.load_yaml(os.path.join(bdir, "%s.yaml" % lang)) or {}
    plan = (lib.load_yaml(os.path.join(bdir, "brochure.yaml")) or {}).get("plan") or {}
    check_text(rep, prefix, words, pages, sheet, text_yaml, plan)


def with_extra_tables(src, dst, n):
    """A copy of the TrueType font src with n dummy 4-byte tables ('Zd00'..)
    added to its table directory: a font of many tables."""
    import struct
    data = open(src, "rb").read()
    num = struct.unpack(">H", data[4:6])[0]
    recs = [struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i]) for i in range(num)]
    tables = {tag: data[off:off + ln] for tag, _, off, ln in recs}
    for i in range(n):
        tables[b"Zd%02d" % i] = b"\0\0\0\1"
    tags = sorted(tables)
    count = len(tags)
    es = 1 << (count.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x00010000, count, es * 16, es.bit_length() - 1, count * 16 - es * 16)
    off = 12 + 16 * count
    dirs, body = b"", b""
    for tag in tags:
        t = tables[tag]
        pad = t + b"\0" * (-len(t) % 4)
        csum = sum(struct.unpack(">%dI" % (len(pad) // 4), pad)) & 0xFFFFFFFF
        dirs += struct.pack(">4sIII", tag, csum, off + len(body), len(t))
        body += pad
    with open(dst, "wb") as f:
        f.write(head + dirs + body)


def check_many_tables(rep, tmp):
    """A body font of 81 tables (HarfBuzz lists a face's tables a page at a
    time): its subset still has the glyphs, and both readers draw it."""
    d = os.path.join(tmp, "many")
    os.makedirs(d)
    proj = lib.temp_project(d, "sleep")
    font = os.path.join(d, "Many-Regular.ttf")
    with_extra_tables(os.path.join(lib.ROOT, "fonts", "NotoSans-Regular.ttf"), font, 60)
    by = os.path.join(proj, "brochure.yaml")
    y = open(by, encoding="utf-8").read().replace("../../fonts/NotoSans-Regular.ttf", font)
    with open(by, "w", encoding="utf-8") as f:
        f.write(y)
    out = os.path.join(d, "many.pdf")
    r = lib.run([lib.TRIFOLD, "build", proj, "-o", out])
    ok = r.returncode == 0
    draw = lib.run(["pdftoppm", "-r", "20", "-f", "1", "-l", "1", out, os.path.join(d, "p")]) if ok else None
    mu = lib.run(["mutool", "draw", "-o", os.path.join(d, "m.png"), "-r", "20", out, "1"]) if ok else None
    words = " ".join(w.text for page in lib.pdftotext_words(out) for line in page for w in line) if ok else ""
    rep.check("e2e/pdf/many-tables", ok and draw.returncode == 0 and "font" not in draw.stderr.lower()
              and mu.returncode == 0 and "error" not in mu.stderr.lower() and "Sleep" in words,
              "exit %d: %s %s %s" % (r.returncode, lib.short(r.stderr, 200), draw and lib.short(draw.stderr, 200),
                                     mu and lib.short(mu.stderr, 200)))


def main():
    rep = lib.Report()
    if lib.yaml is None:
        lib.preflight(rep, ["e2e/pdf/" + c for c in CHECKS])
        lib.exit_with(rep)
    eds = editions()
    if not eds:
        rep.fail("e2e/content", "no brochures found under content/")
        lib.exit_with(rep)
    names = ["e2e/%s/%s" % (e[0], c) for e in eds for c in CHECKS]
    if not lib.preflight(rep, names, need_attachment=False):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        for label, b, lang, opts in eds:
            try:
                check_edition(rep, tmp, label, b, lang, opts)
            except Exception as e:  # noqa: BLE001 - a crash is a FAIL, not silence
                rep.fail("e2e/%s/crash" % label, "%s: %s" % (type(e).__name__, e))
        check_many_tables(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
