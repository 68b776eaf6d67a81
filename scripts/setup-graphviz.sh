#!/bin/sh
# Install what the static maps and their tests need: Debian's graphviz (the `dot` and `neato`
# layouts of `vazby map -o map.svg|pdf|png` and of the report's maps) and poppler-utils
# (`pdftotext`, with which the tests read the text of the PDF maps and reports back).
# Idempotent: does nothing when both are present.
#
#   sh scripts/setup-graphviz.sh
set -eu

missing=""
command -v dot >/dev/null 2>&1 || missing="graphviz"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"

if [ -z "$missing" ]; then
    echo "setup-graphviz: nothing to do ($(dot -V 2>&1))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "setup-graphviz: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi

echo "setup-graphviz: apt-get update"
$SUDO apt-get update -qq
echo "setup-graphviz: installing$missing"
# shellcheck disable=SC2086  # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
command -v dot >/dev/null 2>&1 || { echo "setup-graphviz: dot still missing" >&2; exit 1; }
echo "setup-graphviz: installed $(dot -V 2>&1)"
