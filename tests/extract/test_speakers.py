"""Speaker names beside reporting verbs: titles stripped, organisations and places refused."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.speakers import looks_like_person, strip_title

from test_quotes import speakers


def test_titles_demonyms_and_honorifics_are_stripped():
    assert strip_title("French Foreign Minister Anne Marchal") == "Anne Marchal"
    assert strip_title("Sen. Paul Okafor") == "Paul Okafor"
    assert strip_title("Mr. Okafor") == "Okafor"


def test_organisations_countries_and_capitals_are_not_people():
    assert not looks_like_person("State Department")
    assert not looks_like_person("Sierra Example Club")
    assert not looks_like_person("Moscow", single=True)
    assert not looks_like_person("France", single=True)
    assert looks_like_person("Julie A. Diaz Marquez")
    assert looks_like_person("Okafor", single=True)


def test_name_before_a_party_tag():
    got = speakers('"The deal should not have been signed at all," Chairman Paul Okafor (R-Utah) said in a statement.')
    assert list(got.values()) == ["Paul Okafor"]


def test_abbreviated_title_after_the_verb():
    got = speakers('"This hearing is a waste of everyone\'s time," said Del. Mara Quist of the islands.')
    assert list(got.values()) == ["Mara Quist"]


def test_organisation_as_subject_gives_no_speaker():
    got = speakers('"We will appeal the ruling in the higher court," the Example Workers Union said.')
    assert list(got.values()) == [None]


@settings(max_examples=600, deadline=None)
@given(st.tuples(st.lists(st.sampled_from(["the", "The", "THE", "a", "A", "an", "An", "then", "bathe", "tea", "x", "Jane", ",",
                                          "\u0130", "\u212a"]), max_size=6).map(" ".join),
                 st.sampled_from(["", " ", "  ", "\n", "\t "])).map("".join))
def test_article_end_test_is_the_pattern(text):
    from kg.extract import speakers

    assert speakers._article_end(text) == bool(speakers._ARTICLE_END.search(text))
