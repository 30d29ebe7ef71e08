#!/usr/bin/env python3
"""Generate brochure variants for the layout corpus (issue 10).

Each variant is a folder with brochure.yaml, one language file (the base),
maybe a clinic file, and variant.json (the command-line options it is built
with and what was done to it). Variants are made from the shipped content
(content/attachment in every language, content/sleep) and synthetic text:
every story scaled x0.4 to x1.8 in length, 25-letter compound words, long
headings, checklists of 3 to 30 items, 0 to 14 referrals with long names,
right-to-left names in left-to-right editions and the reverse, CJK text,
roll and Z folds, letter and A4, office and press, clinic overlays, ragged
and justified, hyphenated or not.

The same seed gives the same variants: variant i depends on (seed, i) only.

    python3 tests/layout/gen.py --out DIR [--count N] [--seed S] [--first K]
"""
import argparse
import copy
import json
import os
import random
import re
import shutil
import sys

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

RTL_NAMES = [
    "مركز الرعاية الأسرية المتكاملة للأطفال والمراهقين في المدينة",
    "جمعية دعم الوالدين والطفولة المبكرة",
    "عيادة النور لطب الأطفال والصحة النفسية للعائلة",
    "מרכז משפחתי לטיפול בילדים ובני נוער",
    "العيادة الاستشارية لشؤون الأسرة والطفل بالتعاون مع المستشفى الجامعي",
]
LTR_NAMES = [
    "The Northern Regional Association for Child and Adolescent Family Counselling Services",
    "Saint Bartholomew's Paediatric Sleep and Behaviour Outpatient Department",
    "Kinder- und Jugendlichenpsychotherapeutische Ambulanz Rheinland-Pfalz",
    "Centro de Orientación Familiar y Atención Temprana de la Comunidad",
    "Trung tâm Tư vấn Tâm lý Gia đình và Trẻ em Thành phố",
    "Riverside Community Partnership for Early Childhood Development",
]
CJK_NAMES = ["北京市儿童医院家庭心理咨询中心", "上海儿童睡眠与行为发展研究所附属门诊部"]
CJK_TEXT = "孩子的睡眠和情绪发展密切相关，家长可以通过固定的作息时间帮助孩子建立安全感。"
RTL_TEXT = "النوم الجيد يساعد الطفل على التعلم والنمو."

LANGS = {"attachment": ["en", "es", "vi", "zh-Hans", "ar", "de"], "sleep": ["en"]}


_loaded = {}


def load(path):
    """A YAML file's data (parsed once per process; the caller gets a copy)."""
    if path not in _loaded:
        with open(path, encoding="utf-8") as f:
            _loaded[path] = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return copy.deepcopy(_loaded[path])


def merge(base, over):
    """Deep merge: `over`'s values over `base`'s structure."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v) if k in base else v
        return out
    return copy.deepcopy(over) if over is not None else copy.deepcopy(base)


def cjk(lang):
    return lang.startswith("zh") or lang.startswith("ja")


def words_of(text, lang):
    if cjk(lang):
        t = re.sub(r"\s+", "", text)
        return [t[i:i + 4] for i in range(0, len(t), 4)]
    return text.split()


def join(words, lang):
    return ("" if cjk(lang) else " ").join(words)


class Gen:
    def __init__(self, rnd, lang):
        self.r = rnd
        self.lang = lang
        self.pool = []

    def learn(self, node):
        if isinstance(node, str):
            self.pool.extend(w for w in words_of(node, self.lang) if not re.search(r"[\[\]*{}()]", w))
        elif isinstance(node, dict):
            for v in node.values():
                self.learn(v)
        elif isinstance(node, list):
            for v in node:
                self.learn(v)

    def compound(self):
        """A 25-letter word made of the language's words (no hyphen in it)."""
        letters = ""
        while len(letters) < 25:
            w = re.sub(r"[^\w]", "", self.r.choice(self.pool)) if self.pool else "word"
            letters += w.lower()
        return letters[:1].upper() + letters[1:25]

    def scale(self, text, factor):
        """Text `factor` times as long: cut, or grown with the language's words."""
        if re.search(r"\]\(|\{lang=", text):
            return text          # keep markup (links, spans) whole
        text = text.replace("*", "")    # emphasis cut in half would be unclosed
        w = words_of(text, self.lang)
        n = max(1, int(round(len(w) * factor)))
        if n <= len(w):
            out = w[:n]
        else:
            out = list(w)
            while len(out) < n:
                out.append(self.r.choice(self.pool or w))
        s = join(out, self.lang)
        if not cjk(self.lang) and not s.endswith((".", "!", "?", ":")):
            s = s.rstrip(",;") + "."
        return s

    def sentence(self, n):
        w = [self.r.choice(self.pool) for _ in range(n)]
        s = join(w, self.lang)
        return s if cjk(self.lang) else s[:1].upper() + s[1:].rstrip(".,;:") + "."


def text_blocks(story):
    """(key, value) of a story's blocks in order."""
    return list(story.items()) if isinstance(story, dict) else []


def vary_story(g, story, factor, opts, notes):
    r = g.r
    for key, val in text_blocks(story):
        if isinstance(val, str):                         # a paragraph
            t = g.scale(val, factor)
            if r.random() < opts["compound"] and not cjk(g.lang):
                w = t.split()
                w.insert(r.randrange(len(w) + 1), g.compound())
                t = " ".join(w)
                notes.add("compound")
            if r.random() < opts["cjk_in"] and not cjk(g.lang):
                t = t + " " + CJK_TEXT
                notes.add("cjk-span")
            if r.random() < opts["rtl_in"] and g.lang != "ar":
                t = t + " " + RTL_TEXT
                notes.add("rtl-span")
            story[key] = t
        elif isinstance(val, dict):
            if "heading" in val and isinstance(val["heading"], str):
                if r.random() < opts["long_heading"]:
                    val["heading"] = g.sentence(r.randint(8, 16)).rstrip(".")
                    notes.add("long-heading")
            elif "title" in val and isinstance(val["title"], str):
                if r.random() < opts["long_heading"] / 2:
                    val["title"] = val["title"] + " " + (g.compound() if not cjk(g.lang) else CJK_TEXT[:8])
                    notes.add("long-title")
            elif ("checklist" in val or "list" in val) and isinstance(val.get("items"), dict):
                items = val["items"]
                texts = [v for v in items.values() if isinstance(v, str)]
                if "checklist" in val and r.random() < opts["checklist"]:
                    n = r.randint(3, 30)
                    new = {}
                    for i in range(n):
                        base = texts[i % len(texts)] if texts else g.sentence(6)
                        new["i%d" % i] = g.scale(base, r.uniform(0.5, 1.5))
                    val["items"] = new
                    notes.add("checklist-%d" % n)
                else:
                    for k, v in items.items():
                        if isinstance(v, str):
                            items[k] = g.scale(v, factor)
                if isinstance(val.get("list"), str) and r.random() < 0.3:
                    val["list"] = g.scale(val["list"], factor)
            elif "contacts" in val and isinstance(val.get("entries"), dict):
                for k, c in val["entries"].items():
                    if isinstance(c, dict) and isinstance(c.get("description"), str):
                        c["description"] = g.scale(c["description"], factor)
                    if isinstance(c, dict) and r.random() < opts["long_names"]:
                        c["name"] = r.choice(RTL_NAMES if g.lang != "ar" and r.random() < 0.5 else LTR_NAMES)
                        notes.add("long-contact-name")


def make_clinic(g, lang, n_ref, notes):
    r = g.r
    rtl_name = r.random() < 0.4
    if lang == "ar":
        name = r.choice(LTR_NAMES)            # left-to-right names in a right-to-left edition
        notes.add("ltr-names-in-rtl")
    elif rtl_name:
        name = r.choice(RTL_NAMES)
        notes.add("rtl-names")
    elif cjk(lang) or r.random() < 0.1:
        name = r.choice(CJK_NAMES)
        notes.add("cjk-names")
    else:
        name = r.choice(LTR_NAMES)
    c = {
        "trifold-clinic": 1,
        "base": lang,
        "name": name,
        "address": [g.sentence(3).rstrip("."), "Springfield, IL 62701"],
        "phone": "(217) 555-%04d" % r.randint(0, 9999),
        "email": "contacto@%s.example.org" % r.choice(["pena-muller", "riverside", "familienberatung-rheinland"]),
        "web": "https://%s.example.org/%s" % (r.choice(["find-a-therapist", "clinic", "kinderschlaf"]),
                                              r.choice(["", "families/help", "referrals-and-contacts"])),
        "referrals": {"replace": r.random() < 0.2, "add": {}},
    }
    if r.random() < 0.3:
        c["hours"] = ["Mon-Fri 8:00-17:00", "Sat 9:00-12:00"]
    if r.random() < 0.3:
        c["note"] = g.sentence(r.randint(4, 12))
    if r.random() < 0.3:
        c["logo"] = "logo.png"           # copied beside the clinic file
    for i in range(n_ref):
        pool = LTR_NAMES if lang == "ar" else (RTL_NAMES if rtl_name and r.random() < 0.6 else LTR_NAMES + CJK_NAMES)
        e = {
            "name": r.choice(pool) + ("" if r.random() < 0.5 else " %d" % (i + 1)),
            "description": g.sentence(r.randint(4, 18)),
            "address": [g.sentence(3).rstrip("."), "Springfield, IL 627%02d" % i],
            "phone": "(217) 555-%04d" % r.randint(0, 9999),
        }
        if r.random() < 0.4:
            e["web"] = "https://www.%s-%d.example.org/families" % (r.choice(["familytherapy", "kinderhilfe"]), i)
        if r.random() < 0.3:
            e["email"] = "info%d@%s.example.org" % (i, r.choice(["pena-muller", "sleepwell"]))
        c["referrals"]["add"]["ref%d" % i] = e
    if not n_ref:
        del c["referrals"]
    notes.add("referrals-%d" % n_ref)
    return c


def variant(seed, i, out):
    r = random.Random("%d/%d" % (seed, i))
    brochure = r.choice(["attachment", "attachment", "sleep"])
    lang = r.choice(LANGS[brochure])
    src = os.path.join(ROOT, "content", brochure)
    bro = load(os.path.join(src, "brochure.yaml"))
    text = load(os.path.join(src, "en.yaml"))
    if lang != "en":
        over = load(os.path.join(src, lang + ".yaml"))
        for sid, st in list((over.get("stories") or {}).items()):
            if isinstance(st, dict) and "_blocks" in st:     # a restructured story replaces the base's
                text["stories"][sid] = st["_blocks"]
                del over["stories"][sid]
        text = merge(text, over)
    text.pop("_source", None)
    text["lang"] = lang
    bro["id"] = "v%04d" % i
    bro["base"] = lang
    bro["languages"] = [lang]
    for face, p in list(bro["theme"]["fonts"].items()):
        if isinstance(p, str):
            bro["theme"]["fonts"][face] = os.path.normpath(os.path.join(src, p))
    for fb in bro["theme"]["fonts"].get("fallback", []) or []:
        for face, p in list(fb.items()):
            fb[face] = os.path.normpath(os.path.join(src, p))
    if "fallback" not in bro["theme"]["fonts"]:
        bro["theme"]["fonts"]["fallback"] = [
            {"regular": os.path.join(ROOT, "fonts", "NotoSansArabic-Regular.ttf"),
             "bold": os.path.join(ROOT, "fonts", "NotoSansArabic-Bold.ttf")},
            {"regular": os.path.join(ROOT, "fonts", "NotoSansHebrew-Regular.ttf"),
             "bold": os.path.join(ROOT, "fonts", "NotoSansHebrew-Bold.ttf")},
            {"regular": os.path.join(ROOT, "fonts", "DroidSansFallbackFull.ttf")},
        ]
    notes = set()
    t = bro["theme"]["text"]
    if r.random() < 0.4:
        t["align"] = r.choice(["ragged", "justify"])
    if r.random() < 0.4:
        t["hyphenate"] = r.random() < 0.6
    notes.add("align-" + t.get("align", "ragged"))
    notes.add("hyphenate" if t.get("hyphenate") else "no-hyphenate")

    g = Gen(r, lang)
    g.learn(text.get("stories", {}))
    opts = {
        "compound": r.choice([0, 0, 0.1, 0.3]),
        "long_heading": r.choice([0, 0, 0.2, 0.5]),
        "checklist": r.choice([0, 0.5, 1]),
        "long_names": r.choice([0, 0, 0.3]),
        "cjk_in": r.choice([0, 0, 0, 0.1]),
        "rtl_in": r.choice([0, 0, 0, 0.1]),
    }
    factors = {}
    for sid, story in (text.get("stories") or {}).items():
        f = round(r.uniform(0.4, 1.8), 2)
        factors[sid] = f
        vary_story(g, story, f, opts, notes)

    d = os.path.join(out, "v%04d" % i)
    os.makedirs(d, exist_ok=True)
    args = []
    fold = r.choice(["roll", "z"])
    paper = r.choice(["letter", "a4"])
    args += ["--fold", fold, "--paper", paper]
    if r.random() < 0.3:
        args.append("--press")
    clinic = r.random()
    if clinic < 0.2:
        c = r.choice(["riverside", "lakeside"])
        args += ["--clinic", os.path.join(ROOT, "content", "clinics", c + ".yaml")]
        notes.add("clinic-" + c)
    elif clinic < 0.6:
        n_ref = r.randint(0, 14)
        cf = os.path.join(d, "clinic.yaml")
        cl = make_clinic(g, lang, n_ref, notes)
        if "logo" in cl:
            shutil.copyfile(os.path.join(ROOT, "content", "clinics", "riverside-logo.png"), os.path.join(d, "logo.png"))
        with open(cf, "w", encoding="utf-8") as f:
            yaml.dump(cl, f, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
        args += ["--clinic", cf]
    with open(os.path.join(d, "brochure.yaml"), "w", encoding="utf-8") as f:
        yaml.dump(bro, f, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    with open(os.path.join(d, lang + ".yaml"), "w", encoding="utf-8") as f:
        yaml.dump(text, f, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    info = {"variant": i, "seed": seed, "brochure": brochure, "lang": lang, "args": args,
            "fold": fold, "paper": paper, "factors": factors, "notes": sorted(notes)}
    with open(os.path.join(d, "variant.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    return d, info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--seed", type=int, default=10)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.first, a.first + a.count):
        variant(a.seed, i, a.out)
    print("%d variants in %s" % (a.count, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
