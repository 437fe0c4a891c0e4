"""The single-machine targets, for an earlier commit and this checkout, measured in one run.

    python bench/targets.py --before 75211b1 [--size 100000] [--rebuild-size 10000]

For each version (the earlier commit, checked out into a work tree with its own virtualenv, then
this checkout) it times, each step in a fresh child process:

* the whole path at `--size` articles: `kg build -j 2 --evidence none` into an empty cache,
  `kg validate`, `kg load` into a new embedded store (targets: < 600 s in all, < 2 GB peak);
* re-building `--rebuild-size` articles after one changed (target: < 3 s): to an N-Quads file
  without evidence and with it, and into a store with `--into` (the first build of each fills
  the cache; the changed article gets one more sentence).

The versions take turns step by step, so a busier minute of the host falls on both alike. Both
versions' outputs are compared byte for byte. One Markdown section goes at the top of RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run as bench   # noqa: E402  (bench/run.py: the child-process measurement and the corpora)

CHANGE = b"\nThe talks ended late in the evening.\n"


def checkout(ref: str, work: Path) -> Path:
    """The kg command of `ref`: a detached work tree under `work` with its own virtualenv (made once)."""
    sha = subprocess.run(["git", "rev-parse", "--short", ref], capture_output=True, text=True, check=True,
                         cwd=REPO).stdout.strip()
    tree = work / f"tree-{sha}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], check=True, cwd=REPO,
                       capture_output=True)
    kg = tree / ".venv" / "bin" / "kg"
    if not kg.exists():
        subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
        subprocess.run([str(tree / ".venv" / "bin" / "pip"), "install", "-q", "-e", str(tree)], check=True)
    return kg


def cell(m: bench.Measure) -> str:
    """Wall seconds, CPU seconds and peak memory of one step."""
    if m.seconds is None:
        return "timeout"
    cpu = f", {m.cpu:.0f} CPU s" if m.cpu is not None and m.cpu >= 10 else (
        f", {m.cpu:.1f} CPU s" if m.cpu is not None else "")
    wall = f"{m.seconds:.0f} s" if m.seconds >= 100 else f"{m.seconds:.2f} s"
    return f"{wall}{cpu}, {m.peak_mb:.0f} MB" + ("" if m.rc in (0, 1) else f" (exit {m.rc})")


def same(a: Path, b: Path) -> str:
    """Whether two outputs are byte-identical, for the table."""
    if not (a.exists() and b.exists()):
        return "–"
    return "same bytes" if a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes() else "DIFFER"


def main(argv=None) -> int:
    """Time both versions, step by step; put the table at the top of RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--size", type=int, default=100_000, help="articles on the whole path")
    parser.add_argument("--rebuild-size", type=int, default=10_000, help="articles re-built after one changed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--work", default=str(HERE / "out"))
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--no-path", dest="path", action="store_false", help="leave out the whole path")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    T = args.timeout
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=REPO).stdout.strip()
    versions = {"before": [str(checkout(args.before, work))], "after": bench.KG}
    label = {"before": f"before ({subprocess.run(['git', 'rev-parse', '--short', args.before], capture_output=True, text=True, cwd=REPO).stdout.strip()})",
             "after": f"after ({head})"}
    say = lambda msg: print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)   # noqa: E731
    rows: list[tuple[str, dict, str]] = []
    load_start = os.getloadavg()[0]

    if args.path:
        folder = bench.corpus(args.size, args.seed, work)
        res = {v: {} for v in versions}
        for v, kg in versions.items():
            subprocess.run(["rm", "-rf", str(work / f"cache-path-{v}")], check=True)
        for step in ("build", "validate", "load"):
            for v, kg in versions.items():
                out, store = work / f"path-{v}.nq", work / f"path-store-{v}"
                say(f"{step} {args.size} ({v})")
                if step == "build":
                    cmd = [*kg, "build", str(folder), "-o", str(out), "--cache-dir", str(work / f"cache-path-{v}"),
                           "-q", "-j", "2", "--evidence", "none"]
                elif step == "validate":
                    cmd = [*kg, "validate", str(out), "-f", "json", "-o", str(work / f"report-{v}.json")]
                else:
                    subprocess.run(["rm", "-rf", str(store)], check=True)
                    cmd = [*kg, "load", str(out), "-l", str(store)]
                res[v][step] = bench.run(cmd, timeout=T)
        size = f"{args.size:,}"
        for step, what in (("build", f"kg build {size} articles, --jobs 2, --evidence none, empty cache"),
                           ("validate", "kg validate (its N-Quads)"),
                           ("load", "kg load into a new embedded store")):
            rows.append((what, {v: cell(res[v][step]) for v in versions}, ""))
        total = {v: sum(res[v][s].seconds or 0 for s in res[v]) for v in versions}
        peak = {v: max(res[v][s].peak_mb or 0 for s in res[v]) for v in versions}
        rows.append(("the whole path", {v: f"{total[v]:.0f} s, peak {peak[v]:.0f} MB" for v in versions},
                     "< 600 s, < 2 GB"))
        rows.append(("outputs", {"before": "", "after": same(work / "path-before.nq", work / "path-after.nq")}, ""))

    folder = bench.corpus(args.rebuild_size, args.seed, work)
    victim = sorted(folder.glob("*.txt"))[args.rebuild_size // 2]
    original = victim.read_bytes()
    size = f"{args.rebuild_size:,}"
    for name, extra in ((f"re-build {size} after 1 changed, -o N-Quads, --evidence none", ["--evidence", "none"]),
                        (f"re-build {size} after 1 changed, -o N-Quads, with evidence", []),
                        (f"re-build {size} after 1 changed, --into a store, with evidence", ["--into"])):
        measured = {}
        for v, kg in versions.items():
            cache, out, store = (work / f"cache-re-{v}", work / f"re-{v}.nq", work / f"re-store-{v}")
            subprocess.run(["rm", "-rf", str(cache), str(store)], check=True)
            target = ["--into", str(store)] if extra == ["--into"] else ["-o", str(out), *extra]
            say(f"{name} ({v}): first build")
            victim.write_bytes(original)
            bench.run([*kg, "build", str(folder), *target, "--cache-dir", str(cache), "-q", "-j", "2"], timeout=T)
            say(f"{name} ({v}): re-build")
            try:
                victim.write_bytes(original + CHANGE)
                measured[v] = bench.run([*kg, "build", str(folder), *target, "--cache-dir", str(cache), "-q"],
                                        timeout=T)
            finally:
                victim.write_bytes(original)
        rows.append((name, {v: cell(measured[v]) for v in versions}, "< 3 s"))

    lines = [f"## Single-machine targets, before and after, {dt.datetime.now():%Y-%m-%d %H:%M}", "",
             f"`bench/targets.py --before {args.before} --size {args.size} --rebuild-size {args.rebuild_size}`: "
             "each step in a fresh process, the two versions taking turns step by step; wall time, CPU "
             "time (user + system of the whole process tree) and the largest process's peak memory. "
             f"Load average {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.", "",
             *bench.machine(load_now=False), "",
             f"| step | {label['before']} | {label['after']} | target |", "|---|---|---|---|",
             *[f"| {what} | {cells['before']} | {cells['after']} | {target} |" for what, cells, target in rows], ""]
    results = Path(args.results)
    old = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n\n"
    at = old.find("\n## ")
    new = (old.rstrip("\n") + "\n\n" if at < 0 else old[:at + 1]) + "\n".join(lines) + ("\n" + old[at + 1:] if at >= 0 else "")
    from kg.fsutil import write_bytes_atomic

    write_bytes_atomic(results, new.encode("utf-8"))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
