"""Country and city mentions in an article's sentences: names, aliases and demonyms, with offsets."""
from __future__ import annotations

import functools
import re

from kg.extract import gazetteer
from kg.extract import lexicon
from kg.model import City
from kg.normalize import UPPER
from kg.normalize import fold as _fold_uncached

fold = functools.lru_cache(maxsize=65536)(_fold_uncached)

# capitalised words (and "U.S.", "al-Qaim"), possibly joined by "of"/"and" inside a name
WORD = re.compile(rf"(?<![\w.])(?:[A-Z]\.(?:[A-Z]\.)+|[{UPPER}][\w’'-]*[\w])")
# WORD with its shared capital first and the look-behind moved after it (it still tests the character
# before the capital): a pattern that opens with a character class is scanned for that class at C
# speed instead of being tried at every position. Same matches.
_WORD_SCAN = re.compile(rf"[{UPPER}](?<![\w.].)(?:(?<=[A-Z])\.(?:[A-Z]\.)+|[\w’'-]*[\w])")
_POSSESSIVE = re.compile(r"['’]s$")
_SMALL = {"of", "the", "and", "de", "es"}


_GAP = re.compile(r"[\s-]*(?:(?:of|the|and|de|es)\s+)?")


@functools.lru_cache(maxsize=4096)
def _words(text: str):
    """(start, end, word) of capitalised words, possessive "'s" cut off (cached: a meeting sentence is
    read for countries, then for cities; callers must not change the list)."""
    out = []
    for m in _WORD_SCAN.finditer(text):
        word = m.group()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        out.append((m.start(), m.start() + len(word), word))
    return out


def _joined(text: str, words, i: int, most: int) -> int:
    """How many words from word i on (at most `most`) are joined only by spaces and small words."""
    n = 1
    while n < most and i + n < len(words):
        gap, end = words[i + n - 1][1], words[i + n][0]
        if not (end == gap + 1 and text[gap] == " " or _GAP.fullmatch(text, gap, end)):   # (one space: a gap)
            break
        n += 1
    return n


def _grams(text: str, words, i: int, n: int):
    """The text of words i..i+n-1 when only spaces and small words lie between them."""
    s, e = words[i][0], words[i + n - 1][1]
    if n > 1 and not all(_GAP.fullmatch(text, words[k][1], words[k + 1][0]) for k in range(i, i + n - 1)):
        return None
    return text[s:e]


@functools.lru_cache(maxsize=65536)
def _country_lead(word: str) -> int:
    """How a word can open a country mention: 0 not at all, 1 as the whole mention, 2 also as the first
    of several words (see Countries.leads)."""
    starts, multi = gazetteer.countries().leads()
    key = fold(word)
    return 2 if key in multi else 1 if key in starts else 0


def countries_in(text: str) -> list[tuple[str, int, int, str]]:
    """(ISO2, start, end, kind) for each country in a text; kind is "name" or "demonym"."""
    table = gazetteer.countries()
    by_name, by_demonym = table.by_name, table.by_demonym
    words = _words(text)
    starts = []   # (a loop: a comprehension is a function call of its own)
    for i, word in enumerate(words):
        lead = _country_lead(word[2])
        if lead:   # no mention starts elsewhere
            starts.append((i, lead))
    if not starts:
        return []
    out, free = [], 0   # words before `free` belong to a mention found already
    for i, lead in starts:
        if i < free:
            continue
        for n in range(_joined(text, words, i, 4) if lead == 2 else 1, 0, -1):   # the longest first
            key = fold(text[words[i][0]:words[i + n - 1][1]])
            code, kind = by_name.get(key), "name"
            if not code:
                code, kind = by_demonym.get(key), "demonym"
            if code:
                # "Iraq" preceded by "the" in "the Iraqi" is fine; "New Mexico" is not Mexico
                out.append((code, words[i][0], words[i + n - 1][1], kind))
                free = i + n
                break
    return out


def cities_in(text: str) -> list[tuple[City, int, int]]:
    """(City, start, end) for each gazetteer city named in a text (longest names first)."""
    table = gazetteer.cities()
    heads = gazetteer.city_heads()
    words = _words(text)
    out, i = [], 0
    while i < len(words):
        if fold(words[i][2]) not in heads:   # no city name starts with this word
            i += 1
            continue
        joined = _joined(text, words, i, 3)
        for n in (3, 2, 1):
            if n > joined:
                continue
            gram = text[words[i][0]:words[i + n - 1][1]]
            city = table.get(fold(gram))
            if city and _plausible_city(gram, city):
                out.append((city, words[i][0], words[i + n - 1][1]))
                i += n
                break
        else:
            i += 1
    return out


_NOT_PLACES = {"asia", "europe", "africa", "america", "americas", "oceania", "antarctica", "arctic", "pacific",
               "atlantic", "middle east", "gulf", "balkans", "caucasus", "sahel", "levant", "the west", "the east"}


def _plausible_city(gram: str, city: City) -> bool:
    """Keep out function words and regions that GeoNames lists as some town's alternate name ("The")."""
    low = fold(gram)
    if low in _NOT_PLACES or low in lexicon.not_names() or low in lexicon.org_words() or len(low) < 3:
        return False
    if gram.isupper() and len(gram) <= 4:   # acronyms: "IS", "UN", "ISIL"
        return False
    return fold(city.name) == low or len(low) >= 5
