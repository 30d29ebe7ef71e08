"""A seeded generator of brochures unlike the shipped ones, for the layout
rule tests (test_layout_rules.py).

The text of every kind of element comes from its own vocabulary, so a line
read back from the PDF says what it belongs to: heading lines hold only
HEADING words, list lead-in lines only LEADIN words, running text only
BODY words (plus long compound words, which break at hyphenation points).
Nothing here is taken from the C code.
"""

import os
import random

import lib

HEADING = ("Understanding Recognising Managing Everyday Breathing Difficulties Triggers "
           "Medicines Inhalers Emergencies Schoolchildren Caregivers Nighttime Symptoms "
           "Seasonal Allergies Outdoor Activities Checkups Specialists Questions").split()
LEADIN = "Before following these practical suggestions remember especially".split()
BODY = ("air lungs breath cough night day child parent school nurse doctor plan dose spacer "
        "mask pollen smoke dust cold weather sport rest water calm slow deep tight chest "
        "wheeze help call early sign change week month keep note write home room bed toy "
        "pet window open clean fresh warm quick easy safe sure often always never").split()
COMPOUND = ("hyperresponsiveness bronchoconstriction immunotherapy spirometrically "
            "corticosteroids anticholinergic desensitisation pharmacotherapeutically "
            "uncharacteristically counterproductively").split()
ITEM = "wheezing coughing waking tiredness shortness pale lips blue fast breathing".split()

FONT = os.path.join(lib.ROOT, "fonts") + "/"


def words(rng, n, vocab, compound=0.0):
    out = []
    for _ in range(n):
        if compound and rng.random() < compound:
            out.append(rng.choice(COMPOUND))
        else:
            out.append(rng.choice(vocab))
    return out


def sentence(rng, n, vocab, compound=0.0, end="."):
    w = words(rng, n, vocab, compound)
    w[0] = w[0].capitalize()
    return " ".join(w) + end


def heading(rng, n):
    return " ".join(w for w in words(rng, n, HEADING))


def body_story(rng, sections, para_words, compound, lists=True):
    """Blocks of the flow story: per section a long heading, one or two
    paragraphs, and every other section a list with a lead-in or a
    paragraph ending with a colon followed by a list."""
    st = {}
    for s in range(sections):
        st["h%d" % s] = {"heading": heading(rng, rng.randint(3, 8))}
        for p in range(rng.randint(1, 2)):
            n = max(8, int(rng.gauss(para_words, para_words / 3)))
            text = " ".join(sentence(rng, rng.randint(6, 14), BODY, compound) for _ in range(max(1, n // 10)))
            st["p%d_%d" % (s, p)] = text
        if lists and s % 2 == 1:
            items = [sentence(rng, rng.randint(3, 12), ITEM) for _ in range(rng.randint(2, 5))]
            lead = sentence(rng, rng.randint(4, 12), LEADIN, end=":")
            if s % 4 == 1:
                st["l%d" % s] = {"list": lead, "items": items}
            else:                      # a paragraph ending with a colon, then a list
                st["c%d" % s] = lead
                st["l%d" % s] = {"list": None, "items": items}
    return st


def write_brochure(root, seed, sections=9, para_words=40, compound=0.04, size="13pt", fit=None,
                   hyphenate=True, langs=("en",), title=None, checklist_items=6, zh=False,
                   contacts_min=None, sidebar_min=None, back_contacts=3, leading_min=None):
    """A brochure folder at root/b<seed> (root must hold the repo mirror so
    ../../../fonts resolves). Returns its path."""
    rng = random.Random(seed)
    d = os.path.join(root, "b%d" % seed)
    os.makedirs(d, exist_ok=True)
    text = {"size": size, "leading": 1.3, "align": "ragged", "hyphenate": hyphenate}
    if fit:
        text["fit"] = {"min": fit[0], "max": fit[1]}
    if leading_min:
        text["leading_min"] = leading_min
    sizes = {"title": "30pt", "subtitle": "14pt", "heading": 1.25, "sidebar": 0.92}
    if contacts_min:
        sizes["contacts_min"] = contacts_min
    if sidebar_min:
        sizes["sidebar_min"] = sidebar_min
    brochure = {
        "trifold": 1, "id": "gen%d" % seed, "base": "en", "languages": list(langs),
        "sheet": {"paper": "letter", "fold": "roll"},
        "theme": {
            "fonts": {"regular": FONT + "NotoSans-Regular.ttf", "italic": FONT + "NotoSans-Italic.ttf",
                      "bold": FONT + "NotoSans-Bold.ttf", "bold_italic": FONT + "NotoSans-BoldItalic.ttf",
                      "fallback": [{"regular": FONT + "NotoSansArabic-Regular.ttf",
                                    "bold": FONT + "NotoSansArabic-Bold.ttf"},
                                   {"regular": FONT + "DroidSansFallbackFull.ttf"}]},
            "text": text, "sizes": sizes,
        },
        "plan": {
            "cover": {"style": "cover", "valign": "center",
                      "content": [{"story": "cover"}, {"clinic": "sidebar"}]},
            "flap": {"content": [{"sidebar": "signs"}]},
            "inside-left": {"content": [{"flow": "body"}]},
            "inside-middle": {"content": [{"flow": "body"}]},
            "inside-right": {"content": [{"flow": "body"}]},
            "back": {"content": [{"sidebar": "contacts"}]},
        },
    }
    contacts = {}
    for k in range(back_contacts):
        contacts["c%d" % k] = {"name": "Regional Breathing Centre %d" % k,
                               "description": sentence(rng, 8, BODY),
                               "phone": "(555) 010-%04d" % k}
    stories = {
        "cover": {"title": {"title": title or "Breathing Easier at Home"},
                  "sub": {"subtitle": "A guide for families"}},
        "signs": {"signs": {"checklist": "Warning signs to watch",
                            "items": [sentence(rng, rng.randint(3, 9), ITEM) for _ in range(checklist_items)]}},
        "body": body_story(rng, sections, para_words, compound),
        "contacts": {"orgs": {"contacts": "Where to find help", "entries": contacts}},
    }
    lib.dump_yaml(brochure, os.path.join(d, "brochure.yaml"))
    lib.dump_yaml({"lang": "en", "meta": {"title": "Breathing", "author": "Generated"}, "stories": stories},
                  os.path.join(d, "en.yaml"))
    if zh or "zh-Hans" in langs:
        zs = {"cover": {"title": "在家更轻松地呼吸", "sub": "给家庭的指南"}}
        lib.dump_yaml({"lang": "zh-Hans", "meta": {"title": "呼吸", "author": "生成"}, "stories": zs},
                      os.path.join(d, "zh-Hans.yaml"))
    return d


def write_clinic(root, n_referrals=4):
    """A clinic whose referrals carry long names with Arabic in them (an
    Arabic name pushes every frame's first baseline down)."""
    add = {}
    for k in range(n_referrals):
        add["r%d" % k] = {
            "name": "\u0645\u0631\u0643\u0632 \u0627\u0644\u0623\u0645\u0644 \u0644\u0635\u062d\u0629 "
                    "\u0627\u0644\u0637\u0641\u0644 Hope Centre for Children's Breathing %d" % k,
            "description": "Specialist care for children with long-term breathing conditions.",
            "phone": "(555) 020-%04d" % k,
        }
    c = {"trifold-clinic": 1, "base": "en", "name": "Northgate Community Health Cooperative",
         "address": ["1 Long Road", "Northgate 10001"], "phone": "(555) 030-0001",
         "referrals": {"replace": False, "add": add}}
    p = os.path.join(root, "clinic.yaml")
    lib.dump_yaml(c, p)
    return p
