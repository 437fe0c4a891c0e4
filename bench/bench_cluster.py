"""Per-article costs of a build on a Dask cluster, and the scale model made from them.

Builds a generated corpus on `local:N` (N worker processes of one thread), times each step (the
client shipping the articles, extraction, resolution, making and writing the graph), loads the
graph into the embedded store, measures the scheduler's cost per task, and prints two Markdown
tables: the measured costs, and how long 10^6 and 10^8 articles would take on 8, 64 and 512 worker
cores by the model in docs/performance.md.

    python bench/bench_cluster.py --size 10000 --workers 2
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

ARTICLES = (10**6, 10**8)
CORES = (8, 64, 512)
QLEVER_TRIPLES_PER_S = 1e9 / 3600   # QLever's own figure: about an hour per billion triples (12-core PC)


def measure(folder: Path, workers: int, evidence: str, work: Path) -> dict:
    """Build `folder` on local:workers and time each step; the costs as a dict."""
    from distributed import get_task_stream

    from kg.build.cluster import build, connect

    out = work / f"cluster-{workers}.nq"
    with connect(f"local:{workers}") as cluster:
        client = cluster.client
        start = time.perf_counter()
        client.gather(client.map(_noop, range(2000), pure=False))
        per_task = (time.perf_counter() - start) / 2000
        with get_task_stream(client) as stream:
            started = time.perf_counter()
            result = build([folder], cluster=cluster, evidence=evidence)
            built = time.perf_counter()
            quads = 0
            with open(out, "wb") as handle:
                for _, count, data in result.nquads():
                    handle.write(data)
                    quads += count
            written = time.perf_counter()
        tasks = len(stream.data)
    store = work / f"cluster-store-{workers}"
    subprocess.run(["rm", "-rf", str(store)], check=True)
    load_start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "load", str(out), "-l", str(store)], check=True,
                   capture_output=True)
    loaded = time.perf_counter()
    n = result.article_count
    seconds = result.stats.seconds
    return {"articles": n, "workers": workers, "threads": result.stats.threads, "batches": result.stats.batches,
            "bytes_per_article": sum(p.stat().st_size for p in folder.glob("*.txt")) / n,
            "quads_per_article": quads / n, "out_bytes_per_article": out.stat().st_size / n,
            "ship_ms": seconds["ship"] / n * 1e3,
            "extract_ms": seconds["extract"] * result.stats.threads / n * 1e3,
            "resolve_ms": seconds["resolve"] * result.stats.threads / n * 1e3,
            "resolve_wall_s": seconds["resolve"],
            "emit_ms": (written - built) * result.stats.threads / n * 1e3,
            "client_write_ms": (written - built) / n * 1e3,
            "total_s": written - started, "tasks": tasks, "scheduler_ms_per_task": per_task * 1e3,
            "load_quads_per_s": quads / (loaded - load_start)}


def _noop(x):
    return x


def model(costs: dict, articles: int, cores: int) -> dict:
    """Seconds for each step of a build of `articles` on `cores` worker cores (see docs/performance.md)."""
    per_core = costs["extract_ms"] + costs["resolve_ms"] + costs["emit_ms"]   # workers' time per article and core
    batches = max(articles / 2000, 4 * cores)
    tasks = costs["tasks"] / costs["batches"] * batches * max(1.0, math.log(batches, 32) / max(1.0, math.log(costs["batches"], 32)))
    quads = articles * costs["quads_per_article"]
    return {
        "workers": articles * per_core / 1e3 / cores,                     # extraction, resolution, graphs
        "client_ship": articles * costs["ship_ms"] / 1e3,                 # client-read: the client reads and ships
        "scheduler": tasks * costs["scheduler_ms_per_task"] / 1e3,       # one scheduler process
        "single_file": articles * costs["client_write_ms"] / 1e3,         # one client writing one file
        "oxigraph_load": quads / costs["load_quads_per_s"],
        "qlever_load": quads / QLEVER_TRIPLES_PER_S,
    }


def duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} d"


def tables(costs: dict) -> list[str]:
    lines = ["| measured on local:{workers} ({articles:,} articles, {threads} worker threads) | value |".format(**costs),
             "|---|---|",
             f"| article bytes | {costs['bytes_per_article'] / 1e3:.1f} kB |",
             f"| quads per article / N-Quads bytes per article | {costs['quads_per_article']:.0f} / "
             f"{costs['out_bytes_per_article'] / 1e3:.1f} kB |",
             f"| client: read and ship, per article | {costs['ship_ms']:.3f} ms |",
             f"| workers: extraction, per article and core | {costs['extract_ms']:.2f} ms |",
             f"| workers: resolution (shuffles, grouping, routing), per article and core | {costs['resolve_ms']:.2f} ms |",
             f"| workers: making the graphs, per article and core | {costs['emit_ms']:.2f} ms |",
             f"| client: receiving and writing the graphs, per article (wall) | {costs['client_write_ms']:.2f} ms |",
             f"| tasks run / batches | {costs['tasks']:,} / {costs['batches']} |",
             f"| scheduler, per task (2,000 empty tasks) | {costs['scheduler_ms_per_task']:.2f} ms |",
             f"| Oxigraph bulk load | {costs['load_quads_per_s'] / 1e3:.0f} k quads/s |",
             f"| whole build | {costs['total_s']:.1f} s |", "",
             "| articles | worker cores | workers' share | client ships (client-read) | scheduler | "
             "one client writing one file | load: Oxigraph | load: QLever |",
             "|---|---|---|---|---|---|---|---|"]
    for n in ARTICLES:
        for c in CORES:
            m = model(costs, n, c)
            lines.append(f"| 10^{round(math.log10(n))} | {c} | {duration(m['workers'])} | {duration(m['client_ship'])} | "
                         f"{duration(m['scheduler'])} | {duration(m['single_file'])} | "
                         f"{duration(m['oxigraph_load'])} | {duration(m['qlever_load'])} |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--evidence", default="none")
    parser.add_argument("--work", default=str(HERE / "out"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    import run

    folder = run.corpus(args.size, args.seed, work)
    costs = measure(folder, args.workers, args.evidence, work)
    print(json.dumps(costs), file=sys.stderr)
    print("\n".join(tables(costs)))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
