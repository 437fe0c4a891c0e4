"""Quoted passages of a paragraph, in every quote style: straight, curly, ``…'' and single quotes.

Pairs opening and closing marks by their look and their neighbours, so apostrophes ("don't",
"voters'") and a `''` closer after a curly opener are handled; returns offsets, never text copies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Span
from kg.read.text import occurrences

_DOUBLE = re.compile(r"''|``|[\"“”„‟«»]")
# _DOUBLE opening with the class of every mark's first character (scanned for at C speed); a look-behind
# then picks the alternative that character allows, so the matches are the same
_DOUBLE_SCAN = re.compile(r"[\"“”„‟«»'`](?:(?<=')'|(?<=`)`|(?<=[\"“”„‟«»]))")
_SINGLE = re.compile(r"[‘’']")
_STOP_END = re.compile(r"[.!?,]\s*$")   # (searched with an end bound, which $ takes as the end of the text)
_SPACE_LOWER = re.compile(r" [a-z]")
# the characters of _SINGLE's class, found with str.find (at C speed)
_SINGLE_LITERALS = ("‘", "’", "'")
_OPENERS = {"“", "„", "‟", "«", "``"}
_CLOSERS = {"”", "»", "''"}
_BEFORE_OPEN = set(" \t\n([{—–-/:;,") | {"\u00a0"}
_AFTER_CLOSE = set(" \t\n)]}.,;:!?—–-/…") | {"\u00a0"}
_MAX_SINGLE = 400   # a single-quoted passage longer than this is an apostrophe mismatch


@dataclass(frozen=True)
class Quotation:
    """A quoted passage: `inner` is the words between the marks, `outer` includes the marks.

    `unclosed` is True when no closing mark was found before the paragraph ended (the quote goes on
    in the next paragraph); `single` for passages in single quotes.
    """

    inner: Span
    outer: Span
    unclosed: bool = False
    single: bool = False
    continued: bool = False   # a closer with no opener: the quote began in an earlier paragraph


def _kind(text: str, start: int, end: int) -> str:
    """Whether the double mark at [start, end) opens, closes, or could do either."""
    mark = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    opens_by_place = before in _BEFORE_OPEN or before in "“‘'\"" and start > 0
    closes_by_place = after in _AFTER_CLOSE or after in "”’'\""
    if mark in _OPENERS:
        return "close" if closes_by_place and not opens_by_place and after != "\n" and before.isalnum() else "open"
    if mark in _CLOSERS:
        return "open" if opens_by_place and not closes_by_place else "close"
    if opens_by_place and not closes_by_place:
        return "open"
    if closes_by_place and not opens_by_place:
        return "close"
    return "either"


def find_double(text: str) -> list[Quotation]:
    """Passages in double quotes (any style) of one paragraph, in order; offsets into `text`."""
    out: list[Quotation] = []
    if text.isascii() and '"' not in text and "''" not in text and "``" not in text:
        return out   # (the only ASCII marks: most paragraphs hold none, found at C speed without the scan)
    open_at: int | None = None
    open_mark = 0
    for match in _DOUBLE_SCAN.finditer(text):
        start, end = match.span()
        kind = _kind(text, start, end)
        if open_at is None:
            if kind == "close" and not out and text[:start].strip():
                # a closer with no opener: the quote began in an earlier paragraph
                out.append(Quotation(Span(0, start), Span(0, end), continued=True))
            elif kind != "close":
                open_at, open_mark = end, start
            continue
        if kind == "open" and start > open_at and _STOP_END.search(text, open_at, start):
            # a new opener before any closer: the earlier quote was left unclosed
            out.append(Quotation(Span(open_at, start), Span(open_mark, start), unclosed=True))
            open_at, open_mark = end, start
            continue
        if kind == "open":
            continue
        out.append(Quotation(Span(open_at, start), Span(open_mark, end)))
        open_at = None
    if open_at is not None:
        end = len(text.rstrip())
        if end > open_at:
            out.append(Quotation(Span(open_at, end), Span(open_mark, end), unclosed=True))
    return [q for q in out if text[q.inner.start:q.inner.end].strip()] if out else out


def _is_single_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _BEFORE_OPEN or before in "\"“") and not after.isspace() and after not in "s’'"


def _is_single_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or not (after in _AFTER_CLOSE or after in "\"”"):
        return False
    # "the voters' choice": a plural possessive, not a closer
    return not (before == "s" and after == " " and _SPACE_LOWER.match(text[i + 1:i + 3]) is not None
                and text[i] == "'")


def find_single(text: str, *, outside: list[Quotation] = ()) -> list[Quotation]:
    """Passages in single quotes that lie outside the given double-quoted passages."""
    out: list[Quotation] = []
    marks = occurrences(text, ("'",) if text.isascii() else _SINGLE_LITERALS)   # _SINGLE's matches
    if not marks:
        return out
    if outside:
        taken = [(q.outer.start, q.outer.end) for q in outside]
        marks = [at for at in marks if not any(s <= at < e for s, e in taken)]
    i = 0
    while i < len(marks):
        start = marks[i]
        # (a mark after a letter or digit, as in "Syria’s", opens nothing: _is_single_open's first test)
        if start and text[start - 1].isalnum() or not _is_single_open(text, start):
            i += 1
            continue
        for j in range(i + 1, len(marks)):
            end = marks[j]
            if end - start > _MAX_SINGLE or "\n" in text[start:end]:
                break
            if _is_single_close(text, end) and (text[start] != "‘" or text[end] != "'"):
                inner = text[start + 1:end]
                if inner.strip() and not inner.endswith(" "):
                    out.append(Quotation(Span(start + 1, end), Span(start, end + 1), single=True))
                i = j
                break
        i += 1
    return out


def find_quotations(text: str) -> list[Quotation]:
    """All quoted passages of one paragraph, double and single, in text order."""
    double = find_double(text)
    single = find_single(text, outside=double)
    if not single:
        return double   # (find_double gives its passages in text order)
    return sorted(double + single, key=lambda q: q.outer.start)
