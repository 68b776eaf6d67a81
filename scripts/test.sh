#!/usr/bin/env bash
# Install vazby with its test dependencies into ./.venv, install the browser the browser
# tests drive (Debian's chromium), the converters the document tests use (LibreOffice,
# poppler-utils, pandoc), Graphviz for the static maps and the SPARQL store the store
# tests publish to (Debian's Virtuoso), and run the whole test suite. `.ci/run` runs
# exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
# a plain install, as a user's: an editable one makes setuptools warn at every install
.venv/bin/pip install -q '.[test]'
# name of the setup script, then what its tests need it for
for setup in "browser:chromium for the browser tests and PDF reports" \
             "documents:LibreOffice, poppler-utils and pandoc for the document tests" \
             "graphviz:graphviz for the static maps" \
             "virtuoso:Virtuoso for the store tests"; do
  if ! sh "scripts/setup-${setup%%:*}.sh"; then
    if [ "${CI:-}" = "true" ]; then
      echo "could not install ${setup#*:}" >&2
      exit 1
    fi
    echo "could not install ${setup#*:}: those tests will be skipped" >&2
  fi
done
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
