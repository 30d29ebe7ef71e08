#!/usr/bin/env python3
"""End-to-end checks of clinic editions (issue "Clinic editions").

Builds content/attachment with each shipped clinic in one batch call, then,
with independent tools:
  - every clinic edition (each clinic x each language) passes qpdf, two pages,
    fonts embedded/subset/unicode, every word inside its panel's safe area and
    no word across a fold (test_pdf's checks);
  - links: `pdfinfo -url` lists the clinic's tel:, mailto: and https: links;
  - the QR code: the page rendered by pdftoppm decodes with zbarimg to the
    clinic's website;
  - referral semantics in the text: riverside removes the Ohio centre and adds
    its own referral (extend), lakeside replaces the national contacts (none of
    them is printed, its own are);
  - the batch wrote exactly the documented names {brochure}-{clinic}-{lang}.pdf
    and is quiet on stderr when it is not a terminal (patient-material
    warnings aside: build warns when an edition misses a theme threshold).
Prints one PASS/FAIL line per check.
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402
import test_pdf  # noqa: E402

BROCHURE = os.path.join(lib.CONTENT, "attachment")
CLINICS = os.path.join(lib.CONTENT, "clinics")


def clinic_yaml(name):
    return lib.load_yaml(os.path.join(CLINICS, name + ".yaml")) or {}


def main():
    rep = lib.Report()
    if not lib.preflight(rep, ["e2e/clinic/preflight"]):
        return lib.exit_with(rep)
    clinics = sorted(f[:-5] for f in os.listdir(CLINICS) if f.endswith(".yaml"))
    langs = sorted(f[:-5] for f in os.listdir(BROCHURE)
                   if f.endswith(".yaml") and f != "brochure.yaml")
    tmp = lib.tempdir()
    try:
        pattern = os.path.join(tmp, "{brochure}-{clinic}-{lang}.pdf")
        r = lib.run([lib.TRIFOLD, "build", BROCHURE, "--lang", ",".join(langs), "--clinic", CLINICS,
                     "-o", pattern], timeout=120)
        rep.check("e2e/clinic/batch", r.returncode == 0,
                  "exit %d: %s" % (r.returncode, lib.short(r.stderr, 300)))
        noise = [ln for ln in lib.drop_rule_warnings(r.stderr).splitlines()
                 if not lib.STATUS_LINE.match(ln) and not lib.SUMMARY_LINE.match(ln)
                 and not lib.PM_DIAG.match(ln.split(" [")[0])]
        rep.check("e2e/clinic/quiet", not noise, "stderr: %s" % lib.short(" | ".join(noise), 200))
        want = sorted("attachment-%s-%s.pdf" % (c, l) for c in clinics for l in langs)
        got = sorted(f for f in os.listdir(tmp) if f.endswith(".pdf"))
        rep.check("e2e/clinic/names", got == want, "got %s" % got[:6])

        for c in clinics:
            cy = clinic_yaml(c)
            for lang in langs:
                label = "clinic/%s-%s" % (c, lang)
                out = os.path.join(tmp, "attachment-%s-%s.pdf" % (c, lang))
                if not os.path.isfile(out):
                    rep.fail("e2e/" + label + "/built", "missing")
                    continue
                q = lib.run(["qpdf", "--check", out])
                rep.check("e2e/%s/qpdf" % label, q.returncode == 0, lib.short(q.stdout + q.stderr, 200))
                info, pages = lib.pdfinfo(out)
                rep.check("e2e/%s/pages" % label, info.get("Pages") == "2", "Pages %s" % info.get("Pages"))
                fonts = lib.pdffonts(out)
                bad = [f["name"] for f in fonts if not (f["emb"] == f["sub"] == f["uni"] == "yes")]
                rep.check("e2e/%s/fonts" % label, fonts and not bad, "not embedded/subset/unicode: %s" % bad)
                sheet, safe = lib.sheet_for(BROCHURE, None, None, lang)
                test_pdf.check_geometry(rep, "e2e/" + label, lib.pdftotext_words(out), pages, sheet, safe)
                if lang != "en":
                    continue
                # links
                u = lib.run(["pdfinfo", "-url", out])
                urls = u.stdout
                for key, scheme in (("phone", "tel:"), ("email", "mailto:"), ("web", "http")):
                    if cy.get(key):
                        rep.check("e2e/%s/link-%s" % (label, key), scheme in urls and
                                  (key != "web" or cy["web"].rstrip("/") in urls),
                                  "pdfinfo -url: %s" % lib.short(urls, 300))
                # QR code
                # (a missing zbarimg or pdftoppm fails the check: both come
                # from tools/deps.sh)
                if cy.get("web"):
                    png = os.path.join(tmp, "%s-qr" % c)
                    lib.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", out, png])
                    img = png + "-1.png"
                    z = lib.run(["zbarimg", "-q", "--raw", img])
                    codes = [ln.strip() for ln in z.stdout.splitlines() if ln.strip()]
                    rep.check("e2e/%s/qr" % label, z.returncode == 0 and cy["web"] in codes,
                              "zbarimg exit %d: %s %s" % (z.returncode, codes, lib.short(z.stderr, 120)))
                # referral semantics
                text = " ".join(lib.run(["pdftotext", out, "-"]).stdout.split())
                ref = cy.get("referrals") or {}
                for rid, entry in (ref.get("add") or {}).items():
                    name = " ".join(str(entry.get("name", "")).split())
                    rep.check("e2e/%s/referral-%s" % (label, rid), name and name in text,
                              "referral %r not printed" % name)
                if ref.get("replace"):
                    gone = [n for n in ("ATTACh", "Bonding Center of Ohio", "Theraplay Institute") if n in text]
                    rep.check("e2e/%s/replaced" % label, not gone, "still printed: %s" % gone)
                removed = ref.get("remove") or []
                if isinstance(removed, dict):
                    removed = removed.get("attachment", []) + removed.get("*", [])
                if "ohio" in removed:
                    rep.check("e2e/%s/removed-ohio" % label, "Bonding Center of Ohio" not in text,
                              "the removed Ohio centre is printed")
                    rep.check("e2e/%s/kept-attach" % label, "ATTACh" in text, "ATTACh missing")
        # an edition is the same bytes alone as in the batch (no state from
        # earlier editions or from which worker wrote it)
        for c2, l2 in (("riverside", "en"), (clinics[0], langs[-1])):
            alone = os.path.join(tmp, "alone-%s-%s.pdf" % (c2, l2))
            lib.run([lib.TRIFOLD, "build", BROCHURE, "--lang", l2, "--clinic",
                     os.path.join(CLINICS, c2 + ".yaml"), "-o", alone], timeout=60)
            batch = os.path.join(tmp, "attachment-%s-%s.pdf" % (c2, l2))
            same = os.path.isfile(alone) and os.path.isfile(batch) and open(alone, "rb").read() == open(batch, "rb").read()
            rep.check("e2e/clinic/alone-equals-batch-%s-%s" % (c2, l2), same, "bytes differ")

        # one broken clinic file in a batch: exit 1, the other editions still written
        bad = os.path.join(tmp, "mixed")
        os.makedirs(os.path.join(bad, "out"))
        for i in range(9):
            with open(os.path.join(bad, "c%d.yaml" % i), "w") as f:
                f.write("trifold-clinic: 1\nbase: en\n%s: Clinic %d\nphone: (555) 010-01%02d\n"
                        % ("nmae" if i == 4 else "name", i, i))
        r = lib.run([lib.TRIFOLD, "build", BROCHURE, "--clinic", bad, "-o",
                     os.path.join(bad, "out", "{clinic}.pdf")], timeout=120)
        made = sorted(os.listdir(os.path.join(bad, "out")))
        rep.check("e2e/clinic/batch-one-bad", r.returncode == 1 and len(made) == 8 and "c4.pdf" not in made
                  and "c4.yaml:3:1: error: unknown key 'nmae'" in r.stderr,
                  "exit %d, wrote %s, stderr %s" % (r.returncode, made, lib.short(r.stderr, 200)))
        # a clinic name with a word too wide for the room beside the QR code
        # (names never hyphenate): the name goes above the code at full width,
        # and the edition builds with the whole name on the cover panel
        longname = "Kinder- und Jugendlichenpsychotherapeutische Ambulanz Rheinland-Pfalz"
        src = open(os.path.join(CLINICS, "riverside.yaml"), encoding="utf-8").read()
        ln_dir = os.path.join(tmp, "longname")
        os.makedirs(ln_dir)
        shutil.copy(os.path.join(CLINICS, "riverside-logo.png"), ln_dir)
        with open(os.path.join(ln_dir, "riverside.yaml"), "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^name: .*$", "name: " + longname, src))
        out = os.path.join(tmp, "longname.pdf")
        r = lib.run([lib.TRIFOLD, "build", BROCHURE, "--lang", "en", "--clinic",
                     os.path.join(ln_dir, "riverside.yaml"), "-o", out], timeout=120)
        pages = lib.pdftotext_words(out) if r.returncode == 0 else []
        text = " ".join(w.text for page in pages for line in page for w in line)
        rep.check("e2e/clinic/long-name", r.returncode == 0 and "Jugendlichenpsychotherapeutische" in text,
                  "exit %d: %s" % (r.returncode, lib.short(r.stderr, 300)))
        # a batch syncs once at its end (not a fsync per PDF): when that sync
        # fails (a shim makes syncfs fail with EIO), the batch exits 3 with
        # one error that is the batch's, not its last edition's
        shim_c, shim = os.path.join(tmp, "failsync.c"), os.path.join(tmp, "failsync.so")
        with open(shim_c, "w") as f:
            f.write("#define _GNU_SOURCE\n#include <errno.h>\nint syncfs(int fd) { (void)fd; errno = EIO; return -1; }\n")
        cc = lib.run(["cc", "-shared", "-fPIC", "-o", shim, shim_c])
        env = dict(os.environ, LD_PRELOAD=shim, TRIFOLD_JOBS="1")
        # under make asan the shim comes before ASan's runtime: let it
        asan = os.environ.get("ASAN_OPTIONS", "")
        env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "verify_asan_link_order=0"
        r = subprocess.run([lib.TRIFOLD, "build", BROCHURE, "--lang", "en", "--clinic", CLINICS, "-o",
                            os.path.join(tmp, "sync", "{clinic}.pdf")], env=env, capture_output=True, text=True,
                           timeout=120)
        errs = [ln for ln in r.stderr.splitlines() if ": error: " in ln]
        rep.check("e2e/clinic/batch-sync-fails", cc.returncode == 0 and r.returncode == 3 and len(errs) == 1
                  and "could not be synced to disk" in errs[0] and errs[0].endswith("[attachment]"),
                  "cc %d, exit %d: %s" % (cc.returncode, r.returncode, lib.short(" | ".join(errs) or r.stderr, 300)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lib.exit_with(rep)


if __name__ == "__main__":
    sys.exit(main())
