"""Time loading and every saved query on the embedded pyoxigraph store against rdflib's in-memory Graph.

The graph (out/seeds.trig or .ttl when present, else the test sample) is copied with its instance
IRIs suffixed per copy until it reaches 10^4, 10^5 and 10^6 triples. Prints a Markdown table.
rdflib is skipped once a step is expected to take longer than the budget ("> budget").

With --store DIR it instead times each saved query against its plain reference form
(tests/golden/queries/) on an existing on-disk store, runs interleaved, and checks both give the
same rows in the same order.

    .venv/bin/python bench/bench_store.py [--sizes 10000,100000,1000000] [--budget 60]
    .venv/bin/python bench/bench_store.py --store /tmp/store-10000 [--repeat 3] [--names meetings,roles]
"""
from __future__ import annotations

import argparse
import gc
import math
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.namespaces import ID  # noqa: E402
from kg.store.sparql import saved_queries  # noqa: E402


def source_graph() -> Path:
    """The graph to scale: the built seeds when present, else the hand-made sample."""
    for candidate in (REPO / "out" / "seeds.trig", REPO / "out" / "seeds.ttl"):
        if candidate.exists():
            return candidate
    return REPO / "tests" / "fixtures" / "sample.ttl"


def scaled(triples, copies: int):
    """Yield the triples `copies` times, instance IRIs suffixed `-c{k}` in copy k (ontology IRIs kept)."""
    import pyoxigraph as ox

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
            return ox.NamedNode(f"{term.value}-c{k}")
        return term

    for k in range(copies):
        for t in triples:
            yield ox.Triple(rename(t.subject, k), t.predicate, rename(t.object, k))


def write_scaled(base, target: int, directory: Path) -> tuple[Path, int]:
    """Write about `target` triples as N-Triples; return the path and the exact count."""
    import pyoxigraph as ox

    copies = max(1, math.ceil(target / len(base)))
    path = directory / f"scaled-{target}.nt"
    triples = list(scaled(base, copies))
    ox.serialize(triples, str(path), format=ox.RdfFormat.N_TRIPLES)
    return path, len(triples)


def timed(fn):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_oxigraph(path: Path, queries: dict) -> dict:
    """Load into an in-memory pyoxigraph Store, run each query once warm; seconds per step and row counts."""
    import pyoxigraph as ox

    out = {}
    store = ox.Store()
    out["load"] = (timed(lambda: store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES))[0], None)
    for name, text in queries.items():
        seconds, rows = timed(lambda: len(list(store.query(text, use_default_graph_as_union=True))))
        out[name] = (seconds, rows)
    return out


def _in_child(fn, budget: float):
    """Run fn() in a forked process (sharing what is already loaded); (seconds, result) or None past the budget."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work():
        send.send(timed(fn))

    child = ctx.Process(target=work, daemon=True)
    child.start()
    answered = receive.poll(budget)
    outcome = receive.recv() if answered else None
    if child.is_alive():
        child.kill()
    child.join()
    return outcome


def bench_rdflib(path: Path, queries: dict, *, budget: float, previous: dict | None, factor: float) -> dict:
    """The same with rdflib. A step that runs past the budget, or is expected to from the previous
    size, is stopped or skipped (None)."""
    import rdflib

    def expected_over(step):
        return previous is not None and (previous.get(step) is None or previous[step][0] * factor > budget)

    out = {step: None for step in ["load", *queries]}
    if expected_over("load"):
        return out
    graph = rdflib.Graph()
    seconds, _ = timed(lambda: graph.parse(str(path), format="nt"))
    if seconds > budget:
        return out
    out["load"] = (seconds, None)
    for name, text in queries.items():
        if not expected_over(name):
            out[name] = _in_child(lambda: len(list(graph.query(text))), budget)
    del graph
    gc.collect()
    return out


def fmt_seconds(value) -> str:
    """Seconds as ms below one second, else s."""
    if value is None:
        return "> budget"
    seconds = value[0]
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bench_saved_vs_plain(location: str, *, names: list[str], repeat: int) -> list[str]:
    """Markdown rows: each saved query and its plain reference form on the store at `location`.

    Runs alternate (plain, saved, plain, saved ...) so both see the same machine load; times are
    medians of the engine answering with every row fetched, and of turning the rows into a table.
    """
    import os
    import statistics

    from kg.store.embedded import open_store, run_query
    from kg.store.results import render

    store = open_store(location, read_only=True)
    saved = saved_queries()
    lines = ["| query | rows | plain form | saved form | plain / saved | rows to table | same rows |",
             "|---|---|---|---|---|---|---|"]
    for name in names:
        plain_text = (REPO / "tests" / "golden" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        times = {"plain": [], "saved": []}
        answers = {}
        for _ in range(repeat):
            for form, text in (("plain", plain_text), ("saved", saved[name].text)):
                seconds, answers[form] = timed(lambda: run_query(store, text))
                times[form].append(seconds)
        table_seconds, _ = timed(lambda: render(answers["saved"], "table"))
        plain, ours = statistics.median(times["plain"]), statistics.median(times["saved"])
        same = "yes" if answers["plain"].rows == answers["saved"].rows else "NO"
        lines.append(f"| {name} | {len(answers['saved'].rows):,} | {fmt_seconds((plain, None))} | "
                     f"{fmt_seconds((ours, None))} | {plain / ours:.1f}× | {fmt_seconds((table_seconds, None))} | "
                     f"{same} |")
        print(lines[-1], file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines.append(f"\n{len(store):,} quads; median of {repeat} interleaved runs; load average {load}.")
    return lines


def main(argv=None) -> int:
    """Run the benchmark and print the Markdown table."""
    import pyoxigraph as ox

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds one rdflib step may take")
    parser.add_argument("--store", metavar="DIR", help="time saved queries against their plain forms on this store")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query form with --store (median)")
    parser.add_argument("--names", help="comma-separated saved queries to time with --store (default: all)")
    args = parser.parse_args(argv)
    if args.store:
        names = args.names.split(",") if args.names else list(saved_queries())
        print("\n".join(bench_saved_vs_plain(args.store, names=names, repeat=args.repeat)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    source = source_graph()
    base = sorted({q.triple for q in ox.parse(path=str(source))}, key=str)
    queries = {name: q.text for name, q in saved_queries().items()}
    print(f"source: {source.relative_to(REPO)} ({len(base)} triples); rdflib budget {args.budget:g} s per step",
          file=sys.stderr)
    lines = ["| triples | step | pyoxigraph | rdflib | rdflib / pyoxigraph | rows |", "|---|---|---|---|---|---|"]
    previous, previous_size = None, None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path, count = write_scaled(base, size, Path(tmp))
            ox_times = bench_oxigraph(path, queries)
            factor = count / previous_size if previous_size else 1.0
            rl_times = bench_rdflib(path, queries, budget=args.budget, previous=previous, factor=factor)
            for step in ["load", *queries]:
                o, r = ox_times[step], rl_times[step]
                ratio = f"{r[0] / o[0]:.0f}×" if r is not None and o[0] > 0 else "–"
                rows = "" if o[1] is None else str(o[1])
                if r is not None and o[1] is not None and r[1] != o[1]:
                    rows += f" (rdflib {r[1]})"
                lines.append(f"| {count:,} | {step} | {fmt_seconds(o)} | {fmt_seconds(r)} | {ratio} | {rows} |")
                print(lines[-1], file=sys.stderr)
            previous, previous_size = rl_times, count
            path.unlink()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
