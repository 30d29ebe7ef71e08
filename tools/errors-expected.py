#!/usr/bin/env python3
"""Regenerate tests/errors/*/expected from the current binary, deliberately.

    python3 tools/errors-expected.py           # show the cases whose messages changed
    python3 tools/errors-expected.py --write   # and rewrite their expected files

Messages are compared without the source-line excerpts (the lines " N | ..."
and "   | ^" that diag.c prints under each message), so a change in an
excerpt alone (a file edited above the error) is told apart from a changed
message. Environment: TRIFOLD (default build/trifold). Run from the repo root.
"""
import os
import re
import subprocess
import sys

TRIFOLD = os.environ.get("TRIFOLD", "build/trifold")
EXCERPT = re.compile(r"^ +\d* \| ")


def messages(text):
    return "".join(l for l in text.splitlines(True) if not EXCERPT.match(l)).rstrip("\n")


def main():
    write = "--write" in sys.argv[1:]
    for name in sorted(os.listdir("tests/errors")):
        d = os.path.join("tests/errors", name)
        if not os.path.isfile(os.path.join(d, "expected")):
            continue
        args = "check " + d
        if os.path.isfile(os.path.join(d, "args")):
            args = open(os.path.join(d, "args")).read().replace("@DIR@", d).strip()
        r = subprocess.run('"%s" %s 2>&1 >/dev/null' % (TRIFOLD, args), shell=True, capture_output=True,
                           text=True, errors="replace")
        got, old = r.stdout, open(os.path.join(d, "expected")).read()
        if got.rstrip("\n") == old.rstrip("\n"):
            continue
        print("== %s%s" % (name, "" if messages(got) != messages(old) else " (excerpt only)"))
        if messages(got) != messages(old):
            print("--- was\n%s\n--- now\n%s" % (messages(old), messages(got)))
        if write:
            with open(os.path.join(d, "expected"), "w") as f:
                f.write(got if got.endswith("\n") or not got else got + "\n")


if __name__ == "__main__":
    main()
