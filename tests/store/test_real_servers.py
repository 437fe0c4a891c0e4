"""Against a real Oxigraph server: load over the Graph Store Protocol, run every saved query over
the SPARQL Protocol and on the embedded store, and compare; plus 401 and connection refused."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store.sparql import saved_queries
from helpers import ENDLESS_QUERY
from servers import free_port, needs_auth, oxigraph_server, silent_server, stub_server

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRIG = str(FIXTURES / "sample.trig")


def kg(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running Oxigraph server holding the sample graph, loaded with `kg load --endpoint`."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        result = kg("load", TRIG, "--endpoint", f"{base}/store")
        assert result.exit_code == 0, result.output
        yield base


@pytest.fixture(scope="module")
def local_store(tmp_path_factory):
    """The same sample graph in an embedded store."""
    location = str(tmp_path_factory.mktemp("embedded") / "db")
    assert kg("load", TRIG, "-l", location).exit_code == 0
    return location


@pytest.mark.parametrize("name", sorted(saved_queries()))
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_saved_query_same_over_protocol_and_embedded(server, local_store, name, fmt):
    remote = kg("query", "--name", name, "--endpoint", f"{server}/query", "-f", fmt)
    local = kg("query", "--name", name, "-l", local_store, "-f", fmt)
    assert remote.exit_code == 0, remote.output
    assert local.exit_code == 0, local.output
    assert len(local.output.splitlines()) > 2
    assert remote.output == local.output


def test_endpoint_from_environment(server, local_store):
    remote = kg("query", "--name", "meetings", env={"KG_ENDPOINT": f"{server}/query"})
    assert remote.exit_code == 0
    assert remote.output == kg("query", "--name", "meetings", "-l", local_store).output


def test_construct_over_protocol(server):
    q = "CONSTRUCT WHERE { ?c a <https://w3id.org/diplomacy-kg/ontology#Country> }"
    result = kg("query", q, "--endpoint", f"{server}/query", "-f", "nt")
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 4


def test_put_replaces_a_graph_over_gsp(server, tmp_path):
    small = tmp_path / "one.nt"
    small.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    graph = "http://example.org/scratch"
    for _ in range(2):
        assert kg("load", str(TRIG), "--endpoint", f"{server}/store", "--graph", graph, "--replace").exit_code == 0
    assert kg("load", str(small), "--endpoint", f"{server}/store", "--graph", graph, "--replace").exit_code == 0
    count = kg("query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
               "--endpoint", f"{server}/query", "-f", "csv")
    assert count.output.splitlines()[1] == "1"


def test_update_over_protocol(server):
    graph = "http://example.org/updated"
    assert kg("update", f"INSERT DATA {{ GRAPH <{graph}> {{ <http://x> <http://y> 1 }} }}",
              "--endpoint", f"{server}/update").exit_code == 0
    ask = kg("query", f"ASK {{ GRAPH <{graph}> {{ <http://x> ?p ?o }} }}", "--endpoint", f"{server}/query")
    assert ask.output == "true\n"


def test_read_only_server_refuses_writes(tmp_path, local_store):
    with oxigraph_server(tmp_path / "ro-copy", read_write=True):
        pass  # create an empty store directory the read-only server can open
    with oxigraph_server(tmp_path / "ro-copy", read_write=False) as base:
        result = kg("load", TRIG, "--endpoint", f"{base}/store")
    assert result.exit_code == 2
    assert "403" in result.output


def test_unauthorised_is_reported_without_the_password():
    with stub_server(needs_auth("alice", "right")) as (url, _):
        result = kg("query", "--name", "meetings", "--endpoint", url.replace("http://", "http://alice:wrong@") + "/query")
        ok = kg("query", "ASK {}", "--endpoint", f"{url}/query", env={"KG_USER": "alice", "KG_PASSWORD": "right"})
    assert result.exit_code == 2
    assert "401" in result.output and "wrong" not in result.output
    assert ok.exit_code == 0 and ok.output == "true\n"


def test_connection_refused_on_a_closed_port():
    result = kg("query", "--name", "meetings", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.exit_code == 2
    assert "connection refused" in result.output
    load = kg("load", TRIG, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert load.exit_code == 2 and "connection refused" in load.output


def test_undeclared_project_prefixes_work_over_the_protocol(server, local_store):
    q = "SELECT ?name WHERE { ?p a dip:Minister ; rdfs:label ?name } ORDER BY ?name"
    remote = kg("query", q, "--endpoint", f"{server}/query")
    assert remote.exit_code == 0, remote.output
    assert remote.output == kg("query", q, "-l", local_store).output
    assert "Anna Schmidt" in remote.output


def test_kg_serve_serves_the_store_and_stops_with_its_server(local_store):
    import signal
    import subprocess
    import sys
    import time

    port = free_port()
    kg_bin = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg_bin, "serve", "-l", local_store, "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            result = kg("query", "--name", "meetings", "--endpoint", f"http://127.0.0.1:{port}/query")
            if result.exit_code == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert result.exit_code == 0, result.output
        assert result.output == kg("query", "--name", "meetings", "-l", local_store).output
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}" in err and "kg query --name meetings --endpoint" in err
    refused = kg("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert "connection refused" in refused.output


# -- options: --allow-service, KG_UPDATE_URL, --user, --timeout ----------------------------------

def test_allow_service_lets_a_query_on_files_read_from_a_server(server, tmp_path):
    """A query over a local file joins the server's countries in through SERVICE."""
    local = tmp_path / "local.ttl"
    local.write_text("<http://example.org/visit> <http://example.org/to> "
                     "<https://w3id.org/diplomacy-kg/id/country/FR> .\n")
    q = (f"SELECT ?label WHERE {{ ?v <http://example.org/to> ?c . "
         f"SERVICE <{server}/query> {{ ?c rdfs:label ?label }} }}")
    refused = kg("query", q, "--data", str(local))
    assert refused.exit_code == 2 and "SERVICE" in refused.output
    allowed = kg("query", q, "--data", str(local), "--allow-service", "-f", "csv")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stdout.splitlines() == ["label", "France"]


def test_update_url_from_the_environment(server):
    graph = "http://example.org/from-env"
    result = kg("update", f"INSERT DATA {{ GRAPH <{graph}> {{ <http://x> <http://y> 2 }} }}",
                env={"KG_UPDATE_URL": f"{server}/update"})
    assert result.exit_code == 0, result.output
    ask = kg("query", f"ASK {{ GRAPH <{graph}> {{ <http://x> <http://y> 2 }} }}", "--endpoint", f"{server}/query")
    assert ask.output == "true\n"
    assert kg("update", "CLEAR ALL", env={"KG_UPDATE_URL": ""}).exit_code == 2   # no target at all


@pytest.mark.parametrize("command", [
    ["query", "ASK {}", "--endpoint", "{url}/query"],
    ["update", "CLEAR ALL", "--endpoint", "{url}/update"],
    ["load", TRIG, "--endpoint", "{url}/store", "--no-verify"],   # the stand-in keeps nothing to count
])
def test_user_option_sends_that_user_s_credentials(command):
    """--user names the user (over KG_USER); the password comes from KG_PASSWORD."""
    with stub_server(needs_auth("alice", "right")) as (url, seen):
        args = [a.replace("{url}", url) for a in command]
        env = {"KG_USER": "mallory", "KG_PASSWORD": "right"}
        ok = kg(*args, "--user", "alice", env=env)
        refused = kg(*args, "--user", "bob", env=env)
        anonymous = kg(*args, env={"KG_USER": "", "KG_PASSWORD": "", "NETRC": "/nonexistent"})
    assert ok.exit_code == 0, ok.output
    assert refused.exit_code == 2 and "401" in refused.output and "right" not in refused.output
    assert anonymous.exit_code == 2 and "401" in anonymous.output
    assert [r["headers"].get("Authorization") for r in seen] == [
        "Basic YWxpY2U6cmlnaHQ=", "Basic Ym9iOnJpZ2h0", None]   # alice:right, bob:right, nothing


@pytest.fixture()
def busy_server(tmp_path):
    """A server of its own (a query that cannot finish keeps it busy until it is stopped), holding the sample."""
    with oxigraph_server(tmp_path / "busy") as base:
        assert kg("load", TRIG, "--endpoint", f"{base}/store").exit_code == 0
        yield base


@pytest.mark.parametrize("command", [
    ["query", ENDLESS_QUERY, "--endpoint", "{url}/query"],
    ["update", f"INSERT {{ <http://x> <http://y> ?n }} WHERE {{ {{ {ENDLESS_QUERY} }} }}", "--endpoint", "{url}/update"],
])
def test_http_timeout_gives_up_on_a_server_that_does_not_answer_in_time(busy_server, command):
    args = [a.replace("{url}", busy_server) for a in command]
    result = kg(*args, "--timeout", "0.5")
    assert result.exit_code == 2
    assert f"{busy_server}/{args[0]}: no answer within 0.5 s" in result.output


def test_load_timeout_gives_up_on_a_server_that_never_answers():
    """A Graph Store that takes the connection and never answers: the load stops at --timeout."""
    with silent_server() as url:
        result = kg("load", TRIG, "--endpoint", f"{url}/store", "--timeout", "0.5")
    assert result.exit_code == 2
    assert f"{url}/store: no answer within 0.5 s" in result.output

COUNTING = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?m dip:attendee ?p }",
    "SELECT ?m ?p WHERE { ?m dip:attendee ?p } ORDER BY ?m ?p",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", COUNTING)
def test_the_same_answers_from_turtle_trig_the_store_and_a_server(tmp_path, local_store, query):
    """Queries see each triple once, however many article graphs hold it (the sample repeats some).

    The server is an Oxigraph without a union default graph, loaded as docs/stores.md says: the
    Turtle file into its default graph, the TriG file's graphs beside it.
    """
    ttl = str(FIXTURES / "sample.ttl")
    answers = [kg("query", query, "--data", ttl, "-f", "csv"),
               kg("query", query, "--data", TRIG, "-f", "csv"),
               kg("query", query, "-l", local_store, "-f", "csv")]
    with oxigraph_server(tmp_path / "plain", union=False) as base:
        assert kg("load", ttl, "--endpoint", f"{base}/store").exit_code == 0
        assert kg("load", TRIG, "--endpoint", f"{base}/store").exit_code == 0
        answers.append(kg("query", query, "--endpoint", f"{base}/query", "-f", "csv"))
    assert all(a.exit_code == 0 for a in answers), [a.output for a in answers]
    assert len({a.output for a in answers}) == 1, [a.output for a in answers]
    if query.endswith("{ ?s ?p ?o }"):
        assert answers[0].output == "n\n130\n"   # 130 distinct triples; the graphs of the TriG file hold 136
