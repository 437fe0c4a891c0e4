"""The gazetteers: country names, aliases and demonyms to ISO codes; city names to GeoNames cities."""
from __future__ import annotations

import pytest

from kg.extract import gazetteer


@pytest.mark.parametrize("name, iso", [
    ("France", "FR"), ("Britain", "GB"), ("United Kingdom", "GB"), ("U.S.", "US"), ("United States", "US"),
    ("Russia", "RU"), ("Russian Federation", "RU"), ("Holland", "NL"), ("the Netherlands", "NL"),
    ("Ivory Coast", "CI"), ("South Korea", "KR"), ("UAE", "AE"),
])
def test_country_names_and_aliases(name, iso):
    assert gazetteer.countries().lookup(name) == iso


@pytest.mark.parametrize("word, iso", [
    ("French", "FR"), ("Iraqi", "IQ"), ("Iraqis", "IQ"), ("American", "US"), ("Americans", "US"),
    ("British", "GB"), ("Dutch", "NL"), ("German", "DE"), ("Germans", "DE"), ("Saudi", "SA"),
])
def test_demonyms(word, iso):
    assert gazetteer.countries().demonym(word) == iso


def test_unknown_words_are_not_countries():
    table = gazetteer.countries()
    assert table.lookup("Tuesday") is None
    assert table.demonym("Islamist") is None


def test_country_labels_are_short_english_names():
    table = gazetteer.countries()
    assert table.label["RU"] == "Russia"
    assert table.label["GB"] == "United Kingdom"
    assert table.capital["FR"] == "Paris"


@pytest.mark.parametrize("name, country", [("Paris", "FR"), ("Brussels", "BE"), ("Baghdad", "IQ"),
                                           ("Zurich", "CH"), ("Zürich", "CH"), ("Moscow", "RU")])
def test_shared_city_names_pick_the_most_populous(name, country):
    city = gazetteer.city(name)
    assert city is not None and city.country == country


def test_fold_ignores_case_and_accents():
    assert gazetteer.fold("François") == "francois"
