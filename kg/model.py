"""The facts the extractors find in one article, before resolution across articles.

Offsets are character offsets into `Article.text` (the file decoded as UTF-8 with `\\n` newlines),
so every fact can point back at the sentence it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) of the article text."""

    start: int
    end: int


@dataclass(frozen=True)
class Dateline:
    """Where (and when) a report says it was filed: "BONN, Germany —", "GENEVA, Oct 24 (AP) -", "CAIRO:".

    `place` is the place name as written (capitals made title case), a candidate the extractors check
    against their gazetteer; `span` its characters in Article.text; `date` the dateline's date, a month
    and day without a year taking the year of the publication stamp (None without one).
    """

    place: str
    span: Span
    date: date | None = None


@dataclass
class Article:
    """One source document: its text, the body paragraphs that survived cleaning, title and date."""

    id: str                      # file name without its extension
    path: str
    text: str                    # whole decoded text; offsets point into it
    sha1: str                    # of the file's bytes
    title: str | None = None
    title_span: Span | None = None
    issued: date | None = None   # publication date, only when the text states one
    paragraphs: list[Span] = field(default_factory=list)   # body paragraphs, furniture removed
    dateline: Dateline | None = None   # the place (and date) the body opens with, if it opens with one

    def paragraph_texts(self):
        """Yield (span, text) for each body paragraph."""
        for span in self.paragraphs:
            yield span, self.text[span.start:span.end]


@dataclass(frozen=True, order=True)
class City:
    """A city from the gazetteer."""

    geonameid: int
    name: str
    country: str                 # ISO 3166-1 alpha-2


@dataclass
class Person:
    """A person as one article knows them; `key` is unique within the article."""

    key: str
    name: str                    # fullest name the article gives
    alt_names: set[str] = field(default_factory=set)
    role: str | None = None      # local name of a dip:Role individual, e.g. "ForeignMinister"
    role_text: str | None = None # the title as written, e.g. "French foreign minister"
    minister: bool = False
    country: str | None = None   # ISO2 of the country whose government the person speaks for
    spans: list[Span] = field(default_factory=list)


@dataclass
class Meeting:
    """A meeting one article tells of; `key` is unique within the article."""

    key: str
    city: City | None = None
    date: date | None = None
    planned: bool = False        # announced, not yet held
    label: str | None = None
    hosts: set[str] = field(default_factory=set)          # ISO2 codes
    participants: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)         # said to be absent, not invited, excluded
    attendees: set[str] = field(default_factory=set)      # Person keys
    spans: list[Span] = field(default_factory=list)       # sentences that tell of the meeting
    evidence: dict[tuple[str, str], Span] = field(default_factory=dict)  # (property, value) -> sentence


@dataclass
class Statement:
    """A quotation (or reported statement) and who said it."""

    text: str
    span: Span
    speaker: str | None = None   # Person key
    meeting: str | None = None   # Meeting key
    direct: bool = True          # False for reported (indirect) speech


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    persons: dict[str, Person] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    countries: dict[str, list[Span]] = field(default_factory=dict)   # ISO2 -> mentions
