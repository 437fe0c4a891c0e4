"""A node's description as RDF, and the format a request asks for (its Accept header or a file suffix).

The description is the node's own triples (over every graph, each once) plus the rdfs:label of
every node it links to, so a client that fetches one IRI can show its links by name.
"""
from __future__ import annotations

from kg.namespaces import PREFIXES, RDFS

# short name -> media type, for the formats a node is served in (HTML first: the default)
NODE_FORMATS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples"}
SUFFIXES = {".ttl": "ttl", ".jsonld": "jsonld", ".nt": "nt", ".html": "html"}
# other names clients send for the same formats
ALIASES = {"application/xhtml+xml": "html", "application/x-turtle": "ttl", "application/json": "jsonld",
           "text/plain": "nt"}


def description(store, iri: str) -> list:
    """The node's triples and the labels of the IRIs it links to, each once, sorted."""
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    label = ox.NamedNode(RDFS + "label")
    triples = {q.triple for q in store.quads_for_pattern(node, None, None, None)}
    for obj in {t.object for t in triples if isinstance(t.object, ox.NamedNode)}:
        triples.update(q.triple for q in store.quads_for_pattern(obj, label, None, None))
    return sorted(triples, key=str)


def serialize(triples, fmt: str) -> bytes:
    """Triples in one of the node formats (ttl with the project's prefixes, jsonld, nt)."""
    import pyoxigraph as ox

    from kg.rdf.files import ox_format

    kwargs = {"prefixes": PREFIXES} if fmt == "ttl" else {}
    data = ox.serialize(list(triples), format=ox_format(fmt), **kwargs) or b""
    if fmt == "jsonld" and not data.strip():
        data = b"[]"
    return data if data.endswith(b"\n") else data + b"\n"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """(media range, quality) pairs of an Accept header, best first; a missing header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        # more specific ranges win ties (text/turtle over text/* over */*), then the order given
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, -specificity, position))
    ranges.sort(key=lambda r: (-r[1], r[2], r[3]))
    return [(media, quality) for media, quality, _, _ in ranges]


def asks_for_html(header: str | None) -> bool:
    """True when the Accept header names HTML itself (as browsers do), not only through */*."""
    return any(media in ("text/html", "application/xhtml+xml") and quality > 0
               for media, quality in parse_accept(header))


def negotiate(header: str | None, offered: dict[str, str], *, aliases: dict[str, str] | None = None) -> str | None:
    """The short name of the offered format the Accept header prefers; the first offered for */*; None if none fits.

    `offered` maps short names to media types in the server's order of preference.
    """
    aliases = ALIASES if aliases is None else aliases
    by_media = {media: name for name, media in offered.items()}
    by_media.update({media: name for media, name in aliases.items() if name in offered})
    best, best_key = None, None
    for order, (name, media) in enumerate(offered.items()):
        quality = _quality(header, media, [m for m, n in by_media.items() if n == name])
        if quality <= 0:
            continue
        key = (-quality, order)
        if best_key is None or key < best_key:
            best, best_key = name, key
    return best


def _quality(header: str | None, media: str, names: list[str]) -> float:
    """The quality the header gives a media type (or one of its other names): the most specific range decides."""
    major = media.split("/")[0]
    found, rank = 0.0, -1
    for accepted, quality in parse_accept(header):
        if accepted in names:
            score = 3
        elif accepted == f"{major}/*":
            score = 2
        elif accepted == "*/*":
            score = 1
        else:
            continue
        if score > rank:
            found, rank = quality, score
    return found
