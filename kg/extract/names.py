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
def _unhyphenated(name: str) -> str:
    """A name with the hyphens between its parts as spaces ("Akufo-Addo" -> "Akufo Addo"; "al-" kept)."""
    return re.sub(r"(?<!\b[Aa]l)(?<!\b[Ee]l)-(?=\w)", " ", name)


@functools.lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The family name used to compare people: "Karim al-Hassan" -> "hassan", "Jean-Marc Le Goff" -> "le goff"."""
    tokens = name_tokens(_unhyphenated(name))
    if not tokens:
        return ""
    if 2 <= len(tokens) <= 3 and tokens[0] in family_name_first() and tokens[0] not in PARTICLES:   # "Wang Yi", "Kim Jong Un": Mr Wang, Mr Kim
        return tokens[0]
    last = re.sub(r"^(al|el)-", "", tokens[-1])
    if len(tokens) >= 2 and tokens[-2] in PARTICLES - {"al", "el"}:
        return f"{tokens[-2]} {last}"
    return last


@functools.lru_cache(maxsize=65536)
def given_names(name: str) -> tuple[str, ...]:
    """The tokens before the surname (after it, for a family-name-first name), each under the form it is
    compared by ("Mike" and "Michael" alike, "Sergei" and "Sergey" alike)."""
    tokens = name_tokens(name)
    if 2 <= len(tokens) <= 3 and tokens[0] in family_name_first() and tokens[0] not in PARTICLES:
        given = tokens[1:]
    else:
        n = 2 if surname_key(name).count(" ") else 1
        given = tokens[:-n] if len(tokens) > n else ()
    variants = given_name_variants()
    return tuple(variants.get(g, g) for g in given)


@functools.cache
def given_name_variants() -> dict[str, str]:
    """Nickname or transliteration -> the form given names are compared under (data/given_name_variants.tsv)."""
    from importlib import resources

    out = {}
    text = resources.files("kg.data").joinpath("given_name_variants.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            canonical, _, variants = line.partition("\t")
            for variant in variants.split():
                out.setdefault(variant, canonical)
    return out


@functools.cache
def family_name_first() -> frozenset[str]:
    """Common Chinese, Korean and Vietnamese family names, which stand first in the name ("Wang Yi")."""
    from importlib import resources

    text = resources.files("kg.data").joinpath("family_name_first.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def compatible(a: NamedRecord, b: NamedRecord) -> bool:
    """Could two person records be the same person? Same surname, no conflicting first name or country."""
    if surname_key(a.name) != surname_key(b.name):
        return False
    ga, gb = given_names(a.name), given_names(b.name)
    if ga and gb and not (ga[0].startswith(gb[0]) or gb[0].startswith(ga[0])):
        return False
    return not (a.country and b.country and a.country != b.country)

