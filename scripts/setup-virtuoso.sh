#!/bin/sh
# Install the SPARQL store the integration tests publish to and query: Debian's OpenLink
# Virtuoso, the binaries only (virtuoso-opensource-7-bin: virtuoso-t and isql-vt, no system
# service, no debconf prompt). The tests start their own instance on loopback ports with a
# private ini and data folder, and stop it by its process id; nothing here starts a server.
#
#   sh scripts/setup-virtuoso.sh
set -eu
exec sh "$(dirname "$0")/apt-install.sh" setup-virtuoso virtuoso-t:virtuoso-opensource-7-bin
