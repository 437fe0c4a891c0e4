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
