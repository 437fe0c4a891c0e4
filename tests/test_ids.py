"""Safe identifiers: no user text can break out of an IRI or a literal, in any output format."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import ids
from kg.cli import cli

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "bad_articles"
FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
DIP_TEXT = "https://w3id.org/diplomacy-kg/ontology#text"
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ['"""', "\\", "<a>", "a b", "x\ny", "\x00", "%", "%25", "é", "\U0001f600", "'", "#frag", "?q=1", "../.."])
IRI_SAFE = re.compile(r"^https://w3id\.org/diplomacy-kg/id/[A-Za-z0-9\-._~%/#]+$")


def assert_safe_iri(value: str) -> None:
    """An IRI of plain ASCII characters that need no escaping anywhere, accepted by pyoxigraph and rdflib."""
    assert IRI_SAFE.match(value), value
    ox.NamedNode(value)
    line = f"<{value}> <{value}> <{value}> .\n"
    assert len(rdflib.Graph().parse(data=line, format="nt")) == 1


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_slug_is_plain_lower_case_ascii(text):
    value = ids.slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value), value
    assert len(value) <= 60


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_every_minted_iri_is_safe(a, b):
    for value in (ids.person(a), ids.city(a, "fr"), ids.statement(ids.person(b), a), ids.evidence(a, b),
                  ids.meeting(date=None, city_slug=None, discriminator=a),
                  ids.meeting(date="2015-06-02", city_slug="fr-paris", discriminator=""),
                  ids.article(a)):
        assert_safe_iri(value)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT | st.text(alphabet=st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1),
       ANY_TEXT)
def test_article_iris_differ_when_identifiers_differ(a, b):
    assert_safe_iri(ids.article(a))
    if a != b:
        assert ids.article(a) != ids.article(b)


def test_statement_iri_ignores_spacing_only():
    speaker = ids.person("Kari Holm")
    assert ids.statement(speaker, "We  agreed\n now") == ids.statement(speaker, "We agreed now")
    assert ids.statement(speaker, "We agreed") != ids.statement(None, "We agreed")


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory):
    """The hostile articles, under hostile file names too, built in every format."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    folder.mkdir()
    for name in ("hostile_quotes.txt", "unbalanced_quotes.txt", "html_page.txt"):
        shutil.copy(BAD / name, folder / name)
    for odd in ('quote " and > angle', "new\nline", "back\\slash {curly} #hash", "ünï cödé ☃", "100%25 %zz"):
        shutil.copy(BAD / "hostile_quotes.txt", folder / f"{odd}.txt")
    outputs = {}
    for fmt in FORMATS:
        out = root / f"g.{fmt}"
        result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "-q", "--no-cache"])
        assert result.exit_code == 0, result.output
        outputs[fmt] = out
    return outputs


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hostile_articles_parse_back_identically_with_both_parsers(hostile_builds, fmt):
    path = hostile_builds[fmt]
    ox_quads = set(ox.parse(path=str(path), format=OX_FORMATS[fmt]))
    reference = set(ox.parse(path=str(hostile_builds["nq"]), format=ox.RdfFormat.N_QUADS))
    if fmt in ("nq", "trig"):
        assert ox_quads == reference
        ds = rdflib.Dataset()
        ds.parse(str(path), format=FORMATS[fmt])
        assert len(set(ds.quads((None, None, None, None)))) == len(reference)
    else:
        assert {(q.subject, q.predicate, q.object) for q in ox_quads} == \
            {(q.subject, q.predicate, q.object) for q in reference}
        assert len(rdflib.Graph().parse(str(path), format=FORMATS[fmt])) == \
            len({(q.subject, q.predicate, q.object) for q in reference})


def test_hostile_names_become_distinct_safe_article_iris(hostile_builds):
    quads = list(ox.parse(path=str(hostile_builds["nq"]), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    articles = {g for g in graphs if "/article/" in g}
    assert len(articles) == 8
    for name in graphs | {q.subject.value for q in quads}:
        assert_safe_iri(name)
    identifiers = {q.object.value for q in quads if q.predicate.value == "http://purl.org/dc/terms/identifier"}
    assert {'quote " and > angle', "new%0Aline", "back\\slash {curly} #hash", "ünï cödé ☃", "100%25 %zz"} <= identifiers


def test_literals_hold_no_control_characters(hostile_builds):
    quads = list(ox.parse(path=str(hostile_builds["nq"]), format=ox.RdfFormat.N_QUADS))
    for q in quads:
        if isinstance(q.object, ox.Literal):
            assert not re.search(r"[\x00-\x08\x0b-\x1f]", q.object.value), q
    texts = [q.object.value for q in quads if q.predicate.value == DIP_TEXT]
    assert all(t == t.strip() for t in texts)
