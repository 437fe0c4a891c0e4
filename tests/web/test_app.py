"""`kg serve` over the seeds: every kind of node has a page at its IRI's path with what the graph says,
and the same IRI gives its description in each RDF format, the same as a DESCRIBE-style query."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.namespaces import DIP, ID, RDFS
from kg.store.embedded import run_query
from web_servers import fetch

FORMATS = {"ttl": ("text/turtle", ox.RdfFormat.TURTLE), "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
           "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES)}
KINDS = ["Meeting", "Person", "Country", "City", "Article", "Statement"]


class Page(HTMLParser):
    """The parts of a page the tests look at: its text, links, alternates and embedded scripts."""

    def __init__(self, data: bytes):
        super().__init__()
        self.text, self.links, self.alternates, self.scripts = [], [], {}, []
        self._script = None
        self.feed(data.decode("utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates[attrs["type"]] = attrs["href"]
        if tag == "script":
            self._script = [attrs.get("type", ""), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def nodes_of(store_reader, kind: str) -> list[str]:
    return [s.value for s in store_reader.subjects("type", DIP + kind)]


def url_of(base: str, iri: str) -> str:
    assert iri.startswith(ID)
    return f"{base}/id/{iri[len(ID):]}"


def labels(reader, iris) -> list[str]:
    return [reader.label(i.value if hasattr(i, "value") else i) for i in iris]


def page(base, iri) -> Page:
    status, headers, body = fetch(url_of(base, iri), accept="text/html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    return Page(body)


def described(store, iri: str) -> rdflib.Graph:
    """What a DESCRIBE-style query over the store gives: the node's triples and the labels of what it links to."""
    query = f"""CONSTRUCT {{ <{iri}> ?p ?o . ?o <{RDFS}label> ?l }} WHERE {{
        {{ <{iri}> ?p ?o }} UNION {{ <{iri}> ?p ?o . ?o <{RDFS}label> ?l }} }}"""
    triples = run_query(store, query).triples
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


def as_rdflib(data: bytes, fmt) -> rdflib.Graph:
    """Parse with pyoxigraph, compare with rdflib."""
    triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=fmt)]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode() or "", format="nt")


def test_a_meeting_page_shows_date_city_status_countries_attendees_and_statements(served, reader):
    meeting = max(nodes_of(reader, "Meeting"), key=lambda m: len(reader.objects(m, DIP + "attendee")))
    shown = page(served, meeting)
    text = shown.plain
    assert reader.label(meeting) in text
    for prop in ("date", "location", "status", "host", "participant", "absent", "attendee"):
        for value in reader.objects(meeting, DIP + prop):
            wanted = value.value if isinstance(value, ox.Literal) else reader.label(value.value)
            assert wanted in text, (prop, wanted)
    for person in reader.objects(meeting, DIP + "attendee"):   # with their roles and countries
        for role in reader.objects(person, DIP + "role"):
            assert reader.label(role.value) in text
        for country in reader.objects(person, DIP + "represents"):
            assert reader.label(country.value) in text
    said = reader.subjects(DIP + "madeAt", meeting)
    assert said, "the seeds' busiest meeting has statements"
    for statement in said:
        assert " ".join(reader.first_text(statement, DIP + "text").split()) in text
    # labels link to their nodes
    targets = {urljoin(url_of(served, meeting), link) for link in shown.links}
    for node in reader.objects(meeting, DIP + "attendee") + reader.objects(meeting, DIP + "participant"):
        assert url_of(served, node.value) in targets


def test_every_fact_links_to_its_sentence_with_the_span_marked_and_to_its_article(served, reader):
    meeting = max(nodes_of(reader, "Meeting"), key=lambda m: len(reader.objects(m, DIP + "attendee")))
    status, _, body = fetch(url_of(served, meeting), accept="text/html")
    text = body.decode()
    marks = re.findall(r'<span class="sentence">(.*?)</span>\s*<span class="from">— <a href="([^"]+)"', text, re.S)
    assert len(marks) >= len(reader.objects(meeting, DIP + "attendee"))
    articles = {a.value.rsplit("/", 1)[1] for a in reader.objects(meeting, DIP + "source")}
    assert {href.rsplit("/", 1)[1] for _, href in marks} <= articles
    highlighted = [re.search(r"<mark>(.*?)</mark>", sentence) for sentence, _ in marks]
    assert sum(1 for h in highlighted if h) >= len(marks) * 3 // 4
    for person in reader.objects(meeting, DIP + "attendee"):   # an attendee's sentence marks part of their name
        row = text[text.index(f'href="../../id/person/{person.value.rsplit("/", 1)[1]}"'):]
        row = row[:row.index("</tr>")]
        spans = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", row)]
        assert spans and all(any(w.lower() in reader.label(person.value).lower() for w in s.split()) for s in spans)


def test_a_person_page_shows_roles_country_meetings_in_date_order_statements_and_who_they_met(served, reader):
    person = max((p for p in nodes_of(reader, "Person")),
                 key=lambda p: (len(reader.subjects(DIP + "attendee", p)), len(reader.subjects(DIP + "speaker", p))))
    shown = page(served, person)
    text = shown.plain
    for role in reader.objects(person, DIP + "role"):
        assert reader.label(role.value) in text
    meetings = reader.subjects(DIP + "attendee", person)
    assert len(meetings) >= 2
    dates = [reader.first_text(m, DIP + "date") for m in meetings]
    positions = sorted((text.index(d), d) for d in dates if d)
    assert [d for _, d in positions] == sorted(d for d in dates if d)
    for statement in reader.subjects(DIP + "speaker", person):
        assert " ".join(reader.first_text(statement, DIP + "text").split()) in text
    others = {o.value for m in meetings for o in reader.objects(m, DIP + "attendee")} - {person}
    section = text[text.index("Met most often"):]
    assert all(reader.label(o) in section for o in others)


def test_country_city_article_and_statement_pages_show_what_the_issue_lists(served, reader):
    country = max(nodes_of(reader, "Country"), key=lambda c: len(reader.subjects(DIP + "participant", c)))
    text = page(served, country).plain
    for meeting in reader.subjects(DIP + "participant", country) + reader.subjects(DIP + "host", country):
        assert reader.label(meeting.value) in text
    for person in reader.subjects(DIP + "represents", country):
        assert reader.label(person.value) in text
    city = nodes_of(reader, "City")[0]
    text = page(served, city).plain
    assert all(reader.label(m.value) in text for m in reader.subjects(DIP + "location", city))
    article = max(nodes_of(reader, "Article"), key=lambda a: len(reader.subjects(DIP + "source", a)))
    text = page(served, article).plain
    assert reader.first_text(article, "title") in text
    for node in reader.subjects(DIP + "source", article):   # every fact drawn from it, by node
        assert reader.label(node.value).strip("“”")[:40] in text
    statement = nodes_of(reader, "Statement")[0]
    shown = page(served, statement)
    assert " ".join(reader.first_text(statement, DIP + "text").split()) in shown.plain
    assert any("/article/" in link for link in shown.links)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_by_accept_and_by_suffix_is_the_describe_style_description(served, reader, kind, fmt):
    iri = nodes_of(reader, kind)[0]
    media, ox_format = FORMATS[fmt]
    expected = described(reader.store, iri)
    assert len(expected) > 1
    status, headers, body = fetch(url_of(served, iri), accept=media)
    assert status == 200 and headers["content-type"].startswith(media) and "Accept" in headers["vary"]
    assert isomorphic(as_rdflib(body, ox_format), expected)
    status, headers, by_suffix = fetch(f"{url_of(served, iri)}.{fmt}")
    assert status == 200 and headers["content-type"].startswith(media)
    assert by_suffix == body


def test_html_pages_carry_an_alternate_link_per_format_that_resolves(served, reader):
    iri = nodes_of(reader, "Person")[0]
    url = url_of(served, iri)
    shown = page(served, iri)
    assert set(shown.alternates) == {media for media, _ in FORMATS.values()}
    for media, href in shown.alternates.items():
        status, headers, _ = fetch(urljoin(url, href))
        assert status == 200 and headers["content-type"].startswith(media)


def test_meeting_pages_embed_schema_org_event_json_ld(served, reader):
    for meeting in nodes_of(reader, "Meeting"):
        scripts = [body for kind, body in page(served, meeting).scripts if kind == "application/ld+json"]
        assert len(scripts) == 1
        event = json.loads(scripts[0])
        assert event["@type"] == "Event" and event["@id"] == meeting and event["name"] == reader.label(meeting)
        assert sorted(a["name"] for a in event.get("attendee", [])) == sorted(
            labels(reader, reader.objects(meeting, DIP + "attendee")))
        if reader.first_text(meeting, DIP + "date"):
            assert event["startDate"] == reader.first_text(meeting, DIP + "date")


def test_negotiation_defaults_to_html_and_refuses_what_it_cannot_give(served, reader):
    url = url_of(served, nodes_of(reader, "City")[0])
    assert fetch(url)[1]["content-type"].startswith("text/html")                      # no Accept: a browser
    assert fetch(url, accept="text/html,application/xhtml+xml,*/*;q=0.8")[1]["content-type"].startswith("text/html")
    assert fetch(url, accept="text/turtle;q=0.9, application/n-triples")[1]["content-type"].startswith(
        "application/n-triples")
    assert fetch(url, accept="image/png")[0] == 406
    assert fetch(f"{served}/id/person/nobody-at-all", accept="text/html")[0] == 404
    assert fetch(f"{served}/id/person/nobody-at-all.ttl")[0] == 404


def test_overview_counts_classes_and_draws_timeline_and_network(served, reader):
    status, _, body = fetch(served + "/", accept="text/html")
    text = body.decode()
    shown = Page(body)
    for kind in ("Meeting", "Person", "Statement"):
        count = len(nodes_of(reader, kind))
        assert re.search(rf'>{reader.terms[DIP + kind].label}</a></th><td class="n">{count}</td>', text)
    dated = [m for m in nodes_of(reader, "Meeting") if reader.first_text(m, DIP + "date")]
    timeline = text[text.index('<svg id="timeline"'):]
    assert timeline[:timeline.index("</svg>")].count("<circle") == len(dated)
    network = text[text.index('<svg id="network"'):]
    network = network[:network.index("</svg>")]
    assert network.count('class="node"') >= 2 and network.count('class="edge"') >= 1
    assert 'action="search"' in text and any(link.startswith("sparql?name=") for link in shown.links)
    assert fetch(served + "/", accept="text/html")[2] == body   # the same page every time


def test_search_finds_people_meetings_countries_and_cities_by_name(served, reader):
    for kind in ("Person", "Meeting", "Country", "City"):
        iri = nodes_of(reader, kind)[0]
        name = reader.label(iri)
        status, _, body = fetch(f"{served}/search?q={name.split()[-1].lower()}", accept="text/html")
        assert status == 200 and iri[len(ID):] in body.decode(), (kind, name)
    assert "0 results" in fetch(f"{served}/search?q=zzzqqq", accept="text/html")[2].decode()


def test_pages_fetch_nothing_from_elsewhere_and_forbid_inline_scripts(served, reader):
    status, headers, body = fetch(url_of(served, nodes_of(reader, "Meeting")[0]), accept="text/html")
    assert "script-src 'self'" in headers["content-security-policy"]
    text = body.decode()
    assert not re.search(r'(src|href)="(https?:)?//', text.split("</head>")[0])   # head: stylesheet is local
    assert not re.search(r'<(img|script|link|iframe)[^>]+(src|href)="(https?:)?//', text)
    status, headers, css = fetch(f"{served}/static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and b"url(" not in css


def test_the_ontology_page_has_an_anchor_for_each_role_the_pages_link_to(served, reader):
    status, _, body = fetch(f"{served}/ontology", accept="text/html")
    text = body.decode()
    for person in nodes_of(reader, "Person"):
        for role in reader.objects(person, DIP + "role"):
            assert f'id="{role.value.rsplit("#", 1)[1]}"' in text
    status, headers, turtle = fetch(f"{served}/ontology", accept="text/turtle")
    assert status == 200 and len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) > 100


def test_named_graph_iris_resolve_to_what_the_graph_holds(served, reader):
    from kg.ids import RESOLVED_GRAPH

    shown = page(served, RESOLVED_GRAPH)
    holds = {q.subject.value for q in reader.store.quads_for_pattern(None, None, None, reader.node(RESOLVED_GRAPH))}
    assert "What this graph holds" in shown.plain
    targets = {urljoin(url_of(served, RESOLVED_GRAPH), link) for link in shown.links}
    assert {url_of(served, s) for s in holds if not s.startswith(ID + "evidence/")} <= targets
