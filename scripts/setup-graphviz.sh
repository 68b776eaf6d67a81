#!/bin/sh
# Install what the static maps and their tests need: Debian's graphviz (the `dot` layout of
# `vazby map -o map.svg|pdf|png` and of the report's maps) and poppler-utils (`pdftotext`,
# with which the tests read the text of the PDF maps and reports back).
#
#   sh scripts/setup-graphviz.sh
set -eu
exec sh "$(dirname "$0")/apt-install.sh" setup-graphviz dot:graphviz pdftotext:poppler-utils
