"""Fixtures of the build tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def articles(corpus, tmp_path) -> Path:
    """A copy of the module's `corpus` that a test may change."""
    shutil.copytree(corpus, tmp_path / "articles")
    return tmp_path / "articles"
