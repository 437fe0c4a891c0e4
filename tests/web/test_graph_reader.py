"""The reader behind the pages: highlighting the cited span, search ranking, labels and kinds."""
from __future__ import annotations

from kg.namespaces import DIP
from kg.web.graph import highlight


def test_highlight_marks_whole_words_ignoring_case_and_spacing():
    assert highlight("Mr. Fabius said so.", ["Laurent Fabius", "Fabius"]) == ("Mr. ", "Fabius", " said so.")
    assert highlight("The US and the USSR", ["us"]) == ("The ", "US", " and the USSR")
    assert highlight("thus spoke", ["us"]) == ("thus spoke", "", "")
    assert highlight("met in  Paris", ["in Paris"]) == ("met ", "in  Paris", "")
    assert highlight("a (b) c", ["(b)"]) == ("a ", "(b)", " c")
    assert highlight("nothing here", [None, "", "x"]) == ("nothing here", "", "")


def test_search_ranks_whole_names_first_and_finds_other_labels(reader):
    person = reader.subjects("type", DIP + "Person")[0].value
    name = reader.label(person)
    found = reader.search(name)
    assert found[0]["node"].iri == person and found[0]["matched"] == name
    assert reader.search(name.upper())[0]["node"].iri == person
    assert reader.search("   ") == []
    part = reader.search(name.split()[-1][:3])
    assert any(r["node"].iri == person for r in part)


def test_labels_and_kinds_come_from_the_graph_and_the_ontology(reader):
    statement = reader.subjects("type", DIP + "Statement")[0].value
    assert reader.kind(statement) == "statement" and reader.label(statement).startswith("“")
    assert reader.kind(DIP + "ForeignMinister") == "term" and reader.label(DIP + "ForeignMinister") == "foreign minister"
    minister = reader.subjects("type", DIP + "Minister")[0].value
    assert reader.kind(minister) == "person"
