"""Statements: quotations in every quote style, attributed to their speakers and meetings.

Quotations come from `quotemarks` (one paragraph at a time); an opening quote left unclosed goes
on in the next paragraph. A quotation's speaker is found in its frame (the words of its sentence
outside the quote marks) next to a reporting verb from `data/reporting_verbs.txt`; a quotation
with no frame continues the speaker of the quote before it.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from importlib import resources

from kg.extract.document import Document
from kg.extract.lexicon import Caseless, PhraseFinder
from kg.extract.people import PeopleIndex
from kg.extract.quotemarks import Quotation, find_quotations
from kg.extract.speakers import LABEL, SpeakerFinder, title_words
from kg.normalize import UPPER
from kg.model import ArticleFacts, Meeting, Span, Statement
from kg.read.text import is_abbreviation, word_at_stop

MIN_WORDS = 4   # shorter quotations are scare quotes, names of things or fragments, not statements
_WORD = re.compile(r"[^\W_][\w'’-]*")
_SENTENCE_BREAK = re.compile(rf"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[{UPPER}0-9])|\n")
# _SENTENCE_BREAK opening with the class of both alternatives' first characters (scanned for at C speed);
# a look-behind then picks the alternative that character allows: the same matches
_SENTENCE_BREAK_SCAN = re.compile(rf"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’')\]]*\s+(?=[\"“‘'(\[]?[{UPPER}0-9])|(?<=\n))")
# ... and for a text with no "!", "?" or newline, opening with a literal full stop (scanned for faster still)
_STOP_BREAK_SCAN = re.compile(rf"\.\.*[\"”’')\]]*\s+(?=[\"“‘'(\[]?[{UPPER}0-9])")
_TRIM = " \t\n,;:—–-"
_SPLIT_FRAME = re.compile(r"\s*,?\s*[^.!?\"“”]{1,120}[,:]\s*")
_NEW_SENTENCE = re.compile(r"\s+[A-Z]")


@functools.cache
def _verb_phrases() -> tuple[str, ...]:
    """The reporting verbs and phrases of data/reporting_verbs.txt, longest first, and "According to"."""
    text = resources.files("kg.data").joinpath("reporting_verbs.txt").read_text(encoding="utf-8")
    words = sorted({line.strip().lower() for line in text.splitlines()
                    if line.strip() and not line.startswith("#")}, key=len, reverse=True)
    # lower case only, so a name such as "Said" is not a verb; "According to" may open a sentence
    words += [w[0].upper() + w[1:] for w in words if w.startswith("according")]
    return tuple(words)


@functools.cache
def reporting_verbs() -> re.Pattern:
    """One pattern matching any reporting verb or phrase of data/reporting_verbs.txt."""
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _verb_phrases())
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


@functools.cache
def verb_finder() -> PhraseFinder:
    """reporting_verbs() as a PhraseFinder: the same matches, found faster."""
    return PhraseFinder(reporting_verbs(), _verb_phrases())


@dataclass
class _Quote:
    """One quotation located in the article, with the frames around it (absolute offsets)."""

    parts: list[Span]                 # inner spans, one per paragraph (or per split part)
    outer: Span
    paragraph: int                    # paragraph of the first part
    last_paragraph: int
    single: bool = False
    before: Span | None = None        # the words of its sentence before the opening mark
    after: Span | None = None         # the words of its sentence after the closing mark
    speaker: str | None = None
    attributed: bool = False          # speaker found in the quote's own frame
    meeting: str | None = None
    frames: list[Span] = field(default_factory=list)   # frames between the parts of a joined quote
    unclosed: bool = False
    continued: bool = False


def _sentence_breaks(text: str) -> list[int]:
    """Offsets in `text` where a new sentence starts (abbreviations like "Mr." do not end one)."""
    out = []
    scan = _SENTENCE_BREAK_SCAN if "!" in text or "?" in text or "\n" in text else _STOP_BREAK_SCAN
    for match in scan.finditer(text):
        if match.group() == "\n":
            out.append(match.end())
            continue
        # (a short title word is no longer than an abbreviation, so word_at_stop reads enough of it)
        word = word_at_stop(text, 0, match.start()) if match.group().startswith(".") else ""
        if word and (is_abbreviation(word) or len(word) <= 4 and word.lower() in title_words()):   # "Del.", "Sen."
            continue
        out.append(match.end())
    return out


def _paragraph_quotes(doc: Document) -> list[list[_Quote]]:
    """The quotations of each body paragraph, with their before/after frames."""
    out = []
    for index, (pspan, ptext) in enumerate(doc.article.paragraph_texts()):
        found: list[Quotation] = find_quotations(ptext)
        quotes = []
        for i, q in enumerate(found):
            prev_end = found[i - 1].outer.end if i else 0
            next_start = found[i + 1].outer.start if i + 1 < len(found) else len(ptext)
            before_text = ptext[prev_end:q.outer.start]
            breaks = _sentence_breaks(before_text)
            b_start = prev_end + (breaks[-1] if breaks else 0)
            after_text = ptext[q.outer.end:next_start]
            inner = ptext[q.inner.start:q.inner.end].rstrip()
            breaks = _sentence_breaks(after_text)
            ends = inner.endswith((".", "!", "?"))   # re.search(r"[.!?]$", inner): inner is right-stripped
            if ends and after_text[:1].isspace() and not breaks:
                breaks = [len(after_text)]
            a_end = q.outer.end + (breaks[0] if breaks else len(after_text))
            if ends and _NEW_SENTENCE.match(after_text):
                # "… ended." Doe said. — a new sentence attributes the quote only when it is a short
                # "X said." that ends before any other quote
                short = after_text[:a_end - q.outer.end]
                if len(_WORD.findall(short)) > 6 or not short.rstrip().endswith((".", "!", "?")):   # [.!?]\s*$
                    a_end = q.outer.end
            quotes.append(_Quote(
                parts=[Span(pspan.start + q.inner.start, pspan.start + q.inner.end)],
                outer=Span(pspan.start + q.outer.start, pspan.start + q.outer.end),
                paragraph=index, last_paragraph=index, single=q.single,
                unclosed=q.unclosed, continued=q.continued,
                before=Span(pspan.start + b_start, pspan.start + q.outer.start),
                after=Span(pspan.start + q.outer.end, pspan.start + a_end),
            ))
        out.append(quotes)
    return out


def _join_paragraphs(paragraphs: list[list[_Quote]], text: str) -> list[_Quote]:
    """Merge a quotation left unclosed with its continuation at the start of the next paragraph."""
    merged: list[_Quote] = []
    carry: _Quote | None = None   # an unclosed quotation waiting for its next paragraph
    for quotes in paragraphs:
        for i, quote in enumerate(quotes):
            opens_paragraph = not text[quote.before.start:quote.before.end].strip()
            if i == 0 and carry is not None and (quote.continued or opens_paragraph):
                carry.parts.extend(quote.parts)
                carry.outer = Span(carry.outer.start, quote.outer.end)
                carry.last_paragraph = quote.last_paragraph
                carry.frames.append(carry.after)
                carry.after = quote.after
                carry.unclosed = quote.unclosed
                current = carry
            else:
                if carry is not None:
                    merged.append(carry)   # its continuation never came
                carry = None
                if quote.continued:
                    continue               # a stray closing mark with nothing open before it
                current = quote
            if current.unclosed and i == len(quotes) - 1:
                carry = current
            else:
                merged.append(current)
                carry = None
        if not quotes and carry is not None:
            merged.append(carry)
            carry = None
    if carry is not None:
        merged.append(carry)
    return merged


def _text_of(quote: _Quote, text: str) -> str:
    """The quoted words, whitespace normalised, without marks or trailing commas."""
    words = " ".join(" ".join(text[p.start:p.end].split()) for p in quote.parts)
    return words.strip(_TRIM)


def _join_split(quotes: list[_Quote], text: str) -> list[_Quote]:
    """Join `"First part," X said, "second part."` into one quotation: one sentence, one speaker."""
    out: list[_Quote] = []
    for quote in quotes:
        prev = out[-1] if out else None
        if prev is not None and _is_split(prev, quote, text):
            prev.parts.extend(quote.parts)
            prev.outer = Span(prev.outer.start, quote.outer.end)
            prev.last_paragraph = quote.last_paragraph
            prev.frames.append(prev.after)
            prev.after = quote.after
            continue
        out.append(quote)
    return out


def _is_split(prev: _Quote, quote: _Quote, text: str) -> bool:
    """Two quotes of one sentence around their attribution: `"…," X said, "…"`."""
    if prev.last_paragraph != quote.paragraph or prev.single or quote.single:
        return False
    first = text[prev.parts[-1].start:prev.parts[-1].end].rstrip()
    between = text[prev.outer.end:quote.outer.start]
    return (first.endswith(",") and _SPLIT_FRAME.fullmatch(between) is not None
            and verb_finder().search(between) is not None)


def find_statements(doc: Document, facts: ArticleFacts, *, people: PeopleIndex) -> None:
    """Find the quotations of an article, their speakers and meetings; add to facts.statements."""
    text = doc.text
    quotes = _join_split(_join_paragraphs(_paragraph_quotes(doc), text), text)
    finder = SpeakerFinder(text, facts, people, verb_finder())
    previous: _Quote | None = None
    for quote in quotes:
        _attribute(quote, previous, finder, text)
        previous = quote
    held = [m for m in facts.meetings if not m.planned]
    seen: set[str] = set()
    texts = [_text_of(q, text) for q in quotes]
    spoken = {words for q, words in zip(quotes, texts) if q.speaker}
    for quote, words in zip(quotes, texts):
        if quote.single and not quote.attributed or not _has_words(words, MIN_WORDS):
            continue
        if words in seen or quote.speaker is None and words in spoken:
            continue   # the same words twice: keep them once, with their speaker
        seen.add(words)
        facts.statements.append(Statement(
            text=words, span=Span(quote.parts[0].start, quote.parts[-1].end), speaker=quote.speaker,
            meeting=_meeting_of(quote, facts.meetings, held, doc, text), direct=True))


def _has_words(text: str, n: int) -> bool:
    """len(_WORD.findall(text)) >= n, counting no further than n."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), n)) >= n


def _attribute(quote: _Quote, previous: _Quote | None, finder: SpeakerFinder, text: str) -> None:
    """Set the quote's speaker: a transcript label, its own frame, else the speaker of the quote before."""
    first = text[quote.parts[0].start:quote.parts[0].end]
    label = LABEL.match(first)
    if label:   # "SMITH: Well, …" in a transcript
        found = finder.by_name(label.group(1).title(), at=quote.parts[0].start, single=True)
        if found is not None:
            quote.speaker, quote.attributed = found, True
            return
    near = previous is not None and quote.paragraph - previous.last_paragraph <= 1
    prior = previous.speaker if near else None
    for frame, side in ((quote.after, "after"), *((f, "after") for f in quote.frames), (quote.before, "before")):
        if frame is None or frame.end <= frame.start:
            continue
        found = finder.in_frame(frame, side=side, quote_start=quote.outer.start, previous=prior,
                                sentence_start=quote.before.start if quote.before else None)
        if found is not None:
            quote.speaker, quote.attributed = found, True
            return
    if prior is None:
        return
    own = [text[f.start:f.end] for f in (quote.before, quote.after) if f is not None]
    if previous.last_paragraph == quote.paragraph and not any(verb_finder().search(w) for w in own):
        quote.speaker = prior   # a later quote of the same paragraph, with no attribution of its own
    elif not "".join(own).strip(" .,\n"):
        quote.speaker = prior   # a paragraph that is wholly a quotation goes on with the previous speaker


_OTHER_TIME = re.compile(
    r"\b(last|earlier this|previous|next)\s+(week|month|year|weekend)\b|\bover the weekend\b|\byesterday\b"
    r"|\b(in|during) (an?|his|her|their) (interview|analysis|op-ed|article|book|speech to)\b"
    r"|\bin (separate )?comments to\b|\bon (his|her|its|their) (official )?(website|blog)\b|\bago\b",
    re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
# _OTHER_TIME run on the lower-cased text after a look for a word every match holds (see lexicon.Caseless)
_OTHER_TIME_SCAN = Caseless(_OTHER_TIME, ("last", "earlier", "previous", "next", "weekend", "yesterday", "interview", "analysis",
                                          "op-ed", "article", "book", "speech", "comments", "website", "blog", "ago"))
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _meeting_of(quote: _Quote, meetings: list[Meeting], held: list[Meeting], doc: Document, text: str) -> str | None:
    """The meeting a quotation was made at: one told of in its sentence, or the article's only held one."""
    lo = quote.before.start if quote.before else quote.outer.start
    hi = quote.after.end if quote.after else quote.outer.end
    for meeting in sorted(meetings, key=lambda m: m.planned):
        if any(s.start < hi and lo < s.end for s in meeting.spans):
            return meeting.key
    if len(held) != 1:
        return None
    meeting = held[0]
    frame = " ".join(text[f.start:f.end] for f in [quote.before, quote.after, *quote.frames] if f)
    if _OTHER_TIME_SCAN.search(frame):
        return None
    day = _WEEKDAY.search(frame) if "day" in frame.lower() else None   # (every weekday ends in "day")
    if day and meeting.date is not None and _WEEKDAYS[meeting.date.weekday()] != day.group(1).lower():
        return None
    return meeting.key
