"""SPARQL text handling: saved queries, the query form, and the read-only safety checks.

The checks use a small tokenizer that skips strings, IRIs and comments, so a keyword
inside a literal (`"delete me"`) or an IRI (`<http://x/load>`) is never mistaken for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg import resources
from kg.errors import QueryError
from kg.namespaces import ID, PREFIXES
from kg.store.syntax import TOKEN as _TOKEN

# prefixes every query may use without declaring them (its own PREFIX lines take precedence)
DEFAULT_PREFIXES = {**PREFIXES, "id": ID}
QUERIES_DIR = resources.folder(resources.QUERIES)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class SavedQuery:
    """A query file from `queries/`: its name, title, description and text."""

    name: str
    title: str
    description: str
    text: str
    path: Path


def keywords(sparql: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, outside strings, IRIs, comments and prefixed names."""
    words = []
    for match in _TOKEN.finditer(sparql):
        word = match.group("word")
        if word and ":" not in word:
            words.append(word.upper())
    return words


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE for a SPARQL text (the first form keyword wins)."""
    for word in keywords(sparql):
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS:
            return "UPDATE"
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def is_update(sparql: str) -> bool:
    """True when the text holds a SPARQL Update operation (INSERT, DELETE, LOAD, DROP, ...)."""
    return any(word in UPDATE_KEYWORDS for word in keywords(sparql))


def uses_service(sparql: str) -> bool:
    """True when the text holds a federated `SERVICE` clause."""
    return "SERVICE" in keywords(sparql)


def check_query(sparql: str, *, allow_update: bool = False, allow_service: bool = False) -> str:
    """Refuse updates and SERVICE unless allowed, check the syntax; return the query form.

    Raises QueryError saying what is wrong, with the line and column, for malformed SPARQL.
    """
    update = is_update(sparql)
    if update and not allow_update:
        raise QueryError(
            "this is a SPARQL Update (it writes to the store); queries are read-only. "
            "Use `kg update`, or pass --allow-update if you mean it"
        )
    if uses_service(sparql) and not allow_service:
        raise QueryError(
            "this query calls a remote SERVICE; pass --allow-service to let it reach other servers"
        )
    if update:
        check_update_syntax(sparql)
        return "UPDATE"
    check_syntax(sparql)
    return query_form(sparql)


def syntax_error(sparql: str, exc: Exception, *, update: bool = False) -> QueryError:
    """A QueryError saying in words what is wrong with a text the parser refused, with line, column and caret."""
    from kg.store.syntax import explain

    return QueryError(explain(sparql, str(exc), prefixes=DEFAULT_PREFIXES, update=update))


def check_syntax(sparql: str) -> None:
    """Parse a query with Oxigraph's parser (nothing is evaluated); QueryError on bad syntax."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(sparql, prefixes=DEFAULT_PREFIXES)  # lazy: parsed, never iterated
    except SyntaxError as exc:
        raise syntax_error(sparql, exc) from None


def check_update_syntax(sparql: str) -> None:
    """Parse a SPARQL Update without running it; QueryError on bad syntax.

    Oxigraph has no parse-only call, so the text is parsed as a query with the update
    keywords' parse errors told apart: a malformed update gets the update parser's message.
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    if "LOAD" in keywords(sparql) or uses_service(sparql):
        return  # never run something that would reach the network just to check it
    try:
        store.update(sparql, prefixes=DEFAULT_PREFIXES)  # an empty in-memory store: nothing outside is touched
    except SyntaxError as exc:
        raise syntax_error(sparql, exc, update=True) from None
    except Exception:  # it parsed; it only failed to run on the empty scratch store
        pass


def with_prefix_lines(sparql: str) -> str:
    """The text with PREFIX lines for the default prefixes it uses but does not declare (for remote servers)."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", sparql)}
    used = {word.split(":", 1)[0] for word in _prefixed_names(sparql)}
    lines = [f"PREFIX {name}: <{DEFAULT_PREFIXES[name]}>" for name in sorted(used - declared) if name in DEFAULT_PREFIXES]
    return "\n".join(lines + [sparql]) if lines else sparql


def _prefixed_names(sparql: str) -> list[str]:
    """The prefixed names (`dip:Meeting`) of a SPARQL text, outside strings, IRIs and comments."""
    return [m.group("word") for m in _TOKEN.finditer(sparql) if m.group("word") and ":" in m.group("word")]


def read_query_file(path) -> str:
    """Read a query file as UTF-8; QueryError when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read query file: {exc.strerror or exc}") from None


def parse_header(text: str) -> tuple[str, str]:
    """(title, description) from a query's leading `# title:` and `# description:` comment lines."""
    title, description, in_description = "", [], False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.lower().startswith("title:"):
            title, in_description = body[6:].strip(), False
        elif body.lower().startswith("description:"):
            description.append(body[12:].strip())
            in_description = True
        elif in_description and body:
            description.append(body)
    return title, " ".join(d for d in description if d)


def saved_queries(directory=None) -> dict[str, SavedQuery]:
    """All saved queries (`*.rq`) by name, sorted by name."""
    directory = Path(directory) if directory else QUERIES_DIR
    found = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title, description = parse_header(text)
        found[path.stem] = SavedQuery(path.stem, title, description, text, path)
    return found


def saved_query(name: str, directory=None) -> SavedQuery:
    """One saved query by name; QueryError naming the known ones when it does not exist."""
    queries = saved_queries(directory)
    if name not in queries:
        raise QueryError(f"no saved query named {name!r}; known: {', '.join(queries) or 'none'}")
    return queries[name]
