"""Publication dates in the forms real pages print them, and none where the text states no date with a year."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.read import article as read
from kg.read.dates import find_stamp_dates

PAGES = Path(__file__).parent / "pages"
HEADLINE = "Ministers of two neighbours agree on a border commission\n"
BODY = ("The foreign ministers of two neighbouring countries met in the capital on Tuesday to set up a border "
        "commission, officials said.\n\nThe commission will meet every three months.\n")


def read_text(text: str):
    return read.parse_article(text.encode("utf-8"), path="a.txt", article_id="a")


@pytest.mark.parametrize("stamp, expected", [
    ("Story first published: Thursday, December 19, 2019", date(2019, 12, 19)),
    ("02/25/2023 | 09:45pm EST", date(2023, 2, 25)),        # month first beside a 12-hour clock
    ("16 August 2014", date(2014, 8, 16)),
    ("16 February 2018    Read: 2139", date(2018, 2, 16)),
    ("20.05.2020 - 09:24", date(2020, 5, 20)),
    ("May 20 2020 09:18:00", date(2020, 5, 20)),
    ("By Jane Roe | The Daily Example | Updated: 2019-01-12 06:05", date(2019, 1, 12)),
    ("Published: 2021-03-04T08:00:00Z", date(2021, 3, 4)),
    ("Posted on March 4, 2021 by admin", date(2021, 3, 4)),
    ("Last updated: 4 March 2021", date(2021, 3, 4)),
    ("Thu 19 Dec 2019 14.05 GMT", date(2019, 12, 19)),
    ("December 19, 2019 / 10:05 AM", date(2019, 12, 19)),
    ("Published 12:05, 19 Dec 2019", date(2019, 12, 19)),
    ("Published: 19/12/2019", date(2019, 12, 19)),           # the only order the numbers allow
    ("03/04/2021 10:00", date(2021, 4, 3)),                  # both orders fit, no US clock: day first
    ("03/04/2021 10:00 am ET", date(2021, 3, 4)),
    ("By John Smith | Example Wire | 12 Jan 2019", date(2019, 1, 12)),
])
def test_a_stamp_line_below_the_headline_dates_the_article(stamp, expected):
    article = read_text(HEADLINE + stamp + "\n" + BODY)
    assert article.issued == expected
    assert article.title == HEADLINE.strip()
    assert [article.text[s.start:s.end] for s in article.paragraphs] == [p for p in BODY.split("\n") if p]


def test_a_published_stamp_wins_over_an_updated_one():
    article = read_text(HEADLINE + "Published: Dec 19, 2019 | Updated: Dec 20, 2019\n" + BODY)
    assert article.issued == date(2019, 12, 19)
    article = read_text(HEADLINE + "Updated: Dec 20, 2019\n" + BODY + "First published on 18 December 2019\n")
    assert article.issued == date(2019, 12, 18)


@pytest.mark.parametrize("text", [
    HEADLINE + BODY,
    HEADLINE + "Read: 2139    Views: 2019\n" + BODY,
    HEADLINE + "Updated 2 hours ago\n" + BODY,
    HEADLINE + BODY + "© 2019 Example News. All rights reserved.\n",
    HEADLINE + BODY + "The treaty signed on 5 June 2015 still stands, the minister said.\n",
    HEADLINE + "Thursday, December 19\n" + BODY,            # no year: no date
])
def test_an_article_that_states_no_date_with_a_year_gets_none(text):
    assert read_text(text).issued is None


def test_a_metadata_date_glued_before_the_first_line_is_the_date_and_not_part_of_the_text():
    text = " date 2021-07-27 CAIRO: Egyptian Foreign Minister Sameh Adel received his Jordanian counterpart in Cairo on Tuesday.\n\nThe two ministers discussed trade.\n"
    article = read_text(text)
    assert article.issued == date(2021, 7, 27)
    first = article.paragraphs[0]
    assert article.text[first.start:first.end].startswith("CAIRO: Egyptian Foreign Minister")
    assert len(article.paragraphs) == 2
    assert article.title is None          # the text opens with its first paragraph: no headline to take


def test_a_metadata_date_before_a_headline_leaves_the_headline_whole():
    article = read_text(" date 2025-05-16 Istanbul hosts the first direct talks in three years\n\n" + BODY)
    assert article.issued == date(2025, 5, 16)
    assert article.title == "Istanbul hosts the first direct talks in three years"
    assert article.text[article.title_span.start:article.title_span.end] == article.title


def test_a_metadata_line_alone_is_dropped_from_the_lines():
    article = read_text("date 2020-10-16\nLatest Politics\n\nOctober 16, 2020\n" + HEADLINE + BODY)
    assert article.issued == date(2020, 10, 16)
    assert article.title == HEADLINE.strip()


def test_metadata_prefix_gives_the_rest_of_the_line_with_its_span():
    from kg.model import Span

    line = (Span(1, 56), "date 2019-12-19T10:00:00Z RIYADH: The minister arrived.")
    found, rest = read.metadata_prefix(line)
    assert found == date(2019, 12, 19)
    assert rest == (Span(27, 56), "RIYADH: The minister arrived.")
    assert read.metadata_prefix((Span(0, 20), "dated talks resumed")) == (None, (Span(0, 20), "dated talks resumed"))


@pytest.mark.parametrize("text, expected", [
    ("2019-12-19T10:00:00Z", [date(2019, 12, 19)]),
    ("2019/12/19", [date(2019, 12, 19)]),
    ("20.05.2020 - 09:24", [date(2020, 5, 20)]),
    ("02/25/2023 | 09:45pm EST", [date(2023, 2, 25)]),
    ("25/02/2023", [date(2023, 2, 25)]),
    ("13/13/2023 and 1.2.3.2020", []),
    ("Thursday, December 19, 2019 and 20.05.2020", [date(2019, 12, 19), date(2020, 5, 20)]),
])
def test_stamp_dates_in_numeric_and_written_forms(text, expected):
    assert [d for _, _, d in find_stamp_dates(text)] == expected


@pytest.mark.parametrize("page, expected", [
    ("no_h1.html", date(2022, 3, 9)),           # <meta property="article:published_time">
    ("json_ld.html", date(2018, 11, 21)),       # JSON-LD datePublished
    ("visible_stamp.html", date(2020, 5, 20)),  # only in the page's text
    ("time_element.html", date(2023, 2, 25)),   # a byline stamp
    ("undated.html", None),                     # a copyright year is no date
])
def test_html_pages_are_dated_from_their_metadata_or_their_text(page, expected):
    assert read.read_article(PAGES / page).issued == expected
