"""Stable IRIs for instance data, minted from normalised names and content hashes (never raw text)."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from kg.namespaces import ID
from kg.normalize import fold

RESOLVED_GRAPH = ID + "graph/resolved"


def slug(text: str, *, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens ("Jean-Marc Le Goff" -> "jean-marc-le-goff")."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
    return words or "x" + digest(text, length=8)


def digest(*parts: str, length: int = 16) -> str:
    """Hex sha1 of the parts joined by a separator that cannot occur in them."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:length]


def article(identifier: str) -> str:
    """IRI of an article, from its identifier (file stem), percent-encoded where needed."""
    return f"{ID}article/{quote(identifier, safe='-_.~', errors='surrogateescape')}"


def country(iso2: str) -> str:
    """IRI of a country, from its ISO 3166-1 alpha-2 code."""
    return f"{ID}country/{iso2.upper()}"


def city(name: str, country_code: str) -> str:
    """IRI of a city, from its country code and name."""
    return f"{ID}city/{country_code.lower()}-{slug(name)}"


def person(name: str) -> str:
    """IRI of a person, from the full name chosen for them."""
    return f"{ID}person/{slug(name)}"


def meeting(*, date: str | None, city_slug: str | None, discriminator: str) -> str:
    """IRI of a meeting: date and city when known, else city and a hash of what identifies it."""
    place = city_slug or "unknown-place"
    if date:
        return f"{ID}meeting/{date}-{place}" + (f"-{discriminator}" if discriminator else "")
    return f"{ID}meeting/{place}-{digest(discriminator or place, length=12)}"


def statement(speaker_iri: str | None, text: str) -> str:
    """IRI of a statement, from a hash of its speaker and its words."""
    return f"{ID}statement/{digest(speaker_iri or '', ' '.join(text.split()))}"


def evidence(*parts: str) -> str:
    """IRI of an evidence annotation, from a hash of what it supports and where."""
    return f"{ID}evidence/{digest(*parts)}"
