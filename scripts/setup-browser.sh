#!/bin/sh
# Install the headless browser the browser tests drive and `vazby report -o report.pdf`
# prints with: Debian's chromium, and the DejaVu fonts that render Czech diacritics.
# Never runs `playwright install` (its downloads fail here); Playwright is pointed at
# /usr/bin/chromium through `executable_path` instead.
#
#   sh scripts/setup-browser.sh
set -eu
exec sh "$(dirname "$0")/apt-install.sh" setup-browser \
    /usr/bin/chromium:chromium \
    /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core
