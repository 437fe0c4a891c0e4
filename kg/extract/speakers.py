"""Who said a quotation: the person next to the reporting verb in the quotation's frame.

Uses the people index first (names, surnames, pronouns and descriptions already resolved to person
keys); when it knows nobody there, falls back to the capitalised name beside the verb, matched to
a known person by surname or added as a new person.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from kg.extract.people import Mention, PeopleIndex
from kg.gazetteer import countries, fold
from kg.model import ArticleFacts, Person, Span

_PARTICLE = r"(?:al|el|de|du|da|van|von|der|den|bin|ibn|le|la|abu|dos|di)"
_NAME = re.compile(
    rf"(?:[A-Z][a-z]{{0,3}}\.\s+)*[A-Z][\w'’.-]*[\w'’](?:\s+(?:{_PARTICLE}[\s-])?[A-Z][\w'’.-]*[\w'’])*"
    rf"|(?:{_PARTICLE}-)[A-Z][\w'’-]+")
_PRONOUN = re.compile(r"\b(he|she)\b", re.I)
_ADVERBS = r"(?:\s+(?:also|then|later|again|once|often|previously|recently|simply|has|had|have|was|would|once|further|had\s+earlier))*"


def _words(name: str) -> set[str]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}


@functools.cache
def title_words() -> frozenset[str]:
    """Words of titles that may stand before a name (data/speaker_titles.txt)."""
    return frozenset(_words("speaker_titles.txt"))


@functools.cache
def nonperson_words() -> frozenset[str]:
    """Words that mark a capitalised phrase as no person's name (data/nonperson_words.txt)."""
    return frozenset(_words("nonperson_words.txt"))


def strip_title(name: str) -> str:
    """A name without the titles, demonyms and country names before it ("French Foreign Minister X" -> "X")."""
    tokens = name.split()
    table = countries()
    while len(tokens) > 1:
        word = tokens[0].rstrip(".").lower()
        if word in title_words() or table.demonym(word) or table.lookup(word):
            tokens.pop(0)
        else:
            break
    return " ".join(tokens)


def looks_like_person(name: str) -> bool:
    """A capitalised phrase that can be a person's full name: 2-4 words, no organisation or place word."""
    tokens = name.replace("-", " ").split()
    if not 2 <= len(name.split()) <= 4:
        return False
    table = countries()
    if table.lookup(name) or any(t.lower().strip(".") in nonperson_words() for t in tokens):
        return False
    return not any(t.lower().strip(".") in title_words() for t in name.split())


class SpeakerFinder:
    """Find the speaker of a quotation in the words around it, as a key of facts.persons."""

    def __init__(self, text: str, facts: ArticleFacts, people: PeopleIndex, verbs: re.Pattern):
        self.text, self.facts, self.people, self.verbs = text, facts, people, verbs

    def in_frame(self, frame: Span, *, side: str, previous: str | None) -> str | None:
        """The speaker named next to the reporting verb of a frame ("X said", "said X", "according to X")."""
        segment = self.text[frame.start:frame.end]
        verbs = list(self.verbs.finditer(segment))
        if not verbs:
            return None
        verb = verbs[0] if side == "after" else verbs[-1]
        vs, ve = frame.start + verb.start(), frame.start + verb.end()
        according = verb.group().lower().startswith("according")
        mentions = [m for m in self.people.in_span(frame.start, frame.end) if m.key in self.facts.persons]
        mention = self._pick(mentions, frame, vs, ve, according=according)
        if mention is not None:
            return mention.key
        pronoun = self._pronoun(segment, verb, according=according)
        if pronoun:
            return self._antecedent(frame.start + verb.start(), previous)
        return self._by_name(segment, verb, according=according)

    def _pick(self, mentions: list[Mention], frame: Span, vs: int, ve: int, *, according: bool) -> Mention | None:
        """The mention that is the verb's subject: before it ("X said"), else after it ("said X")."""
        before = [m for m in mentions if m.span.end <= vs]
        after = [m for m in mentions if m.span.start >= ve]
        if according:
            return after[0] if after else None
        if before:
            head = self.text[frame.start:vs].rstrip()
            if head.endswith(","):   # "X, asked about Y, said": the subject is before the aside
                aside = head.rfind(",", 0, len(head) - 1)
                earlier = [m for m in before if m.span.end <= frame.start + aside] if aside >= 0 else []
                if earlier:
                    return earlier[-1]
            return before[-1]
        return after[0] if after else None

    @staticmethod
    def _pronoun(segment: str, verb: re.Match, *, according: bool) -> bool:
        """True when the verb's subject is "he" or "she" ("he said", "said she", "according to him")."""
        if according:
            return re.match(r"\s+(him|her)\b", segment[verb.end():], re.I) is not None
        if re.search(rf"\b(he|she){_ADVERBS}\s+$", segment[:verb.start()], re.I):
            return True
        return re.match(r"\s+(he|she)\b", segment[verb.end():], re.I) is not None

    def _antecedent(self, offset: int, previous: str | None) -> str | None:
        """The person a "he"/"she" before `offset` most likely means: the last speaker, else the last person named."""
        if previous is not None:
            return previous
        mention = self.people.last_before(offset)
        return mention.key if mention is not None and mention.key in self.facts.persons else None

    def _by_name(self, segment: str, verb: re.Match, *, according: bool) -> str | None:
        """A capitalised name beside the verb, as a known person's key or a new person."""
        head, tail = segment[:verb.start()], segment[verb.end():]
        name = None
        if not according:
            found = list(_NAME.finditer(head))
            if found and re.fullmatch(rf"(?:,[^,]*,)?{_ADVERBS}\s*", head[found[-1].end():]):
                name = found[-1].group()
        if name is None:
            match = re.match(r"\s+(?:the\s+|a\s+)?((?:[a-z]+\s+){0,3})(" + _NAME.pattern + ")", tail)
            if match and (according or not match.group(1).strip() or all(
                    w in title_words() for w in match.group(1).split())):
                name = match.group(2)
        if name is None:
            return None
        return self._person_for(strip_title(name.strip()))

    def _person_for(self, name: str) -> str | None:
        """The key of the person a name means: a known person by full name or surname, else a new one."""
        name = re.sub(r"[’']s$", "", name).strip(" .,")
        folded = fold(name)
        persons = self.facts.persons
        if folded in persons:
            return folded
        surname = folded.split()[-1] if folded else ""
        for key, person in persons.items():
            names = {fold(person.name), *map(fold, person.alt_names)}
            if folded in names or any(n.split()[-1:] == [surname] for n in names if n):
                return key
        if not looks_like_person(name):
            return None
        persons[folded] = Person(key=folded, name=name)
        return folded
