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
    r"|(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)"
    r"|(?P<dday>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?!\.?,?\s+(?:19|20)\d\d))\b",
    re.I)
_RELATIVE_LOWER = re.compile(_RELATIVE.pattern)   # the same on lower-cased text, case-sensitively (faster)
# ... and, on the text behind one space, from the character before the match: every alternative starts with a
# word character (a letter, or the digit of "7 September"), so its leading \b is that character being no word character. A pattern that opens with a class is
# scanned for it at C speed; a match ends in a word character, so the character taken first is never in the
# match before it.
assert _RELATIVE.pattern.startswith(r"\b(?:")
_RELATIVE_AFTER_EDGE = re.compile(r"[^\w](" + _RELATIVE.pattern[2:] + ")")
_DIGIT = re.compile(r"\d")   # (what the day of a month opens with)
_MAY = re.compile(r"May\s")
_VERB_MONTHS = {"may", "mar", "march"}


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
    """Weekday and relative day phrases ("on Tuesday", "yesterday", "Jan. 20", "7 September") resolved against `issued`.

    A weekday is the most recent such day on or before the publication date (the next one on or
    after it when `future`); "Jan. 20" and "20 January" without a year take the issued year. Without `issued`, nothing.
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
        elif match.group("dday"):   # "7 September": a lower-case "may", "mar" or "march" is a verb or a word
            month = match.group("dmonth")
            if word_key(month) in _VERB_MONTHS and not month[0].isupper():
                continue
            try:
                value = date(issued.year, MONTHS[word_key(month)], int(match.group("dday")))
            except ValueError:
                continue
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


# ---- publication stamps ---------------------------------------------------------------------------------
# Pages print their date in numeric forms too ("02/25/2023 | 09:45pm EST", "20.05.2020 - 09:24",
# "2019-12-19T10:00:00Z"). These are read only in stamp lines (the top of a page, after a "Published:"
# label), never in running text, where "1.5.2020" may be a score or a version.
_YMD = re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<a>[01]?\d)(?P=sep)(?P<b>[0-3]?\d)(?!\d)")
_DMY_DOTS = re.compile(r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)")
_SLASHED = re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)")
# The same three as they are scanned: opening with their first digit (a pattern that opens with a look-behind is
# tried at every position; one that opens with a class is scanned for it at C speed), the look-behind moved
# after that digit (it still tests the character before it) and "[0-3]?\d" as "\d", then a second digit when
# the first is 0-3, "19|20" as "[12]" and the digit after it. The same matches, a third of the time.
_YMD_SCAN = re.compile(r"(?P<year>[12](?<![\d.].)(?:(?<=1)9|(?<=2)0)\d\d)(?P<sep>[-/.])(?P<a>[01]?\d)(?P=sep)(?P<b>[0-3]?\d)(?!\d)")
_DMY_DOTS_SCAN = re.compile(r"(?P<a>\d(?<![\d.].)(?:(?<=[0-3])\d)?)\.(?P<b>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)")
_SLASHED_SCAN = re.compile(r"(?P<a>\d(?<![\d/.-].)(?:(?<=[0-3])\d)?)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep)"
                           r"(?P<year>(?:19|20)\d\d)(?!\d)")
# a twelve-hour clock or a North American time zone: the stamp writes the month first ("02/03/2023 9:45pm EST")
_US_CLOCK = re.compile(r"\d\s?[aApP]\.?[mM]\b|\b[ECMP][SD]?T\b")


def _numeric_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _slashed_date(match: re.Match, text: str) -> date | None:
    """"a/b/yyyy": the order its numbers allow; when both do, month first beside a 12-hour clock or a US time
    zone, else day first (the order of most of the world)."""
    a, b, year = int(match["a"]), int(match["b"]), match["year"]
    if a > 12 and b <= 12:
        return _numeric_date(year, match["b"], match["a"])
    if b > 12 and a <= 12:
        return _numeric_date(year, match["a"], match["b"])
    if _US_CLOCK.search(text):
        return _numeric_date(year, match["a"], match["b"])
    return _numeric_date(year, match["b"], match["a"])


def find_stamp_dates(text: str) -> list[tuple[int, int, date]]:
    """Every full date of a publication stamp, as (start, end, date) in text order: the forms of
    find_absolute_dates and the numeric ones ("2019-12-19T10:00", "20.05.2020", "02/25/2023")."""
    if not has_year(text):
        return []
    found = find_absolute_dates(text)
    numeric = [(m.start(), m.end(), _numeric_date(m["year"], m["a"], m["b"])) for m in _YMD_SCAN.finditer(text)]
    numeric += [(m.start(), m.end(), _numeric_date(m["year"], m["b"], m["a"])) for m in _DMY_DOTS_SCAN.finditer(text)]
    numeric += [(m.start(), m.end(), _slashed_date(m, text)) for m in _SLASHED_SCAN.finditer(text)]
    for s, e, value in sorted(numeric):
        if value and not any(a <= s < b or s <= a < e for a, b, _ in found):
            found.append((s, e, value))
    return sorted(found)


# ---- dates without a year, and the reference they resolve against ------------------------------------------

def year_for(month: int, day: int, reference: date | None) -> date | None:
    """The date of a month and day printed without a year ("Dec 18"): in the reference's year, or the
    year before when that would put it more than a week after the reference (a dateline of December 30
    on a page stamped January 2). None without a reference or for a day the month does not have."""
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= reference + timedelta(days=7):
            return value
    return None


def reference_date(article) -> date | None:
    """The date an article's weekdays and yearless dates resolve against: its publication stamp, else the
    date of its dateline."""
    if article.issued is not None:
        return article.issued
    dateline = getattr(article, "dateline", None)
    return dateline.date if dateline is not None else None


def article_dates(text: str, article, *, future=False) -> list[tuple[int, int, date]]:
    """find_dates(text) with an article's reference date (reference_date): what the extractors call on a
    sentence of that article."""
    return find_dates(text, issued=reference_date(article), future=future)
