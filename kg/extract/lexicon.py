"""The word lists the extractors share (titles, honorifics, organisation words …), loaded once.

The lists live in `kg/data/` as plain text, so they can grow without touching code.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, NamedTuple

from kg.read.text import has_case_trap

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


# Non-ASCII characters that IGNORECASE matches to an ASCII letter, or whose lower case has another
# length ("İ"); a text without them can be lower-cased to find where an ASCII phrase may start.
_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
_LETTER_RUN = re.compile(r"[a-z]+")


class Caseless:
    """A case-insensitive pattern of lower-case ASCII (`\\s`, `\\b` and the like allowed), run
    case-sensitively on the lower-cased text: the same match positions, several times faster.

    Lower-casing keeps every character's length and class except the _CASE_TRAPS, so texts holding
    one of those use the pattern itself. Matched strings come back lower-cased: use positions.

    `cues`, when given, are lower-case strings one of which every match holds: a lower-cased text
    with none of them has no match, found at C speed without running the pattern.
    """

    def __init__(self, pattern: re.Pattern, cues: tuple[str, ...] = ()):
        self.pattern = pattern
        source = pattern.pattern
        exact = pattern.flags & re.IGNORECASE and source.isascii() and source == source.lower()
        self.lowered = re.compile(source, pattern.flags & ~re.IGNORECASE) if exact else None
        self.cues = cues

    def _scan(self, text: str):
        """(pattern, text to run it on), or None when the text holds no cue."""
        if self.lowered is None or has_case_trap(text):
            return self.pattern, text
        low = text.lower()
        if self.cues:
            for cue in self.cues:
                if cue in low:
                    break
            else:
                return None
        return self.lowered, low

    def search(self, text: str):
        """pattern.search(text) (positions only)."""
        scan = self._scan(text)
        return scan[0].search(scan[1]) if scan else None

    def finditer(self, text: str):
        """pattern.finditer(text) (positions only)."""
        scan = self._scan(text)
        return scan[0].finditer(scan[1]) if scan else iter(())


def _trie(words) -> str:
    """A regex alternation of literal words, factored by common prefixes (much faster to scan with)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not alts:
            return ""
        if "" in node:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


class PhraseFinder:
    """The matches of `pattern` (an alternation of ASCII phrases between word edges: lower-case ones when
    the pattern ignores case), found fast: the pattern is tried only where a run of letters that
    begins some phrase starts.

    `finditer(text)` returns exactly the matches `pattern.finditer(text)` would: in any match, a
    phrase's leading letters form a whole run of ASCII letters (after lower-casing when the pattern
    ignores case; letters of either case when it does not), so no match can start where no such run does.
    """

    def __init__(self, pattern: re.Pattern, phrases, *, name: str | None = None):
        self.pattern = pattern
        self.name = name   # the name of its phrase list in head_index(), if it is one of those
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)
        letters = "a-z" if self.ignore_case else "A-Za-z"
        heads = set()
        for phrase in phrases:
            lead = re.match(f"[{letters}]+", phrase)
            if lead is None or not phrase.isascii():
                heads = None   # the shortcut only holds for ASCII phrases that start with a letter
                break
            heads.add(lead.group())
        # a whole run of letters that is some phrase's lead
        self.heads = re.compile(rf"(?<![{letters}])" + _trie(heads) + rf"(?![{letters}])") if heads else None
        # the same run after the character before it, on the text behind one space: a pattern that opens
        # with a character class is scanned for that class at C speed instead of tried at every position.
        # (A run ends before a non-letter, so the character a match takes first is never in an earlier match.)
        self._after_edge = re.compile(rf"[^{letters}](" + _trie(heads) + rf")(?![{letters}])") if heads else None

        # the pattern without IGNORECASE, for the lower-cased text (where that gives the same matches: see Caseless)
        self._lowered = Caseless(pattern).lowered if self.ignore_case else pattern

    def _scan(self, text: str) -> str | None:
        """The text the head scan reads (lower-cased when the pattern ignores case), or None when the
        shortcut cannot serve this text."""
        if self.heads is None:
            return None
        if not self.ignore_case:
            return text
        if has_case_trap(text):
            return None
        return text.lower()

    def _runs(self, scan: str) -> list[tuple[int, int]]:
        """(start, end) of each whole run of letters that leads some phrase in `scan`, left to right."""
        out = []
        for run in self._after_edge.finditer(" " + scan):
            start, end = run.span(1)
            out.append((start - 1, end - 1))   # (one space was put first)
        return out

    @staticmethod
    def _matches(runs, subject: str, match_at) -> list[re.Match]:
        """match_at(subject, start) at the start of each of the `runs` that lead some phrase, skipping
        starts inside the last match: what finditer finds, as no match starts elsewhere."""
        out, last = [], 0
        for start, _ in runs:
            if start >= last:
                found = match_at(subject, start)
                if found:
                    out.append(found)
                    last = found.end()
        return out

    def finditer(self, text: str) -> list[re.Match]:
        """Every match of the pattern in `text`, left to right, as pattern.finditer gives them."""
        scan = self._scan(text)
        if scan is None:
            return list(self.pattern.finditer(text))
        return self._matches(self._runs(scan), text, self.pattern.match)

    def search(self, text: str) -> re.Match | None:
        """The first match of the pattern in `text`, as pattern.search gives it."""
        scan = self._scan(text)
        if scan is None:
            return self.pattern.search(text)
        found = self._matches(self._runs(scan), text, self.pattern.match)
        return found[0] if found else None

    def spans(self, text: str, heads: Heads | None = None) -> list[tuple[int, int]]:
        """The (start, end) of every match of the pattern in `text`, as finditer(text) gives them; matched
        on the lower-cased text without IGNORECASE where that is exact, so that the phrases' literal
        first letters rule most alternatives out at once. `heads`, when given, is heads_in(text): the
        runs are then read from it instead of scanned for."""
        if heads is not None and self.name is not None and self.ignore_case and self._lowered is not None:
            return [m.span() for m in self._matches(heads.found[self.name], heads.low, self._lowered.match)]
        scan = self._scan(text)
        if scan is None or self._lowered is None:
            return [m.span() for m in self.finditer(text)]
        return [m.span() for m in self._matches(self._runs(scan), scan, self._lowered.match)]


PRONOUN_WORDS = ("he", "him", "his", "she", "her")   # the personal pronouns people.pronouns_in finds


class Heads(NamedTuple):
    """The runs of letters of one text that lead a phrase of the shared lists (see head_index)."""

    low: str                                   # the text, lower-cased
    found: dict[str, list[tuple[int, int]]]    # list name -> (start, end) of each such run, left to right (or ())


class HeadIndex:
    """One scan for several phrase lists: where a whole run of ASCII letters that leads a phrase of each
    list stands in a lower-cased text (what each list's PhraseFinder scans for; its spans() can read them).

    A whole run is one with no letter just before or after it; runs never overlap, so one scan for the
    union of the lists' heads finds, for each list, exactly the runs a scan for its own heads finds.
    """

    def __init__(self, lists: dict[str, Iterable[str]]):
        self.names = tuple(lists)
        owners: dict[str, list[str]] = {}   # run -> the lists it leads a phrase of
        for name, phrases in lists.items():
            for phrase in phrases:
                lead = _LETTER_RUN.match(phrase)
                if lead is None or not phrase.isascii():
                    raise ValueError(f"{name}: a phrase that does not open with ASCII letters: {phrase!r}")
                if name not in owners.setdefault(lead.group(), []):
                    owners[lead.group()].append(name)
        self.owners = {run: tuple(names) for run, names in owners.items()}
        self._scan = re.compile(r"[^a-z](" + _trie(self.owners) + r")(?![a-z])")

    def heads(self, text: str) -> Heads | None:
        """The runs of `text`, or None when lower-casing it would move or change letters (_CASE_TRAPS)."""
        if has_case_trap(text):
            return None
        low = text.lower()
        found: dict = dict.fromkeys(self.names, ())   # (an empty tuple until a run of the list is found)
        owners = self.owners
        for run in self._scan.finditer(" " + low):   # one space first: offsets there are one more than here
            start, end = run.span(1)
            for name in owners[run.group(1)]:
                if found[name]:
                    found[name].append((start - 1, end - 1))
                else:
                    found[name] = [(start - 1, end - 1)]
        return Heads(low, found)


@functools.cache
def head_index() -> HeadIndex:
    """The shared lists: title phrases, role descriptions (titles and "leader"), meeting words, pronouns."""
    return HeadIndex({"titles": titles(), "descriptions": _description_phrases(),
                      "meetings": _lines("meeting_words.txt"), "pronouns": PRONOUN_WORDS})


def heads_in(text: str) -> Heads | None:
    """head_index().heads(text)."""
    return head_index().heads(text)


@functools.cache
def title_finder() -> PhraseFinder:
    """title_re() as a PhraseFinder (same matches, found faster)."""
    return PhraseFinder(title_re(), titles(), name="titles")


def find_titles(text: str, heads: Heads | None = None) -> list[tuple[int, int, str]]:
    """(start, end, phrase as written) of every title phrase in `text`: the matches of title_re().finditer(text).
    (`heads`: heads_in(text), if known.)"""
    out = []
    for s, e in title_finder().spans(text, heads):
        out.append((s, e, text[s:e]))
    return out


def find_descriptions(text: str, heads: Heads | None = None) -> list[re.Match]:
    """The matches of description_re().finditer(text), found by _description_scan(). (`heads`:
    heads_in(text), if known: a text where no phrase's leading letters stand alone, in lower case, has none.)"""
    if heads is not None:
        # the pattern is case-sensitive and its phrases lower case: a phrase opens where a run of `heads` is
        # lower case in the text too (a text with none has no match)
        for start, end in heads.found["descriptions"]:
            if text[start:end].islower():
                break
        else:
            return []
    return list(_description_scan("'s" in text or "’s" in text).finditer(text))


def _description_phrases() -> list[str]:
    return sorted([*titles(), "leader"], key=len, reverse=True)


@functools.cache
def description_re() -> re.Pattern:
    """A role description: "the Iraqi leader", "the US defense secretary", "France's foreign minister"."""
    alt = "|".join(_phrase_pattern(p) for p in _description_phrases())
    return re.compile(
        rf"(?:\b(?:the|his|her)\s+(?:[A-Z][\w.]*\s+){{0,2}}|\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)?['’]s\s+)(?:{alt})\b(?!\s+[A-Z])")


@functools.cache
def _description_scan(possessive: bool = True) -> re.Pattern:
    r"""description_re() written to be scanned fast, with the same matches:

    - it opens with the class of every match's first character (t, h or a capital: "the", "his",
      "her", a capitalised word), scanned for at C speed; the look-behind after it is the leading
      \b (that character is a word character, so \b means no word character before it), and a
      look-behind on that character picks the alternative;
    - quantifiers whose run is always followed by a character the run cannot hold (a space after
      [\w.]*, a letter or capital after \s+) are possessive: giving characters back never helps;
    - before the phrase alternation, a look-ahead for a whole run of letters that begins some
      phrase (each phrase opens with one), so the long alternation is tried only there;
    - without `possessive`, for a text that holds no "'s" (nor "’s"), the capitalised-word alternative
      ("France's …"), which cannot match there, is left out (and so are the capitals it starts with).
    """
    phrases = _description_phrases()
    if not all(p.isascii() and _LETTER_RUN.match(p) for p in phrases):   # the look-ahead needs letter heads
        return description_re()
    alt = "|".join(_phrase_pattern(p) for p in phrases)
    guard = rf"(?=(?:{_trie({_LETTER_RUN.match(p).group() for p in phrases})})(?![a-z]))"
    after_article = r"\s++(?:[A-Z][\w.]*+\s++){0,2}"
    owner = r"|(?<=[A-Z])[\w.]*+(?:\s[A-Z][\w.]*+)?['’]s\s++" if possessive else ""
    return re.compile(
        rf"[th{'A-Z' if possessive else ''}](?<!\w.)(?:(?<=t)he{after_article}|(?<=h)(?:is|er){after_article}"
        rf"{owner}){guard}(?:{alt})\b(?!\s+[A-Z])")


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
