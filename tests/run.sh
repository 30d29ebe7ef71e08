#!/bin/sh
# Runs every test: unit binaries, the error corpus, end-to-end checks on
# real PDFs. Each part prints "PASS name" / "FAIL name" lines; this script
# counts them and ends with "N passed, N failed".
# Environment: TRIFOLD (the binary), UNITDIR (unit test binaries).
TRIFOLD=${TRIFOLD:-build/trifold}
UNITDIR=${UNITDIR:-build/tests}
export TRIFOLD
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$UNITDIR"/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    if ! "$t" >>"$log" 2>"$log.err"; then
        grep -q '^FAIL' "$log" || echo "FAIL $(basename "$t") (crashed)" >>"$log"
    fi
    cat "$log.err" >&2; rm -f "$log.err"
done

sh tests/errors/run.sh >>"$log"
sh tests/regress/run.sh >>"$log"
for t in tests/e2e/*.sh; do [ -f "$t" ] && sh "$t" >>"$log"; done
for t in tests/e2e/test_*.py; do [ -f "$t" ] && python3 "$t" >>"$log"; done

grep -E '^(PASS|FAIL) ' "$log" | grep '^FAIL' || true
passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
