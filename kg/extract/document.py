"""The article as the extractors see it: its body sentences with offsets, and each sentence's lexicon heads.

A `Document` is made once per article; the heads of a sentence (where the shared phrase lists may
match, see `lexicon.heads_in`) are found once for all the extractors that ask.
"""
from __future__ import annotations

import bisect

from kg.extract.lexicon import heads_in
from kg.model import Article
from kg.read.text import Sentence, split_sentences

_UNSEEN = object()


class Document:
    """An article ready for extraction: its body sentences, in order, with offsets."""

    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.sentences: list[Sentence] = []
        for index, (span, para) in enumerate(article.paragraph_texts()):
            self.sentences.extend(split_sentences(para, span.start, index))
        self._heads: dict = {}   # sentence text -> lexicon.heads_in(text)
        self._starts = [s.span.start for s in self.sentences]
        self._ordered = all(a.span.end <= b.span.start for a, b in zip(self.sentences, self.sentences[1:]))

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds a character offset (by bisection: sentences are in text order)."""
        if self._ordered:
            i = bisect.bisect_right(self._starts, offset) - 1
            if i >= 0 and offset < self.sentences[i].span.end:
                return self.sentences[i]
            return None
        for sentence in self.sentences:
            if sentence.span.start <= offset < sentence.span.end:
                return sentence
        return None

    def heads(self, text: str):
        """lexicon.heads_in(text) for a sentence of this document, found once for all the extractors."""
        found = self._heads.get(text, _UNSEEN)
        if found is _UNSEEN:
            found = self._heads[text] = heads_in(text)
        return found

    def paragraph_sentences(self, paragraph: int) -> list[Sentence]:
        """The sentences of one body paragraph."""
        return [s for s in self.sentences if s.paragraph == paragraph]
