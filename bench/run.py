#!/usr/bin/env python3
"""make bench: render out/attachment-en.pdf as a fresh process, N times.

Reports the median and spread of wall time, the peak RSS of the child
(getrusage), and the PDF size, against the targets of the engine issue:
median <= 20 ms, peak RSS <= 16 MB, PDF <= 60 KB. Timing is never asserted
by tests; this is the place where speed is checked."""
import os, resource, statistics, subprocess, sys, time

trifold = os.environ.get("TRIFOLD", "build/trifold")
runs = int(os.environ.get("BENCH_RUNS", "30"))
out = "out/attachment-en.pdf"
cmd = [trifold, "build", "content/attachment", "--lang", "en", "-o", out]
os.makedirs("out", exist_ok=True)

times = []
peak = 0
for i in range(runs + 2):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("bench: build failed: " + p.stderr.decode())
    if i >= 2:                     # two warm-up runs (page cache)
        times.append(dt * 1000)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
size = os.path.getsize(out)
med = statistics.median(times)

def verdict(ok):
    return "ok" if ok else "MISSED"

print(f"render {out} as a fresh process, {runs} runs:")
print(f"  median {med:.1f} ms (min {min(times):.1f}, max {max(times):.1f})   target <= 20 ms: {verdict(med <= 20)}")
print(f"  peak RSS {peak:.1f} MB   target <= 16 MB: {verdict(peak <= 16)}")
print(f"  PDF size {size / 1024:.1f} KB ({size} bytes)   target <= 60 KB: {verdict(size <= 60 * 1024)}")
