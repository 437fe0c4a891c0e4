#!/bin/sh
# Install Debian's Virtuoso 7 server for the real-server tests (tests/store/test_virtuoso.py).
# Idempotent: does nothing when virtuoso-t is already there. The tests start their own server on
# free loopback ports with a virtuoso.ini in a temporary folder; nothing is started here.
set -eu
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
    echo "virtuoso_setup: installed virtuoso-opensource-7-bin"
else
    echo "virtuoso_setup: virtuoso-opensource-7-bin is not installed and cannot be installed here (needs root and apt-get); Virtuoso tests will skip" >&2
    exit 1
fi
