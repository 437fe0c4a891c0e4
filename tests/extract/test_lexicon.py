"""Word lists and the fast phrase scanners: PhraseFinder and Caseless give exactly the plain regex's matches."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import lexicon, meetings

# words that start titles and meeting words, their look-alikes, and characters that fold oddly
_PIECES = ["Foreign", "foreign", "FOREIGN", "Minister", "minister", "ministers", "Prime", "prime", "Vice-President",
           "vice president", "Gen.", "gen", "general", "the", "his", "Iraq's", "talks", "Talks", "summit", "co-hosted",
           "held talks", "sat down with", "meeting", "meetings", "met", "leader", "spokesman", "Said", "secretary of state",
           "Secretary-General", "-", ".", ",", "’s", " ", "  ", "\u0130", "\u0131", "\u017f", "\u212a", "é", "É", "ß", "x",
           "ſummit", "miniſter", "Kıng", "KING", "queen"]
texts = st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join) | st.text(max_size=40) \
    | st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)   # words run together: edges inside words


def _spans(matches):
    return [(m.span(), m.group()) for m in matches]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_titles_is_title_re_finditer(text):
    plain = _spans(lexicon.title_re().finditer(text))
    assert [((s, e), phrase) for s, e, phrase in lexicon.find_titles(text)] == plain
    assert [((s, e), phrase) for s, e, phrase in lexicon.find_titles(text, lexicon.heads_in(text))] == plain
    assert lexicon.title_finder().spans(text) == [span for span, _ in plain]


_DESCRIPTION_PIECES = ["the", "The", "his", "her", "hers", "theirs", "ether", "this", "French", "U.S.", "Iraq's", "Iraq’s",
                       "U.S's", "Saudi", "Arabia's", "foreign", "minister", "minister,", "leader", "prime", "Prime",
                       "defense", "secretary", "vice-president", "head", "of", "state", "Minister", "Leader", "LEADER", "Fabius", "x", "_",
                       "5", "-", ".", "'s", " ", "  ", "\n", "é", "É"]
descriptions = st.lists(st.sampled_from(_DESCRIPTION_PIECES), max_size=12).map(" ".join) \
    | st.lists(st.sampled_from(_DESCRIPTION_PIECES), max_size=10).map("".join)


@settings(max_examples=1500, deadline=None)
@given(texts | descriptions)
def test_find_descriptions_is_description_re_finditer(text):
    plain = _spans(lexicon.description_re().finditer(text))
    assert _spans(lexicon.find_descriptions(text)) == plain
    assert _spans(lexicon.find_descriptions(text, lexicon.heads_in(text))) == plain


def test_descriptions_are_found():
    text = "He met the French foreign minister and Iraq's prime minister; the leader of the party, his deputy."
    assert [m.group() for m in lexicon.find_descriptions(text)] == [
        "the French foreign minister", "Iraq's prime minister", "the leader"]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_meeting_finder_is_meeting_re_finditer(text):
    assert _spans(meetings.meeting_finder().finditer(text)) == _spans(meetings.meeting_re().finditer(text))
    assert meetings.meeting_finder().spans(text) == [m.span() for m in meetings.meeting_re().finditer(text)]
    assert meetings.meeting_finder().spans(text, lexicon.heads_in(text)) == meetings.meeting_finder().spans(text)


@settings(max_examples=400, deadline=None)
@given(texts | descriptions)
def test_the_shared_head_scan_finds_each_list_s_own_runs(text):
    heads = lexicon.heads_in(text)
    if heads is None:
        assert not lexicon._CASE_TRAPS.isdisjoint(text)
        return
    assert heads.low == text.lower()
    for name, finder in (("titles", lexicon.title_finder()), ("meetings", meetings.meeting_finder()),
                         ("descriptions", lexicon.PhraseFinder(re.compile("(?!)"), lexicon._description_phrases())),
                         ("pronouns", lexicon.PhraseFinder(re.compile("(?!)"), lexicon.PRONOUN_WORDS))):
        assert list(heads.found[name]) == finder._runs(heads.low), name
        own = {run for run, names in lexicon.head_index().owners.items() if name in names}
        assert all(heads.low[s:e] in own for s, e in heads.found[name]), name


def test_titles_are_found_in_a_sentence():
    text = "Argentine Foreign Minister Pablo Ruiz met the Prime Minister and the U.S. secretary of state."
    found = [phrase for _, _, phrase in lexicon.find_titles(text)]
    assert "Foreign Minister" in found and "Prime Minister" in found and "secretary of state" in found


def test_a_phrase_list_the_shortcut_cannot_serve_falls_back_to_the_pattern():
    pattern = re.compile(r"(?<![\w-])(?:émir|9th army)(?![\w-])", re.I)
    finder = lexicon.PhraseFinder(pattern, ["émir", "9th army"])
    assert finder.heads is None
    assert _spans(finder.finditer("The ÉMIR and the 9th Army")) == _spans(pattern.finditer("The ÉMIR and the 9th Army"))
    assert finder.spans("The ÉMIR and the 9th Army") == [m.span() for m in pattern.finditer("The ÉMIR and the 9th Army")]


def test_a_pattern_with_upper_case_escapes_is_not_lowered():
    pattern = re.compile(r"(?<![\w-])(?:prime\Sminister|envoy)(?![\w-])", re.I)
    finder = lexicon.PhraseFinder(pattern, ["prime minister", "envoy"])
    assert finder.heads is not None and finder._lowered is None
    text = "The Prime-Minister and the ENVOY"
    assert finder.spans(text) == [m.span() for m in pattern.finditer(text)] == [(4, 18), (27, 32)]


_CASELESS = [re.compile(r"\b(?:will|would|is due to|next)\b", re.I),
             re.compile(r"(?:hosted|held)\s+by\s|organi[sz]ed", re.I)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Will", "WILL", "would", "is due to", "Is  Due to", "next", "NEXT", "hosted by", "HELD BY",
                                 "organized", "ORGANISED", "\u0130s due to", "\u017fomething", "x", ",", "é"]),
                max_size=10).map(" ".join))
def test_caseless_gives_the_pattern_s_positions(text):
    for pattern in _CASELESS:
        scan = lexicon.Caseless(pattern)
        assert scan.lowered is not None
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)]
        assert bool(scan.search(text)) == bool(pattern.search(text))


def test_caseless_refuses_patterns_it_cannot_lower():
    assert lexicon.Caseless(re.compile(r"\bSaid\b", re.I)).lowered is None      # upper-case letters
    assert lexicon.Caseless(re.compile(r"said")).lowered is None                # not case-insensitive


# -- what the scanners must find in sentences as the news writes them ---------------------------

@pytest.mark.parametrize("sentence,titles", [
    ("Polish Foreign Minister Zbigniew Łukaszewski met his Lithuanian counterpart in Vilnius on Tuesday.",
     ["Foreign Minister"]),
    ("Slovak Prime Minister Jana Kováčová and Czech President Přemysl Dvořák met in Bratislava.",
     ["Prime Minister", "President"]),
    ("U.S. Secretary of State Dana Whitfield said on Monday that the talks in Geneva would resume.",
     ["Secretary of State"]),
    ("German Chancellor Karl Brandt and French President Élise Moreau held talks in Berlin.", ["Chancellor", "President"]),
    ("Serbian Defence Minister Dragan Đukić told reporters the talks were useful.", ["Defence Minister"]),
    ("The talks were held in the ministry's building; nobody said who attended.", []),
])
def test_titles_in_news_sentences(sentence, titles):
    found = lexicon.find_titles(sentence)
    assert [phrase for _, _, phrase in found] == titles
    assert all(sentence[s:e] == phrase for s, e, phrase in found)


@pytest.mark.parametrize("sentence,descriptions", [
    ("He spoke with the Lithuanian foreign minister on Tuesday.", ["the Lithuanian foreign minister"]),
    ("Turkey's foreign minister said the talks would go on.", ["Turkey's foreign minister"]),
    ("Türkiye’s president said the talks would go on.", ["Türkiye’s president"]),
    ("Later the U.S. secretary of state met the press.", ["the U.S. secretary of state"]),
])
def test_descriptions_in_news_sentences(sentence, descriptions):
    assert [m.group() for m in lexicon.find_descriptions(sentence)] == descriptions


@pytest.mark.parametrize("sentence,words", [
    ("The leaders held talks in Berlin on Monday.", ["held talks"]),
    ("Foreign ministers met in Vilnius.", ["met"]),
    ("They spoke at a summit in Brussels.", ["summit"]),
    ("Croatia hosted its neighbours' envoys.", ["hosted"]),
    ("The two sides sat down with mediators in Doha.", ["sat down with"]),
    ("Traffic in the metropolitan area was heavy.", []),    # 'met' inside a word is not a meeting
])
def test_meeting_words_in_news_sentences(sentence, words):
    assert [sentence[s:e] for s, e in meetings.meeting_finder().spans(sentence)] == words
