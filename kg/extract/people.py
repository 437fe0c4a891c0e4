"""People: names with titles, roles and the country they speak for; later mentions resolved.

Fills `facts.persons` and `facts.countries` and returns a PeopleIndex the later stages use to
turn a name, surname, pronoun or role description at an offset into a person key.

A capitalised name becomes a person when something anchors it: a title before it ("French
Foreign Minister Laurent Fabius"), an apposition after it ("Laurent Fabius, the French foreign
minister"), or a reporting verb ("X said", "said X", "according to X"). Later mentions (surnames,
"Mr. X", pronouns, "the Iraqi leader") are tied to the people found.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import operator
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.extract import gazetteer
from kg.extract import lexicon as _titles
from kg.extract import mentions
from kg.extract.document import Document
from kg.extract.names import compatible, given_names, name_tokens, surname_key
from kg.ids import slug
from kg.model import ArticleFacts, Person, Span
from kg.normalize import LOWER, UPPER
from kg.normalize import fold as _fold_uncached
from kg.read.dates import MONTHS
from kg.read.text import has_case_trap

fold = functools.lru_cache(maxsize=65536)(_fold_uncached)

_U = UPPER   # Latin capitals of every script (Ł, Š, Ç …)
_L = LOWER
# one name word: "Fabius", "al-Abadi", "Jean-Yves", "McLaughlin", "O'Brien", "F."
TOKEN = rf"(?:(?:al|el|ul|bin|ibn|abu|ben)-)?(?:[{_U}]['’])?[{_U}][{_L}]+(?:[{_U}][{_L}]+)*(?:-[{_U}]?[{_L}]+)*|[{_U}]\."
PARTICLE = r"(?:bin|ibn|bint|de|da|di|do|dos|du|del|della|van|von|der|den|ter|la|le|al|el|abu)"
NAME_RUN = re.compile(rf"(?<![\w'’.-])(?:{TOKEN})(?:\s(?:{PARTICLE}\s)*(?:{TOKEN}))*(?![\w-])")
TOKEN_RE = re.compile(rf"(?:{PARTICLE}\s)*(?:{TOKEN})")
# NAME_RUN for a text where no run can open with "al-", "bin-" …: its first token starts with a capital, so
# the pattern starts with that capital class (scanned for at C speed) and tests the character before it in a
# look-behind. The token's alternatives keep their order, so the matches are NAME_RUN's.
_NAME_TAIL = rf"(?:[{_U}][{_L}]+)*(?:-[{_U}]?[{_L}]+)*"
# (The tokens after the first are group "more": a run where it is empty is one token, all of the match.)
_CAPITAL_NAME_RUN = re.compile(
    rf"[{_U}](?<![\w'’.-].)(?:['’][{_U}][{_L}]+{_NAME_TAIL}|[{_L}]+{_NAME_TAIL}|\.)"
    rf"(?P<more>(?:\s(?:{PARTICLE}\s)*(?:{TOKEN}))*)(?![\w-])")
_NAME_PREFIX = re.compile(r"(?:al|el|ul|bin|ibn|abu|ben)-")
REPORT_VERBS = (r"said|says|say|told|tells|added|adds|stated|states|declared|noted|explained|insisted|"
                r"warned|urged|wrote|writes|announced|stressed|argued|asked|replied|responded|tweeted|"
                r"acknowledged|admitted|claimed|confirmed|emphasised|emphasized|suggested|continued|recalled")
_VERB_AFTER = re.compile(rf"^[,]?\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+|once\s+)?(?:{REPORT_VERBS})\b")
_VERB_BEFORE = re.compile(rf"\b(?:{REPORT_VERBS}|according\s+to)\s+$", re.I)
_MEET_BEFORE = re.compile(r"\b(?:met|meet|meets|meeting|meetings|talks|hosted|hosts|host|co-host|welcomed|visited|join|joined|joins|with)\s+(?:with\s+)?$")
_WHO_AFTER = re.compile(r"^,\s+who\b")
_STOP_MODIFIER = {"the", "a", "an", "of", "and", "or", "with", "to", "by", "for", "from", "in", "on", "at", "as",
                  "said", "says", "told", "his", "her", "their", "its", "that", "which", "who", "former", "ex"}
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+(?:([\w.]+(?:\s[A-Z][\w.]*){0,2})\s+)?counterparts?,?\s+$")
# "counterparts from Brazil, Lula da Silva, and Paraguay, Mario Abdo": the country just before a name in such a list
_COUNTERPART_FROM = re.compile(r"\bcounterparts?\s+(?:from|of|in)\s+(?:[^;:.()]*?,\s+(?:and\s+)?)?"
                               r"(?P<country>[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){0,2}),\s+$")
# a delegation and who leads it or is in it: "A Ukrainian delegation led by", "Russia's negotiators were named as",
# "the United States was represented by", "The Iranian delegation included X, Y and"
_DELEGATION_CUE = re.compile(r"\b(?:led\s+by|headed\s+by|included|includes|including|comprised|consisted\s+of|"
                             r"named\s+as|represented\s+by)\s+")
_DELEGATION_WHO = re.compile(
    r"(?P<who>[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){0,2})(?:['’]s)?\s+(?:(?:[a-z-]+\s+){0,3}"
    r"(?:delegation|team|negotiators|side|officials|representatives|envoys|delegates)\s+)?"
    r"(?:was\s+|were\s+|is\s+|are\s+)?$")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PRONOUN_RE = re.compile(r"\b(?:" + "|".join(_titles.PRONOUN_WORDS) + r")\b", re.I)   # he, him, his, she, her
# PRONOUN_RE without its leading \b (so the scan can skip to an h or s at once) on lower-cased text;
# a hit inside a word is dropped, and it cannot hide a real one (it spans letters only)
_PRONOUN_TAIL = re.compile(r"(?:" + "|".join(_titles.PRONOUN_WORDS) + r")\b")
_AL_PREFIX = re.compile(r"^(al|el)-")
_CLAUSE_MARK = re.compile(r"[,;:]")
_POSSESSIVE_END = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LIST_BREAK = re.compile(r"[;:.]\s|\b(?:while|whereas|but)\b")
_COMPLEMENT_BEFORE = re.compile(r"\b(?:to|of|for)\s+the\s+$")
_ACADEMIC = frozenset(("prof", "professor", "dr"))
_MONTHS = frozenset(name for name in MONTHS if len(name) > 4 or name in ("may", "june", "july"))   # full month names
_TITLE_COMPOUND = re.compile(r"-(?:in|of|at|for|general)-|-(?:in|of)$")
# royal and princely titles stay with a one-word name: "King Salman", "Prince Faisal"
_ROYAL = frozenset(("king", "queen", "prince", "princess", "emir", "sultan", "sheikh"))
_TITLE_JOIN = re.compile(r"\s+(?:and|&)\s+|,\s+")
_ASIDE_MARK = re.compile(r"[;:()\"“”]")
_OWNER_BEFORE = re.compile(r"(?:['’]s|\bthe|\bits|\bhis|\bher|\btheir)\s+[\w\s.’'-]*$", re.I)
# what may stand between a title and a name set off by a comma: "the Prime Minister of Serbia, ",
# "Russia's ambassador to Washington, " (the country only from "of")
_TITLE_COMPLEMENT_GAP = re.compile(r"^(?:\s+(?P<prep>of|to|for|at|in)\s+(?:the\s+)?"
                                   r"(?P<place>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|[a-z]+))?\s*,\s+"
                                   r"(?:(?:Prof|Dr|Mr|Mrs|Ms|Gen|Sir|Sheikh)\.?\s+)?$")
_SPLIT_NAME = re.compile(r"[\s.]+")
_GAP_WORD = re.compile(r"[\w.]+")
_MODIFIER_WORD = re.compile(r"[\w.’'-]+|[^\w\s]")
# the same matches, opening with one character (any but a space: a pattern that opens with a repeat is tried at
# every position); the look-behind on it picks the alternative, the first where both could match
_MODIFIER_WORD_SCAN = re.compile(r"\S(?:(?<=[\w.’'-])[\w.’'-]*|(?<=[^\w\s]))")
_WORD_START = re.compile(r"[\w]")
_POSSESSIVE_WORD = re.compile(r"^(.*?)['’]s$")
_OF_AFTER = re.compile(r"^,?\s+of\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})")
_APPOSITION = re.compile(r"^,\s+(?:(?:the|a|an|his|her|its|their)\s+)?(.{2,80}?)(?=[,;.)]|\s+(?:who|and|said|says|for|at|in|with|to)\b|$)")
_GENDER_HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m",
                     "lady": "f", "king": "m", "queen": "f", "prince": "m", "princess": "f",
                     "congressman": "m", "congresswoman": "f", "spokesman": "m", "spokeswoman": "f"}
_WEEKDAYS = frozenset(_titles.weekdays())
_LEADER_ROLES = {"President", "PrimeMinister", "HeadOfState", "HeadOfGovernment", "Monarch",
                 "SupremeLeader", "Chancellor"}


_DESCRIPTION_ARTICLE = re.compile(r"^(?:the|a|an|his|her|their|its)\s+")
_DESCRIPTION_OWNER = re.compile(r"^(.+?)['’]s\s+(.*)$")
# what stands before a capitalised run that names an institution, not a person: "the" ("the Red
# Cross"), or a capitalised word and "of"/"for" ("Organization for Migration", "Bank of England")
_INSTITUTION_BEFORE = re.compile(r"(?:(?P<the>(?<![\w'’-])[Tt]he)|[A-Z][\w.’'-]*\s+(?:of|for))\s+\Z")
_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})(?:['’]s|(?<=s)['’])\s+$")
_VERB_ENDINGS = (*REPORT_VERBS.split("|"), "to")
_MEET_ENDINGS = ("met", "meet", "meets", "meeting", "meetings", "talks", "hosted", "hosts", "host", "welcomed", "visited",
                 "join", "joined", "joins", "with")
_COUNTERPART_ENDINGS = ("counterpart", "counterparts", "counterpart,", "counterparts,")


# The patterns below end in \s+$: a match needs the text to end in spaces after a given word, a cheap
# test that spares the search (which tries every position of the text) for almost every name.
def _verb_before(before: str) -> bool:
    """_VERB_BEFORE.search(before): a reporting verb or "according to" just before."""
    core = before.rstrip()
    if core == before:
        return False
    if not has_case_trap(before) and not core.lower().endswith(_VERB_ENDINGS):
        return False
    return _VERB_BEFORE.search(before) is not None


def _meet_before(before: str) -> bool:
    """_MEET_BEFORE.search(before): "met", "talks with" … just before."""
    core = before.rstrip()
    return core != before and core.endswith(_MEET_ENDINGS) and _MEET_BEFORE.search(before) is not None


def _counterpart_before(before: str):
    """_COUNTERPART.search(before): "his French counterpart" just before."""
    core = before.rstrip()
    if core == before or not core.endswith(_COUNTERPART_ENDINGS):
        return None
    return _COUNTERPART.search(before)


def _possessive_before(before: str):
    """_POSSESSIVE_BEFORE.search(before): "Iraq's " just before."""
    core = before.rstrip()
    if core == before or not core.endswith(("'s", "’s", "s'", "s’")):
        return None
    return _POSSESSIVE_BEFORE.search(before)


def _institution_before(text: str, at: int):
    """_INSTITUTION_BEFORE.search(text, at - 40, at): tried only when the text before `at` ends in "he",
    "of" or "for" and spaces, as every match does (the search tries each of the 40 places)."""
    if not text[at - 1:at].isspace() or not text[max(0, at - 40):at].rstrip().endswith(("he", "of", "for")):
        return None
    return _INSTITUTION_BEFORE.search(text, max(0, at - 40), at)


@functools.lru_cache(maxsize=65536)
def _prefix_word(word: str) -> bool:
    """Is a word no part of a name when it leads one (honorific, not-a-name word, weekday, country)?"""
    table = gazetteer.countries()
    low = fold(word).rstrip(".")
    if low in _titles.honorifics() or low in _titles.not_names() or low in _titles.weekdays():
        return True
    return bool(table.demonym(word) or table.lookup(word))


@functools.lru_cache(maxsize=65536)
def _name_words(tokens: tuple[str, ...]) -> bool:
    """Can these capitalised words be a person's name (no org word, country, demonym or lone city)?"""
    table, cities = gazetteer.countries(), gazetteer.cities()
    words = [fold(t).rstrip(".") for t in tokens]
    if all(len(w) <= 1 for w in words):
        return False
    if words[-1] in _titles.org_words() or any(w in _titles.not_names() for w in words):
        return False
    if len(words) == 1 and words[0] in _MONTHS:   # "In June," is no person
        return False
    if any(_TITLE_COMPOUND.search(w) for w in words):   # "Chairperson-in-Office", "Commander-in-Chief"
        return False
    joined = " ".join(tokens)
    if table.lookup(joined) or table.demonym(joined):
        return False
    if len(tokens) == 1 and (fold(joined) in gazetteer.major_city_names() or table.demonym(words[0])):
        return False
    return not any(table.lookup(t) or table.demonym(t) for t in tokens if len(t) > 3)


def _in_title(start: int, end: int, title_spans) -> bool:
    """Does [start, end) lie inside one of the (start, end, phrase) title spans? (A loop: a generator in
    any() costs more than the test on the usual one or two spans.)"""
    for s, e, _ in title_spans:
        if s <= start and end <= e:
            return True
    return False


def name_runs(text: str) -> list[list[tuple[int, int, str]]]:
    """(start, end, token) of the tokens of each capitalised name run (NAME_RUN) of a text."""
    out = []
    if "-" in text and _NAME_PREFIX.search(text):
        token_at = TOKEN_RE.match
        for run in NAME_RUN.finditer(text):
            start, end = run.span()
            first = token_at(text, start, end)
            if first is not None and first.end() == end:   # a one-token run: finditer would stop there
                out.append([(start, end, first.group())])
            else:   # (TOKEN_RE has no look-arounds: bounds are the same as slicing the run out)
                out.append([(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)])
        return out
    for run in _CAPITAL_NAME_RUN.finditer(text):
        start, end = run.span()
        if run.start(1) == end:   # (group 1: "more")
            # one token: TOKEN_RE would match all of it (its one path through a token is the longest, and the
            # run's token ends where no token character follows)
            out.append([(start, end, run.group())])
        else:
            out.append(_tokens(text, start, end))
    return out


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, token) of each TOKEN_RE.finditer(text, start, end), matched at each place a token can
    start rather than searched for: TOKEN_RE cannot start at a space, so after each token the spaces are
    skipped, and the match there is the search's (the search itself when there is none)."""
    out, match_at, search = [], TOKEN_RE.match, TOKEN_RE.search
    while start < end:
        token = match_at(text, start, end) or search(text, start, end)
        if token is None:
            break
        start = token.end()
        out.append((token.start(), start, token.group()))
        while start < end and text[start].isspace():
            start += 1
    return out


def pronouns_in(text: str, heads: _titles.Heads | None = None) -> list[tuple[int, int, str]]:
    """(start, end, word) of each match of PRONOUN_RE in a text, found faster on lower-cased text.

    `heads` (lexicon.heads_in(text), if known) holds the whole runs of letters that are pronouns: a
    match is such a run with no word character (\\w: letter, digit or "_") on either side.
    """
    if heads is not None:
        low, out = heads.low, []
        for start, end in heads.found["pronouns"]:
            if (start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_")) \
                    and (end == len(low) or not (low[end].isalnum() or low[end] == "_")):
                out.append((start, end, text[start:end]))
        return out
    if has_case_trap(text):
        return [(m.start(), m.end(), m.group()) for m in PRONOUN_RE.finditer(text)]
    low = text.lower()
    out = []
    for m in _PRONOUN_TAIL.finditer(low):
        start = m.start()
        if start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_"):   # the leading \b
            out.append((start, m.end(), text[start:m.end()]))
    return out



class Mention(NamedTuple):
    """A stretch of text [start, end) that refers to a person (name, surname, pronoun or description).

    A plain tuple: mentions sort by start, end, key and kind (tuple order), with no Python-level comparisons.
    """

    start: int
    end: int
    key: str
    kind: str = "name"   # name | surname | pronoun | description

    @property
    def span(self) -> Span:
        """The mention's characters as a Span."""
        return Span(self.start, self.end)


# Mentions sort by start first, so bisecting the list on the start alone finds the first mention whose start is >= x.
_START = operator.itemgetter(0)
_SPAN_ORDER = operator.attrgetter("start", "end")   # a Span's sort key: the order its dataclass comparison defines


@dataclass
class PeopleIndex:
    """The person mentions of one article, in text order, with lookups by offset.

    `resolve(text, at=offset)` maps a name, surname, pronoun or role description found at an
    offset to a person key (or None); `in_span` and `last_before` read the mentions.
    """

    mentions: list[Mention] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)       # key -> "m" | "f" when known

    def in_span(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie inside [start, end)."""
        i = bisect.bisect_left(self.mentions, start, key=_START)
        out = []
        mentions = self.mentions
        while i < len(mentions) and mentions[i].start < end:
            if mentions[i].end <= end:
                out.append(mentions[i])
            i += 1
        return out

    def last_before(self, offset: int, *, kinds: tuple[str, ...] | None = None) -> Mention | None:
        """The last mention that ends at or before `offset` (of the given kinds, if told)."""
        i = bisect.bisect_left(self.mentions, offset + 1, key=_START)
        while i > 0:
            i -= 1
            mention = self.mentions[i]
            if mention.end <= offset and (kinds is None or mention.kind in kinds):
                return mention
        return None

    def resolve(self, text: str, *, at: int) -> str | None:
        """The person a name, surname, pronoun or role description at offset `at` refers to, or None."""
        words = text.strip().strip(",.;:").strip()
        if not words:
            return None
        low = fold(words)
        for mention in self.in_span(at, at + len(text) + 1):   # already indexed at that place
            if mention.start >= at:
                return mention.key
        if low in PRONOUNS:
            return self._by_pronoun(PRONOUNS[low], at)
        key = self._by_name(words, at)
        if key:
            return key
        return self._by_description(low, at)

    def _by_pronoun(self, gender: str, at: int) -> str | None:
        i = bisect.bisect_left(self.mentions, at, key=_START)
        while i > 0:
            i -= 1
            mention = self.mentions[i]
            if mention.kind == "pronoun" or mention.end > at:
                continue
            if self.gender.get(mention.key, gender) == gender:
                return mention.key
        return None

    def _by_name(self, words: str, at: int) -> str | None:
        tokens = [t for t in _SPLIT_NAME.split(fold(words)) if t]
        while tokens and tokens[0] in _titles.honorifics():
            tokens = tokens[1:]
        if not tokens:
            return None
        name = " ".join(tokens)
        matches = [k for k, p in self.persons.items()
                   if any(_name_matches(name, n) for n in {p.name, *p.alt_names})]
        return self._nearest(matches, at)

    def _by_description(self, low: str, at: int) -> str | None:
        return self._nearest(self._description_matches(low), at)

    def _description_matches(self, low: str) -> list[str]:
        """Keys of the persons a role description could mean, in persons order."""
        desc = parse_description(low)
        if desc is None:
            return []
        country, role, leader = desc
        matches = []
        for key, person in self.persons.items():
            if country and person.country and person.country != country:
                continue
            if country and not person.country:
                continue
            if leader and person.role not in _LEADER_ROLES:
                continue
            if role and person.role != role:
                continue
            matches.append(key)
        return matches

    def _nearest(self, keys: list[str], at: int) -> str | None:
        if not keys:
            return None
        if len(keys) == 1:
            return keys[0]
        best, best_pos = None, -1
        for mention in self.mentions:
            if mention.key in keys and mention.end <= at and mention.start > best_pos:
                best, best_pos = mention.key, mention.start
        return best or sorted(keys)[0]


@functools.lru_cache(maxsize=65536)
def _name_matches(name: str, full: str) -> bool:
    """Does a folded name ("fabius", "laurent fabius") fit a person's full name? (Cached: pure.)"""
    f = " ".join(name_tokens(full))
    if name == f:
        return True
    sur = surname_key(full)
    stripped = _AL_PREFIX.sub("", name)
    return stripped == sur or name == sur or (f.endswith(" " + name) and len(name) > 2) \
        or (f.count(" ") >= 2 and f.startswith(name + " ") and len(name) > 2)   # "Lula" of "Lula da Silva"


def parse_description(low: str) -> tuple[str | None, str | None, bool] | None:
    """(country, role, leader?) of "the iraqi leader", "the us defense secretary", "france's foreign minister"."""
    table = gazetteer.countries()
    text = _DESCRIPTION_ARTICLE.sub("", low.strip())
    country = None
    match = _DESCRIPTION_OWNER.match(text)
    if match and table.lookup(match.group(1)):
        country, text = table.lookup(match.group(1)), match.group(2)
    else:
        words = text.split()
        for n in (3, 2, 1):
            if len(words) > n:
                head = " ".join(words[:n])
                code = table.demonym(head) or table.lookup(head)
                if code:
                    country, text = code, " ".join(words[n:])
                    break
    text = text.strip()
    if text in {"leader", "head of state", "strongman"}:
        return country, None, True
    info = _titles.titles().get(text.replace(".", ""))
    if info is None:
        return None
    return country or None, info.role, False


def find_people(doc: Document, facts: ArticleFacts) -> PeopleIndex:
    """Find the people of an article; fill facts.persons and return their mentions."""
    return _Finder(doc, facts).run()


@dataclass(slots=True)
class _Candidate:
    """A capitalised name of one sentence, with what its context says of the person."""

    name: str
    sentence: Span
    role: str | None = None
    role_text: str | None = None
    minister: bool = False
    country: str | None = None
    anchored: bool = False
    gender: str | None = None


class _Finder:
    """One article's person finding, in passes: candidates, persons, mentions."""

    def __init__(self, doc: Document, facts: ArticleFacts):
        self.doc, self.facts = doc, facts
        self.table = gazetteer.countries()
        self.cities = gazetteer.cities()
        self.index = PeopleIndex(persons=facts.persons)
        self._runs: dict[tuple[int, int], list] = {}   # sentence (start, end) -> its name runs (a Span hashes in Python)

    def _runs_of(self, sentence) -> list[list[tuple[int, int, str]]]:
        """name_runs() of a sentence, computed once (candidates and mentions both read them)."""
        key = (sentence.span.start, sentence.span.end)
        runs = self._runs.get(key)
        if runs is None:
            runs = self._runs[key] = name_runs(sentence.text)
        return runs

    def run(self) -> PeopleIndex:
        cands = [c for s in self.doc.sentences for c in self._candidates(s)]
        multi = [c for c in cands if len(c.name.split()) > 1 or c.role]
        single = [c for c in cands if not (len(c.name.split()) > 1 or c.role)]   # the rest (as `not in multi`)
        # anchored names make the people first; the others then only add to them ("Yoko Kamikawa" before
        # the anchored "Kamikawa said" lends the full name)
        for group in (multi, single):
            for cand in group:
                if cand.anchored:
                    self._add(cand, create=True)
        for group in (multi, single):
            for cand in group:
                if not cand.anchored:
                    self._add(cand, create=False)
        self._merge_variants()
        self._mentions()
        return self.index

    # ---- candidates ---------------------------------------------------------
    def _candidates(self, sentence) -> list[_Candidate]:
        text = sentence.text
        title_spans = None   # found when a run first needs them: many sentences have only runs of prefix words
        out = []
        for tokens in self._runs_of(sentence):
            # tokens[:k] lead the name: honorifics, not-a-name words, weekdays, countries and words of a title
            k, stop = 0, len(tokens)
            while k < stop:
                t_start, t_end, word = tokens[k]
                if not _prefix_word(word):
                    if title_spans is None:
                        title_spans = _titles.find_titles(text, self.doc.heads(text))
                    if not _in_title(t_start, t_end, title_spans):
                        break
                k += 1
            if k == stop:
                continue
            if title_spans:   # "Argentine Foreign Minister Pablo Ruiz": the name starts after the last titled word
                for i in range(stop - 2, k - 1, -1):
                    t_start, t_end, _ = tokens[i]
                    if _in_title(t_start, t_end, title_spans):
                        k = i + 1
                        break
            while stop > k and fold(tokens[stop - 1][2]) in _WEEKDAYS:
                stop -= 1
            if k == 0:
                institution = _institution_before(text, tokens[0][0])
                if institution and (institution.group("the") or stop == 1):
                    continue   # "the Red Cross", "Organization for Migration": an institution's name
                if institution:   # "Minister for Europe Marc Petit": the first word ends the title before
                    k = 1
            if stop == k or not _name_words((tokens[k][2],) if stop == k + 1 else tuple([t[2] for t in tokens[k:stop]])):
                continue
            if k and self.table.lookup(text[tokens[0][0]:tokens[stop - 1][1]]):
                continue   # "Saudi Arabia": the whole run names a country
            start, end = tokens[k][0], tokens[stop - 1][1]
            if stop == k + 1 and k and fold(tokens[k - 1][2]) in _ROYAL:   # "King Salman"
                start = tokens[k - 1][0]
            cand = _Candidate(name=text[start:end], sentence=sentence.span)
            for i in range(k):
                g = _GENDER_HONORIFIC.get(fold(tokens[i][2]).rstrip("."))
                if g:
                    cand.gender = g
            self._title_before(cand, text, start, title_spans)
            first = tokens[0][0]   # where the name's lead (or the name) starts
            if cand.role is None:
                self._counterpart(cand, text[:first], out)
            if cand.country is None and (cand.role is None or _titles.government_role(cand.role)):
                poss = _possessive_before(text[:first])
                code = poss and self._country_named(poss.group(1))
                if code:   # ("But Uruguay's X": the last words name the country)
                    cand.country = code
                    cand.anchored = cand.anchored or stop - k > 1   # "Japan's Yoko Kamikawa"
            if cand.country is None and (cand.role is None or _titles.government_role(cand.role)):
                self._group_country(cand, text[:first])
            self._after(cand, text, end)
            if not cand.anchored and _verb_before(text[:start]):
                cand.anchored = True
            if not cand.anchored and stop - k > 1 and _meet_before(text[:start]):
                cand.anchored = True
            out.append(cand)
        return out

    def _group_country(self, cand: _Candidate, before: str) -> None:
        """The country of a delegation or list the name stands in: "A Ukrainian delegation led by
        Defence Minister X", "the United States was represented by A, B and", "counterparts from
        Brazil, X"."""
        window = before[-260:]
        if "counterpart" in window:
            match = _COUNTERPART_FROM.search(window)
            code = match and self._country_named(match.group("country"))
            if code:
                cand.country, cand.anchored = code, True
                return
        cues = list(_DELEGATION_CUE.finditer(window)) if "by" in window or "includ" in window \
            or " as " in window or "compris" in window or "consist" in window else []
        if cues and not _LIST_BREAK.search(window, cues[-1].end()) and len(window) - cues[-1].end() <= 220:
            who = _DELEGATION_WHO.search(window, max(0, cues[-1].start() - 90), cues[-1].start())
            code = who and self._country_named(who.group("who"))
            if code:
                cand.country, cand.anchored = code, True

    def _country_named(self, words: str) -> str | None:
        """The country a capitalised phrase names or a demonym's country, its last words tried first."""
        parts = _POSSESSIVE_END.sub("", words).split()
        for n in range(len(parts), 0, -1):
            phrase = " ".join(parts[-n:])
            code = self.table.lookup(phrase) or self.table.demonym(phrase)
            if code:
                return code
        return None

    def _counterpart(self, cand: _Candidate, before: str, earlier: list[_Candidate]) -> None:
        """ "his French counterpart Laurent Fabius": the role of the person just named, another country."""
        match = _counterpart_before(before)
        if not match:
            return
        titled = [c for c in earlier if c.role]
        if titled:
            info = next((t for t in _titles.titles().values() if t.role == titled[-1].role), None)
            cand.role, cand.role_text, cand.minister = titled[-1].role, "counterpart", titled[-1].minister
        if match.group(1):
            cand.country = self.table.demonym(match.group(1)) or self.table.lookup(match.group(1))
        cand.anchored = True

    def _title_before(self, cand: _Candidate, text: str, start: int, title_spans) -> None:
        """A title just before the name: "French Foreign Minister X", "Iraq's prime minister, X", "the
        Prime Minister of Serbia, X", "Russia's ambassador to Washington, X"."""
        for s, e, phrase in reversed(title_spans):
            if e > start:
                continue
            if fold(phrase).rstrip(".") in _ACADEMIC and text[:s].rstrip().endswith(",") \
                    or _COMPLEMENT_BEFORE.search(text, max(0, s - 12), s):
                continue   # "The Chief of Staff to the president, Prof. X": the title before is X's
            gap = text[e:start]
            complement = _TITLE_COMPLEMENT_GAP.match(gap) if "," in gap else None
            honorifics = _titles.honorifics()
            if complement is None and any(fold(w.group()).rstrip(".") not in honorifics for w in _GAP_WORD.finditer(gap)):
                return
            head = self._title_chain_start(text, s, title_spans)
            if _CLAUSE_MARK.search(gap) and not (_OWNER_BEFORE.search(text[:head]) or self._modifier_before(text[:head])):
                return
            if _ASIDE_MARK.search(gap):
                return
            info = _titles.titles().get(fold(phrase).replace(".", "").strip())
            if info is None:
                return
            self._set_role(cand, info, phrase)
            if complement is not None and complement.group("prep") == "of" and info.government:
                cand.country = self.table.lookup(complement.group("place")) or cand.country
            cand.country = self._modifier_before(text[:head]) or cand.country
            if cand.country is None and info.default_country and info.government:
                cand.country = info.default_country
            cand.anchored = True
            return

    @staticmethod
    def _title_chain_start(text: str, start: int, title_spans) -> int:
        """Where a chain of titles ending at `start` begins: "First Deputy Prime Minister and Foreign
        Minister" (the country before the first title is the last title's too)."""
        for s, e, _ in reversed(title_spans):
            if e <= start and _TITLE_JOIN.fullmatch(text, e, start):
                start = s
        return start

    def _modifier_before(self, before: str) -> str | None:
        """The country a title is for, from the words just before it: "French", "Iraq's", "US", "French foreign ministry"."""
        words = _MODIFIER_WORD_SCAN.findall(before[-80:])[-5:]
        for i in range(len(words) - 1, -1, -1):
            word = words[i]
            if not _WORD_START.match(word) or fold(word) in _STOP_MODIFIER:
                return None
            possessive = _POSSESSIVE_WORD.match(word)
            for n in (3, 2, 1):
                if i - n + 1 < 0:
                    continue
                head = " ".join(words[i - n + 1:i]) + (" " if n > 1 else "")
                if possessive:
                    code = self.table.lookup((head + possessive.group(1)).strip())
                else:
                    full = (head + word).strip()
                    code = self.table.demonym(full) or (self.table.lookup(full) if full[:1].isupper() else None)
                if code:
                    return code
        return None

    def _after(self, cand: _Candidate, text: str, end: int) -> None:
        rest = text[end:]
        match = _OF_AFTER.match(rest)
        if match:
            words = [w.strip(".,;:") for w in match.group(1).split()]
            for n in range(len(words), 0, -1):
                code = self.table.lookup(" ".join(words[:n]))
                if code:
                    if cand.role or cand.country is None:
                        cand.country = cand.country or code
                    break
        if _VERB_AFTER.match(rest) or _WHO_AFTER.match(rest):
            cand.anchored = True
        appo = _APPOSITION.match(rest)
        if appo and not cand.role:
            phrase = appo.group(1)
            found = self._title_in(phrase)
            if found:
                info, title_text, before = found
                self._set_role(cand, info, title_text)
                cand.country = self._modifier_before(before) if before.strip() else cand.country
                if cand.country is None and info.default_country and info.government:
                    cand.country = info.default_country
                cand.anchored = True

    def _title_in(self, phrase: str):
        """The last title phrase in an apposition ("the French foreign minister"), with the words before it."""
        best = None
        for start, _, title in _titles.find_titles(phrase):
            info = _titles.titles().get(fold(title).replace(".", "").strip())
            if info:
                best = (info, title, phrase[:start])
                if len(phrase[:start].split()) <= 4:
                    return best
        return best if best and len(best[2].split()) <= 4 else None

    @staticmethod
    def _set_role(cand: _Candidate, info, phrase: str) -> None:
        cand.role, cand.role_text, cand.minister = info.role, phrase, info.minister
        g = _GENDER_HONORIFIC.get(fold(phrase).split()[-1]) if phrase.split() else None
        if g:
            cand.gender = g
        if not info.government:
            cand.country = None

    # ---- persons ------------------------------------------------------------
    def _add(self, cand: _Candidate, *, create: bool) -> None:
        probe = None   # the candidate as a Person, for compatible(): made when a surname first fits
        single = len(name_tokens(cand.name)) == 1
        folded = fold(cand.name) if single else ""
        surname = surname_key(cand.name)   # compatible() needs the same surname: tested first, here
        persons = self.facts.persons
        for key in sorted(persons):
            person = persons[key]
            fits = False
            if surname_key(person.name) == surname:
                if probe is None:
                    probe = Person(key="", name=cand.name, country=cand.country)
                fits = compatible(probe, person)
            if fits or (single and (_name_matches(folded, person.name) or self._first_name_of(folded, person))):
                if len(name_tokens(cand.name)) > len(name_tokens(person.name)):
                    person.alt_names.add(person.name)
                    person.name = cand.name
                elif cand.name != person.name and len(name_tokens(cand.name)) > 1:
                    person.alt_names.add(cand.name)
                self._enrich(person, cand)
                return
        if not create:
            return
        key = _unique_key(cand.name, self.facts.persons)
        person = Person(key=key, name=cand.name)
        self._enrich(person, cand)
        self.facts.persons[key] = person

    def _first_name_of(self, folded: str, person: Person) -> bool:
        """Is a one-word name the first name of this person and of no other ("Lula" for "Lula da Silva")?"""
        tokens = name_tokens(person.name)
        if len(tokens) < 2 or tokens[0] != folded:
            return False
        return sum(1 for p in self.facts.persons.values() if name_tokens(p.name)[:1] == (folded,)) == 1

    def _enrich(self, person: Person, cand: _Candidate) -> None:
        if cand.role and (person.role is None or (cand.minister and not person.minister)):
            person.role, person.role_text, person.minister = cand.role, cand.role_text, cand.minister
        if cand.country and not person.country and (person.role is None or _titles.government_role(person.role)):
            person.country = cand.country
        sentence = cand.sentence
        if not any(s is sentence or s.start == sentence.start and s.end == sentence.end for s in person.spans):
            person.spans.append(sentence)   # (`cand.sentence not in person.spans`, with no Python-level __eq__ calls)
        if cand.gender:
            self.index.gender[person.key] = cand.gender

    def _merge_variants(self) -> None:
        """Spelling variants within one article ("Massoum"/"Masum"): same role and country, close surnames."""
        keys = sorted(self.facts.persons)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                pa, pb = self.facts.persons.get(a), self.facts.persons.get(b)
                if pa is None or pb is None or pa.role != pb.role or pa.country != pb.country or not pa.role:
                    continue
                sa, sb = surname_key(pa.name), surname_key(pb.name)
                ga, gb = given_names(pa.name), given_names(pb.name)
                if ga and gb and ga[0] != gb[0]:
                    continue
                if sa != sb and difflib.SequenceMatcher(None, sa, sb).ratio() >= 0.75 and sa[0] == sb[0]:
                    pa.alt_names |= {pb.name} | pb.alt_names
                    pa.spans = sorted(set(pa.spans) | set(pb.spans))
                    del self.facts.persons[b]

    # ---- mentions -----------------------------------------------------------
    def _mentions(self) -> None:
        forms: dict[str, list[str]] = {}   # folded form -> keys
        for key, person in self.facts.persons.items():
            for name in {person.name, *person.alt_names}:
                forms.setdefault(" ".join(name_tokens(name)), []).append(key)
                forms.setdefault(surname_key(name), []).append(key)
        found: list[Mention] = []
        last: dict[str, int] = {}
        form_of: dict[str, str] = {}   # words as written -> their form (names recur: computed once)
        for sentence in self.doc.sentences:
            text, base = sentence.text, sentence.span.start
            for tokens in self._runs_of(sentence):
                i = 0
                while i < len(tokens):
                    hit = None
                    for j in range(len(tokens), i, -1):
                        s, e = tokens[i][0], tokens[j - 1][1]
                        words = tokens[i][2] if j == i + 1 else text[s:e]   # (a token's text is text[s:e])
                        form = form_of.get(words)
                        if form is None:
                            form = " ".join(name_tokens(words))
                            # (_AL_PREFIX.sub("", form): the pattern is anchored, a cut of 3 characters)
                            form = form_of[words] = form[3:] if form not in forms and form.startswith(("al-", "el-")) else form
                        keys = forms.get(form)
                        if keys:
                            key = max(keys, key=lambda k: last.get(k, -1)) if len(keys) > 1 else keys[0]
                            kind = "name" if j - i > 1 or form == " ".join(name_tokens(self.facts.persons[key].name)) else "surname"
                            hit = (Mention(base + s, base + e, key, kind), j)
                            break
                    if hit:
                        found.append(hit[0])
                        last[hit[0].key] = hit[0].start
                        i = hit[1]
                    else:
                        i += 1
            for match in _titles.find_descriptions(text, self.doc.heads(text)):
                s = base + match.start()
                if any(m.start <= s < m.end for m in found[-5:]):
                    continue
                matches = self.index._description_matches(fold(match.group()))
                if len(matches) > 1:   # only then does _nearest read the mentions
                    self.index.mentions = sorted(found)
                key = self.index._nearest(matches, s)
                if key:
                    found.append(Mention(s, base + match.end(), key, "description"))
                    last[key] = s
        self.index.mentions = sorted(found)
        pronouns = []
        for sentence in self.doc.sentences:
            for start, end, word in pronouns_in(sentence.text, self.doc.heads(sentence.text)):
                at = sentence.span.start + start
                key = self.index._by_pronoun(PRONOUNS[word.lower()], at)
                if key:
                    pronouns.append(Mention(at, sentence.span.start + end, key, "pronoun"))
        self.index.mentions = sorted(found + pronouns)
        # (spans as (start, end): Span hashes and compares in Python, a tuple in C)
        known = {key: {(s.start, s.end) for s in person.spans} for key, person in self.facts.persons.items()}
        for mention in self.index.mentions:
            sent = self.doc.sentence_at(mention.start)
            if sent:
                span = sent.span
                seen = known[mention.key]
                if (span.start, span.end) not in seen:
                    self.facts.persons[mention.key].spans.append(span)
                    seen.add((span.start, span.end))
        for person in self.facts.persons.values():
            person.spans.sort(key=_SPAN_ORDER)
        self._countries()

    def _countries(self) -> None:
        """Record every country mention (names and demonyms) in facts.countries."""
        countries = self.facts.countries
        for sentence in self.doc.sentences:
            base = sentence.span.start
            for code, s, e, _ in mentions.countries_in(sentence.text):
                spans = countries.get(code)
                if spans is None:
                    countries[code] = [Span(base + s, base + e)]
                else:
                    spans.append(Span(base + s, base + e))


def _unique_key(name: str, persons: dict) -> str:
    base = slug(name)
    key, n = base, 2
    while key in persons:
        key, n = f"{base}-{n}", n + 1
    return key
