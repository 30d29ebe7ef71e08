#!/usr/bin/env python3
"""The typesetting rules inside a paragraph, read back from a built PDF
(docs/content-format.md, "Typesetting rules the engine applies"). A copy
of content/sleep (justified, hyphenated) gets a cover title with soft
hyphens, a heading of long words and a paragraph with a web address, an
e-mail address and a phone number, at the top of its body story.

  e2e/typeset/soft-hyphen   the title, too wide for the cover, breaks at its
                            soft hyphens, each drawn as a hyphen; the words
                            read back whole when the hyphens are dropped
  e2e/typeset/heading       no line of the heading ends with a hyphen
  e2e/typeset/addresses     no line ends with a hyphen inside the web or
                            e-mail address; a line inside one ends after '/'
                            or the next starts with . @ ? & -
  e2e/typeset/phone         "(847)" never ends a line: the number stays whole
  e2e/typeset/warning       a justified paragraph that had to be set ragged
                            is named on stderr with its file:line:col
"""
import os
import re
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/typeset/"
NAMES = [PRE + n for n in ("soft-hyphen", "heading", "addresses", "phone", "warning")]

SHY = "\u00ad"
TITLE = "Super" + SHY + "cali" + SHY + "fragilistic" + SHY + "expiali" + SHY + "docious"
HEADING = "Extraordinarily Uncharacteristic Incomprehensibilities"
PARA = ("Write to contacto@pena-muller.example.org or look at "
        "www.example-therapists.org/find-a-therapist/near-you?zip=60601&lang=en "
        "before Friday, or call (847) 256-7334 in the morning.")


def lines_text(pages):
    """Every line as a list of word texts, page by page, in order."""
    return [[w.text for w in line] for page in pages for line in page]


def main():
    rep = lib.Report()
    if not lib.preflight(rep, NAMES, need_attachment=False):
        return lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        bdir = lib.temp_project(tmp, "sleep")
        path = os.path.join(bdir, "en.yaml")
        data = lib.load_yaml(path)
        data["stories"]["cover"]["title"] = {"title": TITLE}
        body = data["stories"]["body"]
        body.pop("need1", None)                 # room for the new blocks
        new = {"ts-head": {"heading": HEADING}, "ts-para": PARA}
        data["stories"]["body"] = {**new, **body}
        lib.dump_yaml(data, path)
        pdf = os.path.join(tmp, "x.pdf")
        r = lib.build(bdir, "en", pdf)
        if r.returncode != 0:
            for n in NAMES:
                rep.fail(n, "build failed: exit %s %s" % (r.returncode, lib.short(r.stderr)))
            return lib.exit_with(rep)
        lines = lines_text(lib.pdftotext_words(pdf))

        # soft hyphens: lines of the title end in "-", and joined they spell it
        plain = TITLE.replace(SHY, "")
        title_lines = [ln for ln in lines if len(ln) == 1 and ln[0].rstrip("-").replace(SHY, "") and
                       plain.startswith("") and ln[0].rstrip("-").replace(SHY, "") in plain]
        joined = "".join(ln[0][:-1] if ln[0].endswith("-") else ln[0] for ln in title_lines).replace(SHY, "")
        rep.check(PRE + "soft-hyphen", len(title_lines) >= 2 and joined == plain and
                  all(ln[0].endswith("-") for ln in title_lines[:-1]),
                  "title lines %s" % title_lines)

        heading_words = set(HEADING.split())
        bad = [ln for ln in lines if ln and ln[-1].rstrip("-") and
               any(ln[-1].rstrip("-") and h.startswith(ln[-1].rstrip("-")) for h in heading_words) and
               ln[-1].endswith("-")]
        rep.check(PRE + "heading", not bad, "heading lines ending with a hyphen: %s" % bad)

        addr = re.compile(r"example|@|/|\?zip|&lang")
        problems = []
        for i, ln in enumerate(lines):
            if not ln:
                continue
            last = ln[-1]
            if addr.search(last) and last.endswith("-"):
                problems.append("line ends '%s'" % last)
            if i + 1 < len(lines) and lines[i + 1] and addr.search(last) and not last.endswith((".", ",")):
                nxt = lines[i + 1][0]
                # a line inside an address: ends after '/' or the next starts with a mark
                inside = addr.search(nxt) and not re.match(r"^[a-z]", nxt) or nxt[:1] in ".@?&-"
                if inside and not (last.endswith("/") or nxt[:1] in ".@?&-"):
                    problems.append("'%s' | '%s'" % (last, nxt))
        text = " ".join(" ".join(ln) for ln in lines)
        rep.check(PRE + "addresses", not problems and "example-therapists" in text.replace(" ", "") or
                  (not problems and "therapists" in text), "; ".join(problems[:4]))

        rep.check(PRE + "phone", all(not (ln and ln[-1] == "(847)") for ln in lines) and "(847) 256-7334" in text,
                  "phone split")

        m = re.search(r"en\.yaml:\d+:\d+: warning: justified paragraph '[^']+' set ragged right", r.stderr)
        rep.check(PRE + "warning", m is not None, "stderr: %s" % lib.short(r.stderr))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lib.exit_with(rep)


if __name__ == "__main__":
    sys.exit(main())
