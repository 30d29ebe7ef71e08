"""Layout rules read back from a PDF (pdftotext -bbox-layout), for
brochures made by genbrochure.py, whose vocabularies say what each line
is. Returns a list of rule violations, each a short string."""

import re

import genbrochure as g
import lib

FLOW_PANELS = ["inside-left", "inside-middle", "inside-right"]


def _kind(line):
    ws = [w for w in re.findall(r"[A-Za-z]+", line)]
    if not ws:
        return "other"
    if all(w in g.HEADING for w in ws):
        return "heading"
    if all(w.lower() in [x.lower() for x in g.LEADIN] for w in ws) and line.rstrip().endswith(":"):
        return "leadin"             # the lead-in's last line
    return "other"


def violations(pdf, brochure_dir, lang="en"):
    sheet, _ = lib.sheet_for(brochure_dir, lang=lang)
    info = lib.pdfinfo(pdf)[1]
    lines = lib.panel_lines(lib.pdftotext_words(pdf), info, sheet)
    out = []
    for i, p in enumerate(FLOW_PANELS):
        ls = lines.get(p) or []
        if not ls:
            out.append("panel %s is empty" % p)
            continue
        if i + 1 == len(FLOW_PANELS):
            continue                        # the flow's last panel may end anyhow
        last = ls[-1]
        if len(ls) > 1 and ls[-2].rstrip().endswith("-"):
            last = ls[-2].rstrip()[:-1] + last      # a word hyphenated across the last two lines
        k = _kind(last)
        if k == "heading":
            out.append("panel %s ends with a heading line: %r" % (p, last))
        elif k == "leadin":
            out.append("panel %s ends with a list lead-in line: %r" % (p, last))
        if last.rstrip().endswith("-") and (lines.get(FLOW_PANELS[i + 1]) or []):
            out.append("panel %s ends with a hyphenated line: %r" % (p, last))
    return out
