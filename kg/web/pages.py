"""The HTML pages, rendered with Jinja2 (autoescaped: every value from the data is shown as text).

Links between pages are relative, so the same pages work served by `kg serve` at the IRIs' paths
and written by `kg site` as files under any folder of a web server (`id/person/x.html`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kg.namespaces import DIP, ID, SCHEMA
from kg.web.charts import network, timeline
from kg.web.describe import NODE_FORMATS
from kg.web.graph import GraphReader, node_page

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ONTOLOGY_IRI = DIP.rstrip("#")
SITE_NAME = "diplomacy-kg"
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
RECENT_MEETINGS = 50


def environment():
    """The Jinja2 environment: templates from kg/web/templates, autoescape on for every template."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    return env


def script_json(value) -> str:
    """JSON safe inside a <script> element: '<', '>' and '&' written as \\u escapes, so data cannot close it."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_path(iri: str) -> str | None:
    """The site path of a node's page without extension ('id/person/x'), or None for IRIs outside the graph's namespace."""
    if iri.startswith(ID) and len(iri) > len(ID):
        return "id/" + iri[len(ID):].split("#", 1)[0]
    return None


@dataclass(frozen=True)
class Links:
    """Relative links from one page: `depth` folders below the site's root; `static` adds '.html' to pages."""

    depth: int = 0
    static: bool = False

    @property
    def root(self) -> str:
        return "../" * self.depth

    def page(self, name: str) -> str:
        """A page of the site by name ('' for the overview, 'search', 'sparql', 'ontology')."""
        if not name:
            return self.root + "index.html" if self.static else self.root or "./"
        return self.root + name + (".html" if self.static else "")

    def static_file(self, name: str) -> str:
        return self.root + "static/" + name

    def node(self, iri: str) -> str | None:
        """Where a link to `iri` goes: its page here, the ontology page, an outside http(s) page, or None."""
        path = page_path(iri)
        if path is not None:
            fragment = iri.partition("#")[2]
            return self.root + path + (".html" if self.static else "") + ("#" + fragment if fragment else "")
        if iri.startswith(DIP) or iri == ONTOLOGY_IRI:
            fragment = iri[len(DIP):] if iri.startswith(DIP) else ""
            return self.page("ontology") + ("#" + fragment if fragment else "")
        if iri.startswith(("http://", "https://")):
            return iri
        return None


def links_for(path: str, *, static: bool) -> Links:
    """The Links of the page at site path `path` ('id/person/x', 'search', '')."""
    return Links(path.count("/"), static)


class Pages:
    """Renders every page of the site from a GraphReader; `static` for files written by `kg site`."""

    def __init__(self, reader: GraphReader, *, static: bool = False, saved_queries=None):
        self.reader = reader
        self.static = static
        self.env = environment()
        self.saved_queries = saved_queries if saved_queries is not None else {}

    def _render(self, template: str, path: str, **context) -> str:
        links = links_for(path, static=self.static)
        context.setdefault("alternates", [])
        context.setdefault("iri", None)
        return self.env.get_template(template).render(links=links, static=self.static, site=SITE_NAME,
                                                      has_sparql=not self.static, **context)

    def alternates(self, path: str) -> list[dict]:
        """The node's other formats: media type, name and relative link (its file name plus a suffix)."""
        name = quote(path.rsplit("/", 1)[-1], safe="%-_.~")
        return [{"media": media, "name": FORMAT_NAMES[fmt], "href": f"{name}.{fmt}", "fmt": fmt}
                for fmt, media in NODE_FORMATS.items() if fmt != "html"]

    def node(self, iri: str) -> str | None:
        """A node's page, or None when the graph does not mention it."""
        page = node_page(self.reader, iri)
        if page is None:
            return None
        path = page_path(iri) or "id/node"
        data = page.data
        context = {"page": data, "iri": iri, "alternates": self.alternates(path), "title": data["node"].label,
                   "kind": page.template}
        if page.template == "meeting":
            context["event"] = self.event(data)
        return self._render(f"{page.template}.html", path, **context)

    def event(self, meeting: dict) -> dict:
        """The meeting as schema.org Event JSON-LD, for search engines and other tools reading the page."""
        node = meeting["node"]
        event = {"@context": SCHEMA.rstrip("/"), "@type": "Event", "@id": node.iri, "name": node.label}
        if meeting["date"]:
            event["startDate"] = meeting["date"][0]["value"].value
        if meeting["city"]:
            city = meeting["city"][0]["value"]
            event["location"] = {"@type": "City", "@id": city.iri, "name": city.label}
        if any(s.iri == DIP + "Planned" for s in meeting["status"]):
            event["eventStatus"] = SCHEMA + "EventScheduled"
        attendees = [{"@type": "Person", "@id": a["value"].iri, "name": a["value"].label} for a in meeting["attendees"]]
        if attendees:
            event["attendee"] = attendees
        hosts = [{"@type": "Country", "@id": h["value"].iri, "name": h["value"].label} for h in meeting["hosts"]]
        if hosts:
            event["organizer"] = hosts
        if meeting["sources"]:
            event["subjectOf"] = [{"@type": "NewsArticle", "@id": s.iri, "headline": s.label} for s in meeting["sources"]]
        return event

    def overview(self) -> str:
        """The front page: counts per class, the timeline, the network and the search box."""
        reader = self.reader
        meetings = reader.all_meetings()
        people, edges = reader.co_attendance()
        recent = sorted(meetings, key=lambda m: (m["date"] is None, m["date"] or ""), reverse=False)
        if len(recent) > RECENT_MEETINGS:
            dated = [m for m in recent if m["date"]]
            recent = dated[-RECENT_MEETINGS:]
        return self._render("overview.html", "", title="Overview", counts=reader.counts(),
                            timeline=timeline(meetings), network=network(people, edges),
                            meetings=recent, meeting_total=len(meetings), queries=self.saved_queries)

    def search(self, text: str) -> str:
        """Search results for `text` (served), or every name with a filter box (static)."""
        if self.static:
            entries = [{"node": ref, "matched": name, "summary": ""} for _, name, ref in self.reader.search_index()]
            return self._render("search.html", "search", title="Search", text="", results=entries)
        return self._render("search.html", "search", title=f"Search: {text}" if text else "Search", text=text,
                            results=self.reader.search(text) if text.strip() else [])

    def ontology(self) -> str:
        """The ontology's terms, each with an anchor that the pages' links to roles and statuses use."""
        terms = sorted(self.reader.terms.values(), key=lambda t: ({"class": 0, "property": 1, "status": 2,
                                                                     "role": 3}.get(t.kind, 4), t.label))
        return self._render("ontology.html", "ontology", title="Ontology", terms=terms, iri=ONTOLOGY_IRI)

    def sparql(self, *, query: str = "", results=None, error: str = "", elapsed: float | None = None) -> str:
        """The query page: a form, the saved queries, and the results of the query run (if any)."""
        return self._render("sparql.html", "sparql", title="SPARQL", query=query, results=results, error=error,
                            elapsed=elapsed, queries=self.saved_queries)

    def error(self, status: int, message: str, *, path: str = "") -> str:
        """An error page (not found, bad request ...)."""
        return self._render("error.html", path, title=f"{status}", status=status, message=message)
