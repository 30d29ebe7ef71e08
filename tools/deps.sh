#!/bin/sh
# Install the Debian packages trifold needs to build, render and test,
# if any are missing. Uses sudo when not root.
set -e
# Build: compiler, pkg-config, the libraries (libgettextpo-dev: PO files),
# hyphenation dictionaries (hyphen-de: the German edition). libgettextpo,
# libqrencode, liburiparser and liblcms2 are opened at run time when first
# needed (src/lazylib.h): their -dev packages give the headers, the soname
# (read with objdump, build-essential's binutils) and the library itself.
# Tests (every tool a test runs; a missing one fails the test, it is never
# skipped): poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm), qpdf,
# python3 + python3-yaml (tests/e2e), gettext (msgfmt --check on exported PO files), python3-pikepdf + mupdf-tools (PDF/UA
# checker, text extraction), zbar-tools (zbarimg reads the QR
# codes), valgrind (make valgrind), coreutils timeout and mount (util-linux)
# come with Debian; clang-14 + libclang-rt-14-dev (libFuzzer, make fuzz).
# Fonts: fonts-droid-fallback (copied into fonts/ by make), fonts-noto-core
# (NotoSansDevanagari-Regular.ttf, test_pdf's cluster check).
# Authoring: poppler-glib + cairo (preview, build --png), liburiparser
# (clinic web addresses), fontconfig (fonts by family), python3-jsonschema
# (test_schema).
# Print: liblcms2 (colour.c), argyll + icc-profiles-free (make builds the
# FOGRA39 profile with colprof), liblcms2-utils (transicc), ghostscript
# (tiffsep separations) and python3-pil (test_press).
PKGS="build-essential pkg-config libhpdf-dev libyaml-dev libharfbuzz-dev libfribidi-dev
libunibreak-dev libhyphen-dev hyphen-en-us hyphen-es hyphen-de libgettextpo-dev gettext libfreetype-dev libqrencode-dev zlib1g-dev
poppler-utils qpdf python3 python3-yaml python3-pikepdf python3-jsonschema mupdf-tools zbar-tools valgrind coreutils mount
clang-14 libclang-rt-14-dev
libpoppler-glib-dev libcairo2-dev liburiparser-dev libfontconfig-dev
liblcms2-dev liblcms2-utils argyll icc-profiles-free ghostscript python3-pil
fonts-droid-fallback fonts-noto-core"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "trifold: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
