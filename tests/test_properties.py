"""Property tests: random text and mutated seeds never crash extraction, and the RDF always round-trips.

Example counts are modest so the suite stays fast: 200 per text-level property, 30 for the whole
pipeline (each of those serializes to five formats, parses back twice and validates).
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.errors import ArticleError
from kg.extract.facts import extract
from kg.rdf.emit import emit, serialize
from kg.read.article import decode, parse_article
from kg.resolve import resolve

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
SHAPES = REPO / "shapes" / "diplomacy.shapes.ttl"
TEXT_LEVEL = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIPELINE = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}

# characters that break naive escaping: quotes of every style, backslashes, brackets, controls, odd unicode
HOSTILE = ['"', "'", '"""', "'''", "\\", "\\\"", "<", ">", "&", "{", "}", "@", "#", "^^", "“", "”", "‘", "’",
           "«", "»", "\t", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff",
           "\ufffe", "\U0001f600", "é", "\u0301", "\u200b", "\r", "\r\n", "%", "%41", "\ud7ff", "\\u0022"]


def run_pipeline(text: str, article_id: str = "art") -> list[ox.Quad] | None:
    """read -> extract -> resolve -> emit for one article given as text; None if it is refused."""
    try:
        article = parse_article(text.encode("utf-8", "surrogatepass"), path=f"{article_id}.txt", article_id=article_id)
    except ArticleError:
        return None
    return emit(resolve([extract(article)]))


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):   # RDF 1.1: a plain literal is an xsd:string; rdflib keeps it untyped
        dt = term.datatype.value
        return rdflib.Literal(term.value, datatype=None if dt == str(rdflib.XSD.string) else rdflib.URIRef(dt))
    raise AssertionError(f"unexpected term {term!r} (no blank nodes are written)")


def assert_round_trips(quads: list[ox.Quad]) -> None:
    """Every format serializes and parses back, with rdflib and pyoxigraph, to the same graph."""
    expected_quads = set(quads)
    expected_triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    union = rdflib.Graph()
    for q in quads:
        union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    for fmt in RDFLIB_FORMATS:
        data = serialize(quads, fmt=fmt)
        back = list(ox.parse(data, format=OX_FORMATS[fmt]))
        if fmt in ("nq", "trig"):
            assert set(back) == expected_quads, fmt
            ds = rdflib.Dataset()
            ds.parse(data=data, format=RDFLIB_FORMATS[fmt])
            parsed = rdflib.Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                parsed.add((s, p, o))
            named = {(str(q[3].identifier) if hasattr(q[3], "identifier") else str(q[3])) for q in ds.quads((None, None, None, None))}
            assert named == {q.graph_name.value for q in quads}, fmt
        else:
            assert {ox.Triple(q.subject, q.predicate, q.object) for q in back} == expected_triples, fmt
            parsed = rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])
        assert isomorphic(parsed, union), fmt


def assert_conforms(quads: list[ox.Quad], tmp_path: Path) -> None:
    """The graph has no sh:Violation under the project's shapes."""
    from kg.validate.engine import validate

    path = tmp_path / "g.nq"
    path.write_bytes(serialize(quads, fmt="nq"))
    outcome = validate(path, shapes=SHAPES, fail_on="violation")
    assert outcome.conforms, [(r.focus, r.message) for r in outcome.failures()][:5]


# -- text level -------------------------------------------------------------------------------

@TEXT_LEVEL
@given(st.binary(max_size=2000))
def test_decode_never_raises_anything_but_article_error(data):
    try:
        text = decode(data, path="x")
    except ArticleError as exc:
        assert exc.reason == "binary data, not text"
        return
    assert "\r" not in text and "\ufeff" not in text


@TEXT_LEVEL
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=1500)
       | st.lists(st.sampled_from(HOSTILE + ["Minister ", "said ", "met in Paris ", ". ", "\n\n", "Mr. "]),
                  max_size=200).map("".join))
def test_extraction_never_raises_on_random_text(text):
    try:
        article = parse_article(text.encode("utf-8", "surrogatepass"), path="r.txt", article_id="r")
    except ArticleError:
        return
    facts = extract(article)
    for statement in facts.statements:
        assert 0 <= statement.span.start <= statement.span.end <= len(article.text)


@TEXT_LEVEL
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_literal_round_trips(value):
    from kg.rdf.emit import QuadSink, clean_literal, lit

    sink = QuadSink()
    sink.add("https://w3id.org/diplomacy-kg/id/article/x", "https://w3id.org/diplomacy-kg/id/statement/x",
             "https://w3id.org/diplomacy-kg/ontology#text", lit(value))
    (quad,) = sink.sorted()
    assert quad.object.value == clean_literal(value)
    assert_round_trips([quad])


# -- whole pipeline on mutated seeds ----------------------------------------------------------

def sentences(text: str) -> list[str]:
    """Rough sentence pieces of a seed, keeping their trailing spaces and newlines."""
    return [p for p in re.split(r"(?<=[.!?”\"])(\s+)", text) if p]


@st.composite
def mutated_seed(draw):
    """A seed article with sentences deleted, duplicated or swapped, and hostile characters injected."""
    seed = draw(st.sampled_from(SEEDS))
    parts = sentences(seed.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "inject", "unicode"]))
        i = draw(st.integers(0, len(parts) - 1))
        if op == "delete" and len(parts) > 1:
            del parts[i]
        elif op == "duplicate":
            parts.insert(i, parts[i])
        elif op == "swap":
            j = draw(st.integers(0, len(parts) - 1))
            parts[i], parts[j] = parts[j], parts[i]
        else:
            junk = draw(st.sampled_from(HOSTILE)) if op == "inject" else draw(
                st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5))
            at = draw(st.integers(0, len(parts[i])))
            parts[i] = parts[i][:at] + junk + parts[i][at:]
    return seed.stem, "".join(parts)


@PIPELINE
@given(mutated_seed())
def test_mutated_seeds_extract_round_trip_and_conform(tmp_path_factory, case):
    stem, text = case
    quads = run_pipeline(text, article_id=stem)
    if quads is None:
        return
    assert quads
    assert_round_trips(quads)
    assert_conforms(quads, tmp_path_factory.mktemp("v"))


def test_unmutated_seeds_round_trip_together():
    facts = [extract(parse_article(p.read_bytes(), path=str(p), article_id=p.stem)) for p in SEEDS]
    assert_round_trips(emit(resolve(facts)))


@pytest.mark.parametrize("junk", HOSTILE)
def test_each_hostile_string_inside_a_quotation_round_trips(junk):
    text = ("Ministers meet in Oslo for talks on shipping\n\n"
            "Foreign ministers from Norway and Iceland met in Oslo on Monday, officials said.\n\n"
            f'Norwegian Foreign Minister Kari Holm said: "We {junk} agreed {junk}{junk} on the next steps."\n')
    quads = run_pipeline(text)
    assert quads is not None
    assert_round_trips(quads)
