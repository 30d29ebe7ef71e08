#!/usr/bin/env python3
"""A brochure with many languages built in one batch, one process
(TRIFOLD_JOBS=1), so every edition shares one set of fonts and
hyphenation dictionaries (src/res.c). A cache that dropped an entry while
earlier editions still held it showed up here, under `make asan`, as a
heap-use-after-free in the hyphenation of a later language.

The brochure is tests/fixtures/small in a temp dir with 26 languages: en,
21 Spanish regions that each have their own dictionary (hyph_es_XX.dic,
package hyphen-es) and 4 private-use tags (qaa..qad) that have none.

  e2e/many-langs/build        exit 0, no sanitizer report, 26 PDFs
  e2e/many-langs/dict-warn    "no hyphenation dictionary" exactly for the
                              4 tags without one
  e2e/many-langs/same-alone   the last Spanish edition of the batch is
                              byte-identical to that edition built alone
"""

import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

NAMES = ["build", "dict-warn", "same-alone"]
REGIONS = ["AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GT", "HN",
           "MX", "NI", "PA", "PE", "PR", "PY", "SV", "US", "UY", "VE"]
NO_DICT = ["qaa", "qab", "qac", "qad"]
FIXTURE = os.path.join(lib.ROOT, "tests", "fixtures", "small")
FONTS = os.path.join(lib.ROOT, "fonts")


def make_brochure(d):
    """The small fixture with absolute font paths and len(langs) languages."""
    langs = ["en"] + ["es-" + r for r in REGIONS] + NO_DICT
    with open(os.path.join(FIXTURE, "brochure.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("../../../fonts", FONTS)
    text = re.sub(r"(?m)^languages:.*$", "languages: [%s]" % ", ".join(langs), text)
    with open(os.path.join(d, "brochure.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    shutil.copy(os.path.join(FIXTURE, "en.yaml"), d)
    shutil.copy(os.path.join(FIXTURE, "pixel.png"), d)
    with open(os.path.join(FIXTURE, "es.yaml"), encoding="utf-8") as f:
        es = f.read()
    for lang in langs[1:]:
        with open(os.path.join(d, lang + ".yaml"), "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^lang: es$", "lang: " + lang, es))
    return langs


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    rep = lib.Report()
    if not lib.trifold_ok():
        for n in NAMES:
            rep.fail("e2e/many-langs/" + n, "no trifold binary at " + lib.TRIFOLD)
        return 1
    tmp = tempfile.mkdtemp(prefix="trifold-many-langs-")
    try:
        src = os.path.join(tmp, "b")
        out = os.path.join(tmp, "out")
        os.mkdir(src)
        os.mkdir(out)
        langs = make_brochure(src)
        env = {"TRIFOLD_JOBS": "1", "SOURCE_DATE_EPOCH": "0"}
        r = lib.run([lib.TRIFOLD, "build", src, "--lang", "all", "-o",
                     os.path.join(out, "{brochure}-{lang}.pdf")], env=env, timeout=600)
        pdfs = [os.path.join(out, "small-%s.pdf" % l) for l in langs]
        missing = [p for p in pdfs if not os.path.isfile(p) or not read(p).startswith(b"%PDF-")]
        sanitizer = "Sanitizer" in r.stderr or "runtime error" in r.stderr
        rep.check("e2e/many-langs/build", r.returncode == 0 and not sanitizer and not missing,
                  "exit %d, %d of %d PDFs missing, stderr: %s"
                  % (r.returncode, len(missing), len(pdfs), lib.short(r.stderr, 250)))

        warned = sorted(set(re.findall(r"no hyphenation dictionary for '([^']+)'", r.stderr)))
        rep.check("e2e/many-langs/dict-warn", warned == NO_DICT,
                  "warned for %s, expected %s" % (warned, NO_DICT))

        last = "es-" + REGIONS[-1]
        alone = os.path.join(tmp, "alone.pdf")
        r2 = lib.build(src, last, alone, env=env)
        batch = os.path.join(out, "small-%s.pdf" % last)
        same = (r2.returncode == 0 and os.path.isfile(alone) and os.path.isfile(batch)
                and read(alone) == read(batch))
        rep.check("e2e/many-langs/same-alone", same,
                  "alone: exit %d %s; the batch's %s differs" % (r2.returncode, lib.short(r2.stderr, 150), last))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
