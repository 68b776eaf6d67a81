#!/bin/sh
# Install the tools the document tests use to turn a made-up plan into the forms users have:
# LibreOffice without a GUI (DOCX -> PDF/ODT/text, headless), poppler's pdftotext, pandoc,
# and fonts with Czech glyphs so that the PDFs carry real text.
#
#   sh scripts/setup-documents.sh
set -eu
exec sh "$(dirname "$0")/apt-install.sh" setup-documents \
    soffice:libreoffice-writer-nogui \
    pdftotext:poppler-utils \
    pandoc:pandoc \
    /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core \
    /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf:fonts-liberation2
