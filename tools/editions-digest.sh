#!/bin/sh
# Builds every shipped edition (office, press, screen for English, every
# clinic) into a temporary folder and prints one "sha256  name" line each,
# sorted. Restructuring that must not change output compares two runs:
#   sh tools/editions-digest.sh > before.txt; ...; sh tools/editions-digest.sh | diff before.txt -
# Environment: TRIFOLD (the binary; default build/trifold).
set -e
TRIFOLD=${TRIFOLD:-build/trifold}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for b in content/*/; do
    b=${b%/}; name=$(basename "$b")
    [ -f "$b/brochure.yaml" ] || continue
    for f in "$b"/*.yaml; do
        lang=$(basename "$f" .yaml)
        [ "$lang" = brochure ] && continue
        "$TRIFOLD" build "$b" --lang "$lang" -o "$dir/$name-$lang.pdf" 2>/dev/null
        "$TRIFOLD" build "$b" --lang "$lang" --press -o "$dir/$name-$lang-press.pdf" 2>/dev/null
        for c in content/clinics/*.yaml; do
            [ -f "$c" ] || continue
            cn=$(basename "$c" .yaml)
            "$TRIFOLD" build "$b" --lang "$lang" --clinic "$c" -o "$dir/$name-$cn-$lang.pdf" 2>/dev/null
        done
    done
    [ -f "$b/en.yaml" ] && "$TRIFOLD" build "$b" --lang en --edition screen -o "$dir/$name-en-screen.pdf" 2>/dev/null
done
cd "$dir" && sha256sum -- *.pdf | sort -k2
