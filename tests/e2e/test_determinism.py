#!/usr/bin/env python3
"""Determinism of `trifold build` (content/attachment, en, office):

  e2e/determinism/identical     two builds (SOURCE_DATE_EPOCH unset, at
                                different wall-clock seconds) are
                                byte-identical
  e2e/determinism/press-identical  the same for --press
  e2e/determinism/epoch-0       SOURCE_DATE_EPOCH=0: CreationDate is
                                1970-01-01T00:00:00Z (pdfinfo -isodates)
  e2e/determinism/epoch-86400   SOURCE_DATE_EPOCH=86400: 1970-01-02T00:00:00Z
"""

import datetime
import os
import shutil
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

NAMES = ["identical", "press-identical", "epoch-0", "epoch-86400"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def build(tmp, name, press=False, epoch=None):
    out = os.path.join(tmp, name + ".pdf")
    env = {"SOURCE_DATE_EPOCH": None if epoch is None else str(epoch)}
    r = lib.build(os.path.join(lib.CONTENT, "attachment"), "en", out,
                  press=press, env=env)
    if r.returncode != 0 or not os.path.isfile(out):
        return None, "build exit %d: %s" % (r.returncode, lib.short(r.stderr, 200))
    return out, ""


def next_second():
    """Sleep into the next wall-clock second, so a build that stamps the
    current time would differ."""
    time.sleep(1.02 - (time.time() % 1.0))


def parse_iso(s):
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


def main():
    rep = lib.Report()
    pre = "e2e/determinism/"
    if not lib.preflight(rep, [pre + n for n in NAMES]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        for label, press in (("identical", False), ("press-identical", True)):
            a, why_a = build(tmp, label + "-a", press)
            next_second()
            b, why_b = build(tmp, label + "-b", press)
            if not a or not b:
                rep.fail(pre + label, why_a or why_b)
                continue
            da, db = read(a), read(b)
            diff = next((i for i, (x, y) in enumerate(zip(da, db)) if x != y),
                        None if len(da) == len(db) else min(len(da), len(db)))
            rep.check(pre + label, da == db,
                      "sizes %d/%d, first difference at byte %s: %r vs %r"
                      % (len(da), len(db), diff,
                         da[diff:diff + 40] if diff is not None else b"",
                         db[diff:diff + 40] if diff is not None else b""))
        for epoch in (0, 86400):
            name = pre + "epoch-%d" % epoch
            out, why = build(tmp, "epoch-%d" % epoch, epoch=epoch)
            if not out:
                rep.fail(name, why)
                continue
            try:
                info, _ = lib.pdfinfo(out, isodates=True)
            except RuntimeError as e:
                rep.fail(name, e)
                continue
            got = info.get("CreationDate")
            want = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
            d = parse_iso(got)
            rep.check(name, d is not None and d.tzinfo is not None and d == want,
                      "CreationDate %r, want %s" % (got, want.isoformat()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
