"""`kg validate --scheduler`: the chunks validated as tasks on a real Dask cluster give the local results."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib.compare import isomorphic

from helpers import generated_corpus
from kg.validate import engine as kv

KG = str(Path(sys.executable).parent / "kg")


def test_chunks_validated_on_the_cluster_give_the_local_outcome(dask_cluster, tmp_path):
    from distributed import get_task_stream

    corpus = generated_corpus(tmp_path / "corpus", count=40, seed=51, seeds=2)
    graph = tmp_path / "graph.nq"
    subprocess.run([KG, "build", str(corpus), "-o", str(graph), "--no-cache", "-q"], check=True)
    local = kv.validate(graph, jobs=1, chunk_quads=0)
    with dask_cluster.client() as client, get_task_stream(client) as stream:
        remote = kv.validate(graph, chunk_quads=3000, dask_client=client)
        workers = set(client.scheduler_info()["workers"])
    assert remote.results == local.results and remote.conforms == local.conforms
    assert isomorphic(remote.report_graph, local.report_graph)
    chunks = [task for task in stream.data if task["key"].startswith("kg-validate-")]
    assert len(chunks) >= 2
    assert {task["worker"] for task in chunks} <= workers


def test_kg_validate_with_a_scheduler_writes_the_local_report(dask_cluster, tmp_path):
    corpus = generated_corpus(tmp_path / "corpus", count=6, seed=52, seeds=1)
    graph = tmp_path / "graph.nq"
    subprocess.run([KG, "build", str(corpus), "-o", str(graph), "--no-cache", "-q"], check=True)
    local = subprocess.run([KG, "validate", str(graph), "-f", "json"], capture_output=True)
    remote = subprocess.run([KG, "validate", str(graph), "-f", "json", "--scheduler", dask_cluster.address],
                            capture_output=True)
    assert remote.returncode == local.returncode and remote.stdout == local.stdout
    assert b'"results"' in remote.stdout
