#!/bin/sh
# Install the headless browser the browser tests drive: Debian's chromium and the DejaVu
# fonts that render Czech diacritics. Idempotent: does nothing when both are present.
# Never runs `playwright install` (its downloads fail here); Playwright is pointed at
# /usr/bin/chromium through `executable_path` instead.
#
#   sh scripts/setup-browser.sh
set -eu

CHROMIUM=/usr/bin/chromium
FONT_DIR=/usr/share/fonts/truetype/dejavu

missing=""
if [ -x "$CHROMIUM" ]; then
    echo "setup-browser: $CHROMIUM already installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
else
    missing="chromium"
fi
if [ -f "$FONT_DIR/DejaVuSans.ttf" ]; then
    echo "setup-browser: DejaVu fonts already installed"
else
    missing="$missing fonts-dejavu-core"
fi

if [ -z "$missing" ]; then
    echo "setup-browser: nothing to do"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "setup-browser: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi

echo "setup-browser: apt-get update"
$SUDO apt-get update -qq
echo "setup-browser: installing$missing"
# shellcheck disable=SC2086  # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
if [ -x "$CHROMIUM" ]; then
    echo "setup-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
else
    echo "setup-browser: $CHROMIUM still missing after apt-get install" >&2
    exit 1
fi
