"""Reading, cleaning, dates and sentences: the faster scans give what the plain patterns and loops gave."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import clean, dates, read
from kg.model import Article, Span
from kg.text import Document

_DATE_WORDS = ["Monday", "monday", "MONDAY", "morning", "yesterday", "Today", "May", "may", "5", "20", "2016", "June",
               "Sept.", "sept", "12th", ",", "\u017funday", "\u0130", "Jan.", "the", "2016-01-20", "tonight", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=10).map(" ".join))
def test_relative_dates_found_on_lower_cased_text_are_the_pattern_s(text):
    fast = [(m.span(), m.groupdict()) for m in dates._relative_matches(text)]
    assert fast == [(m.span(), m.groupdict()) for m in dates._RELATIVE.finditer(text)]


def test_relative_pattern_is_all_lower_case():
    source = dates._RELATIVE.pattern.replace("(?P<", "(?<")   # group syntax aside, no upper-case letter
    assert source == source.lower()


def test_absolute_dates_need_a_year():
    assert dates.find_absolute_dates("on 20 January") == []
    assert [d.isoformat() for _, _, d in dates.find_absolute_dates("on 20 January 2016")] == ["2016-01-20"]


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="a.!?…,\"”’')] \t\n(“\u00a0", max_size=10))
def test_ends_sentence_is_the_sentence_end_pattern(line):
    assert clean.ends_sentence(line) == bool(clean._SENTENCE_END.search(line))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["Read more", "read more of this report now", "Advertisement", "By Jane Doe", "© AFP 2016",
                        "Updated: 2016", "Share this article", "A plain sentence.", "comments", "5 min read", "x"]))
def test_joined_furniture_pattern_agrees_with_each_pattern(line):
    assert clean._furniture_re().match(line) is not None or not any(p.match(line) for p in clean.furniture_patterns())
    assert (clean._furniture_re().match(line) is not None) == any(p.match(line) for p in clean.furniture_patterns())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\t", "\x00", "\x07", "\x1f", "\ufffd", "\r", "\x0b", "é"]), max_size=60))
def test_control_ratio_counts_control_and_replacement_characters(text):
    sample = text[:65536]
    expected = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd") / len(sample) if sample else 0.0
    assert read._control_ratio(text) == expected


def test_sentence_at_by_bisection_is_the_linear_lookup():
    text = "First one here. Second one, Mr. Smith said. Third!\n\nNext paragraph starts. And ends."
    paragraphs = [Span(0, 50), Span(52, len(text))]
    doc = Document(Article(id="a", path="a", text=text, sha1="0", paragraphs=paragraphs))
    assert len(doc.sentences) == 5
    for offset in range(-1, len(text) + 2):
        linear = next((s for s in doc.sentences if s.span.start <= offset < s.span.end), None)
        assert doc.sentence_at(offset) == linear
