"""Shared test fixtures: paths of the repository, the seeds and the shared evaluation data."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of seed articles."""
    return SEEDS
