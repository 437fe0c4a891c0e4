"""Meeting patterns tried only on texts that hold one of their words give the plain patterns' answers."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import meetings, people

_WORDS = ["video", "Video", "call", "link", "conference", "videoconference", "teleconference", "phone", "by", "telephone",
          "virtual", "Virtually", "meeting", "summit", "talks", "via", "online", "decision", "refused", "to", "TO", "meet",
          "visit", "hold", "wants", "would", "like", "separately", "in", "a", "separate", "on", "the", "sidelines",
          "The", "their", "this", "these", "session", "previously", "last", "year", "month", "earlier", "this", "2015",
          "1999", "since", "December", "may", "MAY", "summits", "press", "news", "council", "forum", "assembly",
          "ministerial", "leaders", "foreign", "defence", "defense", "ministers", "MINISTERIAL", "minister", "met",
          "meets", "received", "receives", "hosted", "welcomed", "welcomes", "invited", "host", "hosts", "is", "hosting",
          "will", "played", "Riyadh", "here", "city", "called", "sat", "down", "with", "his", "visiting", "Smith", "X",
          "will", "shall", "we'll", "they’ll", "are", "also", "expected", "due", "plans", "agreed", "be", "again",
          "soon", ",", ".", "-", "—", "–", "PARIS", "(AP)", "  ", "\n", "\u017f", "\u0130", "\u212a", "é", "x"]
texts = st.lists(st.sampled_from(_WORDS), max_size=16).map(" ".join) \
    | st.lists(st.sampled_from(_WORDS), max_size=10).map("".join)


@pytest.mark.parametrize("plain, scan", [
    (meetings._REMOTE, meetings._REMOTE_SCAN), (meetings._NOT_AN_EVENT, meetings._NOT_AN_EVENT_SCAN),
    (meetings._SEPARATELY, meetings._SEPARATELY_SCAN), (meetings._REFERS_BACK, meetings._REFERS_BACK_SCAN),
    (meetings._BACKGROUND, meetings._BACKGROUND_SCAN), (meetings._MULTILATERAL, meetings._MULTILATERAL_SCAN),
    (meetings._MINISTERS_MEETING, meetings._MINISTERS_MEETING_SCAN)])
@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_cue_scans_find_the_plain_patterns_matches(plain, scan, text):
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(texts)
def test_cue_tests_agree_with_the_patterns(text):
    assert [m.span() for m in meetings._VERB_TRIGGER_SCAN.finditer(text)] == \
        [m.span() for m in meetings._VERB_TRIGGER.finditer(text)]
    assert meetings._met_verb(text) == bool(meetings._MET_VERB.search(text))
    if meetings._DATELINE.match(text):
        assert "-" in text or "—" in text or "–" in text
    assert (meetings._host_verb_cue(text) or not meetings._HOST_VERB.search(text))
    for at in range(len(text) + 1):
        assert meetings._governed_by_future(text, at) == \
            bool(meetings._GOVERNED_BY_FUTURE.search(text, max(0, at - 60), at))


_BEFORE_NAME = ["the", "The", "THE", "of", "for", "Bank", "Organization", "Red", "Cross", "she", "ofx", "x", ",", "  ",
                "\n", "Minister", "Europe", "Marc"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_BEFORE_NAME), max_size=12).map(" ".join))
def test_institution_test_agrees_with_the_pattern(text):
    for at in range(len(text) + 1):
        fast = people._institution_before(text, at)
        plain = people._INSTITUTION_BEFORE.search(text, max(0, at - 40), at)
        assert (fast and (fast.span(), fast.group("the"))) == (plain and (plain.span(), plain.group("the")))
