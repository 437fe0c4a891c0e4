"""Read an article file: decode it, find its title, publication date and body paragraphs.

The first stage of the pipeline. Bad files raise ArticleError naming the file and the reason, so a
build can report them and go on with the others.
"""
from __future__ import annotations

import hashlib
import html
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from kg.errors import ArticleError
from kg.model import Article, Span
from kg.read import clean, datelines
from kg.read.dates import find_stamp_dates, has_year
from kg.read.text import split_sentences

MAX_BYTES = 50 * 1024 * 1024      # file size: larger files are not even read
MAX_CHARS = 1_000_000             # decoded text (after HTML is stripped): about 150,000 words
_WORDLIKE = re.compile(r"[^\W_]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")   # control characters but \t \n \v \f \r; U+FFFD
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0e <= b <= 0x1f))   # (_CONTROL's bytes kept)
_READ_MORE = re.compile(r"read more", re.I)


def _dates(line: str):
    """The dates of a stamp line (skipped at once for the many lines without a year)."""
    return find_stamp_dates(line)


# what may stand between a stamp's label and its date: a weekday, a clock time ("Published 12:05, 19 Dec 2019")
_WEEKDAY = (r"(?:\d{1,2}[:.]\d\d(?:\s?[ap]\.?m\.?)?(?:\s[A-Z]{2,4})?,?\s+)?"
            r"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\.?),?\s+)?")
# a stamp's label, at the start of a line or of a field ("By X | China Daily | Updated: 2019-01-12 06:05"),
# and the weekday a date may open with: the date must follow at once
_STAMP_LABEL = re.compile(
    r"(?:^|[|•·]\s*)(?:(?:story|article|page|originally|this\s+article\s+was)\s+)?(?:first\s+)?"
    r"(?P<label>published|posted|date\s+created|created|publication\s+date|date|last\s+updated|latest\s+update"
    r"|updated|last\s+modified|modified)(?:\s+(?:on|at))?\s*[:\-–—]?\s*" + _WEEKDAY, re.I)
_UPDATE_WORDS = ("updated", "update", "modified")
_FIELD_START = re.compile(r"(?:^|[|•·]\s*)" + _WEEKDAY, re.I)
# a metadata line glued before the first line's text: " date 2019-12-19 RIYADH: ..."
_META_PREFIX = re.compile(r"date\s*:?\s+", re.I)
_CLOCK = re.compile(r"(?:[T ]\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\s*")
_GLUED_TITLE = re.compile(r"^(?P<title>(?:\S+\s+){2,}?\S+?)\s?-(?=[A-Z\"“'‘])")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def decode(data: bytes, *, path: str = "") -> str:
    """Text of an article's bytes: UTF-8 (BOM or not), UTF-16/32 with BOM, BOM-less UTF-16, else Windows-1252.

    Line endings become `\n` and byte-order marks are dropped, so offsets count characters of the
    text every later stage sees. Raises ArticleError for binary data.
    """
    encoding = _bom_encoding(data) or _sniff_utf16(data)
    utf8 = False
    if encoding:
        text = data.decode(encoding, errors="replace")   # odd lengths and lone surrogates become U+FFFD
    else:
        try:
            text = data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    # a stray NUL or bell in real text is kept; emit drops it from literals
    if (_control_ratio_utf8(data, text) if utf8 else _control_ratio(text)) > 0.05:
        raise ArticleError(path, "binary data, not text")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\ufeff", "") if "\ufeff" in text else text


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start announces, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _sniff_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 text: NUL bytes on one side of each pair only."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:   # (either answer needs NUL bytes)
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _control_ratio_utf8(data: bytes, text: str) -> float:
    """_control_ratio(text) for the text `data` decoded as UTF-8 (strictly): counted on the bytes, where
    each control character is its own byte and no other character has a byte below 0x80 that is one."""
    if len(text) > 65536:
        return _control_ratio(text)
    if not text:
        return 0.0
    return (len(data.translate(None, _NOT_CONTROL_BYTES)) + text.count("\ufffd")) / len(text)


def _control_ratio(text: str) -> float:
    """Share of control and replacement characters in the first 64k characters."""
    sample = text[:65536]
    if not sample:
        return 0.0
    # len(_CONTROL.findall(sample)), counted at C speed: in UTF-8 a control character is its own one byte
    # (every byte of a longer character is 0x80 or more), and U+FFFD is counted as a character
    bad = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_BYTES)) + sample.count("\ufffd")
    return bad / len(sample)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one block element per line, with its <title>, whether it
    has an <h1>, and the publication date its metadata gives."""

    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "tr"}
    SKIP = {"head", "script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template"}
    # <meta> names and properties that hold the publication date
    DATE_META = {"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                 "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
                 "date", "sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] | None = None   # the <title>'s text while it is open, then after
        self.in_title = False
        self.h1 = False
        self.published: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "body":        # a <head> (or anything) left open ends where the body starts
            self.skipping = 0
            self.in_title = False
        elif tag == "title" and self.title is None:
            self.title, self.in_title = [], True
        elif tag == "meta" and self.published is None:
            values = dict(attrs)
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in self.DATE_META and values.get("content"):
                self.published = values["content"]
        elif tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.h1 = self.h1 or tag == "h1"
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    """True for an HTML page rather than plain text."""
    start = 0
    while start < len(text) and text[start].isspace():   # (text.lstrip(), without copying the text)
        start += 1
    if not text.startswith("<", start):   # every answer but False needs the text to open with "<"
        return False
    head = text[start:start + 1000].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and ("<html" in head or "<body" in head) and "</" in text


class HtmlPage(NamedTuple):
    """An HTML page read: its visible text, its headline (the <h1>, else the <title>) and the date its
    metadata gives (a <meta> publication time or a JSON-LD "datePublished"), as written."""

    text: str
    title: str | None
    published: str | None


_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—-]|::)\s+")


def _headline_of(title: str) -> str | None:
    """The headline in a <title>: without the site's name ("Ministers meet | Example News"), the part
    with the most words."""
    title = " ".join(html.unescape(title).split())
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p]
    if not parts:
        return None
    return max(parts, key=lambda p: (clean.word_count(p), -parts.index(p)))


def read_html(text: str) -> HtmlPage:
    """The visible text of an HTML page, paragraphs separated by blank lines (never raises on bad markup).
    A page without an <h1> gets its <title>'s headline as the first line."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
        out = "".join(parser.parts)
    except (AssertionError, ValueError):   # html.parser gives up on some malformed declarations
        out = re.sub(r"<[^>]*>?", "\n\n", re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text))
    out = html.unescape(out)
    out = re.sub(r"\n\s*\n+", "\n\n", "\n".join(line.strip() for line in out.split("\n"))).strip() + "\n"
    title = _headline_of("".join(parser.title)) if parser.title else None
    if title and not parser.h1:
        out = title + "\n\n" + out
    elif parser.h1:
        title = None   # the <h1> line, found among the lines
    published = parser.published
    if published is None:
        found = _JSON_LD_DATE.search(text)
        published = found.group(1) if found else None
    return HtmlPage(out, title, published)


def html_to_text(text: str) -> str:
    """The visible text of an HTML page (read_html's text)."""
    return read_html(text).text


def safe_identifier(stem: str) -> str:
    """An article identifier from a file stem: bytes that are not UTF-8 and control characters as %XX."""
    out = []
    for c in stem:
        if "\udc80" <= c <= "\udcff":   # undecodable byte of the file name (surrogate escape)
            out.append(f"%{ord(c) - 0xDC00:02X}")
        elif ord(c) < 32 or ord(c) == 127 or "\ud800" <= c <= "\udfff":
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")))
        else:
            out.append(c)
    return "".join(out)


def read_article(path: str | Path, *, article_id: str | None = None) -> Article:
    """Read and clean one article file; raises ArticleError when it cannot be used."""
    path = Path(path)
    return parse_article(read_bytes(path), path=str(path), article_id=safe_identifier(article_id or path.stem))


def read_bytes(path: Path) -> bytes:
    """An article file's bytes, up to MAX_BYTES; ArticleError when it is not a readable regular file."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(path, "not a regular file" + (" (a directory)" if stat.S_ISDIR(info.st_mode) else ""))
        if info.st_size > MAX_BYTES:
            raise ArticleError(path, f"too large ({info.st_size} bytes; the limit is {MAX_BYTES})")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:   # grew after stat
        raise ArticleError(path, f"too large (over {MAX_BYTES} bytes)")
    return data


def parse_article(data: bytes, *, path: str, article_id: str) -> Article:
    """Build an Article from a file's bytes: decode, then find the title, the date, the dateline and the body."""
    text = decode(data, path=path)
    page = None
    if looks_like_html(text):
        page = read_html(text)
        text = page.text
    if not _WORDLIKE.search(text):
        raise ArticleError(path, "empty (no text)")
    if len(text) > MAX_CHARS:
        raise ArticleError(path, f"too long ({len(text)} characters of text; the limit is {MAX_CHARS}): "
                                 "split it into one file per article")
    article = Article(id=article_id, path=path, text=text, sha1=hashlib.sha1(data).hexdigest())
    lines = clean.lines_with_spans(text)
    meta = _metadata_date(page.published) if page and page.published else None
    if lines:
        found, rest = metadata_prefix(lines[0])
        if found:
            meta = meta or found
            lines[:1] = [rest] if rest else []
    body = clean.body_lines(lines)
    years = [has_year(line) for _, line in lines]   # a line without a year holds no date
    for i, (_, line) in enumerate(lines):   # date lines: "January 19, 2016 (Photo Credit: …)"
        dates = _dates(line[:40]) if years[i] else []
        if dates and dates[0][0] == 0 and clean.word_count(line[dates[0][1]:]) <= 8:
            body[i] = False
    issued = meta or publication_date(lines, years)
    title_index = _html_title_line(lines, page) if page else find_title(lines, years, body)
    if title_index is not None:
        span, line = lines[title_index]
        glued = _glued_title(line) if page is None and title_index == 0 else None
        if glued:   # "Headline-First sentence of the body …" on one line
            cut = glued.end()
            article.title = glued.group("title").strip()
            article.title_span = Span(span.start, span.start + len(article.title))
            lines[title_index] = (Span(span.start + cut, span.end), line[cut:])
        else:
            article.title, article.title_span = line, span
            body[title_index] = False
    dateline, dated = datelines.find_dateline(lines, body, after=-1 if title_index is None else title_index,
                                              issued=issued)
    if issued is None and dated:   # "LONDON, 5 June 2015 –": a dateline that prints its year dates the report
        issued = dateline.date
    article.issued, article.dateline = issued, dateline
    for i, (span, line) in enumerate(lines):
        if body[i] and line != article.title:
            article.paragraphs.append(span)
    return article


def _metadata_date(value: str):
    """The date of an HTML page's metadata value ("2019-12-19T10:00:00+01:00"), or None."""
    found = _dates(value)
    return found[0][2] if found and found[0][0] == 0 else None


def metadata_prefix(line: tuple[Span, str]):
    """(date, the rest of the line) for a first line that opens with a metadata date (" date 2019-12-19
    RIYADH: ..."), the rest None when nothing follows; (None, line) for any other line."""
    span, text = line
    label = _META_PREFIX.match(text)
    if not label:
        return None, line
    found = _dates(text[:label.end() + 40])
    if not found or found[0][0] != label.end():
        return None, line
    cut = _CLOCK.match(text, found[0][1]).end()
    rest = text[cut:].strip()
    if not rest:
        return found[0][2], None
    start = span.start + cut + (len(text[cut:]) - len(text[cut:].lstrip()))
    return found[0][2], (Span(start, start + len(rest)), rest)


def _html_title_line(lines: list[tuple[Span, str]], page: HtmlPage) -> int | None:
    """Index of an HTML page's headline line: the <title>'s (put first), else the first <h1>'s."""
    if page.title is not None:
        return 0 if lines and lines[0][1] == page.title else None
    return find_title(lines)


def _glued_title(line: str) -> re.Match | None:
    """The headline of a line that runs on into the body ("Iran Deal Backers Urged to Lobby
    Congress-U.S. President Barack Obama told ..."): a line that does not read as a headline itself,
    whose words before the glue are a title-case headline of at most 25 words."""
    glued = _GLUED_TITLE.match(line)
    if not glued or clean.word_count(glued.group("title")) > 25 or is_headline(line):
        return None
    return glued if _title_case(glued.group("title")) else None


def _title_case(text: str) -> bool:
    """Are 80 % of the words of four letters or more capitalised?"""
    long_words = _LONG_WORD.findall(text)
    return sum(1 for w in long_words if w[0].isupper()) >= 0.8 * len(long_words)


def is_headline(line: str) -> bool:
    """Does a line read as a headline rather than a paragraph's sentence? 4 to 30 words, no dateline
    before it, and, when it ends like a sentence with 15 words or more, one sentence, in title case from
    20 words on."""
    words = clean.word_count(line)
    if words < 4 or words > 30 or datelines.opens_with_dateline(line):
        return False
    if clean.ends_sentence(line) and words >= 15:
        if len(split_sentences(line)) > 1:
            return False
        if words >= 20:
            return _title_case(line)
    return True


def find_title(lines: list[tuple[Span, str]], years: list[bool] | None = None,
               body: list[bool] | None = None) -> int | None:
    """Index of the headline: the first line that reads as one (is_headline), not furniture, a teaser or a
    date line, before the body starts; None when the text opens with a paragraph. (`years`: whether each
    line holds a year; `body`: whether each line is body text, if known.)"""
    if body is None:
        body = clean.body_lines(lines)
    for i, (_, line) in enumerate(lines[:60]):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if clean.is_furniture(line) or _READ_MORE.fullmatch(nxt):
            continue
        dated = (years is None or years[i]) and _dates(line[:40])
        if not dated and (is_headline(line) or i == 0 and _glued_title(line)):
            return i
        if body[i]:
            return None
    return None


def _stamp_labels(line: str) -> list[re.Match]:
    """The matches of _STAMP_LABEL in a line: each opens the line or follows a "|", "•" or "·", so a line
    without those has at most one, at its start (a match there, not a search through it)."""
    if "|" in line or "•" in line or "·" in line:
        return list(_STAMP_LABEL.finditer(line))
    first = _STAMP_LABEL.match(line)
    return [first] if first else []


def publication_date(lines: list[tuple[Span, str]], years: list[bool] | None = None):
    """The date the text says it was published: a labelled stamp ("Story first published: Thursday,
    December 19, 2019", "| Posted: 20.05.2020"), else a date line near the top ("16 August 2014",
    "02/25/2023 | 09:45pm EST", "By X | Outlet | 12 Jan 2019"), else an "Updated:" stamp.
    (`years`: whether each line holds a year, if known.)"""
    labelled, updated, standalone = None, None, None
    for i, (_, line) in enumerate(lines):
        if years is not None and not years[i]:
            continue
        labels = _stamp_labels(line)
        if not labels and not (standalone is None and i < 15 and clean.word_count(line) <= 20):
            continue   # neither a label nor a short line near the top: the line's dates would go unused
        found = _dates(line)
        if not found:
            continue
        starts = {s: d for s, _, d in found}
        for label in labels:
            value = starts.get(label.end())
            if value is None:
                continue
            if label["label"].lower().endswith(_UPDATE_WORDS):
                updated = updated or value
            else:
                labelled = labelled or value
        if standalone is None and i < 15 and clean.word_count(line) <= 20:
            ends = {s: e for s, e, _ in found}
            for field in _FIELD_START.finditer(line):
                end = ends.get(field.end())
                if end is not None and clean.word_count(re.split(r"[|•·]", line[end:], maxsplit=1)[0]) <= 6:
                    standalone = starts[field.end()]
                    break
        if labelled:
            break
    return labelled or standalone or updated
