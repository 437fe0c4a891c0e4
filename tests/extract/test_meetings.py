"""Meeting finding: city, date, hosts, participants, absent countries, attendees, planned meetings."""
from __future__ import annotations

from datetime import date

from article_fixture import make_doc

from kg.extract.meetings import find_meetings
from kg.extract.people import find_people


def meetings(*paragraphs, issued=None):
    doc, facts = make_doc(*paragraphs, issued=issued)
    index = find_people(doc, facts)
    find_meetings(doc, facts, people=index)
    return facts


def test_city_date_participants_and_absent():
    facts = meetings("Ministers from Spain, Portugal and Greece met in Vienna on Tuesday, but not Turkey.",
                     issued=date(2019, 3, 14))   # a Thursday
    [meeting] = facts.meetings
    assert meeting.city.name == "Vienna"
    assert meeting.date == date(2019, 3, 12)
    assert {"ES", "PT", "GR"} <= meeting.participants
    assert meeting.absent == {"TR"} and "TR" not in meeting.participants
    assert meeting.evidence[("participant", "ES")] == meeting.spans[0]


def test_no_issued_date_means_no_meeting_date():
    [meeting] = meetings("Ministers met in Vienna on Tuesday.").meetings
    assert meeting.date is None


def test_not_invited_country_is_absent_and_host_is_recorded():
    facts = meetings("The summit in Geneva was hosted by Switzerland.",
                     "Cuba, which was not invited to the summit, protested.")
    [meeting] = facts.meetings
    assert "CH" in meeting.hosts and "CH" in meeting.participants
    assert "CU" in meeting.absent and "CU" not in meeting.participants


def test_attendees_and_their_countries():
    facts = meetings("Chilean Foreign Minister Rosa Vidal met Argentine Foreign Minister Pablo Ruiz in Lima on Monday.",
                     issued=date(2020, 6, 3))
    [meeting] = facts.meetings
    names = {facts.persons[k].name for k in meeting.attendees}
    assert names == {"Rosa Vidal", "Pablo Ruiz"}
    assert {"CL", "AR"} <= meeting.participants


def test_capital_phrase_and_later_definite_mentions_join():
    facts = meetings("Delegates gathered in the Kenyan capital on Friday.",
                     "The talks ended without a deal.", issued=date(2021, 5, 10))
    [meeting] = facts.meetings
    assert meeting.city.name == "Nairobi" and len(meeting.spans) == 2


def test_announced_meeting_is_planned_and_undated():
    facts = meetings("Leaders met in Madrid on Monday.",
                     "They will meet again in Lisbon next month.", issued=date(2022, 2, 9))
    planned = [m for m in facts.meetings if m.planned]
    assert [m.city.name for m in planned] == ["Lisbon"] and planned[0].date is None
    held = [m for m in facts.meetings if not m.planned]
    assert held[0].city.name == "Madrid" and held[0].date == date(2022, 2, 7)


def test_no_meeting_without_meeting_words():
    assert meetings("Floods hit Vienna on Tuesday.").meetings == []
