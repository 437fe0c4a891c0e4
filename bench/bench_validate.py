"""Time `kg validate`: plain pyshacl against the fast path, and whole-graph against chunked runs.

Engines: the seed graph is `out/seeds.ttl` when it exists (else the hand-made test graph); it is
copied with instance IRIs suffixed per copy up to each size. Each run is a fresh process, timed
from file to outcome (parsing, validation, reading the report). Prints a Markdown table.

    .venv/bin/python bench/bench_validate.py [--sizes 10000 100000 1000000] [--budget 300]

Chunks: `--files` runs `kg validate -f json` on each file as the whole graph (`--chunk-quads 0`)
and chunked with `--jobs 1` and `--jobs 2`, interleaved, `--repeat` times; it reports the median
wall time and the median peak memory of the whole process tree (the sum of the resident sets of
the command and its workers, sampled every 50 ms), and checks that every run's report is the same.

    .venv/bin/python bench/bench_validate.py --files bench/out/graph-1000.nq --repeat 3 [--tmp /tmp] [--modes ...]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
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
from kg.validate.engine import validate
start = time.perf_counter()
outcome = validate(sys.argv[1], engine=sys.argv[2])
print(time.perf_counter() - start, len(outcome.results), outcome.engine)
"""


def seed_quads():
    """The triples of the seed graph, as pyoxigraph quads in the default graph."""
    import pyoxigraph

    from kg.rdf.files import parse_quads

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


MODES = {  # name -> extra `kg validate` options
    "whole graph": ["--chunk-quads", "0"],
    "chunked, --jobs 1": ["--jobs", "1"],
    "chunked, --jobs 2": ["--jobs", "2"],
}


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is the parent pid
        rss[pid] = int(fields[21]) * page  # resident pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def measured(command: list[str], output: Path):
    """(seconds, peak tree RSS in bytes, exit code, digest of the report) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command + ["-o", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    digest = hashlib.sha256(output.read_bytes()).hexdigest()[:12]
    return seconds, peak, process.returncode, digest, stderr


def chunk_table(files, *, repeat: int, tmp: str, chunk_quads: int | None, modes=tuple(MODES)):
    """Print whole-graph against chunked runs for each file (interleaved repeats, medians)."""
    kg = str(Path(sys.executable).with_name("kg"))
    print(f"load average before: {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores\n")
    print("| file | quads | mode | wall (median) | peak RSS, process tree (median) | runs | report |")
    print("|---|---:|---|---:|---:|---:|---|")
    for path in map(Path, files):
        with open(path, "rb") as handle:
            quads = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
        runs: dict[str, list] = {mode: [] for mode in modes}
        for _ in range(repeat):
            for mode in modes:
                options = MODES[mode]
                extra = list(options)
                if chunk_quads and mode != "whole graph":
                    extra += ["--chunk-quads", str(chunk_quads)]
                command = [kg, "validate", str(path), "-f", "json", "--tmp-dir", tmp, *extra]
                runs[mode].append(measured(command, Path(tmp) / "bench-validate-report.json"))
        digests = {run[3] for mode_runs in runs.values() for run in mode_runs}
        for mode, mode_runs in runs.items():
            wall = statistics.median(r[0] for r in mode_runs)
            peak = statistics.median(r[1] for r in mode_runs)
            same = "same" if len(digests) == 1 else "DIFFERS"
            print(f"| {path.name} | {quads:,} | {mode} | {wall:.1f} s | {peak / 2**30:.2f} GB | {len(mode_runs)} | {same} |",
                  flush=True)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


def main(argv=None):
    """Run the benchmark and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--budget", type=float, default=300.0, help="seconds allowed per pyshacl run")
    parser.add_argument("--files", nargs="+", help="compare whole-graph and chunked runs on these files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode with --files (median)")
    parser.add_argument("--tmp", default=tempfile.gettempdir(), help="folder for chunk files and reports")
    parser.add_argument("--chunk-quads", type=int, default=None, help="chunk size for the chunked runs")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES), help="runs to compare")
    args = parser.parse_args(argv)
    if args.files:
        chunk_table(args.files, repeat=args.repeat, tmp=args.tmp, chunk_quads=args.chunk_quads, modes=args.modes)
        return
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
