"""An article full of markup, <script> and quotes in names: built, served and written as a site, it is
shown as text everywhere; the only scripts on any page are the JSON-LD data blocks, which parse back."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from kg.cli import cli
from web_servers import fetch, kg_serve

HOSTILE = """<script>alert("title")</script> Envoys "gather" in Oslo & talk <b>shipping</b>

Norwegian Foreign Minister Ingrid O'Brien-Haug and Icelandic Foreign Minister Bjorn D'Arcy met in Oslo on Monday to discuss shipping lanes in the Arctic, the Norwegian foreign ministry said.

O'Brien-Haug said: "<script>alert('x')</script> & <b>borders</b> are not lines; ]]> too."

D'Arcy said the "talks were <i>useful</i> </script><script>alert(2)</script>" and then left.
"""


class Elements(HTMLParser):
    """The element names of a page, the text of its script elements, and all of its text."""

    def __init__(self, data: str):
        super().__init__()
        self.tags, self.scripts, self.text, self._in_script = [], [], [], None
        self.feed(data)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in_script = [dict(attrs).get("type"), dict(attrs).get("src"), ""]

    def handle_endtag(self, tag):
        if tag == "script":
            self.scripts.append(tuple(self._in_script))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[2] += data
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "articles").mkdir()
    (folder / "articles" / "talks.txt").write_text(HOSTILE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(folder / "articles"),
                                      "-o", str(folder / "g.trig"), "--into", str(folder / "store")])
    assert result.exit_code == 0, result.output
    return folder / "store"


@pytest.fixture(scope="module")
def hostile_pages(hostile_store):
    """Every page of the hostile graph as served: overview, search, and each node (path -> HTML)."""
    from kg.store.embedded import open_store
    from kg.web.graph import GraphReader

    reader = GraphReader(open_store(hostile_store, read_only=True))
    paths = {"/", "/search?q=o%27brien", "/search?q=%3Cscript%3E", "/sparql?name=statements"}
    paths |= {"/id/" + iri.split("/id/", 1)[1].split("#")[0] for iri in reader.subjects_in_namespace()}
    with kg_serve(hostile_store) as served:
        base = served.base
        pages = {}
        for path in sorted(paths):
            status, _, body = fetch(base + path, accept="text/html")
            assert status == 200, path
            pages[path] = body.decode("utf-8")
    return pages


def _check_inert(path: str, page: str) -> None:
    parsed = Elements(page)
    assert "b" not in parsed.tags and "i" not in parsed.tags, path          # markup from the data stays text
    for kind, src, body in parsed.scripts:                                   # no script runs
        assert kind == "application/ld+json" or (src and src.endswith("static/search.js")), (path, kind, body)
        if kind == "application/ld+json":
            json.loads(body)


def test_the_graph_holds_the_hostile_strings(hostile_pages):
    text = " ".join(" ".join(Elements(p).text) for p in hostile_pages.values())
    for shown in ('<script>alert("title")</script>', "O'Brien-Haug", "D'Arcy", "<b>borders</b>", "<i>useful</i>"):
        assert shown in text, shown                                          # shown to the reader, as text


def test_served_pages_show_markup_and_quotes_as_text_and_run_no_script(hostile_pages):
    for path, page in hostile_pages.items():
        _check_inert(path, page)
    article = next(p for path, p in hostile_pages.items() if path.startswith("/id/article/"))
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article


def test_the_meeting_json_ld_keeps_the_names_exactly(hostile_pages):
    meeting = next(p for path, p in hostile_pages.items() if path.startswith("/id/meeting/"))
    (body,) = [b for kind, _, b in Elements(meeting).scripts if kind == "application/ld+json"]
    assert "</script" not in body.lower()
    names = {a["name"] for a in json.loads(body).get("attendee", [])}
    assert {"Ingrid O'Brien-Haug", "Bjorn D'Arcy"} <= names


def test_the_static_site_is_as_inert(hostile_store, tmp_path):
    result = CliRunner().invoke(cli, ["site", "-l", str(hostile_store), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        _check_inert(str(path), path.read_text(encoding="utf-8"))
