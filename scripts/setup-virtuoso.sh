#!/bin/sh
# Install the SPARQL store the integration tests publish to and query: Debian's OpenLink
# Virtuoso, the binaries only (virtuoso-opensource-7-bin: virtuoso-t and isql-vt, no system
# service, no debconf prompt). Idempotent: does nothing when virtuoso-t is present. The tests
# start their own instance on loopback ports with a private ini and data folder, and stop it
# by its process id; nothing here starts a server.
#
#   sh scripts/setup-virtuoso.sh
set -eu

PACKAGE=virtuoso-opensource-7-bin

if command -v virtuoso-t >/dev/null 2>&1; then
    echo "setup-virtuoso: $(command -v virtuoso-t) already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "setup-virtuoso: need root (or sudo) to install $PACKAGE" >&2
        exit 1
    fi
fi

echo "setup-virtuoso: apt-get update"
$SUDO apt-get update -qq
echo "setup-virtuoso: installing $PACKAGE"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$PACKAGE"
if command -v virtuoso-t >/dev/null 2>&1; then
    echo "setup-virtuoso: installed $(command -v virtuoso-t)"
else
    echo "setup-virtuoso: virtuoso-t still missing after apt-get install $PACKAGE" >&2
    exit 1
fi
