#!/usr/bin/env python3
"""Authoring: new, preview, build --png, watch, the command line, colour on
a terminal, fonts by family, the Makefile's brochure folders, make install.

  authoring/new-*       `trifold new` writes a folder that builds at once,
                        with every block kind once; options; never overwrites
  authoring/preview-*   PNGs per page at the asked resolution; proof guides
                        change pixels; build --png writes PDF and PNGs
  authoring/watch-*     a save rebuilds (polled, generous bound, no timing
                        assertion), an error keeps the last good PDF and is
                        shown with its line, the PNGs are refreshed
  authoring/cli-*       --opt=value, case-insensitive values, suggestions,
                        exit 2 for usage and language errors, -o folders,
                        duplicates built once, help per command
  authoring/colour-*    colour only on a terminal, never with NO_COLOR
  authoring/font-family a theme naming "Noto Sans" (fontconfig, private config)
  authoring/make-*      make -n skips non-brochure folders under content/;
                        make install/uninstall into DESTDIR
"""

import glob
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import lib  # noqa: E402

ROOT = lib.ROOT
T = lib.TRIFOLD
KINDS = ["title", "subtitle", "heading", "paragraph", "list", "checklist", "contacts", "credit", "image"]


def tf(*args, cwd=None, env=None, timeout=120):
    return lib.run([T] + list(args), cwd=cwd, env=env, timeout=timeout)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def kinds_in(text_yaml):
    found = set()
    for story in (lib.load_yaml(text_yaml).get("stories") or {}).values():
        for block in story.values():
            if isinstance(block, str):
                found.add("paragraph")
            elif isinstance(block, dict):
                found |= set(block) & set(KINDS)
    return found


def check_new(rep, tmp):
    d = os.path.join(tmp, "first")
    r = tf("new", d, cwd=tmp)
    files = sorted(os.listdir(d)) if os.path.isdir(d) else []
    rep.check("authoring/new-files", r.returncode == 0 and files == ["brochure.yaml", "en.yaml", "picture.png"],
              "exit %d, files %s: %s" % (r.returncode, files, r.stderr))
    kinds = kinds_in(os.path.join(d, "en.yaml")) if files else set()
    rep.check("authoring/new-every-kind", kinds == set(KINDS), "missing %s" % sorted(set(KINDS) - kinds))
    b = tf("build", d, "-o", os.path.join(tmp, "first.pdf"), cwd=tmp)
    rep.check("authoring/new-builds", b.returncode == 0 and os.path.exists(os.path.join(tmp, "first.pdf"))
              and "error" not in lib.drop_rule_warnings(b.stderr)
              and "warning" not in lib.without_fill(lib.drop_rule_warnings(b.stderr)), b.stderr)
    with open(os.path.join(d, "brochure.yaml")) as f:
        first = f.readline()
    rep.check("authoring/new-names-schema", first.startswith("# yaml-language-server: $schema=")
              and os.path.exists(first.split("=", 1)[1].strip()), first)
    again = tf("new", d, cwd=tmp)
    rep.check("authoring/new-not-empty", again.returncode == 2 and "not empty" in again.stderr, again.stderr)
    with open(os.path.join(d, "en.yaml"), "a") as f:
        f.write("# mine\n")
    os.remove(os.path.join(d, "picture.png"))
    forced = tf("new", d, "--force", cwd=tmp)
    with open(os.path.join(d, "en.yaml")) as f:
        kept = f.read().endswith("# mine\n")
    rep.check("authoring/new-force-keeps", forced.returncode == 0 and kept
              and os.path.exists(os.path.join(d, "picture.png")), forced.stderr)
    z = os.path.join(tmp, "zfold")
    r = tf("new", z, "--fold=Z", "--paper", "A4", "--lang", "es", cwd=tmp)
    c = tf("check", z, cwd=tmp)
    with open(os.path.join(z, "brochure.yaml")) as f:
        zplan = f.read().split("\nplan:", 1)[-1]
    rep.check("authoring/new-options", r.returncode == 0 and os.path.exists(os.path.join(z, "es.yaml"))
              and c.returncode == 0 and c.stdout.startswith("zfold (es): a4, z fold"), c.stdout + c.stderr)
    # a Z-fold plan in the Z-fold's own panel names, listed by check in its reading order
    listed = re.findall(r"^  (\S+) ", c.stdout, re.M)[:6]
    rep.check("authoring/new-zfold-plan", "\n  outside-left:" in zplan and "\n  flap:" not in zplan
              and listed == ["cover", "inside-left", "inside-middle", "inside-right", "outside-left",
                             "outside-middle"], "%s / %s" % (listed, lib.short(zplan, 200)))
    return d


def check_preview(rep, tmp, d):
    out = os.path.join(tmp, "pv")
    r = tf("preview", d, "--dpi", "36", "-o", out, cwd=tmp)
    pngs = sorted(glob.glob(os.path.join(out, "*.png")))
    sizes = [png_size(p) for p in pngs]
    # US letter landscape, 11 x 8.5 in at 36 dpi
    rep.check("authoring/preview-pages", r.returncode == 0 and len(pngs) == 2 and sizes == [(396, 306)] * 2
              and not os.path.exists(os.path.join(tmp, "out", "first-en.pdf")),
              "exit %d, %s %s: %s" % (r.returncode, pngs, sizes, r.stderr))
    proof = os.path.join(tmp, "pvproof")
    r2 = tf("preview", d, "--dpi", "36", "--proof", "-o", proof, cwd=tmp)
    differ = r2.returncode == 0 and all(
        open(a, "rb").read() != open(b, "rb").read()
        for a, b in zip(pngs, sorted(glob.glob(os.path.join(proof, "*.png")))))
    rep.check("authoring/preview-proof", differ and len(glob.glob(os.path.join(proof, "*.png"))) == 2, r2.stderr)
    pdf = os.path.join(tmp, "withpng", "b.pdf")
    r3 = tf("build", d, "-o", pdf, "--png", os.path.join(tmp, "withpng", "png"), "--dpi=20", cwd=tmp)
    got = sorted(os.path.basename(p) for p in glob.glob(os.path.join(tmp, "withpng", "png", "*.png")))
    rep.check("authoring/build-png", r3.returncode == 0 and os.path.exists(pdf) and got == ["b-1.png", "b-2.png"],
              "%s %s" % (got, r3.stderr))
    bad = tf("build", d, "--dpi", "50", cwd=tmp)
    rep.check("authoring/dpi-needs-png", bad.returncode == 2 and "--png" in bad.stderr, bad.stderr)
    bad = tf("build", d, "--proof", "--edition", "screen", cwd=tmp)
    rep.check("authoring/proof-print-only", bad.returncode == 2 and "print edition" in bad.stderr, bad.stderr)


def wait_for(cond, bound=60.0):
    """Poll until cond() holds or a generous bound passes (not a timing test)."""
    end = time.monotonic() + bound
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def check_watch(rep, tmp):
    d = os.path.join(tmp, "watched")
    tf("new", d, cwd=tmp)
    pdf = os.path.join(tmp, "w", "watched.pdf")
    png = os.path.join(tmp, "w", "png")
    log = open(os.path.join(tmp, "watch.log"), "w+")
    p = subprocess.Popen([T, "watch", d, "-o", pdf, "--png", png, "--dpi", "20"], cwd=tmp,
                         stdout=log, stderr=subprocess.STDOUT)
    try:
        first = wait_for(lambda: os.path.exists(os.path.join(png, "watched-2.png")))
        rep.check("authoring/watch-first-build", first, "no PDF/PNG after the first build")
        before = open(pdf, "rb").read() if first else b""
        png_before = os.stat(os.path.join(png, "watched-1.png")).st_mtime_ns if first else 0
        en = os.path.join(d, "en.yaml")
        with open(en) as f:
            text = f.read()
        with open(en, "w") as f:
            f.write(text.replace("My Brochure", "Our Brochure"))
        changed = wait_for(lambda: os.path.exists(pdf) and open(pdf, "rb").read() != before
                           and "build 2" in open(log.name).read() and "[ok]" in open(log.name).read().split("build 2")[-1])
        rep.check("authoring/watch-rebuilds", changed, open(log.name).read()[-300:])
        rep.check("authoring/watch-png-refresh",
                  changed and os.stat(os.path.join(png, "watched-1.png")).st_mtime_ns != png_before, "PNG not refreshed")
        good = open(pdf, "rb").read()
        with open(en, "a") as f:
            f.write("    extra: Note: unquoted\n")
        failed = wait_for(lambda: "[failed" in open(log.name).read())
        out = open(log.name).read()
        rep.check("authoring/watch-error-in-place", failed and "must be quoted" in out
                  and re.search(r"\n +\d+ \|     extra: Note: unquoted\n", out) is not None, out[-400:])
        rep.check("authoring/watch-keeps-pdf", open(pdf, "rb").read() == good, "the last good PDF changed")
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        log.close()


def check_cli(rep, tmp):
    att = os.path.join(ROOT, "content", "attachment")
    r = tf("check", att, "--lang=es", "--paper=A4", "--fold", "Z")
    # the roll-fold plan read as a Z-fold: flap and back keep their places, with a warning
    told = [ln for ln in r.stderr.splitlines() if ln.startswith("trifold: warning: --fold z: the plan's 'flap'")]
    r.stderr = "\n".join(ln for ln in r.stderr.splitlines() if ln not in told)
    rep.check("authoring/cli-equals-and-case", lib.pm_only(r) and r.stdout.startswith("attachment (es): a4, z fold")
              and len(told) == 1, r.stdout[:200] + r.stderr)
    r = tf("check", att, "--langs", "es")
    rep.check("authoring/cli-suggest-option", r.returncode == 2 and "did you mean '--lang'" in r.stderr, r.stderr)
    r = tf("biuld", att)
    rep.check("authoring/cli-suggest-command", r.returncode == 2 and "did you mean 'build'" in r.stderr, r.stderr)
    r = tf("check", att, "--paper", "a5")
    rep.check("authoring/cli-bad-enum", r.returncode == 2 and "--paper must be letter or a4, not 'a5'" in r.stderr,
              r.stderr)
    r = tf("check", att, "--lang", "zh_hans")
    rep.check("authoring/cli-lang-spelling", r.returncode == 2 and "'zh_hans' is spelled 'zh-Hans'" in r.stderr
              and "en, es, vi, zh-Hans, ar" in r.stderr, r.stderr)
    r = tf("check", att, "--lang", "en_US")
    rep.check("authoring/cli-lang-malformed", r.returncode == 2 and "did you mean 'en-US'" in r.stderr
              and "en, es, vi, zh-Hans, ar" in r.stderr, r.stderr)
    r = tf("check", att, "--lang", "fr")
    rep.check("authoring/cli-lang-unknown", r.returncode == 2 and "no language 'fr'" in r.stderr
              and "en, es, vi, zh-Hans, ar" in r.stderr, r.stderr)
    pat = os.path.join(tmp, "deep", "er", "{brochure}-{lang}.pdf")
    r = tf("build", att, "--lang", "en,es", "-o", pat)
    rep.check("authoring/cli-o-makes-folders", r.returncode == 0 and
              sorted(os.listdir(os.path.join(tmp, "deep", "er"))) == ["attachment-en.pdf", "attachment-es.pdf"],
              r.stderr)
    one = os.path.join(tmp, "one", "x.pdf")
    r = tf("build", att, "--lang", "en,en", "-o", one)
    rep.check("authoring/cli-dup-lang-once", r.returncode == 0 and os.path.exists(one)
              and "editions written" not in r.stderr, r.stderr)
    cl = os.path.join(ROOT, "content", "clinics", "riverside.yaml")
    r = tf("check", att, "--clinic", cl, "--clinic", os.path.join(ROOT, "content", "clinics", "..", "clinics",
                                                                   "riverside.yaml"))
    rep.check("authoring/cli-dup-clinic-once", lib.pm_only(r) and r.stdout.count("\nclinic riverside") + r.stdout.startswith("clinic riverside") == 1,
              r.stdout[:300])
    r = tf("help", "build")
    rep.check("authoring/cli-help-build", r.returncode == 0 and r.stdout.startswith("usage: trifold build")
              and "examples:" in r.stdout and "--png" in r.stdout and "--force" not in r.stdout, r.stdout[:300])
    r = tf("--help")
    rep.check("authoring/cli-help", r.returncode == 0 and "examples:" in r.stdout and "trifold new" in r.stdout
              and "watch" in r.stdout, r.stdout[:300])
    r = tf("new", "--help")
    rep.check("authoring/cli-help-new", r.returncode == 0 and "--fold" in r.stdout and "--clinic" not in r.stdout,
              r.stdout[:300])
    r = tf("check", att, "--png", "x")
    rep.check("authoring/cli-option-not-for", r.returncode == 2 and "not for 'check'" in r.stderr, r.stderr)


def run_pty(args, env):
    """Run with stderr on a pseudo-terminal; returns (status, what it printed)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=60), out.decode("utf-8", "replace")


def check_colour(rep):
    case = os.path.join(ROOT, "tests", "errors", "yaml-star-bold")
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    st, out = run_pty([T, "check", case], env)
    rep.check("authoring/colour-terminal", st == 1 and "\x1b[1;31merror:" in out and "| " in out, repr(out[:200]))
    st, out = run_pty([T, "check", case], dict(env, NO_COLOR="1"))
    rep.check("authoring/colour-no-color", st == 1 and "\x1b[" not in out and "error:" in out, repr(out[:200]))
    r = tf("check", case)
    rep.check("authoring/colour-pipe", "\x1b[" not in r.stderr and r.stderr.startswith(
        case + "/en.yaml:8:12: error:"), repr(r.stderr[:200]))


def check_font_family(rep, tmp):
    d = os.path.join(tmp, "family")
    tf("new", d, cwd=tmp)
    path = os.path.join(d, "brochure.yaml")
    with open(path) as f:
        text = f.read()
    for face in ["Regular", "Italic", "Bold", "BoldItalic"]:
        text = text.replace("NotoSans-%s.ttf" % face, "Noto Sans")
    with open(path, "w") as f:
        f.write(text)
    conf = os.path.join(tmp, "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                '<dir>%s</dir>\n<cachedir>%s</cachedir>\n</fontconfig>\n'
                % (os.path.join(ROOT, "fonts"), os.path.join(tmp, "fc-cache")))
    env = {"FONTCONFIG_FILE": conf}
    r = tf("build", d, "-o", os.path.join(tmp, "family.pdf"), cwd=tmp, env=env)
    fonts = lib.pdffonts(os.path.join(tmp, "family.pdf")) if r.returncode == 0 else []
    rep.check("authoring/font-family", r.returncode == 0 and len(fonts) >= 2, "%s %s" % (r.stderr, fonts))
    with open(path, "w") as f:
        f.write(text.replace("regular: Noto Sans", "regular: Noto Sanz"))
    r = tf("check", d, cwd=tmp, env=env)
    rep.check("authoring/font-family-missing", r.returncode == 1 and "no installed font family 'Noto Sanz'" in r.stderr,
              r.stderr)


def check_make(rep, tmp):
    m = os.path.join(tmp, "mk")
    os.makedirs(m)
    shutil.copy(os.path.join(ROOT, "Makefile"), m)
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(m, "content"))
    os.makedirs(os.path.join(m, "content", "more-clinics"))
    shutil.copy(os.path.join(ROOT, "content", "clinics", "lakeside.yaml"),
                os.path.join(m, "content", "more-clinics", "harbor.yaml"))
    r = lib.run(["make", "-n", "editions"], cwd=m)
    rep.check("authoring/make-brochures-only", r.returncode == 0 and "content/more-clinics" not in r.stdout
              and "build content/attachment --lang en " in r.stdout, r.stdout[-300:] + r.stderr[-300:])
    r = lib.run(["make", "-n", "editions", "CLINIC_DIRS=content/clinics content/more-clinics"], cwd=m)
    rep.check("authoring/make-clinic-dirs", r.returncode == 0 and "--clinic content/more-clinics/harbor.yaml" in r.stdout,
              r.stderr[-300:])
    dest = os.path.join(tmp, "dest")
    # the binary under test (build/ or build-asan/) is the one installed
    args = ["make", "--no-print-directory", "install", "DESTDIR=" + dest, "PREFIX=/usr",
            "BUILD=" + os.path.relpath(os.path.dirname(T), ROOT)]
    r = lib.run(args, cwd=ROOT, timeout=300)
    want = ["usr/bin/trifold", "usr/share/man/man1/trifold.1", "usr/share/bash-completion/completions/trifold",
            "usr/share/trifold/fonts/NotoSans-Regular.ttf", "usr/share/trifold/schema/brochure.schema.json",
            "usr/share/trifold/FOGRA39L.icc"]
    missing = [w for w in want if not os.path.exists(os.path.join(dest, w))]
    rep.check("authoring/make-install", r.returncode == 0 and not missing, "missing %s: %s" % (missing, r.stderr[-300:]))
    if not missing:
        nb = os.path.join(tmp, "installed-new")
        env = {"TRIFOLD_DATA": None}
        r1 = lib.run([os.path.join(dest, "usr/bin/trifold"), "new", nb], env=env, cwd=tmp)
        r2 = lib.run([os.path.join(dest, "usr/bin/trifold"), "build", nb, "-o", os.path.join(tmp, "inst.pdf")],
                     env=env, cwd=tmp)
        # the press profile comes from the same data folder (datadir.c)
        r3 = lib.run([os.path.join(dest, "usr/bin/trifold"), "build", nb, "--press", "-o",
                      os.path.join(tmp, "inst-press.pdf")], env=env, cwd=tmp)
        with open(os.path.join(nb, "brochure.yaml")) as f:
            first = f.readline()
        rep.check("authoring/make-install-finds-data", r1.returncode == 0 and r2.returncode == 0
                  and r3.returncode == 0 and os.path.join(dest, "usr/share/trifold/schema") in first,
                  r2.stderr + r3.stderr + first)
    r = lib.run(["make", "--no-print-directory", "uninstall", "DESTDIR=" + dest, "PREFIX=/usr"], cwd=ROOT)
    left = [w for w in want if os.path.exists(os.path.join(dest, w))]
    rep.check("authoring/make-uninstall", r.returncode == 0 and not left, "left %s" % left)


def main():
    rep = lib.Report()
    if not lib.preflight(rep, ["authoring/new-files"]):
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        d = check_new(rep, tmp)
        check_preview(rep, tmp, d)
        check_watch(rep, tmp)
        check_cli(rep, tmp)
        check_colour(rep)
        check_font_family(rep, tmp)
        check_make(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
