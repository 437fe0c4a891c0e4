"""Choosing a format from an Accept header, and a node's description."""
from __future__ import annotations

import pytest

from kg.web.describe import NODE_FORMATS, asks_for_html, negotiate, parse_accept


@pytest.mark.parametrize("header,chosen", [
    (None, "html"), ("", "html"), ("*/*", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),   # a browser
    ("text/turtle", "ttl"), ("application/x-turtle", "ttl"),
    ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/n-triples", "nt"), ("text/plain", "nt"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("application/ld+json;q=0.2, text/*;q=0.9", "html"),        # text/* reaches HTML first, then Turtle
    ("text/html;q=0, text/turtle;q=0.1", "ttl"),
    ("image/png", None), ("text/html;q=0", None),
])
def test_negotiate_picks_the_best_offered_format(header, chosen):
    assert negotiate(header, NODE_FORMATS) == chosen


def test_accept_parsing_orders_by_quality_and_keeps_bad_qualities_harmless():
    assert parse_accept("a/b;q=0.1, c/d, e/f;q=x") == [("c/d", 1.0), ("a/b", 0.1), ("e/f", 0.0)]


def test_only_an_explicit_html_range_asks_for_html():
    assert asks_for_html("text/html,*/*;q=0.8") and not asks_for_html("*/*") and not asks_for_html(None)
    assert not asks_for_html("text/html;q=0")
