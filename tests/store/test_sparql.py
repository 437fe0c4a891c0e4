"""Tests for kg.store.sparql: the read-only checks, query forms and saved queries."""
from __future__ import annotations

import re

import pytest

from kg.errors import QueryError
from kg.store.sparql import check_query, is_update, parse_header, query_form, saved_queries, saved_query, uses_service

SELECT = "PREFIX dip: <https://w3id.org/diplomacy-kg/ontology#>\nSELECT ?m WHERE { ?m a dip:Meeting }"


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "delete where { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "DROP GRAPH <http://g>",
    "CLEAR ALL",
    "PREFIX x: <http://x/>\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_by_default(text):
    assert is_update(text)
    with pytest.raises(QueryError, match="SPARQL Update"):
        check_query(text)


def test_update_allowed_when_asked():
    assert check_query("INSERT DATA { <http://a> <http://b> 1 }", allow_update=True) == "UPDATE"


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s <http://p> "please delete this; INSERT DATA" }',
    "SELECT ?s WHERE { ?s <http://example.org/load/drop> ?o }",
    "# DELETE WHERE { ?s ?p ?o }\nSELECT * WHERE { ?s ?p ?o }",
    "PREFIX insert: <http://x/>\nSELECT * WHERE { ?s insert:delete ?o }",
    'SELECT * WHERE { ?s ?p """a SERVICE inside\na long string""" }',
])
def test_keywords_in_strings_iris_comments_and_names_are_not_updates(text):
    assert not is_update(text)
    assert not uses_service(text)
    assert check_query(text) == "SELECT"


def test_service_refused_unless_allowed():
    text = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(text)
    assert check_query(text, allow_service=True) == "SELECT"


def test_malformed_query_reports_line_column_and_a_caret():
    with pytest.raises(QueryError) as info:
        check_query("SELECT * WHERE {\n  ?s ?p\n}")
    assert str(info.value).splitlines() == [
        "malformed SPARQL at line 2, column 3: `?s ?p` is not a whole triple: a triple needs a subject, "
        "a predicate and an object",
        "    ?s ?p",
        "    ^"]


@pytest.mark.parametrize("text,form", [
    (SELECT, "SELECT"), ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } } }", "CONSTRUCT"),
    ("DESCRIBE <http://x>", "DESCRIBE"),
])
def test_query_form(text, form):
    assert query_form(text) == form


def test_header_title_and_description():
    title, description = parse_header("# title: Meetings\n# description: One\n# description: two.\nSELECT")
    assert (title, description) == ("Meetings", "One two.")


def test_every_saved_query_has_a_header_order_by_and_parses():
    queries = saved_queries()
    assert {"meetings", "attendees", "participants", "statements", "minister-pairs", "roles", "sources"} <= set(queries)
    for name, saved in queries.items():
        assert saved.text.startswith("# title:"), name
        assert saved.title and saved.description, name
        assert "ORDER BY" in saved.text, name
        assert check_query(saved.text) == "SELECT", name


def test_unknown_saved_query_lists_known_ones():
    with pytest.raises(QueryError, match="meetings"):
        saved_query("no-such-query")


def test_project_prefixes_need_no_declaration():
    from kg.store.sparql import with_prefix_lines

    assert check_query("SELECT ?m WHERE { ?m a dip:Meeting ; dip:location id:city\\/fr-paris }") == "SELECT"
    text = with_prefix_lines('PREFIX dip: <http://other#>\nSELECT * WHERE { ?s a dip:X ; rdfs:label "id:x" }')
    assert text.splitlines()[0] == "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    assert "PREFIX id:" not in text and text.count("PREFIX dip:") == 1


def _sparql_string(text: str) -> str:
    """A SPARQL string literal holding `text`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("INSERT DELETE LOAD SERVICE drop {}<>'\"#\\\n;:?."))))
def test_no_literal_content_makes_a_query_an_update(text):
    query = f"SELECT ?s WHERE {{ ?s <http://example.org/p> {_sparql_string(text)} }}"
    assert not is_update(query)
    assert not uses_service(query)
    assert check_query(query) == "SELECT"
