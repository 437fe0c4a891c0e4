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
    assert meetings._object_before(text) == (bool(meetings._OBJECT_BEFORE.search(text))
                                             and not meetings._LED_BY.search(text))
    assert meetings._copula_before(text) == bool(meetings._COPULA_BEFORE.search(text))


_PLANNED_WORDS = ["next", "Next", "NEXT", "week", "weeks", "month", "year", "later", "this", "Later this", "in the coming",
                  "in the Coming", "early", "early next", "later in the", "\u017f", "\u0130", "x", ",", " "]


@settings(max_examples=600, deadline=None)
@given(texts | st.lists(st.sampled_from(_PLANNED_WORDS), max_size=12).map(" ".join))
def test_cue_words_keep_every_match(text):
    """The scans that first look for a cue word give the plain patterns' matches."""
    for scan, plain in ((meetings._HOST_CUE_SCAN, meetings._HOST_CUE), (meetings._ABSENT_CUE_SCAN, meetings._ABSENT_CUE),
                        (meetings._PLANNED_SCAN, meetings._PLANNED)):
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert bool(scan.search(text)) == bool(plain.search(text))


_LIST_PIECES = ["from", "From", "xfrom", "including", "includes", "included", "such as", "among them", "along with",
                "with", "without", "delegation of", "delegations of", "leaders of", "between", "joined by", "the",
                "France", "Iraq", "U.S.", "and", "or", "as well as", ",", "  ", "_with", "5with", "éwith", "x"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PIECES), max_size=14).map(" ".join)
       | st.lists(st.sampled_from(_LIST_PIECES), max_size=8).map("".join))
def test_list_matches_are_the_list_cue_pattern_s(text):
    assert _groups(meetings._list_matches(text)) == _groups(meetings._LIST_CUE.finditer(text))


def test_list_starts_open_every_list_word():
    import re

    for word in meetings._LIST_WORDS:
        assert any(re.match(re.escape(start), word.replace("?", "")) for start in meetings._LIST_STARTS), word
