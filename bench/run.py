#!/usr/bin/env python3
"""make bench (part 1): one edition as a fresh process, and German with
hyphenation.

English: renders out/attachment-en.pdf as a fresh process BENCH_RUNS times
(default 30, at least 20) after two warm-up runs, and reports the median
wall and CPU time (user + system, from the child's rusage), the median page
faults (minor + major, rusage), the peak RSS, the instructions of one run
(`perf stat -e instructions` where the machine counts them, else callgrind)
and the PDF size.

German: a temporary copy of content/attachment with a de edition (the
English text under `lang: de`, so the German dictionary is loaded and every
word is looked up in it) and hyphenation switched on, timed the same way,
paired run by run with the English edition of the same copy.

Targets (issue 13), on the 2-core machine when it is quiet: median <= 10 ms,
page faults <= 500, peak RSS <= 10 MB, PDF <= 30 KB; German <= 2x English.
Wall time is noisy when other processes share the cores: CPU time, page
faults and instructions are the stable figures. Speed is never asserted by
tests; this is where it is checked."""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

trifold = os.environ.get("TRIFOLD", "build/trifold")
runs = max(20, int(os.environ.get("BENCH_RUNS", "30")))
out = "out/attachment-en.pdf"
root = os.getcwd()
os.makedirs("out", exist_ok=True)


def run_once(cmd):
    """Wall ms, CPU ms, page faults, max RSS KB of one fresh process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = (time.perf_counter() - t0) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(cmd), err.decode()[-2000:]))
    return dt, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_minflt + ru.ru_majflt, ru.ru_maxrss


def series(cmds, n):
    """Runs the commands in turn (paired), n times after two warm-ups."""
    res = [[] for _ in cmds]
    for i in range(n + 2):
        for k, c in enumerate(cmds):
            r = run_once(c)
            if i >= 2:
                res[k].append(r)
    return res


def med(rows, i):
    return statistics.median(r[i] for r in rows)


def instructions(cmd):
    """(count, how) for one run: perf if it counts instructions here, else callgrind."""
    try:
        p = subprocess.run(["perf", "stat", "-x,", "-e", "instructions:u"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in p.stderr.splitlines():
            f = line.split(",")
            if len(f) > 2 and "instructions" in f[2] and f[0].strip().isdigit():
                return int(f[0]), "perf stat"
    except FileNotFoundError:
        pass
    if shutil.which("valgrind"):
        with tempfile.TemporaryDirectory(prefix="trifold-cg-") as d:
            p = subprocess.run(["valgrind", "--tool=callgrind",
                                "--callgrind-out-file=" + os.path.join(d, "cg.out")] + cmd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
            if m:
                return int(m.group(1)), "callgrind"
    return None, "no counter available"


def peak_rss_mb(cmd, n=5):
    """Peak RSS of the program itself: GNU time's %M (the rusage of a child
    forked from this Python counts Python's own pages, several MB, before the
    exec), else rusage."""
    if not os.path.exists("/usr/bin/time"):
        return None
    peak = 0
    for _ in range(n):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
        if last.isdigit():
            peak = max(peak, int(last))
    return peak / 1024.0 if peak else None


def verdict(ok):
    return "ok" if ok else "MISSED"


cmd = [trifold, "build", "content/attachment", "--lang", "en", "-o", out]
(en,) = series([cmd], runs)
size = os.path.getsize(out)
peak = peak_rss_mb(cmd) or max(r[3] for r in en) / 1024.0
wall, cpu, faults = med(en, 0), med(en, 1), med(en, 2)
ins, how = instructions(cmd)
print(f"render {out} as a fresh process, {runs} runs (median):")
print(f"  wall {wall:.1f} ms (min {min(r[0] for r in en):.1f}, max {max(r[0] for r in en):.1f})"
      f"   target <= 10 ms: {verdict(wall <= 10)}")
print(f"  CPU {cpu:.1f} ms (user + system)")
print(f"  page faults {faults:.0f}   target <= 500: {verdict(faults <= 500)}")
print(f"  instructions {ins / 1e6:.1f} M ({how})" if ins else f"  instructions: {how}")
print(f"  peak RSS {peak:.1f} MB   target <= 10 MB: {verdict(peak <= 10)}")
print(f"  PDF size {size / 1024:.1f} KB ({size} bytes)   target <= 30 KB: {verdict(size <= 30 * 1024)}")

# German with hyphenation, paired with English from the same copy.
tmp = tempfile.mkdtemp(prefix="trifold-bench-de-")
try:
    b = os.path.join(tmp, "attachment")
    shutil.copytree("content/attachment", b)
    with open(os.path.join(b, "brochure.yaml")) as f:
        y = f.read()
    y = y.replace("../../fonts/", os.path.join(root, "fonts") + "/")
    y = re.sub(r"(?m)^(\s*)hyphenate:\s*false.*$", r"\1hyphenate: true", y)
    y = re.sub(r"(?m)^languages:.*$", "languages: [en, de]", y)
    with open(os.path.join(b, "brochure.yaml"), "w") as f:
        f.write(y)
    with open(os.path.join(b, "en.yaml")) as f:
        t = f.read()
    with open(os.path.join(b, "de.yaml"), "w") as f:
        f.write(re.sub(r"(?m)^lang: en$", "lang: de", t, count=1))
    for extra in ("es.yaml", "vi.yaml", "zh-Hans.yaml", "ar.yaml"):
        if os.path.exists(os.path.join(b, extra)):
            os.remove(os.path.join(b, extra))
    de_cmd = [trifold, "build", b, "--lang", "de", "-o", os.path.join(tmp, "de.pdf")]
    en_cmd = [trifold, "build", b, "--lang", "en", "-o", os.path.join(tmp, "en.pdf")]
    n = max(20, runs // 2)
    de, en2 = series([de_cmd, en_cmd], n)
    ratio = med(de, 0) / med(en2, 0)
    print(f"German edition with hyphenation (hyph_de_DE.dic), {n} paired runs (median):")
    print(f"  wall {med(de, 0):.1f} ms, CPU {med(de, 1):.1f} ms, page faults {med(de, 2):.0f};"
          f" English (hyphenated too) {med(en2, 0):.1f} ms")
    print(f"  ratio {ratio:.2f}x   target <= 2x: {verdict(ratio <= 2)}")
finally:
    shutil.rmtree(tmp)
