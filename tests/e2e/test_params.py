#!/usr/bin/env python3
"""Typesetting parameters (src/params.def) set from the theme.

  e2e/params/doc-table      docs/content-format.md holds the table that
                            tools/params-doc.sh makes from params.def (every
                            parameter, its default, unit and range)
  e2e/params/defaults-same  a copy of content/sleep whose theme writes every
                            parameter at its default builds byte-identical
                            to the copy without `typesetting:`
  e2e/params/changed        list_indent, sidebar_padding and heading_pitch
                            changed: the build succeeds and words move
  e2e/params/unknown        an unknown name exits 1 with "unknown key" and
                            the closest name
"""
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/params/"
NAMES = [PRE + n for n in ("doc-table", "defaults-same", "changed", "unknown")]
PARAM = re.compile(r'^TF_PARAM\((\w+),\s*([^,]+),\s*"([^"]+)",')


def params():
    out = []
    with open(os.path.join(lib.ROOT, "src", "params.def"), encoding="utf-8") as f:
        for line in f:
            m = PARAM.match(line)
            if m:
                out.append((m.group(1), m.group(2).strip(), m.group(3)))
    return out


def doc_table(rep):
    with open(os.path.join(lib.ROOT, "docs", "content-format.md"), encoding="utf-8") as f:
        doc = f.read()
    m = re.search(r"<!-- params table: begin[^\n]*-->\n(.*?)<!-- params table: end -->", doc, re.S)
    want = lib.run(["sh", "tools/params-doc.sh"]).stdout
    ps = params()
    missing = [n for n, _, _ in ps if not m or ("| `%s` |" % n) not in m.group(1)]
    rep.check(PRE + "doc-table", m is not None and len(ps) > 30 and not missing and m.group(1) == want,
              "doc table out of date (run sh tools/params-doc.sh); missing: %s" % missing[:5])


def with_typesetting(bdir, values):
    path = os.path.join(bdir, "brochure.yaml")
    data = lib.load_yaml(path)
    data["theme"]["typesetting"] = values
    lib.dump_yaml(data, path)


def words(pdf):
    return [(w.text, round(w.x0, 1), round(w.y0, 1))
            for page in lib.pdftotext_words(pdf) for line in page for w in line]


def main():
    rep = lib.Report()
    doc_table(rep)
    if not lib.preflight(rep, NAMES[1:], need_attachment=False):
        return lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        bdir = lib.temp_project(tmp, "sleep")
        base = os.path.join(tmp, "base.pdf")
        r0 = lib.build(bdir, "en", base)
        with open(os.path.join(bdir, "brochure.yaml"), encoding="utf-8") as f:
            original = f.read()

        defaults = {}
        for name, default, unit in params():
            defaults[name] = default + unit if unit in ("in", "pt") else float(default)
        with_typesetting(bdir, defaults)
        same = os.path.join(tmp, "same.pdf")
        r1 = lib.build(bdir, "en", same)
        ok = r0.returncode == 0 and r1.returncode == 0
        rep.check(PRE + "defaults-same", ok and open(base, "rb").read() == open(same, "rb").read(),
                  "exit %s/%s %s" % (r0.returncode, r1.returncode, lib.short(r1.stderr)))

        with open(os.path.join(bdir, "brochure.yaml"), "w", encoding="utf-8") as f:
            f.write(original)
        with_typesetting(bdir, {"list_indent": 2.5, "sidebar_padding": 1.5, "heading_pitch": 1.6})
        moved = os.path.join(tmp, "moved.pdf")
        r2 = lib.build(bdir, "en", moved)
        ok = r0.returncode == 0 and r2.returncode == 0
        rep.check(PRE + "changed", ok and words(base) != words(moved),
                  "exit %s %s" % (r2.returncode, lib.short(r2.stderr)))

        with_typesetting(bdir, {"list_indnet": 1.2})
        r3 = lib.run([lib.TRIFOLD, "check", bdir])
        rep.check(PRE + "unknown", r3.returncode == 1 and "unknown key 'list_indnet'" in r3.stderr
                  and "did you mean 'list_indent'" in r3.stderr,
                  "exit %s %s" % (r3.returncode, lib.short(r3.stderr)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lib.exit_with(rep)


if __name__ == "__main__":
    sys.exit(main())
