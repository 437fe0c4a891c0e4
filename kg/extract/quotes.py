"""Statements: quotations in every quote style, attributed to their speakers."""
from __future__ import annotations

from kg.extract.people import PeopleIndex
from kg.model import ArticleFacts
from kg.text import Document


def find_statements(doc: Document, facts: ArticleFacts, *, people: PeopleIndex) -> None:
    """Find the quotations of an article, their speakers and meetings; add to facts.statements."""
