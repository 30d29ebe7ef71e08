#!/usr/bin/env python3
"""Reading order per fold (issue 10, item 2), on generated brochures.

A generated brochure, unlike the shipped ones (numbered sections with long
headings and a 25-letter compound word, no fit, hyphenation off so the
markers stay whole), whose one flow story, `body`, runs through four
panels: the three inside panels and the outside panel beside the cover's
back (a Z-fold's outside-left, a roll fold's flap). That panel also holds a
short story, `intro`, stacked above the flow. Inside-right ends with a
sidebar `closing`; the last outside panel holds `contacts`. The plan lists
the panels in the reverse of their reading order, so nothing can come from
the order of the YAML keys. Each paragraph of the flow starts with a marker,
M01, M02, ...; built for a Z-fold and for a roll fold, on letter and on A4,
and a Hebrew (right-to-left) Z-fold on A4, whose panels all sit in the
mirrored places and are read in the same order.

Per build ("e2e/folds/<fold>-<paper>/<check>"):
  build      trifold build exits 0
  markers    every marker M01..Mnn is found once, whole
  first      (pdftotext -bbox-layout, panels from the fold's geometry) the
             flow's first marker is on the fold's first flow panel in
             reading order: inside-left on a Z-fold, the flap on a roll fold
  order      every marker is on a panel read no earlier than the panel of
             the marker before it, and below it on the same panel: the flow
             never continues onto a panel read earlier
  panels     the markers use all four flow panels, in the fold's order
  struct     (pdfinfo -struct-text) the Sects' texts come in the fold's
             reading order: Z-fold cover, body, closing, intro, contacts (a
             Z-fold reads outside-left after the inside); roll fold cover,
             intro, body, closing, contacts; the markers in the tree increase
  check      `trifold check` lists the panels in the fold's reading order,
             with the fold's names
  proof      the --proof layer numbers the panels in reading order
             ("2 inside-left", "5 outside-left" on a Z-fold) and says which
             panel of a Z-fold is its back when folded (inside-right)
  thirds     no word crosses a fold of the fold's geometry (lib.Sheet:
             equal thirds for a Z-fold, the narrow flap for a roll fold)

Plus:
  e2e/folds/roll-names-on-z   a Z-fold plan with `flap:` fails with
                              file:line:col and the name to use
  e2e/folds/override-warns    `--fold z` on a roll-fold plan builds, warns
                              that flap and back keep their places, and
                              reads them after the inside

Env: TRIFOLD = the binary. Needs python3-yaml and poppler-utils.
"""

import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/folds/"
MARKER = re.compile(r"^M(\d\d)$")

WORDS = ("sleep routine bedtime children evening quiet reading lamp dim morning school wake "
         "habit parents notice change slowly week calm voice story bath teeth light window "
         "curtain blanket pillow dream rest body brain mood focus memory growth energy").split()


HE_WORDS = ("שינה ילדים ערב שקט קריאה מנורה בוקר בית ספר הרגל הורים שינוי לאט שבוע קול "
            "סיפור אמבטיה שיניים אור חלון וילון שמיכה כרית חלום מנוחה גוף מוח מצב רוח").split()


def para(i, n, lang="en"):
    """A paragraph of n words starting with marker M<i>, varied and plain."""
    words = HE_WORDS if lang == "he" else WORDS
    ws = ["M%02d" % i]
    for k in range(n - 1):
        ws.append(words[(i * 7 + k * 3) % len(words)])
    if i % 4 == 0 and lang != "he":
        ws.insert(5, "Schlafenszeitgewohnheiten")      # a 25-letter compound word
    return " ".join(ws) + "."


def text_yaml(n_paras, words_each, lang="en"):
    lines = ["lang: %s" % lang, "meta:", "  title: Fold Order Test", "stories:",
             "  cover:", "    t: {title: Fold Order Test}",
             "    s: {subtitle: Generated to check the reading order}",
             "  intro:", "    i1: Introwordalpha opens the outside panel beside the back of the cover.",
             "  closing:", "    c1: {heading: Closingwordbeta}",
             "    c2: The last words of the inside spread.",
             "  contacts:", "    k1: {heading: Contactwordgamma}",
             "    k2: Write to the example office for more copies of this leaflet.",
             "  body:"]
    for i in range(1, n_paras + 1):
        if i % 3 == 1:
            lines.append("    h%02d: {heading: \"A rather long heading for part %d of the generated story\"}"
                         % (i, i))
        lines.append("    p%02d: %s" % (i, para(i, words_each, lang)))
    return "\n".join(lines) + "\n"


def brochure_yaml(fold, paper, lang="en"):
    side = "outside-left" if fold == "z" else "flap"
    last = "outside-middle" if fold == "z" else "back"
    fallback = ("    fallback:\n      - {regular: NotoSansHebrew-Regular.ttf, bold: NotoSansHebrew-Bold.ttf}\n"
                if lang == "he" else "")
    # the reverse of the reading order, on purpose
    return ("""trifold: 1
id: folds
base: """ + lang + """
sheet: {paper: %s, fold: %s}
theme:
  fonts:
    regular: NotoSans-Regular.ttf
    italic: NotoSans-Italic.ttf
    bold: NotoSans-Bold.ttf
    bold_italic: NotoSans-BoldItalic.ttf
""" + fallback + """  text: {size: 11pt, hyphenate: false}
plan:
  %s:
    content: [{story: contacts}]
  %s:
    content:
      - story: intro
      - flow: body
  inside-right:
    content:
      - flow: body
      - sidebar: closing
  inside-middle:
    content: [{flow: body}]
  inside-left:
    content: [{flow: body}]
  cover:
    style: cover
    content: [{story: cover}]
""") % (paper, fold, last, side)


def flow_panels(fold):
    return (["inside-left", "inside-middle", "inside-right", "outside-left"] if fold == "z"
            else ["flap", "inside-left", "inside-middle", "inside-right"])


def make(tmp, name, fold, paper, n_paras, words_each, lang="en"):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "brochure.yaml"), "w") as f:
        f.write(brochure_yaml(fold, paper, lang))
    with open(os.path.join(d, lang + ".yaml"), "w") as f:
        f.write(text_yaml(n_paras, words_each, lang))
    return d


def env():
    e = dict(os.environ)
    e.setdefault("TRIFOLD_DATA", lib.ROOT)     # NotoSans-*.ttf from trifold's fonts/
    return e


def markers_by_panel(pdf, sheet):
    """[(marker number, panel, y top)] in marker order, from pdftotext -bbox-layout;
    and the words that lie in no panel (across a fold)."""
    _, pages = lib.pdfinfo(pdf)
    words = lib.pdftotext_words(pdf)
    found, straddle = [], []
    for pi, lines in enumerate(words[:2]):
        dx, dy = lib.trim_offset(pages, pi + 1)
        for ln in lines:
            for w in ln:
                x0, x1 = w.x0 + dx, w.x1 + dx
                p0, p1 = sheet.panel_at(pi, x0 + 0.5), sheet.panel_at(pi, x1 - 0.5)
                if p0 != p1:
                    straddle.append(w.text)
                m = MARKER.match(w.text)
                if m:
                    found.append((int(m.group(1)), p0, w.y0 + dy))
    found.sort()
    return found, straddle


def struct_text(pdf):
    r = lib.run(["pdfinfo", "-struct-text", pdf])
    return r.stdout if r.returncode == 0 else ""


def check_build(rep, tmp, fold, paper, lang="en"):
    name = "%s-%s%s" % (fold, paper, "" if lang == "en" else "-" + lang)
    pre = PRE + name + "/"
    # enough text to fill three panels and run on to the fourth
    n_paras, words_each = (14, 44) if paper == "letter" else (14, 42)
    if lang == "he":
        n_paras, words_each = 14, 66
    d = make(tmp, name, fold, paper, n_paras, words_each, lang)
    pdf = os.path.join(tmp, name + ".pdf")
    r = lib.run([lib.TRIFOLD, "build", d, "-o", pdf], env=env())
    if not rep.check(pre + "build", r.returncode == 0 and os.path.isfile(pdf),
                     "exit %d: %s" % (r.returncode, lib.short(r.stderr, 250))):
        return
    sheet, _ = lib.sheet_for(d)
    order = lib.FOLD_READING_ORDER[fold]
    rank = {p: i for i, p in enumerate(order)}
    found, straddle = markers_by_panel(pdf, sheet)
    nums = [n for n, _, _ in found]
    if not rep.check(pre + "markers", nums == list(range(1, n_paras + 1)),
                     "markers found %s, want 1..%d" % (nums, n_paras)):
        return
    fp = flow_panels(fold)
    rep.check(pre + "first", found[0][1] == fp[0],
              "M01 is on %s, want %s (the first flow panel read)" % (found[0][1], fp[0]))
    bad = []
    for (a, pa, ya), (b, pb, yb) in zip(found, found[1:]):
        if rank[pb] < rank[pa] or (pb == pa and yb <= ya):
            bad.append("M%02d on %s (y %.0f) after M%02d on %s (y %.0f)" % (b, pb, yb, a, pa, ya))
    rep.check(pre + "order", not bad, "; ".join(bad[:3]))
    used = []
    for _, p, _ in found:
        if p not in used:
            used.append(p)
    rep.check(pre + "panels", used == fp, "the flow's panels in marker order: %s, want %s" % (used, fp))
    rep.check(pre + "thirds", not straddle, "words across a fold: %s" % straddle[:5])

    st = struct_text(pdf)
    flat = " ".join(st.split())
    pos = {k: flat.find(k) for k in ("Fold Order Test", "M01", "Closingwordbeta", "Introwordalpha",
                                     "Contactwordgamma")}
    if fold == "z":
        want = ["Fold Order Test", "M01", "Closingwordbeta", "Introwordalpha", "Contactwordgamma"]
    else:
        want = ["Fold Order Test", "Introwordalpha", "M01", "Closingwordbeta", "Contactwordgamma"]
    got = sorted((v, k) for k, v in pos.items())
    marks = [int(m) for m in re.findall(r"\bM(\d\d)\b", flat)]
    rep.check(pre + "struct", all(v >= 0 for v in pos.values()) and [k for _, k in got] == want
              and marks == sorted(marks) and len(marks) == n_paras,
              "structure tree order %s, want %s; markers %s" % ([k for _, k in got], want, marks[:20]))

    c = lib.run([lib.TRIFOLD, "check", d], env=env())
    listed = [m.group(1) for m in re.finditer(r"^  (cover|flap|back|inside-\w+|outside-\w+)\s", c.stdout, re.M)]
    rep.check(pre + "check", listed == order, "check lists %s, want %s" % (listed, order))

    proof = os.path.join(tmp, name + "-proof.pdf")
    r = lib.run([lib.TRIFOLD, "build", d, "--proof", "-o", proof], env=env())
    t = lib.run(["pdftotext", "-raw", proof, "-"]).stdout if r.returncode == 0 else ""
    labels = {}
    for m in re.finditer(r"\b([1-6]) (cover|flap|back|inside-left|inside-middle|inside-right|outside-left|"
                         r"outside-middle)\b", t):
        labels[m.group(2)] = int(m.group(1))
    want_labels = {p: i + 1 for i, p in enumerate(order)}
    back = "inside-right (the back when folded)" in " ".join(t.split())
    rep.check(pre + "proof", labels == want_labels and back == (fold == "z"),
              "proof labels %s, want %s; Z-fold back named: %s" % (labels, want_labels, back))


def check_errors(rep, tmp):
    d = make(tmp, "bad", "z", "a4", 3, 20)
    with open(os.path.join(d, "brochure.yaml")) as f:
        y = f.read().replace("  outside-left:\n", "  flap:\n")
    with open(os.path.join(d, "brochure.yaml"), "w") as f:
        f.write(y)
    line = y.splitlines().index("  flap:") + 1
    r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "bad.pdf")], env=env())
    want = ("%s/brochure.yaml:%d:3: error: a Z-fold has no panel 'flap' (a roll-fold name): the panel in its "
            "place is 'outside-left'" % (d, line))
    rep.check(PRE + "roll-names-on-z", r.returncode == 1 and want in r.stderr
              and not os.path.exists(os.path.join(tmp, "bad.pdf")),
              "exit %d: %s" % (r.returncode, lib.short(r.stderr, 250)))

    d = make(tmp, "override", "roll", "letter", 14, 44)
    pdf = os.path.join(tmp, "override.pdf")
    r = lib.run([lib.TRIFOLD, "build", d, "--fold", "z", "-o", pdf], env=env())
    warned = "--fold z: the plan's 'flap' and 'back' keep their places" in r.stderr
    ok = r.returncode == 0 and warned
    if ok:
        sheet, _ = lib.sheet_for(d, fold="z")
        found, _ = markers_by_panel(pdf, sheet)
        ok = bool(found) and found[0][1] == "inside-left" and found[-1][1] == "outside-left"
    rep.check(PRE + "override-warns", ok, "exit %d, warned %s: %s" % (r.returncode, warned,
                                                                     lib.short(r.stderr, 200)))


def main():
    rep = lib.Report()
    names = [PRE + "z-letter/build"]
    if not lib.preflight(rep, names, need_attachment=False):
        lib.exit_with(rep)
    if not shutil.which("pdftotext"):
        rep.fail(PRE + "tools", "pdftotext not found (poppler-utils)")
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        for fold in ("z", "roll"):
            for paper in ("letter", "a4"):
                check_build(rep, tmp, fold, paper)
        check_build(rep, tmp, "z", "a4", "he")      # right to left: every panel in the mirrored place
        check_errors(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
