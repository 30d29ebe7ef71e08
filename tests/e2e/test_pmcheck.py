#!/usr/bin/env python3
"""Patient-material checks (`trifold check`, `check --json`):

  e2e/pm/en-pass        the shipped English edition meets every threshold:
                        check exits 0, JSON "pass" true, Flesch-Kincaid <= 8
  e2e/pm/en-sizes       smallest size per role = the theme's sizes: body =
                        text size, sidebar and contacts = size * sizes.sidebar,
                        credit = size * sizes.small (brochure.yaml)
  e2e/pm/en-contrast    lowest ratio = WCAG ratio of the credit grey (text
                        colour mixed 25% with white) on white, computed here
                        from brochure.yaml; every pair's ratio matches the
                        WCAG formula for its two colours
  e2e/pm/en-hardest     five sentences, each with file:line whose line (or
                        the next) holds the sentence's first words
  e2e/pm/languages      es: Fernandez-Huerta; zh-Hans, vi, ar: no formula,
                        sentence length only (zh-Hans in characters)
  e2e/pm/fail-grade     a brochure written in long, heavy sentences: exit 1,
                        "reading level" error naming the edition; only the
                        grade fails (JSON)
  e2e/pm/fail-size      body text at 10 pt: exit 1, "size" error; only size fails
  e2e/pm/fail-contrast  text colour #999999: exit 1, "contrast" error with the
                        pair of colours and the ratio 2.85; only contrast fails
  e2e/pm/fail-line      a tri-fold panel at 12 pt (under 40 characters a line) is reported (line length
                        warning) but does not fail
  e2e/pm/thresholds     theme `checks: {grade: 20, size: 9pt, contrast: 2.5}`
                        lets a grade-15.7 text, 10 pt text and #999999 text pass
  e2e/pm/build-warns    `build` of a failing brochure exits 0, writes the PDF
                        and warns on stderr naming the edition
"""

import json
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

CHECKS = ["en-pass", "en-sizes", "en-contrast", "en-hardest", "languages", "fail-grade",
          "fail-size", "fail-contrast", "fail-line", "thresholds", "build-warns"]


def lum(hexs):
    """WCAG 2.x relative luminance of "#rrggbb"."""
    v = [int(hexs[i:i + 2], 16) / 255.0 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in v]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix_white(hexs, t):
    v = [int(hexs[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join("%02x" % int(c + (255 - c) * t + 0.5) for c in v)


def check_json(bdir, *extra):
    r = lib.run([lib.TRIFOLD, "check", bdir, "--json"] + list(extra))
    try:
        return r, json.loads(r.stdout)
    except ValueError:
        return r, None


FONTS = """  fonts:
    regular: %(f)s/NotoSans-Regular.ttf
    italic: %(f)s/NotoSans-Italic.ttf
    bold: %(f)s/NotoSans-Bold.ttf
    bold_italic: %(f)s/NotoSans-BoldItalic.ttf
"""

EASY = " ".join(["The cat sat on the mat. The dog ran to the park. We had fun in the sun."] * 8)
HARD = " ".join(["Comprehensive multidisciplinary evaluation of developmental difficulties, "
                 "particularly regarding interpersonal relationships and emotional regulation, "
                 "necessitates considerable professional collaboration."] * 7)

MEDIUM = " ".join(["Parents and teachers can evaluate the difficulties together and usually "
                   "find practical solutions for the child."] * 8)      # grade 15.7


def write_brochure(root, name, text=EASY, size="12pt", color="#222222", checks=None):
    d = os.path.join(root, name)
    os.makedirs(d)
    theme = "theme:\n" + FONTS % {"f": os.path.join(lib.ROOT, "fonts")}
    theme += "  text: {size: %s}\n  colors: {text: \"%s\"}\n" % (size, color)
    if checks:
        theme += "  checks: %s\n" % checks
    with open(os.path.join(d, "brochure.yaml"), "w") as f:
        f.write("trifold: 1\nid: %s\nbase: en\n\n%s\nplan:\n  cover:\n    content: [{story: cover}]\n"
                "  inside-left:\n    content: [{flow: body}]\n  inside-middle:\n    content: [{flow: body}]\n"
                % (name, theme))
    with open(os.path.join(d, "en.yaml"), "w") as f:
        f.write("lang: en\nmeta:\n  title: Test\nstories:\n  cover:\n    title: {title: Test}\n"
                "  body:\n    p1: >-\n      %s\n" % text)
    return d


def only(ed, failing):
    got = {k for k in ("readability", "sizes", "contrast") if not ed[k]["pass"]}
    return got == set(failing), got


def main():
    rep = lib.Report()
    pre = "e2e/pm/"
    if not lib.preflight(rep, [pre + c for c in CHECKS]):
        lib.exit_with(rep)
    att = os.path.join(lib.CONTENT, "attachment")
    by = lib.load_yaml(os.path.join(att, "brochure.yaml"))
    theme = by["theme"]

    # the shipped English edition
    r, d = check_json(att)
    ed = d["editions"][0] if d and d.get("editions") else None
    rep.check(pre + "en-pass", r.returncode == 0 and ed and ed["pass"] and
              ed["readability"]["formula"] == "flesch-kincaid" and ed["readability"]["value"] <= 8,
              "exit %d, %s" % (r.returncode, lib.short(r.stderr + r.stdout, 200)))
    if ed:
        size = ed["body_size"]
        sizes = theme.get("sizes", {})
        want = {"body": size, "sidebar": size * sizes["sidebar"], "contacts": size * sizes["sidebar"],
                "credit": size * sizes["small"]}
        got = {x["role"]: x["min"] for x in ed["sizes"]["roles"]}
        bad = ["%s %s != %.2f" % (k, got.get(k), v) for k, v in want.items()
               if got.get(k) is None or abs(got[k] - v) > 0.011]
        rep.check(pre + "en-sizes", not bad, "; ".join(bad))
        colors = theme["colors"]
        credit = mix_white(colors["text"], 0.25)
        lowest = ratio(credit, "#ffffff")
        bad = ["%s on %s: %.2f, WCAG %.2f" % (p["text"], p["background"], p["ratio"],
                                             ratio(p["text"], p["background"]))
               for p in ed["contrast"]["pairs"]
               if p["background"] != "image" and abs(p["ratio"] - ratio(p["text"], p["background"])) > 0.006]
        if abs(ed["contrast"]["min"] - lowest) > 0.006:
            bad.append("min %.2f, want %.2f (%s on white)" % (ed["contrast"]["min"], lowest, credit))
        if not any(p["text"] == colors["accent_text"] and p["background"] == colors["accent"]
                   for p in ed["contrast"]["pairs"]):
            bad.append("no %s on %s pair (cover)" % (colors["accent_text"], colors["accent"]))
        if not any(p["text"] == colors["text"] and p["background"] == colors["tint"]
                   for p in ed["contrast"]["pairs"]):
            bad.append("no %s on %s pair (sidebar)" % (colors["text"], colors["tint"]))
        rep.check(pre + "en-contrast", not bad, "; ".join(bad))
        hard = ed["readability"]["hardest"]
        bad = []
        lines = open(os.path.join(att, "en.yaml"), encoding="utf-8").read().splitlines()
        for h in hard:
            m = re.match(r"^(.*\.yaml):(\d+):\d+$", h["where"])
            if not m:
                bad.append("where %r" % h["where"])
                continue
            n = int(m.group(2))
            first = " ".join(re.findall(r"[\w']+", h["text"])[:2])
            near = " ".join(lines[n - 1:n + 1])
            if not first or first.split()[0] not in near:
                bad.append("%s: %r not on that line" % (h["where"], first))
        rep.check(pre + "en-hardest", len(hard) == 5 and not bad, "%d sentences; %s" % (len(hard), "; ".join(bad)))
    else:
        for c in ("en-sizes", "en-contrast", "en-hardest"):
            rep.fail(pre + c, "no JSON")

    # the other languages
    r, d = check_json(att, "--lang", "es,zh-Hans,vi,ar")
    by_lang = {e["lang"]: e for e in (d or {}).get("editions", [])}
    bad = []
    if by_lang.get("es", {}).get("readability", {}).get("formula") != "fernandez-huerta":
        bad.append("es formula %r" % by_lang.get("es", {}).get("readability", {}).get("formula"))
    for lang in ("zh-Hans", "vi", "ar"):
        rd = by_lang.get(lang, {}).get("readability", {})
        if rd.get("formula") is not None or not rd.get("words_per_sentence"):
            bad.append("%s: formula %r, length %r" % (lang, rd.get("formula"), rd.get("words_per_sentence")))
    if by_lang.get("zh-Hans", {}).get("readability", {}).get("length_unit") != "characters":
        bad.append("zh-Hans not in characters")
    rep.check(pre + "languages", not bad and len(by_lang) == 4, "; ".join(bad) or "editions %s" % list(by_lang))

    tmp = tempfile.mkdtemp(prefix="trifold-pm-")
    try:
        cases = {
            "fail-grade": (write_brochure(tmp, "grade", text=HARD), "reading level", ["readability"]),
            "fail-size": (write_brochure(tmp, "size", size="10pt"), "size", ["sizes"]),
            "fail-contrast": (write_brochure(tmp, "contrast", color="#999999"), "contrast", ["contrast"]),
        }
        for name, (bdir, what, failing) in cases.items():
            r = lib.run([lib.TRIFOLD, "check", bdir])
            ed_name = os.path.basename(bdir) + "-en"
            msg = [l for l in r.stderr.splitlines()
                   if l.startswith("trifold: error: %s: %s: " % (ed_name, what))]
            rj, dj = check_json(bdir)
            ok_only, got = only(dj["editions"][0], failing) if dj else (False, None)
            extra = ""
            if name == "fail-contrast" and not any("#999999 text on #ffffff is 2.85:1" in l for l in msg):
                extra = "no pair and ratio in %r" % msg
            rep.check(pre + name, r.returncode == 1 and msg and ok_only and rj.returncode == 1 and not extra,
                      "exit %d, failing %s, stderr %r %s" % (r.returncode, got, lib.short(r.stderr, 200), extra))
        # a narrow measure: line length is a warning, not a failure
        line_dir = cases["fail-size"][0]
        r = lib.run([lib.TRIFOLD, "check", write_brochure(tmp, "narrow")])
        rj, dj = check_json(os.path.join(tmp, "narrow"))
        ll = dj["editions"][0]["sizes"]["line_length"] if dj else {}
        warn = [l for l in r.stderr.splitlines() if l.startswith("trifold: warning: narrow-en: line length: ")]
        rep.check(pre + "fail-line", r.returncode == 0 and ll.get("judged") and not ll.get("ok") and warn
                  and ll.get("mean", 0) < 40,
                  "exit %d, line_length %r, stderr %r" % (r.returncode, ll, lib.short(r.stderr, 160)))
        # thresholds from the theme
        bad = []
        for name, kw in (("grade2", {"text": MEDIUM}), ("size2", {"size": "10pt"}),
                         ("contrast2", {"color": "#999999"})):
            bdir = write_brochure(tmp, name, checks="{grade: 20, size: 9pt, contrast: 2.5}", **kw)
            r = lib.run([lib.TRIFOLD, "check", bdir])
            if r.returncode != 0:
                bad.append("%s: exit %d %s" % (name, r.returncode, lib.short(r.stderr, 100)))
        rep.check(pre + "thresholds", not bad, "; ".join(bad))
        out = os.path.join(tmp, "c.pdf")
        r = lib.run([lib.TRIFOLD, "build", cases["fail-contrast"][0], "-o", out])
        rep.check(pre + "build-warns", r.returncode == 0 and os.path.isfile(out) and
                  any(l.startswith("trifold: warning: contrast-en: contrast: ") for l in r.stderr.splitlines()),
                  "exit %d, stderr %r" % (r.returncode, lib.short(r.stderr, 200)))
        del line_dir
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
