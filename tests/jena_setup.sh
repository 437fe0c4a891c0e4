#!/bin/sh
# Install Apache Jena and a Java runtime from Debian, and build the class-path fix Jena's command-line
# tools need. Idempotent: does nothing when they are there. Exits 0 when Jena can run; otherwise exits 1
# and says why on stderr (tests/store/test_jena.py repeats the reason when it skips, and fails instead
# when this machine could have installed Jena: root with apt-get).
# Debian's jena-core.jar moved the shaded Xerces classes to `xerces.*` but left their message
# bundles under org/apache/jena/ext/xerces/; copying them to xerces/... makes riot start.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
FIX="$HERE/.venv/jena-fix"
NEED=""
command -v java >/dev/null 2>&1 || NEED="$NEED default-jre-headless"
[ -f /usr/share/java/jena-cmds.jar ] || NEED="$NEED libapache-jena-java"
if [ -n "$NEED" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "jena_setup: cannot install$NEED: not root (install them, or run make test as root)" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "jena_setup: cannot install$NEED: no apt-get on this machine" >&2
        exit 1
    fi
    LOG=$(mktemp)
    # shellcheck disable=SC2086  # NEED is a list of package names
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $NEED; } >"$LOG" 2>&1; then
        echo "jena_setup: apt-get install$NEED failed: $(tail -n 3 "$LOG" | tr '\n' ' ')" >&2
        rm -f "$LOG"
        exit 1
    fi
    rm -f "$LOG"
fi
if [ -f "$FIX/xerces/impl/msg/XMLMessages.properties" ]; then
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
python3 - /usr/share/java/jena-core.jar <<'PY'
import os, sys, zipfile
prefix = "org/apache/jena/ext/"
with zipfile.ZipFile(sys.argv[1]) as jar:
    for name in jar.namelist():
        if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
            target = name[len(prefix):]
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(jar.read(name))
PY
if [ ! -f xerces/impl/msg/XMLMessages.properties ]; then
    echo "jena_setup: /usr/share/java/jena-core.jar holds no Xerces message bundles to copy; the class-path fix cannot be built" >&2
    exit 1
fi
mkdir -p "$FIX"
cp -r xerces "$FIX/"
echo "jena_setup: class-path fix in $FIX"
