#!/usr/bin/env bash
# Install vazby with its test dependencies into ./.venv, install the browser the browser
# tests drive (Debian's chromium), the converters the document tests use (LibreOffice,
# poppler-utils, pandoc), Graphviz for the static maps and the SPARQL store the store
# tests publish to (Debian's Virtuoso), and run the whole test suite. `.ci/run` runs
# exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
.venv/bin/pip install -q -e '.[test]'
if ! bash scripts/setup-browser.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "could not install chromium for the browser tests" >&2
    exit 1
  fi
  echo "chromium could not be installed: the browser tests will be skipped" >&2
fi
if ! sh scripts/setup-documents.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "could not install LibreOffice, poppler-utils and pandoc for the document tests" >&2
    exit 1
  fi
  echo "document converters could not be installed: the tests that need them will be skipped" >&2
fi
if ! bash scripts/setup-graphviz.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "could not install graphviz for the static maps" >&2
    exit 1
  fi
  echo "graphviz could not be installed: the static map tests will be skipped" >&2
fi
if ! sh scripts/setup-virtuoso.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "could not install Virtuoso for the store tests" >&2
    exit 1
  fi
  echo "Virtuoso could not be installed: the store tests will be skipped" >&2
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
