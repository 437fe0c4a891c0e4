"""The quad sink: duplicates kept once, quads sorted by graph, subject, predicate, object text."""
from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.emit import QuadSink, clean_literal, lit


def test_sink_drops_duplicates_and_sorts_by_term_text():
    sink = QuadSink()
    sink.add("http://g/2", "http://s/b", "http://p/x", "http://o/1")
    sink.add("http://g/1", "http://s/b", "http://p/x", lit("b"))
    sink.add("http://g/1", "http://s/a", "http://p/x", lit("a"))
    sink.add("http://g/1", "http://s/a", "http://p/x", lit("a"))
    quads = sink.sorted()
    assert len(quads) == 3
    assert quads == sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    assert quads[0] == ox.Quad(ox.NamedNode("http://s/a"), ox.NamedNode("http://p/x"), ox.Literal("a"), ox.NamedNode("http://g/1"))


def test_clean_literal_drops_control_characters_but_tab_and_newline():
    assert clean_literal("a\x00b\tc\nd\x1fe\x7f") == "ab\tc\nde\x7f"
