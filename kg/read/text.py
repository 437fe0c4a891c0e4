"""Sentences of an article with their offsets, and small text helpers the readers and extractors share."""
from __future__ import annotations

import re
from typing import NamedTuple

from kg.normalize import UPPER
from kg.model import Span

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "st", "jr", "sr", "rev", "hon", "pres", "sec", "amb", "no", "vs", "etc", "inc", "corp",
    "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "d.c", "n.y", "calif", "fla", "mich", "mass", "ind", "ill", "ariz",
    "a.m", "p.m", "ft", "mt", "fr",
}
_SENT_END = re.compile(rf"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[{UPPER}0-9])")
# _SENT_END as it is scanned: opening with one character of the class (a pattern that opens with a repeat is
# tried at every position; one that opens with a class is scanned for it at C speed), and for a text with no
# "!", "?" or "…" with a literal full stop (scanned for faster still). The same matches.
_SENT_END_SCAN = re.compile(rf"[.!?…][.!?…]*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[{UPPER}0-9])")
_STOPS_END_SCAN = re.compile(rf"\.\.*[\"”’')\]]*(?=\s+[\"“‘'(\[]?[{UPPER}0-9])")
_INITIAL = re.compile(r"[A-Z]")
# a word before a full stop longer than this is no abbreviation or initial: only this much of it is read
LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))


class Sentence(NamedTuple):
    """One sentence: its span in the article text, its paragraph's index and its text (a plain tuple:
    quick to build, and no record of the article's output)."""

    span: Span
    paragraph: int
    text: str


def has_case_trap(text: str) -> bool:
    """Does `text` hold one of the four characters that IGNORECASE matches to an ASCII letter, or whose
    lower case has another length (İ ı ſ K)? A text without them can be lower-cased and matched
    case-sensitively instead. (Four substring searches at C speed: set.isdisjoint(text) would make
    and hash a string for each character.)"""
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)


def word_before_stop(text: str, start: int, stop: int) -> str:
    """The run of [\\w.] characters of text[start:stop] that ends at `stop` (a full stop): what
    `([\\w.]+)\\.$` captures on text[start:stop + 1], read backwards instead of searched for."""
    i = stop
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "_."):   # \w is isalnum() or "_"
        i -= 1
    return text[i:stop]


def word_at_stop(text: str, start: int, stop: int) -> str:
    """word_before_stop, read no further back than an abbreviation can reach: a longer word comes back
    as its last LONGEST_ABBREVIATION + 1 characters, too long to be one (lower() never shortens a word)."""
    return word_before_stop(text, max(start, stop - LONGEST_ABBREVIATION - 1), stop)


def is_abbreviation(word: str) -> bool:
    """Does a word before a full stop keep the sentence going: a known abbreviation or a capital initial?"""
    return word.lower() in ABBREVIATIONS or len(word) == 1 and "A" <= word <= "Z"   # (_INITIAL.fullmatch)


def word_start_alternation(alternatives: list[str]) -> str:
    r"""`\b(?:a1|a2|…)` for regex alternatives that each open with a literal ASCII letter, written to open
    with those letters (a pattern that opens with literals is scanned for them at C speed; one that opens
    with \b is tried at every position): `(?:c(?<!\w.)(?:rest|…)|…)`, one branch per first letter.

    The look-behind after the letter is the \b (the letter is a word character). Alternatives with other
    first letters cannot match where one matches, so grouping them keeps the matches; within a group
    they keep their order.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not (alternative[:1].isascii() and alternative[:1].isalpha()):
            raise ValueError(f"alternative does not open with a letter: {alternative!r}")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "(?:" + "|".join(f"{first}(?<!\\w.)(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


def occurrences(text: str, literals) -> list[int]:
    """Every offset where one of the literal strings starts in `text`, in order, each once (found with
    str.find, at C speed)."""
    found = set()
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            found.add(at)
            at = text.find(literal, at + 1)
    return sorted(found)


def split_sentences(text: str, offset: int = 0, paragraph: int = 0) -> list[Sentence]:
    """Split a paragraph into sentences, keeping abbreviations ("Mr.", "U.S.", "Sept.") intact."""
    out, start = [], 0
    scan = _SENT_END_SCAN if "!" in text or "?" in text or "…" in text else _STOPS_END_SCAN
    for match in scan.finditer(text):
        stop = match.start()
        if text[stop] == ".":
            word = word_at_stop(text, start, stop)
            if word and is_abbreviation(word):
                continue
        end = match.end()
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(Span(offset + start + lead, offset + end), paragraph, stripped))
        start = end
    chunk = text[start:]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(Span(offset + start + lead, offset + start + lead + len(stripped)),
                            paragraph, stripped))
    return out
