"""ORDER BY done in Python: a query's final ORDER BY on plain variables, applied to the rows it returns.

Oxigraph compares stored strings by reading them back from the store on every comparison, so
sorting 10⁵ rows by a text column costs tens of seconds; sorting the same rows in Python takes
well under one. Only a top-level ORDER BY whose conditions are projected variables (`?x`,
`ASC(?x)`, `DESC(?x)`, `(!BOUND(?x))`) with no LIMIT or OFFSET after it is moved, and only when each sorted
column's literals share one datatype; any other query is sorted by the engine as written.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import pyoxigraph

from kg.store.sparql import _TOKEN

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC_TYPES = frozenset(XSD + name for name in (
    "integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger",
    "nonPositiveInteger", "positiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"))
FLOAT_TYPES = frozenset({XSD + "double", XSD + "float"})


class Key(NamedTuple):
    """One ORDER BY condition: `?x`, `DESC(?x)`, or with `unbound_last` `(!BOUND(?x))` (rows without x last)."""

    variable: str
    descending: bool = False
    unbound_last: bool = False


@dataclass(frozen=True)
class Ordering:
    """A query without its final ORDER BY, and that clause as Keys."""

    query: str
    keys: tuple[Key, ...]


def _tokens(sparql: str) -> list[tuple[str, str, int]]:
    """(kind, text, start) for each token of a SPARQL text, comments left out."""
    return [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql) if m.lastgroup != "comment"]


def _projected(tokens: list[tuple[str, str, int]]) -> set[str] | None:
    """Variables the outer SELECT returns (None for `SELECT *`); empty when the form is not SELECT."""
    words = [i for i, (kind, text, _) in enumerate(tokens) if kind == "word" and text.upper() == "SELECT"]
    if not words:
        return set()
    names: set[str] = set()
    for kind, text, _ in tokens[words[0] + 1:]:
        if text == "{" or (kind == "word" and text.upper() in ("WHERE", "FROM")):
            return names
        if text == "*":
            return None
        if kind == "var":
            names.add(text[1:])
    return names


def split_order_by(sparql: str) -> Ordering | None:
    """The query without a final ORDER BY that Python can apply to its rows, or None to run it as written."""
    tokens = _tokens(sparql)
    closes = [i for i, (kind, text, _) in enumerate(tokens) if kind == "other" and text == "}"]
    if not closes:
        return None
    tail = tokens[closes[-1] + 1:]
    heads = [i for i in range(len(tail) - 1)
             if tail[i][0] == "word" and tail[i][1].upper() == "ORDER" and tail[i + 1][1].upper() == "BY"]
    if len(heads) != 1:
        return None
    keys, rest = [], tail[heads[0] + 2:]
    while rest:
        kind, text, _ = rest[0]
        if kind == "var":
            keys.append(Key(text[1:]))
            rest = rest[1:]
        elif (kind == "word" and text.upper() in ("ASC", "DESC") and len(rest) >= 4
              and rest[1][1] == "(" and rest[2][0] == "var" and rest[3][1] == ")"):
            keys.append(Key(rest[2][1][1:], descending=text.upper() == "DESC"))
            rest = rest[4:]
        elif [t[1].upper() for t in rest[:4]] == ["(", "!", "BOUND", "("] and len(rest) >= 7 \
                and rest[4][0] == "var" and rest[5][1] == rest[6][1] == ")":
            keys.append(Key(rest[4][1][1:], unbound_last=True))
            rest = rest[7:]
        else:
            return None  # an expression, LIMIT, OFFSET or VALUES: leave the query to the engine
    projected = _projected(tokens)
    if not keys or (projected is not None and not all(key.variable in projected for key in keys)):
        return None
    start = tail[heads[0]][2]
    return Ordering(query=sparql[:start].rstrip() + "\n", keys=tuple(keys))


def term_key(term) -> tuple:
    """A sort key in SPARQL's order: unbound, blank nodes, IRIs, then literals (numbers by value)."""
    if term is None:
        return (0,)
    value = term.value
    if not isinstance(term, pyoxigraph.Literal):
        return (1 if isinstance(term, pyoxigraph.BlankNode) else 2, value)
    kind = term.datatype.value
    if kind in NUMERIC_TYPES:
        try:
            number = float(value) if kind in FLOAT_TYPES else Decimal(value)
            if number == number:  # NaN has no place among numbers
                return (3, 0, number, value)
        except (InvalidOperation, ValueError):
            pass
    return (3, 1, value, term.language or "")


def _comparable(rows: list[tuple], column: int) -> bool:
    """True when the column's literals share one datatype (and no language tag), so any engine orders them alike.

    SPARQL leaves the order of literals of different datatypes to the engine (Oxigraph's is not
    even a total order there), so such a column is left for the engine to sort.
    """
    seen = None
    for row in rows:
        term = row[column]
        datatype = getattr(term, "datatype", None)
        if datatype is None:
            continue
        if term.language or (seen is not None and datatype != seen):
            return False
        seen = datatype
    return True


def order_rows(rows: list[tuple], variables: list[str], keys: tuple[Key, ...]) -> list[tuple] | None:
    """The rows sorted by `keys`, ties in arrival order; None if the engine must sort them."""
    position = {name: i for i, name in enumerate(variables)}
    if not all(_comparable(rows, position[key.variable]) for key in keys if not key.unbound_last):
        return None
    runs: list[tuple[list[tuple[int, bool]], bool]] = []  # consecutive keys of one direction sort together
    for key in keys:
        cell = (position[key.variable], key.unbound_last)
        if runs and runs[-1][1] == key.descending:
            runs[-1][0].append(cell)
        else:
            runs.append(([cell], key.descending))
    ordered = list(rows)
    known: dict = {}  # cells repeat a lot (a meeting's IRI on each of its rows): one key per term

    def cell_key(term, unbound_last: bool) -> tuple:
        if unbound_last:
            return (term is None,)
        found = known.get(term)
        if found is None:
            found = known[term] = term_key(term)
        return found

    for cells, descending in reversed(runs):  # stable sorts, last run first
        ordered.sort(key=lambda row: tuple([cell_key(row[c], last) for c, last in cells]), reverse=descending)
    return ordered
