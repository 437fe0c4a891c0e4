"""Benchmark runner: time kg against the baseline a user would pick, and append a Markdown table per run.

Each measurement runs in a fresh child process (medians of --repeat runs; peak RSS from the
children's getrusage). Results are appended to bench/RESULTS.md with the machine described.

    python bench/run.py --sizes 1000,10000 --repeat 3
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
KG = [PY, "-m", "kg.cli"] if not (Path(PY).parent / "kg").exists() else [str(Path(PY).parent / "kg")]

# runs a command and prints the peak resident memory (KB) of its process tree's largest member, its
# exit code and the CPU seconds (user + system) of the whole tree
_WRAP = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
         "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print('@@maxrss', u.ru_maxrss, rc, u.ru_utime + u.ru_stime, file=sys.stderr)")


class Measure:
    """One timed command: wall seconds, peak RSS in MB, exit code, the child's JSON output if any,
    and the CPU seconds of its process tree."""

    def __init__(self, seconds: float | None, peak_mb: float | None, rc: int | None, data: dict | None,
                 cpu: float | None = None):
        self.seconds, self.peak_mb, self.rc, self.data, self.cpu = seconds, peak_mb, rc, data, cpu


def run(cmd: list[str], *, timeout: float, cwd: Path = REPO) -> Measure:
    """Run `cmd` in a wrapper process; None times on timeout.

    The wrapper leads its own process group, and a timeout kills the whole group: a baseline
    left running would take CPU from every later measurement.
    """
    start = time.perf_counter()
    child = subprocess.Popen([PY, "-c", _WRAP, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=cwd, start_new_session=True)
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return Measure(None, None, None, None)
    finally:
        kill_group(child)  # on a timeout, and anything the command left behind
    seconds = time.perf_counter() - start
    peak, rc, cpu = None, None, None
    for line in stderr.splitlines():
        if line.startswith("@@maxrss"):
            _, kb, rc, cpu = line.split()
            peak, rc, cpu = int(kb) / 1024, int(rc), float(cpu)
    data = None
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            data = json.loads(line)
            break
    if rc not in (0, 1):
        print(f"  ! {' '.join(cmd[:4])} exited {rc}: {stderr[-500:]}", file=sys.stderr)
    return Measure(seconds, peak, rc, data, cpu)


def kill_group(child: subprocess.Popen) -> None:
    """Kill the process group `child` leads (it was started in a new session), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=10)


def median_of(repeat: int, fn) -> Measure:
    """Run fn() `repeat` times; the median time and data, the largest peak."""
    runs = [fn() for _ in range(repeat)]
    ok = [m for m in runs if m.seconds is not None]
    if not ok:
        return runs[0]
    seconds = statistics.median(m.seconds for m in ok)
    data = None
    if ok[0].data:
        data = {k: statistics.median(m.data[k] for m in ok) for k in ok[0].data if isinstance(ok[0].data[k], (int, float))}
    return Measure(seconds, max(m.peak_mb or 0 for m in ok), ok[0].rc, data)


def py(code: str, *args: str) -> list[str]:
    """A command running Python code in a child with the repository importable."""
    return [PY, "-c", f"import sys; sys.path.insert(0, {str(REPO)!r})\n{code}", *args]


EXTRACT = """
import json, time, sys
from pathlib import Path
from kg.build.pipeline import article_paths, _warm
from kg.extract.facts import extract
from kg.read.article import parse_article
paths = article_paths([sys.argv[1]])[:int(sys.argv[2])]
_warm()
def extract_file(p):   # what a worker does per article: read the file, parse, extract
    return extract(parse_article(p.read_bytes(), path=str(p), article_id=p.stem))
for p in paths[:5]:
    extract_file(p)      # first use of lazily built tables is start-up, not throughput
meetings = statements = 0
t = time.perf_counter()
for p in paths:          # facts are dropped as they come, as a worker does once it has sent them
    f = extract_file(p); meetings += len(f.meetings); statements += len(f.statements)
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "articles": len(paths), "bytes": sum(p.stat().st_size for p in paths),
                  "meetings": meetings, "statements": statements}))
"""
SPACY = """
import json, time, sys
import spacy
from kg.build.pipeline import article_paths
paths = article_paths([sys.argv[1]])[:int(sys.argv[2])]
nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")
texts = [p.read_text(encoding="utf-8") for p in paths]
t = time.perf_counter(); n = sum(len(list(d.sents)) for d in nlp.pipe(texts)); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "articles": len(paths), "sentences": n}))
"""
WRITE = """
import json, time, sys
import pyoxigraph as ox
from kg.rdf.emit import serialize
quads = list(ox.parse(path=sys.argv[1]))
if sys.argv[2] == "kg":
    t = time.perf_counter(); data = serialize(quads, fmt="nq"); s = time.perf_counter() - t
else:
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(sys.argv[1], format="nquads")
    t = time.perf_counter(); data = ds.serialize(format="nquads", encoding="utf-8"); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "bytes": len(data)}))
"""
RDFLIB_LOAD = """
import json, time, sys, rdflib
t = time.perf_counter(); ds = rdflib.Dataset(); ds.parse(sys.argv[1], format="nquads"); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "quads": len(ds)}))
"""
PYSHACL = """
import json, time, sys, rdflib, pyshacl
t = time.perf_counter()
data = rdflib.Dataset(default_union=True); data.parse(sys.argv[1], format="nquads")
g = rdflib.Graph()
for s_, p, o, _ in data.quads((None, None, None, None)):
    g.add((s_, p, o))
conforms, _, _ = pyshacl.validate(g, shacl_graph=rdflib.Graph().parse(sys.argv[2]), inference="none")
print(json.dumps({"seconds": time.perf_counter() - t, "conforms": int(conforms)}))
"""
QUERIES = """
import json, time, sys, statistics
from pathlib import Path
files = [Path(f) for f in sys.argv[4].split(",")]
repeat = int(sys.argv[2])
budget = float(sys.argv[5]) if len(sys.argv) > 5 else 1e9   # a run longer than this is not repeated
if sys.argv[3] == "kg":
    from kg.store.embedded import open_store, run_query   # what `kg query` runs: the engine, then ORDER BY in Python
    store = open_store(sys.argv[1], read_only=True)
    run = lambda q: run_query(store, q).rows
else:
    import rdflib
    ds = rdflib.Dataset(default_union=True); ds.parse(sys.argv[1], format="nquads")
    run = lambda q: list(ds.query(q))
out = {}
for f in files:
    q = f.read_text(encoding="utf-8")
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); rows = run(q); times.append(time.perf_counter() - t)
        if times[-1] > budget:
            break
    out[f.stem] = statistics.median(times) * 1000
    out[f.stem + ":rows"] = len(rows)
print(json.dumps(out))
"""


def fmt_s(m: Measure | None) -> str:
    """Seconds for a table cell."""
    if m is None:
        return "–"
    if m.seconds is None:
        return "timeout"
    return f"{m.seconds:.2f} s" if m.seconds < 100 else f"{m.seconds:.0f} s"


def ratio(base: float | None, ours: float | None) -> str:
    """How many times faster kg is than the baseline."""
    if not base or not ours:
        return "–"
    return f"{base / ours:.1f}×"


def mb(m: Measure | None) -> str:
    """Peak memory for a table cell."""
    return f"{m.peak_mb:.0f} MB" if m and m.peak_mb else "–"


def corpus(size: int, seed: int, work: Path) -> Path:
    """The generated corpus of `size` articles (generated when missing or made by another generator)."""
    import hashlib

    version = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:8]
    folder = work / f"corpus-{size}-s{seed}-g{version}"
    if not folder.exists() or len(list(folder.glob("*.txt"))) != size:
        subprocess.run([PY, str(HERE / "generate.py"), "--count", str(size), "--seed", str(seed),
                        "--out", str(folder)], check=True)
    return folder


def bench_size(size: int, args, work: Path, evidence: str, *, extraction: bool = True) -> list[str]:
    """All measurements for one corpus size and evidence level; returns Markdown lines.

    `extraction` includes the extraction rows (the same for every evidence level).
    """
    folder = corpus(size, args.seed, work)
    rows: list[tuple[str, str, str, str, str, str]] = []
    sample = str(min(size, args.sample))
    say = lambda msg: print(f"[{size}, evidence {evidence}] {msg}", file=sys.stderr, flush=True)   # noqa: E731
    T = args.timeout

    if args.only_path:
        return bench_path(size, folder, args, work, say, evidence)
    if extraction:
        rows += extraction_rows(folder, sample, args, work, say)
    out = work / f"graph-{size}-{evidence}.nq"
    builds = {}
    for jobs in (1, 2):
        say(f"build --jobs {jobs}")
        builds[jobs] = median_of(args.build_repeat, lambda: cold_build(folder, out, work, jobs, T, evidence))
    rows.append(("kg build --jobs 1 (empty cache: extract, resolve, write N-Quads)", "", fmt_s(builds[1]), "",
                 mb(builds[1]), ""))
    rows.append(("kg build --jobs 2", ratio(builds[1].seconds, builds[2].seconds) + " vs --jobs 1",
                 fmt_s(builds[2]), "", mb(builds[2]), "≥ 1.7× vs --jobs 1"))
    if args.cluster:
        rows += cluster_rows(folder, out, builds, args, work, say, evidence)

    say("incremental build")
    cached = work / f"graph-{size}-{evidence}-cached.nq"
    cache_dir = work / f"cache-{size}"
    ev = ["--evidence", evidence]
    first = run([*KG, "build", str(folder), "-o", str(cached), "--cache-dir", str(cache_dir), "-q", "-j", "2", *ev],
                timeout=T)
    victim = sorted(folder.glob("*.txt"))[size // 2]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + b"\nThe talks ended late in the evening.\n")
        inc = run([*KG, "build", str(folder), "-o", str(cached), "--cache-dir", str(cache_dir), "-q", *ev], timeout=T)
    finally:
        victim.write_bytes(original)
    rows.append(("re-build after 1 article changed (cache)", ratio(builds[1].seconds, inc.seconds) + " vs full",
                 fmt_s(inc), "", mb(inc), "< 3 s at 10⁴" if first.seconds else "(first build timed out)"))
    return rows_after_build(size, folder, out, builds, rows, args, work, say, evidence)


def cluster_rows(folder: Path, out: Path, builds, args, work: Path, say, evidence: str) -> list[tuple]:
    """Builds on a Dask cluster of 1 and 2 local worker processes (`--scheduler local:N`), against --jobs."""
    rows = []
    for workers in (1, 2):
        say(f"build --scheduler local:{workers}")
        target = work / f"graph-{folder.name}-{evidence}-local{workers}.nq"
        measured = median_of(args.build_repeat, lambda: run(
            [*KG, "build", str(folder), "-o", str(target), "--scheduler", f"local:{workers}", "-q",
             "--evidence", evidence], timeout=args.timeout))
        same = target.exists() and out.exists() and target.read_bytes() == out.read_bytes()
        rows.append((f"kg build --scheduler local:{workers} (Dask, {workers} worker process{'es' * (workers > 1)}; "
                     f"{'the same bytes' if same else 'OTHER BYTES'})",
                     ratio(builds[workers].seconds, measured.seconds) + f" vs --jobs {workers}",
                     fmt_s(measured), "", mb(measured), ""))
    return rows


def extraction_rows(folder: Path, sample: str, args, work: Path, say) -> list[tuple]:
    """Extraction throughput on the seeds and on the corpus, against spaCy's pipeline."""
    rows = []
    T = args.timeout
    say("extraction")
    seeds = seed_copies(work, int(sample))
    ext_seeds = median_of(args.repeat, lambda: run(py(EXTRACT, str(seeds), sample), timeout=T))
    if ext_seeds.data:
        d = ext_seeds.data
        rows.append((f"extraction, the seed articles ×{int(sample) // 5}, 1 core", "",
                     f"{d['articles'] / d['seconds']:.0f} art/s, {d['bytes'] / 1e6 / d['seconds']:.2f} MB/s",
                     "", mb(ext_seeds), "≥ 300 art/s"))
    ext = median_of(args.repeat, lambda: run(py(EXTRACT, str(folder), sample), timeout=T))
    spc = median_of(args.repeat, lambda: run(py(SPACY, str(folder), sample), timeout=T)) if args.spacy else None
    if ext.data:
        rate = ext.data["articles"] / ext.data["seconds"]
        rows.append((f"extraction, {sample} articles, 1 core", ratio(spc and spc.data and spc.data["seconds"], ext.data["seconds"]),
                     f"{rate:.0f} art/s, {ext.data['bytes'] / 1e6 / ext.data['seconds']:.2f} MB/s",
                     f"{spc.data['articles'] / spc.data['seconds']:.0f} art/s (spaCy blank en + sentencizer)"
                     if spc and spc.data else "–", mb(ext), "≥ 300 art/s"))
    return rows


def rows_after_build(size: int, folder: Path, out: Path, builds, rows, args, work: Path, say, evidence: str):
    """The write, validate, load and query rows on a built graph; Markdown lines of the whole table."""
    T = args.timeout
    if out.exists() and builds[2].seconds:
        say("write")
        w_kg = median_of(args.repeat, lambda: run(py(WRITE, str(out), "kg"), timeout=T))
        w_rdf = median_of(1, lambda: run(py(WRITE, str(out), "rdflib"), timeout=T)) if size <= args.rdflib_max else None
        rows.append(("write N-Quads (sorted)", ratio(_sec(w_rdf), _sec(w_kg)), _dsec(w_kg),
                     _dsec(w_rdf) + " (rdflib serialize)" if w_rdf else "skipped", mb(w_kg), ""))
        say("validate")
        val = median_of(args.repeat, lambda: run([*KG, "validate", str(out), "-f", "json", "-o", str(work / "report.json")],
                                                 timeout=T))
        shapes = REPO / "shapes" / "diplomacy.shapes.ttl"
        pys = run(py(PYSHACL, str(out), str(shapes)), timeout=T) if size <= args.rdflib_max and shapes.exists() else None
        rows.append((f"kg validate (exit {val.rc})", ratio(_sec(pys), val.seconds), fmt_s(val),
                     (_dsec(pys) + " (plain pyshacl)") if pys else "skipped", mb(val), ""))
        say("load")
        store = work / f"store-{size}-{evidence}"
        loads = []
        for _ in range(args.repeat):
            subprocess.run(["rm", "-rf", str(store)], check=True)
            loads.append(run([*KG, "load", str(out), "-l", str(store)], timeout=T))
        load = median_of(1, lambda: loads[len(loads) // 2])
        load.seconds = statistics.median(m.seconds for m in loads if m.seconds) if any(m.seconds for m in loads) else None
        rl = run(py(RDFLIB_LOAD, str(out)), timeout=T) if size <= args.rdflib_max else None
        rows.append(("kg load into the embedded store", ratio(_sec(rl), load.seconds), fmt_s(load),
                     (_dsec(rl) + " (rdflib parse into a Dataset)") if rl else "skipped", mb(load), ""))
        queries = REPO / "queries"
        if store.exists() and any(queries.glob("*.rq")):
            say("queries")
            files = sorted(queries.glob("*.rq"))
            q_kg = run(py(QUERIES, str(store), str(max(3, args.repeat)), "kg", ",".join(map(str, files)),
                          str(args.query_budget)), timeout=T)
            for f in files:
                base = None
                if size <= args.rdflib_max:
                    q_rdf = run(py(QUERIES, str(out), "1", "rdflib", str(f)), timeout=args.query_timeout)
                    base = q_rdf.data.get(f.stem) if q_rdf.data else None
                    base_cell = f"{base:.0f} ms (rdflib SPARQL)" if base else f"> {args.query_timeout:.0f} s (rdflib)"
                else:
                    base_cell = "skipped"
                ours = q_kg.data.get(f.stem) if q_kg.data else None
                n_rows = int(q_kg.data.get(f.stem + ":rows", 0)) if q_kg.data else 0
                rows.append((f"saved query `{f.stem}` ({n_rows:,} rows, median)",
                             ratio(base or (args.query_timeout * 1000 if size <= args.rdflib_max else None), ours)
                             + ("+" if size <= args.rdflib_max and not base else ""),
                             f"{ours:.1f} ms" if ours is not None else "failed", base_cell,
                                 "", "< 100 ms at 10⁵"))
    total = [m.seconds for m in (builds[2],) if m.seconds]
    lines = [f"### {size:,} articles ({sum(p.stat().st_size for p in folder.glob('*.txt')) / 1e6:.1f} MB), "
             f"seed {args.seed}, repeat {args.repeat}, `--evidence {evidence}`", "",
             "| work | kg vs baseline | kg | baseline | kg peak RSS | target |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    if out.exists():
        lines += ["", f"Graph: {sum(1 for _ in out.open('rb')):,} quads."]
    if total:
        lines += [f"Build (--jobs 2) + validate + load: {sum(total) + (val.seconds or 0) + (load.seconds or 0):.0f} s."
                  if out.exists() and builds[2].seconds else ""]
    return lines + [""]


def cold_build(folder: Path, out: Path, work: Path, jobs: int, timeout: float, evidence: str) -> Measure:
    """`kg build` as a user runs it first: the default cache, empty."""
    cache = work / "cache-cold"
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    return run([*KG, "build", str(folder), "-o", str(out), "--cache-dir", str(cache), "-q", "-j", str(jobs),
                "--evidence", evidence], timeout=timeout)


def seed_copies(work: Path, count: int) -> Path:
    """A folder of `count` seed articles (the five seeds repeated under distinct names)."""
    folder = work / f"seeds-x{count}"
    if not folder.exists() or len(list(folder.glob("*.txt"))) != count:
        folder.mkdir(parents=True, exist_ok=True)
        seeds = sorted((REPO / "seeds").glob("*.txt"))
        for i in range(count):
            (folder / f"{i:05d}_{seeds[i % len(seeds)].name}").write_bytes(seeds[i % len(seeds)].read_bytes())
    return folder


def bench_path(size: int, folder: Path, args, work: Path, say, evidence: str) -> list[str]:
    """The whole path at scale: build --jobs 2 (empty cache), validate, load, saved queries; Markdown lines."""
    T = args.timeout
    out, store = work / f"graph-{size}-{evidence}.nq", work / f"store-{size}-{evidence}"
    say("build --jobs 2")
    build = cold_build(folder, out, work, 2, T, evidence)
    say("validate")
    val = run([*KG, "validate", str(out), "-f", "json", "-o", str(work / "report.json")], timeout=T)
    say("load")
    subprocess.run(["rm", "-rf", str(store)], check=True)
    load = run([*KG, "load", str(out), "-l", str(store)], timeout=T)
    rows = [("kg build --jobs 2 (empty cache)", fmt_s(build), mb(build)),
            (f"kg validate (exit {val.rc})", fmt_s(val), mb(val)),
            ("kg load into the embedded store", fmt_s(load), mb(load))]
    files = sorted((REPO / "queries").glob("*.rq"))
    if store.exists() and files:
        say("queries")
        q = run(py(QUERIES, str(store), str(max(3, args.repeat)), "kg", ",".join(map(str, files)),
                   str(args.query_budget)), timeout=T)
        rows += [(f"saved query `{f.stem}` ({int(q.data.get(f.stem + ':rows', 0)) if q.data else 0:,} rows, median)",
                  f"{q.data[f.stem]:.1f} ms" if q.data and f.stem in q.data else "failed", "") for f in files]
    total = sum(m.seconds or 0 for m in (build, val, load))
    peak = max(m.peak_mb or 0 for m in (build, val, load))
    return [f"### {size:,} articles ({sum(p.stat().st_size for p in folder.glob('*.txt')) / 1e6:.1f} MB), "
            f"seed {args.seed}, `--evidence {evidence}`: the whole path", "",
            "| work | kg | peak RSS |", "|---|---|---|",
            *[f"| {' | '.join(r)} |" for r in rows], "",
            f"Graph: {sum(1 for _ in out.open('rb')):,} quads." if out.exists() else "Graph: not built.",
            f"Build + validate + load: {total:.0f} s (target < 600 s), largest peak RSS {peak:.0f} MB (target < 2 GB).",
            ""]


def startup_lines(repeat: int) -> list[str]:
    """Start-up of the commands that need no RDF library: median wall time of max(5, repeat) runs each."""
    rows = []
    for args in (["--help"], ["query", "--list"]):
        times = []
        for _ in range(max(5, repeat)):
            start = time.perf_counter()
            subprocess.run([*KG, *args], capture_output=True, check=True, cwd=REPO)
            times.append(time.perf_counter() - start)
        rows.append(f"| `kg {' '.join(args)}` | {statistics.median(times) * 1000:.0f} ms | < 200 ms |")
    return ["### Start-up", "", "| command | median | target |", "|---|---|---|", *rows, ""]


def _sec(m: Measure | None) -> float | None:
    """The seconds a child measured itself (work only), else its wall time."""
    if m is None or m.seconds is None:
        return None
    return m.data["seconds"] if m.data and "seconds" in m.data else m.seconds


def _dsec(m: Measure | None) -> str:
    """Self-measured seconds for a cell."""
    s = _sec(m)
    return "timeout" if m is not None and s is None else ("–" if s is None else f"{s:.2f} s")


def machine(*, load_now: bool = True) -> list[str]:
    """A description of the machine and library versions (and the load average now, for a run about to start)."""
    from importlib import metadata

    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "absent"

    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    libs = ", ".join(f"{n} {version(n)}" for n in ("pyoxigraph", "rdflib", "pyshacl", "pyshacl-turbo", "spacy"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout.strip()
    return [f"Machine: {os.cpu_count()} cores (nproc), {mem} RAM, {platform.machine()}, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; {libs}. Commit {commit}"
            + (f"; load average at start {load[0]:.1f}." if load_now else ".")]


def newest_first(old: str, run: str) -> str:
    """The results file with a new run put before the earlier ones (after the title and introduction)."""
    at = old.find("\n## Run of ")
    head, earlier = (old, "") if at < 0 else (old[:at + 1], old[at + 1:])
    return head.rstrip("\n") + "\n\n" + run.rstrip("\n") + "\n" + ("\n" + earlier if earlier else "")


def main(argv=None) -> int:
    """Command line: --sizes, --repeat; appends to bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--build-repeat", type=int, default=1, help="runs per whole build (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only-path", action="store_true",
                        help="only the whole path (build --jobs 2, validate, load, queries), for the largest sizes")
    parser.add_argument("--sample", type=int, default=300, help="articles timed for extraction throughput")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a measurement is abandoned")
    parser.add_argument("--rdflib-max", type=int, default=1000, help="largest size the rdflib/pyshacl baselines run at")
    parser.add_argument("--query-timeout", type=float, default=300, help="seconds per rdflib baseline query")
    parser.add_argument("--query-budget", type=float, default=30,
                        help="a kg query run longer than this many seconds is not repeated")
    parser.add_argument("--evidence", default="full",
                        help="evidence levels to build with, comma-separated (full, none)")
    parser.add_argument("--no-spacy", dest="spacy", action="store_false")
    parser.add_argument("--no-cluster", dest="cluster", action="store_false",
                        help="leave out the builds on a local Dask cluster (--scheduler local:1, local:2)")
    parser.add_argument("--work", default=str(HERE / "out"))
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    lines = [f"## Run of {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}", "", *machine(), ""]
    lines += startup_lines(args.repeat)
    levels = args.evidence.split(",")
    for size in (int(s) for s in args.sizes.split(",")):
        for level in levels:
            lines += bench_size(size, args, work, level, extraction=level == levels[0])
            print("\n".join(lines), file=sys.stderr)
    results = Path(args.results)
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n\n"
    sys.path.insert(0, str(REPO))
    from kg.fsutil import write_bytes_atomic

    write_bytes_atomic(results, newest_first(old, "\n".join(lines)).encode("utf-8"))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
