"""Host and absence patterns: the bounded host search and the cue tests change no match."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import meetings

_WORDS = ["hosted", "by", "co-hosted", "held", "HELD BY", "as", "host", "hosts", "playing", "will play", "the", "a", "an",
          "meeting", "summit", "talks", "opening", "opened", "conference", "is hosting", "chaired", "convened",
          "organised", "France", "the French government", ",", ".", ";", "   ", "x" * 45, "but not", "not invited",
          "without", "except for", "which was not invited", "Iran", "were absent", "boycotting", "\u017f", "é",
          "Qatar, which", "were", "was not present", "has been", "is", "excluded", "x" * 25]
texts = st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)


def _groups(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@settings(max_examples=600, deadline=None)
@given(texts)
def test_host_matches_are_host_finditer(text):
    assert _groups(meetings._host_matches(text)) == _groups(meetings._HOST.finditer(text))


@settings(max_examples=600, deadline=None)
@given(texts)
def test_absent_matches_are_absent_finditer(text):
    assert _groups(meetings._absent_matches(text)) == _groups(meetings._ABSENT.finditer(text))


@settings(max_examples=600, deadline=None)
@given(texts)
def test_cues_never_miss_a_match(text):
    if meetings._HOST.search(text):
        assert meetings._HOST_CUE_SCAN.search(text)
    if meetings._ABSENT.search(text):
        assert meetings._ABSENT_CUE_SCAN.search(text)


def test_hosts_found_far_into_a_long_sentence():
    text = ("After a long day of preparations, with delegations arriving from all over the region and beyond, "
            "the summit was co-hosted by France and Jordan")
    (match,) = meetings._host_matches(text)
    assert match.group("what") == "France and Jordan"


_BEFORE = ["of", "against", "by", "Of", "the", "Iraq's", "’s", "Head", "U.S.", "Minister", "x", "is", "was", "been",
           "be", "are", "were", "\n", "  ", "\t", "(of", "ofx", "Al-Qaeda"]


@settings(max_examples=600, deadline=None)
@given(st.tuples(st.lists(st.sampled_from(_BEFORE), max_size=10).map(" ".join), st.sampled_from(["", " ", "  ", "\n"])).map("".join))
def test_end_of_text_tests_agree_with_the_patterns(text):
    assert meetings._object_before(text) == bool(meetings._OBJECT_BEFORE.search(text))
    assert meetings._copula_before(text) == bool(meetings._COPULA_BEFORE.search(text))
