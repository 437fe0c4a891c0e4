"""Meetings: conferences, summits and talks, with date, city, hosts, participants and attendees."""
from __future__ import annotations

from kg.extract.people import PeopleIndex
from kg.model import ArticleFacts
from kg.text import Document


def find_meetings(doc: Document, facts: ArticleFacts, *, people: PeopleIndex) -> None:
    """Find the meetings an article tells of and add them to facts.meetings."""
