"""Name keys: `fold` makes "Zürich" and "Zurich" the same string, for lookups, matching and IRIs.

A base module (no kg imports) shared by the gazetteers, the extractors, resolution and `kg.ids`.
"""
from __future__ import annotations

import functools
import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so "Zürich" and "Zurich" look the same."""
    if text.isascii():   # fast path: nothing to decompose (same result, a hot spot in resolution)
        return text.lower()
    return _fold_unicode(text)


@functools.lru_cache(maxsize=1 << 16)
def _fold_unicode(text: str) -> str:
    """fold() for text with non-ASCII characters (cached: names recur)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'").translate(_LETTERS)


# Latin letters that no Unicode decomposition takes to ASCII ("Radosław" -> "radoslaw", "Kalın" -> "kalin")
_LETTERS = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŀ": "l", "ß": "ss",
                          "æ": "ae", "œ": "oe", "þ": "th", "ŧ": "t", "ŋ": "ng", "ƒ": "f"})


def _letter_class(test) -> str:
    """A regex character-class body of the Latin letters (ASCII, Latin-1, Extended-A/B, Extended
    Additional) for which `test` holds, as ranges: names are written in every Latin script."""
    codes = [c for block in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00))
             for c in range(*block) if chr(c).isalpha() and test(chr(c))]
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(chr(codes[i]) if i == j else f"{chr(codes[i])}-{chr(codes[j])}")
        i = j + 1
    return "".join(parts)


UPPER = _letter_class(str.isupper)   # "A-ZÀ-ÖØ-ÞĀĂ…Ł…Š…": capital letters a name may open with
LOWER = _letter_class(str.islower)   # "a-zß-öø-ÿā…ł…š…ė…ğ…ć…"
