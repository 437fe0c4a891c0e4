"""Emit RDF: the resolved facts as quads, one named graph per article plus the resolved graph.

Each article's graph holds what that article says (its own node, the statements it quotes, who it
says attended what, evidence); `id:graph/resolved` holds merged knowledge (node types, chosen
labels, dates, roles, countries and cities). Quads are sorted, so output is byte-stable.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg import ids
from kg.extract import gazetteer
from kg.model import ArticleFacts, City, Span
from kg.namespaces import DCTERMS, DIP, OA, RDF, RDFS, SKOS, XSD, GEONAMES, PREFIXES
from kg.resolve import Resolution

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")   # below a space, but tab and newline
_SURROGATE = re.compile("[\ud800-\udfff]")
TYPE = ox.NamedNode(RDF + "type")
EVIDENCE_LEVELS = ("full", "none")   # full: a W3C Web Annotation per fact; none: dip:source and named graphs only
STRING = ox.NamedNode(XSD + "string")
NQUADS = ox.RdfFormat.N_QUADS


class NT(str):
    """The N-Triples text of a literal (a term written as is, not an IRI to wrap in <>)."""

    __slots__ = ()


def iri(value: str) -> ox.NamedNode:
    """A named node."""
    return ox.NamedNode(value)


def lit(value, datatype: str | None = None) -> NT:
    """The N-Triples text of a typed literal (xsd:string unless told); control characters are dropped."""
    text = clean_literal(str(value))
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return NT(f'"{escaped}"' if datatype is None else f'"{escaped}"^^<{datatype}>')


def clean_literal(text: str) -> str:
    """Drop control characters (but tab and newline) that some RDF parsers refuse, and lone surrogates."""
    text = _CONTROL.sub("", text)
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


Key = tuple[str, str, str, str]   # N-Triples text of graph, subject, predicate, object


class QuadSink:
    """Collects quads as the N-Triples text of their terms: duplicates kept once, sorted on demand.

    Working on text (not RDF term objects) keeps emission cheap; the text is parsed back by
    pyoxigraph whenever terms are needed, which also proves it is well-formed.
    """

    def __init__(self, *, evidence: bool = True):
        self.keys: set[Key] = set()
        self.passages: set[str] = set()   # evidence passages already written
        self.evidence = evidence          # write evidence annotations (see kg.rdf.emit._evidence)

    def add(self, graph: str, s: str, p: str, o) -> None:
        """Add one triple to a named graph; `o` is an IRI string, literal text from `lit()`, or a term."""
        obj = o if isinstance(o, NT) else f"<{o}>" if isinstance(o, str) else str(o)
        self.keys.add((f"<{graph}>", f"<{s}>", f"<{p}>", obj))

    def sorted_keys(self) -> list[Key]:
        """The quads' text in a stable order: graph, subject, predicate, object."""
        return sorted(self.keys)

    def sorted(self) -> list[ox.Quad]:
        """The quads in a stable order: graph, subject, predicate, object."""
        return to_quads(self.sorted_keys())


def nquads_text(keys) -> bytes:
    """N-Quads lines of quad keys."""
    return "".join(f"{s} {p} {o} {g} .\n" for g, s, p, o in keys).encode("utf-8")


def to_quads(keys) -> list[ox.Quad]:
    """pyoxigraph quads of quad keys (parsed, so malformed text fails here, never in an output file)."""
    return list(ox.parse(nquads_text(keys), format=NQUADS))


def parse_nquads(data: bytes) -> list[ox.Quad]:
    """pyoxigraph quads of N-Quads bytes."""
    return list(ox.parse(data, format=NQUADS))


def emit(resolution: Resolution, *, evidence: str = "full") -> list[ox.Quad]:
    """All quads of a resolved build, sorted."""
    return [quad for _, quads in emit_graphs(resolution, evidence=evidence) for quad in quads]


def emit_graphs(resolution: Resolution, *, load=None, evidence: str = "full"):
    """Yield (graph IRI, its sorted quads) graph by graph, in output order, so a build can stream."""
    for graph, keys in emit_keys(resolution, load=load, evidence=evidence):
        yield graph, to_quads(keys)


def check_evidence(evidence: str) -> str:
    """`evidence` if it is a known evidence level (see EVIDENCE_LEVELS), else ValueError."""
    if evidence not in EVIDENCE_LEVELS:
        raise ValueError(f"unknown evidence level {evidence!r}; choose one of {', '.join(EVIDENCE_LEVELS)}")
    return evidence


def emit_keys(resolution: Resolution, *, load=None, evidence: str = "full"):
    """Yield (graph IRI, its sorted quad keys) graph by graph: the articles' graphs, then the rest.

    `load` turns the resolution's facts into full ones when they were kept slim; `evidence` is
    one of EVIDENCE_LEVELS.
    """
    check_evidence(evidence)
    countries: set[str] = set()
    rest: set[Key] = set()   # anything an article adds outside its own graph
    for g, group in article_groups(resolution):
        full = group if load is None else [load(facts) for facts in group]
        mine, others = article_keys(g, full, resolution, evidence=evidence)
        rest.update(others)
        countries.update(code for facts in group for code in article_countries(facts))
        yield g, mine
    graph, keys = None, []
    for g, chunk in resolved_chunks(resolution, rest, countries):
        if g != graph and graph is not None:
            yield graph, keys
            keys = []
        graph = g
        keys.extend(chunk)
    if graph is not None:
        yield graph, keys


def article_groups(resolution: Resolution) -> list[tuple[str, list[ArticleFacts]]]:
    """(graph IRI, facts of the articles in it) for every article graph, in output order."""
    by_graph: dict[str, list[ArticleFacts]] = {}
    for facts in resolution.facts:
        by_graph.setdefault(ids.article(facts.article.id), []).append(facts)
    return [(g, by_graph[g]) for g in sorted(by_graph, key=lambda name: f"<{name}>")]


def article_countries(facts: ArticleFacts) -> set[str]:
    """The countries an article's meetings name (as host, participant or absent), for the resolved graph."""
    return {code for m in facts.meetings for values in (m.hosts, m.participants, m.absent) for code in values}


def article_keys(g: str, group: list[ArticleFacts], resolution: Resolution, *, evidence: str = "full"):
    """(sorted keys of graph g, keys the articles put in other graphs)."""
    sink = QuadSink(evidence=evidence != "none")
    for facts in group:
        _emit_article(sink, facts, resolution)
    own = f"<{g}>"
    mine = sorted(key for key in sink.keys if key[0] == own)
    return mine, {key for key in sink.keys if key[0] != own}


RESOLVED_CHUNK = 50_000   # quads of the resolved graph sorted and written at a time


def resolved_chunks(resolution: Resolution, rest: set, countries: set, *, size: int | None = None):
    """Yield (graph IRI, sorted keys) of the resolved graph, and of any other graph `rest` names, in order.

    The resolved graph comes in pieces of about `size` quads: its subjects are sorted first and each
    subject's quads made and sorted when its turn comes, which is the order a sort of all the
    quads gives, without holding them all (a large corpus's resolved graph is millions of quads).
    """
    size = size or RESOLVED_CHUNK
    own = _term(ids.RESOLVED_GRAPH)
    others: dict[str, list[Key]] = {}
    extra: dict[str, list[Key]] = {}   # the resolved graph's quads that articles made, by subject
    for key in rest:
        if key[0] == own:
            extra.setdefault(key[1], []).append(key)
        else:
            others.setdefault(key[0], []).append(key)
    subjects = resolved_subjects(resolution, countries)
    for name in set(extra) - set(subjects):
        subjects[name] = None
    pending = sorted(others.items())
    while pending and pending[0][0] < own:
        graph, keys = pending.pop(0)
        yield graph[1:-1], sorted(keys)
    chunk: list[Key] = []
    for subject in sorted(subjects):
        keys = set(extra.get(subject, ()))
        if subjects[subject] is not None:
            keys.update(subjects[subject]())
        chunk.extend(sorted(keys))
        if len(chunk) >= size:
            yield ids.RESOLVED_GRAPH, chunk
            chunk = []
    if chunk or not subjects:
        yield ids.RESOLVED_GRAPH, chunk
    for graph, keys in pending:
        yield graph[1:-1], sorted(keys)


def _emit_article(sink: QuadSink, facts: ArticleFacts, res: Resolution) -> None:
    art = facts.article
    g = ids.article(art.id)
    add = lambda s, p, o: sink.add(g, s, p, o)   # noqa: E731 - a local shorthand
    add(g, RDF + "type", DIP + "Article")
    add(g, DCTERMS + "identifier", lit(art.id))
    if art.title:
        add(g, DCTERMS + "title", lit(art.title))
    if art.issued:
        add(g, DCTERMS + "issued", lit(art.issued.isoformat(), XSD + "date"))
    add(g, DIP + "contentHash", lit(art.sha1))
    for key, person in sorted(facts.persons.items()):
        node = res.person_iri[(art.id, key)]
        add(node, DIP + "source", g)
        if person.spans:
            _evidence(sink, g, art.text, node, RDF + "type", None, person.spans[0])
    for meeting in facts.meetings:
        node = res.meeting_iri.get((art.id, meeting.key))
        if node is None:   # resolution dropped it (nothing places it)
            continue
        add(node, DIP + "source", g)
        for prop, values in (("host", meeting.hosts), ("participant", meeting.participants), ("absent", meeting.absent)):
            for code in sorted(values):
                add(node, DIP + prop, ids.country(code))
                span = meeting.evidence.get((prop, code))
                if span:
                    _evidence(sink, g, art.text, node, DIP + prop, ids.country(code), span)
        for key in sorted(meeting.attendees):
            person = res.person_iri.get((art.id, key))
            if person:
                add(node, DIP + "attendee", person)
                span = meeting.evidence.get(("attendee", key))
                if span:
                    _evidence(sink, g, art.text, node, DIP + "attendee", person, span)
        for span in meeting.spans[:3]:
            _evidence(sink, g, art.text, node, RDF + "type", None, span)
    keys, t_graph = sink.keys, _term(g)
    for st in facts.statements:   # most of an article's nodes: their quads' text is made here directly
        speaker = res.person_iri.get((art.id, st.speaker)) if st.speaker else None
        node = ids.statement(speaker, st.text)
        t_node = _term(node)
        keys.add((t_graph, t_node, _T_TYPE, _T_STATEMENT))
        keys.add((t_graph, t_node, _T_TEXT, lit(st.text)))
        keys.add((t_graph, t_node, _T_DIRECT, _TRUE if st.direct else _FALSE))
        keys.add((t_graph, t_node, _T_SOURCE, t_graph))
        if speaker:
            keys.add((t_graph, t_node, _T_SPEAKER, _term(speaker)))
        if st.meeting and (art.id, st.meeting) in res.meeting_iri:
            keys.add((t_graph, t_node, _T_MADE_AT, _term(res.meeting_iri[(art.id, st.meeting)])))
        _evidence(sink, g, art.text, node, RDF + "type", None, st.span)


def _term(iri: str) -> str:
    """The N-Triples text of an IRI."""
    return f"<{iri}>"


# the N-Triples text of the terms every evidence annotation uses, made once
_T_TYPE, _T_HAS_BODY, _T_SUPPORTS, _T_SUPPORTS_VALUE, _T_HAS_TARGET = map(_term, (
    RDF + "type", OA + "hasBody", DIP + "supports", DIP + "supportsValue", OA + "hasTarget"))
_T_ANNOTATION, _T_SPECIFIC, _T_HAS_SOURCE, _T_HAS_SELECTOR = map(_term, (
    OA + "Annotation", OA + "SpecificResource", OA + "hasSource", OA + "hasSelector"))
_T_POSITION, _T_START, _T_END, _T_QUOTE, _T_EXACT = map(_term, (
    OA + "TextPositionSelector", OA + "start", OA + "end", OA + "TextQuoteSelector", OA + "exact"))
_OFFSET = '"%d"^^<' + XSD + 'nonNegativeInteger>'   # lit(n, XSD + "nonNegativeInteger") of an int
_T_STATEMENT, _T_TEXT, _T_DIRECT, _T_SOURCE, _T_SPEAKER, _T_MADE_AT = map(_term, (
    DIP + "Statement", DIP + "text", DIP + "direct", DIP + "source", DIP + "speaker", DIP + "madeAt"))
_TRUE, _FALSE = (f'"{v}"^^<{XSD}boolean>' for v in ("true", "false"))   # lit("true", XSD + "boolean") …


def _evidence(sink: QuadSink, g: str, text: str, node: str, prop: str, value: str | None, span: Span) -> None:
    """An oa:Annotation saying which characters of the article support (node, prop, value).

    The passage it targets (article, offsets, exact text) is one node per sentence, shared by every
    annotation that cites the same characters, so a sentence's text is written once. The quads'
    text is made here directly (what `QuadSink.add` would make: this runs for most quads of a build).
    """
    if not sink.evidence:
        return
    start, end = str(span.start), str(span.end)
    ann = _term(ids.evidence(node, prop, value or "", g, start, end))
    passage = ids.evidence(g, start, end)
    t_passage, t_graph = _term(passage), _term(g)
    keys = sink.keys
    keys.add((t_graph, ann, _T_TYPE, _T_ANNOTATION))
    keys.add((t_graph, ann, _T_HAS_BODY, _term(node)))
    keys.add((t_graph, ann, _T_SUPPORTS, _term(prop)))
    if value:
        keys.add((t_graph, ann, _T_SUPPORTS_VALUE, _term(value)))
    keys.add((t_graph, ann, _T_HAS_TARGET, t_passage))
    if passage in sink.passages:
        return
    sink.passages.add(passage)
    position, quote = _term(passage + "#position"), _term(passage + "#quote")
    keys.add((t_graph, t_passage, _T_TYPE, _T_SPECIFIC))
    keys.add((t_graph, t_passage, _T_HAS_SOURCE, t_graph))
    keys.add((t_graph, t_passage, _T_HAS_SELECTOR, position))
    keys.add((t_graph, t_passage, _T_HAS_SELECTOR, quote))
    keys.add((t_graph, position, _T_TYPE, _T_POSITION))
    keys.add((t_graph, position, _T_START, _OFFSET % span.start))
    keys.add((t_graph, position, _T_END, _OFFSET % span.end))
    keys.add((t_graph, quote, _T_TYPE, _T_QUOTE))
    keys.add((t_graph, quote, _T_EXACT, lit(text[span.start:span.end])))


def resolved_subjects(res: Resolution, countries, *, cities=()) -> dict:
    """Each subject of the resolved graph (N-Triples text) -> a function making its quads' keys.

    Merged knowledge no single article holds: people's and meetings' types, labels, roles, dates
    and places, and the cities and countries they name (and `cities`), from the gazetteer.
    """
    g = _term(ids.RESOLVED_GRAPH)
    table = gazetteer.countries()
    countries = set(countries)
    cities: set[City] = set(cities)
    subjects: dict = {}

    def quads(subject: str, pairs) -> list[Key]:
        t_subject = _term(subject)
        return [(g, t_subject, _term(p), o if isinstance(o, NT) else _term(o)) for p, o in pairs]

    def person(node):
        pairs = [(RDF + "type", DIP + "Person")]
        if node.minister:
            pairs.append((RDF + "type", DIP + "Minister"))
        pairs.append((RDFS + "label", lit(node.name)))
        pairs += [(SKOS + "altLabel", lit(alt)) for alt in sorted(node.alt_names)]
        if node.role:
            pairs.append((DIP + "role", DIP + node.role))
        if node.country:
            pairs.append((DIP + "represents", ids.country(node.country)))
        return quads(node.iri, pairs)

    def meeting(node):
        pairs = [(RDF + "type", DIP + "Meeting"), (RDFS + "label", lit(node.label)),
                 (DIP + "status", DIP + ("Planned" if node.planned else "Held"))]
        if node.date:
            pairs.append((DIP + "date", lit(node.date.isoformat(), XSD + "date")))
        if node.city:
            pairs.append((DIP + "location", ids.city(node.city.name, node.city.country)))
        return quads(node.iri, pairs)

    def city(place: City):
        return quads(ids.city(place.name, place.country), [
            (RDF + "type", DIP + "City"), (RDFS + "label", lit(place.name)),
            (DIP + "inCountry", ids.country(place.country)), (DIP + "geonames", f"{GEONAMES}{place.geonameid}/")])

    def country(code: str):
        pairs = [(RDF + "type", DIP + "Country"), (RDFS + "label", lit(table.label.get(code, code))),
                 (DIP + "isoCode", lit(code))]
        if code in table.geonameid:
            pairs.append((DIP + "geonames", f"{GEONAMES}{table.geonameid[code]}/"))
        return quads(ids.country(code), pairs)

    def add(subject: str, make) -> None:
        """Several makers for one subject (two nodes minted the same IRI) all contribute."""
        key = _term(subject)
        earlier = subjects.get(key)
        subjects[key] = make if earlier is None else (lambda a=earlier, b=make: a() + b())

    for node in res.persons.values():
        add(node.iri, functools.partial(person, node))
        if node.country:
            countries.add(node.country)
    for node in res.meetings.values():
        add(node.iri, functools.partial(meeting, node))
        if node.city:
            cities.add(node.city)
    for place in cities:
        add(ids.city(place.name, place.country), functools.partial(city, place))
        countries.add(place.country)
    for code in countries:
        add(ids.country(code), functools.partial(country, code))
    return subjects


def serialize(quads: Iterable[ox.Quad], *, fmt: str) -> bytes:
    """Quads as bytes in a short-named format; triple formats get the union, deduplicated and sorted."""
    from kg.rdf.files import QUAD_FORMATS, ox_format

    if fmt in QUAD_FORMATS:
        data = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    else:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        data = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    return ox.serialize(data, format=ox_format(fmt), prefixes=prefixes)


def serialize_keys(chunks, *, fmt: str) -> bytes:
    """Quad keys (sorted lists, e.g. graph by graph from `emit_keys`) as bytes in a short-named format.

    Quad formats keep the graphs; triple formats get the union, deduplicated and sorted. The text
    always goes through pyoxigraph's parser and writer, so what is written is well-formed.
    """
    from kg.rdf.files import QUAD_FORMATS, ox_format

    if fmt in QUAD_FORMATS:
        data = b"".join(nquads_text(keys) for keys in chunks)
        source = NQUADS
    else:
        triples = sorted({key[1:] for keys in chunks for key in keys})
        data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
        source = ox.RdfFormat.N_TRIPLES
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    parsed = ox.parse(data, format=source)
    return ox.serialize(parsed, format=ox_format(fmt), prefixes=prefixes)
