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
