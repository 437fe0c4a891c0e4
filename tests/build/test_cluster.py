"""Builds on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on 127.0.0.1):
the same bytes as a local build, worker and scheduler failures, workers running another kg."""
from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cluster import dask_cluster as start_cluster
from cluster import stop, wait_for_file
from helpers import CONTRADICTING, generated_corpus
from servers import free_port

KG = str(Path(sys.executable).parent / "kg")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seed articles and 300 generated ones."""
    return generated_corpus(tmp_path_factory.mktemp("corpus"), count=300, seed=16, seeds=5)


@pytest.fixture(scope="module")
def local_bytes(corpus, tmp_path_factory) -> bytes:
    """What `kg build --jobs 1` writes for the corpus."""
    out = tmp_path_factory.mktemp("local") / "graph.nq"
    subprocess.run([KG, "build", str(corpus), "-o", str(out), "--jobs", "1", "--no-cache", "-q"], check=True)
    return out.read_bytes()


def kg(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *map(str, args)], capture_output=True, text=True, **kwargs)


def test_a_cluster_build_writes_the_bytes_of_a_local_build(dask_cluster, corpus, local_bytes, tmp_path):
    done = kg("build", corpus, "-o", tmp_path / "graph.nq", "--into", tmp_path / "store",
              "--scheduler", dask_cluster.address)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "graph.nq").read_bytes() == local_bytes
    assert "305 articles" in done.stderr and "2 Dask worker threads" in done.stderr
    assert local_bytes.count(b"\n") > 50_000
    import pyoxigraph

    from kg.store.embedded import sizes

    quads, _ = sizes(pyoxigraph.Store.read_only(str(tmp_path / "store")))   # the merged graph's triples aside
    assert quads == local_bytes.count(b"\n")


def test_workers_on_a_shared_file_system_write_the_parts_a_local_build_writes(dask_cluster, corpus, local_bytes,
                                                                              tmp_path):
    done = kg("build", corpus, "-o", tmp_path / "cluster/", "--parts", 3, "--shared-fs",
              "--scheduler", dask_cluster.address)
    assert done.returncode == 0, done.stderr
    here = kg("build", corpus, "-o", tmp_path / "local/", "--parts", 3, "--no-cache")
    assert here.returncode == 0, here.stderr
    names = ["part-00000.nq.gz", "part-00001.nq.gz", "part-00002.nq.gz", "resolved.nq.gz"]
    assert sorted(p.name for p in (tmp_path / "cluster").iterdir()) == sorted(names + ["manifest.json"])
    assert b"".join(gzip.decompress((tmp_path / "cluster" / n).read_bytes()) for n in names) == local_bytes
    for name in names + ["manifest.json"]:
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_a_worker_killed_in_the_middle_of_a_build_changes_no_byte(dask_cluster, corpus, local_bytes, tmp_path):
    hold = dask_cluster.hold_dir
    (hold / "emit.arm").touch()   # the first task to start making graphs waits there
    build = subprocess.Popen([KG, "build", str(corpus), "-o", str(tmp_path / "graph.nq"),
                              "--scheduler", dask_cluster.address], stderr=subprocess.PIPE, text=True)
    try:
        held = wait_for_file(hold, "emit.held-")
        pid = int(held.name.rpartition("-")[2])
        os.kill(pid, signal.SIGKILL)   # the worker holding the task (and facts the others need)
        _, err = build.communicate(timeout=300)
    finally:
        build.kill()
        (hold / "emit.release").touch()
    assert build.returncode == 0, err
    assert (tmp_path / "graph.nq").read_bytes() == local_bytes
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    dask_cluster.wait_for_workers(2)   # the worker's nanny started a new one


def test_a_lost_scheduler_is_a_clear_error_and_leaves_the_output(corpus, tmp_path):
    hold = tmp_path / "hold"
    hold.mkdir()
    out = tmp_path / "graph.nq"
    out.write_bytes(b"an earlier build\n")
    with start_cluster(tmp_path / "dask", workers=1, hold_dir=hold) as cluster:
        (hold / "emit.arm").touch()
        build = subprocess.Popen([KG, "build", str(corpus), "-o", str(out), "--scheduler", cluster.address],
                                 stderr=subprocess.PIPE, text=True)
        try:
            wait_for_file(hold, "emit.held-")
            cluster.scheduler.send_signal(signal.SIGKILL)
            _, err = build.communicate(timeout=120)
        finally:
            build.kill()
            (hold / "emit.release").touch()
    assert build.returncode == 2
    assert f"kg: error: lost the connection to the Dask scheduler at {cluster.address}" in err
    assert "Traceback" not in err
    assert out.read_bytes() == b"an earlier build\n"


def test_workers_running_another_kg_are_refused(dask_cluster):
    from kg.build.cluster import _extract_batch, check_workers, versions
    from kg.errors import ClusterError

    other = ("0.0.1", "0" * 40, versions()[2])
    with dask_cluster.client() as client:
        check_workers(client, address=dask_cluster.address)   # the same kg: accepted
        with pytest.raises(ClusterError, match=r"2 of 2 Dask workers run another kg than this client: "
                                               r"tcp://127\.0\.0\.1:\d+ has kg 0\.1\.0"):
            check_workers(client, address=dask_cluster.address, expected=other)
        # a worker that joined after the check refuses each task
        with pytest.raises(ClusterError, match="this Dask worker runs another kg than the client"):
            client.submit(_extract_batch, [], other, pure=False).result()


def test_a_scheduler_nobody_listens_on_is_a_clear_error():
    from kg.build.cluster import connect
    from kg.errors import ClusterError

    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        with connect(address, timeout=2):
            pass


def test_a_scheduler_without_workers_is_a_clear_error(tmp_path):
    from kg.build.cluster import connect
    from kg.errors import ClusterError

    with start_cluster(tmp_path / "dask", workers=0) as cluster:
        with pytest.raises(ClusterError, match=f"the Dask scheduler at {cluster.address} has no workers"):
            with connect(cluster.address, timeout=2):
                pass


def test_a_malformed_scheduler_address_is_a_usage_error(tmp_path):
    done = kg("build", tmp_path, "-o", tmp_path / "g.nq", "--scheduler", "127.0.0.1")
    assert done.returncode == 2
    assert "give a scheduler address such as tcp://HOST:8786, or local:N" in done.stderr
    done = kg("build", tmp_path, "-o", tmp_path / "g.nq", "--scheduler", "local:none")
    assert done.returncode == 2 and "local:N takes a number of workers" in done.stderr


def test_local_workers_build_the_bytes_of_a_local_build(seeds_dir, tmp_path):
    assert kg("build", seeds_dir, "-o", tmp_path / "one.ttl", "--no-cache").returncode == 0
    done = kg("build", seeds_dir, "-o", tmp_path / "two.ttl", "--scheduler", "local:2")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "two.ttl").read_bytes() == (tmp_path / "one.ttl").read_bytes()


def test_a_cluster_build_names_the_contradictions_a_local_build_names(dask_cluster, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in CONTRADICTING.items():
        (folder / name).write_text(text)
    local = kg("build", folder, "-o", tmp_path / "local.ttl", "--no-cache")
    done = kg("build", folder, "-o", tmp_path / "cluster.ttl", "--scheduler", dask_cluster.address)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("kg: warning:")]
    assert warnings == [line for line in local.stderr.splitlines() if line.startswith("kg: warning:")]
    assert len(warnings) == 1 and "Italy (IT) takes part according to a but is absent according to b" in warnings[0]


def test_the_progress_of_a_cluster_build_counts_every_article_once(dask_cluster, corpus):
    from kg.build.cluster import build, connect

    seen: list[int] = []
    with connect(dask_cluster.address) as cluster:
        result = build([corpus], cluster=cluster, progress=seen.append)
        result.release()
    assert sum(seen) == 305 and len(seen) > 1   # batch by batch, as they finish
