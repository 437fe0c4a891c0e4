"""The word lists the extractors share (titles, honorifics, organisation words …), loaded once.

The lists live in `kg/data/` as plain text, so they can grow without touching code.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Title:
    """What a title phrase means: a dip:Role, whether it is a government post, a default country."""

    role: str
    minister: bool
    government: bool
    default_country: str | None = None


def _lines(name: str) -> list[str]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def titles() -> dict[str, Title]:
    """Title phrase (lower case, no dots) -> Title."""
    out = {}
    for line in _lines("titles.tsv"):
        cols = (line.split("\t") + ["", "", "", "", ""])[:5]
        out[cols[0]] = Title(cols[1], cols[2] == "1", cols[3] == "1", cols[4] or None)
    return out


@functools.cache
def government_roles() -> frozenset[str]:
    """Roles whose holders speak for a government."""
    return frozenset(t.role for t in titles().values() if t.government)


def government_role(role: str) -> bool:
    """Does a role's holder speak for a government?"""
    return role in government_roles()


def _phrase_pattern(phrase: str) -> str:
    parts = [re.escape(w) + (r"\.?" if len(w) <= 4 else "") for w in re.split(r"[\s]+", phrase)]
    return r"[\s-]+".join(p.replace(r"\-", r"[\s-]") for p in parts)


@functools.cache
def title_re() -> re.Pattern:
    """Any title phrase, longest first, case-insensitive."""
    phrases = sorted(titles(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(_phrase_pattern(p) for p in phrases) + r")(?![\w-])", re.I)


@functools.cache
def description_re() -> re.Pattern:
    """A role description: "the Iraqi leader", "the US defense secretary", "France's foreign minister"."""
    phrases = sorted([*titles(), "leader"], key=len, reverse=True)
    alt = "|".join(_phrase_pattern(p) for p in phrases)
    return re.compile(
        rf"(?:\b(?:the|his|her)\s+(?:[A-Z][\w.]*\s+){{0,2}}|\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)?['’]s\s+)(?:{alt})\b(?!\s+[A-Z])")


@functools.cache
def honorifics() -> frozenset[str]:
    """Words before a name that give no role: mr, mrs, sheikh …"""
    return frozenset(_lines("honorifics.txt"))


@functools.cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never a person's name."""
    return frozenset(_lines("not_names.txt"))


@functools.cache
def org_words() -> frozenset[str]:
    """Last words that make a capitalised phrase an organisation or place."""
    return frozenset(_lines("org_words.txt"))


def weekdays() -> tuple[str, ...]:
    """Day names, lower case."""
    return WEEKDAYS
