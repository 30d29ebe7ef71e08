#!/bin/sh
# Runs every test: unit binaries, the error corpus, the fuzz regressions,
# end-to-end checks on real PDFs. Each part prints one line per check:
#   PASS name            FAIL name[: why]            SKIP name: reason
# and this script counts them. A part can also fail without a FAIL line of
# its own, and that must not disappear: a part that exits non-zero (a crash,
# a Python traceback, a sanitizer abort) without a FAIL line, or that prints
# no result line at all, gets "FAIL <part> (exit N)"; a part killed by a
# signal always gets "FAIL <part> (killed by signal N)", since the checks it
# had not reached are lost.
# The last line is "N passed, N failed", with ", N skipped" when any were.
# Exit status: non-zero on any failure; with CI=true also on any skip (CI
# must test everything, so a skip there is a broken machine, not a pass).
# Every part runs with stdin from /dev/null, so the suite behaves the same
# from a terminal, a script, the background (`make test &`), or nohup.
# Environment: TRIFOLD (the binary), UNITDIR (unit test binaries), CI.
TRIFOLD=${TRIFOLD:-build/trifold}
UNITDIR=${UNITDIR:-build/tests}
export TRIFOLD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/trifold-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
log="$tmp/log"
# the hyphenation cache (src/hyphdict.c) of this run only: results do not
# depend on what an earlier build left in ~/.cache
TRIFOLD_CACHE="$tmp/cache"
export TRIFOLD_CACHE
: >"$log"

# run_part NAME COMMAND...: run one part, its result lines into $log.
run_part() {
    name=$1
    shift
    "$@" >"$tmp/part" </dev/null
    rc=$?
    cat "$tmp/part" >>"$log"
    results=$(grep -cE '^(PASS|FAIL|SKIP) ' "$tmp/part")
    fails=$(grep -c '^FAIL ' "$tmp/part")
    if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then
        echo "FAIL $name (killed by signal $((rc - 128)))" >>"$log"
    elif [ "$rc" -ne 0 ] && [ "$fails" -eq 0 ]; then
        echo "FAIL $name (exit $rc without a FAIL line)" >>"$log"
    elif [ "$results" -eq 0 ]; then
        echo "FAIL $name (exit $rc, no result lines)" >>"$log"
    fi
}

found=0
for t in "$UNITDIR"/test_*; do
    case "$t" in *.d) continue ;; esac
    [ -x "$t" ] || continue
    found=1
    run_part "unit/$(basename "$t")" "$t"
done
[ "$found" = 1 ] || echo "FAIL unit (no test binaries in $UNITDIR)" >>"$log"

run_part errors sh tests/errors/run.sh
run_part regress sh tests/regress/run.sh
for t in tests/e2e/*.sh; do
    [ -f "$t" ] && run_part "e2e/$(basename "$t")" sh "$t"
done
run_part layout python3 tests/layout/run.py --quick
for t in tests/e2e/test_*.py; do
    [ -f "$t" ] && run_part "e2e/$(basename "$t")" python3 "$t"
done

grep -E '^(FAIL|SKIP) ' "$log"
passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
skipped=$(grep -c '^SKIP ' "$log")
ci_refuses=0
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then
    ci_refuses=1
    echo "CI=true: a skipped check is a failure here (install what it needs: sh tools/deps.sh)"
fi
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$ci_refuses" -eq 0 ]
