#!/bin/sh
# Install Apache Jena from Debian and build the class-path fix its command-line tools need.
# Idempotent: does nothing when the jars and the fix folder are already there.
# Debian's jena-core.jar moved the shaded Xerces classes to `xerces.*` but left their message
# bundles under org/apache/jena/ext/xerces/; copying them to xerces/... makes riot start.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
FIX="$HERE/.venv/jena-fix"
if [ ! -f /usr/share/java/jena-cmds.jar ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libapache-jena-java >/dev/null
    else
        echo "jena_setup: libapache-jena-java is not installed and cannot be installed here; Jena tests will skip" >&2
        exit 0
    fi
fi
if [ -f "$FIX/xerces/impl/msg/XMLMessages.properties" ]; then
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
python3 - /usr/share/java/jena-core.jar <<'PY'
import sys, zipfile
prefix = "org/apache/jena/ext/"
with zipfile.ZipFile(sys.argv[1]) as jar:
    for name in jar.namelist():
        if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
            target = name[len(prefix):]
            import os
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(jar.read(name))
PY
mkdir -p "$FIX"
cp -r xerces "$FIX/"
echo "jena_setup: class-path fix in $FIX"
