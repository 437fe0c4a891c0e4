"""Quoted passages in every quote style: straight, curly, ``''`` closers, single quotes, apostrophes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.quotemarks import find_quotations


def quoted(text: str) -> list[str]:
    return [text[q.inner.start:q.inner.end] for q in find_quotations(text)]


def test_straight_and_curly_double_quotes():
    assert quoted('"We will stay the course," the minister said.') == ["We will stay the course,"]
    assert quoted("“We will stay the course,” the minister said.") == ["We will stay the course,"]


def test_two_apostrophes_close_a_curly_quote():
    text = "“That does not mean we oppose a change,'' the envoy told reporters."
    assert quoted(text) == ["That does not mean we oppose a change,"]


def test_apostrophes_inside_a_quote_do_not_end_it():
    text = "\"They're not ready, and we don't know why,\" she said."
    assert quoted(text) == ["They're not ready, and we don't know why,"]


def test_nested_single_quotes_stay_inside_the_double_quote():
    text = "\"It felt like, 'Wait, we can do this later,'\" he said."
    assert quoted(text) == ["It felt like, 'Wait, we can do this later,'"]


def test_single_quoted_passage_and_possessive_apostrophe():
    found = find_quotations("The voters' choice was called 'a difficult one to make' by the paper.")
    assert [(q.single, "The voters' choice was called 'a difficult one to make' by the paper."[q.inner.start:q.inner.end])
            for q in found] == [(True, "a difficult one to make")]


def test_split_quote_gives_two_passages():
    assert quoted("\"First part,\" the mayor said, \"and the second part.\"") == ["First part,", "and the second part."]


def test_unclosed_quote_runs_to_the_end_of_the_paragraph():
    found = find_quotations("“We must act now. There is no other way.")
    assert len(found) == 1 and found[0].unclosed


def test_closing_mark_without_opener_is_a_continuation():
    found = find_quotations("and that is the end of it,” she added.")
    assert found[0].continued and found[0].inner.start == 0


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="'`\"“”„‟«»a ’", max_size=16))
def test_double_mark_scan_finds_the_double_mark_pattern_s_matches(text):
    from kg.extract import quotemarks
    from kg.read.text import occurrences

    assert [m.span() for m in quotemarks._DOUBLE_SCAN.finditer(text)] == [m.span() for m in quotemarks._DOUBLE.finditer(text)]
    assert occurrences(text, quotemarks._SINGLE_LITERALS) == [m.start() for m in quotemarks._SINGLE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="'`\"a .", max_size=16))
def test_an_ascii_text_without_a_double_mark_s_characters_has_no_double_mark(text):
    from kg.extract import quotemarks

    if quotemarks._DOUBLE.search(text):   # then the quick test lets the scan run
        assert '"' in text or "''" in text or "``" in text
    else:
        assert quotemarks.find_double(text) == []


_MARK_TEXT = st.text(alphabet="'`\"“”„‟«»‘’ a.,s\n(", max_size=24)


@settings(max_examples=800, deadline=None)
@given(_MARK_TEXT)
def test_quotations_are_double_and_single_ones_in_text_order(text):
    from kg.extract import quotemarks

    double = quotemarks.find_double(text)
    assert quotemarks.find_quotations(text) == sorted(double + quotemarks.find_single(text, outside=double),
                                                      key=lambda q: q.outer.start)


@settings(max_examples=500, deadline=None)
@given(_MARK_TEXT)
def test_a_single_mark_after_a_letter_or_digit_never_opens(text):
    from kg.extract import quotemarks

    for i in range(1, len(text)):
        if text[i - 1].isalnum():
            assert not quotemarks._is_single_open(text, i)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a.!?, \n\t", max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_stop_end_searched_in_bounds_is_searched_in_the_slice(text, start, end):
    import re

    from kg.extract import quotemarks

    start, end = min(start, len(text)), min(end, len(text))
    assert bool(quotemarks._STOP_END.search(text, start, end)) == bool(re.search(r"[.!?,]\s*$", text[start:end])) \
        or start > end
