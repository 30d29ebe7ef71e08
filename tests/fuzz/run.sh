#!/bin/sh
# Runs the libFuzzer targets (built by `make fuzz` into build-fuzz/fuzz/).
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_TARGETS (default
# both), FUZZ_PARALLEL=1 runs the targets at the same time. Corpora grow in
# build-fuzz/corpus/<target> (git-ignored), seeded from seed.sh; crashes,
# leaks and timeouts land in build-fuzz/artifacts/. Run from the repo root.
FUZZ=${FUZZ:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-fuzz_content fuzz_pipeline fuzz_clinic fuzz_pack}
sh tests/fuzz/seed.sh "$FUZZ/seed" || exit 1
mkdir -p "$FUZZ/artifacts"
run_one() {
    t=$1
    case $t in fuzz_pipeline) max=16384 ;; *) max=65536 ;; esac
    seed=$FUZZ/seed/main; [ "$t" = fuzz_clinic ] && seed=$FUZZ/seed/clinic
    dict=tests/fuzz/yaml.dict
    [ "$t" = fuzz_pack ] && { seed=$FUZZ/seed/pack; max=262144; dict=tests/fuzz/pdf.dict; }
    mkdir -p "$FUZZ/corpus/$t"
    "$FUZZ/fuzz/$t" -max_len=$max -timeout=2 -rss_limit_mb=2048 -max_total_time="$secs" \
        -print_final_stats=1 -dict="$dict" \
        -artifact_prefix="$FUZZ/artifacts/$t-" "$FUZZ/corpus/$t" "$seed" \
        >"$FUZZ/$t.log" 2>&1
    rc=$?
    echo "$t: exit $rc, $(grep -E '^#[0-9]+' "$FUZZ/$t.log" | tail -1)"
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$FUZZ/$t.log"
    return $rc
}
status=0
if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
    pids=
    for t in $targets; do run_one "$t" & pids="$pids $!"; done
    for p in $pids; do wait "$p" || status=1; done
else
    for t in $targets; do run_one "$t" || status=1; done
fi
ls "$FUZZ/artifacts" | grep . && status=1
exit $status
