"""Shared helpers for the end-to-end tests in tests/e2e/.

The e2e tests build real PDFs with the trifold CLI into a temp dir and read
them back with independent tools (qpdf, poppler's pdfinfo/pdffonts/
pdftotext). Expected geometry comes from the print shop's numbers (Sheet
below: letter roll fold 3.625 / 3.6875 / 3.6875 in, A4 97 / 100 / 100 mm,
Z-fold three equal panels), and expected text from the brochure's YAML via PyYAML;
nothing is taken from the C code. See tests/e2e/README for the checks.

Every check prints one line: "PASS e2e/<edition>/<check>",
"FAIL e2e/<edition>/<check>: <why>", or, when this machine cannot run it
(not a missing tool: every tool is installed by tools/deps.sh, and a missing
one is a FAIL), "SKIP e2e/<edition>/<check>: <why>"; tests/run.sh counts
the skips and CI refuses them.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

try:
    import yaml
except ImportError:      # reported as FAIL lines by preflight()
    yaml = None

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_BIN = os.environ.get("TRIFOLD", "build/trifold")
# relative to the current directory if it is there, else to the repo root
TRIFOLD = os.path.abspath(_BIN if os.path.exists(_BIN) else os.path.join(ROOT, _BIN))
CONTENT = os.path.join(ROOT, "content")

PT_PER_IN = 72.0
PT_PER_MM = 72.0 / 25.4

# Each fold's panel names in its reading order (docs/content-format.md,
# "Reading order"); a plan uses its fold's names.
FOLD_READING_ORDER = {
    "roll": ["cover", "flap", "inside-left", "inside-middle", "inside-right", "back"],
    "z": ["cover", "inside-left", "inside-middle", "inside-right", "outside-left", "outside-middle"],
}
# Every panel name of either fold, in an order that is each fold's reading
# order once the other fold's names are left out: iterating a plan's keys
# in it reads the plan in its own fold's order.
READING_ORDER = ["cover", "flap", "inside-left", "inside-middle", "inside-right",
                 "outside-left", "outside-middle", "back"]
PANEL_NAMES = READING_ORDER
RTL_LANGS = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}


# --- reporting -------------------------------------------------------------

class Report:
    """Prints PASS/FAIL lines and counts failures."""

    def __init__(self):
        self.failed = 0
        self.skipped = 0

    def ok(self, name):
        print("PASS " + name, flush=True)

    def fail(self, name, why):
        self.failed += 1
        why = " ".join(str(why).split())
        if len(why) > 300:
            why = why[:297] + "..."
        print("FAIL %s: %s" % (name, why), flush=True)

    def skip(self, name, why):
        """The check could not run here; tests/run.sh counts it."""
        self.skipped += 1
        print("SKIP %s: %s" % (name, " ".join(str(why).split())), flush=True)

    def check(self, name, cond, why=""):
        if cond:
            self.ok(name)
        else:
            self.fail(name, why or "check failed")
        return bool(cond)


# One diagnostic of the patient-material checks (reading level, size,
# contrast, line length) naming an edition: `check` reports a missed
# threshold as an error and exits 1, `build` warns; and the layout's
# warnings about the fit (body below checks.size) and panel fill.
PM_DIAG = re.compile(r"^trifold: (error|warning): [^:\s]+: (reading level|size|contrast|line length|fit|fill): ")
# The per-language translation line of build and check (status.h).
STATUS_LINE = re.compile(r"^(?P<lang>\S+): (?P<tr>\d+) translated, (?P<fb>\d+) falls? back to (?P<base>\S+)"
                         r"(?: \((?P<clinic>\d+) in clinic files\))?, (?P<stale>\d+) stale"
                         r"(?P<tail> \(trifold check lists them\))?$")
# The last line of a batch (batch.h).
SUMMARY_LINE = re.compile(r"^(?P<brochure>\S+): (?:shard (?P<shard>\d+/\d+): )?(?P<made>\d+) of (?P<of>\d+) "
                          r"editions? (?:written|checked), (?P<failed>\d+) failed")


# A typesetting rule broken (src/rules.c; docs/content-format.md "Typesetting
# rules the engine applies"): a warning on every build while the engine is
# taught to hold the rules (issue 10), with the rule's name in brackets (and
# a batch's edition after it).
RULES = ("stranded-heading", "empty-flow-panel", "underfull-panel", "split-unit", "lonely-line",
         "hyphen-not-running-text", "hyphen-at-break", "hyphen-last-word", "hyphen-ladder", "loose-justified")
RULE_DIAG = re.compile(r"^\S.*: warning: \S+: panel '[^']+': .* \[(%s)\]( \[[^\]]+\])?$" % "|".join(RULES))
EXCERPT = re.compile(r"^ *\d* \| ")


def drop_rule_warnings(stderr):
    """stderr without the rule warnings and their source excerpts."""
    out, skipping = [], False
    for line in stderr.splitlines(True):
        if RULE_DIAG.match(line.rstrip("\n")):
            skipping = True
            continue
        if skipping and EXCERPT.match(line):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


FILL_DIAG = re.compile(r"^trifold: warning: [^:\s]+: (fit|fill): ")


def without_fill(stderr):
    """stderr without the layout's fit and fill warnings (a sparse test
    brochure leaves flow panels nearly empty: that is not what it tests)."""
    return "".join(l for l in stderr.splitlines(True) if not FILL_DIAG.match(l))


def pm_only(proc):
    """True if the process succeeded, or failed (exit 1) only because an
    edition missed a patient-material threshold."""
    if proc.returncode == 0:
        return True
    other = [l for l in drop_rule_warnings(proc.stderr).splitlines() if l.strip()
             and not PM_DIAG.match(l.split(" [")[0]) and not STATUS_LINE.match(l) and not SUMMARY_LINE.match(l)]
    return proc.returncode == 1 and not other


def short(s, n=80):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."


# --- running tools -----------------------------------------------------------

# Not a speed limit (tests assert no timing; that is `make bench`): only a
# guard so a hung process fails the check instead of hanging the suite.
HANG_GUARD = 600


def run(args, env=None, timeout=HANG_GUARD, cwd=None):
    """Run a command; returns CompletedProcess with text stdout/stderr."""
    e = dict(os.environ)
    if env:
        for k, v in env.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
    try:
        return subprocess.run(args, capture_output=True, text=True, env=e,
                              timeout=timeout, cwd=cwd or ROOT,
                              errors="replace")
    except FileNotFoundError as ex:
        return subprocess.CompletedProcess(args, 127, "", str(ex))
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", "hung: no exit after %ss" % timeout)


def trifold_ok():
    return os.path.isfile(TRIFOLD) and os.access(TRIFOLD, os.X_OK)


def build(brochure_dir, lang, out, paper=None, fold=None, press=False, env=None):
    args = [TRIFOLD, "build", brochure_dir, "--lang", lang]
    if paper:
        args += ["--paper", paper]
    if fold:
        args += ["--fold", fold]
    if press:
        args.append("--press")
    args += ["-o", out]
    return run(args, env=env)


def brochures():
    """Every content/<b>/ folder holding a brochure.yaml, sorted."""
    if not os.path.isdir(CONTENT):
        return []
    return sorted(d for d in os.listdir(CONTENT)
                  if os.path.isfile(os.path.join(CONTENT, d, "brochure.yaml")))


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# --- units and geometry from the print spec ---------------------------------

def parse_length(v, default_pt=None):
    """'12pt' | '0.25in' | '3mm' | bare number (points) -> points."""
    if v is None:
        return default_pt
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|in|mm)?\s*", str(v))
    if not m:
        raise ValueError("bad length %r" % v)
    n = float(m.group(1))
    unit = m.group(2) or "pt"
    return n * {"pt": 1.0, "in": PT_PER_IN, "mm": PT_PER_MM}[unit]


class Sheet:
    """Trim size and the panels of both pages, in points, x from the trim's
    left edge. pages[0] = outside, pages[1] = inside; each a list of
    (panel name, x0, x1) left to right. folds[p] = the two fold x."""

    def __init__(self, paper, fold, fold_in_pt=None, rtl=False):
        if paper == "a4":
            self.w, self.h = 297 * PT_PER_MM, 210 * PT_PER_MM
            self.bleed = 3 * PT_PER_MM
            default_in = 97 * PT_PER_MM
        else:
            self.w, self.h = 11 * PT_PER_IN, 8.5 * PT_PER_IN
            self.bleed = 0.125 * PT_PER_IN
            default_in = 3.625 * PT_PER_IN
        if fold == "z":
            third = self.w / 3
            outside = [third, third, third]
            inside = [third, third, third]
        else:
            fi = fold_in_pt if fold_in_pt else default_in
            outer = (self.w - fi) / 2
            outside = [fi, outer, outer]      # flap | back | cover
            inside = [outer, outer, fi]       # inside-left | middle | right
        outside_names = ["outside-left", "outside-middle", "cover"] if fold == "z" else ["flap", "back", "cover"]
        names = [outside_names, ["inside-left", "inside-middle", "inside-right"]]
        self.fold = fold
        self.order = FOLD_READING_ORDER["z" if fold == "z" else "roll"]
        widths = [outside, inside]
        if rtl:      # an RTL brochure folds the other way: mirror each side
            names = [list(reversed(n)) for n in names]
            widths = [list(reversed(w)) for w in widths]
        self.pages = []
        self.folds = []
        for p in range(2):
            x = 0.0
            cols = []
            for name, wd in zip(names[p], widths[p]):
                cols.append((name, x, x + wd))
                x += wd
            self.pages.append(cols)
            self.folds.append([cols[0][2], cols[1][2]])

    def panel_at(self, page, x):
        cols = self.pages[page]
        for name, x0, x1 in cols:
            if x0 <= x < x1:
                return name
        return cols[0][0] if x < cols[0][1] else cols[-1][0]

    def panel_box(self, page, name):
        for n, x0, x1 in self.pages[page]:
            if n == name:
                return x0, x1
        raise KeyError(name)


def sheet_for(brochure_dir, paper=None, fold=None, lang=None):
    """The expected Sheet for a build, from brochure.yaml and CLI overrides.
    Returns (sheet, safe_pt)."""
    b = load_yaml(os.path.join(brochure_dir, "brochure.yaml")) or {}
    s = b.get("sheet") or {}
    paper = paper or s.get("paper") or "letter"
    fold = fold or s.get("fold") or "roll"
    fold_in = parse_length(s.get("fold_in")) if s.get("fold_in") is not None else None
    theme = b.get("theme") or {}
    safe = parse_length(theme.get("safe"), 0.25 * PT_PER_IN)
    lang = lang or b.get("base") or "en"
    rtl = lang.split("-")[0].lower() in RTL_LANGS
    return Sheet(paper, fold, fold_in, rtl), safe


# --- pdfinfo / pdffonts / qpdf ----------------------------------------------

def pdfinfo(path, isodates=False):
    """Returns (dict of top-level fields, {page: {box: (x0,y0,x1,y1), 'size': (w,h)}})."""
    args = ["pdfinfo", "-f", "1", "-l", "9999", "-box"]
    if isodates:
        args.append("-isodates")
    r = run(args + [path])
    info, pages = {}, {}
    if r.returncode != 0:
        raise RuntimeError("pdfinfo failed: " + r.stderr.strip())
    for line in r.stdout.splitlines():
        m = re.match(r"Page\s+(\d+)\s+(\w+):\s*(.*)$", line)
        if m:
            pg, key, val = int(m.group(1)), m.group(2), m.group(3)
            d = pages.setdefault(pg, {})
            if key.endswith("Box"):
                d[key] = tuple(float(t) for t in val.split()[:4])
            elif key == "size":
                sm = re.match(r"([\d.]+) x ([\d.]+)", val)
                if sm:
                    d["size"] = (float(sm.group(1)), float(sm.group(2)))
            continue
        if ":" in line and not line[:1].isspace():   # indented: the PDF subtype's own fields
            k, v = line.split(":", 1)
            info[k.strip()] = v.strip()
    return info, pages


def pdffonts(path):
    """List of dicts: name, type, encoding, emb, sub, uni."""
    r = run(["pdffonts", path])
    if r.returncode != 0:
        raise RuntimeError("pdffonts failed: " + r.stderr.strip())
    lines = r.stdout.splitlines()
    if len(lines) < 2:
        return []
    # Columns are fixed-width: take the spans from the dashes line.
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    keys = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    fonts = []
    for line in lines[2:]:
        if not line.strip():
            continue
        toks = line.split()
        # a name longer than its column shifts the rest of the row
        shift = max(0, len(toks[0]) - (spans[0][1] - spans[0][0]))
        row = {"name": toks[0]}
        for k, (a, b) in zip(keys[1:3], spans[1:3]):
            row[k] = line[a + shift:b + shift + 1].strip()
        row["emb"], row["sub"], row["uni"] = toks[-5], toks[-4], toks[-3]
        fonts.append(row)
    return fonts


# --- pdftotext -bbox-layout ---------------------------------------------------

class Word:
    __slots__ = ("text", "x0", "y0", "x1", "y1", "line")

    def __init__(self, text, x0, y0, x1, y1, line):
        self.text, self.x0, self.y0, self.x1, self.y1, self.line = text, x0, y0, x1, y1, line


def _strip_ns(tag):
    return tag.rsplit("}", 1)[-1]


def pdftotext_words(path):
    """Per page (0-based list) a list of lines; each line a list of Words
    in pdftotext's order. Coordinates: points, origin top-left of the
    page's crop box (== MediaBox here), y down."""
    r = run(["pdftotext", "-bbox-layout", path, "-"])
    if r.returncode != 0:
        raise RuntimeError("pdftotext failed: " + r.stderr.strip())
    xml = r.stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml, count=1)
    root = ET.fromstring(xml)
    pages = []
    line_no = 0
    for page in root.iter():
        if _strip_ns(page.tag) != "page":
            continue
        lines = []
        for ln in page.iter():
            if _strip_ns(ln.tag) != "line":
                continue
            words = []
            for w in ln:
                if _strip_ns(w.tag) != "word":
                    continue
                a = w.attrib
                words.append(Word(w.text or "", float(a["xMin"]), float(a["yMin"]),
                                  float(a["xMax"]), float(a["yMax"]), line_no))
            line_no += 1
            if words:
                lines.append(words)
        pages.append(lines)
    return pages


def trim_offset(pages_info, page_no):
    """(dx, dy) to add to pdftotext coordinates (MediaBox, top-left, y
    down) to get coordinates relative to the trim's top-left corner."""
    d = pages_info.get(page_no, {})
    media = d.get("MediaBox")
    trim = d.get("TrimBox") or media
    if not media:
        return 0.0, 0.0
    return media[0] - trim[0], trim[3] - media[3]


# --- expected text from <lang>.yaml -----------------------------------------

def strip_markup(s):
    """Inline markup -> plain text: **b**, *i*, [text](url),
    [text]{lang=xx}, \\escapes."""
    esc = {}

    def protect(m):                 # \X -> a private-use placeholder
        key = chr(0xE000 + len(esc))
        esc[key] = m.group(1)
        return key
    s = re.sub(r"\\(.)", protect, str(s))
    s = re.sub(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\{lang=[^}]*\}", r"\1", s)     # after links: one may be inside
    s = s.replace("**", "")
    s = re.sub(r"\*([^*]+)\*", r"\1", s)
    for k, v in esc.items():
        s = s.replace(k, v)
    return s


BLOCK_KINDS = ["title", "subtitle", "heading", "paragraph", "list", "checklist",
               "contacts", "credit", "image"]


def _items(v):
    if isinstance(v, dict):
        return [str(x) for x in v.values() if x is not None]
    if isinstance(v, list):
        return [str(x) for x in v if x is not None]
    return []


def story_texts(block_map):
    """Texts of one story's blocks, in order (markup not yet stripped)."""
    texts = []
    if not isinstance(block_map, dict):
        return texts
    for bid, blk in block_map.items():
        if isinstance(blk, str) or isinstance(blk, (int, float)):
            texts.append(str(blk))          # shorthand paragraph
            continue
        if not isinstance(blk, dict):
            continue
        kind = next((k for k in BLOCK_KINDS if k in blk), None)
        if kind == "image":
            continue                        # alt text is not printed
        if kind is None:
            continue
        main = blk.get(kind)
        if main is not None and kind != "contacts":
            texts.append(str(main))
        elif kind == "contacts" and main is not None:
            texts.append(str(main))
        if kind in ("list", "checklist"):
            texts.extend(_items(blk.get("items")))
        if kind == "contacts":
            entries = blk.get("entries") or {}
            vals = entries.values() if isinstance(entries, dict) else entries
            for e in vals:
                if not isinstance(e, dict):
                    continue
                for k in ("name", "description"):
                    if e.get(k) is not None:
                        texts.append(str(e[k]))
                addr = e.get("address")
                if isinstance(addr, list):
                    texts.extend(str(a) for a in addr if a is not None)
                elif addr is not None:
                    texts.append(str(addr))
                if e.get("phone") is not None:
                    texts.append(str(e["phone"]))
    return texts


def split_sentences(text):
    text = " ".join(text.split())
    if not text:
        return []
    parts = re.split(r"(?<=[.!?])\s+(?=\S)", text)
    return [p for p in (x.strip() for x in parts) if p]


def normalize(s):
    """Compare form: NFKC (ligatures), one kind of quote/dash-less hyphen,
    whitespace collapsed."""
    s = unicodedata.normalize("NFKC", s)
    s = (s.replace("\u2019", "'").replace("\u2018", "'")
          .replace("\u201c", '"').replace("\u201d", '"')
          .replace("\u2010", "-").replace("\u2011", "-").replace("\u00ad", "-"))
    return " ".join(s.split())


def expected_sentences(text_yaml, plan):
    """From a <lang>.yaml and the plan: {story_id: [sentences]} for stories
    placed in the plan, plus the set of flow story ids."""
    stories = (text_yaml or {}).get("stories") or {}
    placed = []
    flows = set()
    for pname in PANEL_NAMES:
        p = (plan or {}).get(pname) or {}
        for slot in p.get("content") or []:
            if not isinstance(slot, dict):
                continue
            for kind in ("flow", "sidebar", "story"):
                if kind in slot:
                    sid = slot[kind]
                    if kind == "flow":
                        flows.add(sid)
                    if sid not in placed:
                        placed.append(sid)
    if not placed:
        placed = list(stories.keys())
    out = {}
    for sid in placed:
        sents = []
        for t in story_texts(stories.get(sid)):
            sents.extend(split_sentences(normalize(strip_markup(t))))
        out[sid] = sents
    return out, flows


PUNCT = ".,;:!?()[]\"'"


def source_text(sentences):
    """The source as one lower-cased string with a space on both ends, to
    look up how a token broken across lines is spelled there."""
    return " " + " ".join(sentences).lower() + " "


def join_lines(lines, src):
    """Join extracted lines into one text (src: from source_text()).

    A line ending with a hyphen is joined to the next without a space; the
    hyphen stays when the source has the hyphenated form (long-term) and
    goes when the source has the word without it (a hyphenation). A line
    ending in a slash or dash (a break inside a token) is joined without a
    space when the source spells the token that way."""
    out = ""
    for ln in lines:
        ln = " ".join(ln.split())
        if not ln:
            continue
        if not out:
            out = ln
            continue
        head = out.rsplit(" ", 1)[-1].lstrip(PUNCT).lower()
        tail = ln.split(" ", 1)[0].lower().rstrip(PUNCT + "-")
        if head.endswith("-") and len(head) > 1:
            if " " + head + tail in src:
                out += ln
            elif " " + head[:-1] + tail in src:
                out = out[:-1] + ln
            else:
                out += " " + ln
        elif head and head[-1] in "/\u2013\u2014" and " " + head + tail in src:
            out += ln
        else:
            out += " " + ln
    return out


def panel_lines(pages_words, pages_info, sheet):
    """Lines of text per panel in reading order.
    Returns {panel: [line strings]}, each panel's lines sorted top to bottom
    (line fragments are assigned to panels by word centre x)."""
    frags = {n: [] for n in PANEL_NAMES}
    for pi, lines in enumerate(pages_words[:2]):
        dx, dy = trim_offset(pages_info, pi + 1)
        for words in lines:
            byp = {}
            for w in words:
                cx = (w.x0 + w.x1) / 2 + dx
                byp.setdefault(sheet.panel_at(pi, cx), []).append(w)
            for pn, ws in byp.items():
                top = min(w.y0 for w in ws) + dy
                bottom = max(w.y1 for w in ws) + dy
                frags[pn].append(((top + bottom) / 2, ws[0].line,
                                  " ".join(w.text for w in ws)))
    out = {}
    for pn, fl in frags.items():
        # top to bottom by line centre, ties in pdftotext's line order;
        # fragments whose centres are within 1pt are one visual line
        fl.sort(key=lambda f: (round(f[0] / 1.0), f[1]))
        out[pn] = [f[2] for f in fl]
    return out


# --- temp copies of a brochure ------------------------------------------------

def temp_project(tmp, brochure):
    """Mirror the repo into tmp so relative paths (../../fonts) still
    resolve: tmp/content/<brochure> is a real copy, every other top-level
    entry of the repo is a symlink. Returns the copy's path."""
    for name in os.listdir(ROOT):
        if name in ("content", ".git"):
            continue
        os.symlink(os.path.join(ROOT, name), os.path.join(tmp, name))
    os.makedirs(os.path.join(tmp, "content"))
    dst = os.path.join(tmp, "content", brochure)
    shutil.copytree(os.path.join(CONTENT, brochure), dst)
    return dst


def dump_yaml(data, path):
    """Plain YAML (no anchors/aliases), keys in their order."""
    class PlainDumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True
    with open(path, "w", encoding="utf-8") as f:
        yaml.dump(data, f, Dumper=PlainDumper, allow_unicode=True,
                  sort_keys=False, default_flow_style=False, width=1000)


def tempdir():
    return tempfile.mkdtemp(prefix="trifold-e2e-")


def preflight(rep, names, need_attachment=True):
    """FAIL every check in `names` (full names) and return False when the
    tests cannot run: no PyYAML, no binary, no content."""
    why = None
    if yaml is None:
        why = "PyYAML not installed (Debian: python3-yaml)"
    elif not trifold_ok():
        why = "no binary at %s (make build)" % TRIFOLD
    elif need_attachment and "attachment" not in brochures():
        why = "no content/attachment"
    if why:
        for n in names:
            rep.fail(n, why)
        return False
    return True


def exit_with(rep):
    sys.exit(1 if rep.failed else 0)
