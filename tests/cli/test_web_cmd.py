"""`kg serve` and `kg site` from the command line: options, banner, stopping, and failures in one line
(a taken port before any banner, the Oxigraph child's errors without a Rust backtrace)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from click.testing import CliRunner

from kg.cli import cli
from servers import OXIGRAPH, free_port, oxigraph_server
from web_servers import fetch, kg_serve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRIG = str(FIXTURES / "sample.trig")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
needs_oxigraph = pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph server (pip install oxigraph) is not installed")


def kg(*args):
    return CliRunner().invoke(cli, list(args))


def run_kg(*args, timeout=120, env=None):
    """`kg ARGS` in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    location = str(tmp_path_factory.mktemp("serve") / "db")
    assert kg("load", TRIG, "-l", location).exit_code == 0
    return location


@pytest.fixture
def taken_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def assert_one_line_error(stderr: str, *words: str) -> None:
    assert stderr.startswith("kg: error: ") and len(stderr.strip().splitlines()) == 1, stderr
    assert all(w in stderr for w in words), stderr
    assert "Traceback" not in stderr and "backtrace" not in stderr.lower()


@pytest.mark.parametrize("mode", [[], ["--read-write"]])
def test_a_taken_port_fails_before_the_serving_banner(store, taken_port, mode):
    result = run_kg("serve", "-l", store, "--bind", f"127.0.0.1:{taken_port}", *mode)
    assert result.returncode == 2
    assert "serving" not in result.stderr
    assert_one_line_error(result.stderr, f"127.0.0.1:{taken_port} is already in use", "--bind")


@needs_oxigraph
def test_a_store_another_server_holds_is_told_in_one_line_without_a_rust_backtrace(tmp_path):
    location = tmp_path / "db"
    assert kg("load", TRIG, "-l", str(location)).exit_code == 0
    with oxigraph_server(location):   # holds the store's lock
        result = run_kg("serve", "-l", str(location), "--read-write", "--bind", f"127.0.0.1:{free_port()}",
                        env={**os.environ, "RUST_BACKTRACE": "1"})
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "cannot open the store", "lock", "another process")
    assert "serving" not in result.stderr
    assert not any(re.match(r"\s+\d+: ", line) for line in result.stderr.splitlines())   # no frames


@needs_oxigraph
def test_read_write_serves_loads_and_updates_and_stops_cleanly(tmp_path):
    with kg_serve(tmp_path / "db", "--read-write", "--timeout", "5", ready="/query?query=ASK%7B%7D") as served:
        base = served.base
        assert kg("load", TRIG, "--endpoint", f"{base}/store").exit_code == 0
        assert kg("update", "DELETE WHERE { ?s a <https://w3id.org/diplomacy-kg/ontology#Statement> }",
                  "--endpoint", f"{base}/update").exit_code == 0
        counted = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                     f"{base}/query", "-f", "csv")
        assert counted.exit_code == 0 and int(counted.output.split()[1]) > 50
    assert served.process.returncode == 0, served.stderr
    assert "read-write" in served.stderr and served.stderr.rstrip().endswith("stopped")
    # the writes reached the merged default graph: each triple of the named graphs once, as a load gives
    (tmp_path / "kept.trig").write_text(kg("dump", "-l", str(tmp_path / "db")).output)
    assert kg("load", str(tmp_path / "kept.trig"), "-l", str(tmp_path / "again")).exit_code == 0
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    answers = [kg("query", count, "-l", str(tmp_path / name), "-f", "csv").output for name in ("db", "again")]
    assert answers[0] == answers[1] and int(answers[0].split()[1]) > 50


def test_timeout_workers_and_access_log_options_work(store):
    with kg_serve(store, "--timeout", "1", "--workers", "1", "--access-log", stop=signal.SIGINT) as served:
        status, _, body = fetch(f"{served.base}/sparql?query={quote(SLOW)}")
        assert status == 503 and b"stopped after 1 s" in body
        assert fetch(f"{served.base}/sparql?query=ASK%7B%7D")[0] == 200
    stderr, base = served.stderr, served.base
    assert served.process.returncode == 0, stderr                       # Ctrl-C is a clean stop
    assert f"serving {store} at {base}/ (read-only)" in stderr and f"{base}/sparql" in stderr
    assert '"GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in stderr
    assert "Traceback" not in stderr and stderr.rstrip().endswith("stopped")


def test_help_documents_every_option_and_bad_values_are_usage_errors(store, tmp_path):
    help_text = kg("serve", "--help").output
    for option in ("--location", "--bind", "--timeout", "--workers", "--read-write", "--access-log"):
        assert option in help_text
    assert kg("serve", "-l", store, "--timeout", "0").exit_code == 2
    assert kg("serve", "-l", store, "--workers", "0").exit_code == 2
    bad_bind = kg("serve", "-l", store, "--bind", "localhost")
    assert bad_bind.exit_code == 2 and "HOST:PORT" in bad_bind.output
    missing = kg("serve", "-l", str(tmp_path / "none"))
    assert missing.exit_code == 2 and "no store" in missing.output


def main_of(page: str) -> str:
    return page[page.index("<main>"):page.index("</main>")]


def _local_links(page: Path, root: Path) -> list[Path]:
    """The files a page's relative links and sources point at."""
    found = []
    for target in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
        parts = urlsplit(target)
        if parts.scheme or target.startswith(("#", "/")) or not parts.path:
            continue
        found.append((page.parent / unquote(parts.path)).resolve())
    return found


def test_site_writes_every_page_with_links_that_resolve_and_the_served_descriptions(store, tmp_path):
    out = tmp_path / "site"
    result = kg("site", "-l", store, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ node pages \(\d+ files\) to ", result.output)
    for name in ("index.html", "search.html", "ontology.html", "404.html", "static/style.css", "static/search.js",
                 ".nojekyll"):
        assert (out / name).is_file(), name
    pages = sorted(out.rglob("*.html"))
    for page in pages:
        for target in _local_links(page, out):
            assert target.is_file() and target.is_relative_to(out.resolve()), (page, target)
    with kg_serve(store) as served:
        base = served.base
        for ttl in sorted((out / "id").rglob("*.ttl"))[:12]:
            path = ttl.relative_to(out).as_posix()
            assert fetch(f"{base}/{quote(path)}")[2] == ttl.read_bytes(), path
            written = main_of(ttl.with_suffix(".html").read_text(encoding="utf-8"))
            served = main_of(fetch(f"{base}/{quote(path[:-4])}", accept="text/html")[2].decode())
            assert re.sub(r'\.html(?=["#])', "", written) == served, path   # the same page, links to files


def test_site_replaces_its_own_folder_and_refuses_one_with_other_files(store, tmp_path):
    out = tmp_path / "site"
    assert kg("site", "-l", store, "-o", str(out)).exit_code == 0
    (out / "index.html").write_text("stale")
    assert kg("site", "-l", store, "-o", str(out)).exit_code == 0
    assert (out / "index.html").read_text() != "stale"
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    refused = kg("site", "-l", store, "-o", str(other))
    assert refused.exit_code == 2 and "other files" in refused.output
    assert sorted(p.name for p in other.iterdir()) == ["keep.txt"]
