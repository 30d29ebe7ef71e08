#!/usr/bin/env python3
"""make bench-peers (optional, not in CI): trifold against Typst on the same
brochure, measured in the same run, pairwise.

Installs Typst's compiler from the npm registry
(@myriaddreamin/typst-ts-node-compiler, into build/peers/), then alternates
a fresh `trifold build content/attachment --lang en` with a fresh node
process compiling bench/peers/attachment.typ (the same text in a
three-column letter layout, bench/peers/make_typ.py) to PDF, with the same
fonts. Reports both medians and their ratio, and node's own start-up
(`node -e 0`) so Typst's share can be told apart."""
import os, shutil, statistics, subprocess, sys, tempfile, time

root = os.getcwd()
trifold = os.environ.get("TRIFOLD", "build/trifold")
runs = int(os.environ.get("BENCH_PEER_RUNS", "15"))
pkg = "@myriaddreamin/typst-ts-node-compiler"
prefix = os.path.join(root, os.environ.get("BUILD", "build"), "peers")

for tool in ("node", "npm"):
    if not shutil.which(tool):
        sys.exit("bench-peers: %s is missing (apt-get install nodejs npm)" % tool)
mods = os.path.join(prefix, "node_modules")
if not os.path.isdir(os.path.join(mods, pkg)):
    os.makedirs(prefix, exist_ok=True)
    print("bench-peers: npm install %s (into %s)" % (pkg, prefix), flush=True)
    subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", pkg],
                   check=True)


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t0) * 1000
    if p.returncode != 0:
        sys.exit("bench-peers: %s failed: %s" % (cmd[0], p.stderr.decode()[-1500:]))
    return dt


tmp = tempfile.mkdtemp(prefix="trifold-peers-")
try:
    tf_cmd = [trifold, "build", "content/attachment", "--lang", "en", "-o", os.path.join(tmp, "tf.pdf")]
    ty_cmd = ["node", os.path.join(root, "bench/peers/typst_once.js"), mods,
              os.path.join(root, "bench/peers/attachment.typ"), os.path.join(tmp, "typst.pdf"),
              os.path.join(root, "fonts")]
    node_cmd = ["node", "-e", "0"]
    tf, ty, nd = [], [], []
    for i in range(runs + 1):
        a, b, c = timed(tf_cmd), timed(ty_cmd), timed(node_cmd)
        if i:                                  # the first pair warms the page cache
            tf.append(a), ty.append(b), nd.append(c)
    mt, my, mn = statistics.median(tf), statistics.median(ty), statistics.median(nd)
    print(f"same brochure, {runs} pairs, fresh processes (median wall):")
    print(f"  trifold {mt:.1f} ms   ({os.path.getsize(os.path.join(tmp, 'tf.pdf')) / 1024:.1f} KB)")
    print(f"  Typst (node + typst-ts-node-compiler) {my:.1f} ms"
          f"   ({os.path.getsize(os.path.join(tmp, 'typst.pdf')) / 1024:.1f} KB); node alone {mn:.1f} ms")
    print(f"  ratio trifold / Typst {mt / my:.3f}   (Typst without node's start-up: {mt / max(my - mn, 1e-3):.3f})")
finally:
    shutil.rmtree(tmp)
