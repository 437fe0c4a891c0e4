"""Who said a quotation: the person next to the reporting verb in the quotation's frame.

Uses the people index first (names, surnames and descriptions already resolved to person keys);
"he"/"she" go to the speaker of the quote before, else to the last person named before the quote.
When the index knows nobody there, falls back to the capitalised name beside the verb, matched to a
known person by name or surname, or added as a new person when it looks like a person's name.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from kg.extract import lexicon
from kg.extract.gazetteer import countries
from kg.extract.people import Mention, PeopleIndex
from kg.ids import slug
from kg.model import ArticleFacts, Person, Span
from kg.normalize import fold

_PARTICLE = r"(?:al|el|de|du|da|van|von|der|den|bin|ibn|le|la|abu|dos|di)"
_CAP = r"(?:(?:al|el|bin|ibn|abu)-)?[A-ZÀ-Þ](?:[\w'’.-]*[\w'’.])?"
NAME = re.compile(rf"(?:[A-Z][a-z]{{0,3}}\.\s+)*{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP})*")
_AUX = (r"(?:\s+(?:also|then|later|again|once|often|previously|recently|simply|has|had|have|was|would|"
        r"will|further|earlier|repeatedly|publicly|privately|bluntly|flatly|quickly|angrily|\([^)]{1,30}\)))*")
_SUBJECT_PRONOUN = {"he", "she"}
_OBJECT_PRONOUN = {"him", "her"}
_ACRONYM = re.compile(r"[A-Z]{2,5}")
LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?:\s[A-Z][A-Z'’.-]+){0,2}):\s")
DASH = re.compile(r"\s*(?:[―—–]|--?)\s*")
# the patterns the speaker search tries, compiled once
_SHE = re.compile(r"\b(she|her)\b", re.I)
_PRONOUN_SUBJECT_END = re.compile(rf"\b(he|she){_AUX}\s+$", re.I)
_BY = re.compile(r"\bby\b")
_PRONOUN_NEXT = re.compile(r"\s+(he|she|him|her)\b", re.I)
_PLACE_WORD_END = re.compile(r"\b(the|The|at|of|from|in|for|with|on)\s+$")
_ASIDE_NEXT = re.compile(r"\s*(,|\(|--|—|–)")
_OF_END = re.compile(r"\b(of|from|at|with)\s+(the\s+)?$")
_ARTICLE_END = re.compile(r"\b(the|a|an)\s+$", re.I)
_ARTICLE_END_CASED = re.compile(r"\b(the|an?)\s+$")
_AUX_END = re.compile(rf"{_AUX}\s*$")
_AUX_ONLY = re.compile(rf"{_AUX}\s*")
_OF_NEXT = re.compile(r"\s+(of|from|at|with)\s")
_POSSESSIVE_END = re.compile(r"[’']s$")
_SUFFIX_END = re.compile(r",?\s+(?:Jr|Sr|II|III|IV)\.?$")
_ASIDE = re.compile(r"\([^()]{0,40}\)")
_NAME_NEXT = re.compile(rf"\s+((?:[a-z]+\s+){{0,3}})({NAME.pattern})")


def _words(name: str) -> set[str]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}


@functools.cache
def title_words() -> frozenset[str]:
    """Words of titles that may stand before a name (data/speaker_titles.txt, titles, honorifics)."""
    words = _words("speaker_titles.txt") | set(lexicon.honorifics())
    for phrase in lexicon.titles():
        words.update(phrase.split())
    return frozenset(words)


@functools.cache
def nonperson_words() -> frozenset[str]:
    """Words that mark a capitalised phrase as no person's name (data/nonperson_words.txt, org words)."""
    return frozenset(_words("nonperson_words.txt") | set(lexicon.org_words()) | set(lexicon.not_names()))


@functools.cache
def _capitals() -> frozenset[str]:
    """National capitals, which stand for their governments ("Moscow said")."""
    return frozenset(fold(c) for c in countries().capital.values())


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


def looks_like_person(name: str, *, single: bool = False) -> bool:
    """A capitalised phrase that can be a person's name: 2-4 words (one when `single`), no organisation,
    place, title or acronym among them."""
    parts = name.split()
    if not (1 if single else 2) <= len(parts) <= 4:
        return False
    if countries().lookup(name) or countries().demonym(name) or fold(name) in _capitals():
        return False
    for token in name.replace("-", " ").split():
        low = token.lower().strip(".’'")
        if len(low) == 1:
            continue   # an initial
        if low in nonperson_words() or low in title_words() or _ACRONYM.fullmatch(token):
            return False
    return True


def _article_end(before: str) -> bool:
    """_ARTICLE_END.search(before) ("the", "a", "an" and spaces at the end), tested on the end first."""
    core = before.rstrip()
    return core != before and core.lower().endswith(("the", "a", "an")) and _ARTICLE_END.search(before) is not None


def _blank_parentheses(text: str) -> str:
    """The text with parenthesised asides turned to spaces, offsets kept."""
    if "(" not in text:
        return text
    return _ASIDE.sub(lambda m: " " * len(m.group()), text)


class SpeakerFinder:
    """Find the speaker of a quotation in the words around it, as a key of facts.persons."""

    def __init__(self, text: str, facts: ArticleFacts, people: PeopleIndex, verbs):   # verbs: .finditer(text)
        self.text, self.facts, self.people, self.verbs = text, facts, people, verbs

    def in_frame(self, frame: Span, *, side: str, quote_start: int, previous: str | None,
                 sentence_start: int | None = None) -> str | None:
        """The speaker named next to the reporting verb of a frame ("X said", "said X", "according to X").

        `sentence_start` is where the quote's own sentence begins: a "he"/"she" prefers a person
        named there before the quote, then the previous quote's speaker `previous`.
        """
        segment = self.text[frame.start:frame.end]
        if side == "after":
            dash = DASH.match(segment)
            if dash and dash.end() > 0 and NAME.match(segment, dash.end()):
                # "“…” ― Jane Doe": the name after a dash signs the quotation
                name = NAME.match(segment, dash.end()).group()
                return self.by_name(strip_title(name), at=frame.start + dash.end(), single=False)
        verbs = list(self.verbs.finditer(segment))
        if not verbs:
            return None
        verb = verbs[0] if side == "after" else verbs[-1]
        vs, ve = frame.start + verb.start(), frame.start + verb.end()
        according = verb.group().lower().startswith("according")
        mentions = [m for m in self.people.in_span(frame.start, frame.end) if self._usable(m, according=according)]
        gender = "f" if _SHE.search(self.text[vs - 8:ve + 8]) else "m"

        def antecedent() -> str | None:
            return self._antecedent(min(quote_start, vs), previous, gender, sentence_start)

        if not according:   # the subject before the verb: "X said", "X, an aide, said", "he said"
            mention = self._before(mentions, frame, vs)
            if mention is not None:
                return antecedent() if mention.kind == "pronoun" else mention.key
            if _PRONOUN_SUBJECT_END.search(segment[:verb.start()]):
                return antecedent()
            key = self._name_before(segment, verb, frame.start)
            if key is not None:
                return key
        after = [m for m in mentions if m.start >= ve]   # "said X", "according to X"
        between = self.text[ve:after[0].start] if after else ""
        if after and (between.strip(" ,").count(" ") <= 6 or _BY.search(between)):
            return antecedent() if after[0].kind == "pronoun" else after[0].key
        if _PRONOUN_NEXT.match(segment[verb.end():]):
            return antecedent()
        key = self._name_after(segment, verb, frame.start, according=according)
        if key is None and verb.group().endswith("ing") and sentence_start is not None:
            # "…, saying, “…”": the participle's subject is the first person of the sentence
            own = [m for m in self.people.in_span(sentence_start, vs) if m.kind != "pronoun" and self._usable(m)]
            key = own[0].key if own else None
        return key

    def _usable(self, mention: Mention, *, according: bool = False) -> bool:
        """A mention that can be a speaker: a known person, not a title word or a place or thing
        ("the Mall", "at Lenox"), and a pronoun only in subject form ("he said", "according to him")."""
        if mention.key not in self.facts.persons:
            return False
        words = self.text[mention.start:mention.end]
        if mention.kind == "pronoun":
            return words.lower() in (_OBJECT_PRONOUN if according else _SUBJECT_PRONOUN)
        if mention.kind == "description":
            return True
        if words.lower().strip(".") in title_words() or words.lower() in nonperson_words():
            return False
        return not _PLACE_WORD_END.search(self.text[max(0, mention.start - 6):mention.start])

    def _before(self, mentions: list[Mention], frame: Span, vs: int) -> Mention | None:
        """The mention that is the verb's subject, before it ("X said", "X, asked about Y, said")."""
        before = [m for m in mentions if m.end <= vs]
        if not before:
            return None
        head = self.text[frame.start:vs].rstrip()
        if head.endswith((",", "--", "—", "–")):   # an aside: the subject is the first name of the clause
            subject = [m for m in before if _ASIDE_NEXT.match(self.text[m.end:m.end + 3])]
            if subject:
                return subject[0]
        last = before[-1]
        if len(before) > 1 and _OF_END.search(self.text[before[-2].end:last.start]):
            return before[-2]   # "X of the Example Club said"
        return last

    def _antecedent(self, offset: int, previous: str | None, gender: str, sentence_start: int | None) -> str | None:
        """Who "he"/"she" means: a person named earlier in the quote's sentence, the speaker of the quote
        before, else the last person named before `offset` (the same gender, when known)."""
        def fits(key: str | None) -> bool:
            return key in self.facts.persons and self.people.gender.get(key, gender) == gender

        if sentence_start is not None:
            own = [m for m in self.people.in_span(sentence_start, offset) if m.kind != "pronoun" and fits(m.key)]
            if own:
                return own[-1].key
        if previous is not None and fits(previous):
            return previous
        at = offset
        while True:
            mention = self.people.last_before(at, kinds=("name", "surname", "description"))
            if mention is None:
                return None
            if fits(mention.key):
                return mention.key
            at = mention.start

    def _name_before(self, segment: str, verb: re.Match, base: int) -> str | None:
        """A capitalised name before the verb ("Jane Doe said", "Doe, an aide, said", "Doe of the X said")."""
        head = _blank_parentheses(segment[:verb.start()])   # "Jane Doe (R-Utah) said"
        found = [m for m in NAME.finditer(head) if not _article_end(head[:m.start()])]
        if not found:
            return None
        stripped = _AUX_END.sub("", head).rstrip()
        candidates = []
        if stripped.endswith((",", "--", "—", "–")):
            candidates += [m for m in found if _ASIDE_NEXT.match(head[m.end():])][:1]
        if _AUX_ONLY.fullmatch(head[found[-1].end():]):
            candidates.append(found[-1])
        candidates += [m for m in found if _OF_NEXT.match(head[m.end():])][:1]
        for cand in candidates:
            key = self.by_name(strip_title(cand.group()), at=base + cand.start(), single=True)
            if key is not None:
                return key
        return None

    def _name_after(self, segment: str, verb: re.Match, base: int, *, according: bool) -> str | None:
        """A capitalised name after the verb ("said Sen. Jane Doe", "according to Doe")."""
        match = _NAME_NEXT.match(segment[verb.end():])
        if match and not _ARTICLE_END_CASED.search(match.group(1)) and (
                according or all(w in title_words() for w in match.group(1).split())):
            return self.by_name(strip_title(match.group(2)), at=base + verb.end() + match.start(2), single=True)
        return None

    def by_name(self, name: str, *, at: int, single: bool) -> str | None:
        """The key of the person a name means: a known person by full name or surname, else a new one
        (a single word only when `single`, i.e. it stands right beside a reporting verb)."""
        name = _POSSESSIVE_END.sub("", name).strip(" .,")
        name = _SUFFIX_END.sub("", name)
        if not name:
            return None
        folded = fold(name)
        surname = folded.split()[-1]
        key = self.people.resolve(name, at=at)
        if key in self.facts.persons and surname in fold(self.facts.persons[key].name).split():
            return key
        for key, person in self.facts.persons.items():
            names = {fold(person.name), *map(fold, person.alt_names)}
            if folded in names or any(n.split()[-1:] == [surname] for n in names if n):
                return key
        if not looks_like_person(name, single=single):
            return None
        if name.isupper():
            name = name.title()
        key = base = slug(name)
        n = 2
        while key in self.facts.persons:
            key, n = f"{base}-{n}", n + 1
        self.facts.persons[key] = Person(key=key, name=name, spans=[])
        return key
