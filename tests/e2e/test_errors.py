#!/usr/bin/env python3
"""Exit codes and atomic output of `trifold build`.

  e2e/errors/control            a temp copy of content/attachment, its
                                en.yaml round-tripped through PyYAML, builds
                                (exit 0): the copies below are sound
  e2e/errors/success-no-temp    ...into an empty dir, leaving only the PDF
  e2e/errors/overflow-exit      the copy with a body paragraph repeated 20x
                                exits 1
  e2e/errors/overflow-message   ...and stderr says "does not fit" or
                                "overflow" and names a panel
  e2e/errors/overflow-no-output ...and leaves nothing in the output dir
                                (no PDF, no temp file)
  e2e/errors/overflow-keeps-old a PDF already at -o keeps its bytes, and no
                                other file appears
  e2e/errors/overflow-size      a copy with fit removed and a 40pt body
                                exits 1 with "does not fit"/"overflow" and
                                a panel name, writing nothing
  e2e/errors/usage-no-args      `trifold build` exits 2 with a message
  e2e/errors/usage-bad-option   an unknown option exits 2 with a message
  e2e/errors/usage-bad-command  an unknown command exits 2 with a message
  e2e/errors/missing-content    a missing content folder exits 1 with a
                                message naming it, and writes nothing
  e2e/errors/unwritable-output  -o in a directory that cannot be written
                                (its parent is a regular file) exits 3 with
                                a message
"""

import os
import re
import shutil
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

NAMES = ["control", "success-no-temp", "overflow-exit", "overflow-message", "overflow-no-output",
         "overflow-keeps-old", "overflow-size",
         "usage-no-args", "usage-bad-option",
         "usage-bad-command", "missing-content", "unwritable-output"]
PRE = "e2e/errors/"


def flow_story(plan):
    for pname in lib.PANEL_NAMES:
        for slot in ((plan or {}).get(pname) or {}).get("content") or []:
            if isinstance(slot, dict) and "flow" in slot:
                return slot["flow"]
    return None


def repeat_paragraph(text_yaml, story, times):
    """Insert `times` copies of the story's first paragraph after it."""
    blocks = text_yaml["stories"][story]
    new = {}
    done = False
    for bid, blk in blocks.items():
        new[bid] = blk
        is_par = isinstance(blk, str) or (isinstance(blk, dict) and "paragraph" in blk)
        if is_par and not done:
            for i in range(times):
                new["%s_rep%d" % (bid, i + 1)] = blk
            done = True
    if not done:
        raise ValueError("no paragraph in story %s" % story)
    text_yaml["stories"][story] = new


def listing(d):
    return sorted(os.listdir(d))


def main():
    rep = lib.Report()
    if not lib.preflight(rep, [PRE + n for n in NAMES]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        try:
            run_checks(rep, tmp)
        except Exception as e:  # noqa: BLE001 - a crash is a FAIL, not silence
            rep.fail(PRE + "crash", "%s: %s" % (type(e).__name__, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


def run_checks(rep, tmp):
    # control: a faithful temp copy builds
    ctl_root = os.path.join(tmp, "ctl")
    os.makedirs(ctl_root)
    ctl = lib.temp_project(ctl_root, "attachment")
    en = lib.load_yaml(os.path.join(ctl, "en.yaml"))
    lib.dump_yaml(en, os.path.join(ctl, "en.yaml"))
    outdir0 = os.path.join(tmp, "out0")
    os.makedirs(outdir0)
    out = os.path.join(outdir0, "control.pdf")
    r = lib.build(ctl, "en", out)
    rep.check(PRE + "control", r.returncode == 0 and os.path.isfile(out),
              "exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))
    rep.check(PRE + "success-no-temp", listing(outdir0) == ["control.pdf"],
              "output dir after a good build: %s" % listing(outdir0))

    # overflow: a body paragraph 20 times
    ov_root = os.path.join(tmp, "ov")
    os.makedirs(ov_root)
    ov = lib.temp_project(ov_root, "attachment")
    plan = (lib.load_yaml(os.path.join(ov, "brochure.yaml")) or {}).get("plan")
    en = lib.load_yaml(os.path.join(ov, "en.yaml"))
    repeat_paragraph(en, flow_story(plan) or "body", 20)
    lib.dump_yaml(en, os.path.join(ov, "en.yaml"))

    outdir = os.path.join(tmp, "out1")
    os.makedirs(outdir)
    r = lib.build(ov, "en", os.path.join(outdir, "x.pdf"))
    rep.check(PRE + "overflow-exit", r.returncode == 1,
              "exit %d (want 1): %s" % (r.returncode, lib.short(r.stderr, 200)))
    err = r.stderr
    fits = re.search(r"does not fit|overflow", err, re.I)
    panel = any(p in err for p in lib.PANEL_NAMES)
    rep.check(PRE + "overflow-message", fits and panel,
              "stderr %r lacks %s" % (lib.short(err, 200),
                                      " and ".join(x for x, ok in
                                                   (("'does not fit'/'overflow'", fits),
                                                    ("a panel name", panel)) if not ok)))
    rep.check(PRE + "overflow-no-output", listing(outdir) == [],
              "left %s" % listing(outdir))

    outdir2 = os.path.join(tmp, "out2")
    os.makedirs(outdir2)
    old = os.path.join(outdir2, "x.pdf")
    sentinel = b"%PDF-1.4\n% an older edition, must survive a failed build\n"
    with open(old, "wb") as f:
        f.write(sentinel)
    r = lib.build(ov, "en", old)
    with open(old, "rb") as f:
        same = f.read() == sentinel
    rep.check(PRE + "overflow-keeps-old",
              r.returncode != 0 and same and listing(outdir2) == ["x.pdf"],
              "exit %d, old file %s, dir %s" % (r.returncode,
                                                "kept" if same else "CHANGED",
                                                listing(outdir2)))

    # overflow by size: no fit range, a huge body size
    sz_root = os.path.join(tmp, "sz")
    os.makedirs(sz_root)
    sz = lib.temp_project(sz_root, "attachment")
    b = lib.load_yaml(os.path.join(sz, "brochure.yaml"))
    text = b.setdefault("theme", {}).setdefault("text", {})
    text.pop("fit", None)
    text["size"] = "40pt"
    lib.dump_yaml(b, os.path.join(sz, "brochure.yaml"))
    outdir4 = os.path.join(tmp, "out4")
    os.makedirs(outdir4)
    r = lib.build(sz, "en", os.path.join(outdir4, "x.pdf"))
    err = r.stderr
    ok = (r.returncode == 1 and re.search(r"does not fit|overflow", err, re.I)
          and any(p in err for p in lib.PANEL_NAMES) and listing(outdir4) == [])
    rep.check(PRE + "overflow-size", ok, "exit %d (want 1), dir %s, stderr %r"
              % (r.returncode, listing(outdir4), lib.short(err, 160)))

    # usage errors
    for name, args in (("usage-no-args", ["build"]),
                       ("usage-bad-option", ["build", os.path.join(lib.CONTENT, "attachment"),
                                             "--lang", "en", "--no-such-option",
                                             "-o", os.path.join(tmp, "u.pdf")]),
                       ("usage-bad-command", ["no-such-command"])):
        r = lib.run([lib.TRIFOLD] + args)
        rep.check(PRE + name, r.returncode == 2 and r.stderr.strip(),
                  "`trifold %s`: exit %d (want 2), stderr %r"
                  % (" ".join(args[:2]), r.returncode, lib.short(r.stderr, 120)))

    # missing content folder
    outdir3 = os.path.join(tmp, "out3")
    os.makedirs(outdir3)
    missing = os.path.join(tmp, "no-such-brochure")
    r = lib.build(missing, "en", os.path.join(outdir3, "x.pdf"))
    rep.check(PRE + "missing-content",
              r.returncode == 1 and "no-such-brochure" in r.stderr and listing(outdir3) == [],
              "exit %d (want 1), stderr %r, dir %s"
              % (r.returncode, lib.short(r.stderr, 120), listing(outdir3)))

    # unwritable output directory (a regular file as parent: fails even as root)
    blocker = os.path.join(tmp, "not-a-dir")
    with open(blocker, "w") as f:
        f.write("x")
    r = lib.build(os.path.join(lib.CONTENT, "attachment"), "en",
                  os.path.join(blocker, "x.pdf"))
    rep.check(PRE + "unwritable-output", r.returncode == 3 and r.stderr.strip(),
              "exit %d (want 3), stderr %r" % (r.returncode, lib.short(r.stderr, 120)))


if __name__ == "__main__":
    main()
