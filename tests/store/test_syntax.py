"""SPARQL syntax errors are said in words, with the line, the column and a caret under the problem."""
from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.store.sparql import check_query, check_update_syntax


def message(text: str, *, update: bool = False) -> str:
    with pytest.raises(QueryError) as info:
        check_update_syntax(text) if update else check_query(text)
    return str(info.value)


def caret_column(text: str) -> int:
    """The 1-based column the caret line of a message points at."""
    return text.splitlines()[-1].index("^") - 1


@pytest.mark.parametrize("query,words,column", [
    ("SELECT * WHERE { ?s foo:bar ?o }", "unknown prefix `foo:`; declare it (PREFIX foo: <...>) or use one of the "
                                         "built-in prefixes (article, city, country, dcterms, dip,", 21),
    ("SELEC * WHERE { ?s ?p ?o }", "expected a query form (SELECT, ASK, CONSTRUCT or DESCRIBE), found `SELEC`", 1),
    ("SELECT * WHERE { ?s ?p ?o ", "this `{` is never closed: a `}` is missing", 16),
    ("ASK { ?s ?p ?o } }", "this `}` closes nothing", 18),
    ('SELECT ?x WHERE { ?s ?p "abc }', "this string is not closed", 25),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o > 3 }", "does not close the `(` opened before it", 41),
    ("SELECT * WHERE { ?s <http://a b> ?o }", "this IRI is not valid", 21),
    ("PREFIX : <x> SELECT * WHERE { ?s ?p ?o }", "<x> is not a valid IRI (a relative IRI needs a BASE)", 10),
    ("SELECT * { ?s ?p ?o ?x ?y ?z }", "a `.` (or `;`) is missing before this one", 21),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT x", "LIMIT needs a whole number", 35),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o = ) }", "`=` has nothing after it", 37),
    ("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?y", "neither grouped (GROUP BY) nor inside an aggregate", 1),
])
def test_errors_say_what_is_wrong_and_point_at_it(query, words, column):
    text = message(query)
    first = text.splitlines()[0]
    assert first.startswith("malformed SPARQL at line 1, column ") and words in first, text
    assert first.startswith(f"malformed SPARQL at line 1, column {column}:"), text
    assert text.splitlines()[1] == f"  {query}"
    assert caret_column(text) == column
    assert "expected one of Prefix not found" not in text and "'\\u{" not in text   # no raw grammar


def test_the_caret_is_under_the_right_line_of_a_longer_query():
    text = message("PREFIX ex: <http://example.org/>\nSELECT *\nWHERE {\n  ?s ex:p ?o .\n  ?s bad:q ?o\n}")
    assert text.splitlines()[0].startswith("malformed SPARQL at line 5, column 6: unknown prefix `bad:`")
    assert text.splitlines()[1:] == ["    ?s bad:q ?o", "       ^"]


def test_an_empty_query_is_named_as_such():
    assert message("  # only a comment\n") == "malformed SPARQL: the text is empty (or only comments)"


def test_update_errors_are_explained_the_same_way():
    text = message("INSERT DATA { <http://a> <http://b> }", update=True)
    assert text.splitlines()[0] == ("malformed SPARQL Update at line 1, column 15: `<http://a> <http://b>` is not a "
                                    "whole triple: a triple needs a subject, a predicate and an object")
