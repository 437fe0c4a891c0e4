"""Helpers shared by test modules (importable because tests/ is on sys.path via conftest.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILLER = "\nThe talks ended late in the evening.\n"   # a sentence that changes an article, not who met whom


def load_module(name: str, path: Path):
    """Import a Python file that is not in a package (bench scripts, the bad-article corpus) once."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def bench_generate():
    """The benchmark corpus generator, bench/generate.py."""
    return load_module("bench_generate", REPO / "bench" / "generate.py")


def bad_corpus():
    """The bad-article corpus helper, tests/bad_articles/corpus.py."""
    return load_module("bad_corpus", REPO / "tests" / "bad_articles" / "corpus.py")


def generated_corpus(folder: Path, *, count: int, seed: int, seeds: int) -> Path:
    """`count` generated articles plus the first `seeds` seed articles, in `folder`."""
    import shutil

    bench_generate().generate(count=count, seed=seed, out=folder)
    for article in sorted((REPO / "seeds").glob("*.txt"))[:seeds]:
        shutil.copy(article, folder)
    return folder


def bench_runner():
    """The benchmark runner, bench/run.py."""
    return load_module("bench_run", REPO / "bench" / "run.py")


# A query no machine finishes: the cross product of twelve triple patterns, counted. On a store of
# a hundred triples that is 10^24 rows; tests of timeouts use it instead of a query that is merely slow.
ENDLESS_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"


# Two articles on one meeting: one has Italy take part, the other has it absent (a contradiction).
CONTRADICTING = {
    "a.txt": "Ministers meet in Paris\n\nPARIS, March 12, 2024 - The foreign ministers of France, Germany and "
             "Italy met in Paris on March 12, 2024 to discuss trade. Italy and Germany took part in the talks "
             "hosted by France.\n",
    "b.txt": "Talks in Paris without Rome\n\nPARIS, March 12, 2024 - Foreign ministers of France and Germany met "
             "in Paris on March 12, 2024 to discuss trade. Italy was not invited to the meeting.\n",
}
