#!/bin/sh
# Word spaces of justified lines, from the engine's own line data
# (tests/unit/tool_lines.c reads tf_op.line / tf_op.space_ratio):
# content/sleep as shipped (justified), and content/attachment with its
# theme changed to `align: justify` and `hyphenate: true` (a temporary copy).
#   sh tools/justified-lines.sh          # one summary line per edition
#   VERBOSE=-v sh tools/justified-lines.sh
set -e
make -s build/tests/tool_lines >/dev/null
TOOL=${TOOL:-build/tests/tool_lines}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -r content/attachment "$dir/attachment-justified"
sed -i -e 's/^\( *align:\) ragged/\1 justify/' -e 's/^\( *hyphenate:\) false/\1 true/' \
    "$dir/attachment-justified/brochure.yaml"
# the theme names fonts relative to the folder: keep them pointing at ours
sed -i "s#\.\./\.\./fonts/#$(pwd)/fonts/#g" "$dir/attachment-justified/brochure.yaml"
"$TOOL" content/sleep en $VERBOSE 2>/dev/null
for l in en es de vi; do "$TOOL" "$dir/attachment-justified" $l $VERBOSE 2>/dev/null | sed "s#$dir/##"; done
