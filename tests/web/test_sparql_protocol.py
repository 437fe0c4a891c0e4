"""/sparql on `kg serve`: the SPARQL 1.1 Protocol read-only, the same answers as the embedded store,
writes refused, and a query timeout after which the server still answers, also under a burst."""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.sparql import saved_queries
from web_servers import fetch

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"   # ~10^12 rows
JSON = "application/sparql-results+json"


def kg(*args):
    return CliRunner().invoke(cli, list(args))


def count(served) -> int:
    status, _, body = fetch(f"{served}/sparql?query={quote(COUNT)}", accept=JSON)
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_answers_as_on_the_embedded_store(served, seeds_store, name):
    remote = kg("query", "--name", name, "--endpoint", f"{served}/sparql", "-f", "csv")
    local = kg("query", "--name", name, "-l", str(seeds_store), "-f", "csv")
    assert remote.exit_code == 0, remote.output
    assert len(local.output.splitlines()) > 1 and remote.output == local.output


def test_get_form_post_and_direct_post_give_the_same_answer(served):
    query = "SELECT ?c WHERE { ?c a dip:Country } ORDER BY ?c"
    by_get = fetch(f"{served}/sparql?query={quote(query)}", accept=JSON)
    by_form = fetch(f"{served}/sparql", accept=JSON, data=urlencode({"query": query}).encode(),
                    content_type="application/x-www-form-urlencoded")
    direct = fetch(f"{served}/sparql", accept=JSON, data=query.encode(), content_type="application/sparql-query")
    assert by_get[0] == by_form[0] == direct[0] == 200
    assert by_get[2] == by_form[2] == direct[2]
    assert len(json.loads(by_get[2])["results"]["bindings"]) > 5
    assert by_get[1]["content-type"].startswith(JSON)


@pytest.mark.parametrize("accept,media", [("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
                                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                                          ("*/*", JSON)])
def test_select_results_in_each_format_the_accept_header_asks_for(served, accept, media):
    status, headers, body = fetch(f"{served}/sparql?query={quote('SELECT ?c WHERE { ?c a dip:City }')}", accept=accept)
    assert status == 200 and headers["content-type"].startswith(media) and b"city" in body


def test_construct_answers_rdf_and_the_old_query_address_still_answers(served):
    query = quote("CONSTRUCT WHERE { ?c a dip:City ; rdfs:label ?l }")
    status, headers, body = fetch(f"{served}/query?query={query}", accept="application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert body.count(b"\n") >= 2


def test_writes_are_refused_and_the_store_is_unchanged(served):
    before = count(served)
    attempts = [
        fetch(f"{served}/sparql", data=urlencode({"update": "DROP ALL"}).encode(),
              content_type="application/x-www-form-urlencoded"),
        fetch(f"{served}/sparql", data=b"DROP ALL", content_type="application/sparql-update"),
        fetch(f"{served}/sparql?query={quote('DELETE WHERE { ?s ?p ?o }')}"),
        fetch(f"{served}/update", data=b"CLEAR ALL", content_type="application/sparql-update"),
        fetch(f"{served}/store?default", data=b"<a:b> <a:c> <a:d> .", content_type="application/n-triples",
              method="PUT"),
        fetch(f"{served}/store?default", method="DELETE"),
    ]
    assert [status for status, _, _ in attempts] == [403] * len(attempts)
    assert all(b"read-only" in body for _, _, body in attempts)
    assert count(served) == before > 1000


def test_malformed_queries_get_a_400_with_the_parser_position(served):
    status, _, body = fetch(f"{served}/sparql?query={quote('SELECT ?x WHERE { ?x ?y }')}", accept=JSON)
    assert status == 400 and b"malformed SPARQL at line 1, column" in body
    assert fetch(f"{served}/sparql?query=", accept=JSON)[0] == 400
    assert fetch(f"{served}/sparql?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400
    assert fetch(f"{served}/sparql", data=b"x", content_type="text/plain")[0] == 415
    service = quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    status, _, body = fetch(f"{served}/sparql?query={service}")
    assert status == 400 and b"SERVICE" in body


def test_a_slow_query_is_stopped_at_the_timeout_and_the_server_goes_on(served):
    status, _, body = fetch(f"{served}/sparql?query={quote(SLOW)}", accept=JSON)
    assert status == 503 and b"stopped after 2 s" in body
    assert count(served) > 1000                                   # a fresh worker answers
    assert fetch(served + "/", accept="text/html")[0] == 200


def test_the_query_page_runs_saved_queries_in_one_click(served):
    status, _, body = fetch(f"{served}/sparql", accept="text/html")
    page = body.decode()
    assert status == 200 and "<textarea" in page
    for name in saved_queries():
        assert f'href="sparql?name={name}"' in page
    status, _, body = fetch(f"{served}/sparql?name=meetings", accept="text/html")
    page = body.decode()
    assert status == 200 and '<table class="results">' in page and "../id/meeting/" not in page
    assert 'href="id/meeting/' in page    # result IRIs link to their pages
    status, _, body = fetch(f"{served}/sparql?query={quote('SELECT ?x WHERE {')}", accept="text/html")
    assert status == 400 and 'id="error"' in body.decode()


def _hit(url_and_accept):
    url, accept = url_and_accept
    try:
        return fetch(url, accept=accept, timeout=60)[0]
    except OSError as exc:   # a refused or dropped connection counts as an error
        return f"{type(exc).__name__}"


def test_a_short_burst_of_pages_descriptions_and_queries_has_no_error(served, reader):
    """A bounded loopback burst (16 clients, about 3 s); the full load test is bench/bench_web.py."""
    from kg.namespaces import DIP

    people = [p.value for p in reader.subjects("type", DIP + "Person")]
    meetings = [m.value for m in reader.subjects("type", DIP + "Meeting")]
    urls = [(served + "/", "text/html"), (served + "/search?q=paris", "text/html")]
    urls += [(served + "/id/" + iri.split("/id/", 1)[1], accept) for iri in people[:4] + meetings
             for accept in ("text/html", "text/turtle", "application/ld+json")]
    urls += [(f"{served}/sparql?query={quote(q)}", JSON) for q in
             (COUNT, "SELECT ?m ?d WHERE { ?m dip:date ?d } ORDER BY ?d", "ASK { ?s a dip:Meeting }")]
    statuses = []
    deadline = time.monotonic() + 3
    with ThreadPoolExecutor(16) as pool:
        while time.monotonic() < deadline:
            statuses += pool.map(_hit, urls)
    assert len(statuses) > len(urls) and set(statuses) == {200}


def test_after_a_burst_of_malformed_and_slow_queries_the_server_still_serves(served):
    bad = [(f"{served}/sparql?query={quote(q)}", JSON) for q in
           ["SELECT", "SELECT * WHERE { ?s ?p }", "PREFIX x <y> SELECT", "ASK { FILTER( }", "\u0000"] * 4]
    slow = [(f"{served}/sparql?query={quote(SLOW)}", JSON)] * 4
    with ThreadPoolExecutor(24) as pool:
        statuses = list(pool.map(_hit, bad + slow))
    assert statuses[:len(bad)] == [400] * len(bad)
    assert set(statuses[len(bad):]) <= {503}        # stopped at the timeout, or refused while workers were busy
    assert count(served) > 1000
    meeting = fetch(served + "/", accept="text/html")
    assert meeting[0] == 200
