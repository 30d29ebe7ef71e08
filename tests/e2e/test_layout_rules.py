"""Layout rules on generated brochures unlike the shipped ones (issue 10):
genbrochure.py writes seeded brochures (long headings of their own words,
list lead-ins and paragraphs ending with a colon before lists, long
compound words with hyphenation on, a clinic whose referrals have Arabic
in their names, an English and a zh-Hans edition), and every PDF is read
back with pdftotext -bbox-layout (layoutcheck.py).

  rules/<seed>-<lang>    builds; no flow panel but the last ends with a
                         heading line, a list lead-in's last line or a
                         hyphen; no flow panel is empty
  rules/fixed-13pt-<seed>  the same at a fixed 13 pt body (no fit): it
                         builds with the rules kept, or fails with an error
                         naming a block (file:line:col) or a panel
  rules/checklist-40     a 40-item checklist in a sidebar: exit 1, the
                         error is at the checklist's file:line:col and
                         names it and the panel
  rules/long-title-floor a cover title with a 29-letter German word too
                         wide even at the title floor: exit 1, the word and
                         its width at the floor named (titles never hyphenate)
  rules/long-title       the same with sizes.title_min 12pt builds (the
                         title shrinks)
  rules/long-title-soft-hyphen  with soft hyphens in the word it builds
  rules/fit-warning      a dense back panel whose contacts may not shrink
                         (sizes.contacts_min 12pt): build warns "fit: body
                         text set at N pt, below 12 pt ... panel 'back'"
  rules/contacts-min     the same with sizes.contacts_min: 9pt: the body is
                         larger (the contacts shrink instead)
  rules/contacts-default-floor  the same without the key: the contacts
                         shrink toward their size at the fit's smallest body,
                         the body stays at 12 pt and build does not warn
  rules/sidebar-min      a long checklist in the flap's sidebar: with
                         sizes.sidebar_min the body is larger than without
  rules/leading-min      a long flow: with text.leading_min the body is
                         larger than without
  rules/balance-<n>      a flow through three panels with a dense contacts
                         panel (not shrinking) holding the body below 12 pt, text for about
                         two panels (one left empty unbalanced) or two and a
                         half (the last under half full): from the layout
                         report (check --json), every flow panel holds text,
                         their fills are within 0.1 of each other, no
                         empty-flow-panel or underfull-panel rule; the
                         report says each flow panel was balanced
  rules/balance-untouched  attachment-en (its last flow panel 89% full):
                         no panel balanced
  rules/short-flow-<seed>  far too little text for three flow panels (seeds
                         202 and 204): it is balanced over all three (each
                         holds text, none is left empty)
"""

import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genbrochure as g  # noqa: E402
import layoutcheck as lc  # noqa: E402
import lib  # noqa: E402

BUILD_LINE = re.compile(r": (\S+) edition, body ([0-9.]+) pt")


def body_of(stderr):
    m = BUILD_LINE.search(stderr)
    return float(m.group(2)) if m else None


def layout_of(d):
    """The layout report of brochure d's English edition (check --json)."""
    r = lib.run([lib.TRIFOLD, "check", d, "--json"])
    try:
        return json.loads(r.stdout)["editions"][0]["layout"]
    except (ValueError, KeyError, IndexError):
        return None


def flow_panels(L):
    """(panel, fill, boxes of the flow on it) for every flow panel."""
    return [(p["panel"], p["fill"], sum(1 for b in p["boxes"] if b["in_flow"]))
            for p in L["panels"] if p.get("flow")]


def main():
    rep = lib.Report()
    if not lib.preflight(rep, ["e2e/rules/preflight"], need_attachment=False):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        clinic = g.write_clinic(tmp, 4)
        # seeds with a fit range, en + zh-Hans, with the Arabic-named clinic
        for seed in (0, 12, 16, 25, 27):
            d = g.write_brochure(tmp, seed, sections=7, para_words=30, fit=("10pt", "13pt"), size="12pt",
                                 langs=("en", "zh-Hans"))
            for lang in ("en", "zh-Hans"):
                name = "e2e/rules/%d-%s" % (seed, lang)
                out = os.path.join(tmp, "r%d-%s.pdf" % (seed, lang))
                r = lib.run([lib.TRIFOLD, "build", d, "--lang", lang, "--clinic", clinic, "-o", out])
                if r.returncode != 0:
                    rep.fail(name, "exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))
                    continue
                v = lc.violations(out, d, lang)
                rep.check(name, not v, "; ".join(v))
        # a fixed 13 pt body: kept rules or a named error
        for seed in (56, 59, 70, 91, 101, 109):
            d = g.write_brochure(tmp, seed, sections=5, para_words=25)
            name = "e2e/rules/fixed-13pt-%d" % seed
            out = os.path.join(tmp, "f%d.pdf" % seed)
            r = lib.run([lib.TRIFOLD, "build", d, "-o", out])
            if r.returncode == 0:
                v = [x for x in lc.violations(out, d) if "empty" not in x]
                rep.check(name, not v, "; ".join(v))
            else:
                rep.check(name, r.returncode == 1 and re.search(r"\.yaml:\d+:\d+: error: .*(panel|fit)", r.stderr),
                          "exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))

        d = g.write_brochure(tmp, 200, sections=3, para_words=20, checklist_items=40, fit=("10pt", "13pt"))
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "c.pdf")])
        en = open(os.path.join(d, "en.yaml"), encoding="utf-8").read().splitlines()
        line = next((i + 1 for i, l in enumerate(en) if l.strip() == "signs:" and i and "signs:" in en[i - 1]), 0)
        want = re.compile(r"en\.yaml:%d:\d+: error: checklist 'signs' \(story 'signs'\) does not fit panel 'flap'" % line)
        rep.check("e2e/rules/checklist-40", r.returncode == 1 and line and want.search(r.stderr)
                  and not os.path.exists(os.path.join(tmp, "c.pdf")),
                  "exit %d, line %d: %s" % (r.returncode, line, lib.short(r.stderr, 250)))

        # a 29-letter word: 534 pt at the 30 pt title size, 249 pt at the 14 pt
        # floor (the subtitle size), on a 229.5 pt cover line; titles are never
        # hyphenated, so it fits at a lower floor or at its soft hyphens only
        word = "Atemwegserkrankungsvorbeugung"
        d = g.write_brochure(tmp, 201, sections=4, para_words=20, fit=("10pt", "13pt"), title=word + " bei Kindern")
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "t.pdf")])
        rep.check("e2e/rules/long-title-floor", r.returncode == 1 and re.search(
            r"en\.yaml:\d+:\d+: error: '%s' is too wide for a line in panel 'cover' \(24\d\.\d pt wide" % word, r.stderr),
            "exit %d: %s" % (r.returncode, lib.short(r.stderr, 250)))
        by = os.path.join(d, "brochure.yaml")
        with open(by, encoding="utf-8") as f:
            y = f.read()
        with open(by, "w", encoding="utf-8") as f:
            f.write(y.replace("    subtitle: 14pt\n", "    subtitle: 14pt\n    title_min: 12pt\n", 1))
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "t.pdf")])
        rep.check("e2e/rules/long-title", r.returncode == 0, lib.short(r.stderr, 250))
        d = g.write_brochure(tmp, 202, sections=4, para_words=20, fit=("10pt", "13pt"),
                             title="Atemwegs\u00aderkrankungs\u00advorbeugung bei Kindern")
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "t2.pdf")])
        rep.check("e2e/rules/long-title-soft-hyphen", r.returncode == 0, lib.short(r.stderr, 250))

        # a dense back panel (12 contacts) whose contacts may not shrink (a
        # floor at their own size): the fit lowers the whole body, and says so
        dense = dict(sections=4, para_words=25, fit=("9pt", "13pt"), size="12pt", back_contacts=12)
        d = g.write_brochure(os.path.join(tmp, "plain"), 202, contacts_min="12pt", **dense)
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "w.pdf")])
        plain = body_of(r.stderr)
        rep.check("e2e/rules/fit-warning", r.returncode == 0 and plain is not None and plain < 12 and
                  re.search(r"warning: gen202-en: fit: body text set at [0-9.]+ pt, below 12 pt .*panel 'back'",
                            r.stderr), lib.short(r.stderr, 300))
        d = g.write_brochure(os.path.join(tmp, "shrink"), 202, contacts_min="9pt", **dense)
        r2 = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "w2.pdf")])
        shrunk = body_of(r2.stderr)
        rep.check("e2e/rules/contacts-min", r2.returncode == 0 and plain and shrunk and shrunk > plain,
                  "body %s with contacts_min 12pt, %s with 9pt: %s" % (plain, shrunk, lib.short(r2.stderr, 200)))
        # without the key, the contacts shrink toward their size at the fit's
        # smallest body (9 pt) before the body goes below the theme's 12 pt
        d = g.write_brochure(os.path.join(tmp, "default"), 202, **dense)
        r3 = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "w3.pdf")])
        dflt = body_of(r3.stderr)
        rep.check("e2e/rules/contacts-default-floor", r3.returncode == 0 and dflt == 12 and plain and dflt > plain
                  and "fit: body text set at" not in r3.stderr,
                  "body %s with contacts_min 12pt, %s without the key: %s" % (plain, dflt, lib.short(r3.stderr, 200)))

        # a long checklist in the flap's sidebar: sizes.sidebar_min lets it
        # shrink instead of the whole body
        side = dict(sections=3, para_words=20, fit=("9pt", "13pt"), size="12pt", checklist_items=16)
        d = g.write_brochure(os.path.join(tmp, "side"), 205, **side)
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "s1.pdf")])
        d = g.write_brochure(os.path.join(tmp, "side-min"), 205, sidebar_min="8pt", **side)
        r2 = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "s2.pdf")])
        a, b = body_of(r.stderr), body_of(r2.stderr)
        rep.check("e2e/rules/sidebar-min", r.returncode == 0 and r2.returncode == 0 and a and b and b > a,
                  "body %s without sidebar_min, %s with: %s" % (a, b, lib.short(r.stderr + r2.stderr, 200)))
        # more body text than fits at 12 pt with leading 1.3: text.leading_min
        # lets the fit keep a larger body
        lead = dict(sections=8, para_words=32, fit=("9pt", "13pt"), size="12pt")
        d = g.write_brochure(os.path.join(tmp, "lead"), 206, **lead)
        r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "l1.pdf")])
        d = g.write_brochure(os.path.join(tmp, "lead-min"), 206, leading_min=1.15, **lead)
        r2 = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "l2.pdf")])
        a, b = body_of(r.stderr), body_of(r2.stderr)
        rep.check("e2e/rules/leading-min", r.returncode == 0 and r2.returncode == 0 and a and b and b > a,
                  "body %s without leading_min, %s with: %s" % (a, b, lib.short(r.stderr + r2.stderr, 200)))

        # balancing (issue 10): a dense back panel (12 contacts that may not
        # shrink: contacts_min 12pt) holds the body at 9.75 pt; unbalanced, the flow left inside-right empty (7
        # sections) or 46% full (8 sections)
        for sections in (7, 8):
            d = g.write_brochure(os.path.join(tmp, "bal%d" % sections), 202, sections=sections, para_words=25,
                                 fit=("9pt", "13pt"), size="12pt", back_contacts=12, contacts_min="12pt")
            L = layout_of(d)
            fp = flow_panels(L) if L else []
            fills = [f for _, f, _ in fp]
            rules = [x["rule"] for x in L["rules"]] if L else []
            rep.check("e2e/rules/balance-%d" % sections,
                      L and L["body_size"] < 12 and len(fp) == 3 and all(n > 0 for _, _, n in fp)
                      and max(fills) - min(fills) <= 0.1
                      and "empty-flow-panel" not in rules and "underfull-panel" not in rules
                      and all(p["balanced"] for p in L["panels"] if p.get("flow")),
                      "body %s, flow panels %s, rules %s" % (L and L["body_size"], fp, rules))
        # a flow whose last panel is over half full is not touched
        L = layout_of(os.path.join(lib.CONTENT, "attachment"))
        rep.check("e2e/rules/balance-untouched", L and not any(p["balanced"] for p in L["panels"]),
                  "attachment-en: %s" % (L and [(p["panel"], p["fill"], p["balanced"]) for p in L["panels"]]))
        # too little text for every panel to be half full: still no panel left empty
        for seed, kw in ((202, dict(sections=4, para_words=25, fit=("9pt", "13pt"), size="12pt", back_contacts=12,
                                    contacts_min="12pt")),
                         (204, dict(sections=2, para_words=15))):
            d = g.write_brochure(os.path.join(tmp, "short%d" % seed), seed, **kw)
            L = layout_of(d)
            fp = flow_panels(L) if L else []
            r = lib.run([lib.TRIFOLD, "build", d, "-o", os.path.join(tmp, "e%d.pdf" % seed)])
            rep.check("e2e/rules/short-flow-%d" % seed,
                      r.returncode == 0 and len(fp) == 3 and all(n > 0 for _, _, n in fp)
                      and "is empty" not in r.stderr and "[empty-flow-panel]" not in r.stderr,
                      "flow panels %s: %s" % (fp, lib.short(r.stderr, 300)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
