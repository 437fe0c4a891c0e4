"""Statements: quotations found in every layout, with their speakers and the meetings they were made at."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import meetings, people, quotes
from kg.model import Meeting, Span

from article_fixture import make_doc


def run(*paragraphs: str, held: Meeting | None = None):
    """Extract people and statements; returns [(text, speaker name or None, meeting key)]."""
    doc, facts = make_doc(*paragraphs, issued=date(2021, 3, 10))
    index = people.find_people(doc, facts)
    if held is not None:
        facts.meetings.append(held)
    else:
        meetings.find_meetings(doc, facts, people=index)
    quotes.find_statements(doc, facts, people=index)
    return [(s.text, facts.persons[s.speaker].name if s.speaker else None, s.meeting) for s in facts.statements]


def speakers(*paragraphs: str) -> dict[str, str | None]:
    return {text: name for text, name, _ in run(*paragraphs)}


def test_name_then_said():
    got = speakers('"We will keep working with our partners," Foreign Minister Anna Berglund said.')
    assert got == {"We will keep working with our partners": "Anna Berglund"}


def test_said_then_name():
    got = speakers("“The talks were useful and very frank,” said Foreign Minister Anna Berglund.")
    assert got == {"The talks were useful and very frank": "Anna Berglund"}


def test_attribution_before_the_quote_with_colon():
    got = speakers('Anna Berglund, the Swedish foreign minister, told reporters: "There is no time to lose here."')
    assert got == {"There is no time to lose here.": "Anna Berglund"}


def test_according_to():
    got = speakers('According to Senator Paul Okafor, "the budget will pass before the summer recess."')
    assert list(got.values()) == ["Paul Okafor"]


def test_split_quote_is_one_statement_with_one_speaker():
    got = speakers('"The first part matters," Anna Berglund said, "and so does the second one."')
    assert got == {"The first part matters, and so does the second one.": "Anna Berglund"}


def test_two_apostrophe_closer():
    got = speakers("“That does not mean we oppose a change in policy,'' Anna Berglund told reporters on Monday.")
    assert got == {"That does not mean we oppose a change in policy": "Anna Berglund"}


def test_surname_and_pronoun_resolve_to_the_person():
    got = speakers(
        "Foreign Minister Anna Berglund arrived in the capital on Monday.",
        '"We came here to listen to everyone," Berglund said.',
        '"Nobody should expect a quick deal this week," she added.')
    assert set(got.values()) == {"Anna Berglund"}


def test_he_after_a_quote_naming_someone_else_is_the_previous_speaker():
    got = speakers(
        '"I spoke with Maria Lopez about the plan," Prime Minister David Hale said.',
        '"Maria Lopez agrees with every single point of it," he said.')
    assert got["Maria Lopez agrees with every single point of it"] == "David Hale"


def test_quote_spanning_paragraphs_is_one_statement():
    got = speakers(
        '"We have done a great deal of work on this agreement.',
        '"Now it is time for the others to do their share," Anna Berglund said.')
    assert got == {"We have done a great deal of work on this agreement. "
                   "Now it is time for the others to do their share": "Anna Berglund"}


def test_paragraph_wholly_quoted_continues_the_previous_speaker():
    got = speakers(
        '"We engaged on one firm condition," Defence Minister Omar Said Haddad said last week.',
        '"That condition is that every group takes part in the government."')
    assert got["That condition is that every group takes part in the government."] == "Omar Said Haddad"


def test_later_sentence_of_the_same_paragraph_continues_the_speaker():
    got = speakers('"We were ready for this," Anna Berglund said. "The others were not ready at all."')
    assert got["The others were not ready at all."] == "Anna Berglund"


def test_signature_after_a_dash():
    got = speakers("“The debate showed who he really is as a candidate.” ― Carla Mendes")
    assert list(got.values()) == ["Carla Mendes"]


def test_transcript_label():
    got = speakers('"KOWALSKI: Thank you all for coming here this morning."')
    assert list(got.values()) == ["Kowalski"]


def test_joint_statement_takes_the_first_issuer():
    got = speakers("The ministers “stand united against every form of aggression,” said a statement "
                   "issued by Foreign Minister Anna Berglund and Mr. Paul Okafor.")
    assert list(got.values()) == ["Anna Berglund"]


def test_scare_quotes_and_short_fragments_are_not_statements():
    got = speakers('The plan was called "unrealistic" by critics, and the group spoke of "red lines" again.')
    assert got == {}


def test_quotes_in_the_title_do_not_count():
    doc, facts = make_doc('"This is in the body of the text," Anna Berglund said.')
    doc.article.title = '"Quoted words in a headline here" says someone'
    quotes.find_statements(doc, facts, people=people.find_people(doc, facts))
    assert [s.text for s in facts.statements] == ["This is in the body of the text"]


def test_statement_offsets_point_at_the_quoted_words():
    doc, facts = make_doc('"We will keep working with our partners," Anna Berglund said.')
    quotes.find_statements(doc, facts, people=people.find_people(doc, facts))
    span = facts.statements[0].span
    assert doc.text[span.start:span.end].startswith("We will keep working")
    assert facts.statements[0].direct


def test_quote_made_at_the_only_held_meeting():
    meeting = Meeting(key="m1", date=date(2021, 3, 9))
    got = run('"The meeting went well for all of us," Anna Berglund said on Tuesday.', held=meeting)
    assert got[0][2] == "m1"


def test_quote_from_another_day_is_not_made_at_the_meeting():
    meeting = Meeting(key="m1", date=date(2021, 3, 9))
    got = run('"We expect the meeting to go well for us," Anna Berglund said last week.', held=meeting)
    assert got[0][2] is None


def test_quote_in_the_sentence_telling_of_the_meeting():
    text = 'At the summit on Tuesday, Anna Berglund said "we agreed on all the main points."'
    doc, facts = make_doc(text)
    start = doc.article.paragraphs[0].start
    facts.meetings += [Meeting(key="m1", spans=[Span(start, start + len(text))]), Meeting(key="m2")]
    quotes.find_statements(doc, facts, people=people.find_people(doc, facts))
    assert facts.statements[0].meeting == "m1"


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=".!?\n\"”’')] A0a“(", max_size=16) | st.text(alphabet="..\"”’')] A0a“(", max_size=16))
def test_sentence_break_scan_finds_the_sentence_break_pattern_s_matches(text):
    from kg.extract import quotes

    plain = [m.span() for m in quotes._SENTENCE_BREAK.finditer(text)]
    assert [m.span() for m in quotes._SENTENCE_BREAK_SCAN.finditer(text)] == plain
    if not ("!" in text or "?" in text or "\n" in text):
        assert [m.span() for m in quotes._STOP_BREAK_SCAN.finditer(text)] == plain


_VERB_PIECES = ["said", "Said", "SAID", "says", "according to", "According to", "according  to", "According", "to", "told",
                "pointed out", "pointed", "put it", "added", "adding", "x-said", "said-x", "_said", "5said", "saidx",
                "he", "Jane", "Doe", ",", ".", '"', " ", "—", "é", "asked"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_VERB_PIECES), max_size=12).map(" ".join)
       | st.lists(st.sampled_from(_VERB_PIECES), max_size=8).map("".join))
def test_verb_finder_is_the_reporting_verb_pattern(text):
    plain = quotes.reporting_verbs()
    assert [(m.span(), m.group()) for m in quotes.verb_finder().finditer(text)] == \
        [(m.span(), m.group()) for m in plain.finditer(text)]
    found, expected = quotes.verb_finder().search(text), plain.search(text)
    assert (found and found.span()) == (expected and expected.span())


_TIME_PIECES = ["last", "Last", "week", "weekend", "over the weekend", "earlier this", "month", "previous", "year", "next",
                "yesterday", "YESTERDAY", "in an interview", "during his speech to", "in separate comments to", "ago",
                "on her official website", "blog", "Monday", "sunday", "FRIDAY", "days", "x", ",", " ", "\u017f", "\u0130"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_TIME_PIECES), max_size=10).map(" ".join))
def test_other_time_and_weekday_shortcuts_are_the_patterns(text):
    assert bool(quotes._OTHER_TIME_SCAN.search(text)) == bool(quotes._OTHER_TIME.search(text))
    if quotes._WEEKDAY.search(text):
        assert "day" in text.lower()


def _plain_sentence_breaks(text):
    """quotes._sentence_breaks as first written: the whole word before each full stop, tested as it is."""
    import re

    from kg.extract.speakers import title_words
    from kg.read.text import ABBREVIATIONS, word_before_stop

    out = []
    for match in quotes._SENTENCE_BREAK.finditer(text):
        if match.group() == "\n":
            out.append(match.end())
            continue
        word = word_before_stop(text, 0, match.start()) if match.group().startswith(".") else ""
        if word and (word.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]", word)
                     or len(word) <= 4 and word.lower() in title_words()):
            continue
        out.append(match.end())
    return out


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["Sen", "Del", "Gov", "Mr", "U.S", "J", "Calif", "Sept", "Minister", "said", "x", ".", ". ",
                                 "! ", "? ", " ", "\n", "A", "He", "”", "Ǆ", "é", "2"]), max_size=14).map("".join))
def test_sentence_breaks_reading_a_short_word_back_are_the_plain_ones(text):
    assert quotes._sentence_breaks(text) == _plain_sentence_breaks(text)
