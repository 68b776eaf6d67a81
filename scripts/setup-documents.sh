#!/bin/sh
# Install the tools the document tests use to turn a made-up plan into the forms users have:
# LibreOffice without a GUI (DOCX -> PDF/ODT/text, headless), poppler's pdftotext, pandoc,
# and fonts with Czech glyphs so that the PDFs carry real text. Idempotent: quiet and quick
# when everything is present. Exits non-zero when something is still missing afterwards;
# scripts/test.sh turns that into a failure under CI=true and into skipped tests otherwise.
#
#   sh scripts/setup-documents.sh
set -eu

# command to look for, then the Debian package that provides it
TOOLS="soffice:libreoffice-writer-nogui pdftotext:poppler-utils pandoc:pandoc"
# font file to look for, then its package
FONTS="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf:fonts-liberation2"

missing=""
for pair in $TOOLS; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
for pair in $FONTS; do
    [ -f "${pair%%:*}" ] || missing="$missing ${pair#*:}"
done

if [ -z "$missing" ]; then
    echo "setup-documents: nothing to do"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "setup-documents: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi

# Other runs on the machine may hold the dpkg lock: wait for it rather than fail.
APT="apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends"
echo "setup-documents: apt-get update"
# `update` takes the lists lock, which DPkg::Lock::Timeout does not wait for: retry a while.
tries=0
until $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
        $SUDO apt-get update -qq  # the last try shows apt's own message
        break
    fi
    sleep 10
done
echo "setup-documents: installing$missing"
# shellcheck disable=SC2086  # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $SUDO $APT install $missing >/dev/null

still=""
for pair in $TOOLS; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || still="$still ${pair%%:*}"
done
for pair in $FONTS; do
    [ -f "${pair%%:*}" ] || still="$still ${pair%%:*}"
done
if [ -n "$still" ]; then
    echo "setup-documents: still missing after apt-get install:$still" >&2
    exit 1
fi
echo "setup-documents: installed$missing"
