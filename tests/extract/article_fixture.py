"""Build a Document from a few sentences written for the tests."""
from __future__ import annotations

from datetime import date

from kg.extract.document import Document
from kg.model import Article, ArticleFacts, Span


def make_doc(*paragraphs: str, issued: date | None = None) -> tuple[Document, ArticleFacts]:
    """An article whose body is the given paragraphs, as a Document and empty facts."""
    text = "Headline for a test article\n\n" + "\n\n".join(paragraphs) + "\n"
    article = Article(id="t", path="t.txt", text=text, sha1="0", title="Headline for a test article", issued=issued)
    start = text.index("\n\n") + 2
    for para in paragraphs:
        article.paragraphs.append(Span(start, start + len(para)))
        start += len(para) + 2
    return Document(article), ArticleFacts(article=article)
