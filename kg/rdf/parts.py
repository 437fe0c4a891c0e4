"""A graph as a folder of gzipped N-Quads parts, for bulk loaders: part-00000.nq.gz ... and resolved.nq.gz.

The article graphs are dealt in output order into the parts (about as many graphs in each), the
resolved graph goes into its own file, and `manifest.json` lists the files with their counts.
The parts' contents, one after the other, then the resolved file's, are the bytes `-o graph.nq`
writes. A folder is written beside its final name and renamed into place when complete.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
from pathlib import Path

from kg.errors import InputError, OutputError

MANIFEST = "manifest.json"
RESOLVED_FILE = "resolved.nq.gz"
GZIP_LEVEL = 1   # parts are written once and read once by a loader: speed over size (still about 5x smaller)


def part_name(number: int) -> str:
    """The file name of part `number`."""
    return f"part-{number:05d}.nq.gz"


def bounds(graphs: int, parts: int) -> list[int]:
    """The first graph index of each part and, last, `graphs`: part p holds graphs bounds[p]..bounds[p+1]-1."""
    parts = max(1, parts)
    return [graphs * p // parts for p in range(parts)] + [graphs]


def is_parts_folder(path) -> bool:
    """Does `path` name a folder (existing, or written with a trailing slash) rather than a file?"""
    text = str(path)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


@contextlib.contextmanager
def gzip_writer(path):
    """A binary file object writing gzip with no name or time in its header (same data, same bytes)."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                compresslevel=GZIP_LEVEL) as handle:
        yield handle


def write_file(path, chunks) -> dict:
    """Write (graph, quad count, N-Quads bytes) chunks gzipped to `path`; its manifest entry."""
    graphs, quads = set(), 0
    with gzip_writer(path) as handle:
        for graph, count, data in chunks:
            graphs.add(graph)
            quads += count
            handle.write(data)
    return {"file": Path(path).name, "graphs": len(graphs), "quads": quads}


def manifest_text(parts: list[dict], resolved: dict, *, articles: int) -> bytes:
    """The manifest: every file with its graph and quad counts, in reading order."""
    return (json.dumps({"articles": articles, "quads": sum(p["quads"] for p in parts) + resolved["quads"],
                        "parts": parts, "resolved": resolved}, indent=1, sort_keys=True) + "\n").encode()


def write(folder, chunks, *, graphs: int, parts: int, articles: int) -> dict:
    """Write a build's N-Quads chunks (its `graphs` article graphs first, then the rest) as a parts folder.

    Returns the manifest (a dict). The folder appears whole, replacing an earlier parts folder.
    """
    cuts = bounds(graphs, parts)
    chunks = iter(chunks)

    def taking(n):
        for _ in range(n):
            yield next(chunks)

    def fill(staging: Path):
        entries = [write_file(staging / part_name(p), taking(cuts[p + 1] - cuts[p])) for p in range(len(cuts) - 1)]
        resolved = write_file(staging / RESOLVED_FILE, chunks)
        (staging / MANIFEST).write_bytes(manifest_text(entries, resolved, articles=articles))
        return entries, resolved

    entries, resolved = into_folder(folder, fill)
    return json.loads(manifest_text(entries, resolved, articles=articles))


def staging_folder(folder) -> Path:
    """A new empty folder beside `folder` to write its files in (see `into_folder`)."""
    import tempfile

    target = Path(folder)
    _check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".writing", dir=target.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)   # the usual permissions of a new folder, not mkdtemp's private ones
        return staging
    except OSError as exc:
        raise OutputError(folder, exc.strerror or str(exc)) from None


def into_folder(folder, fill, *, staging: Path | None = None):
    """`fill(staging folder)`, then put the staging folder in place of `folder`; fill's value.

    Nothing changes at `folder` unless `fill` returns. An earlier parts folder there is replaced
    (two renames: a reader may find no folder for a moment, never a partial one).
    """
    target = Path(folder)
    staging = staging or staging_folder(target)
    try:
        value = fill(staging)
        old = None
        if target.exists():
            old = staging.with_name(staging.name.replace(".writing", ".old"))
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return value
    except OSError as exc:
        raise OutputError(folder, exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    """A folder may be replaced only if it is empty or holds an earlier parts folder (never other files)."""
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputError(target, f"is a folder of other files (no {MANIFEST}); name a new or empty folder")
    if target.exists() and not target.is_dir():
        raise OutputError(target, "is a file; a parts folder is written with --parts (name a folder)")


def read_manifest(folder) -> dict:
    """The manifest of a parts folder; InputError when there is none or a listed file is missing."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = [entry["file"] for entry in manifest["parts"]] + [manifest["resolved"]["file"]]
    except FileNotFoundError:
        raise InputError(folder, f"is a folder without {MANIFEST}; name RDF files or a folder `kg build --parts` wrote") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"is not a parts manifest: {exc}") from None
    missing = [name for name in files if not (Path(folder) / name).is_file()]
    if missing:
        raise InputError(folder, f"lacks {', '.join(missing)} (listed in {MANIFEST}); write it again")
    return manifest


def files(folder) -> list[Path]:
    """The files of a parts folder in reading order: the parts, then the resolved graph."""
    manifest = read_manifest(folder)
    return [Path(folder) / entry["file"] for entry in manifest["parts"]] + [Path(folder) / manifest["resolved"]["file"]]


def expand(paths) -> list[str]:
    """File arguments with each parts folder replaced by its files (other paths kept as they are)."""
    found = []
    for path in paths:
        if Path(path).is_dir():
            found.extend(str(f) for f in files(path))
        else:
            found.append(str(path))
    return found
