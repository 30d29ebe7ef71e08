#!/bin/sh
# Builds the fuzz seed corpus from the brochures in the tree (no binary
# blobs in git): seed.sh <dir> writes <dir>/main (inputs in the format of
# fuzz_common.h, for fuzz_content and fuzz_pipeline) and <dir>/clinic
# (clinic files, for fuzz_clinic) and <dir>/pack (classic PDFs, for
# fuzz_pack: tests/fuzz/pack_seed.py). Run from the repo root.
top=${1:?usage: seed.sh <out-dir>}
rm -rf "$top"; mkdir -p "$top/main" "$top/clinic"
out=$top/main
sep='#---'
# one part: a text file over the fixed brochure (tests/fuzz/brochure.yaml)
cp content/attachment/en.yaml "$out/attachment-en.yaml"
{ echo '#press'; cat content/attachment/en.yaml; } >"$out/attachment-en-press.yaml"
{ echo '#fit'; cat content/attachment/en.yaml; } >"$out/attachment-en-fit.yaml"
# brochure.yaml #--- base text [#--- es.yaml] for every folder in the tree
for d in content/*/ tests/fixtures/*/ tests/errors/*/ tests/regress/*/; do
    d=${d%/}
    [ -f "$d/brochure.yaml" ] || continue
    name=$(echo "$d" | tr / _)
    base=$(sed -n 's/^base: *\([A-Za-z0-9-]*\).*/\1/p' "$d/brochure.yaml" | head -1)
    [ -f "$d/${base:-en}.yaml" ] || base=en
    for f in "$d/${base:-en}.yaml"; do
        [ -f "$f" ] || f=/dev/null
        { cat "$d/brochure.yaml"; echo "$sep"; cat "$f"; } >"$out/$name.yaml"
        if [ -f "$d/es.yaml" ]; then
            { cat "$d/brochure.yaml"; echo "$sep"; cat "$f"; echo "$sep"; cat "$d/es.yaml"; } >"$out/$name-es.yaml"
        fi
    done
done
# folders with an image: the image bytes become part 4 (fuzz.img)
for img in tests/errors/*/*.png tests/errors/*/*.jpg tests/fixtures/*/*.png; do
    [ -f "$img" ] || continue
    d=$(dirname "$img"); i=$(basename "$img")
    grep -q "image: *$i" "$d/en.yaml" 2>/dev/null || continue
    { cat "$d/brochure.yaml"; echo "$sep"; sed "s/image: *$i/image: fuzz.img/" "$d/en.yaml"
      echo "$sep"; echo "$sep"; cat "$img"; } >"$out/img-$(echo "$d" | tr / _)-$i.yaml"
done
# other translations as the es part
for f in content/*/*.yaml; do
    d=$(dirname "$f"); l=$(basename "$f" .yaml)
    case $l in brochure|en|es) continue ;; esac
    [ -f "$d/brochure.yaml" ] || continue
    { cat "$d/brochure.yaml" | sed "s/^languages: .*/languages: [en, es]/"; echo "$sep"; cat "$d/en.yaml"
      echo "$sep"; sed "s/^lang: .*/lang: es/" "$f"; } >"$out/$(echo "$d" | tr / _)-$l-as-es.yaml"
done
# clinic files: alone for fuzz_clinic, as part 5 over the attachment brochure
for f in content/clinics/*.yaml tests/errors/clinic-*/*.yaml; do
    [ -f "$f" ] || continue
    case $f in */brochure.yaml|*/en.yaml|*/es.yaml) continue ;; esac
    name=$(echo "$f" | tr / _)
    sed 's/^logo: *[^ ]*/logo: pixel.png/' "$f" >"$top/clinic/$name"
    { cat tests/fuzz/brochure.yaml; echo "$sep"; cat content/attachment/en.yaml; echo "$sep"
      echo "$sep"; echo "$sep"; cat "$top/clinic/$name"; } >"$out/clinic-$name"
done
# fuzz_pack: classic-table PDFs
python3 tests/fuzz/pack_seed.py "$top/pack" || exit 1
# single-file regress inputs are already in the fuzz input format
for f in tests/regress/*.yaml; do [ -f "$f" ] && cp "$f" "$out/regress-$(basename "$f")"; done
exit 0
