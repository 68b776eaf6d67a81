#!/usr/bin/env bash
# Install vazby into ./.venv and build the bundled example corpus into graph.ttl.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
.venv/bin/pip install -q .
.venv/bin/vazby build examples -o graph.ttl
.venv/bin/vazby table measures graph.ttl --format table | head -n 20
