"""`kg site`: the served pages written as static files, for GitHub Pages or any web server.

Each node under the instance namespace gets `id/{kind}/{name}.html` and its description as `.ttl`,
`.jsonld` and `.nt` beside it; the overview is `index.html`. Links are relative, so the folder can
be published at any address. The folder is written beside the target and renamed into place.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kg.errors import OutputError
from kg.web.describe import NODE_FORMATS, description, serialize
from kg.web.pages import STATIC, Pages, page_path

MARKER = ".kg-site"   # marks a folder this module wrote, which a later run may replace


@dataclass
class SiteReport:
    """What was written: the folder, the number of node pages and of files."""

    output: str
    pages: int
    files: int


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _check_target(output: Path) -> None:
    """OutputError unless `output` is missing, empty, or a site written before."""
    if output.exists() and not output.is_dir():
        raise OutputError(output, "a file is in the way; give a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputError(output, "the folder holds other files; give an empty or new folder "
                                  "(a folder written by `kg site` is replaced)")


def write_site(location, output) -> SiteReport:
    """Write every page and description of the store at `location` into the folder `output`."""
    from kg import resources
    from kg.store.embedded import open_store
    from kg.web.graph import GraphReader

    output = Path(output)
    _check_target(output)
    store = open_store(location, read_only=True)
    reader = GraphReader(store)
    pages = Pages(reader, static=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".writing", dir=output.parent))
    try:
        files = 0
        root = tmp / "site"
        for name, html in (("index.html", pages.overview()), ("search.html", pages.search("")),
                           ("ontology.html", pages.ontology()),
                           ("404.html", pages.error(404, "nothing here: this address is not a node of the graph"))):
            _write(root / name, html)
            files += 1
        shutil.copyfile(resources.path(resources.ONTOLOGY, "diplomacy.ttl"), root / "ontology.ttl")
        shutil.copytree(STATIC, root / "static")
        files += 1 + sum(1 for _ in (root / "static").iterdir())
        count = 0
        done = set()
        for iri in reader.subjects_in_namespace():
            path = page_path(iri)
            if path is None or path in done:
                continue
            done.add(path)
            base = (root / unquote(path)).resolve()
            if not base.is_relative_to(root.resolve()):
                continue   # a name that would leave the folder is not written
            page_iri = iri.split("#", 1)[0]
            html = pages.node(page_iri)
            if html is None:
                continue
            _write(base.with_name(base.name + ".html"), html)
            triples = description(store, page_iri)
            for fmt in NODE_FORMATS:
                if fmt != "html":
                    _write(base.with_name(f"{base.name}.{fmt}"), serialize(triples, fmt))
            count += 1
            files += len(NODE_FORMATS)
        (root / ".nojekyll").write_bytes(b"")   # GitHub Pages: serve the folder as it is
        (root / MARKER).write_text("written by kg site; the next `kg site` into this folder replaces it\n")
        old = None
        if output.exists():
            old = tmp / "old"
            os.replace(output, old)
        try:
            os.replace(root, output)
        except OSError:
            if old is not None:
                os.replace(old, output)   # the earlier site stays as it was
            raise
        return SiteReport(str(output), count, files)
    except OSError as exc:
        raise OutputError(output, exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
