"""Fixtures of the web tests: the seeds built into a store once, and `kg serve` running over it."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from web_servers import kg_serve

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TIMEOUT = "2"   # the served query timeout, in seconds: the slow-query tests wait this long


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory) -> Path:
    """The seed articles built into an embedded store."""
    folder = tmp_path_factory.mktemp("web-seeds")
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(SEEDS), "-o", str(folder / "seeds.trig"),
                                      "--into", str(folder / "store")])
    assert result.exit_code == 0, result.output
    return folder / "store"


@pytest.fixture(scope="session")
def served(seeds_store):
    """The base URL of `kg serve` over the seeds' store (query timeout TIMEOUT s)."""
    with kg_serve(seeds_store, "--timeout", TIMEOUT) as served:
        yield served.base


@pytest.fixture(scope="session")
def reader(seeds_store):
    """A GraphReader over the seeds' store (opened read-only beside the server)."""
    from kg.store.embedded import open_store
    from kg.web.graph import GraphReader

    return GraphReader(open_store(seeds_store, read_only=True))
