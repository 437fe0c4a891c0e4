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

from kg.errors import ArticleError
from kg.model import Article, Span
from kg.read import clean
from kg.read.dates import find_absolute_dates, has_year

MAX_BYTES = 50 * 1024 * 1024      # file size: larger files are not even read
MAX_CHARS = 1_000_000             # decoded text (after HTML is stripped): about 150,000 words
_WORDLIKE = re.compile(r"[^\W_]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")   # control characters but \t \n \v \f \r; U+FFFD
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0e <= b <= 0x1f))   # (_CONTROL's bytes kept)
_READ_MORE = re.compile(r"read more", re.I)


def _dates(line: str):
    """find_absolute_dates (skipped at once for the many lines without a year)."""
    return find_absolute_dates(line)
_DATE_LABEL = re.compile(r"^(date created|created|published|first published|posted)\b", re.I)
_UPDATE_LABEL = re.compile(r"^(latest update|updated|last updated|last modified)\b", re.I)
_GLUED_TITLE = re.compile(r"^(?P<title>(?:\S+\s+){2,}?\S+?)\s?-(?=[A-Z\"“'‘])")


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
    """Collect the visible text of an HTML page, one block element per line."""

    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "tr"}
    SKIP = {"head", "script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":        # a <head> (or anything) left open ends where the body starts
            self.skipping = 0
        elif tag in self.SKIP:
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
    start = 0
    while start < len(text) and text[start].isspace():   # (text.lstrip(), without copying the text)
        start += 1
    if not text.startswith("<", start):   # every answer but False needs the text to open with "<"
        return False
    head = text[start:start + 1000].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and ("<html" in head or "<body" in head) and "</" in text


def html_to_text(text: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines (never raises on bad markup)."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
        out = "".join(parser.parts)
    except (AssertionError, ValueError):   # html.parser gives up on some malformed declarations
        out = re.sub(r"<[^>]*>?", "\n\n", re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text))
    out = html.unescape(out)
    return re.sub(r"\n\s*\n+", "\n\n", "\n".join(line.strip() for line in out.split("\n"))).strip() + "\n"


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
    return parse_article(data, path=str(path), article_id=safe_identifier(article_id or path.stem))


def parse_article(data: bytes, *, path: str, article_id: str) -> Article:
    """Build an Article from a file's bytes: decode, then split title, date and body."""
    text = decode(data, path=path)
    if looks_like_html(text):
        text = html_to_text(text)
    if not _WORDLIKE.search(text):
        raise ArticleError(path, "empty (no text)")
    if len(text) > MAX_CHARS:
        raise ArticleError(path, f"too long ({len(text)} characters of text; the limit is {MAX_CHARS}): "
                                 "split it into one file per article")
    article = Article(id=article_id, path=path, text=text, sha1=hashlib.sha1(data).hexdigest())
    lines = clean.lines_with_spans(text)
    body = clean.body_lines(lines)
    years = [has_year(line) for _, line in lines]   # a line without a year holds no date
    for i, (_, line) in enumerate(lines):   # date lines: "January 19, 2016 (Photo Credit: …)"
        dates = _dates(line[:40]) if years[i] else []
        if dates and dates[0][0] == 0 and clean.word_count(line[dates[0][1]:]) <= 8:
            body[i] = False
    article.issued = publication_date(lines, years)
    title_index = find_title(lines, years)
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


def find_title(lines: list[tuple[Span, str]], years: list[bool] | None = None) -> int | None:
    """Index of the headline: the first line of 4+ words that is not furniture or a teaser.
    (`years`: whether each line holds a year, if known.)"""
    for i, (_, line) in enumerate(lines[:60]):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if clean.is_furniture(line) or _READ_MORE.fullmatch(nxt):
            continue
        if _headline_like(line) and (years is not None and not years[i] or not _dates(line[:40])):
            return i
        if _body_like(line):   # the text has begun: a page without a headline
            return None
    return None


# a body paragraph that opens with a dateline: "TOKYO – ", "RIYADH: ", "BONN, Germany — ", "ROME (AA) - "
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][\w .]*?)?\s*(?:\([^)]*\)\s*)?(?:[—–-]{1,2}|:)\s")


def _headline_like(line: str) -> bool:
    """Can a line be a headline: 4 to 30 words, not opening with a dateline, not a sentence of 8 words or
    more ending in a full stop (a page without a headline starts with its first paragraph)?"""
    words = clean.word_count(line)
    return 4 <= words <= 30 and not _DATELINE_LEAD.match(line) and not _body_like(line)


def _body_like(line: str) -> bool:
    """Is a line body text: over 30 words, a dateline opening, or a sentence of 8+ words ending in a full stop?"""
    words = clean.word_count(line)
    return words > 30 or bool(_DATELINE_LEAD.match(line)) or (
        words >= 8 and line.rstrip().rstrip("\"”’'").endswith("."))


def publication_date(lines: list[tuple[Span, str]], years: list[bool] | None = None):
    """The date the text says it was published: a "Date created" stamp, else a date line near the top.
    (`years`: whether each line holds a year, if known.)"""
    labelled, updated, standalone = None, None, None
    for i, (_, line) in enumerate(lines):
        dates = _dates(line) if years is None or years[i] else []
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
