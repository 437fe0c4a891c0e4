"""Person finding: names, titles, roles, countries and later mentions."""
from __future__ import annotations

from kg.extract.people import find_people
from article_fixture import make_doc


def people(*paragraphs):
    doc, facts = make_doc(*paragraphs)
    index = find_people(doc, facts)
    return facts, index, doc


def by_name(facts, name):
    return next(p for p in facts.persons.values() if p.name == name)


def test_title_before_name_gives_role_country_and_minister():
    facts, _, _ = people("Spanish Foreign Minister Carla Montero arrived on Friday.")
    person = by_name(facts, "Carla Montero")
    assert (person.role, person.country, person.minister) == ("ForeignMinister", "ES", True)


def test_apposition_and_possessive_country():
    facts, _, _ = people("Pavel Novak, the Czech defence minister, spoke first.",
                         "Kenya's prime minister, Amos Mwangi, listened.")
    assert by_name(facts, "Pavel Novak").country == "CZ"
    assert by_name(facts, "Pavel Novak").role == "DefenceMinister"
    assert by_name(facts, "Amos Mwangi").country == "KE"


def test_of_country_after_the_name():
    facts, _, _ = people("Prime Minister Tomas Berg of Norway opened the session.")
    assert by_name(facts, "Tomas Berg").country == "NO"


def test_us_secretary_of_state_is_a_minister_and_president_is_not():
    facts, _, _ = people("Secretary of State Dana Whitfield met President Omar Haddad of Jordan.")
    assert by_name(facts, "Dana Whitfield").minister and by_name(facts, "Dana Whitfield").country == "US"
    haddad = by_name(facts, "Omar Haddad")
    assert not haddad.minister and haddad.role == "President" and haddad.country == "JO"


def test_reporting_verb_anchors_names_and_analysts_get_no_country():
    facts, _, _ = people("\"It will not work,\" said Greta Lindqvist, a Swedish analyst.",
                         "Mark Ellison told reporters the plan was sound.")
    assert by_name(facts, "Greta Lindqvist").country is None
    assert "Mark Ellison" in {p.name for p in facts.persons.values()}


def test_no_persons_for_countries_cities_or_organisations():
    facts, _, _ = people("The State Department said Paris and Germany agreed.",
                         "The Islamic State said nothing on Monday.")
    assert facts.persons == {}


def test_surname_mr_and_pronoun_mentions_resolve():
    facts, index, doc = people("Italian Foreign Minister Paolo Ricci arrived.",
                               "Mr. Ricci said he was hopeful.")
    key = by_name(facts, "Paolo Ricci").key
    text = doc.text
    assert index.resolve("Ricci", at=text.index("Ricci said")) == key
    assert index.resolve("he", at=text.index("he was")) == key
    kinds = {m.kind for m in index.mentions}
    assert {"name", "surname", "pronoun"} <= kinds


def test_role_description_resolves_to_the_earlier_person():
    facts, index, doc = people("Egyptian President Karim Nasser visited the port.",
                               "Later the Egyptian leader left.")
    at = doc.text.index("the Egyptian leader")
    assert index.resolve("the Egyptian leader", at=at) == by_name(facts, "Karim Nasser").key
    assert index.resolve("the Chilean leader", at=len(doc.text)) is None


def test_spelling_variants_become_one_person():
    facts, _, _ = people("Peruvian President Luis Quispe spoke.", "Peruvian President Luis Quispi agreed.")
    assert len(facts.persons) == 1
    person = next(iter(facts.persons.values()))
    assert person.alt_names


def test_counterpart_takes_the_role_and_the_named_country():
    facts, _, _ = people("Austrian Foreign Minister Karl Huber and his Polish counterpart Jan Kowal spoke.")
    kowal = by_name(facts, "Jan Kowal")
    assert (kowal.role, kowal.country) == ("ForeignMinister", "PL")


def test_last_before_and_in_span():
    facts, index, doc = people("Danish Prime Minister Ida Holm spoke. Holm left.")
    end = len(doc.text)
    assert index.last_before(end).key == by_name(facts, "Ida Holm").key
    assert all(m.span.start >= 0 for m in index.in_span(0, end))


def test_institutions_and_groups_that_report_are_not_people():
    facts, _, _ = people(
        "Prices rose by 40 percent, according to the Red Cross.",
        "Funding fell short of the target, the International Organization for Migration said.",
        "Observers noted that the coalition had grown. Analysts said the talks would go on.",
        "Saudi Arabia said it had rejected the plan.",
        "The Bank of Portugal said rates would stay where they are.")
    names = {p.name for p in facts.persons.values()}
    assert names.isdisjoint({"Red Cross", "Migration", "Observers", "Analysts", "Arabia", "Portugal"}), names
    assert not facts.persons


def test_people_after_the_and_of_keep_their_titles_and_names():
    facts, _, _ = people(
        "The French foreign minister, Laurent Delmas, said the talks went well.",
        "Secretary of State Dana Whitfield and Omar Haddad said they agreed.",
        "The visit of Prime Minister Kofi Asante of Ghana was short.",
        "Lena Vogt said little. The Minister for Europe Marc Petit said nothing new.")
    names = {p.name for p in facts.persons.values()}
    assert {"Laurent Delmas", "Dana Whitfield", "Omar Haddad", "Kofi Asante", "Lena Vogt", "Marc Petit"} <= names, names
