"""Time `kg validate` on scaled graphs: plain pyshacl against the fast path (pyshacl-turbo).

The seed graph is `out/seeds.ttl` when it exists (else the hand-made test graph); it is copied
with instance IRIs suffixed per copy up to each size. Each run is a fresh process, timed from
file to outcome (parsing, validation, reading the report). Prints a Markdown table.

    .venv/bin/python bench/bench_validate.py [--sizes 10000 100000 1000000] [--budget 300]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = [REPO / "out" / "seeds.ttl", REPO / "tests" / "fixtures" / "validate" / "valid.ttl"]
ID = "https://w3id.org/diplomacy-kg/id/"

RUN = """
import sys, time
from kg.validate import validate
start = time.perf_counter()
outcome = validate(sys.argv[1], engine=sys.argv[2])
print(time.perf_counter() - start, len(outcome.results), outcome.engine)
"""


def seed_quads():
    """The triples of the seed graph, as pyoxigraph quads in the default graph."""
    import pyoxigraph

    from kg.rdfio import parse_quads

    seed = next(p for p in SEEDS if p.is_file() and p.stat().st_size > 2000)
    return seed, [pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in parse_quads(seed)]


def scaled(quads, size: int, path: Path) -> int:
    """Write whole copies of `quads` (instance IRIs suffixed "-c{n}") until at least `size` triples."""
    import pyoxigraph

    def rename(term, n):
        if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(ID):
            return pyoxigraph.NamedNode(f"{term.value}-c{n}")
        return term

    out = []
    copy = 0
    while len(out) < size:
        out.extend(pyoxigraph.Quad(rename(q.subject, copy), q.predicate, rename(q.object, copy)) for q in quads)
        copy += 1
    pyoxigraph.serialize(out, output=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    return len(out)


def timed(path: Path, engine: str, budget: float):
    """Seconds for one validation in a fresh process, or None if it exceeds the budget."""
    try:
        done = subprocess.run([sys.executable, "-c", RUN, str(path), engine], capture_output=True,
                              text=True, timeout=budget, check=True)
    except subprocess.TimeoutExpired:
        return None
    seconds, results, used = done.stdout.split()
    assert used == engine, f"asked for {engine}, ran {used}"
    return float(seconds), int(results)


def cell(value):
    """A time for the table."""
    return "> budget" if value is None else f"{value:.2f} s"


def main(argv=None):
    """Run the benchmark and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--budget", type=float, default=300.0, help="seconds allowed per pyshacl run")
    args = parser.parse_args(argv)
    seed, quads = seed_quads()
    print(f"seed graph: {seed.relative_to(REPO)} ({len(quads)} triples); shapes: project default\n")
    print("| triples | pyshacl | pyshacl-turbo (fast path) | speed-up | results |")
    print("|---:|---:|---:|---:|---:|")
    last_slow = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"data-{size}.nq"
            n = scaled(quads, size, path)
            fast = timed(path, "turbo", 10 * args.budget)
            # skip pyshacl when a linear extrapolation of the last size already exceeds the budget
            if last_slow is not None and last_slow[1] * n / last_slow[0] > args.budget:
                slow = None
            else:
                slow = timed(path, "pyshacl", args.budget)
            if slow is not None:
                last_slow = (n, slow[0])
                assert slow[1] == fast[1], "the engines disagree on the number of results"
            ratio = f"{slow[0] / fast[0]:.0f}x" if slow and fast else "-"
            print(f"| {n:,} | {cell(slow and slow[0])} | {cell(fast and fast[0])} | {ratio} | "
                  f"{fast[1] if fast else '-'} |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
