"""What the extractors must find in the kinds of sentence real diplomatic news is written in.

Every sentence here is made up for the test (names are invented); each pins one kind of phrasing:
titles set off by commas, possessive countries, delegations and their lists, counterparts, names
in every Latin script, datelines, meeting verbs, places, hosts, planned and remote meetings.
"""
from __future__ import annotations

import pytest

from kg.extract.facts import extract
from kg.extract.names import compatible, given_names, surname_key
from kg.model import Person
from kg.read.article import parse_article


def facts_of(*paragraphs: str, head: str = "Ministers meet as the region looks on"):
    text = head + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return extract(parse_article(text.encode("utf-8"), path="t.txt", article_id="t"))


def person(facts, name: str) -> Person:
    found = [p for p in facts.persons.values() if p.name == name]
    assert found, f"{name!r} not among {[p.name for p in facts.persons.values()]}"
    return found[0]


@pytest.mark.parametrize("sentence, name, country, role", [
    ("President Omar Keller received the U.S. Secretary of State, Dan Fowler, in Ankara on Thursday.",
     "Dan Fowler", "US", "SecretaryOfState"),
    ("The Kazakh Foreign Minister, Nurlan Bekov, stressed the importance of the talks.", "Nurlan Bekov", "KZ", "ForeignMinister"),
    ("In his remarks the Prime Minister of Serbia, Marko Vulić, urged participants to work together.",
     "Marko Vulić", "RS", "PrimeMinister"),
    ("Serbia's First Deputy Prime Minister and Foreign Minister Ivo Dačić opened the council.", "Ivo Dačić", "RS", "ForeignMinister"),
    ("Philippine Foreign Affairs Secretary, Pedro Santos, said the leaders had met.", "Pedro Santos", "PH", "ForeignMinister"),
    ("Russia’s ambassador to Washington, Boris Titov, announced a second round.", "Boris Titov", "RU", "Ambassador"),
    ("Lithuanian Foreign Minister Rasa Vaitkienė spoke first.", "Rasa Vaitkienė", "LT", "ForeignMinister"),
    ("Polish Foreign Minister Radosław Sikorski spoke next.", "Radosław Sikorski", "PL", "ForeignMinister"),
])
def test_titles_and_countries(sentence, name, country, role):
    found = person(facts_of(sentence), name)
    assert (found.country, found.role) == (country, role)


def test_possessive_countries_anchor_people():
    facts = facts_of("The meeting was attended by Japan's Emi Sato, the United States' Paul Reed and India's Ravi Kumar.")
    assert {p.name: p.country for p in facts.persons.values()} == {"Emi Sato": "JP", "Paul Reed": "US", "Ravi Kumar": "IN"}


def test_delegations_give_their_members_a_country():
    facts = facts_of("A Ukrainian delegation led by Defense Minister Taras Bondar sat down with a Russian team headed by "
                     "presidential aide Oleg Smirnov in Istanbul.",
                     "Russia's other negotiators were named as Deputy Foreign Minister Ivan Petrov and Igor Sokol, "
                     "director of the agency.")
    assert person(facts, "Taras Bondar").country == "UA"
    assert person(facts, "Oleg Smirnov").country == "RU"
    assert person(facts, "Ivan Petrov").country == "RU"
    assert person(facts, "Igor Sokol").country == "RU"


def test_counterparts_with_a_comma_and_from_a_list():
    facts = facts_of("President Ade Bello hosted the Senegalese President, Mamadou Diallo, and his Guinea Bissau "
                     "counterpart, Joao Mendes, at the State House, Abuja.",
                     "The final text was signed by host Luis Ortega and his counterparts from Brazil, Ana Costa, and "
                     "Paraguay, Rafael Mora.")
    assert person(facts, "Mamadou Diallo").country == "SN"
    assert person(facts, "Joao Mendes").country == "GW"
    assert person(facts, "Ana Costa").country == "BR"
    assert person(facts, "Rafael Mora").country == "PY"


def test_a_reception_is_a_meeting_in_the_named_capital_hosted_by_its_country():
    facts = facts_of("Pakistani Prime Minister Karim Shah received Saudi Foreign Minister Prince Adel bin Nasser at "
                     "his office in the Pakistani capital, Islamabad, on Tuesday.")
    (meeting,) = facts.meetings
    assert meeting.city.name == "Islamabad"
    assert meeting.hosts == {"PK"} and meeting.participants == {"PK", "SA"}
    assert len(meeting.attendees) == 2


def test_the_receiver_speaks_for_the_host_country():
    facts = facts_of("President Omar Keller received the U.S. Secretary of State, Dan Fowler, at the presidential "
                     "complex in capital Ankara on Thursday.")
    assert person(facts, "Omar Keller").country == "TR"
    (meeting,) = facts.meetings
    assert meeting.hosts == {"TR"} and meeting.participants == {"TR", "US"}


def test_a_resort_town_is_a_place_and_a_surname_is_not():
    facts = facts_of("The foreign ministers of Kazakhstan and Uzbekistan met in the Kyrgyz resort city of Cholpon-Ata.",
                     "Kazakh Foreign Minister Erlan Paris said the talks went well.")
    (meeting,) = facts.meetings
    assert meeting.city.name == "Cholpon-Ata" and meeting.city.country == "KG"


def test_calls_by_video_and_decisions_to_meet_are_no_meetings():
    facts = facts_of("Chinese President Li Wen held a video call with French President Marc Dubois on Monday.",
                     "Hungarian Prime Minister Pal Toth defended his decision to meet with Russian President Ivan Orlov.")
    assert facts.meetings == []


def test_a_future_meeting_is_planned_and_a_separate_encounter_is_its_own_meeting():
    facts = facts_of("GENEVA — Iranian Foreign Minister Ali Rezai met his Swiss counterpart Lea Keller in Geneva on Monday.",
                     "Rezai is expected to meet Italian Foreign Minister Paolo Conti in Rome next week.",
                     "Earlier, Rezai separately met Red Cross President Jan Berg.")
    held = [m for m in facts.meetings if not m.planned]
    planned = [m for m in facts.meetings if m.planned]
    assert [m.city.name for m in planned] == ["Rome"] and planned[0].date is None
    assert len(held) == 2
    main = next(m for m in held if m.city.name == "Geneva" and len(m.attendees) == 2)
    assert {facts.persons[k].name for k in main.attendees} == {"Ali Rezai", "Lea Keller"}


def test_a_city_state_is_a_city():
    facts = facts_of("The two leaders met at a resort in Singapore on Tuesday, joined only by interpreters.")
    (meeting,) = facts.meetings
    assert meeting.city.name == "Singapore"


@pytest.mark.parametrize("a, b", [("Mike Waltz", "Michael Waltz"), ("Sergei Lavrin", "Sergey Lavrin"),
                                  ("Wang Yi", "Mr Wang"), ("Nana Akufo-Addo", "Nana Akufo Addo")])
def test_name_variants_are_one_person(a, b):
    assert compatible(Person(key="a", name=a), Person(key="b", name=b.replace("Mr ", "")))


def test_family_name_first():
    assert surname_key("Wang Yi") == "wang" and given_names("Wang Yi") == ("yi",)
    assert surname_key("Kim Jong Un") == "kim"
    assert surname_key("Jean-Yves Le Drian") == "le drian"


@pytest.mark.parametrize("sentence, absent", [
    ("Georgia boycotted the summit in Minsk on Monday.", {"GE"}),
    ("Armenia did not attend the meeting in Minsk.", {"AM"}),
    ("Poland stayed away from the summit in Minsk.", {"PL"}),
    ("Kazakhstan was not invited to the talks in Minsk.", {"KZ"}),
])
def test_countries_said_to_stay_away_are_absent_not_participants(sentence, absent):
    (meeting,) = facts_of(sentence).meetings
    assert meeting.absent == absent and not (meeting.participants & absent)
