"""Sentence splitting keeps abbreviations and offsets intact."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.read.text import split_sentences, word_start_alternation


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


_ALTERNATIVES = ["is due to", "is to", "are", "and", "as", "with", "w\\w+", "a(?:n|re)"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALTERNATIVES), min_size=1, max_size=6, unique=True),
       st.lists(st.sampled_from(["is", "due", "to", "are", "and", "as", "an", "with", "wit", "x", "_", "5", "é", " ", ","]),
                max_size=12).map(" ".join))
def test_word_start_alternation_is_the_alternation_after_a_word_edge(alternatives, text):
    plain = re.compile(r"\b(?:" + "|".join(alternatives) + r")")
    fast = re.compile(word_start_alternation(alternatives))
    assert [(m.span(), m.group()) for m in fast.finditer(text)] == [(m.span(), m.group()) for m in plain.finditer(text)]


def test_word_start_alternation_needs_a_letter_first():
    import pytest

    with pytest.raises(ValueError):
        word_start_alternation(["with", r"\s+and"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ", max_size=20), st.lists(st.sampled_from(["a", "ab", "ba", "b a", "aa", "x"]), max_size=4))
def test_occurrences_are_every_start_of_a_literal(text, literals):
    from kg.read.text import occurrences

    assert occurrences(text, literals) == [i for i in range(len(text)) if any(text.startswith(lit, i) for lit in literals)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "I", "i", "\u0130", "\u0131", "\u017f", "\u212a", "é", "’", " "]), max_size=12))
def test_has_case_trap_is_the_set_test(text):
    from kg.read.text import has_case_trap

    assert has_case_trap(text) == (not text.isascii() and not frozenset("\u0130\u0131\u017f\u212a").isdisjoint(text))
