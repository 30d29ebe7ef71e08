#!/bin/sh
# tools/fills.sh [BIN]: body size and panel fill of every shipped edition,
# with no clinic and with each clinic in content/clinics (from trifold check).
# Issue 10's before/after table: run it with an older binary and this one.
B=${1:-build/trifold}
for by in content/*/brochure.yaml; do
  d=$(dirname "$by"); b=$(basename "$d")
  for f in "$d"/*.yaml; do
    l=$(basename "$f" .yaml)
    [ "$l" = brochure ] && continue
    for c in none content/clinics/*.yaml; do
      if [ "$c" = none ]; then args=""; name=none; else args="--clinic $c"; name=$(basename "$c" .yaml); fi
      # shellcheck disable=SC2086
      out=$("$B" check "$d" --lang "$l" $args 2>/dev/null | awk '
        /body [0-9.]+ pt \(fit/ { for (i = 1; i <= NF; i++) if ($i == "body") s = $(i + 1) }
        /^  [a-z-]+ +[0-9]+%/ { f = f " " $1 "=" $2 }
        END { print s " pt |" f }')
      echo "$b $l $name: $out"
    done
  done
done
