#!/bin/sh
# make valgrind: a full build of every shipped edition (office and press)
# under valgrind's memcheck; fails on any error or leak.
TRIFOLD=${TRIFOLD:-build/trifold}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for f in content/*/*.yaml; do
    case "$f" in */brochure.yaml|content/clinics/*) continue ;; esac
    dir=$(dirname "$f"); lang=$(basename "$f" .yaml); name=$(basename "$dir")
    for mode in "" --press "--edition screen"; do
        log="$tmp/$name-$lang$(echo "$mode" | tr -d ' -').log"
        valgrind --suppressions=tests/valgrind.supp --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
            "$TRIFOLD" build "$dir" --lang "$lang" $mode -o "$tmp/$name-$lang.pdf" >"$log" 2>&1
        rc=$?
        summary=$(grep -E "ERROR SUMMARY|definitely lost|All heap blocks" "$log" | sed 's/==[0-9]*== //' | tr '\n' ' ')
        if [ $rc -eq 0 ]; then echo "ok   $name-$lang $mode: $summary"
        else echo "FAIL $name-$lang $mode (exit $rc): $summary"; cat "$log"; status=1; fi
    done
done
# clinic editions: every clinic with the first brochure, all its languages, one batch call
for c in content/clinics/*.yaml; do
    [ -f "$c" ] || continue
    log="$tmp/clinic-$(basename "$c" .yaml).log"
    TRIFOLD_JOBS=1 valgrind --suppressions=tests/valgrind.supp --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        "$TRIFOLD" build content/attachment --lang all --clinic "$c" -o "$tmp/{brochure}-{clinic}-{lang}.pdf" >"$log" 2>&1
    rc=$?
    summary=$(grep -E "ERROR SUMMARY|definitely lost|All heap blocks" "$log" | sed 's/==[0-9]*== //' | tr '\n' ' ')
    if [ $rc -eq 0 ]; then echo "ok   clinic $(basename "$c"): $summary"
    else echo "FAIL clinic $(basename "$c") (exit $rc): $summary"; cat "$log"; status=1; fi
done
exit $status
