"""What the pages show, read from a store: labels, kinds, the facts around a node and the sentences behind them.

Reads through pyoxigraph's triple patterns over every graph (the union), so each fact appears once
however many article graphs hold it. The store is opened read-only and never changes while it is
served, so labels and the overview are cached.
"""
from __future__ import annotations

import functools
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.namespaces import DCTERMS, DIP, ID, OA, RDF, RDFS, SKOS

# rdf:type -> the kind of page a node gets, most specific first (a minister is a person)
KINDS = [(DIP + "Meeting", "meeting"), (DIP + "Statement", "statement"), (DIP + "Article", "article"),
         (DIP + "Country", "country"), (DIP + "City", "city"), (DIP + "Person", "person")]
# kinds the search box finds
SEARCHED = ("person", "meeting", "country", "city")
NETWORK_SIZE = 30      # ministers drawn in the overview's network
MET_MOST = 10          # people listed under "met most" on a person's page


@dataclass(frozen=True, order=True)
class Ref:
    """A node as a page shows it: its label, IRI and kind (meeting, person, ..., term, node)."""

    label: str
    iri: str
    kind: str = "node"
    is_ref = True


@dataclass(frozen=True, order=True)
class Text:
    """A literal value as a page shows it: its text and datatype IRI (or language tag)."""

    value: str
    datatype: str = ""
    is_ref = False


@dataclass(frozen=True)
class Cite:
    """One sentence behind a fact: the article, the sentence split around the cited span, its offsets."""

    article: Ref
    before: str
    span: str
    after: str
    start: int | None = None
    end: int | None = None

    @property
    def sentence(self) -> str:
        return self.before + self.span + self.after


@dataclass(frozen=True)
class Passage:
    """A cited stretch of an article (an oa:SpecificResource): the article, the sentence, its offsets."""

    article: str
    sentence: str
    start: int | None
    end: int | None


@dataclass
class Term:
    """An ontology term: its label and comment (for role names and the ontology page)."""

    iri: str
    label: str
    comment: str = ""
    kind: str = ""


def highlight(sentence: str, hints) -> tuple[str, str, str]:
    """(before, span, after): the first hint found in the sentence as whole words (ignoring case) is the span."""
    for hint in hints:
        hint = " ".join((hint or "").split())
        if len(hint) < 2:
            continue
        pattern = (r"\b" if hint[0].isalnum() else "") + re.escape(hint).replace(r"\ ", r"\s+") + \
            (r"\b" if hint[-1].isalnum() else "")
        found = re.search(pattern, sentence, flags=re.IGNORECASE)
        if found:
            return sentence[:found.start()], found.group(), sentence[found.end():]
    return sentence, "", ""


@functools.cache
def country_names(iso: str) -> tuple[str, ...]:
    """Every name and demonym the gazetteer knows for a country ("France", "French Republic", "French")."""
    from kg.extract.gazetteer import countries

    table = countries()
    names = {name for name, code in table.by_name.items() if code == iso}
    names |= {name for name, code in table.by_demonym.items() if code == iso}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def local_name(iri: str) -> str:
    """The last part of an IRI, after its last '#' or '/'."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def ontology_terms() -> dict[str, Term]:
    """The ontology's classes, properties and individuals by IRI, with their labels and comments."""
    import pyoxigraph as ox

    from kg import resources

    path = resources.path(resources.ONTOLOGY, "diplomacy.ttl")
    terms: dict[str, Term] = {}
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    kinds = {"http://www.w3.org/2002/07/owl#Class": "class", DIP + "Role": "role",
             DIP + "MeetingStatus": "status", "http://www.w3.org/2002/07/owl#ObjectProperty": "property",
             "http://www.w3.org/2002/07/owl#DatatypeProperty": "property",
             "http://www.w3.org/2002/07/owl#AnnotationProperty": "property"}
    for t in sorted(triples, key=str):
        if not isinstance(t.subject, ox.NamedNode) or not t.subject.value.startswith(DIP):
            continue
        term = terms.setdefault(t.subject.value, Term(t.subject.value, local_name(t.subject.value)))
        if t.predicate.value == RDFS + "label":
            term.label = t.object.value
        elif t.predicate.value == RDFS + "comment":
            term.comment = t.object.value
        elif t.predicate.value == RDF + "type" and t.object.value in kinds and not term.kind:
            term.kind = kinds[t.object.value]
    return terms


class GraphReader:
    """Reads pages' data from a pyoxigraph store; every method returns plain values (Ref, Text, dicts)."""

    def __init__(self, store, *, terms: dict[str, Term] | None = None):
        import pyoxigraph as ox

        self.store = store
        self.terms = terms if terms is not None else ontology_terms()
        self._ox = ox
        self._n = {name: ox.NamedNode(iri) for name, iri in {
            "type": RDF + "type", "label": RDFS + "label", "alt": SKOS + "altLabel", "title": DCTERMS + "title",
            "issued": DCTERMS + "issued", "identifier": DCTERMS + "identifier", "text": DIP + "text",
            "body": OA + "hasBody", "target": OA + "hasTarget", "source": OA + "hasSource",
            "selector": OA + "hasSelector", "exact": OA + "exact", "start": OA + "start", "end": OA + "end",
            "supports": DIP + "supports", "value": DIP + "supportsValue"}.items()}
        self._lock = threading.Lock()
        self._cached: dict = {}
        self.ref = functools.lru_cache(maxsize=200_000)(self._ref)
        self.passage = functools.lru_cache(maxsize=200_000)(self._passage)

    # ---- triple patterns -------------------------------------------------------------------------

    def node(self, iri: str):
        return self._ox.NamedNode(iri)

    def objects(self, subject, predicate) -> list:
        """Distinct objects of (subject, predicate, ?) over every graph, sorted."""
        s = self.node(subject) if isinstance(subject, str) else subject
        p = self._n[predicate] if predicate in self._n else self.node(predicate)
        return sorted({q.object for q in self.store.quads_for_pattern(s, p, None, None)}, key=str)

    def subjects(self, predicate, obj) -> list:
        """Distinct subjects of (?, predicate, object) over every graph, sorted."""
        o = self.node(obj) if isinstance(obj, str) else obj
        p = self._n[predicate] if predicate in self._n else self.node(predicate)
        return sorted({q.subject for q in self.store.quads_for_pattern(None, p, o, None)}, key=str)

    def first(self, subject, predicate):
        """One object of (subject, predicate, ?): the smallest, so the same one every time; None if none."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def first_text(self, subject, predicate) -> str | None:
        found = self.first(subject, predicate)
        return found.value if found is not None else None

    def exists(self, iri: str) -> bool:
        """True when some triple has the IRI as subject or object."""
        node = self.node(iri)
        return (next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None
                or next(iter(self.store.quads_for_pattern(None, None, node, None)), None) is not None
                or self.store.contains_named_graph(node))

    def triples(self, iri: str) -> list:
        """The distinct triples with the node as subject, over every graph, sorted."""
        return sorted({q.triple for q in self.store.quads_for_pattern(self.node(iri), None, None, None)}, key=str)

    def incoming(self, iri: str) -> list:
        """The distinct triples with the node as object, over every graph, sorted."""
        return sorted({q.triple for q in self.store.quads_for_pattern(None, None, self.node(iri), None)}, key=str)

    # ---- labels and kinds -----------------------------------------------------------------------------

    def label(self, iri: str) -> str:
        """What a page calls a node: rdfs:label, a title, the ontology's label, a statement's words, or its name."""
        for predicate in ("label", "title"):
            values = [o.value for o in self.objects(iri, predicate) if isinstance(o, self._ox.Literal)]
            if values:
                return min(values)
        if iri in self.terms:
            return self.terms[iri].label
        text = self.first_text(iri, "text")
        if text:
            return "“" + (text if len(text) <= 80 else text[:79] + "…") + "”"
        return local_name(iri)

    def kind(self, iri: str) -> str:
        """meeting, person, country, city, article or statement from the node's types; term, evidence or node."""
        types = {t.value for t in self.objects(iri, "type")}
        for type_iri, kind in KINDS:
            if type_iri in types:
                return kind
        if iri in self.terms:
            return "term"
        if iri.startswith(ID + "evidence/"):
            return "evidence"
        return "node"

    def _ref(self, iri: str) -> Ref:
        return Ref(self.label(iri), iri, self.kind(iri))

    def value(self, term) -> Ref | Text:
        """A Ref for an IRI, a Text for a literal or blank node."""
        if isinstance(term, self._ox.NamedNode):
            return self.ref(term.value)
        if isinstance(term, self._ox.Literal):
            return Text(term.value, term.language or term.datatype.value)
        return Text(str(term))

    def refs(self, terms) -> list[Ref]:
        """Refs for the IRIs among `terms`, sorted by label."""
        return sorted(self.ref(t.value) for t in terms if isinstance(t, self._ox.NamedNode))

    def names(self, iri: str) -> list[str]:
        """Every name of a node, longest first: labels, other labels, then their words (for highlighting)."""
        names = [o.value for p in ("label", "alt") for o in self.objects(iri, p)]
        if not names and iri in self.terms:
            names = [self.terms[iri].label]
        iso = self.first_text(iri, DIP + "isoCode")
        if iso:
            names += country_names(iso)
        words = [w for n in names for w in n.replace("-", " ").split() if len(w) > 3]
        return sorted(set(names), key=lambda n: (-len(n), n)) + sorted(set(words), key=lambda w: (-len(w), w))

    # ---- evidence -----------------------------------------------------------------------------------

    def _passage(self, target) -> Passage | None:
        """The article, sentence and offsets of an oa:SpecificResource."""
        source = self.first(target, "source")
        if source is None:
            return None
        sentence, start, end = "", None, None
        for selector in self.objects(target, "selector"):
            exact = self.first_text(selector, "exact")
            if exact is not None:
                sentence = exact
            begin, stop = self.first_text(selector, "start"), self.first_text(selector, "end")
            if begin is not None and stop is not None:
                start, end = int(begin), int(stop)
        return Passage(source.value, sentence, start, end)

    def evidence(self, iri: str) -> dict[tuple[str, str | None], list[Passage]]:
        """The passages behind a node's facts, by (supported property, value or None)."""
        found: dict = defaultdict(set)
        for annotation in self.subjects("body", iri):
            supports = self.first_text(annotation, "supports")
            value = self.first(annotation, "value")
            for target in self.objects(annotation, "target"):
                passage = self.passage(target)
                if passage is not None:
                    found[(supports, value.value if value is not None else None)].add(passage)
        return {key: sorted(ps, key=lambda p: (p.article, p.start or 0, p.sentence)) for key, ps in found.items()}

    def cites(self, evidence: dict, prop: str, value: str | None, hints) -> list[Cite]:
        """The sentences behind one fact, each with the span the hints find highlighted."""
        out = []
        for p in evidence.get((prop, value), []):
            before, span, after = highlight(p.sentence, hints)
            out.append(Cite(self.ref(p.article), before, span, after, p.start, p.end))
        return out

    # ---- the pages' data --------------------------------------------------------------------------------

    def _facts(self, iri: str, prop: str, evidence: dict, *, extra_hints=()) -> list[dict]:
        """The node's values of `prop`, each {"value": Ref or Text, "cites": [...]}, sorted."""
        out = []
        for term in self.objects(iri, prop):
            value = self.value(term)
            hints = (self.names(term.value) if value.is_ref else [term.value]) + list(extra_hints)
            out.append({"value": value, "cites": self.cites(evidence, prop, term.value, hints)})
        return sorted(out, key=lambda f: f["value"])

    def common(self, iri: str) -> dict:
        """What every page shows: the node, its types, sources (articles) and other labels."""
        return {
            "node": self.ref(iri),
            "types": self.refs(self.objects(iri, "type")),
            "sources": self.refs(self.objects(iri, DIP + "source")),
            "alt_labels": sorted(o.value for o in self.objects(iri, "alt")),
        }

    def meeting(self, iri: str) -> dict:
        """A meeting: date, city, status, hosts, participants, absentees, attendees and statements."""
        evidence = self.evidence(iri)
        page = self.common(iri)
        attendees = []
        for fact in self._facts(iri, DIP + "attendee", evidence):
            person = fact["value"]
            attendees.append({**fact, "roles": self.refs(self.objects(person.iri, DIP + "role")),
                              "countries": self.refs(self.objects(person.iri, DIP + "represents"))})
        city = self.first(iri, DIP + "location")
        page.update({
            "date": self._facts(iri, DIP + "date", evidence),
            "city": self._facts(iri, DIP + "location", evidence),
            "city_country": self.refs(self.objects(city, DIP + "inCountry")) if city is not None else [],
            "status": self.refs(self.objects(iri, DIP + "status")),
            "hosts": self._facts(iri, DIP + "host", evidence),
            "participants": self._facts(iri, DIP + "participant", evidence),
            "absent": self._facts(iri, DIP + "absent", evidence),
            "attendees": attendees,
            "statements": self.statements(self.subjects(DIP + "madeAt", iri)),
            "typed": self.cites(evidence, RDF + "type", None, self.names(iri)),
        })
        return page

    def statements(self, nodes) -> list[dict]:
        """Statements with their words, speaker, meeting, kind and the sentence behind each."""
        out = []
        for node in nodes:
            iri = node.value
            text = self.first_text(iri, DIP + "text") or ""
            speaker = self.first(iri, DIP + "speaker")
            meeting = self.first(iri, DIP + "madeAt")
            evidence = self.evidence(iri)
            out.append({
                "node": self.ref(iri), "text": text,
                "speaker": self.ref(speaker.value) if speaker is not None else None,
                "meeting": self.ref(meeting.value) if meeting is not None else None,
                "date": self.first_text(meeting, DIP + "date") if meeting is not None else None,
                "direct": self.first_text(iri, DIP + "direct") == "true",
                "cites": self.cites(evidence, RDF + "type", None, [text]),
            })
        return sorted(out, key=lambda s: (s["date"] or "9999", s["speaker"] or Ref("", ""), s["text"]))

    def _meetings(self, nodes) -> list[dict]:
        """Meetings with date, city and status, in date order (undated last)."""
        out = []
        for node in nodes:
            iri = node.value
            city = self.first(iri, DIP + "location")
            out.append({"node": self.ref(iri), "date": self.first_text(iri, DIP + "date"),
                        "city": self.ref(city.value) if city is not None else None,
                        "status": self.refs(self.objects(iri, DIP + "status"))})
        return sorted(out, key=lambda m: (m["date"] is None, m["date"] or "", m["node"]))

    def person(self, iri: str) -> dict:
        """A person: roles, country, meetings in date order, statements, and the people met most."""
        evidence = self.evidence(iri)
        page = self.common(iri)
        meetings = self.subjects(DIP + "attendee", iri)
        met: Counter = Counter()
        for meeting in meetings:
            for other in self.objects(meeting, DIP + "attendee"):
                if other.value != iri:
                    met[other.value] += 1
        page.update({
            "roles": self._facts(iri, DIP + "role", evidence),
            "countries": self._facts(iri, DIP + "represents", evidence),
            "meetings": self._meetings(meetings),
            "statements": self.statements(self.subjects(DIP + "speaker", iri)),
            "met": [{"person": self.ref(other), "count": n}
                    for other, n in sorted(met.items(), key=lambda kv: (-kv[1], self.ref(kv[0])))][:MET_MOST],
            "typed": self.cites(evidence, RDF + "type", None, self.names(iri)),
        })
        return page

    def country(self, iri: str) -> dict:
        """A country: meetings it hosted, attended or stayed away from, its people and cities."""
        page = self.common(iri)
        page.update({
            "iso": self.first_text(iri, DIP + "isoCode"),
            "geonames": [o.value for o in self.objects(iri, DIP + "geonames")],
            "hosted": self._meetings(self.subjects(DIP + "host", iri)),
            "attended": self._meetings(self.subjects(DIP + "participant", iri)),
            "absent": self._meetings(self.subjects(DIP + "absent", iri)),
            "people": self.refs(self.subjects(DIP + "represents", iri)),
            "cities": self.refs(self.subjects(DIP + "inCountry", iri)),
        })
        return page

    def city(self, iri: str) -> dict:
        """A city: its country and the meetings held there."""
        page = self.common(iri)
        page.update({
            "country": self.refs(self.objects(iri, DIP + "inCountry")),
            "geonames": [o.value for o in self.objects(iri, DIP + "geonames")],
            "meetings": self._meetings(self.subjects(DIP + "location", iri)),
        })
        return page

    def statement(self, iri: str) -> dict:
        """A statement: its words, speaker, meeting, kind and the sentence it was read from."""
        page = self.common(iri)
        page.update(self.statements([self.node(iri)])[0])
        return page

    def graph_facts(self, iri: str) -> list[dict]:
        """The triples of the named graph `iri` (evidence nodes aside), by subject: {"node", "rows"}."""
        by_subject: dict = defaultdict(set)
        for quad in self.store.quads_for_pattern(None, None, None, self.node(iri)):
            if not quad.subject.value.startswith(ID + "evidence/"):
                by_subject[quad.subject.value].add((quad.predicate.value, quad.object))
        facts = []
        for subject, pairs in by_subject.items():
            rows = sorted(({"property": self.ref(p), "value": self.value(o)} for p, o in pairs),
                          key=lambda r: (r["property"], r["value"]))
            facts.append({"node": self.ref(subject), "rows": rows})
        order = {kind: i for i, kind in enumerate(["article", "meeting", "person", "statement", "country", "city"])}
        return sorted(facts, key=lambda f: (order.get(f["node"].kind, 9), f["node"]))

    def article(self, iri: str) -> dict:
        """An article: title, date, identifier, every fact of its graph by node, and the sentences it cited."""
        page = self.common(iri)
        facts = self.graph_facts(iri)
        cited = []
        for target in self.subjects("source", iri):
            passage = self.passage(target)
            if passage is None:
                continue
            supports = []
            for annotation in self.subjects("target", target):
                body, prop = self.first(annotation, "body"), self.first(annotation, "supports")
                value = self.first(annotation, "value")
                if body is not None and prop is not None:
                    supports.append({"node": self.ref(body.value), "property": self.ref(prop.value),
                                     "value": self.value(value) if value is not None else None})
            cited.append({"passage": passage, "supports": sorted(supports, key=lambda s: (s["node"], s["property"]))})
        cited.sort(key=lambda c: (c["passage"].start or 0, c["passage"].sentence))
        page.update({
            "title": self.first_text(iri, "title"), "issued": self.first_text(iri, "issued"),
            "identifier": self.first_text(iri, "identifier"), "hash": self.first_text(iri, DIP + "contentHash"),
            "facts": facts, "cited": cited,
        })
        return page

    def generic(self, iri: str) -> dict:
        """Any other node (evidence annotations, passages): its properties and what points at it."""
        page = self.common(iri)
        page.update({
            "rows": [{"property": self.ref(t.predicate.value), "value": self.value(t.object)}
                     for t in self.triples(iri)],
            "incoming": [{"node": self.value(t.subject), "property": self.ref(t.predicate.value)}
                         for t in self.incoming(iri)],
            # nodes named by this IRI and a fragment (a passage's selectors): shown on this page
            "facts": self.graph_facts(iri) if self.store.contains_named_graph(self.node(iri)) else [],
            "parts": [{"node": self.ref(t.object.value), "fragment": t.object.value.split("#", 1)[1],
                       "rows": [{"property": self.ref(p.predicate.value), "value": self.value(p.object)}
                                for p in self.triples(t.object.value)]}
                      for t in self.triples(iri) if isinstance(t.object, self._ox.NamedNode)
                      and t.object.value.startswith(iri + "#")],
        })
        return page

    # ---- the overview -------------------------------------------------------------------------------------

    def _once(self, name: str, compute):
        """compute() the first time `name` is asked for, then the same value (the store does not change)."""
        with self._lock:
            if name not in self._cached:
                self._cached[name] = compute()
            return self._cached[name]

    def _select(self, sparql: str) -> list:
        from kg.store.sparql import DEFAULT_PREFIXES

        return list(self.store.query(sparql, use_default_graph_as_union=True, prefixes=DEFAULT_PREFIXES))

    def counts(self) -> list[dict]:
        """Nodes per class: {"class": Ref, "count": n}, the project's classes first."""
        def compute():
            rows = self._select("SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ?c } GROUP BY ?c")
            out = [{"class": self.ref(r[0].value), "count": int(r[1].value)} for r in rows
                   if isinstance(r[0], self._ox.NamedNode)]
            return sorted(out, key=lambda c: (not c["class"].iri.startswith(DIP), -c["count"], c["class"]))
        return self._once("counts", compute)

    def all_meetings(self) -> list[dict]:
        """Every meeting with date, city and status, in date order (for the timeline)."""
        return self._once("meetings", lambda: self._meetings(
            [r[0] for r in self._select("SELECT DISTINCT ?m WHERE { ?m a dip:Meeting }")]))

    def co_attendance(self, size: int = NETWORK_SIZE) -> tuple[list[Ref], list[tuple[str, str, int]]]:
        """The `size` ministers with most shared meetings, and the pairs among them with their meeting counts."""
        def compute():
            rows = self._select("SELECT DISTINCT ?m ?p WHERE { ?m a dip:Meeting ; dip:attendee ?p . ?p a dip:Minister }")
            by_meeting: dict = defaultdict(set)
            for meeting, person in rows:
                by_meeting[meeting.value].add(person.value)
            pairs: Counter = Counter()
            for people in by_meeting.values():
                ordered = sorted(people)
                for i, a in enumerate(ordered):
                    for b in ordered[i + 1:]:
                        pairs[(a, b)] += 1
            weight: Counter = Counter()
            for (a, b), n in pairs.items():
                weight[a] += n
                weight[b] += n
            chosen = sorted(weight, key=lambda p: (-weight[p], p))[:size]
            keep = set(chosen)
            edges = sorted((a, b, n) for (a, b), n in pairs.items() if a in keep and b in keep)
            return sorted(self.ref(p) for p in chosen), edges
        return self._once(f"network{size}", compute)

    def search_index(self) -> list[tuple[str, str, Ref]]:
        """(folded name, name, node) for every label and other label of the searched kinds, sorted."""
        def compute():
            rows = self._select("""SELECT DISTINCT ?n ?l WHERE {
                VALUES ?c { dip:Person dip:Meeting dip:Country dip:City } ?n a ?c .
                { ?n rdfs:label ?l } UNION { ?n skos:altLabel ?l } }""")
            index = {(label.value.casefold(), label.value, self.ref(node.value)) for node, label in rows
                     if isinstance(node, self._ox.NamedNode)}
            return sorted(index)
        return self._once("search", compute)

    def search(self, text: str, *, limit: int = 50) -> list[dict]:
        """Nodes whose name holds `text` (ignoring case): whole-name, then name-start, word-start, anywhere."""
        wanted = " ".join(text.casefold().split())
        if not wanted:
            return []
        best: dict = {}
        for folded, name, ref in self.search_index():
            at = folded.find(wanted)
            if at < 0:
                continue
            rank = 0 if folded == wanted else 1 if at == 0 else 2 if not folded[at - 1].isalnum() else 3
            if ref not in best or (rank, name) < best[ref]:
                best[ref] = (rank, name)
        ordered = sorted(best.items(), key=lambda kv: (kv[1][0], kv[0].label, kv[0].iri))[:limit]
        return [{"node": ref, "matched": name, "summary": self.summary(ref)} for ref, (_, name) in ordered]

    def summary(self, ref: Ref) -> str:
        """A few words that tell nodes of one name apart: a meeting's date and city, a person's role and country."""
        iri = ref.iri
        if ref.kind == "meeting":
            city = self.first(iri, DIP + "location")
            parts = [self.first_text(iri, DIP + "date") or "undated", self.label(city.value) if city else ""]
            parts += [self.label(s.value) for s in self.objects(iri, DIP + "status")]
        elif ref.kind == "person":
            parts = [self.label(r.value) for r in self.objects(iri, DIP + "role")]
            parts += [self.label(c.value) for c in self.objects(iri, DIP + "represents")]
        elif ref.kind == "city":
            parts = [self.label(c.value) for c in self.objects(iri, DIP + "inCountry")]
        elif ref.kind == "country":
            parts = [self.first_text(iri, DIP + "isoCode") or ""]
        else:
            parts = []
        return ", ".join(p for p in parts if p)

    def subjects_in_namespace(self) -> list[str]:
        """Every IRI under the instance namespace that is a subject or a graph name, sorted (the site's pages)."""
        seen = {q.subject.value for q in self.store if isinstance(q.subject, self._ox.NamedNode)
                and q.subject.value.startswith(ID)}
        seen.update(g.value for g in self.store.named_graphs()
                    if isinstance(g, self._ox.NamedNode) and g.value.startswith(ID))
        return sorted(seen)


@dataclass
class NodePage:
    """Which template shows a node, and its data."""

    template: str
    data: dict = field(default_factory=dict)


def node_page(reader: GraphReader, iri: str) -> NodePage | None:
    """The page for a node, or None when no triple mentions it."""
    if not reader.exists(iri):
        return None
    kind = reader.kind(iri)
    build = {"meeting": reader.meeting, "person": reader.person, "country": reader.country, "city": reader.city,
             "statement": reader.statement, "article": reader.article}.get(kind, reader.generic)
    return NodePage(kind if kind in ("meeting", "person", "country", "city", "statement", "article") else "node",
                    build(iri))
