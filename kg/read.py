"""Read an article file: decode it, find its title, publication date and body paragraphs.

The first stage of the pipeline. Bad files raise ArticleError naming the file and the reason, so a
build can report them and go on with the others.
"""
from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from kg import clean
from kg.dates import find_absolute_dates
from kg.errors import ArticleError
from kg.model import Article, Span

MAX_BYTES = 50 * 1024 * 1024
_DATE_LABEL = re.compile(r"^(date created|created|published|first published|posted)\b", re.I)
_UPDATE_LABEL = re.compile(r"^(latest update|updated|last updated|last modified)\b", re.I)
_GLUED_TITLE = re.compile(r"^(?P<title>(?:\S+\s+){2,}?\S+?)\s?-(?=[A-Z\"“'‘])")


def decode(data: bytes, *, path: str = "") -> str:
    """Text of an article's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise ArticleError(path, "binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    return bad / len(sample)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one block element per line."""

    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "title", "article", "section", "tr"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    """True for an HTML page rather than plain text."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_to_text(text: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    out = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", "\n".join(line.strip() for line in out.split("\n"))).strip() + "\n"


def read_article(path: str | Path, *, article_id: str | None = None) -> Article:
    """Read and clean one article file; raises ArticleError when it cannot be used."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(path, f"too large ({size} bytes; the limit is {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from None
    return parse_article(data, path=str(path), article_id=article_id or path.stem)


def parse_article(data: bytes, *, path: str, article_id: str) -> Article:
    """Build an Article from a file's bytes: decode, then split title, date and body."""
    text = decode(data, path=path)
    if looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise ArticleError(path, "empty (no text)")
    article = Article(id=article_id, path=path, text=text, sha1=hashlib.sha1(data).hexdigest())
    lines = clean.lines_with_spans(text)
    body = clean.body_lines(lines)
    for i, (_, line) in enumerate(lines):   # date lines: "January 19, 2016 (Photo Credit: …)"
        dates = find_absolute_dates(line[:40])
        if dates and dates[0][0] == 0 and clean.word_count(line[dates[0][1]:]) <= 8:
            body[i] = False
    article.issued = publication_date(lines)
    title_index = find_title(lines)
    if title_index is not None:
        span, line = lines[title_index]
        glued = _GLUED_TITLE.match(line) if clean.word_count(line) > 30 else None
        if glued:   # "Headline-First sentence of the body …" on one line
            cut = glued.end()
            article.title = glued.group("title").strip()
            article.title_span = Span(span.start, span.start + len(article.title))
            lines[title_index] = (Span(span.start + cut, span.end), line[cut:])
        else:
            article.title, article.title_span = line, span
            body[title_index] = False
    for i, (span, line) in enumerate(lines):
        if body[i] and line != article.title:
            article.paragraphs.append(span)
    return article


def find_title(lines: list[tuple[Span, str]]) -> int | None:
    """Index of the headline: the first line of 4+ words that is not furniture or a teaser."""
    for i, (_, line) in enumerate(lines[:60]):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if clean.is_furniture(line) or re.fullmatch(r"read more", nxt, re.I):
            continue
        if clean.word_count(line) >= 4 and not find_absolute_dates(line[:40]):
            return i
    return None


def publication_date(lines: list[tuple[Span, str]]):
    """The date the text says it was published: a "Date created" stamp, else a date line near the top."""
    labelled, updated, standalone = None, None, None
    for i, (_, line) in enumerate(lines):
        dates = find_absolute_dates(line)
        if not dates:
            continue
        first = dates[0]
        if _DATE_LABEL.match(line) and labelled is None:
            labelled = first[2]
        elif _UPDATE_LABEL.match(line) and updated is None:
            updated = first[2]
        elif standalone is None and i < 15 and first[0] == 0 and clean.word_count(line[first[1]:]) <= 6:
            standalone = first[2]   # a line that starts with the date: "02 June, 2015"
    return labelled or standalone or updated
