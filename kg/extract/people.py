"""People: names with titles, roles and the country they speak for; later mentions resolved.

Fills `facts.persons` and `facts.countries` and returns a PeopleIndex the later stages use to
turn a name, surname, pronoun or role description at an offset into a person key.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from kg.model import ArticleFacts, Span
from kg.text import Document


@dataclass(frozen=True, order=True)
class Mention:
    """A stretch of text that refers to a person (name, surname, pronoun or description)."""

    span: Span
    key: str
    kind: str = "name"   # name | surname | pronoun | description


@dataclass
class PeopleIndex:
    """The person mentions of one article, in text order, with lookups by offset."""

    mentions: list[Mention] = field(default_factory=list)

    def in_span(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie inside [start, end)."""
        i = bisect.bisect_left(self.mentions, Mention(Span(start, -1), ""))
        out = []
        while i < len(self.mentions) and self.mentions[i].span.start < end:
            if self.mentions[i].span.end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def last_before(self, offset: int) -> Mention | None:
        """The last mention that ends at or before `offset`."""
        best = None
        for mention in self.mentions:
            if mention.span.end <= offset:
                best = mention
            else:
                break
        return best


def find_people(doc: Document, facts: ArticleFacts) -> PeopleIndex:
    """Find the people of an article; fill facts.persons and return their mentions."""
    return PeopleIndex()
