"""`kg build` over bad and hostile input: bad files are reported and skipped, the seeds build unchanged."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHAPES = REPO / "shapes" / "diplomacy.shapes.ttl"
ID = "https://w3id.org/diplomacy-kg/id/"
RESOLVED = rdflib.URIRef(ID + "graph/resolved")
FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
              "nq": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG,
              "jsonld": pyoxigraph.RdfFormat.JSON_LD}


from helpers import bad_corpus

corpus = bad_corpus()


def run_build(*args):
    """Run `kg build` in-process; return the click Result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, ["build", *map(str, args)], catch_exceptions=False)


def dataset(path: Path) -> rdflib.Dataset:
    """Parse a quad file with rdflib."""
    ds = rdflib.Dataset()
    ds.parse(str(path), format=FORMATS[path.suffix[1:]])
    return ds


def graph_of(ds: rdflib.Dataset, name: str) -> rdflib.Graph:
    """A copy of one named graph of a dataset."""
    out = rdflib.Graph()
    for triple in ds.graph(rdflib.URIRef(name)):
        out.add(triple)
    return out


def assert_parses_everywhere(path: Path) -> int:
    """The file parses with rdflib and pyoxigraph to the same number of statements; return that number."""
    fmt = path.suffix[1:]
    if fmt in ("nq", "trig"):
        rd = len(set(dataset(path).quads((None, None, None, None))))
    else:
        rd = len(rdflib.Graph().parse(str(path), format=FORMATS[fmt]))
    ox = len(set(pyoxigraph.parse(path=str(path), format=OX_FORMATS[fmt])))
    assert rd == ox
    return rd


def assert_no_violation(path: Path) -> None:
    """The file conforms to the project's shapes (no sh:Violation)."""
    from kg.validate.engine import validate

    outcome = validate(path, shapes=SHAPES, fail_on="violation")
    assert outcome.conforms, [r.message for r in outcome.failures()][:5]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A seeds-only build and a build of the seeds mixed with every bad article, both as N-Quads."""
    root = tmp_path_factory.mktemp("mixed")
    seeds_only, mixed = root / "seeds", root / "mixed"
    shutil.copytree(SEEDS, seeds_only)
    shutil.copytree(SEEDS, mixed)
    corpus.write_committed(mixed)
    corpus.write_generated(mixed)
    corpus.write_filesystem_oddities(mixed / "odd")
    a = run_build(seeds_only, "-o", root / "seeds.nq", "--no-cache")
    b = run_build(mixed, "-o", root / "mixed.nq", "--no-cache")
    return {"root": root, "mixed": mixed, "seeds": a, "seeds.nq": root / "seeds.nq",
            "result": b, "mixed.nq": root / "mixed.nq"}


def test_mixed_build_exits_0_and_names_every_bad_file_with_its_reason(builds):
    result = builds["result"]
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped ")]
    for case in corpus.CASES:
        said = [line for line in lines if f"/{case.name}:" in line]
        if case.skipped:
            assert len(said) == 1 and case.reason in said[0], (case.name, lines)
        else:
            assert not said, said
    assert "Traceback" not in result.output


def test_mixed_build_holds_every_readable_article(builds):
    ds = dataset(builds["mixed.nq"])
    identifiers = {str(q[2]) for q in ds.quads((None, rdflib.URIRef("http://purl.org/dc/terms/identifier"), None, None))}
    readable = {Path(c.name).stem for c in corpus.CASES if not c.skipped}
    assert readable | {p.stem for p in SEEDS.glob("*.txt")} <= identifiers
    assert not {Path(c.name).stem for c in corpus.CASES if c.skipped} & identifiers


def test_seed_article_graphs_are_unchanged_by_bad_neighbours(builds):
    seeds, mixed = dataset(builds["seeds.nq"]), dataset(builds["mixed.nq"])
    for path in sorted(SEEDS.glob("*.txt")):
        name = f"{ID}article/{path.stem}"
        alone, together = graph_of(seeds, name), graph_of(mixed, name)
        assert len(alone) > 0
        assert isomorphic(alone, together), path.name


def test_seed_nodes_in_the_resolved_graph_are_unchanged(builds):
    alone = graph_of(dataset(builds["seeds.nq"]), str(RESOLVED))
    together = graph_of(dataset(builds["mixed.nq"]), str(RESOLVED))
    for subject in set(alone.subjects()):
        assert set(alone.predicate_objects(subject)) == set(together.predicate_objects(subject)), subject


def violations(path: Path) -> set[tuple]:
    """The sh:Violation results of validating a file, as comparable tuples."""
    from kg.validate.engine import validate

    outcome = validate(path, shapes=SHAPES, fail_on="violation")
    return {(r.focus, r.path, r.constraint, r.value) for r in outcome.failures()}


def test_mixed_build_parses_and_bad_input_adds_no_violation(builds):
    assert assert_parses_everywhere(builds["mixed.nq"]) > 0
    assert violations(builds["mixed.nq"]) <= violations(builds["seeds.nq"])


def test_mixed_build_validates(builds):
    assert_no_violation(builds["mixed.nq"])


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "jsonld"])
def test_mixed_build_parses_in_every_format(builds, fmt):
    out = builds["root"] / f"mixed.{fmt}"
    result = run_build(builds["mixed"], "-o", out)
    assert result.exit_code == 0, result.output
    quads = set(dataset(builds["mixed.nq"]).quads((None, None, None, None)))
    expected = len(quads) if fmt == "trig" else len({q[:3] for q in quads})
    assert assert_parses_everywhere(out) == expected


def test_strict_exits_2_when_any_article_was_skipped(builds):
    result = run_build(builds["mixed"], "-o", builds["root"] / "strict.nq", "--strict")
    assert result.exit_code == 2
    # every skipped case, plus the broken link among the file-system oddities (a folder named
    # like an article is not an article file and is passed over)
    assert sum(line.startswith("kg: skipped ") for line in result.stderr.splitlines()) == \
        sum(case.skipped for case in corpus.CASES) + 1
    assert "broken_link.txt" in result.stderr


def test_strict_exits_0_when_nothing_was_skipped(builds, tmp_path):
    result = run_build(SEEDS, "-o", tmp_path / "ok.nq", "--strict")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """Every bad-corpus case in one folder (no seeds)."""
    folder = tmp_path_factory.mktemp("cases")
    corpus.write_committed(folder)
    corpus.write_generated(folder)
    return folder


@pytest.mark.parametrize("case", corpus.CASES, ids=lambda c: c.name)
def test_each_case_alone(corpus_dir, tmp_path, case):
    out = tmp_path / "out.trig"
    result = run_build(corpus_dir / case.name, "-o", out)
    assert result.exit_code == 0, result.output
    statements = assert_parses_everywhere(out)
    assert (statements == 0) == case.skipped, statements   # a skipped article adds nothing, a read one something
    if case.skipped:
        assert f"kg: skipped {corpus_dir / case.name}: " in result.stderr and case.reason in result.stderr
        assert run_build(corpus_dir / case.name, "-o", tmp_path / "s.trig", "--strict").exit_code == 2
    else:
        assert "skipped" not in result.stderr
        ds = dataset(out)
        assert any(ds.quads((rdflib.URIRef(f"{ID}article/{Path(case.name).stem}"), None, None, None)))
        assert_no_violation(out)


def test_broken_link_given_by_name_is_reported(tmp_path):
    made = corpus.write_filesystem_oddities(tmp_path / "odd")
    result = run_build(made["broken_link.txt"], SEEDS / "000_753dbda4ca28c184.txt", "-o", tmp_path / "g.ttl")
    assert result.exit_code == 0, result.output
    assert f"kg: skipped {made['broken_link.txt']}: No such file or directory" in result.stderr
    assert "000_753dbda4ca28c184" in (tmp_path / "g.ttl").read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file with mode 000")
def test_unreadable_file_is_reported(tmp_path):
    made = corpus.write_filesystem_oddities(tmp_path / "odd")
    result = run_build(made["unreadable.txt"], "-o", tmp_path / "g.ttl")
    assert result.exit_code == 0
    assert "Permission denied" in result.stderr


@pytest.mark.parametrize("cache", ["--no-cache", "--cache-dir"])
def test_file_name_that_is_not_utf8_builds_a_valid_iri(tmp_path, cache):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"r\xe9union <1> \"x\".txt")).write_text(corpus.ENCODED_TEXT, encoding="utf-8")
    options = ["--no-cache"] if cache == "--no-cache" else ["--cache-dir", tmp_path / "cache"]
    for fmt in FORMATS:
        out = tmp_path / f"g.{fmt}"
        result = run_build(folder, "-o", out, *options)
        assert result.exit_code == 0, result.output
        assert assert_parses_everywhere(out) > 0
    ds = dataset(tmp_path / "g.nq")
    assert any(ds.quads((rdflib.URIRef(f"{ID}article/r%25E9union%20%3C1%3E%20%22x%22"), None, None, None)))
