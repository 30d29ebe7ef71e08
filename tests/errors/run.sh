#!/bin/sh
# The bad-input corpus. Each case is a folder tests/errors/<case>/ holding a
# brochure (brochure.yaml, en.yaml, ...), the exact expected stderr in
# `expected`, and optionally `args` (default: "check <case dir>") and
# `status` (default: 1). Paths in messages are as seen from the repo root.
# In `args`, @DIR@ is the case folder and @TMP@ a fresh temp folder.
TRIFOLD=${TRIFOLD:-build/trifold}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/trifold-errors.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
failed=0
for dir in tests/errors/*/; do
    dir=${dir%/}
    [ -f "$dir/expected" ] || continue
    name=$(basename "$dir")
    args="check $dir"
    [ -f "$dir/args" ] && args=$(sed -e "s|@DIR@|$dir|g" -e "s|@TMP@|$scratch|g" "$dir/args")
    want_status=1
    [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
    got=$(eval "\"$TRIFOLD\" $args" 2>&1 >/dev/null)
    status=$?
    if [ "$status" = "$want_status" ] && [ "$got" = "$(cat "$dir/expected")" ]; then
        echo "PASS errors/$name"
    else
        echo "FAIL errors/$name (exit $status, want $want_status)"
        failed=1
        printf '%s\n' "--- expected" "$(cat "$dir/expected")" "--- got" "$got" >&2
    fi
done
[ "$failed" = 0 ]
