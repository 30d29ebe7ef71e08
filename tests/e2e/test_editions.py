#!/usr/bin/env python3
"""Translated editions: every content/<b>/<lang>.yaml other than the base
(the base editions are test_pdf.py's), the Hebrew fixture, and how
translation problems are reported.

Per edition (e2e/<b>-<lang>/<check>):
  build      exit 0, PDF written
  fallbacks  stderr has "<lang>: N text(s) fall(s) back to <base>" where N =
             the leaf texts under stories/ of <base>.yaml that <lang>.yaml
             lacks (counted here with PyYAML)
  fit        the build line "<out>: <lang> edition, body S pt[ (fitted)], N
             bytes" is there; S lies in theme.text.fit [min, max] (or equals
             theme.text.size without fit); `trifold check --lang` reports the
             same S and no panel over 100 %
  qpdf, pages, boxes, fonts (emb/sub/uni, subset tag, CID TrueType)
  meta       Title/Author = meta.title/meta.author of <lang>.yaml
  safe-area, folds  as in test_pdf.py, but with the panel places computed
             here: RTL editions (ar, he, ...) mirror x (x -> W - x) of every
             panel of the LTR layout (lib.Sheet), so the cover is on the LEFT of
             the outside page and inside-left is the RIGHT column inside
  places     RTL only: the words of the cover story's title lie in the left
             third of page 1, those of the first flow sentence in the right
             column of page 2
  text/order every sentence of the placed stories is in the text extracted in
             the fold's reading order (roll: cover, flap, inside-left,
             inside-middle, inside-right, back; Z: cover, inside-left,
             inside-middle, inside-right, outside-left, outside-middle; by
             the panel places above), flow sentences
             in increasing positions. By script:
             Latin (es, vi): as test_pdf.py (NFKC, quotes, line-end hyphens);
               vi additionally: nfc = every source word (NFC) is an
               extracted word (NFC), diacritics included.
             CJK (zh-*, ja, ko): all whitespace removed from both sides
               (pdftotext puts no spaces between CJK characters and the
               engine breaks lines between any two), sentences split after
               。！？; no other normalisation.
             Arabic script: see arabic_tokens() for exactly what is
               tolerated.
  logical    Arabic script only: plain `pdftotext` (no -bbox), bidi marks
             stripped: every sentence with no lam-alef/lam-yeh ligature, no
             combining mark, no digit/Latin and no inner punctuation appears
             as-is (without its final . or ؟, see check_logical()); at
             least 3 such sentences
Hebrew fixture (tests/fixtures/hebrew, base he), e2e/hebrew-he/...: the
checks above plus
  right-align  every line of the flow and the flap ends (word box right
             edge) within 1pt of its panel's right safe edge, and the lines
             are ragged on the left
  bidi-order   plain pdftotext, bidi marks and all whitespace removed: the
             sentences with digits, the English word and brackets appear
             with every character in logical order (pdftotext misplaces
             spaces around digit runs: "בני  3עד ( 5גיל"; nothing else is
             forgiven)
  brackets     the text has "(גיל הגן)" and "(בבית או במרפאה)": "(" before
             and ")" after the bracketed words in logical order (the PDF
             draws mirrored glyphs but must map them to the logical chars)
Reporting (temp copies of content/attachment, e2e/i18n/<check>):
  fallback-summary  es.yaml without 2 keys: `trifold build` exits 0 and
             stderr has exactly "es: N translated, 2 fall back to en, 0 stale (trifold check
             lists them)"
  fallback-list     `trifold check --lang es` lists both keys as
             "fallback: <key> (base text at content/attachment/en.yaml:L:C)"
             with L:C of the base scalar (PyYAML's mark, 1-based)
  extra-key         es.yaml with an extra key: exit 1, stderr is exactly
             "<file>:L:C: error: key 'stories.body.bonus' is not in the base
             text (en.yaml)", L:C of the key; no PDF
  no-font-emoji / no-font-thai  U+1F600 / U+0E01 in an es text: exit 1,
             stderr has "<file>:L:C: error: no font for U+XXXX 'c' (no font
             of the theme or its fallback chain has it)" with L:C of the
             scalar; no PDF
"""

import os
import re
import shutil
import sys
import unicodedata

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402
import test_pdf  # noqa: E402

HEBREW = os.path.join(lib.ROOT, "tests", "fixtures", "hebrew")
BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
ALEFS = "\u0627\u0623\u0625\u0622\u0649"   # ا أ إ آ ى: ligate with a preceding lam
LAM = "\u0644"
CHECKS = ["build", "fallbacks", "fit", "qpdf", "pages", "boxes", "meta", "fonts",
          "safe-area", "folds", "text", "order"]


def script_of(lang):
    p = lang.split("-")[0].lower()
    if p in ("zh", "ja", "ko"):
        return "cjk"
    if p in ("ar", "fa", "ur", "ps", "sd", "ug", "ckb"):
        return "arabic"
    if p in lib.RTL_LANGS:
        return "rtl"                 # Hebrew, Yiddish...: no joining
    return "latin"


def is_rtl(lang):
    return lang.split("-")[0].lower() in lib.RTL_LANGS


def editions():
    """(label, brochure dir, lang) for every non-base <lang>.yaml of
    content/*, plus the Hebrew fixture."""
    eds = []
    for b in lib.brochures():
        d = os.path.join(lib.CONTENT, b)
        base = str((lib.load_yaml(os.path.join(d, "brochure.yaml")) or {}).get("base") or "en")
        for f in sorted(os.listdir(d)):
            if f.endswith(".yaml") and f != "brochure.yaml" and f[:-5] != base:
                eds.append(("%s-%s" % (b, f[:-5]), d, f[:-5]))
    eds.append(("hebrew-he", HEBREW, "he"))
    return eds


# --- geometry: the LTR places (lib.Sheet), mirrored for RTL --------------------

def edition_sheet(bdir, lang):
    """The LTR sheet (lib.Sheet), mirrored here (x -> W - x) for RTL."""
    sheet, safe = lib.sheet_for(bdir, None, None, "en")   # LTR places
    if is_rtl(lang):
        w = sheet.w
        sheet.pages = [sorted(((n, w - x1, w - x0) for n, x0, x1 in cols), key=lambda c: c[1])
                       for cols in sheet.pages]
        sheet.folds = [[cols[0][2], cols[1][2]] for cols in sheet.pages]
    return sheet, safe


def lines_by_panel(words, pages, sheet):
    """{panel: [(centre y, [Word...]) top to bottom]}, trim coordinates
    (Words shifted in place), a pdftotext line split at panel borders."""
    out = {n: [] for n in lib.PANEL_NAMES}
    for pi, lines in enumerate(words[:2]):
        dx, dy = lib.trim_offset(pages, pi + 1)
        for ln in lines:
            byp = {}
            for w in ln:
                w2 = lib.Word(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.line)
                byp.setdefault(sheet.panel_at(pi, (w2.x0 + w2.x1) / 2), []).append(w2)
            for pn, ws in byp.items():
                cy = (min(w.y0 for w in ws) + max(w.y1 for w in ws)) / 2
                out[pn].append((cy, ws))
    for pn in out:
        out[pn].sort(key=lambda t: (round(t[0]), t[1][0].line))
    return out


# --- text per script --------------------------------------------------------------

def strip_bidi(s):
    return BIDI_MARKS.sub("", s)


def source_sentences(text_yaml, plan, splitter):
    """{story: [sentences]} (markup stripped, NFC, bidi marks stripped) and
    the flow story ids."""
    stories = (text_yaml or {}).get("stories") or {}
    exp, flows = lib.expected_sentences(text_yaml, plan)
    out = {}
    for sid in exp:
        ss = []
        for t in lib.story_texts(stories.get(sid)):
            t = unicodedata.normalize("NFC", strip_bidi(lib.strip_markup(t)))
            ss.extend(splitter(t))
        out[sid] = ss
    return out, flows


def split_cjk(t):
    t = "".join(t.split())
    return [s for s in re.split(r"(?<=[。！？])", t) if s]


def split_rtl(t):
    t = " ".join(t.split())
    return [s for s in re.split(r"(?<=[.!?\u061f])\s+", t) if s]


def graphemes(s):
    """Base characters with their following combining marks."""
    out = []
    for ch in s:
        if out and unicodedata.category(ch).startswith("M"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _strong_rtl(ch):
    return unicodedata.bidirectional(ch) in ("R", "AL")


def logical_word(visual):
    """A pdftotext -bbox word of an RTL line is in visual order (left to
    right): reverse it grapheme by grapheme, keeping runs of digits/Latin
    in their left-to-right order (")949(" -> "(949)"). Latin words stay."""
    if any(unicodedata.bidirectional(c) == "L" for c in visual) and \
            not any(_strong_rtl(c) for c in visual):
        return visual                          # a Latin word: left to right
    gs = graphemes(visual)
    bd = [unicodedata.bidirectional(g[0]) for g in gs]
    runs = []                                  # (is_ltr, text)
    for i, g in enumerate(gs):
        ltr = bd[i] in ("L", "EN", "AN") or (   # 760-9109, 1,5: one number
            bd[i] in ("ES", "CS", "ET") and 0 < i < len(gs) - 1
            and bd[i - 1] in ("EN", "AN") and bd[i + 1] in ("EN", "AN"))
        if runs and runs[-1][0] == ltr:
            runs[-1] = (ltr, runs[-1][1] + g)
        else:
            runs.append((ltr, g))
    return "".join(t if ltr else "".join(reversed(graphemes(t))) for ltr, t in reversed(runs))


def tokens(s):
    """Words: maximal runs of letters, marks and digits."""
    return [t for t in re.split(r"[^\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+|_", s) if t]


MARKS = "\u064b-\u065f\u0670"   # Arabic combining marks (tanween, harakat, ...)


def lig_swap(tok):
    """The known pdftotext reversal of the characters of a lam-alef (and
    lam-alef-maksura) ligature: one glyph mapped to several characters is
    emitted in visual order inside an RTL word. A mark between lam and alef
    (lam + fathatan + alef) is reversed with it: the PDF writer gives such
    a cluster the texts "lam" and "fathatan alef" (and /ActualText), which
    pdftotext may put in either order."""
    return re.sub(LAM + "([" + MARKS + "]*)([" + ALEFS + "])",
                  lambda m: m.group(2) + m.group(1)[::-1] + LAM, tok)


def panel_plain_text(out, pages, sheet):
    """Each panel's text from plain pdftotext cropped to the panel. trifold
    writes right-to-left text to the content stream in logical order (the
    structure tree reads it as written), so pdftotext -bbox sees each RTL
    glyph as a word of its own; the plain text of a crop is in logical
    order and is what a reader copying the text gets."""
    res = {}
    for pi, cols in enumerate(sheet.pages):
        dx, dy = lib.trim_offset(pages, pi + 1)
        for name, x0, x1 in cols:
            r = lib.run(["pdftotext", "-f", str(pi + 1), "-l", str(pi + 1), "-r", "72",
                         "-x", str(int(x0 + dx + 0.5)), "-y", "0", "-W", str(int(x1 - x0 + 0.5)),
                         "-H", "100000", out, "-"])
            res[name] = r.stdout
    return res


LONE_MARK_END = re.compile("\\s([" + MARKS + "]+)\\s*$")


def rejoin_mark_lines(text):
    """Plain pdftotext ends a line at a mark glyph drawn inside the box of
    the letter before it (every glyph has its own mapping, so the mark is a
    character of its own there) and prints the words up to the mark, with the
    mark alone at the end, on a line after the rest of the visual line:
    "جا زواجيًا ..." then "اسأل معال ً". Put such a line back before the
    line it was cut from, the mark on the next letter (word_matches allows a
    mark one letter off)."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        m = LONE_MARK_END.search(lines[i])
        if m and lines[i - 1].strip():
            lines[i - 1] = lines[i][:m.start()] + m.group(1) + lines[i - 1].lstrip()
            lines[i] = ""
    return "\n".join(lines)


def arabic_tokens(per_panel):
    if per_panel and all(isinstance(v, str) for v in per_panel.values()):
        seq, other = [], {}                     # plain text per panel, logical order
        for pn in lib.READING_ORDER:
            # the embedding marks pdftotext puts around an LTR run inside RTL
            # text stand where a word ends: read them as spaces
            text = unicodedata.normalize("NFC", re.sub("[\u202a-\u202e\u2066-\u2069]", " ",
                                                       per_panel.get(pn, "")))
            text = rejoin_mark_lines(text)
            for t in tokens(text):
                if any(_strong_rtl(ch) for ch in t):
                    seq.append(t)
                else:
                    other[t] = other.get(t, 0) + 1
        return seq, other
    return arabic_tokens_bbox(per_panel)


def arabic_tokens_bbox(per_panel):
    """Extracted text of an Arabic-script edition, compared by words.

    Returns (rtl_seq, other) where rtl_seq is the sequence of Arabic-script
    words in reading order (panels in reading order, lines top to bottom,
    words right to left, each word reversed by logical_word()), other the
    multiset (dict) of the remaining words (Latin, digits).

    Tolerated, and why:
      - bidi control characters are stripped (pdftotext adds U+202A-C);
      - punctuation is ignored: words are runs of letters/marks/digits, as
        pdftotext attaches a comma or stop next to a run boundary to the
        wrong word ("تدخلك ،أكثر");
      - a word may have every lam + ا/أ/إ/آ/ى pair swapped (lig_swap):
        the ligature glyph maps to two characters that pdftotext puts in
        visual order;
      - a combining mark may sit one letter off inside its word
        (word_matches): all letters in order and all marks must be there;
      - a word with a mark may come as two or three -bbox words that join
        to it (_match_at): pdftotext -bbox starts a word at a mark drawn at
        its own height, or at a lam-alef ligature carrying one (the pixels
        and plain pdftotext keep the word whole); plain pdftotext may print
        such a raised piece (mark and alef, "ًا") on a line of its own next
        to its line: for a word with lam, mark, alef (أطفالًا), the word up
        to its lam and a piece of marks and one alef within 12 words count,
        each piece once (MuPDF reads the word whole: test_extract);
      - Latin words and numbers are checked as a multiset, not in order:
        in visual order the logical order of neighbouring LTR runs inside
        an RTL line cannot be recovered (the Hebrew fixture checks that
        order through plain pdftotext).
    Not tolerated: a missing, split, merged or misspelled Arabic word, a
    mark on the wrong letter, Arabic words out of order."""
    seq, other = [], {}
    for pn in lib.READING_ORDER:
        for _, ws in per_panel.get(pn, []):
            rtl_line = any(_strong_rtl(c) for w in ws for c in w.text)
            ordered = sorted(ws, key=lambda w: -w.x0) if rtl_line else ws
            for w in ordered:
                text = unicodedata.normalize("NFC", strip_bidi(logical_word(w.text)))
                for t in tokens(text):
                    if any(_strong_rtl(c) for c in t):
                        seq.append(t)
                    else:
                        other[t] = other.get(t, 0) + 1
    return seq, other


_MARK_RE = re.compile("[" + MARKS + "]")


def _skeleton(t):
    """A word without its marks, and its marks sorted."""
    return _MARK_RE.sub("", t), "".join(sorted(_MARK_RE.findall(t)))


def word_matches(h, t):
    """Extracted word h is source word t: equal, equal after lig_swap, or
    with a combining mark moved to a neighbouring letter. pdftotext attaches
    a mark to the glyph drawn just before it, and in an RTL run the glyphs
    are drawn in visual order, so "مريضًا" can come out as "مريًضا"; the
    word's letters (in order) and all of its marks must still be there."""
    if h == t or h == lig_swap(t):
        return True
    hs = _skeleton(h)
    return hs == _skeleton(t) or hs == _skeleton(lig_swap(t))


def _match_at(hay, i, needle):
    """needle matches hay from i on; a source word may also match two
    extracted pieces joined: pdftotext -bbox ends a word at a lam-alef
    ligature glyph that carries a mark (the plain text keeps it whole)."""
    j = i
    used = set()                 # raised pieces taken (each completes one word)
    for t in needle:
        if j < len(hay) and word_matches(hay[j], t):
            j += 1
            continue
        # a word carrying marks may come in up to three pieces (the mark
        # glyph alone, at its own height, in between): they must join to it
        for k in (2, 3):
            if _MARK_RE.search(t) and j + k <= len(hay) and word_matches("".join(hay[j:j + k]), t):
                j += k
                break
        else:
            # the raised glyph of a lam-alef ligature carrying a mark takes
            # its alef with it: plain pdftotext prints that piece ("ًا") on a
            # line of its own next to the line it belongs to; it must be
            # near, and complete the word
            if not (_RAISED_LAM_ALEF.search(t) and j < len(hay) and hay[j].endswith(LAM)):
                return False
            near = [k for k in range(max(0, j - 12), min(len(hay), j + 12))
                    if k not in used and _RAISED_PIECE.match(hay[k]) and word_matches(hay[j] + hay[k], t)]
            if not near:
                return False
            used.add(near[0])
            j += 1
    return True


# a lam, its mark(s), then the alef it ligates with: drawn as the lam-alef
# glyph and a raised mark glyph that carries the alef's text
_RAISED_LAM_ALEF = re.compile(LAM + "[" + MARKS + "]+[" + ALEFS + "]")
# that raised piece as pdftotext prints it: marks and one alef, either order
_RAISED_PIECE = re.compile("^(?:[" + MARKS + "]+[" + ALEFS + "]|[" + ALEFS + "][" + MARKS + "]+)$")


def find_seq(hay, needle, start=0):
    """Index of needle (source words) in hay (extracted words), each word
    matching by word_matches; -1 if absent."""
    if not needle:
        return start
    for i in range(start, len(hay)):
        if _match_at(hay, i, needle):
            return i
    return -1


def check_text_arabic(rep, prefix, per_panel, expected, flows):
    seq, other = arabic_tokens(per_panel)
    missing, order_errs, checked = [], [], 0
    for sid, ss in expected.items():
        pos = 0
        for s in ss:
            toks = tokens(s)
            rt = [t for t in toks if any(_strong_rtl(c) for c in t)]
            ot = [t for t in toks if t not in rt]
            i = find_seq(seq, rt)
            lost = [t for t in ot if other.get(t, 0) == 0]
            if i < 0 or lost:
                missing.append((sid, s, "Latin/digits %s missing" % lost if lost else "words"))
                continue
            if sid in flows:
                j = find_seq(seq, rt, pos)
                if j < 0:
                    order_errs.append("%s: %r out of order" % (sid, lib.short(s, 50)))
                else:
                    checked += 1
                    pos = j + 1
    total = sum(len(v) for v in expected.values())
    rep.check(prefix + "/text", total and not missing,
              "%d of %d sentences missing, e.g. %s" % (
                  len(missing), total, "; ".join("(%s) %r [%s]" % (a, lib.short(b, 50), c)
                                                 for a, b, c in missing[:3])))
    rep.check(prefix + "/order", checked and not order_errs,
              "; ".join(order_errs[:2]) or "no flow sentence found")


def check_text_cjk(rep, prefix, per_panel, expected, flows):
    text = "".join(" ".join(w.text for w in ws) for pn in lib.READING_ORDER
                   for _, ws in per_panel.get(pn, []))
    text = "".join(unicodedata.normalize("NFC", text).split())
    missing = [(sid, s) for sid, ss in expected.items() for s in ss if s not in text]
    total = sum(len(v) for v in expected.values())
    rep.check(prefix + "/text", total and not missing,
              "%d of %d sentences missing, first (%s): %r"
              % (len(missing), total, missing[0][0] if missing else "",
                 lib.short(missing[0][1]) if missing else ""))
    # a sentence present but not found after its predecessor is out of order
    errs, checked = [], 0
    for sid in sorted(flows):
        pos = 0
        for s in expected.get(sid, []):
            if s not in text:
                continue
            i = text.find(s, pos)
            if i < 0:
                errs.append("%s: %r out of order" % (sid, lib.short(s, 40)))
            else:
                checked += 1
                pos = i + 1
    rep.check(prefix + "/order", checked and not errs, "; ".join(errs[:2]) or "no flow sentence")


def check_nfc(rep, prefix, words, text_yaml, plan):
    exp, _ = lib.expected_sentences(text_yaml, plan)
    got = set()
    for lines in words[:2]:
        for ln in lines:
            for w in ln:
                got.update(tokens(unicodedata.normalize("NFC", w.text)))
    want = set()
    for ss in exp.values():
        for s in ss:
            want.update(t for t in tokens(unicodedata.normalize("NFC", s))
                        if any(ord(c) > 0x7f for c in t))
    lost = sorted(want - got)
    rep.check(prefix + "/nfc", want and not lost,
              "%d of %d accented words not found (NFC): %s" % (len(lost), len(want), lost[:6]))


def plain_text(pdf):
    r = lib.run(["pdftotext", pdf, "-"])
    if r.returncode != 0:
        raise RuntimeError("pdftotext: " + r.stderr.strip())
    return " ".join(strip_bidi(unicodedata.normalize("NFC", r.stdout)).split())


def check_logical(rep, prefix, pdf, expected):
    """Plain pdftotext keeps Arabic words in logical order. Candidates:
    sentences with no lam ligature (lam + ا/أ/إ/آ/ى), no combining mark
    (pdftotext emits a mark ahead of its letter), no digit or Latin letter
    and no punctuation but the final one (pdftotext moves punctuation at a
    direction change, see arabic_tokens); the final . or ؟ is left out of
    the needle because pdftotext puts it after the following space."""
    text = plain_text(pdf)
    cands = []
    for ss in expected.values():
        for s in ss:
            body = re.sub(r"[.\u061f!:]$", "", s)
            if re.search(LAM + "[" + ALEFS + "]", body):
                continue
            if any(unicodedata.category(c).startswith("M") for c in body):
                continue
            if any(not (_strong_rtl(c) or c == " ") for c in body):
                continue
            if len(body.split()) >= 3:
                cands.append(body)
    lost = [c for c in cands if c not in text]
    rep.check(prefix + "/logical", len(cands) >= 3 and not lost,
              "%d candidate sentences, %d not found as-is, e.g. %r"
              % (len(cands), len(lost), lib.short(lost[0], 60) if lost else ""))


# --- Hebrew fixture ------------------------------------------------------------------

# (story, key, sentence, also checked in plain pdftotext)
HE_ORDERED = [("body", "intro", "ילדים בני 3 עד 5 (גיל הגן) לומדים מהר מאוד.", False),
              ("body", "know1", "השיטה נקראת Theraplay והיא פותחה בשנת 1967 בשיקגו.", True),
              ("body", "know1", "ההורים משחקים עם הילד (בבית או במרפאה) והמטפל מלווה אותם.", True),
              ("body", "know1", "רוב המשפחות מגיעות למפגש אחד בשבוע במשך 12 שבועות.", True),
              ("body", "intro", "כדאי לשחק עם הילד לפחות 20 דקות בכל יום.", True)]
HE_BRACKETS = ["(גיל הגן)", "(בבית או במרפאה)"]


def rtl_line_text(ws):
    """One line of an RTL paragraph from pdftotext -bbox words (visual
    order) in logical order: words right to left, each word through
    logical_word(), a run of neighbouring words with Latin letters kept
    left to right (an embedded LTR run)."""
    order = sorted(ws, key=lambda w: -w.x0)
    out, run = [], []
    for w in order:
        if any(unicodedata.bidirectional(c) == "L" for c in w.text):
            run.append(w.text)
            continue
        out.extend(reversed(run))
        run = []
        out.append(logical_word(w.text))
    out.extend(reversed(run))
    return " ".join(out)


def check_hebrew(rep, prefix, pdf, per_panel, sheet, safe, text_yaml):
    """bidi-order/brackets read the glyphs' text and positions through
    pdftotext -bbox-layout (rtl_line_text), all whitespace removed; the
    sentences marked True must also come out of plain pdftotext. Not the
    first one: plain pdftotext puts a "(" that follows a number inside the
    number's LTR embedding ("בני  3עד ( 5גיל"), although the PDF maps the
    glyph right of "גיל" to "(" (the -bbox word reads "ליג(")."""
    stories = text_yaml.get("stories") or {}
    # the sentences are quoted here; make sure the fixture still has them
    srcs = [s for st, key, s, _ in HE_ORDERED
            if s not in " ".join(str((stories.get(st) or {}).get(key, "")).split())]
    if srcs:
        rep.fail(prefix + "/bidi-order", "fixture he.yaml lacks %r" % srcs[0])
        rep.fail(prefix + "/brackets", "fixture changed")
    else:
        text = "".join("".join(rtl_line_text(ws) for _, ws in per_panel.get(pn, []))
                       for pn in lib.READING_ORDER)
        text = "".join(strip_bidi(text).split())
        plain = "".join(plain_text(pdf).split())
        lost = [s for _, _, s, _ in HE_ORDERED if "".join(s.split()) not in text]
        lost += ["(plain) " + s for _, _, s, p in HE_ORDERED if p and "".join(s.split()) not in plain]
        rep.check(prefix + "/bidi-order", not lost,
                  "%d of %d not in logical order, e.g. %r; got ...%s..."
                  % (len(lost), len(HE_ORDERED), lost[0] if lost else "",
                     lib.short(text, 120)))
        bad = [b for b in HE_BRACKETS if "".join(b.split()) not in text]
        rep.check(prefix + "/brackets", not bad, "not found: %s" % bad)
    # right alignment: flow panels and the flap
    errs, lefts, n = [], [], 0
    for pn in ("flap", "inside-left", "inside-middle"):
        page = 0 if pn == "flap" else 1
        x0, x1 = sheet.panel_box(page, pn)
        for _, ws in per_panel.get(pn, []):
            n += 1
            right = max(w.x1 for w in ws)
            lefts.append(min(w.x0 for w in ws) - (x0 + safe))
            if abs(right - (x1 - safe)) > 1.0:
                errs.append("%s line %r ends at %.1f, safe edge %.1f"
                            % (pn, lib.short(" ".join(w.text for w in ws), 20), right, x1 - safe))
    rep.check(prefix + "/right-align", n >= 5 and not errs and max(lefts) > 20,
              "%d lines; %s" % (n, "; ".join(errs[:3]) or "not ragged on the left"))


# --- one edition --------------------------------------------------------------------

BUILD_LINE = r"^(?P<out>.+): (?P<lang>\S+) edition, body (?P<size>[0-9.]+) pt(?P<fitted> \(fitted\))?, (?P<bytes>\d+) bytes$"


def leaf_paths(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaf_paths(v, path + (str(k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaf_paths(v, path + (str(i),))
    elif node is not None:
        yield path


def check_edition(rep, tmp, label, bdir, lang):
    prefix = "e2e/" + label
    out = os.path.join(tmp, label + ".pdf")
    names = [prefix + "/" + c for c in CHECKS]

    def fail_rest(why, start):
        for n in names[start:]:
            rep.fail(n, why)

    r = lib.build(bdir, lang, out)
    if r.returncode != 0 or not os.path.isfile(out):
        rep.fail(prefix + "/build", "exit %d, %s" % (r.returncode, r.stderr.strip()[:200]))
        fail_rest("no PDF", 1)
        return
    rep.ok(prefix + "/build")
    by = lib.load_yaml(os.path.join(bdir, "brochure.yaml")) or {}
    base = str(by.get("base") or "en")
    text_yaml = lib.load_yaml(os.path.join(bdir, "%s.yaml" % lang)) or {}
    plan = by.get("plan") or {}
    err_lines = r.stderr.splitlines()

    # fallbacks
    if lang == base:
        rep.check(prefix + "/fallbacks", not any("fall back" in l for l in err_lines),
                  "base edition reports fallbacks: %r" % r.stderr)
    else:
        base_yaml = lib.load_yaml(os.path.join(bdir, "%s.yaml" % base)) or {}
        stories = text_yaml.get("stories") or {}
        have = set(leaf_paths(stories))
        # a restructured story (`_blocks`) is translated as a whole
        whole = {k for k, v in stories.items() if isinstance(v, dict) and "_blocks" in v}
        # phone, email and web are the same in every language: they fall back silently
        n = sum(1 for p in leaf_paths(base_yaml.get("stories") or {})
                if p not in have and p[0] not in whole and not (len(p) > 1 and p[-1] in ("phone", "email", "web")))
        st = [lib.STATUS_LINE.match(l) for l in err_lines if lib.STATUS_LINE.match(l)]
        ok = (len(st) == 1 and st[0].group("lang") == lang and int(st[0].group("fb")) == n
              and st[0].group("base") == base and bool(st[0].group("tail")) == bool(n))
        rep.check(prefix + "/fallbacks", ok,
                  "want one status line for %s with %d falling back in stderr %r" % (lang, n, lib.short(r.stderr, 200)))

    # fit: the build line, and trifold check
    m = next((re.match(BUILD_LINE, l) for l in err_lines if re.match(BUILD_LINE, l)), None)
    text_th = ((by.get("theme") or {}).get("text") or {})
    fit = text_th.get("fit")
    why = []
    if not m:
        why.append("no build line in %r" % lib.short(r.stderr, 160))
    else:
        size = float(m.group("size"))
        if m.group("lang") != lang or os.path.abspath(m.group("out")) != os.path.abspath(out):
            why.append("build line names %s / %s" % (m.group("out"), m.group("lang")))
        if isinstance(fit, dict):
            lo, hi = lib.parse_length(fit.get("min")), lib.parse_length(fit.get("max"))
            if not (lo - 1e-6 <= size <= hi + 1e-6):
                why.append("body %.4g pt outside fit %.4g-%.4g" % (size, lo, hi))
        else:
            want = lib.parse_length(text_th.get("size"), 11.0)
            if abs(size - want) > 1e-6 and text_th.get("size") is not None:
                why.append("body %.4g pt, theme size %.4g" % (size, want))
        c = lib.run([lib.TRIFOLD, "check", bdir, "--lang", lang])
        cm = re.search(r"body ([0-9.]+) pt", c.stdout)
        if not lib.pm_only(c) or not cm:
            why.append("check exit %d: %s" % (c.returncode, lib.short(c.stdout + c.stderr, 120)))
        else:
            if abs(float(cm.group(1)) - size) > 1e-6:
                why.append("check says body %s pt, build %s" % (cm.group(1), size))
            over = [l.strip() for l in c.stdout.splitlines()
                    if re.search(r"\s(\d+)%", l) and int(re.search(r"\s(\d+)%", l).group(1)) > 100]
            if over:
                why.append("overfull: %s" % over[:2])
    rep.check(prefix + "/fit", not why, "; ".join(why))

    q = lib.run(["qpdf", "--check", out])
    qout = q.stdout + q.stderr
    rep.check(prefix + "/qpdf", q.returncode == 0 and "warning" not in qout.lower(),
              "exit %d: %s" % (q.returncode, lib.short(qout, 200)))
    info, pages = lib.pdfinfo(out)
    rep.check(prefix + "/pages", info.get("Pages") == "2", "Pages: %s" % info.get("Pages"))
    sheet, safe = edition_sheet(bdir, lang)
    test_pdf.check_boxes(rep, prefix + "/boxes", pages, sheet, False)

    meta = text_yaml.get("meta") or {}
    want_t = " ".join(str(meta.get("title", "")).split())
    want_a = " ".join(str(meta.get("author", "")).split())
    got_t, got_a = info.get("Title"), info.get("Author")
    rep.check(prefix + "/meta", want_t and got_t == want_t and (not want_a or got_a == want_a),
              "Title %r (want %r), Author %r (want %r)" % (got_t, want_t, got_a, want_a))

    errs = []
    fonts = lib.pdffonts(out)
    for f in fonts:
        bad = []
        if not re.match(r"^[A-Z]{6}\+", f["name"]):
            bad.append("no subset tag")
        if f["type"] != "CID TrueType":
            bad.append("type %s" % f["type"])
        bad += ["%s %s" % (k, f[k]) for k in ("emb", "sub", "uni") if f[k] != "yes"]
        if bad:
            errs.append("%s: %s" % (f["name"], ", ".join(bad)))
    rep.check(prefix + "/fonts", fonts and not errs, "; ".join(errs[:4]) or "no fonts")

    words = lib.pdftotext_words(out)
    test_pdf.check_geometry(rep, prefix, words, pages, sheet, safe)
    per_panel = lines_by_panel(words, pages, sheet)
    script = script_of(lang)

    if is_rtl(lang):
        plain = panel_plain_text(out, pages, sheet)
        check_places(rep, prefix, plain, sheet, text_yaml, plan, script)

    if script == "latin":
        test_pdf.check_text(rep, prefix, words, pages, sheet, text_yaml, plan)
        if lang.split("-")[0] == "vi":
            check_nfc(rep, prefix, words, text_yaml, plan)
    elif script == "cjk":
        exp, flows = source_sentences(text_yaml, plan, split_cjk)
        check_text_cjk(rep, prefix, per_panel, exp, flows)
    else:
        exp, flows = source_sentences(text_yaml, plan, split_rtl)
        check_text_arabic(rep, prefix, plain if is_rtl(lang) else per_panel, exp, flows)
        if script == "arabic":
            check_logical(rep, prefix, out, exp)
    if bdir == HEBREW:
        check_hebrew(rep, prefix, out, per_panel, sheet, safe, text_yaml)


def check_places(rep, prefix, per_panel, sheet, text_yaml, plan, script):
    """The cover's title words are on the left third of the outside page,
    the first flow words in the right column inside (RTL mirroring),
    found by their words in the panel text."""
    stories = text_yaml.get("stories") or {}

    def words_of(story_id):
        toks = []
        for t in lib.story_texts(stories.get(story_id)):
            toks.extend(tokens(unicodedata.normalize("NFC", lib.strip_markup(t))))
            if len(toks) >= 3:
                break
        return toks[:3]

    def panel_tokens(pn):
        seq, _ = arabic_tokens({pn: per_panel.get(pn, [])})
        return {lig_swap(t) for t in seq} | set(seq)

    cover_story = next((s.get("story") for s in (plan.get("cover") or {}).get("content") or []
                        if isinstance(s, dict) and "story" in s), None)
    flow = next((s.get("flow") for s in (plan.get("inside-left") or {}).get("content") or []
                 if isinstance(s, dict) and "flow" in s), None)
    errs = []
    left = sheet.pages[0][0]
    right = sheet.pages[1][-1]
    if left[0] != "cover" or left[1] != 0.0:
        errs.append("outside left column is %s" % left[0])
    if right[0] != "inside-left":
        errs.append("inside right column is %s" % right[0])
    for sid, pn in ((cover_story, "cover"), (flow, "inside-left")):
        want = words_of(sid) if sid else []
        got = panel_tokens(pn)
        lost = [t for t in want if t not in got and lig_swap(t) not in got]
        if not want or lost:
            errs.append("%s story %s words %s not in the %s column" % (pn, sid, lost or want,
                                                                      "left" if pn == "cover" else "right"))
    rep.check(prefix + "/places", not errs, "; ".join(errs))


# --- reporting of translation problems --------------------------------------------------

def yaml_mark(path, keys, key_mark=False):
    """1-based (line, col) of the value (or key) at keys in a YAML file,
    from PyYAML's composed node marks."""
    with open(path, encoding="utf-8") as f:
        node = lib.yaml.compose(f)
    for k in keys:
        for kn, vn in node.value:
            if kn.value == k:
                if k == keys[-1] and key_mark:
                    return kn.start_mark.line + 1, kn.start_mark.column + 1
                node = vn
                break
        else:
            raise KeyError(k)
    return node.start_mark.line + 1, node.start_mark.column + 1


def delete_key(path, keys):
    """Remove the mapping entry keys[-1] (and its folded lines) by text,
    so the rest of the file keeps its line numbers' meaning."""
    line, _ = yaml_mark(path, keys, key_mark=True)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = line - 1
    ind = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > ind):
        j += 1
    del lines[i:j]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def run_reporting(rep, tmp):
    pre = "e2e/i18n/"
    root = os.path.join(tmp, "fb")
    os.makedirs(root)
    att = lib.temp_project(root, "attachment")
    es = os.path.join(att, "es.yaml")
    en = os.path.join(att, "en.yaml")
    orig = open(es, encoding="utf-8").read()
    gone = [("stories", "signs", "signs", "items", "strangers"), ("stories", "body", "intro2")]
    for k in gone:
        delete_key(es, k)
    out = os.path.join(tmp, "fb.pdf")
    # run from the temp project root so paths print as content/attachment/...
    r = lib.run([lib.TRIFOLD, "build", "content/attachment", "--lang", "es", "-o", out], cwd=root)
    want = re.compile(r"^es: \d+ translated, 2 fall back to en, 0 stale \(trifold check lists them\)$")
    rep.check(pre + "fallback-summary",
              r.returncode == 0 and any(want.match(l) for l in r.stderr.splitlines()) and os.path.isfile(out),
              "exit %d, stderr %r" % (r.returncode, lib.short(r.stderr, 200)))
    r = lib.run([lib.TRIFOLD, "check", "content/attachment", "--lang", "es"], cwd=root)
    errs = []
    for k in gone:
        ln, col = yaml_mark(en, k)
        line = "  fallback: %s (base text at content/attachment/en.yaml:%d:%d)" % (".".join(k), ln, col)
        if line not in r.stdout.splitlines():
            errs.append("no line %r" % line)
    n_listed = sum(1 for l in r.stdout.splitlines() if l.startswith("  fallback: "))
    if n_listed != 2:
        errs.append("%d fallback lines" % n_listed)
    rep.check(pre + "fallback-list", lib.pm_only(r) and not errs,
              "exit %d; %s; stdout %r" % (r.returncode, "; ".join(errs), lib.short(r.stdout, 120)))

    # an extra key
    s = orig.replace("\n    intro2: >-", "\n    bonus: Texto extra que no existe en la base.\n    intro2: >-", 1)
    with open(es, "w", encoding="utf-8") as f:
        f.write(s)
    ln, col = yaml_mark(es, ("stories", "body", "bonus"), key_mark=True)
    out2 = os.path.join(tmp, "extra.pdf")
    r = lib.run([lib.TRIFOLD, "build", "content/attachment", "--lang", "es", "-o", out2], cwd=root)
    want = ("content/attachment/es.yaml:%d:%d: error: key 'stories.body.bonus' is not in the "
            "base text (en.yaml)" % (ln, col))
    rep.check(pre + "extra-key",
              r.returncode == 1 and want in r.stderr.splitlines() and not os.path.exists(out2),
              "exit %d, want %r, stderr %r" % (r.returncode, want, lib.short(r.stderr, 200)))

    # a character no font has
    for name, ch in (("no-font-emoji", "\U0001F600"), ("no-font-thai", "\u0e01")):
        s = orig.replace("limits: Casi siempre", "limits: Casi %s siempre" % ch, 1)
        if s == orig:
            rep.fail(pre + name, "es.yaml has no 'limits: Casi siempre' to edit")
            continue
        with open(es, "w", encoding="utf-8") as f:
            f.write(s)
        ln, col = yaml_mark(es, ("stories", "signs", "signs", "items", "limits"))
        outn = os.path.join(tmp, name + ".pdf")
        r = lib.run([lib.TRIFOLD, "build", "content/attachment", "--lang", "es", "-o", outn], cwd=root)
        want = ("content/attachment/es.yaml:%d:%d: error: no font for U+%04X '%s' (no font of the "
                "theme or its fallback chain has it)" % (ln, col, ord(ch), ch))
        rep.check(pre + name,
                  r.returncode == 1 and want in r.stderr.splitlines() and not os.path.exists(outn),
                  "exit %d, want %r, stderr %r" % (r.returncode, want, lib.short(r.stderr, 200)))
    with open(es, "w", encoding="utf-8") as f:
        f.write(orig)


def main():
    rep = lib.Report()
    eds = editions() if lib.yaml else []
    names = ["e2e/%s/%s" % (e[0], c) for e in eds for c in CHECKS] or ["e2e/editions"]
    if not lib.preflight(rep, names):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        for label, bdir, lang in eds:
            try:
                check_edition(rep, tmp, label, bdir, lang)
            except Exception as e:  # noqa: BLE001 - a crash is a FAIL, not silence
                rep.fail("e2e/%s/crash" % label, "%s: %s" % (type(e).__name__, e))
        try:
            run_reporting(rep, tmp)
        except Exception as e:  # noqa: BLE001
            rep.fail("e2e/i18n/crash", "%s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
