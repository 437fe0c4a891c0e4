"""Datelines at the start of the body: the place as written, its span, and its date against the stamp."""
from __future__ import annotations

from datetime import date

import pytest

from kg.model import Article, Dateline, Span
from kg.read import article as read
from kg.read import dates

HEADLINE = "Ministers of two neighbours agree on a border commission\n\n"
LEAD = "the foreign ministers of two neighbouring countries agreed to set up a border commission, officials said.\n"


def read_text(text: str):
    return read.parse_article(text.encode("utf-8"), path="a.txt", article_id="a")


@pytest.mark.parametrize("opening, place", [
    ("Washington, Dec 18: The", "Washington"),
    ("BONN, Germany — The", "Bonn"),
    ("ROME (AA) - The", "Rome"),
    ("GENEVA, Oct 24 (AP) The", "Geneva"),
    ("GENEVA, Oct 24 (AP) - The", "Geneva"),
    ("CAIRO: The", "Cairo"),
    ("TOKYO – The", "Tokyo"),
    ("VIENTIANE, Laos — The", "Vientiane"),
    ("RIYADH: The", "Riyadh"),
    ("NEW DELHI, Jan. 5 (Reuters) - The", "New Delhi"),
    ("MOSCOW, October 10. /TASS/. The", "Moscow"),
    ("ST. PETERSBURG, Russia — The", "St. Petersburg"),
    ("SAO PAULO, Brazil, Oct 5 (Reuters) - The", "Sao Paulo"),
    ("AL-ARISH, Egypt — The", "Al-Arish"),
    ("UNITED NATIONS (AP) — The", "United Nations"),
    ("Islamabad, July 27 (APP): The", "Islamabad"),
])
def test_a_dateline_opening_the_first_paragraph(opening, place):
    article = read_text(HEADLINE + opening + " " + LEAD)
    assert article.dateline is not None and article.dateline.place == place
    span = article.dateline.span
    assert article.text[span.start:span.end].lower() == place.lower()
    first = article.paragraphs[0]   # the dateline stays in its paragraph
    assert article.text[first.start:first.end].startswith(opening)


def test_a_dateline_on_a_line_of_its_own():
    article = read_text(HEADLINE + "ISTANBUL\n\nThe " + LEAD)
    assert article.dateline.place == "Istanbul"
    assert article.text[article.dateline.span.start:article.dateline.span.end] == "ISTANBUL"
    article = read_text(HEADLINE + "New Delhi (PTI)\n\nThe " + LEAD)
    assert article.dateline.place == "New Delhi"


def test_an_agency_credit_line_names_the_place():
    article = read_text(HEADLINE + "Press Trust Of India New Delhi\nThe " + LEAD)
    assert article.dateline.place == "New Delhi"
    assert article.text[article.dateline.span.start:article.dateline.span.end] == "New Delhi"
    assert read_text(HEADLINE + "By Reuters Staff\nThe " + LEAD).dateline is None


def test_a_caption_before_the_story_does_not_hide_its_dateline():
    caption = ("Two presidents make a toast during the gala dinner of the regional summit in the capital, "
               "as other leaders look on / photo: Example Agency\n\n")
    article = read_text(caption + "VIENTIANE, Laos — The " + LEAD)
    assert article.dateline.place == "Vientiane"


def test_a_month_and_day_take_the_year_of_the_stamp():
    article = read_text(HEADLINE + "December 19, 2019\n\nWashington, Dec 18: The " + LEAD)
    assert article.dateline == Dateline("Washington", article.dateline.span, date(2019, 12, 18))
    assert article.issued == date(2019, 12, 19)


def test_a_late_december_dateline_on_a_january_stamp_is_of_the_year_before():
    article = read_text(HEADLINE + "2 January 2020\n\nGENEVA, Dec 30 (AP) - The " + LEAD)
    assert article.dateline.date == date(2019, 12, 30)


def test_without_a_stamp_a_dateline_without_a_year_has_no_date():
    article = read_text(HEADLINE + "GENEVA, Oct 24 (AP) - The " + LEAD)
    assert article.dateline.date is None and article.issued is None


def test_a_dateline_with_its_year_dates_an_article_without_a_stamp():
    article = read_text(HEADLINE + "LONDON, 5 June 2015 – The " + LEAD)
    assert article.dateline.date == date(2015, 6, 5)
    assert article.issued == date(2015, 6, 5)


@pytest.mark.parametrize("opening", [
    "Pence: Gennifer Won't Be at the Debate, Aide Says",   # a headline with a speaker, not a place
    "Analysis: the talks",
    "UPDATE - the talks",
    "Sen. Ted Cruz (R-Tex.) — the",
    "Foreign ministers met — the",
    "FILE - the",
])
def test_what_is_not_a_dateline(opening):
    assert read_text(HEADLINE + opening + " " + LEAD).dateline is None


def test_a_headline_never_opens_with_a_dateline():
    article = read_text("TOKYO – Foreign ministers of four countries met in Tokyo on Monday and issued a joint statement.\n\n"
                        "The statement named no country.\n")
    assert article.title is None
    assert len(article.paragraphs) == 2


def test_dateline_prefixes_do_not_join_the_names_that_follow():
    from kg.extract.facts import extract

    for opening in ("RIYADH:", "TOKYO –", "ROME (AA) -", "VIENTIANE, Laos —", "GENEVA, Oct 24 (AP)"):
        article = read_text(HEADLINE + opening + " Ruritanian Foreign Minister Karl Weber met his Freedonian "
                                                 "counterpart Louis Martin on Monday.\n")
        names = {p.name for p in extract(article).persons.values()}
        assert names == {"Karl Weber", "Louis Martin"}, opening


def test_reference_date_is_the_stamp_else_the_dateline_date():
    article = Article(id="a", path="a", text="", sha1="")
    assert dates.reference_date(article) is None
    article.dateline = Dateline("Geneva", Span(0, 6), date(2015, 6, 5))
    assert dates.reference_date(article) == date(2015, 6, 5)
    article.issued = date(2015, 6, 6)
    assert dates.reference_date(article) == date(2015, 6, 6)
    # weekdays resolve against it: 2015-06-06 is a Saturday
    assert [d for _, _, d in dates.article_dates("They met on Thursday.", article)] == [date(2015, 6, 4)]
    assert [d for _, _, d in dates.article_dates("They will meet on Monday.", article, future=True)] == [date(2015, 6, 8)]


def test_an_agency_alone_is_no_place():
    assert read_text(HEADLINE + "REUTERS\n\nThe " + LEAD).dateline is None
    assert read_text(HEADLINE + "AFP - The " + LEAD).dateline is None
