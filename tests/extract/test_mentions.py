"""Country and city mentions: what is found, and that skipping words no name starts with changes nothing."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import gazetteer
from kg.extract import mentions


def _plain_countries_in(text):
    """Every 4-, 3-, 2-, 1-word gram tried at every word: the scan countries_in must agree with."""
    table = gazetteer.countries()
    words = mentions._words(text)
    out, i = [], 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            gram = mentions._grams(text, words, i, n)
            if gram is None:
                continue
            code, kind = table.lookup(gram), "name"
            if not code:
                code, kind = table.demonym(gram), "demonym"
            if code:
                out.append((code, words[i][0], words[i + n - 1][1], kind))
                i += n
                break
        else:
            i += 1
    return out


def _plain_cities_in(text):
    """The same for cities (3-, 2-, 1-word grams)."""
    table = gazetteer.cities()
    words = mentions._words(text)
    out, i = [], 0
    while i < len(words):
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            gram = mentions._grams(text, words, i, n)
            if gram is None:
                continue
            city = table.get(mentions.fold(gram))
            if city and mentions._plausible_city(gram, city):
                out.append((city, words[i][0], words[i + n - 1][1]))
                i += n
                break
        else:
            i += 1
    return out


_PIECES = ["France", "French", "the", "United", "States", "Kingdom", "of", "America", "Saudi", "Arabia", "Arabian",
           "New", "York", "Mexico", "Rio", "de", "Janeiro", "Paris", "Iraq's", "Iraqis", "U.S.", "U.S.of", "Bosnia",
           "and", "Herzegovina", "Côte", "d'Ivoire", "São", "Tomé", "Zürich", "Washington", "-", ",", "Abu", "Dhabi",
           "Foreign", "Minister", "Fabius", "South", "Korea", "Korean", "Ivory", "Coast", "es", "Salaam", "Dar",
           "Guinea-Bissau", "Guinea", "Bissau", "Timor-Leste", "Bosnia-Herzegovina", "U.K.", "The", "Bahamas", "Gambia",
           "Netherlands", "St.", "Vincent", "Grenadines", "\u00a0", "\u2003", "Congo", "Kinshasa", "Republic"]
texts = st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join) \
    | st.lists(st.sampled_from(_PIECES + [" ", "  ", "\n", " of ", "-"]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_countries_in_matches_the_plain_scan(text):
    assert mentions.countries_in(text) == _plain_countries_in(text)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_cities_in_matches_the_plain_scan(text):
    assert mentions.cities_in(text) == _plain_cities_in(text)


def test_longest_country_name_and_demonyms():
    text = "The United States and Saudi Arabia joined French and Iraqi officials."
    found = [(code, text[s:e], kind) for code, s, e, kind in mentions.countries_in(text)]
    assert found == [("US", "United States", "name"), ("SA", "Saudi Arabia", "name"),
                     ("FR", "French", "demonym"), ("IQ", "Iraqi", "demonym")]


def test_cities_with_several_words_and_diacritics():
    text = "Talks moved from Rio de Janeiro to Zürich and then New York."
    names = [text[s:e] for _, s, e in mentions.cities_in(text)]
    assert names == ["Rio de Janeiro", "Zürich", "New York"]


def test_words_cut_possessives():
    assert [w for _, _, w in mentions._words("Iraq's and Syria’s leaders")] == ["Iraq", "Syria"]


def test_gap_pattern_joins_only_spaces_hyphens_and_small_words():
    assert mentions._GAP.fullmatch(" of the ") is None           # one small word at most
    assert mentions._GAP.fullmatch(" de ") and mentions._GAP.fullmatch("-")
    assert re.fullmatch(mentions._GAP, ", ") is None


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "a", ".", "-", "'", "’", "_", "1", " ", "É", "U.S.", "x"]), max_size=20).map("".join))
def test_word_scan_finds_the_word_pattern_s_matches(text):
    assert [m.span() for m in mentions._WORD_SCAN.finditer(text)] == [m.span() for m in mentions.WORD.finditer(text)]


def test_every_name_of_several_words_is_found_as_the_plain_scan_finds_it():
    """Each multi-word name and demonym of the table, written as prose writes it, in a sentence."""
    table = gazetteer.countries()
    small = {"of", "the", "and", "de", "es"}
    for key in [*table.by_name, *table.by_demonym]:
        if " " not in key and "-" not in key:
            continue
        words = key.split(" ")
        written = " ".join(w if w in small and i else w[:1].upper() + w[1:] for i, w in enumerate(words))
        for text in (f"Talks in {written} ended.", f"{written}'s envoy", f"the {written} and Iraq"):
            assert mentions.countries_in(text) == _plain_countries_in(text), text


# -- what the scans must find in sentences as the news writes them ------------------------------


@pytest.mark.parametrize("sentence,found", [
    ("Serbia's president met Kosovo's prime minister in Brussels.", [("RS", "Serbia"), ("XK", "Kosovo")]),
    ("The U.S.-led coalition and the U.K. backed the plan.", [("US", "U.S."), ("GB", "U.K.")]),
    ("Türkiye and the Czech Republic signed; Emirati officials watched.",
     [("TR", "Türkiye"), ("CZ", "Czech Republic"), ("AE", "Emirati")]),
    ("North Korea's envoy and South Korean diplomats met in the Netherlands.",
     [("KP", "North Korea"), ("KR", "South Korean"), ("NL", "Netherlands")]),
    ("Ukrainian and Belarusian delegations left The Hague.", [("UA", "Ukrainian"), ("BY", "Belarusian")]),
    pytest.param("Icelandic officials met their Norwegian hosts.", [("IS", "Icelandic"), ("NO", "Norwegian")],
                 id="icelandic"),
])
def test_countries_in_news_sentences(sentence, found):
    assert [(code, sentence[s:e]) for code, s, e, _ in mentions.countries_in(sentence)] == found


@pytest.mark.parametrize("sentence,city,country", [
    ("The ministers met in Vilnius on Tuesday.", "Vilnius", "LT"),
    ("Talks were held in Kraków.", "Kraków", "PL"),
    ("Talks were held in Chișinău.", "Chișinău", "MD"),
    ("Talks were held in Reykjavík.", "Reykjavík", "IS"),
    ("Talks were held in São Paulo.", "São Paulo", "BR"),
    ("Talks were held in Abu Dhabi.", "Abu Dhabi", "AE"),
    ("Talks were held in The Hague.", "The Hague", "NL"),
    pytest.param("Talks were held in Łódź.", "Łódź", "PL", id="lodz"),
    pytest.param("Talks were held in Šiauliai.", "Šiauliai", "LT", id="siauliai"),
    pytest.param("Talks were held in İstanbul.", "İstanbul", "TR", id="istanbul"),
])
def test_a_city_after_in(sentence, city, country):
    """The city a sentence names after "in", written as its people write it, is found with its country."""
    at = sentence.index(" in ") + 4
    found = [(sentence[s:e], c.country) for c, s, e in mentions.cities_in(sentence) if s == at]
    assert found == [(city, country)]
