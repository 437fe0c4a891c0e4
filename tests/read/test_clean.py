"""Cleaning: line spans always point into the text, and odd lines never break body detection."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.read import clean


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_line_spans_point_at_the_stripped_lines(text):
    lines = clean.lines_with_spans(text)
    for span, line in lines:
        assert text[span.start:span.end] == line == line.strip() and line
        assert "\n" not in line
    assert [s.start for s, _ in lines] == sorted(s.start for s, _ in lines)
    assert len(clean.body_lines(lines)) == len(lines)


def test_crlf_leftovers_and_odd_separators_do_not_split_spans_wrongly():
    text = "First line here.\u2028still the first\n\n\u00a0 Second line, indented. \n"
    lines = clean.lines_with_spans(text)
    assert [line for _, line in lines] == ["First line here.\u2028still the first", "Second line, indented."]


def test_prose_is_body_and_furniture_is_not():
    lines = clean.lines_with_spans(
        "Foreign ministers from Norway and Iceland met in Oslo on Monday, officials said.\n"
        "arrow-down-circle Reply Icon Show More share-icon close-icon menu-icon Facebook Twitter\n"
        "Short teaser line that is prose enough.\nRead more\n")
    assert clean.body_lines(lines) == [True, False, False, False]


def test_words_count_letters_not_symbols():
    assert clean.word_count('"""  \\\\ >>> <<< 123') == 0
    assert clean.word_count("Genève’s café, l’été") == 3
