#!/usr/bin/env python3
"""tools/deps.sh installs a hyphenation dictionary for every language a
shipped brochure lists (issue 13): for each language of every
content/*/brochure.yaml that hyphenates (not one of the scripts that break
lines without hyphens, as lang.c lists them), deps.sh names Debian's
hyphen-<ll> package (hyphen-en-us for English), and the dictionary it
installs is found in /usr/share/hyphen. Prints one PASS/FAIL line per check.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

UNHYPHENATED = {"zh", "ja", "ko", "th", "lo", "km", "my", "vi", "ar", "he", "iw", "fa", "ur"}
PACKAGE = {"en": "hyphen-en-us"}          # the rest: hyphen-<ll>


def main():
    rep = lib.Report()
    with open(os.path.join(lib.ROOT, "tools", "deps.sh")) as f:
        deps = set(re.findall(r"[a-z0-9][a-z0-9.+-]*", f.read()))
    langs = set()
    for b in glob.glob(os.path.join(lib.CONTENT, "*", "brochure.yaml")):
        y = lib.load_yaml(b) or {}
        langs.update(y.get("languages") or [])
        langs.update(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(os.path.dirname(b), "*.yaml"))
                     if not p.endswith("brochure.yaml"))
    hyph = sorted({l.split("-")[0].lower() for l in langs} - UNHYPHENATED)
    rep.check("e2e/deps/languages-found", bool(hyph), "no hyphenated language in content/")
    for ll in hyph:
        pkg = PACKAGE.get(ll, "hyphen-" + ll)
        rep.check("e2e/deps/%s-package" % ll, pkg in deps, "tools/deps.sh does not install %s" % pkg)
        found = glob.glob("/usr/share/hyphen/hyph_%s*.dic" % ll)
        rep.check("e2e/deps/%s-dictionary" % ll, bool(found), "no /usr/share/hyphen/hyph_%s*.dic" % ll)
    return lib.exit_with(rep)


if __name__ == "__main__":
    main()
