#!/bin/sh
# Builds the fuzz seed corpus from the brochures in the tree (no binary
# blobs in git): seed.sh <out-dir> writes <out-dir>/<n>-<name>.yaml files in
# the input format of fuzz_common.h. Run from the repo root.
out=${1:?usage: seed.sh <out-dir>}
rm -rf "$out"; mkdir -p "$out"
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
# single-file regress inputs are already in the fuzz input format
for f in tests/regress/*.yaml; do [ -f "$f" ] && cp "$f" "$out/regress-$(basename "$f")"; done
exit 0
