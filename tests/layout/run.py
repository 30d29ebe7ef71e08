#!/usr/bin/env python3
"""The layout corpus (issue 10): generate brochure variants (gen.py), lay
each out with the real binary (`trifold check DIR --json`) and classify it:

  built        laid out; every rule holds (the layout report's "rules" is empty)
  violations   laid out with rule violations (counted by rule)
  clear        failed with an error naming a panel, at a file:line:col (or a
               clinic file for referrals that do not fit)
  unclear      failed without such an error (a usage or I/O error, a message
               that names no panel, a generator bug)
  crash        killed by a signal, a timeout, an exit code trifold never uses

A sample of the built variants is built to PDF and read back with
`pdftotext -bbox-layout`: the first word of every placed box must be on its
panel (the report's x-range and page) near the report's top.

    python3 tests/layout/run.py --quick          # make test: a slice, PASS/FAIL lines
    python3 tests/layout/run.py -j2              # make layout-corpus: all, counts and spreads

tests/layout/known.txt lists the rules violated on main today (with the
counts the full corpus measured); the run fails on a rule not listed there,
on a crash and on an unclear failure.
"""
import argparse
import collections
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, HERE)
import gen  # noqa: E402

TRIFOLD = os.path.abspath(os.environ.get("TRIFOLD", os.path.join(ROOT, "build", "trifold")))
ERR = re.compile(r"^(?P<file>[^\s:]+)(?P<pos>:\d+:\d+)?: error: (?P<msg>.*)$")


def known_rules(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            parts = line.split()
            out[parts[0]] = int(parts[1]) if len(parts) > 1 else 0
    return out


def run_variant(d, info, timeout):
    cmd = [TRIFOLD, "check", d, "--json"] + info["args"]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"class": "crash", "why": "timeout", "cmd": cmd}
    res = {"cmd": cmd, "rc": p.returncode, "ms": 1000 * (time.monotonic() - t0)}
    err = p.stderr.decode("utf-8", "replace")
    res["stderr"] = err
    if p.returncode < 0 or p.returncode > 3:
        res.update({"class": "crash", "why": "exit %d" % p.returncode})
        return res
    layout = None
    try:
        doc = json.loads(p.stdout.decode("utf-8"))
        eds = [e for e in doc.get("editions", []) if "layout" in e]
        if eds:
            layout = eds[0]["layout"]
    except (ValueError, UnicodeDecodeError):
        pass
    if layout is not None:
        res["layout"] = layout
        rules = [r["rule"] for r in layout["rules"]]
        res["rules"] = rules
        res["class"] = "violations" if rules else "built"
        return res
    errors = [m for m in (ERR.match(l) for l in err.splitlines()) if m]
    clear = [m for m in errors if "panel '" in m.group("msg")]
    if p.returncode == 1 and clear:
        res["class"] = "clear"
        res["located"] = any(m.group("pos") for m in clear)
        res["why"] = clear[0].group(0)
        f = os.path.basename(clear[0].group("file"))
        # where the error points: a block (the language file), the panel's
        # plan (brochure.yaml), a clinic file
        res["at"] = ("plan" if f == "brochure.yaml" else "clinic" if f == "clinic.yaml" or "/clinics/" in
                     clear[0].group("file") else "block") + ("" if clear[0].group("pos") else " (no line)")
    else:
        res["class"] = "unclear"
        res["why"] = (errors[0].group(0) if errors else err.strip().splitlines()[:1] or ["exit %d" % p.returncode])
        if isinstance(res["why"], list):
            res["why"] = res["why"][0] if res["why"] else "exit %d" % p.returncode
    return res


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def bare(w):
    return re.sub(r"[^\w]", "", w, flags=re.UNICODE).lower()


def readback(d, info, res, tmp):
    """Build the variant to PDF and find each box's first word on its panel."""
    pdf = os.path.join(tmp, os.path.basename(d) + ".pdf")
    cmd = [TRIFOLD, "build", d, "-o", pdf] + info["args"]
    p = subprocess.run(cmd, capture_output=True, timeout=60)
    if p.returncode != 0:
        return 0, ["build failed (rc %d) where check laid out: %s" % (p.returncode, p.stderr.decode()[:200])]
    q = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, timeout=60)
    pages = q.stdout.decode("utf-8", "replace").split("<page ")[1:]
    words = []
    for pg in pages:
        words.append([(float(a), float(b), float(c), float(e), html.unescape(t)) for a, b, c, e, t in WORD.findall(pg)])
    checked, bad = 0, []
    for P in res["layout"]["panels"]:
        if not P["present"]:
            continue
        ws = words[P["page"] - 1] if P["page"] - 1 < len(words) else []
        for b in P["boxes"]:
            if b["kind"] in ("image",) or not b["words"] or not b["lines"]:
                continue
            first = b["words"].split()[0] if b["words"].split() else ""
            key = bare(first)
            if len(key) < 3 or not re.match(r"^[a-z]+$", key):
                continue                      # Latin words only: CJK and RTL split differently
            checked += 1
            top, bottom = b["lines"][0]["top"], b["lines"][0]["bottom"]
            hit = [w for w in ws if bare(w[4]).startswith(key) and P["x0"] - 2 <= (w[0] + w[2]) / 2 <= P["x1"] + 2
                   and w[1] >= top - 6 and w[3] <= bottom + 6]
            if not hit:
                near = [w for w in ws if bare(w[4]).startswith(key)]
                bad.append("%s: panel %s: %s \"%s\" not found at x %.0f-%.0f y %.0f-%.0f%s" % (
                    os.path.basename(d), P["panel"], b["kind"], first, P["x0"], P["x1"], top, bottom,
                    " (found at %.0f,%.0f)" % (near[0][0], near[0][1]) if near else ""))
    os.unlink(pdf)
    return checked, bad


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="the make test slice (40 variants, one core)")
    ap.add_argument("--count", type=int)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--sample", type=int, help="read back every Nth built variant's PDF")
    ap.add_argument("--keep", help="generate into this folder and keep it")
    ap.add_argument("--known", default=os.path.join(HERE, "known.txt"))
    ap.add_argument("--list", action="store_true", help="print each variant's class")
    a = ap.parse_args()
    count = a.count or (40 if a.quick else 500)
    sample = a.sample or (3 if a.quick else 10)
    tmp = a.keep or tempfile.mkdtemp(prefix="trifold-layout.")
    os.makedirs(tmp, exist_ok=True)
    t0 = time.monotonic()
    try:
        variants = []
        for i in range(count):
            d, info = gen.variant(a.seed, i, tmp)
            variants.append((d, info))
        t_gen = time.monotonic() - t0
        with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
            results = list(ex.map(lambda v: run_variant(v[0], v[1], 60), variants))
        t_run = time.monotonic() - t0 - t_gen
        # read back a sample
        built = [(v, r) for v, r in zip(variants, results) if "layout" in r]
        picks = built[::sample]
        with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
            rb = list(ex.map(lambda vr: readback(vr[0][0], vr[0][1], vr[1], tmp), picks))
        t_rb = time.monotonic() - t0 - t_gen - t_run
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    classes = collections.Counter(r["class"] for r in results)
    by_rule = collections.Counter()
    variants_by_rule = collections.Counter()
    for r in results:
        for rule, n in collections.Counter(r.get("rules", [])).items():
            by_rule[rule] += n
            variants_by_rule[rule] += 1
    known = known_rules(a.known)
    new_rules = sorted(set(by_rule) - set(known))
    bodies = [r["layout"]["body_size"] for r in results if "layout" in r]
    fills = [P["fill"] for r in results if "layout" in r for P in r["layout"]["panels"]
             if P["present"] and P["flow"] and P["fill"] is not None]
    located = sum(1 for r in results if r["class"] == "clear" and r.get("located"))

    # the summary: on stdout for make layout-corpus; for the quick slice on
    # stderr, and only when it fails
    out = io.StringIO() if a.quick else sys.stdout
    if a.list:
        for (d, info), r in zip(variants, results):
            print("%s %-10s %s %s" % (os.path.basename(d), r["class"], " ".join(info["args"][:4]),
                                      r.get("why", ",".join(sorted(set(r.get("rules", [])))))))
    print("layout corpus: %d variants (seed %d), generated in %.1f s, laid out in %.1f s, %d read back in %.1f s"
          % (count, a.seed, t_gen, t_run, len(picks), t_rb), file=out)
    print("  built, every rule holds: %d" % classes["built"], file=out)
    print("  built with rule violations: %d" % classes["violations"], file=out)
    print("  failed with a clear error naming the panel: %d (%d at a file:line:col)" % (classes["clear"], located),
          file=out)
    at = collections.Counter(r["at"] for r in results if r["class"] == "clear")
    if at:
        print("    the error points at: " + ", ".join("%s %d" % (k, at[k]) for k in sorted(at)), file=out)
    kinds = collections.Counter(re.sub(r"'[^']*'", "'X'", re.sub(r"\d+(\.\d+)?", "N", re.sub(
        r".*?error: (panel '[^']+': )?", "", r["why"]))).split(" (")[0].split(": ")[0][:60]
        for r in results if r["class"] == "clear")
    for k, n in kinds.most_common(6):
        print("    %4d  %s" % (n, k), file=out)
    print("  unclear failures: %d" % classes["unclear"], file=out)
    print("  crashes: %d" % classes["crash"], file=out)
    for rule in sorted(by_rule):
        print("  rule %-24s %4d violations in %3d variants%s" % (
            rule, by_rule[rule], variants_by_rule[rule], "" if rule in known else "  NEW"), file=out)
    if bodies:
        print("  body size: min %.2f, 10%% %.2f, median %.2f, 90%% %.2f, max %.2f pt" % (
            min(bodies), pct(bodies, .1), pct(bodies, .5), pct(bodies, .9), max(bodies)), file=out)
        hist = collections.Counter("%.1f" % (int(b * 2) / 2) for b in bodies)
        print("    " + ", ".join("%s pt: %d" % (k, hist[k]) for k in sorted(hist, key=float)), file=out)
    if fills:
        print("  flow panel fill: min %.0f%%, 10%% %.0f%%, median %.0f%%, 90%% %.0f%%, max %.0f%%" % tuple(
            100 * x for x in (min(fills), pct(fills, .1), pct(fills, .5), pct(fills, .9), max(fills))), file=out)
        edges = [(0, .25), (.25, .5), (.5, .75), (.75, .9), (.9, 9)]
        print("    " + ", ".join("%s: %d" % ("<25%" if lo == 0 else ">=90%" if hi > 1 else "%d-%d%%" % (lo * 100, hi * 100),
                                            sum(1 for f in fills if lo <= f < hi)) for lo, hi in edges), file=out)
    checked = sum(c for c, _ in rb)
    bad = [m for _, b in rb for m in b]
    for r in results:
        if r["class"] in ("crash", "unclear"):
            print("  %s: %s: %s" % (r["class"], " ".join(r.get("cmd", [])[2:3]), r.get("why")), file=out)
    for m in bad[:10]:
        print("  readback: " + m, file=out)

    # result lines (tests/run.sh counts them)
    def result(ok, name, why=""):
        print(("PASS " if ok else "FAIL ") + name + ("" if ok or not why else ": " + why))
        return ok
    ok = True
    ok &= result(classes["crash"] == 0, "layout/no-crash", "%d crashed" % classes["crash"])
    ok &= result(classes["unclear"] == 0, "layout/clear-failures", "%d failed without an error naming a panel"
                 % classes["unclear"])
    ok &= result(not new_rules, "layout/known-rules", "rules violated that tests/layout/known.txt does not list: "
                 + ", ".join(new_rules))
    ok &= result(classes["built"] + classes["violations"] > 0, "layout/some-built", "no variant laid out")
    ok &= result(checked > 0 and not bad, "layout/readback",
                 "%d of %d boxes not found on their panel in the PDF" % (len(bad), checked))
    # every laid-out variant reports every panel, in reading order, each box inside its panel
    geom = []
    for (d, info), r in zip(variants, results):
        if "layout" not in r:
            continue
        L = r["layout"]
        if len(L["panels"]) != 6:
            geom.append("%s: %d panels" % (os.path.basename(d), len(L["panels"])))
        for P in L["panels"]:
            for b in P["boxes"]:
                if b["top"] > b["bottom"] + 0.01 or b["top"] < P["top"] - 20 or b["bottom"] > P["bottom"] + 20:
                    geom.append("%s: panel %s: %s \"%s\" at %.1f-%.1f outside %.1f-%.1f" % (
                        os.path.basename(d), P["panel"], b["kind"], b["words"], b["top"], b["bottom"], P["top"],
                        P["bottom"]))
    ok &= result(not geom, "layout/report-geometry", "; ".join(geom[:3]))
    # every line of every text once: trial layouts (fit search, units moved
    # to the next panel) leave nothing in the report
    dup = []
    for (d, info), r in zip(variants, results):
        if "layout" not in r:
            continue
        seen = collections.defaultdict(list)
        for P in r["layout"]["panels"]:
            for b in P["boxes"]:
                for ln in b["lines"]:
                    seen[(ln["where"], ln["field"])].append((ln["index"], ln["of"]))
        for key, ls in seen.items():
            if sorted(i for i, _ in ls) != list(range(ls[0][1])):
                dup.append("%s: %s: lines %s of %d" % (os.path.basename(d), key[0], sorted(i for i, _ in ls)[:8],
                                                        ls[0][1]))
    ok &= result(not dup, "layout/report-lines", "; ".join(dup[:3]))
    if not a.quick:
        print("elapsed %.1f s" % (time.monotonic() - t0))
    elif not ok:
        sys.stderr.write(out.getvalue())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
