"""Headlines: the <title> of an HTML page without <h1>, and never a body paragraph taken for one."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.read import article as read

PAGES = Path(__file__).parent / "pages"


def read_text(text: str):
    return read.parse_article(text.encode("utf-8"), path="a.txt", article_id="a")


def paragraphs(article):
    return [article.text[s.start:s.end] for s in article.paragraphs]


def test_a_page_without_h1_takes_its_title_without_the_site_name_and_keeps_every_paragraph():
    article = read.read_article(PAGES / "no_h1.html")
    assert article.title == "Foreign ministers of Chile and Peru agree on a border commission"
    assert article.text[article.title_span.start:article.title_span.end] == article.title
    assert len(article.paragraphs) == 4
    assert paragraphs(article)[0].startswith("LIMA, March 8 (XN) - The foreign ministers")
    assert "The commission will meet every three months." in paragraphs(article)
    assert not any("Most read" in p or "Storm hits" in p for p in paragraphs(article))


@pytest.mark.parametrize("page, title, count", [
    ("json_ld.html", "Summit ends with a pledge on river water", 4),    # <h1> (and a caption)
    ("visible_stamp.html", "Ministers of Spain and Morocco hold talks on migration", 3),   # <title> is the site
    ("time_element.html", "Envoys meet in Geneva over prisoner exchange", 2),
    ("undated.html", "Talks on fishing rights resume", 2),
])
def test_html_headline_is_the_h1_else_the_title(page, title, count):
    article = read.read_article(PAGES / page)
    assert article.title == title
    assert len(article.paragraphs) == count


def test_headline_of_a_title_drops_the_site_name():
    assert read._headline_of("Envoys meet in Geneva | Example Wire") == "Envoys meet in Geneva"
    assert read._headline_of("World News - Summit ends with a pledge") == "Summit ends with a pledge"
    assert read._headline_of("Trump-Kim summit opens") == "Trump-Kim summit opens"


LEAD = ("Foreign Minister Karl Weber and his Ruritanian counterpart, Louis Martin, are to make a joint visit to the "
        "islands to meet the new government once it is elected.")


@pytest.mark.parametrize("text", [
    LEAD + "\n\nThe visit was announced yesterday.\n",
    "This blog is now closed, thanks for joining us. You can read our full report on the summit here.\n\n" + LEAD + "\n",
    "“We are ready to host the talks again, just as we did in February,” the minister said on Monday in the capital.\n\n" + LEAD + "\n",
])
def test_a_text_that_opens_with_a_paragraph_has_no_headline_and_loses_no_paragraph(text):
    article = read_text(text)
    assert article.title is None
    assert paragraphs(article) == [p for p in text.split("\n") if p]


@pytest.mark.parametrize("headline", [
    "Stealth Over Health: The Minister Was Headed to the Summit But Diverted to Avoid Bad Optics.",
    "OSCE Foreign Ministers meeting opens in Belgrade.",
    "Virginian could make history. Again.",
    "Turkish president, US secretary of state meet in Ankara",
])
def test_headlines_in_every_style_are_titles(headline):
    article = read_text(headline + "\n\n" + LEAD + "\n")
    assert article.title == headline
    assert paragraphs(article) == [LEAD]


def test_a_headline_glued_to_the_first_sentence_is_split_off():
    article = read_text("Iran Deal Backers Urged to Lobby Congress-The president told supporters of the nuclear "
                        "deal on Thursday to make their voices heard in the capital before the vote next month.\n")
    assert article.title == "Iran Deal Backers Urged to Lobby Congress"
    assert paragraphs(article)[0].startswith("The president told supporters")


def test_a_hyphenated_name_in_a_long_lead_is_no_glue():
    lead = ("The Tajik foreign minister paid a working visit to Kyrgyzstan on July 20-22 for a meeting of the foreign "
            "ministers of the region that took place in the resort city of Cholpon-Ata, according to the ministry.")
    article = read_text(lead + "\n\nThe ministers discussed trade.\n")
    assert article.title is None
    assert paragraphs(article)[0] == lead
