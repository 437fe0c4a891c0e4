"""Find the body of an article: drop page furniture (link lists, icon-name runs, bylines, stamps).

Works on lines and returns character spans, so offsets still point into the original text.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from kg.model import Span

_ICON_TOKEN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$|^[A-Z][a-z]+$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$|[.!?…,][\"”'’]{1,2}\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_HYPHENATED = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")
_READ_MORE = re.compile(r"read more", re.I)
_CLOSERS = "\"”’')]"


def ends_sentence(line: str) -> bool:
    """_SENTENCE_END.search(line), read off the end of the line instead of tried at every position."""
    tail = line.rstrip()
    core = tail.rstrip(_CLOSERS)
    if core and core[-1] in ".!?…":
        return True
    quotes, stops = "\"”'’", ".!?…,"
    return (len(tail) >= 2 and tail[-1] in quotes and tail[-2] in stops) or \
        (len(tail) >= 3 and tail[-1] in quotes and tail[-2] in quotes and tail[-3] in stops)


@functools.cache
def furniture_patterns() -> list[re.Pattern]:
    """The furniture line patterns from data/furniture.txt."""
    text = resources.files("kg.data").joinpath("furniture.txt").read_text(encoding="utf-8")
    return [re.compile(rf"^(?:{line.strip()})$", re.I) for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@functools.cache
def _furniture_re() -> re.Pattern | None:
    """All furniture patterns as one alternation (same verdict as trying each), or None if they cannot be joined."""
    text = resources.files("kg.data").joinpath("furniture.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if any(re.search(r"\\[1-9]|\(\?P=", line) for line in lines):   # back-references would be renumbered
        return None
    try:
        return re.compile("^(?:" + "|".join(f"(?:{line})" for line in lines) + ")$", re.I)
    except re.error:   # e.g. a line with global inline flags
        return None


def lines_with_spans(text: str) -> list[tuple[Span, str]]:
    """Each non-blank line, stripped, with its span in `text`."""
    out, at = [], 0
    for line in text.split("\n"):   # the runs of [^\n]+ (and empty strings between newlines, which strip to nothing)
        stripped = line.strip()
        if stripped:
            start = at + (len(line) - len(line.lstrip()))
            out.append((Span(start, start + len(stripped)), stripped))
        at += len(line) + 1
    return out


def is_icon_run(line: str) -> bool:
    """A run of widget icon names ("arrow-down-circle Reply Icon Show More …"), not prose."""
    if ends_sentence(line):
        return False
    tokens = line.split()
    if len(tokens) < 8:
        return False
    hyphenated = sum(1 for t in tokens if "-" in t and _HYPHENATED.fullmatch(t))   # (every match holds a "-")
    return hyphenated >= 3 and all(_ICON_TOKEN.match(t) for t in tokens)


def is_furniture(line: str) -> bool:
    """A line that is page furniture by its own look."""
    if is_icon_run(line):
        return True
    joined = _furniture_re()
    if joined is not None:
        return joined.match(line) is not None
    return any(p.match(line) for p in furniture_patterns())


def word_count(line: str) -> int:
    """Number of words in a line."""
    return len(_WORD.findall(line))


def _at_least(words: int) -> re.Pattern:
    """A pattern that matches a text holding at least `words` words (`_WORD` matches): each step skips
    the characters no word starts with ([\\W\\d_], the complement of a word's first character) and takes
    the next word whole, as finditer does, and the count stops there. (Every run is possessive: there
    is only one way to match, so nothing is ever tried twice.)"""
    assert _WORD.pattern == r"[^\W\d_][\w'’.-]*"
    return re.compile(rf"(?:[\W\d_]*+[^\W\d_][\w'’.-]*+){{{words}}}")


_FOUR_WORDS, _FIFTEEN_WORDS = _at_least(4), _at_least(15)


def is_prose(line: str) -> bool:
    """A body paragraph: ends like a sentence, or is long enough to be one (word_count >= 4 or >= 15)."""
    if ends_sentence(line) and _FOUR_WORDS.match(line):   # (the cheaper test first: most body lines pass it)
        return True
    return _FIFTEEN_WORDS.match(line) is not None


def body_lines(lines: list[tuple[Span, str]]) -> list[bool]:
    """Mark which lines are body text: prose, not furniture, not a teaser followed by "Read more"."""
    keep = []
    for i, (_, line) in enumerate(lines):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        teaser = bool(_READ_MORE.fullmatch(nxt.strip()))
        keep.append(not teaser and is_prose(line) and not is_furniture(line))   # cheap test first
    return keep
