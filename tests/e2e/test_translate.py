"""Translators and batches at scale (issue 15): PO exchange, translation
status and staleness, restructured stories, batch messages, summary,
manifest and shards. Each check works on a temp copy of content/attachment
(lib.temp_project), run from the copy's root so paths print as
content/attachment/...; the PO files are read back by gettext's own tools
(msgfmt --check), never by a parser of ours.

  po/msgfmt-<lang>     every shipped translation exports a PO file that
                       `msgfmt --check` accepts
  po/round-trip        export -> import -> export gives the same PO; a second
                       import gives the same language file byte for byte; the
                       edition built from the imported file is byte-identical
                       to the one built before
  po/de-shipped        content/attachment/po/de.po imported over a copy
                       reproduces content/attachment/de.yaml byte for byte
                       (the German edition is made through export and import)
  po/new-language      a language without a file exports every entry with an
                       empty msgstr; import writes a file that loads
  stale/edit-base      after one base text changes: status says 1 stale and
                       names its key; check lists it ("stale: <key>"); export
                       marks exactly that entry fuzzy; mark-translated clears it
  stale/import-fuzzy   a fuzzy entry imported keeps its old hash (still stale)
  restructure/de       de's story 'find' replaces its blocks: no fallback in it,
                       its two paragraphs are in the PDF, its key is
                       "stories.find"; editing the base story makes it stale
  restructure/beside   `_blocks` beside other keys is an error
  batch/messages       a clinic file whose error shows in every language is
                       said once with the editions it applies to; the batch
                       ends "N of M editions written, K failed", exit 1
  batch/fail-fast      --fail-fast stops after the first failure
  batch/status-line    build prints one status line per language, clinic
                       texts included (what check lists as fallbacks)
  batch/lang-outside   --lang TAG outside `languages:` warns; --lang all leaves
                       it out
  shard/union          shards 1/3, 2/3, 3/3 make disjoint sets whose union is
                       byte-identical to the whole batch; their manifests
                       together equal the whole batch's; every sha256 and byte
                       count in the manifest matches its file
"""
import hashlib
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

LANGS = ["es", "vi", "zh-Hans", "ar", "de"]


def tf(args, cwd, **kw):
    return lib.run([lib.TRIFOLD] + args, cwd=cwd, **kw)


def read(p, mode="r"):
    with open(p, mode) as f:
        return f.read()


def msgfmt_ok(path):
    r = lib.run(["msgfmt", "--check", "-o", os.devnull, path])
    return r.returncode == 0 and not r.stderr.strip(), r.stderr


def project(tmp, name):
    root = os.path.join(tmp, name)
    os.makedirs(root)
    lib.temp_project(root, "attachment")
    return root


def check_po(rep, tmp):
    root = project(tmp, "po")
    b = "content/attachment"
    for lang in LANGS:
        po = os.path.join(tmp, "x-%s.po" % lang)
        r = tf(["export", b, "--lang", lang, "--format", "po", "-o", po], root)
        ok, err = msgfmt_ok(po) if r.returncode == 0 else (False, r.stderr)
        rep.check("e2e/translate/po/msgfmt-" + lang, ok, err)

    # round trip through es
    pdf1, pdf2 = os.path.join(tmp, "es1.pdf"), os.path.join(tmp, "es2.pdf")
    po1, po2 = os.path.join(tmp, "rt1.po"), os.path.join(tmp, "rt2.po")
    tf(["build", b, "--lang", "es", "-o", pdf1], root)
    r1 = tf(["export", b, "--lang", "es", "--format", "po", "-o", po1], root)
    r2 = tf(["import", po1, b], root)
    y1 = read(os.path.join(root, b, "es.yaml"), "rb")
    r3 = tf(["export", b, "--lang", "es", "--format", "po", "-o", po2], root)
    r4 = tf(["import", po2, b], root)
    y2 = read(os.path.join(root, b, "es.yaml"), "rb")
    tf(["build", b, "--lang", "es", "-o", pdf2], root)
    why = []
    if any(r.returncode for r in (r1, r2, r3, r4)):
        why.append("exit codes %s" % [r.returncode for r in (r1, r2, r3, r4)])
    elif read(po1, "rb") != read(po2, "rb"):
        why.append("the second export differs")
    elif y1 != y2:
        why.append("the second import differs")
    elif read(pdf1, "rb") != read(pdf2, "rb"):
        why.append("the edition built from the imported file differs")
    rep.check("e2e/translate/po/round-trip", not why, "; ".join(why))

    # the shipped German edition is what its PO file gives
    de_po = os.path.join(lib.ROOT, "content", "attachment", "po", "de.po")
    r = tf(["import", de_po, b], root)
    got = read(os.path.join(root, b, "de.yaml"), "rb")
    want = read(os.path.join(lib.CONTENT, "attachment", "de.yaml"), "rb")
    rep.check("e2e/translate/po/de-shipped", r.returncode == 0 and got == want,
              "exit %d, %s" % (r.returncode, "same" if got == want else "de.yaml differs"))

    # a language with no file yet
    po = os.path.join(tmp, "fr.po")
    r = tf(["export", b, "--lang", "fr", "--format", "po", "-o", po], root)
    text = read(po) if r.returncode == 0 else ""
    n_ctx = text.count("\nmsgctxt ")
    filled = len(re.findall(r'\nmsgstr "[^"]', text))
    ok = r.returncode == 0 and n_ctx > 40 and filled == 0
    if ok:
        text = re.sub(r'(msgctxt "meta.title"\nmsgid "[^\n]*"\n)msgstr ""',
                      lambda m: m.group(1) + 'msgstr "Les liens d\'attachement des enfants"', text, count=1)
        with open(po, "w") as f:
            f.write(text)
        r = tf(["import", po, b], root)
        st = tf(["status", b, "--lang", "fr"], root)
        ok = r.returncode == 0 and re.search(r"^fr: 1 translated, \d+ fall back to en, 0 stale", st.stdout, re.M)
    rep.check("e2e/translate/po/new-language", ok, "exit %d, %d entries, %d filled: %s" % (
        r.returncode, n_ctx, filled, lib.short(r.stderr, 200)))


def check_stale(rep, tmp):
    root = project(tmp, "stale")
    b = "content/attachment"
    po = os.path.join(tmp, "st.po")
    tf(["export", b, "--lang", "es", "--format", "po", "-o", po], root)
    tf(["import", po, b], root)                        # es.yaml now records its sources
    en = os.path.join(root, b, "en.yaml")
    s = read(en)
    s2 = s.replace("Early bonds shape relationships for life", "Early bonds shape how we relate for life", 1)
    with open(en, "w") as f:
        f.write(s2)
    st = tf(["status", b, "--lang", "es"], root)
    ck = tf(["check", b, "--lang", "es"], root)
    ex = tf(["export", b, "--lang", "es", "--format", "po"], root)
    fuzzy = re.findall(r'#, fuzzy\nmsgctxt "([^"]+)"', ex.stdout)
    why = []
    if s2 == s:
        why.append("the base text to edit is not in en.yaml any more")
    if not re.search(r"^es: \d+ translated, 0 fall back to en, 1 stale$", st.stdout, re.M):
        why.append("status: %r" % st.stdout[:200])
    if "  stale: stories.body.intro2 (" not in st.stdout:
        why.append("status does not name the key")
    if not any(l.startswith("  stale: stories.body.intro2 (base text at content/attachment/en.yaml:")
               for l in ck.stdout.splitlines()):
        why.append("check does not list it: %r" % ck.stdout[-300:])
    if fuzzy != ["stories.body.intro2"]:
        why.append("fuzzy entries %s" % fuzzy)
    rep.check("e2e/translate/stale/edit-base", not why, "; ".join(why))

    # importing the PO with the entry still fuzzy keeps it stale
    po2 = os.path.join(tmp, "st2.po")
    with open(po2, "w") as f:
        f.write(ex.stdout)
    tf(["import", po2, b], root)
    st = tf(["status", b, "--lang", "es"], root)
    rep.check("e2e/translate/stale/import-fuzzy", re.search(r"^es: .*, 1 stale$", st.stdout, re.M), st.stdout[:200])

    r = tf(["mark-translated", b, "--lang", "es", "stories.body.intro2"], root)
    st = tf(["status", b, "--lang", "es"], root)
    rep.check("e2e/translate/stale/mark-translated",
              r.returncode == 0 and re.search(r"^es: .*, 0 stale$", st.stdout, re.M), st.stdout[:200] + r.stderr)


def check_restructure(rep, tmp):
    root = project(tmp, "rs")
    b = "content/attachment"
    ck = tf(["check", b, "--lang", "de"], root)
    pdf = os.path.join(tmp, "de.pdf")
    tf(["build", b, "--lang", "de", "-o", pdf], root)
    txt = lib.run(["pdftotext", "-enc", "UTF-8", pdf, "-"]).stdout
    why = []
    if any(l.startswith("  fallback: stories.find") for l in ck.stdout.splitlines()):
        why.append("find falls back")
    for s in ("Sie suchen eine Therapeutin oder einen Therapeuten in Ihrer", "Der TherapistLocator der AAMFT"):
        if s not in " ".join(txt.split()):
            why.append("%r not in the PDF" % s)
    en = os.path.join(root, b, "en.yaml")
    s = read(en)
    with open(en, "w") as f:
        f.write(s.replace("Need a therapist near you?", "Looking for a therapist near you?", 1))
    st = tf(["status", b, "--lang", "de"], root)
    if not re.search(r"^de: \d+ translated, 0 fall back to en, 1 stale$", st.stdout, re.M) or \
            "  stale: stories.find (" not in st.stdout:
        why.append("status after editing the base story: %r" % st.stdout[:200])
    rep.check("e2e/translate/restructure/de", not why, "; ".join(why))

    de = os.path.join(root, b, "de.yaml")
    d = read(de)
    with open(de, "w") as f:
        f.write(d.replace("  find:\n    _blocks:\n", "  find:\n    extra: Noch ein Absatz.\n    _blocks:\n", 1))
    r = tf(["check", b, "--lang", "de"], root)
    rep.check("e2e/translate/restructure/beside",
              r.returncode == 1 and "'_blocks' replaces story 'find' as a whole: it cannot stand beside other keys"
              in r.stderr, r.stderr[:300])


def check_batch(rep, tmp):
    root = project(tmp, "batch")
    b = "content/attachment"
    clin = os.path.join(root, "clinics")
    shutil.copytree(os.path.join(lib.CONTENT, "clinics"), clin)
    # a clinic whose referral removal names no contact: the same error in every language
    bad = os.path.join(clin, "broken.yaml")
    s = read(os.path.join(clin, "lakeside.yaml"))
    s = re.sub(r"(?m)^referrals:\n", "referrals:\n  remove: [nosuch]\n", s, count=1)
    with open(bad, "w") as f:
        f.write(s)
    out = os.path.join(tmp, "b", "{brochure}-{clinic}-{lang}.pdf")
    r = tf(["build", b, "--lang", "en,es", "--clinic", clin, "-o", out], root)
    lines = r.stderr.splitlines()
    errs = [l for l in lines if ": error: " in l]
    summary = [l for l in lines if lib.SUMMARY_LINE.match(l)]
    why = []
    if "remove: [nosuch]" not in s:
        why.append("could not make the broken clinic")
    if len(errs) != 1 or not errs[0].endswith("[attachment/broken/en, attachment/broken/es]"):
        why.append("errors %r" % errs)
    if summary != ["attachment: 4 of 6 editions written, 2 failed, 0 warnings"] and not (
            len(summary) == 1 and summary[0].startswith("attachment: 4 of 6 editions written, 2 failed, ")):
        why.append("summary %r" % summary)
    if r.returncode != 1:
        why.append("exit %d" % r.returncode)
    rep.check("e2e/translate/batch/messages", not why, "; ".join(why) + " | " + lib.short(r.stderr, 300))

    r = tf(["build", b, "--lang", "en,es", "--clinic", clin, "-o", out, "--fail-fast"], root,
           env={"TRIFOLD_JOBS": "1"})
    m = [lib.SUMMARY_LINE.match(l) for l in r.stderr.splitlines() if lib.SUMMARY_LINE.match(l)]
    rep.check("e2e/translate/batch/fail-fast",
              r.returncode == 1 and len(m) == 1 and int(m[0].group("failed")) == 1 and "not made" in r.stderr,
              lib.short(r.stderr, 300))

    os.remove(bad)
    r = tf(["build", b, "--lang", "es", "--clinic", clin, "-o", out], root)
    c = tf(["check", b, "--lang", "es", "--clinic", clin], root)
    n_listed = sum(1 for l in c.stdout.splitlines() if l.startswith("  fallback: "))
    st = [lib.STATUS_LINE.match(l) for l in r.stderr.splitlines() if lib.STATUS_LINE.match(l)]
    rep.check("e2e/translate/batch/status-line",
              len(st) == 1 and int(st[0].group("fb")) == n_listed and n_listed > 0
              and int(st[0].group("clinic") or 0) == n_listed,
              "status %r, check lists %d" % ([x.group(0) for x in st], n_listed))

    # a language file outside `languages:`
    by = os.path.join(root, b, "brochure.yaml")
    t = read(by)
    with open(by, "w") as f:
        f.write(t.replace(", de]", "]"))
    r1 = tf(["build", b, "--lang", "de", "-o", os.path.join(tmp, "x.pdf")], root)
    r2 = tf(["check", b, "--lang", "all"], root)
    want = "trifold: warning: language 'de' is not in content/attachment/brochure.yaml's languages " \
           "(--lang all leaves it out)"
    rep.check("e2e/translate/batch/lang-outside",
              ", de]" in t and r1.returncode == 0 and want in r1.stderr and "attachment (de)" not in r2.stdout,
              lib.short(r1.stderr, 200))


def check_shards(rep, tmp):
    root = project(tmp, "sh")
    b = "content/attachment"
    clin = os.path.join(lib.CONTENT, "clinics")
    whole = os.path.join(tmp, "whole")
    r = tf(["build", b, "--lang", "all", "--clinic", clin, "-o", whole + "/", "--manifest",
            os.path.join(tmp, "whole.jsonl")], root)
    why = []
    if r.returncode != 0:
        why.append("whole batch exit %d: %s" % (r.returncode, lib.short(r.stderr, 200)))
    parts, manifests = [], []
    for k in (1, 2, 3):
        d = os.path.join(tmp, "part%d" % k)
        mf = os.path.join(tmp, "part%d.jsonl" % k)
        r = tf(["build", b, "--lang", "all", "--clinic", clin, "-o", d + "/", "--shard", "%d/3" % k,
                "--manifest", mf], root)
        if r.returncode != 0:
            why.append("shard %d exit %d" % (k, r.returncode))
            continue
        parts.append(d)
        manifests += [json.loads(l) for l in read(mf).splitlines()]
    names = [sorted(os.listdir(p)) for p in parts]
    union = sorted(n for ns in names for n in ns)
    want = sorted(os.listdir(whole)) if os.path.isdir(whole) else []
    if len(union) != len(set(union)):
        why.append("shards overlap")
    if union != want or not want:
        why.append("union %d files, whole batch %d" % (len(union), len(want)))
    for p in parts:
        for n in os.listdir(p):
            if read(os.path.join(p, n), "rb") != read(os.path.join(whole, n), "rb"):
                why.append("%s differs" % n)
    wm = [json.loads(l) for l in read(os.path.join(tmp, "whole.jsonl")).splitlines()] if not why else []

    def key(e):
        return (e["clinic"] or "", e["language"])

    def strip(e):
        e = dict(e)
        e["file"] = os.path.basename(e["file"])
        return e
    if not why:
        if sorted(map(strip, manifests), key=key) != sorted(map(strip, wm), key=key) or len(wm) != len(want):
            why.append("manifests differ from the whole batch's (%d vs %d lines)" % (len(manifests), len(wm)))
        for e in wm:
            data = read(e["file"], "rb")
            if hashlib.sha256(data).hexdigest() != e["sha256"] or len(data) != e["bytes"]:
                why.append("manifest entry for %s does not match the file" % e["file"])
                break
    rep.check("e2e/translate/shard/union", not why, "; ".join(why[:3]))


def main():
    rep = lib.Report()
    if not lib.preflight(rep, ["e2e/translate/preflight"]):
        return lib.exit_with(rep)
    tmp = lib.tempdir()
    try:
        check_po(rep, tmp)
        check_stale(rep, tmp)
        check_restructure(rep, tmp)
        check_batch(rep, tmp)
        check_shards(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return lib.exit_with(rep)


if __name__ == "__main__":
    main()
