"""Per-article extraction: people, then meetings, then statements, over one Document.

Each step adds to the ArticleFacts; later steps may use what earlier ones found (statements
need their speakers among the people and their meetings among the meetings).
"""
from __future__ import annotations

from kg.extract import meetings, people, quotes
from kg.extract.document import Document
from kg.model import Article, ArticleFacts


def extract(article: Article) -> ArticleFacts:
    """All the facts one article states."""
    doc = Document(article)
    facts = ArticleFacts(article=article)
    index = people.find_people(doc, facts)
    meetings.find_meetings(doc, facts, people=index)
    quotes.find_statements(doc, facts, people=index)
    return facts
