"""Dates in news text: absolute ("02 June, 2015", "Sept. 26, 2016") and relative ("on Tuesday", "yesterday")."""
from __future__ import annotations

import re
from datetime import date, timedelta

from kg.read.text import has_case_trap, word_start_alternation

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

ABSOLUTE = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
]


_YEARISH = re.compile(r"(?:19|20)\d\d")   # every ABSOLUTE pattern needs one: a cheap test first


def has_year(text: str) -> bool:
    """_YEARISH.search(text) is not None, after looking for "19" or "20" at C speed (most texts have neither)."""
    return ("19" in text or "20" in text) and _YEARISH.search(text) is not None


# ABSOLUTE for the lower-cased text (of a text without a case trap: see lexicon.Caseless), case-sensitively and
# opening with their first character (the class of a year's, a day's or a month's first character,
# scanned for at C speed), the leading \b turned into a look-behind after it: the same matches.
_MONTH_SCAN = r"(?P<month>" + word_start_alternation(
    ["jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may", "june?", "july?", "aug(?:ust)?",
     "sept?(?:ember)?", "oct(?:ober)?", "nov(?:ember)?", "dec(?:ember)?"]) + r")\.?"
_ABSOLUTE_SCAN = [
    re.compile(r"(?P<year>[12](?<!\w.)(?:(?<=1)9|(?<=2)0)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"(?P<day>\d(?<!\w.)(?:(?<=[0-3])\d)?)(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b"),   # [0-3]?\d
    re.compile(rf"{_MONTH_SCAN}\s+{_DAY},?\s+{_YEAR}\b"),
]


# the letters IGNORECASE matches to ASCII ones ("ſept" matches "sept"), as those ASCII letters
_CASE_TRAP_LETTERS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def word_key(word: str) -> str:
    """A matched month, weekday or day word as the tables spell it: lower case ASCII, no final stop."""
    return word.translate(_CASE_TRAP_LETTERS).lower().rstrip(".")


def _to_date(match: re.Match) -> date | None:
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[word_key(parts["month"])]
    try:
        return date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None


def find_absolute_dates(text: str) -> list[tuple[int, int, date]]:
    """Every full date (day, month and year) in `text` as (start, end, date), in text order."""
    found = {}
    if not has_year(text):
        return []
    patterns, scan = (ABSOLUTE, text) if has_case_trap(text) else (_ABSOLUTE_SCAN, text.lower())
    for pattern in patterns:
        for match in pattern.finditer(scan):
            value = _to_date(match)
            if value and not any(s <= match.start() < e for s, e in found):
                found[(match.start(), match.end())] = value
    return sorted((s, e, d) for (s, e), d in found.items())


def parse_date(text: str) -> date | None:
    """The first full date in `text`, or None."""
    dates = find_absolute_dates(text)
    return dates[0][2] if dates else None


WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(
    r"\b(?:(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|(?P<word>yesterday|today|tomorrow|tonight)"
    r"|(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d))\b",
    re.I)
_RELATIVE_LOWER = re.compile(_RELATIVE.pattern)   # the same on lower-cased text, case-sensitively (faster)
# ... and, on the text behind one space, from the character before the match: every alternative starts with a
# letter, so its leading \b is that character being no word character. A pattern that opens with a class is
# scanned for it at C speed; a match ends in a word character, so the character taken first is never in the
# match before it.
assert _RELATIVE.pattern.startswith(r"\b(?:")
_RELATIVE_AFTER_EDGE = re.compile(r"[^\w](" + _RELATIVE.pattern[2:] + ")")
_DIGIT = re.compile(r"\d")   # (what the day of a month opens with)
_MAY = re.compile(r"May\s")


def _relative_matches(text: str):
    """_RELATIVE.finditer(text): found on the lower-cased text, then matched again on the text itself
    (lower() keeps every character's length and class there, unless the text holds a case trap)."""
    if has_case_trap(text):
        return list(_RELATIVE.finditer(text))
    low = text.lower()
    # every match holds "day" (the weekdays, "yesterday", "today"), "tomorrow", "tonight" or a day of the month
    if not ("day" in low or "tomorrow" in low or "tonight" in low or _DIGIT.search(text)):
        return []
    return [_RELATIVE.match(text, m.start()) for m in _RELATIVE_AFTER_EDGE.finditer(" " + low)]


def find_relative_dates(text: str, *, issued, future=False) -> list[tuple[int, int, date]]:
    """Weekday and relative day phrases ("on Tuesday", "yesterday", "Jan. 20") resolved against `issued`.

    A weekday is the most recent such day on or before the publication date (the next one on or
    after it when `future`); "Jan. 20" without a year takes the issued year. Without `issued`, nothing.
    `future` may be a function of no arguments: it is then called (once) only if a weekday needs it.
    """
    if issued is None:
        return []
    out = []
    for match in _relative_matches(text):
        if match.group("day"):
            if callable(future):
                future = bool(future())
            wanted = WEEKDAY_NAMES.index(word_key(match.group("day")))
            delta = (issued.weekday() - wanted) % 7
            value = issued + timedelta(days=(7 - delta) % 7) if future else issued - timedelta(days=delta)
        elif match.group("word"):
            value = issued + timedelta(days={"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word_key(match.group("word"))])
        else:
            if word_key(match.group("month")) == "may" and not _MAY.match(match.group()):
                continue
            try:
                value = date(issued.year, MONTHS[word_key(match.group("month"))], int(match.group("mday")))
            except ValueError:
                continue
        out.append((match.start(), match.end(), value))
    return out


def find_dates(text: str, *, issued=None, future=False) -> list[tuple[int, int, date]]:
    """Absolute dates, then relative ones that do not overlap them, in text order (`future` as for
    find_relative_dates)."""
    found = find_absolute_dates(text)
    for s, e, d in find_relative_dates(text, issued=issued, future=future):
        if not any(a <= s < b or s <= a < e for a, b, _ in found):
            found.append((s, e, d))
    return sorted(found)
