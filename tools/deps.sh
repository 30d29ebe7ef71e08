#!/bin/sh
# Install the Debian packages trifold needs to build, render and test,
# if any are missing. Uses sudo when not root.
set -e
PKGS="build-essential pkg-config libhpdf-dev libyaml-dev libharfbuzz-dev libfribidi-dev
libunibreak-dev libhyphen-dev hyphen-en-us hyphen-es libfreetype-dev libqrencode-dev zlib1g-dev
poppler-utils qpdf python3 python3-yaml python3-pikepdf mupdf-tools zbar-tools valgrind
fonts-droid-fallback"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "trifold: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
