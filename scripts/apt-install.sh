#!/bin/sh
# Install Debian packages for the tests, only those whose sign is missing: the one installer
# behind every scripts/setup-*.sh. Idempotent and quiet when everything is present; waits for
# the dpkg and list locks other runs on the machine may hold; exits non-zero when a sign is
# still missing afterwards (scripts/test.sh fails under CI=true, skips those tests otherwise).
#
#   sh scripts/apt-install.sh NAME SIGN:PACKAGE...
#
# A SIGN is a command on the PATH (dot) or an absolute file path (/usr/bin/chromium).
set -eu

name=$1
shift

present() {
    case "$1" in
        /*) [ -e "$1" ] ;;
        *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}

missing=""
for pair in "$@"; do
    present "${pair%%:*}" || missing="$missing ${pair#*:}"
done
if [ -z "$missing" ]; then
    echo "$name: nothing to do"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "$name: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi

echo "$name: apt-get update"
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
echo "$name: installing$missing"
# shellcheck disable=SC2086  # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends $missing >/dev/null

still=""
for pair in "$@"; do
    present "${pair%%:*}" || still="$still ${pair%%:*}"
done
if [ -n "$still" ]; then
    echo "$name: still missing after apt-get install:$still" >&2
    exit 1
fi
echo "$name: installed$missing"
