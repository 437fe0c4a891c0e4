"""People's names compared: folded tokens, the surname key, given names, and whether two records may be one person.

Extraction uses these to tie an article's mentions to its people; resolution uses the same rules to
merge people across articles, so both stages agree on who could be whom.
"""
from __future__ import annotations

import functools
import re
from typing import Protocol

from kg.normalize import fold

PARTICLES = {"al", "el", "le", "la", "de", "du", "van", "von", "der", "bin", "ibn", "da", "di", "abu", "dos"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


class NamedRecord(Protocol):
    """What `compatible` reads of a person record (a `model.Person`, or a resolved node)."""

    name: str
    country: str | None


@functools.lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded word tokens of a name, without honorifics' dots or suffixes."""
    tokens = [t for t in re.split(r"[\s.]+", fold(name)) if t]
    return tuple(t for t in tokens if t not in SUFFIXES)


@functools.lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The family name used to compare people: "Karim al-Hassan" -> "hassan", "Jean-Marc Le Goff" -> "le goff"."""
    tokens = name_tokens(name)
    if not tokens:
        return ""
    last = re.sub(r"^(al|el)-", "", tokens[-1])
    if len(tokens) >= 2 and tokens[-2] in PARTICLES - {"al", "el"}:
        return f"{tokens[-2]} {last}"
    return last


@functools.lru_cache(maxsize=65536)
def given_names(name: str) -> tuple[str, ...]:
    """The tokens before the surname."""
    tokens = name_tokens(name)
    n = 2 if surname_key(name).count(" ") else 1
    return tokens[:-n] if len(tokens) > n else ()


def compatible(a: NamedRecord, b: NamedRecord) -> bool:
    """Could two person records be the same person? Same surname, no conflicting first name or country."""
    if surname_key(a.name) != surname_key(b.name):
        return False
    ga, gb = given_names(a.name), given_names(b.name)
    if ga and gb and not (ga[0].startswith(gb[0]) or gb[0].startswith(ga[0])):
        return False
    return not (a.country and b.country and a.country != b.country)
