"""The build pipeline, top to bottom: read -> clean -> extract -> resolve -> emit.

`build()` never stops at a bad article: it records the file and the reason and goes on.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError, InputError

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


@dataclass
class BuildResult:
    """The quads of a build, the facts behind them and the articles that could not be used."""

    quads: list
    facts: list
    failures: list[ArticleError] = field(default_factory=list)


def article_paths(inputs) -> list[Path]:
    """Expand files and folders into a sorted list of article files; InputError for a missing path."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise InputError(path, "no such file or directory")
    unique = {os.path.normpath(str(p)): p for p in found}
    return [unique[k] for k in sorted(unique, key=lambda k: (Path(k).name, k))]


def extract_file(path: Path):
    """Read and extract one article file."""
    from kg.extract import extract
    from kg.read import read_article

    return extract(read_article(path))


def build(inputs, *, jobs: int = 1) -> BuildResult:
    """Extract every article, resolve across articles and return the sorted quads."""
    from kg.emit import emit
    from kg.resolve import resolve

    facts, failures = [], []
    seen_ids: dict[str, Path] = {}
    for path in article_paths(inputs):
        if path.stem in seen_ids:
            failures.append(ArticleError(path, f"same identifier as {seen_ids[path.stem]}; skipped"))
            continue
        try:
            facts.append(extract_file(path))
            seen_ids[path.stem] = path
        except ArticleError as exc:
            failures.append(exc)
    resolution = resolve(facts)
    return BuildResult(quads=emit(resolution), facts=facts, failures=failures)
