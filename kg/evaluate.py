"""Evaluate a built graph against gold annotations: precision, recall and F1 for each slot.

`evaluate(graph_path, gold_path)` reads the graph through the ontology's terms only and scores it
slot by slot (meetings, participants, hosts, attendees, persons, represents, ministers, statements,
statement_meeting, published, provenance) with the matching rules of docs/evaluation.md, so users
can measure the tool on a sample of their own articles. `load_gold` checks a gold file.

Takes an RDF file and a gold JSON file, gives an `Evaluation`. May import the base modules and kg.rdf.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GoldError
from kg.namespaces import DCTERMS, DIP, RDF, RDFS

SLOTS = ("meetings", "participants", "hosts", "attendees", "persons", "represents", "ministers", "statements",
         "statement_meeting", "published", "provenance")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


# ---- scores -------------------------------------------------------------------------------------------------

@dataclass
class SlotScore:
    """True positives, false positives and false negatives of one slot, with a note for each error."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0, note: str | None = None) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        if note:
            self.notes.append(note)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1 when nothing was predicted and nothing missed, 0 when nothing was predicted but some was."""
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1 when the gold wants nothing."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """The score of every slot the gold file scores, in SLOTS order, and their average F1."""

    slots: dict[str, SlotScore]

    @property
    def average_f1(self) -> float:
        """The macro-average F1 over the slots."""
        return sum(s.f1 for s in self.slots.values()) / len(self.slots) if self.slots else 0.0

    def as_dict(self) -> dict:
        """Precision, recall, F1 and counts per slot, and the average: the JSON `kg eval --json` prints."""
        out = {name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
               for name, s in self.slots.items()}
        out["average_f1"] = self.average_f1
        return out


# ---- gold files ---------------------------------------------------------------------------------------------

def load_gold(path) -> dict:
    """A gold file, read and checked (GoldError naming the first problem), with the optional fields filled in."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(path, f"cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GoldError(path, f"is not JSON: {exc}") from None
    return check_gold(gold, path=path)


def check_gold(gold, *, path="gold") -> dict:
    """A copy of a gold annotation with the optional fields filled in; GoldError if it does not fit the format."""

    def need(ok: bool, where: str, what: str):
        if not ok:
            raise GoldError(path, f"{where}: {what}")

    def strings(value, where: str, *, empty: bool = True) -> list[str]:
        need(isinstance(value, list) and all(isinstance(v, str) for v in value), where, "must be a list of strings")
        need(empty or bool(value), where, "must not be empty")
        return list(value)

    def date_or_none(value, where: str):
        need(value is None or isinstance(value, str) and _DATE.fullmatch(value) is not None, where,
             "must be a date YYYY-MM-DD or null")
        return value

    need(isinstance(gold, dict), "the file", "must hold a JSON object")
    out = {"persons": [], "meetings": [], "statements": [], "articles": {}} | {
        k: v for k, v in gold.items() if k in ("persons", "meetings", "statements", "articles", "slots", "exhaustive")}
    for key in ("persons", "meetings", "statements"):
        need(isinstance(out[key], list), key, "must be a list")
    need(isinstance(out["articles"], dict), "articles", "must be an object of article identifiers")
    persons = []
    for i, p in enumerate(out["persons"]):
        where = f"persons[{i}]"
        need(isinstance(p, dict), where, "must be an object")
        keys = strings(p.get("keys"), f"{where}.keys", empty=False)
        need(all(k == k.strip() and k for k in keys), f"{where}.keys", "must be words, without spaces around")
        need(isinstance(p.get("minister", False), bool), f"{where}.minister", "must be true or false")
        need(p.get("country") is None or isinstance(p["country"], str), f"{where}.country", "must be an ISO code")
        persons.append({"name": p.get("name", keys[0]), "minister": False, "country": None} | p)
    known = {k for p in persons for k in p["keys"][:1]}
    meetings = []
    for i, m in enumerate(out["meetings"]):
        where = f"meetings[{i}]"
        need(isinstance(m, dict), where, "must be an object")
        need(isinstance(m.get("id"), str) and bool(m["id"]), f"{where}.id", "must be a non-empty string")
        need(m.get("city") is None or isinstance(m["city"], str), f"{where}.city", "must be a city name or null")
        date_or_none(m.get("date"), f"{where}.date")
        filled = {"city": None, "date": None} | m
        filled["sources"] = strings(m.get("sources"), f"{where}.sources", empty=False)
        for key in ("participants", "participants_optional", "hosts", "hosts_optional", "attendees", "attendees_optional"):
            filled[key] = strings(m.get(key, []), f"{where}.{key}")
        for key in ("attendees", "attendees_optional"):
            unknown = [k for k in filled[key] if k not in known]
            need(not unknown, f"{where}.{key}", f"{unknown[:3]} is no person's first key")
        meetings.append(filled)
    ids = {m["id"] for m in meetings}
    need(len(ids) == len(meetings), "meetings", "two meetings have the same id")
    statements = []
    for i, s in enumerate(out["statements"]):
        where = f"statements[{i}]"
        need(isinstance(s, dict), where, "must be an object")
        need(isinstance(s.get("key"), str) and bool(s["key"].strip()), f"{where}.key", "must be a non-empty string")
        need(isinstance(s.get("source"), str), f"{where}.source", "must be an article identifier")
        filled = {"meeting": None} | s
        filled["speakers"] = strings(s.get("speakers", []), f"{where}.speakers")
        need(filled["meeting"] is None or filled["meeting"] in ids, f"{where}.meeting", "names no meeting id")
        statements.append(filled)
    articles = {}
    for aid, a in out["articles"].items():
        need(isinstance(a, dict) and "published" in a, f"articles.{aid}", 'must be an object with "published"')
        articles[aid] = dict(a, published=date_or_none(a["published"], f"articles.{aid}.published"))
    if "slots" in out:
        wanted = strings(out["slots"], "slots")
        need(all(s in SLOTS for s in wanted), "slots", f"must name slots among {', '.join(SLOTS)}")
    need(isinstance(out.get("exhaustive", True), bool), "exhaustive", "must be true or false")
    return out | {"persons": persons, "meetings": meetings, "statements": statements, "articles": articles}


# ---- the graph ------------------------------------------------------------------------------------------------

class Graph:
    """The triples of RDF files (named graphs read as their union), indexed for the lookups scoring makes.
    Terms are pyoxigraph terms; `text(term)` is an IRI's or a literal's string."""

    def __init__(self, quads):
        self._spo: dict = defaultdict(lambda: defaultdict(set))
        self._pos: dict = defaultdict(lambda: defaultdict(set))
        for q in quads:
            self._spo[q.subject][q.predicate].add(q.object)
            self._pos[q.predicate][q.object].add(q.subject)

    @classmethod
    def load(cls, path, *, fmt: str | None = None) -> Graph:
        """The graph of one RDF file (RdfLoadError if it does not parse)."""
        from kg.rdf.files import parse_quads

        return cls(parse_quads(path, fmt=fmt))

    def objects(self, subject, predicate: str) -> set:
        import pyoxigraph as ox

        found = self._spo.get(subject)
        return set(found.get(ox.NamedNode(predicate), ())) if found else set()

    def subjects(self, predicate: str, obj=None) -> set:
        """Subjects with `predicate` (to `obj`, an IRI string or a term, if given)."""
        import pyoxigraph as ox

        by_object = self._pos.get(ox.NamedNode(predicate), {})
        if obj is None:
            return set().union(*by_object.values()) if by_object else set()
        return set(by_object.get(ox.NamedNode(obj) if isinstance(obj, str) else obj, ()))

    def all_objects(self, predicate: str) -> set:
        import pyoxigraph as ox

        return set(self._pos.get(ox.NamedNode(predicate), {}))

    def has_type(self, node, cls: str) -> bool:
        return node in self.subjects(RDF + "type", DIP + cls)


def text(term) -> str:
    """The string of a term: an IRI, a literal's lexical form, a blank node's id."""
    return term.value


def _order(nodes) -> list:
    """Nodes in a fixed order (by their string), so notes and ties come out the same every run."""
    return sorted(nodes, key=lambda n: (type(n).__name__ != "NamedNode", text(n)))


# ---- matching ---------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def norm(value: str) -> str:
    """Lower case, no accents, one kind of quote, dashes as spaces, spaces collapsed."""
    value = unicodedata.normalize("NFKD", str(value))
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    value = re.sub(r"[\u2010-\u2015-]", " ", value.lower())
    return re.sub(r"\s+", " ", value).strip()


@functools.lru_cache(maxsize=None)
def _words(label: str) -> str:
    return " " + re.sub(r"[^a-z0-9' ]", " ", norm(label)).replace("  ", " ") + " "


def has_key(label: str, keys) -> bool:
    """Does a label hold one of a person's keys as a run of whole words?"""
    w = _words(label)
    return any(f" {k} " in w for k in keys)


def score(g: Graph, gold: dict) -> dict[str, SlotScore]:
    """The score of each slot of a checked gold annotation (check_gold) against a graph."""
    slots = {name: SlotScore(name) for name in SLOTS}
    persons_by_key = {p["keys"][0]: p for p in gold["persons"]}

    def pkeys(k):
        return persons_by_key[k]["keys"] if k in persons_by_key else [k]

    def labels(node) -> set[str]:
        return {text(o) for o in g.objects(node, RDFS + "label")} | {text(o) for o in g.objects(node, DIP + "name")}

    def isos(nodes) -> set[str]:
        return {text(c).upper() for n in nodes for c in g.objects(n, DIP + "isoCode")}

    def art_ids(node) -> set[str]:
        return {norm(text(i)) for a in g.objects(node, DIP + "source") for i in g.objects(a, DCTERMS + "identifier")}

    # persons: one node per real person across the articles
    predicted = g.subjects(RDF + "type", DIP + "Person") | g.subjects(RDF + "type", DIP + "Minister")
    predicted |= g.all_objects(DIP + "attendee") | g.all_objects(DIP + "speaker")
    predicted = {p for p in predicted if not g.has_type(p, "Country")}

    @functools.lru_cache(maxsize=None)
    def gold_person(node):
        for label in labels(node):
            for gp in gold["persons"]:
                if has_key(label, gp["keys"]):
                    return gp
        return None

    seen: set[str] = set()
    for node in _order(predicted):
        gp = gold_person(node)
        if gp is None:
            slots["persons"].add(fp=1, note=f"unknown person {sorted(labels(node)) or text(node)}")
        elif gp["keys"][0] in seen:
            slots["persons"].add(fp=1, note=f"duplicate node for {gp['name']}: {text(node)}")
        else:
            seen.add(gp["keys"][0])
            if not gp.get("optional"):
                slots["persons"].add(tp=1)
    for gp in gold["persons"]:
        if not gp.get("optional") and gp["keys"][0] not in seen:
            slots["persons"].add(fn=1, note=f"missing person {gp['name']}")

    # represents and ministers, over the nodes that match gold persons
    nodes_of = defaultdict(list)
    for node in predicted:
        gp = gold_person(node)
        if gp:
            nodes_of[gp["keys"][0]].append(node)
    for gp in gold["persons"]:
        nodes = nodes_of.get(gp["keys"][0], [])
        got = isos([c for n in nodes for c in g.objects(n, DIP + "represents")])
        optional = bool(gp.get("optional"))
        if gp.get("country"):
            if gp["country"] in got:
                slots["represents"].add(tp=0 if optional else 1)
            elif not optional:
                slots["represents"].add(fn=1, note=f"{gp['name']} should represent {gp['country']}, got {sorted(got)}")
            slots["represents"].add(fp=len(got - {gp["country"]}))
        else:
            slots["represents"].add(fp=len(got))
        typed = any(g.has_type(n, "Minister") for n in nodes)
        if gp["minister"] and typed:
            slots["ministers"].add(tp=0 if optional else 1)
        elif gp["minister"] and not optional:
            slots["ministers"].add(fn=1, note=f"{gp['name']} is a minister")
        elif not gp["minister"] and typed:
            slots["ministers"].add(fp=1, note=f"{gp['name']} is not a minister")
    for node in predicted:
        if gold_person(node) is None and g.has_type(node, "Minister"):
            slots["ministers"].add(fp=1, note=f"unknown minister {sorted(labels(node))}")

    matched = _score_meetings(g, gold, slots, labels=labels, isos=isos, art_ids=art_ids, pkeys=pkeys)
    _score_statements(g, gold, slots, matched, labels=labels, art_ids=art_ids, pkeys=pkeys)
    _score_articles(g, gold, slots)
    if gold.get("exhaustive") is False:   # partial annotations: what they lack is not an error
        for slot in slots.values():
            slot.fp = 0
    wanted = gold.get("slots")
    return {n: s for n, s in slots.items() if not wanted or n in wanted}


def _score_meetings(g: Graph, gold: dict, slots, *, labels, isos, art_ids, pkeys) -> dict:
    """Meetings, their participants, hosts and attendees, and their provenance; returns the predicted
    node matched to each gold meeting id (and, under the key None, the gold meeting of each node)."""

    def city_names(m) -> set[str]:
        return {norm(label) for c in g.objects(m, DIP + "location") for label in labels(c)}

    def dates(m) -> set[str]:
        return {text(d)[:10] for d in g.objects(m, DIP + "date")}

    def attendee_keys(m, gm):
        keys = gm["attendees"] + gm["attendees_optional"]
        hit, extra = set(), 0
        for a in g.objects(m, DIP + "attendee"):
            k = next((k for k in keys if any(has_key(label, pkeys(k)) for label in labels(a))), None)
            if k:
                hit.add(k)
            else:
                extra += 1
        return hit, extra

    def fits(m, gm) -> bool:
        if gm["city"] is None or norm(gm["city"]) not in city_names(m):
            return False
        if not {norm(a) for a in gm["sources"]} & art_ids(m):
            return False
        return gm["date"] is None or gm["date"] in dates(m)

    predicted = _order(g.subjects(RDF + "type", DIP + "Meeting"))
    ranked = []
    for m in predicted:
        for gm in gold["meetings"]:
            if fits(m, gm):
                ranked.append((not gm.get("optional"), len(attendee_keys(m, gm)[0]), m, gm))
    matched, by_node = {}, {}
    for _, _, m, gm in sorted(ranked, key=lambda r: (r[0], r[1]), reverse=True):   # stable: ties keep their order
        if gm["id"] not in matched and m not in by_node:
            matched[gm["id"]], by_node[m] = m, gm
    for m in predicted:
        gm = by_node.get(m)
        if gm is None:
            slots["meetings"].add(fp=1, note=f"meeting {text(m)} (date {sorted(dates(m))}, city {sorted(city_names(m))}) "
                                             "matches no gold meeting or duplicates one")
        elif not gm.get("optional"):
            slots["meetings"].add(tp=1)
    for gm in gold["meetings"]:
        if gm.get("optional"):
            continue
        m = matched.get(gm["id"])
        if m is None:
            slots["meetings"].add(fn=1, note=f"missing meeting {gm['id']}")
            slots["participants"].add(fn=len(gm["participants"]))
            slots["hosts"].add(fn=len(gm["hosts"]))
            slots["attendees"].add(fn=len(gm["attendees"]))
            continue
        for slot, prop in (("participants", "participant"), ("hosts", "host")):
            got = isos(g.objects(m, DIP + prop))
            want, ok = set(gm[slot]), set(gm[slot]) | set(gm[slot + "_optional"])
            wrong = got - ok
            slots[slot].add(tp=len(got & want), fp=len(wrong), fn=len(want - got),
                            note=f"{gm['id']}: missing {sorted(want - got)}, wrong {sorted(wrong)}"
                            if want - got or wrong else None)
        hit, extra = attendee_keys(m, gm)
        want = set(gm["attendees"])
        slots["attendees"].add(tp=len(hit & want), fp=extra, fn=len(want - hit),
                               note=f"{gm['id']}: missing {sorted(want - hit)}, {extra} unknown"
                               if want - hit or extra else None)
    matched[None] = by_node
    return matched


def _score_statements(g: Graph, gold: dict, slots, matched: dict, *, labels, art_ids, pkeys) -> None:
    """Statements, the meetings they were made at, and provenance (of statements, then of meetings)."""
    by_node = matched[None]

    def speaker_ok(s, gs) -> bool:
        if not gs["speakers"]:
            return True
        names = [label for sp in g.objects(s, DIP + "speaker") for label in labels(sp)]
        return any(has_key(n, pkeys(k)) for n in names for k in gs["speakers"])

    done = set()
    for s in _order(g.subjects(RDF + "type", DIP + "Statement")):
        said = " ".join(norm(text(t)) for t in g.objects(s, DIP + "text"))
        candidates = [gs for gs in gold["statements"]
                      if norm(gs["key"]) in said or (len(said) >= 12 and said.strip(" .,'\"") in norm(gs["key"]))]
        if not candidates:
            slots["statements"].add(fp=1, note=f"unexpected statement {said[:70]!r}")
            continue
        gs = next((c for c in candidates if not c.get("optional") and speaker_ok(s, c)), candidates[0])
        if gs.get("optional"):
            continue
        if not speaker_ok(s, gs):
            speakers = sorted(label for sp in g.objects(s, DIP + "speaker") for label in labels(sp))
            slots["statements"].add(fp=1, note=f"wrong speaker {speakers} for {gs['key'][:50]!r}")
            continue
        if gs["key"] in done:
            slots["statements"].add(fp=1, note=f"duplicate statement {gs['key'][:50]!r}")
            continue
        done.add(gs["key"])
        slots["statements"].add(tp=1)
        if norm(gs["source"]) in art_ids(s):
            slots["provenance"].add(tp=1)
        else:
            slots["provenance"].add(fn=1, note=f"statement {gs['key'][:40]!r} lacks dip:source to article {gs['source']}")
        if gs.get("meeting"):
            at = [by_node.get(m) for m in g.objects(s, DIP + "madeAt")]
            if any(a and a["id"] == gs["meeting"] for a in at):
                slots["statement_meeting"].add(tp=1)
            else:
                slots["statement_meeting"].add(fn=1, fp=len(at), note=f"{gs['key'][:40]!r} was made at {gs['meeting']}")
    for gs in gold["statements"]:
        if not gs.get("optional") and gs["key"] not in done:
            slots["statements"].add(fn=1, note=f"missing statement {gs['key'][:60]!r} by {gs['speakers']}")
            slots["provenance"].add(fn=1)
            if gs.get("meeting"):
                slots["statement_meeting"].add(fn=1)
    for gm in gold["meetings"]:   # meetings must point at their articles too
        if gm.get("optional"):
            continue
        m = matched.get(gm["id"])
        got = art_ids(m) if m is not None else set()
        for source in gm["sources"]:
            if norm(source) in got:
                slots["provenance"].add(tp=1)
            else:
                slots["provenance"].add(fn=1, note=f"meeting {gm['id']} lacks dip:source to article {source}")


def _score_articles(g: Graph, gold: dict, slots) -> None:
    """The publication date of each annotated article; one whose text gives none must have none."""
    articles = {}
    for a in g.subjects(RDF + "type", DIP + "Article"):
        for i in g.objects(a, DCTERMS + "identifier"):
            articles[norm(text(i))] = a
    for aid, ga in gold["articles"].items():
        a = articles.get(norm(aid))
        got = {text(d)[:10] for d in g.objects(a, DCTERMS + "issued")} if a is not None else set()
        if ga["published"] is None:
            slots["published"].add(fp=len(got), note=f"{aid} has no publication date in its text, got {sorted(got)}"
                                   if got else None)
        elif ga["published"] in got:
            slots["published"].add(tp=1, fp=len(got) - 1)
        else:
            slots["published"].add(fn=1, fp=len(got), note=f"{aid} was published {ga['published']}, got {sorted(got)}")


def evaluate(graph_path, gold_path, *, fmt: str | None = None) -> Evaluation:
    """Score an RDF file (a `kg build` output) against a gold file."""
    gold = load_gold(gold_path)
    return Evaluation(score(Graph.load(graph_path, fmt=fmt), gold))
