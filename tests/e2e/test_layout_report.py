#!/usr/bin/env python3
"""The layout report (`check --json`'s "layout", `check --layout`) and the
rule checker on real layouts (issue 10):

  e2e/layout-report/panels     six panels in the roll fold's reading order, each
                               with its fill; body size and what decided it
  e2e/layout-report/lines      every line of every text once (index 0..of-1),
                               the fit search's trial layouts left no trace
  e2e/layout-report/blocks     every block of the flow story is a box of its kind,
                               at its file:line:col, its first words the text's
  e2e/layout-report/pdf        each box's first word is on its panel in the PDF
                               (pdftotext -bbox-layout), at the report's height
  e2e/layout-report/text       check --layout prints the same boxes as text
  e2e/layout-report/warning    a build whose flow leaves a panel empty warns,
                               naming the edition, the panel and brochure.yaml's
                               line:col, and still writes the PDF
  e2e/layout-report/rule-names the rules docs/content-format.md lists are the ones
                               the tests know (lib.RULES)
"""

import html
import json
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/layout-report/"
NAMES = ["panels", "lines", "blocks", "pdf", "text", "warning", "rule-names"]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def bare(w):
    return re.sub(r"[^\w]", "", w).lower()


def main():
    rep = lib.Report()
    if not lib.preflight(rep, [PRE + n for n in NAMES]):
        lib.exit_with(rep)
    att = os.path.join(lib.CONTENT, "attachment")
    r = lib.run([lib.TRIFOLD, "check", att, "--json"])
    try:
        ed = json.loads(r.stdout)["editions"][0]
        L = ed["layout"]
    except (ValueError, KeyError, IndexError) as e:
        for n in NAMES:
            rep.fail(PRE + n, "no layout report in check --json: %s %s" % (e, lib.short(r.stderr, 200)))
        lib.exit_with(rep)

    names = [p["panel"] for p in L["panels"]]
    rep.check(PRE + "panels", names == lib.FOLD_READING_ORDER["roll"] and abs(L["body_size"] - ed["body_size"]) < 0.01
              and L["fit_decided_by"] and all(p["fill"] is not None and 0 <= p["fill"] <= 1.05 for p in L["panels"])
              and [p["panel"] for p in L["panels"] if p["flow"] == "body"] == ["inside-left", "inside-middle",
                                                                            "inside-right"],
              "panels %s, body %s / %s, decided by %r" % (names, L["body_size"], ed["body_size"], L["fit_decided_by"]))

    # every line of every text exactly once
    seen, bad = {}, []
    for p in L["panels"]:
        for b in p["boxes"]:
            for ln in b["lines"]:
                key = (ln["where"], ln["field"])
                seen.setdefault(key, []).append((ln["index"], ln["of"]))
    for key, ls in seen.items():
        of = ls[0][1]
        if sorted(i for i, _ in ls) != list(range(of)):
            bad.append("%s: lines %s of %d" % (key, sorted(i for i, _ in ls), of))
    rep.check(PRE + "lines", seen and not bad, "; ".join(bad[:3]))

    # the flow story's blocks, from the YAML
    with open(os.path.join(att, "en.yaml"), encoding="utf-8") as f:
        text = lib.yaml.safe_load(f)
    body = text["stories"]["body"]
    boxes = [b for p in L["panels"] for b in p["boxes"] if b["story"] == "body"]
    problems = []
    for bid, val in body.items():
        mine = [b for b in boxes if b["block"] == bid]
        if not mine:
            problems.append("block %s has no box" % bid)
            continue
        want = ("heading" if isinstance(val, dict) and "heading" in val else
                "list lead-in" if isinstance(val, dict) and "list" in val else
                "paragraph" if isinstance(val, str) else None)
        first = mine[0]
        if want and first["kind"] != want:
            problems.append("block %s is a %s, not a %s" % (bid, first["kind"], want))
        if not re.match(r".*/en\.yaml:\d+:\d+$", first["where"] or ""):
            problems.append("block %s at %r" % (bid, first["where"]))
        src = val["heading"] if isinstance(val, dict) and "heading" in val else \
            val.get("list") if isinstance(val, dict) else val
        if isinstance(src, str):
            w = bare(first["words"].split()[0])
            if not bare(src.replace("*", "")).startswith(w):
                problems.append("block %s starts %r, the text %r" % (bid, first["words"], src[:30]))
    rep.check(PRE + "blocks", not problems, "; ".join(problems[:3]))

    # read back the PDF
    tmp = tempfile.mkdtemp(prefix="trifold-layout-report.")
    try:
        pdf = os.path.join(tmp, "a.pdf")
        b = lib.run([lib.TRIFOLD, "build", att, "-o", pdf])
        x = lib.run(["pdftotext", "-bbox-layout", pdf, "-"])
        pages = [[(float(a), float(bb), float(c), float(d), html.unescape(t)) for a, bb, c, d, t in WORD.findall(pg)]
                 for pg in x.stdout.split("<page ")[1:]]
        missing, checked = [], 0
        for p in L["panels"]:
            ws = pages[p["page"] - 1] if b.returncode == 0 and len(pages) >= p["page"] else []
            for bx in p["boxes"]:
                if not bx["lines"] or not bx["words"]:
                    continue
                key = bare(bx["words"].split()[0])
                if len(key) < 2:
                    continue
                checked += 1
                top, bottom = bx["lines"][0]["top"], bx["lines"][0]["bottom"]
                if not [w for w in ws if bare(w[4]).startswith(key) and p["x0"] - 2 <= (w[0] + w[2]) / 2 <= p["x1"] + 2
                        and w[1] >= top - 6 and w[3] <= bottom + 6]:
                    missing.append("%s: %r at %.0f" % (p["panel"], bx["words"], top))
        rep.check(PRE + "pdf", checked > 20 and not missing, "%d of %d: %s" % (len(missing), checked,
                                                                             "; ".join(missing[:3])))

        t = lib.run([lib.TRIFOLD, "check", att, "--layout"])
        inside = [bx for p in L["panels"] if p["panel"] == "inside-left" for bx in p["boxes"]]
        rep.check(PRE + "text", t.returncode == 0 and "layout attachment-en:" in t.stdout
                  and "panel inside-left" in t.stdout and all(bx["words"] in t.stdout for bx in inside)
                  and ("rules:" in t.stdout or "rule " in t.stdout),
                  lib.short(t.stdout, 300))

        # a flow of one short paragraph through three panels: two stay empty
        d = os.path.join(tmp, "tiny")
        os.makedirs(d)
        with open(os.path.join(att, "brochure.yaml"), encoding="utf-8") as f:
            bro = lib.yaml.safe_load(f)
        for face, path in list(bro["theme"]["fonts"].items()):
            if isinstance(path, str):
                bro["theme"]["fonts"][face] = os.path.normpath(os.path.join(att, path))
        bro["theme"]["fonts"].pop("fallback", None)
        bro["id"] = "tiny"
        bro["languages"] = ["en"]
        bro["plan"] = {
            "cover": {"style": "cover", "content": [{"story": "cover"}]},
            "flap": {"content": [{"story": "flap"}]},
            "inside-left": {"content": [{"flow": "body"}]},
            "inside-middle": {"content": [{"flow": "body"}]},
            "inside-right": {"content": [{"flow": "body"}]},
            "back": {"content": [{"story": "back"}]},
        }
        with open(os.path.join(d, "brochure.yaml"), "w", encoding="utf-8") as f:
            lib.yaml.safe_dump(bro, f, sort_keys=False)
        with open(os.path.join(d, "en.yaml"), "w", encoding="utf-8") as f:
            f.write("lang: en\nmeta: {title: Tiny}\nstories:\n  cover:\n    title: {title: Tiny}\n"
                    "  flap:\n    f: Flap text.\n  back:\n    b: Back text.\n"
                    "  body:\n    one: A single short paragraph.\n")
        out = os.path.join(tmp, "tiny.pdf")
        w = lib.run([lib.TRIFOLD, "build", d, "-o", out])
        line = [ln for ln in w.stderr.splitlines() if "[empty-flow-panel]" in ln]
        rep.check(PRE + "warning", w.returncode == 0 and os.path.exists(out) and len(line) == 2
                  and re.match(r".*tiny/brochure\.yaml:\d+:\d+: (warning|error): tiny-en: panel 'inside-middle': ",
                               line[0]),
                  "exit %d, %s" % (w.returncode, lib.short(w.stderr, 300)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(lib.ROOT, "docs", "content-format.md"), encoding="utf-8") as f:
        doc = f.read()
    sec = doc.split("### Typesetting rules the engine applies", 1)[-1].split("\n### ", 1)[0]
    documented = re.findall(r"^\| `([a-z-]+)` \|", sec, re.M)
    rep.check(PRE + "rule-names", documented == list(lib.RULES), "documented %s, tests know %s" % (documented,
                                                                                            list(lib.RULES)))
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
