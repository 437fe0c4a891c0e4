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


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory) -> Path:
    """The seeds built once (N-Quads, no cache) for the tests that score or read the graph."""
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("seeds-graph") / "seeds.nq"
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two workers on 127.0.0.1 for the session (tests/cluster.py); hold points
    are armed in its `hold_dir`."""
    from cluster import dask_cluster as start

    with start(tmp_path_factory.mktemp("dask"), workers=2, hold_dir=tmp_path_factory.mktemp("hold")) as cluster:
        yield cluster
