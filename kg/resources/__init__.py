"""The project's resources, installed with the code: the ontology, the SHACL shapes, the saved queries.

They live at the repository's top level (ontology/, shapes/, queries/), where people read and edit
them. pyproject.toml maps each folder to a package under this one (kg.resources.ontology, ...), so
every install finds them the same way, through importlib.resources: a wheel or sdist carries copies,
and an editable install reads the top-level folders themselves (edits show at once).

A base module: imports nothing from kg.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

ONTOLOGY = "ontology"
SHAPES = "shapes"
QUERIES = "queries"


def folder(kind: str) -> Path:
    """The folder of one kind of resource (ONTOLOGY, SHAPES or QUERIES) as a file system path.

    Packages are installed as plain files (wheels unpack; the validation engines read real files),
    so the Traversable importlib.resources gives is a path.
    """
    return Path(str(resources.files(f"{__name__}.{kind}")))


def path(kind: str, name: str) -> Path:
    """One resource file, e.g. path(SHAPES, "diplomacy.shapes.ttl") (it may not exist: callers check)."""
    return folder(kind) / name
