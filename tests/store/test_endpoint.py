"""Tests for kg.store.endpoint against local stand-in servers: credentials, redaction, HTTP failures, partial loads."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store import endpoint as ep
from servers import fixed, free_port, needs_auth, stub_server

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_redact_hides_user_and_password():
    assert ep.redact("http://alice:s3cret@host:8080/q?x=1") == "http://***@host:8080/q?x=1"
    assert ep.redact("http://host/q") == "http://host/q"


def test_credentials_from_url_are_removed_from_it():
    target = ep.resolve("http://alice:s3cret@host/query", env={})
    assert (target.url, target.user, target.password) == ("http://host/query", "alice", "s3cret")
    assert "s3cret" not in repr(target)


def test_credentials_from_environment_and_netrc(tmp_path):
    env = {"KG_ENDPOINT": "http://host/query", "KG_USER": "bob", "KG_PASSWORD": "pw"}
    assert ep.resolve(None, env=env).user == "bob"
    rc = tmp_path / "netrc"
    rc.write_text("machine host login carol password pw2\n")
    rc.chmod(0o600)
    target = ep.resolve("http://host/query", env={"NETRC": str(rc)})
    assert (target.user, target.password) == ("carol", "pw2")


def test_no_url_is_a_usage_error():
    with pytest.raises(StoreError, match="KG_ENDPOINT"):
        ep.resolve(None, env={})


def test_basic_auth_is_sent_and_401_is_explained():
    with stub_server(needs_auth("alice", "s3cret")) as (url, seen):
        ok = ep.query(ep.resolve(f"http://alice:s3cret@{url[7:]}/query", env={}), "ASK {}")
        assert ok.boolean is True
        assert seen[0]["headers"]["Authorization"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
        with pytest.raises(StoreError) as info:
            ep.query(ep.resolve(f"http://alice:wrong@{url[7:]}/query", env={}), "ASK {}")
    message = str(info.value)
    assert "401" in message and "wrong" not in message and "alice" not in message


@pytest.mark.parametrize("status,words", [(403, "forbidden"), (404, "not found"), (413, "too large"),
                                          (500, "server error"), (503, "server error")])
def test_http_failures_have_clear_messages(status, words):
    with stub_server(fixed(status, b"boom")) as (url, _):
        with pytest.raises(StoreError, match=words) as info:
            ep.query(ep.resolve(url + "/query", env={}), "SELECT * WHERE { ?s ?p ?o }")
    assert info.value.exit_code == 2


def test_connection_refused():
    with pytest.raises(StoreError, match="connection refused"):
        ep.query(ep.resolve(f"http://127.0.0.1:{free_port()}/query", env={}), "ASK {}")


def test_query_is_posted_as_sparql_query_with_json_accept():
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}'
    with stub_server(fixed(200, body, "application/sparql-results+json")) as (url, seen):
        got = ep.query(ep.resolve(url + "/query", env={}), "SELECT ?x WHERE { ?x ?p ?o }")
    assert [r[0].value for r in got.rows] == ["1"]
    assert seen[0]["method"] == "POST"
    assert seen[0]["headers"]["Content-Type"].startswith("application/sparql-query")
    assert "application/sparql-results+json" in seen[0]["headers"]["Accept"]


def test_replace_load_uses_put_per_graph_and_reports_partial_failure():
    calls = []

    def respond(handler):
        calls.append(handler.path)
        return (204, b"", "text/plain") if len(calls) == 1 else (500, b"disk full", "text/plain")

    with stub_server(respond) as (url, seen):
        with pytest.raises(StoreError) as info:
            ep.load(ep.resolve(url + "/store", env={}), [FIXTURES / "sample.trig"], replace=True)
    message = str(info.value)
    assert seen[0]["method"] == "PUT" and "graph=" in seen[0]["path"]
    assert "loaded: https://w3id.org/diplomacy-kg/id/article/100_sample_a" in message
    assert "not loaded: https://w3id.org/diplomacy-kg/id/article/101_sample_b" in message
    assert "graph/resolved" in message.split("not loaded:")[1]


def test_dataset_load_is_one_nquads_post():
    with stub_server(fixed(204)) as (url, seen):
        report = ep.load(ep.resolve(url + "/store", env={}), [FIXTURES / "sample.trig"], verify=False)
    assert len(seen) == 1 and seen[0]["headers"]["Content-Type"] == "application/n-quads"
    assert seen[0]["body"].count(b"\n") == 136
    assert len(report.loaded) == 3


HTML_PAGE = b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><body><form>SPARQL Graph Store</form></body></html>'
SAMPLE_GRAPHS = ["https://w3id.org/diplomacy-kg/id/article/100_sample_a",
                 "https://w3id.org/diplomacy-kg/id/article/101_sample_b",
                 "https://w3id.org/diplomacy-kg/id/graph/resolved"]


def test_a_server_that_answers_a_load_with_a_web_page_fails_it_naming_every_graph():
    from click.testing import CliRunner

    from kg.cli import cli

    with stub_server(fixed(200, HTML_PAGE, "text/html; charset=UTF-8")) as (url, seen):
        result = CliRunner().invoke(cli, ["load", str(FIXTURES / "sample.trig"), "--endpoint", url + "/store"])
    assert result.exit_code == 2, result.output
    assert "web page" in result.output and "nothing was stored" in result.output
    assert "loaded: none" in result.output
    not_loaded = result.output.split("not loaded:")[1]
    assert all(g in not_loaded for g in SAMPLE_GRAPHS)
    assert seen[0]["headers"]["Content-Type"] == "application/n-quads"   # the whole dataset first ...
    assert seen[1]["headers"]["Content-Type"] == "application/n-triples"  # ... then graph by graph


def test_a_load_the_server_did_not_keep_fails_when_counted_back():
    def respond(handler):
        if handler.command == "POST" and handler.path.startswith("/query"):
            return 200, b'{"head":{"vars":["g","n"]},"results":{"bindings":[]}}', "application/sparql-results+json"
        return 204, b"", "text/plain"

    with stub_server(respond) as (url, seen):
        with pytest.raises(StoreError) as info:
            ep.load(ep.resolve(url + "/store", env={}), [FIXTURES / "sample.trig"])
        report = ep.load(ep.resolve(url + "/store", env={}), [FIXTURES / "sample.trig"], verify=False)
    message = str(info.value)
    assert "does not hold what was sent" in message and "0 of 34 triples" in message
    assert all(g in message.split("not loaded:")[1] for g in SAMPLE_GRAPHS)
    assert any(s["path"] == "/query" for s in seen)   # counted through the query endpoint beside /store
    assert report.verified_by == "" and len(report.loaded) == 3


def test_the_query_url_that_goes_with_a_graph_store(monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT", raising=False)
    assert ep.query_url_for("http://h:7878/store") == "http://h:7878/query"
    assert ep.query_url_for("http://h:8890/sparql-graph-crud-auth") == "http://h:8890/sparql"
    assert ep.query_url_for("http://h:3030/ds/data") == "http://h:3030/ds/query"
    assert ep.query_url_for("http://h/repositories/kg/rdf-graphs/service") == "http://h/repositories/kg"
    assert ep.query_url_for("http://h/gsp") is None
    assert ep.query_url_for("http://h/gsp", env={"KG_ENDPOINT": "http://h/q"}) == "http://h/q"


ONE_ROW = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"1"}}]}}'


def answers(refuse_direct: int | None = None, refuse_form: int | None = None, hang=None):
    """A query server answering ONE_ROW, refusing direct POSTs or form POSTs with a status, or never
    answering direct POSTs (until `hang` is set)."""
    def respond(handler):
        kind = handler.headers.get("Content-Type", "")
        if handler.command == "POST" and kind.startswith("application/sparql-query"):
            if hang is not None:
                hang.wait(30)
                return 200, ONE_ROW, "application/sparql-results+json"
            if refuse_direct:
                return refuse_direct, b"no", "text/plain"
        if handler.command == "POST" and kind.startswith("application/x-www-form-urlencoded") and refuse_form:
            return refuse_form, b"no", "text/plain"
        return 200, ONE_ROW, "application/sparql-results+json"

    return respond


def ways(seen) -> list[str]:
    return ["get" if s["method"] == "GET" else
            "direct" if s["headers"].get("Content-Type", "").startswith("application/sparql-query") else "form"
            for s in seen]


@pytest.mark.parametrize("status", [415, 405])
def test_a_refused_direct_post_is_sent_again_as_a_form(status):
    with stub_server(answers(refuse_direct=status)) as (url, seen):
        got = ep.query(ep.resolve(url + f"/q{status}", env={}), "SELECT ?x WHERE { ?x ?p ?o }")
    assert [r[0].value for r in got.rows] == ["1"]
    assert ways(seen) == ["direct", "form"]
    assert b"query=SELECT" in seen[1]["body"]


def test_a_server_refusing_posts_is_asked_with_get():
    with stub_server(answers(refuse_direct=405, refuse_form=405)) as (url, seen):
        got = ep.query(ep.resolve(url + "/get-only", env={}), "SELECT ?x WHERE { ?x ?p ?o }")
    assert [r[0].value for r in got.rows] == ["1"] and ways(seen) == ["direct", "form", "get"]
    assert "query=SELECT" in seen[2]["path"]


def test_an_unanswered_direct_post_falls_back_to_a_form_post(monkeypatch):
    import threading

    monkeypatch.setattr(ep, "PROBE_AFTER", 0.2)
    monkeypatch.setattr(ep, "PROBE_TIMEOUT", 0.3)
    release = threading.Event()
    try:
        with stub_server(answers(hang=release)) as (url, seen):
            got = ep.query(ep.resolve(url + "/silent", env={}), "SELECT ?x WHERE { ?x ?p ?o }", timeout=30)
            again = ep.query(ep.resolve(url + "/silent", env={}), "SELECT ?x WHERE { ?x ?p ?o }", timeout=30)
            release.set()
    finally:
        release.set()
    assert [r[0].value for r in got.rows] == [r[0].value for r in again.rows] == ["1"]
    assert ways(seen) == ["direct", "direct", "form", "form"]   # the query, the probe, the form; then the form at once


def test_an_ask_answered_as_a_one_cell_table_is_a_boolean():
    table = (b'{"head":{"vars":["__ASK_RETVAL"]},"results":{"bindings":[{"__ASK_RETVAL":{"type":"typed-literal",'
             b'"datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"1"}}]}}')
    with stub_server(fixed(200, table, "application/sparql-results+json")) as (url, _):
        got = ep.query(ep.resolve(url + "/ask", env={}), "ASK { ?s ?p ?o }")
    assert (got.form, got.boolean) == ("ASK", True)


def test_a_401_without_credentials_asks_for_them_and_with_them_says_they_were_refused():
    with stub_server(needs_auth("alice", "s3cret")) as (url, _):
        with pytest.raises(StoreError, match="401 authentication required.*give credentials"):
            ep.query(ep.resolve(url + "/query", env={}), "ASK {}")
        with pytest.raises(StoreError, match="401 the server refused the credentials given") as info:
            ep.query(ep.resolve(url.replace("http://", "http://alice:nope@") + "/query", env={}), "ASK {}")
    assert "nope" not in str(info.value)
