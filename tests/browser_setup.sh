#!/bin/sh
# Install Debian's headless browser and its WebDriver for tests/web/test_browser.py.
# Idempotent: does nothing when both are there; without root or apt-get the browser test skips, saying why.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    echo "browser_setup: installed $(chromium --version 2>/dev/null || echo chromium)"
else
    echo "browser_setup: chromium and chromium-driver are not installed and cannot be installed here; the browser test will skip" >&2
fi
