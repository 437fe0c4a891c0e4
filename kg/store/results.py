"""Query results in one shape for every backend, and their output formats (table, CSV, TSV, JSON, XML, RDF).

Both the embedded store and remote endpoints hand back pyoxigraph terms, so the same query
over the same data prints byte-identical output whichever backend ran it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice

from kg.errors import FormatError
from kg.namespaces import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
MIN_COLUMN = 8               # a column a table narrows to fit a width keeps at least this many characters
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Results:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    form: str                                   # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)   # pyoxigraph terms, None where unbound
    boolean: bool | None = None
    triples: list = field(default_factory=list)       # pyoxigraph Triples
    truncated: bool = False                     # more rows existed than max_rows allowed

    def head(self, max_rows: int | None) -> "Results":
        """These results cut to their first `max_rows` rows (marked truncated when rows were dropped)."""
        if max_rows is None or len(self.rows) <= max_rows:
            return self
        return Results(form=self.form, variables=self.variables, rows=self.rows[:max_rows], truncated=True)

    @property
    def is_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE results (RDF triples rather than a table)."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def from_pyoxigraph(answer, *, form: str | None = None, max_rows: int | None = None) -> Results:
    """Collect a pyoxigraph query answer (solutions, boolean or triples) into Results, keeping at most max_rows."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Results(form="ASK", boolean=bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        # a solution iterates its values in the order of `variables` (None where unbound)
        rows = [tuple(solution) for solution in islice(answer, max_rows)]
        truncated = max_rows is not None and next(answer, None) is not None
        return Results(form="SELECT", variables=variables, rows=rows, truncated=truncated)
    triples = [t.triple if isinstance(t, pyoxigraph.Quad) else t for t in answer]
    return Results(form=form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples)


def term_json(term) -> dict:
    """A pyoxigraph term as a SPARQL 1.1 JSON results binding."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {
            "subject": term_json(term.subject), "predicate": term_json(term.predicate),
            "object": term_json(term.object)}}
    raise FormatError(f"cannot write term {term!r} as SPARQL JSON")


def to_json(results: Results) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    if results.form == "ASK":
        doc = {"head": {}, "boolean": bool(results.boolean)}
    else:
        done: dict = {}  # each distinct term is converted once; tables repeat terms a lot

        def cell(term):
            found = done.get(term)
            if found is None:
                found = done[term] = term_json(term)
            return found

        bindings = [
            {name: cell(term) for name, term in zip(results.variables, row) if term is not None}
            for row in results.rows
        ]
        doc = {"head": {"vars": list(results.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _via_oxigraph(results: Results, fmt: str) -> bytes:
    """Serialise as CSV, TSV or XML with Oxigraph's own writers (spec-exact escaping)."""
    import pyoxigraph

    parsed = pyoxigraph.parse_query_results(to_json(results), format=pyoxigraph.QueryResultsFormat.JSON)
    data = parsed.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt.upper()))
    return data if data.endswith(b"\n") else data + b"\n"


def _longest_first(prefixes: dict[str, str] | None) -> list[tuple[str, str]]:
    """(prefix, namespace) pairs, longest namespace first, so the most specific prefix wins."""
    return sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1]))


def _compact(term, namespaces: list[tuple[str, str]]) -> str:
    """compact() with the namespaces already ordered."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal):
        return term.value.replace("\n", " ")
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.NamedNode):
        iri = term.value
        for prefix, ns in namespaces:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    return str(term)


def compact(term, prefixes: dict[str, str] | None = None) -> str:
    """A short readable form of a term: `dip:Minister`, `id:person/x`, a literal's plain text, `_:b0`."""
    return _compact(term, _longest_first(prefixes))


def _cut(text: str, width: int) -> str:
    """A table cell no longer than `width` characters ("…" marks a cut)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def fit_widths(widths: list[int], total: int, *, gap: int = 2) -> list[int]:
    """Column widths that fit `total` characters (with `gap` between columns): the widest columns are
    narrowed first, none below MIN_COLUMN (or its own width); the widths as they are when they fit."""
    room = total - gap * (len(widths) - 1)
    if sum(widths) <= room:
        return list(widths)
    low, high = MIN_COLUMN, max(widths)   # the largest cap on every column that still fits
    while low < high:
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in widths) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(w, low) for w in widths]


def table(results: Results, *, prefixes: dict[str, str] | None = None, width: int | None = None) -> tuple[str, bool]:
    """(an aligned text table, whether cells were cut): a header line, a rule, the rows, with prefixed
    IRIs and plain literals. With `width` the widest columns are narrowed to fit it and their long
    cells cut with "…"; without it every cell is whole."""
    if results.form == "ASK":
        return ("true" if results.boolean else "false") + "\n", False
    header = list(results.variables)
    namespaces = _longest_first(prefixes)
    done: dict = {}  # each distinct term is shortened once

    def cell(term) -> str:
        found = done.get(term)
        if found is None:
            found = done[term] = _compact(term, namespaces)
        return found

    cells = [[cell(term) for term in row] for row in results.rows]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    widths = fit_widths(natural, width) if width else natural
    cut = widths != natural
    if cut:
        header = [_cut(h, w) for h, w in zip(header, widths)]
        cells = [[_cut(c, w) for c, w in zip(row, widths)] for row in cells]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n", cut


def to_table(results: Results, *, prefixes: dict[str, str] | None = None, width: int | None = None) -> str:
    """The text table of `table()`, without the flag."""
    return table(results, prefixes=prefixes, width=width)[0]


def render(results: Results, fmt: str, *, prefixes: dict[str, str] | None = None, width: int | None = None) -> bytes:
    """Results in the named format: table/csv/tsv/json/xml for SELECT and ASK, an RDF format for graphs.

    A table fits `width` characters when given (see `table`)."""
    if results.is_graph:
        return render_graph(results, fmt if fmt != "table" else "ttl", prefixes=prefixes)
    if fmt == "table":
        return to_table(results, prefixes=prefixes, width=width).encode("utf-8")
    if fmt == "json":
        return to_json(results)
    if fmt in ("csv", "tsv", "xml"):
        return _via_oxigraph(results, fmt)
    raise FormatError(f"unknown result format {fmt!r} for a {results.form} query; "
                      f"choose one of {', '.join(RESULT_FORMATS)}")


def render_graph(results: Results, fmt: str, *, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE triples, sorted, in an RDF format (ttl, nt, rdf, jsonld ...)."""
    import pyoxigraph

    from kg.rdf.files import FORMATS, ox_format

    if fmt not in FORMATS:
        raise FormatError(f"a {results.form} query gives RDF triples; choose -f ttl, nt, rdf or jsonld, not {fmt!r}")
    triples = sorted(set(results.triples), key=str)
    if fmt in ("nq", "trig"):
        triples = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]
    kwargs = {"prefixes": prefixes or PREFIXES} if fmt in ("ttl", "trig", "rdf") else {}
    return pyoxigraph.serialize(triples, format=ox_format(fmt), **kwargs) or b""
