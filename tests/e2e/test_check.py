#!/usr/bin/env python3
"""`trifold check content/attachment`:

  e2e/check/exit    exits 0
  e2e/check/panels  its fill report (stdout) names every panel of a roll
                    fold: cover, flap, inside-left, inside-middle,
                    inside-right, back (a Z-fold's: test_folds.py)
"""

import os
import re
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402


def main():
    rep = lib.Report()
    pre = "e2e/check/"
    if not lib.preflight(rep, [pre + n for n in ("exit", "panels")]):
        lib.exit_with(rep)
    r = lib.run([lib.TRIFOLD, "check", os.path.join(lib.CONTENT, "attachment")])
    rep.check(pre + "exit", r.returncode == 0,
              "exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))
    # a panel name as a word of its own ("inside-left", not "left")
    missing = [p for p in lib.FOLD_READING_ORDER["roll"]
               if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(p), r.stdout)]
    rep.check(pre + "panels", not missing,
              "stdout lacks %s: %r" % (", ".join(missing), lib.short(r.stdout, 200)))
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
