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
def virtuoso(tmp_path_factory):
    """A Virtuoso 7 server for the whole session (it takes seconds to start): its base URL.

    When Virtuoso is missing, tests/virtuoso_setup.sh is run; where it still cannot be had the tests
    skip with the exact reason, except as root with apt-get (as CI runs), where that is a failure.
    """
    import os
    import shutil
    import subprocess

    from servers import virtuoso_missing, virtuoso_server

    if virtuoso_missing():
        done = subprocess.run(["sh", str(REPO / "tests" / "virtuoso_setup.sh")], capture_output=True, text=True,
                              timeout=1800)
        still = virtuoso_missing()
        if still:
            said = [line for line in done.stderr.splitlines() if line.strip()]
            reason = f"{still}; tests/virtuoso_setup.sh exited {done.returncode}: {said[-1] if said else '(said nothing)'}"
            if os.geteuid() == 0 and shutil.which("apt-get"):
                pytest.fail(reason)
            pytest.skip(reason)
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two workers on 127.0.0.1 for the session (tests/cluster.py); hold points
    are armed in its `hold_dir`."""
    from cluster import dask_cluster as start

    with start(tmp_path_factory.mktemp("dask"), workers=2, hold_dir=tmp_path_factory.mktemp("hold")) as cluster:
        yield cluster
