#!/usr/bin/env python3
"""Press output (PDF/X-4, CMYK) checked with tools independent of trifold:
Ghostscript's tiffsep device, pikepdf, LittleCMS's transicc.

  e2e/press/preflight/<edition>  `check --press` passes on every press
                                 edition (every brochure and language, and
                                 the clinic editions): exit 0, "0 errors"
  e2e/press/preflight-ink        a theme colour over the ink limit stops
                                 `check --press` and `build --press` (exit 1)
  e2e/press/pdfx                 pikepdf: PDF 1.6, OutputIntent GTS_PDFX with
                                 a CMYK output profile (N 4, 'prtr' 'CMYK'),
                                 OutputConditionIdentifier FOGRA39,
                                 GTS_PDFXVersion PDF/X-4 and Trapped False in
                                 Info and XMP, pdfuaid part 1, StructTreeRoot,
                                 TrimBox in BleedBox in MediaBox on every page,
                                 no annotations, every font embedded
  e2e/press/devicecmyk           no RGB operator in press content streams;
                                 marks in /Separation /All; black text overprints
  e2e/press/office-icc           office output paints in ICCBased sRGB (N 3),
                                 no DeviceRGB operators, no OutputIntent
  e2e/press/sep-black-text       tiffsep: body words are on the black plate only
  e2e/press/sep-marks            tiffsep: crop marks are on all four plates
  e2e/press/sep-ink-limit        tiffsep: total ink inside the BleedBox <= 300 %
  e2e/press/transicc             transicc converts the theme's colours
                                 (relative colorimetric + BPC) to what the PDF
                                 holds within 0.2 %; the text grey's K-only
                                 value prints as light as transicc's 4-ink grey
  e2e/press/cmyk-theme           cmyk(...) theme colours pass to press output
                                 as written
  e2e/press/proof                --proof: an optional content group shown on
                                 screen and not printed, no PDF/X claim
  e2e/press/slug                 --slug: the slug line is outside the trim
"""

import os
import re
import shutil
import subprocess
import sys

# pikepdf and PIL are Debian packages (python3-pikepdf, python3-pil): when
# the python3 on PATH is another one, run under Debian's.
try:
    import pikepdf
    from PIL import Image
except ImportError:
    if os.path.exists("/usr/bin/python3") and sys.executable != "/usr/bin/python3" \
            and not os.environ.get("TRIFOLD_PRESS_REEXEC"):
        os.environ["TRIFOLD_PRESS_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    pikepdf = Image = None

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

PRE = "e2e/press/"
PROFILE = os.path.join(os.path.dirname(lib.TRIFOLD), "FOGRA39L.icc")


def ops(pdf, page):
    return pikepdf.parse_content_stream(pdf.pages[page])


def fill_cmyk(pdf):
    """Every DeviceCMYK fill colour set in the content streams, in percent."""
    out = set()
    for i in range(len(pdf.pages)):
        for operands, op in ops(pdf, i):
            if str(op) == "k":
                out.add(tuple(round(float(v) * 100, 1) for v in operands))
    return out


def transicc(args, values):
    r = subprocess.run(["transicc"] + args + ["-n"], input=" ".join(map(str, values)) + "\n",
                       capture_output=True, text=True)
    nums = re.findall(r"-?\d+\.\d+", r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else []
    return [float(v) for v in nums]


def passed(r):
    """Exit 0, or 1 only because an edition missed a patient-material
    threshold (pmcheck: check fails those too; not a press problem)."""
    errors = [l for l in r.stderr.splitlines() if ": error: " in l and not lib.PM_DIAG.match(l)]
    return r.returncode == 0 or (r.returncode == 1 and not errors)


def check_preflight(rep):
    for b in lib.brochures():
        langs = lib.load_yaml(os.path.join(lib.CONTENT, b, "brochure.yaml")).get("languages") or []
        for lang in langs:
            r = lib.run([lib.TRIFOLD, "check", os.path.join(lib.CONTENT, b), "--press", "--lang", lang])
            rep.check(PRE + "preflight/%s-%s" % (b, lang),
                      passed(r) and re.search(r"preflight \(FOGRA39.*\): 0 errors", r.stdout),
                      "exit %d: %s %s" % (r.returncode, lib.short(r.stdout[-200:], 200),
                                          lib.short(r.stderr, 300)))
        clinics = os.path.join(lib.CONTENT, "clinics")
        if os.path.isdir(clinics):
            r = lib.run([lib.TRIFOLD, "check", os.path.join(lib.CONTENT, b), "--press", "--lang", "all",
                         "--clinic", clinics])
            n = len(re.findall(r"preflight \(FOGRA39.*\): 0 errors", r.stdout))
            rep.check(PRE + "preflight/%s-clinics" % b, passed(r) and n >= len(langs),
                      "exit %d, %d editions passed: %s" % (r.returncode, n, lib.short(r.stderr, 300)))


def check_ink_limit(rep, tmp):
    os.makedirs(os.path.join(tmp, "ink"))
    proj = lib.temp_project(os.path.join(tmp, "ink"), "attachment")
    path = os.path.join(proj, "brochure.yaml")
    src = open(path, encoding="utf-8").read()
    src = re.sub(r'accent: "#[0-9a-f]{6}"', 'accent: "cmyk(100, 100, 100, 60)"', src)
    open(path, "w", encoding="utf-8").write(src)
    c = lib.run([lib.TRIFOLD, "check", proj, "--press"])
    b = lib.run([lib.TRIFOLD, "build", proj, "--press", "-o", os.path.join(tmp, "ink.pdf")])
    rep.check(PRE + "preflight-ink",
              c.returncode == 1 and "over the FOGRA39 limit of 300 %" in c.stderr and
              b.returncode == 1 and "theme colour accent needs 360" in b.stderr,
              "check exit %d %s; build exit %d %s" % (c.returncode, lib.short(c.stderr, 200),
                                                      b.returncode, lib.short(b.stderr, 200)))


def check_pdfx(rep, path):
    why = []
    pdf = pikepdf.open(path)
    if pdf.pdf_version != "1.6":
        why.append("version %s" % pdf.pdf_version)
    root = pdf.Root
    ois = root.get("/OutputIntents")
    oi = ois[0] if ois is not None and len(ois) == 1 else None
    if oi is None or oi.get("/S") != "/GTS_PDFX":
        why.append("no GTS_PDFX OutputIntent")
    else:
        if str(oi.get("/OutputConditionIdentifier")) != "FOGRA39":
            why.append("OutputConditionIdentifier %r" % oi.get("/OutputConditionIdentifier"))
        prof = oi.get("/DestOutputProfile")
        data = prof.read_bytes() if prof is not None else b""
        if prof is None or int(prof.get("/N", 0)) != 4 or data[12:16] != b"prtr" or data[16:20] != b"CMYK":
            why.append("DestOutputProfile is not a CMYK output profile")
    info = pdf.trailer.Info
    if str(info.get("/GTS_PDFXVersion")) != "PDF/X-4" or info.get("/Trapped") != "/False":
        why.append("Info GTS_PDFXVersion %r Trapped %r" % (info.get("/GTS_PDFXVersion"),
                                                          info.get("/Trapped")))
    xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
    for want in ("<pdfxid:GTS_PDFXVersion>PDF/X-4<", "<pdf:Trapped>False<", "<pdfuaid:part>1<",
                 "<xmpMM:DocumentID>uuid:", "<xmpMM:RenditionClass>default<"):
        if want not in xmp:
            why.append("XMP lacks %s" % want)
    if "/StructTreeRoot" not in root or root.MarkInfo.get("/Marked") is not True:
        why.append("not tagged")
    for i, page in enumerate(pdf.pages):
        boxes = {k: [float(v) for v in page.obj.get(k, [])] for k in ("/MediaBox", "/BleedBox", "/TrimBox")}
        m, b, t = boxes["/MediaBox"], boxes["/BleedBox"], boxes["/TrimBox"]
        inside = lambda a, o: len(a) == 4 and len(o) == 4 and a[0] >= o[0] and a[1] >= o[1] \
            and a[2] <= o[2] and a[3] <= o[3]
        if not (inside(t, b) and inside(b, m) and t != b):
            why.append("page %d boxes %r" % (i + 1, boxes))
        if page.obj.get("/Annots"):
            why.append("page %d has %d annotations" % (i + 1, len(page.obj.Annots)))
        fonts = page.obj.Resources.get("/Font") or {}
        for name, font in ((k, fonts[k]) for k in fonts.keys()):
            desc = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                why.append("font %s not embedded" % name)
    rep.check(PRE + "pdfx", not why, "; ".join(why[:4]))
    return pdf


def check_devicecmyk(rep, pdf):
    why = []
    gs_op = False
    for i in range(len(pdf.pages)):
        page = pdf.pages[i]
        for operands, op in ops(pdf, i):
            o = str(op)
            if o in ("rg", "RG", "sc", "SC") or (o in ("cs", "CS") and str(operands[0]) != "/CSall"):
                why.append("page %d: %s %s" % (i + 1, [str(v) for v in operands], o))
                break
            if o == "gs" and str(operands[0]) == "/GSop":
                gs_op = True
        cs = page.obj.Resources.get("/ColorSpace") or {}
        alls = [cs[k] for k in cs.keys()]
        alls = [v for v in alls if isinstance(v, pikepdf.Array) and len(v) > 1
                and str(v[0]) == "/Separation" and str(v[1]) == "/All"]
        if not alls:
            why.append("page %d: no /Separation /All colour space" % (i + 1))
        gs = page.obj.Resources.get("/ExtGState") or {}
        g = gs.get("/GSop")
        if g is None or g.get("/OP") is not True or g.get("/op") is not True or int(g.get("/OPM")) != 1:
            why.append("page %d: no overprint state" % (i + 1))
    if not gs_op:
        why.append("no overprint in use")
    rep.check(PRE + "devicecmyk", not why, "; ".join(why[:4]))


def check_office(rep, path):
    why = []
    pdf = pikepdf.open(path)
    if "/OutputIntents" in pdf.Root:
        why.append("office file has an OutputIntent")
    for i in range(len(pdf.pages)):
        for operands, op in ops(pdf, i):
            if str(op) in ("rg", "RG", "k", "K"):
                why.append("page %d: device colour operator %s" % (i + 1, op))
                break
        cs = pdf.pages[i].obj.Resources.get("/ColorSpace") or {}
        icc = cs.get("/CSsrgb")
        if icc is None or str(icc[0]) != "/ICCBased" or int(icc[1].get("/N")) != 3 \
                or icc[1].read_bytes()[16:20] != b"RGB ":
            why.append("page %d: no ICCBased sRGB space" % (i + 1))
    rep.check(PRE + "office-icc", not why, "; ".join(why[:3]))


def separate(path, tmp, page):
    out = os.path.join(tmp, "sep%d.tif" % page)
    r = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72",
                        "-dFirstPage=%d" % page, "-dLastPage=%d" % page, "-sOutputFile=" + out, path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("gs: " + r.stderr)
    plates = {}
    for n in ("Cyan", "Magenta", "Yellow", "Black"):
        im = Image.open(os.path.join(tmp, "sep%d(%s).tif" % (page, n)))
        plates[n] = (im.size, im.load())     # 255: no ink, 0: solid
    return plates


def ink(plates, n, x, y):
    return 255 - plates[n][1][x, y]


def check_separations(rep, path, tmp):
    pdf = pikepdf.open(path)
    words = lib.pdftotext_words(path)
    black_why, marks_why, limit_why = [], [], []
    for page in (1, 2):
        plates = separate(path, tmp, page)
        (w, h), _ = plates["Black"]
        media = [float(v) for v in pdf.pages[page - 1].obj.MediaBox]
        bleed = [float(v) for v in pdf.pages[page - 1].obj.BleedBox]
        trim = [float(v) for v in pdf.pages[page - 1].obj.TrimBox]
        # body words: the first words of the inside page (body text colour)
        if page == 2:
            body = [wd for ln in words[1] for wd in ln if wd.text in ("Some", "childhood", "problems", "worry")][:4]
            if len(body) < 4:
                black_why.append("body words not found")
            for wd in body:
                on = {n: 0 for n in ("Cyan", "Magenta", "Yellow", "Black")}
                for y in range(int(wd.y0), int(wd.y1)):
                    for x in range(int(wd.x0), int(wd.x1)):
                        for n in on:
                            on[n] = max(on[n], ink(plates, n, x, y))
                if not on["Black"] or on["Cyan"] or on["Magenta"] or on["Yellow"]:
                    black_why.append("%r: %r" % (wd.text, on))
        # crop marks: the vertical mark below the trim's bottom-left corner
        x = int(round(trim[0] - media[0]))
        ys = range(int(media[3] - (bleed[1] - 3)), int(media[3] - media[1]) - 1)
        for n in ("Cyan", "Magenta", "Yellow", "Black"):
            if not any(ink(plates, n, xx, yy) > 100 for yy in ys for xx in (x - 1, x, x + 1) if 0 <= yy < h):
                marks_why.append("page %d: no crop mark on the %s plate" % (page, n))
        # total ink inside the BleedBox
        x0, x1 = int(bleed[0] - media[0]) + 1, int(bleed[2] - media[0]) - 1
        y0, y1 = int(media[3] - bleed[3]) + 1, int(media[3] - bleed[1]) - 1
        worst = 0
        for y in range(y0, y1):
            for x in range(x0, x1, 1):
                s = sum(ink(plates, n, x, y) for n in ("Cyan", "Magenta", "Yellow", "Black"))
                worst = max(worst, s)
        if worst * 100 / 255 > 301:
            limit_why.append("page %d: %.1f %% ink" % (page, worst * 100 / 255))
        print("note %s: page %d max ink inside the bleed %.1f %%" % (PRE, page, worst * 100 / 255))
    rep.check(PRE + "sep-black-text", not black_why, "; ".join(black_why[:3]))
    rep.check(PRE + "sep-marks", not marks_why, "; ".join(marks_why[:3]))
    rep.check(PRE + "sep-ink-limit", not limit_why, "; ".join(limit_why))


def check_transicc(rep, pdf):
    why = []
    have = fill_cmyk(pdf)
    theme = lib.load_yaml(os.path.join(lib.CONTENT, "attachment", "brochure.yaml"))["theme"]["colors"]
    for key in ("heading", "accent", "tint"):
        hexv = theme[key].lstrip("#")
        rgb = [int(hexv[i:i + 2], 16) for i in (0, 2, 4)]
        want = transicc(["-i", "*sRGB", "-o", PROFILE, "-t", "1", "-b"], rgb)
        close = [c for c in have if len(want) == 4 and all(abs(a - b) <= 0.2 for a, b in zip(c, want))]
        if not close:
            why.append("%s %s: transicc %s, PDF has %s" % (key, theme[key], want, sorted(have)[:6]))
    # the text grey: K only, as light as the four-ink grey transicc makes
    hexv = theme["text"].lstrip("#")
    rgb = [int(hexv[i:i + 2], 16) for i in (0, 2, 4)]
    four = transicc(["-i", "*sRGB", "-o", PROFILE, "-t", "1", "-b"], rgb)
    l4 = transicc(["-i", PROFILE, "-o", "*Lab", "-t", "1"], four)
    konly = [c for c in have if c[0] == c[1] == c[2] == 0 and c[3] > 50]
    if not konly or not l4:
        why.append("no K-only text colour (%s) or transicc failed (%s)" % (sorted(have), l4))
    else:
        k = max(konly, key=lambda c: c[3])[3]
        lk = transicc(["-i", PROFILE, "-o", "*Lab", "-t", "1"], [0, 0, 0, k])
        if not lk or abs(lk[0] - l4[0]) > 0.5:
            why.append("K %.1f %% prints L* %s, the 4-ink grey %s" % (k, lk, l4))
    rep.check(PRE + "transicc", not why, "; ".join(why))


def check_cmyk_theme(rep, tmp):
    os.makedirs(os.path.join(tmp, "cmyk"))
    proj = lib.temp_project(os.path.join(tmp, "cmyk"), "attachment")
    path = os.path.join(proj, "brochure.yaml")
    src = open(path, encoding="utf-8").read()
    src = re.sub(r'heading: "#[0-9a-f]{6}"', 'heading: "cmyk(90, 20, 40, 30)"', src)
    open(path, "w", encoding="utf-8").write(src)
    out = os.path.join(tmp, "cmyk.pdf")
    r = lib.run([lib.TRIFOLD, "build", proj, "--press", "-o", out])
    have = fill_cmyk(pikepdf.open(out)) if r.returncode == 0 else set()
    rep.check(PRE + "cmyk-theme", (90.0, 20.0, 40.0, 30.0) in have,
              "exit %d %s; colours %s" % (r.returncode, lib.short(r.stderr, 200), sorted(have)[:5]))


def check_proof_slug(rep, tmp):
    out = os.path.join(tmp, "proof.pdf")
    r = lib.run([lib.TRIFOLD, "build", os.path.join(lib.CONTENT, "attachment"), "--press", "--proof",
                 "--slug", "-o", out])
    why = []
    if r.returncode != 0:
        rep.fail(PRE + "proof", lib.short(r.stderr, 200))
        rep.fail(PRE + "slug", lib.short(r.stderr, 200))
        return
    pdf = pikepdf.open(out)
    ocp = pdf.Root.get("/OCProperties")
    if ocp is None:
        why.append("no OCProperties")
    else:
        ocg = ocp.OCGs[0]
        if ocg.Usage.Print.PrintState != "/OFF" or ocg.Usage.View.ViewState != "/ON":
            why.append("Usage %r" % ocg.Usage)
        ev = ocp.D.AS[0]
        if ev.Event != "/Print" or "/Print" not in [str(c) for c in ev.Category]:
            why.append("no print event")
    for i in range(len(pdf.pages)):
        props = pdf.pages[i].obj.Resources.get("/Properties") or {}
        if "/OCproof" not in props:
            why.append("page %d: proof layer not used" % (i + 1))
        seq = [(str(op), [str(v) if isinstance(v, pikepdf.Name) else "" for v in operands])
               for operands, op in ops(pdf, i)]
        if not any(o == "BDC" and a[:2] == ["/OC", "/OCproof"] for o, a in seq):
            why.append("page %d: no /OC BDC" % (i + 1))
    if "/GTS_PDFXVersion" in pdf.trailer.Info:
        why.append("a proof claims PDF/X")
    rep.check(PRE + "proof", not why, "; ".join(why[:3]))
    words = lib.pdftotext_words(out)
    trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
    media = [float(v) for v in pdf.pages[0].obj.MediaBox]
    slug = [w for ln in words[0] for w in ln if w.text == "press"]
    bottom_trim = media[3] - trim[1]          # pdftotext: y from the top
    rep.check(PRE + "slug", slug and all(w.y0 > bottom_trim for w in slug),
              "slug words %r (trim bottom at %.1f)" % ([(w.text, w.y0) for w in slug], bottom_trim))


def main():
    rep = lib.Report()
    names = [PRE + n for n in ("preflight-ink", "pdfx", "devicecmyk", "office-icc", "sep-black-text",
                               "sep-marks", "sep-ink-limit", "transicc", "cmyk-theme", "proof", "slug")]
    if not lib.preflight(rep, names):
        lib.exit_with(rep)
    missing = [t for t in ("gs", "transicc") if not shutil.which(t)]
    if pikepdf is None or missing or not os.path.exists(PROFILE):
        for n in names:
            rep.fail(n, "needs python3-pikepdf, python3-pil, ghostscript, liblcms2-utils and %s "
                     "(make); missing: %s" % (PROFILE, missing or "pikepdf/PIL"))
        lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        check_preflight(rep)
        check_ink_limit(rep, tmp)
        press = os.path.join(tmp, "press.pdf")
        office = os.path.join(tmp, "office.pdf")
        att = os.path.join(lib.CONTENT, "attachment")
        r1 = lib.build(att, "en", press, press=True)
        r2 = lib.build(att, "en", office)
        if r1.returncode or r2.returncode:
            for n in names[1:]:
                rep.fail(n, "build failed: " + lib.short(r1.stderr + r2.stderr, 200))
            lib.exit_with(rep)
        pdf = check_pdfx(rep, press)
        check_devicecmyk(rep, pdf)
        check_office(rep, office)
        check_separations(rep, press, tmp)
        check_transicc(rep, pdf)
        check_cmyk_theme(rep, tmp)
        check_proof_slug(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lib.exit_with(rep)


if __name__ == "__main__":
    main()
