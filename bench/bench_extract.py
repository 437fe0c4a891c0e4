"""Time extraction in one process: read (from bytes) and extract seed-sized articles, after a warm-up.

The corpus is the seed articles (or the files/folders given) replicated `--times` times; the
gazetteers are loaded in the warm-up, so the figures are per-article work only. Prints articles/s
and MB/s (of article bytes) for reading alone and for reading plus extraction, by wall-clock and by
CPU time (best of three passes each).

    .venv/bin/python bench/bench_extract.py [--times 50] [--profile | --stages] [PATH ...]

`--stages` prints the CPU time per article of each stage instead (read, sentences, people, meetings,
statements), the best of `--repeat` passes for each stage.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def load(paths: list[str]) -> list[tuple[str, bytes]]:
    """(identifier, bytes) of every article file under the given paths (the seeds by default)."""
    from kg.build.pipeline import article_paths

    return [(p.stem, p.read_bytes()) for p in article_paths(paths or [REPO / "seeds"])]


def run(corpus: list[tuple[str, bytes]], *, extract_too: bool) -> None:
    """Read (and extract) every article of the corpus once."""
    from kg.extract.facts import extract
    from kg.read.article import parse_article

    for ident, data in corpus:
        article = parse_article(data, path=ident, article_id=ident)
        if extract_too:
            extract(article)


def timed(corpus, *, extract_too: bool, repeat: int = 3) -> tuple[float, float]:
    """Best wall time and best CPU time of `repeat` passes over the corpus, in seconds.

    The CPU time (of this process) is the steadier figure when other work shares the machine.
    """
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(corpus, extract_too=extract_too)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


STAGES = ("read", "sentences", "people", "meetings", "statements")


def stage_times(corpus: list[tuple[str, bytes]], *, repeat: int) -> dict[str, float]:
    """CPU seconds of each stage over the whole corpus, the best of `repeat` passes per stage."""
    from kg.extract import meetings, people, quotes
    from kg.extract.document import Document
    from kg.model import ArticleFacts
    from kg.read.article import parse_article

    best = dict.fromkeys(STAGES, float("inf"))
    clock = time.process_time
    for _ in range(repeat):
        spent = dict.fromkeys(STAGES, 0.0)
        for ident, data in corpus:
            t0 = clock()
            article = parse_article(data, path=ident, article_id=ident)
            t1 = clock()
            doc = Document(article)
            facts = ArticleFacts(article=article)
            t2 = clock()
            index = people.find_people(doc, facts)
            t3 = clock()
            meetings.find_meetings(doc, facts, people=index)
            t4 = clock()
            quotes.find_statements(doc, facts, people=index)
            t5 = clock()
            for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[stage] += seconds
        for stage in STAGES:
            best[stage] = min(best[stage], spent[stage])
    return best


def main() -> None:
    """Parse options, warm up, time reading and extraction, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="article files or folders (default: seeds/)")
    parser.add_argument("--times", type=int, default=50, help="replicate the articles this many times")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one pass instead")
    parser.add_argument("--stages", action="store_true", help="print the CPU time of each stage instead")
    parser.add_argument("--repeat", type=int, default=3, help="passes to take the best of (default 3)")
    args = parser.parse_args()

    start = time.perf_counter()
    from kg.extract import gazetteer

    gazetteer.countries()
    gazetteer.cities()
    print(f"gazetteer load: {time.perf_counter() - start:.3f} s")
    base = load(args.paths)
    corpus = base * args.times
    run(base, extract_too=True)   # warm-up: lazy tables, regex caches
    size = sum(len(data) for _, data in corpus) / 1e6
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run(corpus, extract_too=True)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "30")))
        return
    if args.stages:
        spent = stage_times(corpus, repeat=args.repeat)
        print("cpu ms/article: " + "  ".join(f"{stage} {1000 * spent[stage] / len(corpus):.2f}" for stage in STAGES)
              + f"  total {1000 * sum(spent.values()) / len(corpus):.2f}")
        return
    for label, extract_too in (("read", False), ("read+extract", True)):
        for clock, seconds in zip(("wall", "cpu"), timed(corpus, extract_too=extract_too, repeat=args.repeat)):
            print(f"{label:13s} {clock:4s} {len(corpus)} articles ({size:.2f} MB) in {seconds:.3f} s: "
                  f"{len(corpus) / seconds:8.1f} articles/s  {size / seconds:6.2f} MB/s  "
                  f"{1000 * seconds / len(corpus):6.2f} ms/article")


if __name__ == "__main__":
    main()
