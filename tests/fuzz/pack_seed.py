#!/usr/bin/env python3
"""Seed corpus for fuzz_pack (tests/fuzz/seed.sh): pack_seed.py <dir>.
Classic-table PDFs like the ones libharu writes, made here (no binary blobs
in git): a hand-written one with an indirect /Length, a generation-1 object
and strings holding "stream" and escaped parentheses; and, when qpdf and
out/*.pdf exist, the shipped editions rewritten with a classic table."""
import glob, os, shutil, subprocess, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
content = b"BT /F1 12 Tf 20 100 Td (endstream endobj) Tj ET"
objs = [
    (1, 0, b"<<\n/Type /Catalog\n/Pages 2 0 R\n>>"),
    (2, 0, b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>"),
    (3, 0, b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ] /Contents 4 0 R\n"
           b"% a comment ) >>\n/Resources << /Font << /F1 6 0 R >> >> /X 7 1 R >>"),
    (4, 0, b"<<\n/Length 5 0 R\n>>\nstream\r\n" + content + b"\nendstream"),
    (5, 0, str(len(content)).encode()),
    (6, 0, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    (7, 1, b"(gen one)"),
    (8, 0, b"<< /Title (a mainstream \\) title \\(stream\\) (nested)) /Subject <FEFF0041> >>"),
]
for version in ("1.4", "1.7"):
    b = b"%PDF-" + version.encode() + b"\n%\xe2\xe3\xcf\xd3\n"
    offs = {}
    for num, gen, text in objs:
        offs[num] = len(b)
        b += b"%d %d obj\n%s\nendobj\n" % (num, gen, text)
    x = len(b)
    b += b"xref\n0 9\n"
    for i in range(9):
        gen = next((g for n, g, _ in objs if n == i), 0)
        b += (b"%010d %05d n\r\n" % (offs[i], gen)) if i in offs else b"0000000000 65535 f\r\n"
    b += (b"trailer\n<<\n/Size 9\n/Root 1 0 R\n/Info 8 0 R\n/ID [ <00112233445566778899AABBCCDDEEFF> "
          b"<00112233445566778899AABBCCDDEEFF> ]\n>>\nstartxref\n%d\n%%%%EOF\n" % x)
    with open(os.path.join(out, "hand-%s.pdf" % version), "wb") as f:
        f.write(b)
if shutil.which("qpdf"):
    for pdf in sorted(glob.glob("out/*.pdf"))[:4]:
        dst = os.path.join(out, "classic-" + os.path.basename(pdf))
        subprocess.run(["qpdf", "--object-streams=disable", "--compress-streams=n", pdf, dst],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
