"""Sentence splitting keeps abbreviations and offsets intact."""
from __future__ import annotations

from kg.text import split_sentences


def test_sentences_keep_their_offsets():
    text = "Mr. Fabius arrived. He met U.S. officials in Paris on Sept. 14. Talks went on."
    sentences = split_sentences(text, offset=100)
    assert [s.text for s in sentences] == [
        "Mr. Fabius arrived.", "He met U.S. officials in Paris on Sept. 14.", "Talks went on."]
    for s in sentences:
        assert text[s.span.start - 100:s.span.end - 100] == s.text


def test_a_closing_quote_ends_the_sentence_with_it():
    sentences = split_sentences('"We agreed." Then they left.')
    assert [s.text for s in sentences] == ['"We agreed."', "Then they left."]


def test_initials_do_not_end_a_sentence():
    assert len(split_sentences("Mary J. Blige sang. It was late.")) == 2
