#!/bin/sh
# Prints the table of typesetting parameters (src/params.def) as Markdown,
# the one docs/content-format.md holds between its "params table" markers.
# tests/e2e/test_params.py checks the two agree; after editing params.def:
#   sh tools/params-doc.sh        # paste over the table in the doc
set -e
cd "$(dirname "$0")/.."
echo "| name | default | unit | range | meaning |"
echo "| --- | --- | --- | --- | --- |"
sed -n 's/^TF_PARAM(\([a-z_]*\), *\([^,]*\), *"\([^"]*\)", *\([^,]*\), *\([^,]*\), *"\(.*\)")$/| `\1` | \2 | \3 | \4 to \5 | \6 |/p' src/params.def |
    sed 's/\\\\/\\/g'
