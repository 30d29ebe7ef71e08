#!/bin/sh
# Replays the inputs the fuzzers found (tests/fuzz/README) through the real
# binary: each must end with exit 0 or 1, with no sanitizer report. (The
# 600 s `timeout` is a hang guard, not a speed limit: tests assert no
# timing; speed is `make bench`, and the fuzzers' -timeout=2.)
# tests/regress/<name>.yaml is one fuzz input (the format of
# tests/fuzz/fuzz_common.h: "#---" lines split brochure.yaml / en.yaml /
# es.yaml / fuzz.img / clinic.yaml, "#press" / "#fit" lines set options);
# tests/regress/<name>/ is a brochure folder. Prints "PASS regress/<name>" / "FAIL regress/<name>".
# Environment: TRIFOLD (the binary). Run from the repo root.
TRIFOLD=${TRIFOLD:-build/trifold}
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for input in tests/regress/*.yaml tests/regress/*/; do
    [ -e "$input" ] || continue
    input=${input%/}
    name=$(basename "$input" .yaml)
    rm -rf "$tmp/case"
    b="$tmp/case/x/y/b"
    mkdir -p "$b"
    ln -s "$root/fonts" "$tmp/case/fonts"
    ln -s "$root/fonts" "$tmp/case/x/fonts"
    cp tests/fixtures/small/pixel.png "$b/pixel.png"
    cp tests/fixtures/small/pixel.png "$b/photo.png"
    opts=
    if [ -d "$input" ]; then
        cp -R "$input/." "$b/"
        [ -f "$b/es.yaml" ] && opts="--lang es"
        [ -f "$b/clinic.yaml" ] && opts="$opts --clinic $b/clinic.yaml"
    else
        opts=$(python3 - "$input" "$b" tests/fuzz/brochure.yaml <<'PY'
import sys
data, out, fixed = open(sys.argv[1], "rb").read(), sys.argv[2], sys.argv[3]
parts, cur, ls = [], 0, 0
for i in range(len(data) + 1):          # same split as fuzz_common.h
    if len(parts) == 4: break
    if i < len(data) and data[i] != 10: continue
    if data[ls:i] == b"#---":
        parts.append(data[cur:ls]); cur = min(i + 1, len(data))
    ls = i + 1
parts.append(data[cur:])
names = ["en.yaml"] if len(parts) == 1 else ["brochure.yaml", "en.yaml", "es.yaml", "fuzz.img", "clinic.yaml"]
if len(parts) == 1: open(out + "/brochure.yaml", "wb").write(open(fixed, "rb").read())
for n, p in zip(names, parts):
    if n not in ("es.yaml", "clinic.yaml") or p: open(out + "/" + n, "wb").write(p)
lines = data.split(b"\n")
opts = []
if len(parts) >= 3 and parts[2]: opts += ["--lang", "es"]
if len(parts) == 5 and parts[4]: opts += ["--clinic", out + "/clinic.yaml"]
if any(l.startswith(b"#press") for l in lines): opts.append("--press")
if any(l.startswith(b"#fit") for l in lines): opts.append("--fit")
print(" ".join(opts))
PY
) || { echo "FAIL regress/$name (cannot split)"; failed=1; continue; }
    fi
    # shellcheck disable=SC2086
    timeout 600 "$TRIFOLD" build "$b" $opts -o "$tmp/out.pdf" >/dev/null 2>"$tmp/err"
    status=$?
    if [ "$status" -le 1 ] && ! grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
        echo "PASS regress/$name"
    else
        echo "FAIL regress/$name (exit $status)"
        failed=1
        head -20 "$tmp/err" >&2
    fi
done
[ "$failed" = 0 ]
