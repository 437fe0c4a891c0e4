"""A final ORDER BY is applied in Python only when that gives the engine's own order, row for row."""
from __future__ import annotations

import pyoxigraph
import pytest

from kg.store.embedded import run_query
from kg.store.ordering import Key, order_rows, split_order_by, term_key
from kg.store.sparql import DEFAULT_PREFIXES, saved_queries
from test_queries import awkward_store  # noqa: F401  (fixture)

EX = "http://example.org/"


def test_plain_variables_and_directions_are_moved_out():
    found = split_order_by("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY DESC(?b) ?a asc(?b)")
    assert found.keys == (("b", True, False), ("a", False, False), ("b", False, False))
    assert found.query == "SELECT ?a ?b WHERE { ?a ?p ?b }\n"


def test_group_by_and_having_stay_in_the_query():
    text = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?a"
    found = split_order_by(text)
    assert found.keys == (("n", True, False), ("a", False, False))
    assert found.query.strip().endswith("HAVING (COUNT(*) > 1)")


def test_unbound_last_is_a_key_python_can_apply():
    found = split_order_by("SELECT ?a ?d WHERE { ?a ?p ?b OPTIONAL { ?a ?q ?d } } ORDER BY (!BOUND(?d)) ?d ?a")
    assert found.keys == (("d", False, True), ("d", False, False), ("a", False, False))


def test_select_star_may_order_by_any_variable():
    assert split_order_by("SELECT * WHERE { ?a ?p ?b } ORDER BY ?b").keys == (("b", False, False),)


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10",            # top-k belongs to the engine
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 5",
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)",                 # an expression
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY (?a + 1)",
    "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b",                      # not projected
    "SELECT ?a WHERE { ?a ?p ?b }",                                  # nothing to order
    "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }",  # only a sub-query orders
    "ASK { ?a ?p ?b }",
])
def test_anything_else_runs_as_written(text):
    assert split_order_by(text) is None


def test_comments_and_strings_do_not_fool_the_split():
    text = 'SELECT ?a WHERE { ?a ?p "} ORDER BY ?z" } # ORDER BY ?a LIMIT 1\nORDER BY ?a'
    found = split_order_by(text)
    assert found.keys == (("a", False, False),)
    assert '"} ORDER BY ?z"' in found.query and "\nORDER BY ?a" not in found.query


def test_terms_sort_in_sparql_order():
    unbound, blank = None, pyoxigraph.BlankNode("b")
    iri = pyoxigraph.NamedNode(EX + "x")
    nine = pyoxigraph.Literal("9", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    ten = pyoxigraph.Literal("10", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    text = pyoxigraph.Literal("Abc")
    terms = [text, ten, iri, nine, blank, unbound]
    assert sorted(terms, key=term_key) == [unbound, blank, iri, nine, ten, text]


def test_descending_keys_and_ties_keep_arrival_order():
    a, b = pyoxigraph.Literal("a"), pyoxigraph.Literal("b")
    rows = [(a, 1), (b, 2), (a, 3), (b, 4)]
    assert order_rows(rows, ["x", "n"], (Key("x", descending=True),)) == [(b, 2), (b, 4), (a, 1), (a, 3)]


NUMBERS = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:n 10 ; ex:s "b" . ex:b ex:n 9 ; ex:s "a" . ex:c ex:n 9.5 ; ex:s "a"@en .
ex:d ex:n "1e1"^^xsd:double ; ex:s "Z" . ex:e ex:s "é" . ex:f ex:n "2016-10-20"^^xsd:date .
_:x ex:n -3 ; ex:s "" .
"""


@pytest.mark.parametrize("order", ["?n ?x", "DESC(?n) ?x", "?s ?x", "DESC(?s) DESC(?x)", "?x",
                                   "(!BOUND(?n)) ?x", "(!BOUND(?s)) DESC(?x)"])
def test_same_order_as_the_engine_on_mixed_terms(order):
    store = pyoxigraph.Store()
    store.load(NUMBERS.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    text = f"PREFIX ex: <{EX}> SELECT ?x ?n ?s WHERE {{ ?x ?p ?o OPTIONAL {{ ?x ex:n ?n }} OPTIONAL {{ ?x ex:s ?s }} }}"
    text = text.replace("?x ?p ?o", "{ SELECT DISTINCT ?x WHERE { ?x ?p ?o } }") + f" ORDER BY {order}"
    assert split_order_by(text) is not None
    engine = [tuple(solution) for solution in store.query(text)]
    assert run_query(store, text).rows == engine


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_is_ordered_by_python_exactly_as_by_the_engine(awkward_store, name):  # noqa: F811
    text = saved_queries()[name].text
    ordering = split_order_by(text)
    assert ordering is not None, f"{name} keeps its ORDER BY in the engine"
    answer = awkward_store.query(text, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES)
    variables = [v.value for v in answer.variables]
    engine = [tuple(s) for s in answer]
    assert order_rows(engine[::-1], variables, ordering.keys) == engine
    assert run_query(awkward_store, text).rows == engine


def test_max_rows_cuts_after_sorting():
    store = pyoxigraph.Store()
    store.load(NUMBERS.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    text = f"PREFIX ex: <{EX}> SELECT ?x ?n WHERE {{ ?x ex:n ?n }} ORDER BY DESC(?x)"
    results = run_query(store, text, max_rows=2)
    assert [row[0].value for row in results.rows] == [EX + "f", EX + "d"]
    assert results.truncated
