"""Datelines: the place (and date) a report says it was filed from, where its body starts.

"WASHINGTON, Dec 18 (Reuters) -", "BONN, Germany —", "ROME (AA) -", "CAIRO:", "TOKYO –", a line holding
only "ISTANBUL", an agency credit line "Press Trust of India New Delhi". The read stage knows no
gazetteer, so the place is a candidate: the extractors check it against theirs.
"""
from __future__ import annotations

import re
from datetime import date

from kg.model import Dateline, Span
from kg.read.dates import MONTHS, find_absolute_dates, word_key, year_for

# a word of a place name: letters, with inner apostrophes, dots and hyphens ("Xi'an", "N.Y.", "Al-Arish"), or a
# short abbreviation with its stop ("ST.")
_PART = r"[^\W\d_](?:[^\W\d_]|['’.](?=[^\W\d_]))*(?:(?<=\.[^\W\d_])\.)?"
_WORD = rf"(?:[^\W\d_]{{1,3}}\.(?= )|{_PART}(?:-{_PART})*)"
_PLACE = rf"(?P<place>{_WORD}(?: {_WORD}){{0,3}})"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_DATE = rf"(?P<date>(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+(?:19|20)\d\d)?)"
_REGION = rf"(?P<region>(?!{_MONTH}\s)[A-Z][^\W\d_'’]*\.?(?:[ .][A-Z][^\W\d_'’]*\.?){{0,2}})"
# place, ", Region", ", Date", "(Agency)"; then ":", a dash or "./TASS/." and a space (or, standing alone, the line's end)
_HEAD = (rf"{_PLACE}(?:,\s*{_REGION}(?=[,\s(:—–-]))?(?:,\s*{_DATE})?"
         r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?")
_SEP = r"(?P<sep>:|[—–]|-{1,2}|\.?\s*/[^/\n]{1,20}/\.?)"
_INLINE = re.compile(rf"{_HEAD}(?:\s*{_SEP}(?=\s)|(?<=\))(?=\s))", re.I)
_ALONE = re.compile(rf"{_HEAD}\s*{_SEP}?\s*$", re.I)
# the words that open a paragraph as a label, or end a credit line, not a place ("Analysis:", "UPDATE —", "Reuters Staff")
_LABELS = {"update", "updated", "analysis", "opinion", "editorial", "comment", "commentary", "watch", "video", "photo",
           "photos", "live", "breaking", "exclusive", "note", "read", "also", "summary", "background", "explainer",
           "factbox", "correction", "source", "sources", "advertisement", "file", "image", "images", "listen", "share",
           "staff", "reporter", "reporters", "correspondent", "desk", "bureau", "editor", "report", "news", "service"}
# news agencies whose credit line names the place after them ("Press Trust of India New Delhi", "IANS | Kabul")
AGENCIES = ("press trust of india", "pti", "ians", "ani", "uni", "reuters", "thomson reuters", "afp", "agence france-presse",
            "agence france presse", "ap", "associated press", "the associated press", "xinhua", "xinhua news agency",
            "anadolu agency", "anadolu", "aa", "tass", "ria novosti", "interfax", "kyodo", "kyodo news", "yonhap",
            "bernama", "dpa", "efe", "ansa", "app", "associated press of pakistan", "wam", "spa", "saudi press agency",
            "kuna", "qna", "mena", "irna", "antara", "pna", "philippine news agency", "kabar", "akipress", "trend",
            "azertac", "ukrinform", "bta", "agerpres", "cna", "central news agency", "upi", "bloomberg", "kazinform",
            "news wires", "agencies", "wires")
_CREDIT = re.compile(r"(?:by\s+)?(?P<agency>" + "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
                     + rf")\s*[,|:–—-]?\s*{_PLACE}$", re.I)
SEARCH_LINES = 8        # lines after the title looked at
SEARCH_PARAGRAPHS = 3   # body paragraphs looked at


def _is_caps(place: str) -> bool:
    return place.upper() == place and sum(c.isalpha() for c in place) >= 2


def _is_capitalised(place: str) -> bool:
    return all(word[0].isupper() for word in place.split())


def _place_name(place: str) -> str:
    """The place as a name: "NEW DELHI" becomes "New Delhi", "AL-ARISH" "Al-Arish"; other case is kept."""
    if not _is_caps(place):
        return place
    return " ".join("-".join(part[:1] + part[1:].lower() for part in word.split("-")) for word in place.split())


def _date_of(text: str | None, issued: date | None) -> tuple[date | None, bool]:
    """The date a dateline prints, and whether it printed the year."""
    if not text:
        return None, False
    full = find_absolute_dates(text)
    if full:
        return full[0][2], True
    words = re.findall(r"[^\W\d_]+|\d+", text)
    month = next((MONTHS[word_key(w)] for w in words if word_key(w) in MONTHS), None)
    day = next((int(w) for w in words if w.isdigit()), None)
    if month is None or day is None:
        return None, False
    return year_for(month, day, issued), False


def _inline(line: str, start: int, issued: date | None, *, alone: bool):
    """(Dateline, year printed) for a line that opens with a dateline, else None. `alone`: the line is not
    body text (the dateline may be all there is)."""
    match = (_ALONE if alone else _INLINE).match(line)
    if not match:
        return None
    place, agency, when, region = match["place"], match["agency"], match["date"], match["region"]
    if region and not _is_capitalised(region):
        return None
    if place.split()[0].lower() in _LABELS or place.lower() in AGENCIES:   # "UPDATE —", a credit "REUTERS"
        return None
    if agency and not (_is_caps(agency) and len(agency) <= 8 or agency.lower() in AGENCIES):
        return None   # "(R-Tex.)", "(pictured)": not a news agency
    if not _is_caps(place):
        # in ordinary case ("Pence: ...", "Poll: ...") a place needs a date, an agency or a region
        if not (_is_capitalised(place) and (when or agency or region)):
            return None
    value, explicit = _date_of(when, issued)
    return Dateline(_place_name(place), Span(start + match.start("place"), start + match.end("place")), value), explicit


def _credit(line: str, start: int):
    """(Dateline, False) for an agency credit line that names a place ("Press Trust of India New Delhi")."""
    match = _CREDIT.match(line)
    if not match or not (_is_capitalised(match["place"]) or _is_caps(match["place"])):
        return None
    if match["place"].split()[0].lower() in _LABELS:
        return None
    return Dateline(_place_name(match["place"]), Span(start + match.start("place"), start + match.end("place"))), False


def find_dateline(lines: list[tuple[Span, str]], body: list[bool], *, after: int = -1,
                  issued: date | None = None) -> tuple[Dateline | None, bool]:
    """The dateline of an article, and whether its date printed a year.

    Looks at the lines after line `after` (the title's): the first SEARCH_PARAGRAPHS body paragraphs for
    a dateline they open with, and the short lines before them for a dateline standing alone ("ISTANBUL",
    "New Delhi (PTI)") or an agency credit line.
    """
    paragraphs = 0
    for i in range(after + 1, min(len(lines), after + 1 + SEARCH_LINES)):
        span, line = lines[i]
        if body[i]:
            found = _inline(line, span.start, issued, alone=False)
            paragraphs += 1
        elif len(line) <= 60:
            found = _inline(line, span.start, issued, alone=True) or _credit(line, span.start)
        else:
            found = None
        if found:
            return found
        if paragraphs >= SEARCH_PARAGRAPHS:
            break
    return None, False


def opens_with_dateline(line: str) -> bool:
    """Does a line open with a dateline ("TOKYO –", "Washington, Dec 18:")? A headline never does."""
    return _inline(line, 0, None, alone=False) is not None
