"""Reading, cleaning, dates and sentences: the faster scans give what the plain patterns and loops gave."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.document import Document
from kg.model import Article, Span
from kg.read import article as read
from kg.read import clean
from kg.read import dates

_DATE_WORDS = ["7", "of", "March", "september", "Monday", "monday", "MONDAY", "morning", "yesterday", "Today", "May", "may", "5", "20", "2016", "June",
               "Sept.", "sept", "12th", ",", "\u017funday", "\u0130", "Jan.", "the", "2016-01-20", "tonight", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=10).map(" ".join)
       | st.lists(st.sampled_from(_DATE_WORDS + [" ", "_", "."]), max_size=10).map("".join))
def test_relative_dates_found_on_lower_cased_text_are_the_pattern_s(text):
    fast = [(m.span(), m.groupdict()) for m in dates._relative_matches(text)]
    assert fast == [(m.span(), m.groupdict()) for m in dates._RELATIVE.finditer(text)]


def test_relative_pattern_is_all_lower_case():
    source = dates._RELATIVE.pattern.replace("(?P<", "(?<")   # group syntax aside, no upper-case letter
    assert source == source.lower()


def _plain_absolute_dates(text):
    """find_absolute_dates as the plain patterns give it (each tried at every position of the text)."""
    found = {}
    for pattern in dates.ABSOLUTE:
        for match in pattern.finditer(text):
            value = dates._to_date(match)
            if value and not any(s <= match.start() < e for s, e in found):
                found[(match.start(), match.end())] = value
    return sorted((s, e, d) for (s, e), d in found.items())


_ABSOLUTE_WORDS = ["2016", "1999", "2016-01-20", "2016-13-40", "x2016-01-20", "02", "2", "31st", "4th", "40", "9", "June",
                   "june", "JUNE", "Sept.", "sept", "September", "Dec", "December", "May", "mar", "x", ",", "  ", "\n",
                   "_", "é", "\u017fept", "\u0130", "Jan.", "the", "1920", "2099", "12th,"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_ABSOLUTE_WORDS), max_size=10).map(" ".join)
       | st.lists(st.sampled_from(_ABSOLUTE_WORDS + [" ", "-"]), max_size=10).map("".join))
def test_absolute_dates_found_on_lower_cased_text_are_the_pattern_s(text):
    assert dates.find_absolute_dates(text) == _plain_absolute_dates(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ABSOLUTE_WORDS + ["19", "20", "1", "9", "2", "0", "x"]), max_size=8).map("".join))
def test_has_year_is_the_year_pattern(text):
    assert dates.has_year(text) == (dates._YEARISH.search(text) is not None)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "0", "9", "3", "19", "20", "2016", "12", "/", "-", ".", " ", "a", "\u0663"]),
                max_size=16).map("".join))
def test_numeric_stamp_scans_find_the_plain_patterns_matches(text):
    for plain, scan in ((dates._YMD, dates._YMD_SCAN), (dates._DMY_DOTS, dates._DMY_DOTS_SCAN),
                        (dates._SLASHED, dates._SLASHED_SCAN)):
        assert [(m.span(), m.groupdict()) for m in scan.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Published", "updated", "Date", ":", " ", "|", "•", "·", "on", "Monday", "12",
                                 "Jan", "2020", "x"]), max_size=10).map("".join))
def test_stamp_labels_are_the_label_pattern_s_matches(line):
    assert [m.span() for m in read._stamp_labels(line)] == [m.span() for m in read._STAMP_LABEL.finditer(line)]


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
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\t", "\x00", "\x07", "\x1f", "\ufffd", "\r", "\x0b", "é", "\x08", "\x0e",
                                         "\x0c", "\x7f", "\x85", "€", "\U0001f600", "\udc80", "\u2028"]), max_size=60))
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


_SENTENCE_TEXT = st.lists(st.sampled_from(["Mr", "U.S", "J", "a", "é", "_", "1", ".", ".", " ", "\n", "!", "?", "”",
                                                   "“", "'", "(", "Sen", "A", "Ǆ", "²", "…"]), max_size=40).map("".join)


@settings(max_examples=800, deadline=None)
@given(_SENTENCE_TEXT, st.integers(min_value=0, max_value=5))
def test_word_before_a_full_stop_is_what_the_pattern_captures(text, start):
    import re

    from kg.read.text import word_before_stop

    for stop in (i for i, c in enumerate(text) if c == "." and i >= start):
        found = re.search(r"([\w.]+)\.$", text[start:stop + 1])
        assert word_before_stop(text, start, stop) == (found.group(1) if found else "")


def _plain_split(text, offset=0, paragraph=0):
    """split_sentences as it was written first: the last word searched for with a pattern."""
    import re

    from kg.read.text import _INITIAL, _SENT_END, ABBREVIATIONS, Sentence

    out, start = [], 0
    for match in _SENT_END.finditer(text):
        before = text[start:match.start() + 1]
        word = re.search(r"([\w.]+)\.$", before.rstrip("\"”’')]"))
        if word and match.group().startswith(".") and (
                word.group(1).lower() in ABBREVIATIONS or _INITIAL.fullmatch(word.group(1))):
            continue
        end = match.end()
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Sentence(Span(offset + start + lead, offset + end), paragraph, chunk.strip()))
        start = end
    chunk = text[start:]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(Span(offset + start + lead, offset + start + lead + len(chunk.strip())), paragraph, chunk.strip()))
    return out


@settings(max_examples=800, deadline=None)
@given(_SENTENCE_TEXT)
def test_split_sentences_is_the_plain_split(text):
    from kg.read.text import split_sentences

    assert split_sentences(text, 7, 2) == _plain_split(text, 7, 2)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["word", "x", "3", "—", "Genève’s", "l’été", ".", "!", '"', "\u00a0", "a.b"]), max_size=40)
       .map(" ".join))
def test_is_prose_counting_fifteen_words_at_most_is_the_full_count(line):
    words = clean.word_count(line)
    assert clean.is_prose(line) == (clean.ends_sentence(line) and words >= 4 or words >= 15)


_WORD_PIECES = ["word", "x", "3", "—", "Genève’s", "l’été", ".", "!", '"', "\u00a0", "a.b", "_a", "a_", "1st", "²", "½x",
                "'", "-", "\n", "é", "x-y"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=40).map(" ".join)
       | st.lists(st.sampled_from(_WORD_PIECES + [" "]), max_size=40).map("".join))
def test_at_least_pattern_is_the_word_count(text):
    for n in (1, 4, 15):
        assert (clean._at_least(n).match(text) is not None) == (clean.word_count(text) >= n)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\t", "\r", "\u2028", "\u00a0", "é"]), max_size=30))
def test_lines_with_spans_are_the_non_blank_runs_between_newlines(text):
    import re

    plain = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if line.strip():
            start = match.start() + (len(line) - len(line.lstrip()))
            plain.append((Span(start, start + len(line.strip())), line.strip()))
    assert clean.lines_with_spans(text) == plain


_LINE_PIECES = ["Published", "Updated:", "Date created", "January 19, 2016", "2016-01-20", "19 Jan 2016", "2016", "By",
                "Jane", "Doe", "the", "talks", "Read more", "(Photo Credit: AFP)", "x", ".", "|", "20.05.2020", "02/25/2023",
                "09:45pm", "Thursday,", "TOKYO", "–"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map(" ".join), max_size=20))
def test_title_and_date_with_the_year_flags_are_the_ones_without(texts):
    lines = [(Span(0, len(t)), t) for t in texts if t]
    years = [dates.has_year(line) for _, line in lines]
    assert read.publication_date(lines, years) == read.publication_date(lines)
    assert read.find_title(lines, years) == read.find_title(lines)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\t", "\x00", "\x07", "\x1f", "\ufffd", "\r", "\x0b", "é", "\x08", "\x0e",
                                         "\x7f", "\x85", "€", "\U0001f600", "’"]), max_size=60))
def test_control_ratio_read_off_utf8_bytes_is_the_text_s(text):
    assert read._control_ratio_utf8(text.encode("utf-8"), text) == read._control_ratio(text)


def _plain_looks_like_html(text):
    head = text.lstrip()[:1000].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and ("<html" in head or "<body" in head) and "</" in text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\u2003", "<", "<html>", "<!DOCTYPE html>", "<BODY>", "</p>", "<p>", "x",
                                 "<!doctype HTML", "text"]), max_size=8).map("".join))
def test_looks_like_html_without_stripping_is_the_stripped_test(text):
    assert read.looks_like_html(text) == _plain_looks_like_html(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=30).map(lambda t: t.encode("utf-16-le"))
       | st.text(max_size=30).map(lambda t: t.encode("utf-16-be")))
def test_utf16_sniffing_needs_nul_bytes(data):
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    plain = None
    if len(sample) >= 4:
        if odd.count(0) > len(odd) * 0.3 and even.count(0) == 0:
            plain = "utf-16-le"
        elif even.count(0) > len(even) * 0.3 and odd.count(0) == 0:
            plain = "utf-16-be"
    assert read._sniff_utf16(data) == plain


# -- what the scans must find in sentences as the news writes them ------------------------------

@pytest.mark.parametrize("text,found", [
    ("The ministers met on 12 March 2024 in Vilnius.", [("12 March 2024", "2024-03-12")]),
    ("VILNIUS, March 12, 2024 - Talks opened.", [("March 12, 2024", "2024-03-12")]),
    ("Published 2024-03-12 08:15", [("2024-03-12", "2024-03-12")]),
    ("Talks resumed on Sept. 5, 2016 and ended on 12th Dec. 2016.",
     [("Sept. 5, 2016", "2016-09-05"), ("12th Dec. 2016", "2016-12-12")]),
    ("They meet in March 2024, not on 31 February 2024.", []),   # no day; no such day
])
def test_absolute_dates_in_news_sentences(text, found):
    assert [(text[s:e], d.isoformat()) for s, e, d in dates.find_absolute_dates(text)] == found


THURSDAY = date(2024, 3, 14)


@pytest.mark.parametrize("text,past,future", [
    ("The ministers met on Tuesday in Vilnius.", "2024-03-12", "2024-03-19"),
    ("Monday's talks in Ankara were tense.", "2024-03-11", "2024-03-18"),
    ("They spoke by phone yesterday.", "2024-03-13", "2024-03-13"),
    ("The envoys arrive on Friday morning.", "2024-03-08", "2024-03-15"),
])
def test_weekdays_and_yesterday_resolve_against_the_publication_day(text, past, future):
    """A weekday is the last one before the article's day, or the next one in a sentence about plans."""
    (_, _, before), = dates.find_relative_dates(text, issued=THURSDAY)
    (_, _, after), = dates.find_relative_dates(text, issued=THURSDAY, future=True)
    assert (before.isoformat(), after.isoformat()) == (past, future)


def _sentences(text):
    from kg.read.text import split_sentences

    return [s.text for s in split_sentences(text, 0, 0)]


@pytest.mark.parametrize("text,sentences", [
    ("Mr. Novak met U.S. officials in Vilnius. They agreed on a plan.",
     ["Mr. Novak met U.S. officials in Vilnius.", "They agreed on a plan."]),
    ("Gen. Carter met Sen. Ruiz. Dr. Okafor said so.", ["Gen. Carter met Sen. Ruiz.", "Dr. Okafor said so."]),
    ('J. Smith arrived. "We agreed," he said. (Reuters) Officials left.',
     ["J. Smith arrived.", '"We agreed," he said.', "(Reuters) Officials left."]),
    ("Talks resume on Jan. 5 in Geneva. Both sides said 2024 would matter.",
     ["Talks resume on Jan. 5 in Geneva.", "Both sides said 2024 would matter."]),
    pytest.param("The talks ended. Łukasz Nowak said more would follow.",
                 ["The talks ended.", "Łukasz Nowak said more would follow."],
                 id="opens-with-L-stroke"),
    pytest.param("The talks ended. Šarūnas Petraitis said more would follow.",
                 ["The talks ended.", "Šarūnas Petraitis said more would follow."],
                 id="opens-with-S-caron"),
])
def test_sentences_of_news_text(text, sentences):
    assert _sentences(text) == sentences


@pytest.mark.parametrize("line,furniture,prose", [
    ("Read more", True, False),
    ("Advertisement", True, False),
    ("By Jane Doe", True, False),
    ("Share this article", True, False),
    ("© AFP 2016", True, False),
    ("Updated: 12 March 2024", True, False),
    ("The ministers met in Vilnius on Tuesday.", False, True),
])
def test_page_furniture_and_prose_lines(line, furniture, prose):
    assert (clean.is_furniture(line), clean.is_prose(line)) == (furniture, prose)
