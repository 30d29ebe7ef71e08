#!/usr/bin/env python3
"""Robustness of the trifold CLI: hostile input that is too big to commit
to tests/errors/, nothing lost on failure, determinism, bounded layout work.
Python 3 stdlib only; TRIFOLD = the binary. One "PASS/FAIL e2e/robust/<check>"
line per check. Brochures are generated into a temp dir.

  crlf               CRLF line ends load: exit 0, PDF byte-identical to the
                     LF build
  file-100mb         a sparse 100 MB en.yaml: the exact "file too big" error
                     (with the size from stat), exit 1
  word-1mb           a 1 MB single word: the exact "string too long" error
  image-9mib         a sparse 9 MiB photo.png: the exact "too big" error
  para-16k-*         a 16 KiB paragraph of 1-letter words (the string limit):
                     at 12 pt it overflows with a clean error, at 4 pt it
                     builds (ragged and justified). No time limits here: how
                     fast is a `make bench` question.
  overflow-keeps-pdf a failed build (overflow) leaves the previous PDF at -o
                     byte-identical and no temp file
  sigint-write       SIGINT sent the moment the temp file appears (the write
                     window): the process dies of SIGINT, the previous PDF is
                     intact, no temp file is left
  sigint-sweep       SIGINT at 12 delays over a slow build (a 6.7 MB image):
                     each time the target is the old PDF or the complete new
                     one, and no temp file is left
  sigint-ignored     started with SIGINT ignored (as a background job or
                     nohup starts it), SIGINT in the write window changes
                     nothing: exit 0, the new PDF, no temp file
  sigterm-ignored-int  started with SIGINT ignored, SIGTERM in the write
                     window still removes the temp file and keeps the old PDF
                     (the test sets every child's SIGINT disposition itself:
                     `make test &` would otherwise hand it SIGINT ignored)
  readonly-dir       output dir on a read-only mount (root), or mode 0555 (not
                     root; root without mount runs trifold as nobody): exit
                     3, "cannot write ...", previous PDF intact
  disk-full          output dir on a 64 KiB tmpfs (root), else a 64 KiB
                     RLIMIT_FSIZE: exit 3, "No space left on device" / "File
                     too large", previous PDF intact, no partial or temp file
  determinism-*      two runs give byte-identical PDFs; the normal and ASan
                     builds too (when both binaries exist and are newer than
                     every src/*.c)

A check this machine cannot run prints "SKIP name: why" (tests/run.sh
counts it, CI refuses it): only readonly-dir, when root may mount a tmpfs
but not remount it read-only. determinism-asan runs only
when TRIFOLD_OTHER names a second binary (`make asan` sets it to the normal
build, which it builds first).
"""

import os
import random
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib

sys.dont_write_bytecode = True     # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/robust/"
FONTS = os.path.join(lib.ROOT, "fonts")

BRO = """trifold: 1
id: robust
base: en

theme:
  fonts:
    regular: {f}/NotoSans-Regular.ttf
    italic: {f}/NotoSans-Italic.ttf
    bold: {f}/NotoSans-Bold.ttf
    bold_italic: {f}/NotoSans-BoldItalic.ttf
{theme}
plan:
  cover:
    content:
      - story: cover
  inside-left:
    content:
      - flow: body
  inside-middle:
    content:
      - flow: body
  inside-right:
    content:
      - flow: body
"""

EN = """lang: en
meta:
  title: Robust
stories:
  cover:
    title: {title: Robust}
  body:
    intro: Hello.
    more: {paragraph: More text with **bold** and *italic* words.}
"""


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def brochure(root, name, en=EN, theme="", files=None, fonts=FONTS):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "brochure.yaml"), BRO.format(f=fonts, theme=theme))
    write(os.path.join(d, "en.yaml"), en)
    for fn, data in (files or {}).items():
        write(os.path.join(d, fn), data)
    return d


def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)


def big_png(w=1500, h=1500, seed=1):
    """Random (incompressible) RGB pixels, stored: about 6.7 MB, under the
    8 MiB and 25 MP limits, and slow enough for libharu to make a window."""
    r = random.Random(seed)
    raw = b"".join(b"\x00" + r.randbytes(w * 3) for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def trifold(*args, env=None):
    return lib.run([lib.TRIFOLD] + list(args), env=env)


def sigint_as(disposition):
    """preexec_fn for a child: SIGINT exactly as given, whatever this test
    inherited (a background job starts with SIGINT ignored)."""
    def preexec():
        signal.signal(signal.SIGINT, disposition)
    return preexec


def start_build(slow, target, sigint=signal.SIG_DFL):
    return subprocess.Popen([lib.TRIFOLD, "build", slow, "-o", target], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=sigint_as(sigint))


def signal_in_write_window(p, outdir, sig):
    """Send sig as soon as a temp file shows up in outdir (inside
    write_atomically, between mkstemp and rename). True if it was sent to
    the running process."""
    while p.poll() is None:
        if temps(outdir):
            p.send_signal(sig)
            return True
    return False


def temps(d):
    return sorted(n for n in os.listdir(d) if ".tmp." in n)


def crashed(r):
    return r.returncode < 0 or r.returncode > 3 or "Sanitizer" in r.stderr or "runtime error" in r.stderr


# --- hostile input -----------------------------------------------------------

def check_crlf(rep, tmp):
    lf = brochure(tmp, "lf")
    crlf = brochure(tmp, "crlf")
    for fn in ("brochure.yaml", "en.yaml"):
        p = os.path.join(crlf, fn)
        write(p, read(p).replace(b"\n", b"\r\n"))
    a, b = os.path.join(tmp, "lf.pdf"), os.path.join(tmp, "crlf.pdf")
    r1 = trifold("build", lf, "-o", a)
    r2 = trifold("build", crlf, "-o", b)
    if r2.returncode != 0:
        return rep.fail(PRE + "crlf", "exit %d: %s" % (r2.returncode, r2.stderr))
    rep.check(PRE + "crlf", r1.returncode == 0 and read(a) == read(b),
              "CRLF PDF differs from the LF one (LF exit %d)" % r1.returncode)


def check_file_100mb(rep, tmp):
    d = brochure(tmp, "huge")
    p = os.path.join(d, "en.yaml")
    with open(p, "wb") as f:
        f.truncate(100 * 1000 * 1000)                 # sparse: no disk used
    r = trifold("check", d)
    want = "%s: error: file too big (100000000 bytes; the limit is 1048576)\n" % p
    rep.check(PRE + "file-100mb", r.returncode == 1 and lib.without_fill(r.stderr) == want,
              "exit %d: %r" % (r.returncode, r.stderr[:300]))


def check_word_1mb(rep, tmp):
    word = "x" * 1000000
    d = brochure(tmp, "word", en=EN.replace("intro: Hello.", "intro: " + word))
    r = trifold("check", d)
    want = "%s: error: string too long (1000000 bytes; the limit is 16384)\n" % os.path.join(d, "en.yaml:8:12")
    # the source line is shown cut to a window around the column (diag.c)
    want += " 8 |     intro: " + "x" * 109 + "...\n   |            ^\n"
    rep.check(PRE + "word-1mb", r.returncode == 1 and lib.without_fill(r.stderr) == want,
              "exit %d: %r" % (r.returncode, r.stderr[:300]))


def check_image_9mib(rep, tmp):
    en = EN + "    photo: {image: photo.png, alt: A photo.}\n"
    d = brochure(tmp, "bigimg", en=en)
    p = os.path.join(d, "photo.png")
    with open(p, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(9 * 1024 * 1024)
    r = trifold("check", d)
    want = ("%s: error: image '%s' is too big (9437184 bytes; the limit is 8388608)\n"
            % (os.path.join(d, "en.yaml:10:20"), p))
    want += " 10 |     photo: {image: photo.png, alt: A photo.}\n    |                    ^\n"
    rep.check(PRE + "image-9mib", r.returncode == 1 and lib.without_fill(r.stderr) == want,
              "exit %d: %r" % (r.returncode, r.stderr[:300]))


def check_para_16k(rep, tmp):
    # 8192 one-letter words, 16383 bytes: just under the string limit. Every
    # break point is feasible, the worst case for the line breaker's
    # active list, which it caps.
    para = " ".join(["a"] * 8192)
    en = EN.replace("intro: Hello.", "intro: " + para)
    d12 = brochure(tmp, "p12", en=en)
    r = trifold("check", d12)
    rep.check(PRE + "para-16k-overflow", r.returncode == 1 and "does not fit" in r.stderr
              and not crashed(r),
              "exit %d: %s" % (r.returncode, r.stderr[:200]))
    for name, theme in (("ragged", "  text: {size: 4pt}\n"),
                        ("justify", "  text: {size: 4pt, align: justify}\n")):
        d = brochure(tmp, "p4" + name, en=en, theme=theme)
        out = os.path.join(tmp, "p4%s.pdf" % name)
        r = trifold("build", d, "-o", out)
        rep.check(PRE + "para-16k-" + name, r.returncode == 0 and os.path.isfile(out),
                  "exit %d: %s" % (r.returncode, r.stderr[:200]))


# --- nothing lost --------------------------------------------------------------

def previous_pdf(tmp, outdir, name="out.pdf"):
    """Build the small brochure into outdir/name: the 'previous' PDF."""
    small = os.path.join(tmp, "small")
    if not os.path.isdir(small):
        brochure(tmp, "small")
    target = os.path.join(outdir, name)
    r = trifold("build", small, "-o", target)
    if r.returncode != 0:
        raise RuntimeError("building the previous PDF failed: " + r.stderr)
    return target, read(target)


def check_overflow_keeps(rep, tmp):
    outdir = os.path.join(tmp, "o-overflow")
    os.makedirs(outdir)
    target, old = previous_pdf(tmp, outdir)
    d = brochure(tmp, "over", en=EN.replace("intro: Hello.", "intro: " + " ".join(["word"] * 3000)))
    r = trifold("build", d, "-o", target)
    rep.check(PRE + "overflow-keeps-pdf",
              r.returncode == 1 and "does not fit" in r.stderr and read(target) == old
              and os.listdir(outdir) == ["out.pdf"],
              "exit %d, dir %s, same %s: %s" % (r.returncode, os.listdir(outdir),
                                                read(target) == old, r.stderr[:200]))


def check_sigint(rep, tmp, slow):
    outdir = os.path.join(tmp, "o-sigint")
    os.makedirs(outdir)
    target, old = previous_pdf(tmp, outdir)
    ref = os.path.join(tmp, "slow-ref.pdf")
    t0 = time.monotonic()      # only to spread the sweep's delays, never asserted
    r = trifold("build", slow, "-o", ref)
    t_build = time.monotonic() - t0
    if r.returncode != 0:
        for c in ("sigint-write", "sigint-sweep", "sigint-ignored", "sigterm-ignored-int"):
            rep.fail(PRE + c, "slow build failed: " + r.stderr)
        return
    new = read(ref)

    # (1) Poll the folder and interrupt as soon as the temp file shows up:
    # that is inside write_atomically, between mkstemp and rename.
    hits, tries, bad = 0, 0, []
    for _ in range(6):
        write(target, old)
        p = start_build(slow, target)
        if signal_in_write_window(p, outdir, signal.SIGINT):
            tries += 1
        p.communicate(timeout=lib.HANG_GUARD)
        now = read(target)
        if p.returncode == -signal.SIGINT and now == old:
            hits += 1
        if now not in (old, new) or temps(outdir):
            bad.append("exit %s, target %s, temps %s" % (
                p.returncode, "old" if now == old else "new" if now == new else "CORRUPT", temps(outdir)))
    rep.check(PRE + "sigint-write", hits > 0 and not bad,
              "%d of %d interrupts in the write window killed the build; %s" % (hits, tries, bad[:3]))

    # (2) A sweep of delays over the whole build.
    killed, bad = 0, []
    steps = 12
    for i in range(steps):
        write(target, old)
        p = start_build(slow, target)
        time.sleep(t_build * 1.2 * i / steps)
        p.send_signal(signal.SIGINT)
        p.communicate(timeout=lib.HANG_GUARD)
        now = read(target)
        if p.returncode == -signal.SIGINT:
            killed += 1
        if now not in (old, new) or temps(outdir):
            bad.append("delay %d: exit %s, target %s, temps %s" % (
                i, p.returncode, "old" if now == old else "new" if now == new else "CORRUPT", temps(outdir)))
    rep.check(PRE + "sigint-sweep", killed > 0 and not bad,
              "%d of %d runs killed; %s" % (killed, steps, bad[:3]))

    # (3) Started with SIGINT ignored: trifold keeps it ignored, even in the
    # write window where it catches signals to remove its temp file.
    sent, bad = 0, []
    for _ in range(4):
        write(target, old)
        p = start_build(slow, target, sigint=signal.SIG_IGN)
        if signal_in_write_window(p, outdir, signal.SIGINT):
            sent += 1
        _, err = p.communicate(timeout=lib.HANG_GUARD)
        now = read(target)
        if p.returncode != 0 or now != new or temps(outdir):
            bad.append("exit %s, target %s, temps %s: %s" % (
                p.returncode, "old" if now == old else "new" if now == new else "CORRUPT",
                temps(outdir), err.decode(errors="replace")[:100]))
    rep.check(PRE + "sigint-ignored", sent > 0 and not bad,
              "SIGINT sent in the write window %d of 4 times; %s" % (sent, bad[:3]))

    # (4) ... and SIGTERM there still kills it cleanly.
    hits, tries, bad = 0, 0, []
    for _ in range(6):
        write(target, old)
        p = start_build(slow, target, sigint=signal.SIG_IGN)
        if signal_in_write_window(p, outdir, signal.SIGTERM):
            tries += 1
        p.communicate(timeout=lib.HANG_GUARD)
        now = read(target)
        if p.returncode == -signal.SIGTERM and now == old:
            hits += 1
        if now not in (old, new) or temps(outdir):
            bad.append("exit %s, target %s, temps %s" % (
                p.returncode, "old" if now == old else "new" if now == new else "CORRUPT", temps(outdir)))
    rep.check(PRE + "sigterm-ignored-int", hits > 0 and not bad,
              "%d of %d SIGTERMs in the write window killed the build; %s" % (hits, tries, bad[:3]))


def mount_tmpfs(d, size):
    if os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", d],
                       capture_output=True, text=True)
    return r.returncode == 0


def umount(d):
    subprocess.run(["umount", d], capture_output=True)


def run_limited(args, preexec):
    """Run with preexec_fn (stdin closed, SIGINT default); CompletedProcess."""
    def both():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        preexec()
    p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       errors="replace", timeout=lib.HANG_GUARD, preexec_fn=both)
    return p


def as_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def check_readonly(rep, tmp):
    """A folder trifold cannot write to. Root: a read-only tmpfs mount, or,
    where mount is not permitted (a container), mode 0555 with trifold run
    as nobody (uid 65534) from a copy of binary, fonts and brochure in the
    temp folder. Not root: mode 0555."""
    outdir = os.path.join(tmp, "o-ro")
    os.makedirs(outdir)
    small = os.path.join(tmp, "small")
    if mount_tmpfs(outdir, "1m"):
        how = "read-only mount"
        try:
            target, old = previous_pdf(tmp, outdir)
            if subprocess.run(["mount", "-o", "remount,ro", outdir], capture_output=True).returncode != 0:
                rep.skip(PRE + "readonly-dir", "remount,ro of a tmpfs not permitted")
                return
            r = trifold("build", small, "-o", target)
            why = "Read-only file system"
            ok_after = read(target) == old and os.listdir(outdir) == ["out.pdf"]
        finally:
            umount(outdir)
    elif os.geteuid() != 0:
        how = "mode 0555"
        target, old = previous_pdf(tmp, outdir)
        os.chmod(outdir, 0o555)
        r = trifold("build", small, "-o", target)
        os.chmod(outdir, 0o755)
        why = "Permission denied"
        ok_after = read(target) == old and os.listdir(outdir) == ["out.pdf"]
    else:
        how = "mode 0555, run as nobody"
        target, old = previous_pdf(tmp, outdir)
        fonts = os.path.join(tmp, "ro-fonts")
        os.makedirs(fonts)
        for face in ("Regular", "Italic", "Bold", "BoldItalic"):
            shutil.copy(os.path.join(FONTS, "NotoSans-%s.ttf" % face), fonts)
        src = brochure(tmp, "ro-small", fonts=fonts)
        binary = os.path.join(tmp, "ro-trifold")
        shutil.copy(lib.TRIFOLD, binary)
        mode = os.stat(tmp).st_mode & 0o7777
        os.chmod(tmp, 0o755)              # mkdtemp's 0700: nobody could not enter
        os.chmod(outdir, 0o555)
        try:
            r = run_limited([binary, "build", src, "-o", target], as_nobody)
        finally:
            os.chmod(outdir, 0o755)
            os.chmod(tmp, mode)
        why = "Permission denied"
        ok_after = read(target) == old and os.listdir(outdir) == ["out.pdf"]
    want = "trifold: error: cannot write '%s': %s\n" % (target, why)
    rep.check(PRE + "readonly-dir", r.returncode == 3 and lib.without_fill(lib.drop_rule_warnings(r.stderr)) == want and ok_after,
              "(%s) exit %d, intact %s: %r" % (how, r.returncode, ok_after, r.stderr[:300]))


def check_disk_full(rep, tmp, slow):
    """A write that fails half way: a 64 KiB tmpfs (root), or, where mount
    is not permitted, a 64 KiB file size limit (RLIMIT_FSIZE, SIGXFSZ
    ignored): write() fails with EFBIG instead of ENOSPC, the same path in
    trifold. Either way: exit 3, the message, the old PDF intact, no temp."""
    outdir = os.path.join(tmp, "o-full")
    os.makedirs(outdir)
    mounted = mount_tmpfs(outdir, "64k")
    try:
        target, old = previous_pdf(tmp, outdir)
        if mounted:
            how, why = "64k tmpfs", "No space left on device"
            r = trifold("build", slow, "-o", target)
        else:
            how, why = "RLIMIT_FSIZE 64k", "File too large"

            def limit():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
            r = run_limited([lib.TRIFOLD, "build", slow, "-o", target], limit)
        want = "trifold: error: cannot write '%s': %s\n" % (target, why)
        ok_after = read(target) == old and os.listdir(outdir) == ["out.pdf"]
        rep.check(PRE + "disk-full", r.returncode == 3 and lib.without_fill(lib.drop_rule_warnings(r.stderr)) == want and ok_after,
                  "(%s) exit %d, intact %s, dir %s: %r" % (how, r.returncode, read(target) == old,
                                                           os.listdir(outdir), r.stderr[:300]))
    finally:
        if mounted:
            umount(outdir)


# --- determinism ---------------------------------------------------------------

def other_binary():
    """A second build of trifold to compare with (TRIFOLD_OTHER: `make asan`
    sets it to the normal build, which it builds first), or None."""
    other = os.environ.get("TRIFOLD_OTHER")
    return os.path.abspath(other) if other else None


def check_determinism(rep, tmp, slow):
    cases = [("attachment", os.path.join(lib.CONTENT, "attachment"), []),
             ("attachment-press", os.path.join(lib.CONTENT, "attachment"), ["--press"]),
             ("image", slow, [])]
    env = {"SOURCE_DATE_EPOCH": None}
    outs = {}
    for name, d, extra in cases:
        a, b = os.path.join(tmp, "det-%s-1.pdf" % name), os.path.join(tmp, "det-%s-2.pdf" % name)
        r1 = trifold("build", d, "-o", a, *extra, env=env)
        r2 = trifold("build", d, "-o", b, *extra, env=env)
        ok = r1.returncode == 0 and r2.returncode == 0 and read(a) == read(b)
        rep.check(PRE + "determinism-" + name, ok,
                  "exits %d/%d, identical %s" % (r1.returncode, r2.returncode,
                                                 ok or (os.path.isfile(a) and os.path.isfile(b) and read(a) == read(b))))
        outs[name] = (d, extra)
    other = other_binary()
    if not other:
        return            # a `make asan` check: no second binary in this run
    if not os.access(other, os.X_OK):
        rep.fail(PRE + "determinism-asan", "TRIFOLD_OTHER=%s is not a binary" % other)
        return
    pair = (lib.TRIFOLD, other)
    diffs = []
    for name, (d, extra) in outs.items():
        got = []
        for i, binary in enumerate(pair):
            out = os.path.join(tmp, "det-%s-bin%d.pdf" % (name, i))
            r = lib.run([binary, "build", d, "-o", out] + extra, env=env)
            got.append(read(out) if r.returncode == 0 and os.path.isfile(out) else None)
        if got[0] is None or got[0] != got[1]:
            diffs.append(name)
    rep.check(PRE + "determinism-asan", not diffs, "normal and ASan PDFs differ: %s" % diffs)


def main():
    rep = lib.Report()
    if not lib.trifold_ok():
        rep.fail(PRE + "preflight", "no binary at %s (make build)" % lib.TRIFOLD)
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        slow = brochure(tmp, "slow", en=EN + "    photo: {image: photo.png, alt: A photo., width: 0.5}\n",
                        files={"photo.png": big_png()})
        for name, fn, args in (("crlf", check_crlf, ()), ("file-100mb", check_file_100mb, ()),
                               ("word-1mb", check_word_1mb, ()), ("image-9mib", check_image_9mib, ()),
                               ("para-16k", check_para_16k, ()),
                               ("overflow-keeps-pdf", check_overflow_keeps, ()),
                               ("sigint", check_sigint, (slow,)), ("readonly-dir", check_readonly, ()),
                               ("disk-full", check_disk_full, (slow,)),
                               ("determinism", check_determinism, (slow,))):
            try:
                fn(rep, tmp, *args)
            except Exception as ex:       # a broken helper is a FAIL, not a traceback
                rep.fail(PRE + name, "%s: %s" % (type(ex).__name__, ex))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
