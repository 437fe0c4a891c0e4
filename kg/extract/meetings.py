"""Meetings: conferences, summits and talks, with date, city, hosts, participants and attendees.

A sentence tells of a meeting when it holds a meeting word (`data/meeting_words.txt`). The meeting's
city comes from the sentence ("in Paris", "the Paris meeting", "the French capital", "here" under a
dateline); sentences that only say "the meeting" join the article's main meeting. Mentions of one
city's meeting merge; an announced one ("next month in Brussels") is kept apart as planned.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.extract import gazetteer
from kg.extract import lexicon, mentions
from kg.extract.document import Document
from kg.extract.names import name_tokens
from kg.extract.people import PeopleIndex
from kg.model import ArticleFacts, City, Meeting, Span
from kg.normalize import fold
from kg.read import dates
from kg.read.text import Sentence, occurrences, word_start_alternation

_FUTURE = re.compile(r"\b(?:will|would|is due to|are due to|is to|are to|to be held|next|scheduled|"
                     r"plans? to|planned|expected to|set to|later this|upcoming|going to)\b", re.I)
_PLANNED = re.compile(r"\b(?:next|later this|in the coming)\s+(?:week|month|year|weeks|months)\b|\bscheduled\s+for\b|"
                      r"\bthis\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|"
                      r"\bearly next\b|\blater in the (?:week|month|year)\b", re.I)
_DATELINE = re.compile(r"^(?P<city>[A-Z][A-Za-z .'-]{1,30}?)(?:,\s*[A-Z][\w .]*?)?\s*(?:\([^)]*\)\s*)?[—–-]{1,2}\s")
_CAPITAL = re.compile(r"\bthe\s+(?:(?P<dem>[A-Z][\w.]*(?:\s[A-Z]\w*)?)\s+)?capital\b")
_HOST = re.compile(r"\b(?:hosted|co-hosted|cohosted|organi[sz]ed|convened|chaired|held)\s+by\s+(?P<what>[^,;.]{2,80})"
                   r"|(?P<who>[^,;.]{2,80}?)\s+(?:playing|plays|played|will play|as)\s+hosts?\b"
                   r"|(?P<who2>[^,;.]{2,60}?)\s+(?:hosted|hosts|is hosting|co-hosted|co-hosts|convened|chaired)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}(?:meeting|conference|summit|talks|gathering)\b"
                   r"|\b(?:opening|opened)\s+the\s+(?:conference|meeting|summit|talks),?\s+(?P<opener>[^,;.]{2,80})", re.I)
_ABSENT = re.compile(r"\bbut\s+not\s+(?P<list>[^;.]{2,100})"
                     r"|(?P<one>[A-Z][\w ]{2,30}?),?\s+which\s+(?:was|were|had\s+been|has\s+been)\s+not\s+(?:invited|present|represented)"
                     r"|\b(?:without|excluding|except(?:\s+for)?)\s+(?P<list2>[^;.]{2,80})"
                     r"|(?P<neg>[A-Z][\w ]{2,30}?)\s+(?:(?:was|were|is|are)\s+(?:not\s+(?:invited|present|represented|attending)|absent|excluded|boycotting)"
                     r"|(?:did\s+not|didn't|declined\s+to|refused\s+to)\s+(?:attend|take\s+part|participate|join)|(?:stayed|stays|kept)\s+away|boycott(?:ed|s))", re.I)
# Every _HOST / _ABSENT match holds one of these cues (each alternative's fixed part), so a sentence
# without one cannot match: a cheap test that spares the slow lazy alternatives on most sentences.
_HOST_CUE = re.compile(r"(?:hosted|co-hosted|cohosted|organi[sz]ed|convened|chaired|held)\s+by\s"
                       r"|(?:playing|plays|played|will play|as)\s+hosts?\b"
                       r"|(?:hosted|hosts|is hosting|co-hosted|co-hosts|convened|chaired)\s+(?:the|a|an)\s"
                       r"|(?:opening|opened)\s+the\s+(?:conference|meeting|summit|talks)", re.I)
_ABSENT_CUE = re.compile(r"but\s+not\s|\swhich\s+(?:was|were|had\s+been|has\s+been)\s+not\s+(?:invited|present|represented)"
                         r"|without\s|excluding\s|except|\s(?:was|were|is|are)\s+(?:not\s+(?:invited|present|represented|attending)"
                         r"|absent|excluded|boycotting)|\s(?:did\s+not|didn't|declined\s+to|refused\s+to)\s+(?:attend|take\s+part|participate|join)"
                         r"|\s(?:stayed|stays|kept)\s+away|\sboycott(?:ed|s)", re.I)
# (the cues: a word every match holds, tested first; see lexicon.Caseless)
_FUTURE_SCAN, _PLANNED_SCAN = lexicon.Caseless(_FUTURE), lexicon.Caseless(_PLANNED, ("next", "later", "coming"))
_HOST_CUE_SCAN = lexicon.Caseless(_HOST_CUE, ("host", "organi", "convened", "chaired", "held", "open"))
_ABSENT_CUE_SCAN = lexicon.Caseless(_ABSENT_CUE, ("but", "which", "without", "exclud", "except", "not", "absent", "boycott",
                                                  "didn't", "declined", "refused", "away"))
_LIST_WORDS = ["from", "including", "includes", "included", "such as", "among them", "representatives of",
               "represented", "representing", "made up of", "comprising", "members", "counterparts from",
               "delegations? of", "ministers of", "leaders of", "between", "joined by", "along with", "with"]
_LIST_TAIL = r"\s+(?P<list>(?:(?:the\s+)?[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*)*(?:,\s*|\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+)?)+)"
_LIST_CUE = re.compile(r"\b(?:" + "|".join(_LIST_WORDS) + ")" + _LIST_TAIL)
# a literal that starts every match of each alternative of _LIST_WORDS, in turn
_LIST_STARTS = ("from", "includ", "such as", "among them", "representatives of", "represent", "made up of", "comprising",
                "members", "counterparts from", "delegation", "ministers of",
                "leaders of", "between", "joined by", "along with", "with")
_COUNTRY_LIST = r"(?:(?:the\s+)?[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*)*(?:,\s*|\s+and\s+|\s+or\s+|\s+nor\s+)?)+"
_COUNTRY_LIST_RE = re.compile(_COUNTRY_LIST)
_SPACES = re.compile(r"\s+")
_WITH_AFTER = re.compile(r"\s+with\s+(?:[A-Z]|his|her|their)")
_COPULA_BEFORE = re.compile(r"\b(?:been|is|are|was|were|be)\s+$")
_DEFINITE_BEFORE = re.compile(r"(?:\b(?:the|this|that)|['’]s)\s+(?:[\w-]+\s+){0,2}$", re.I)
_THE_THIS_BEFORE = re.compile(r"\b(?:the|this)\s+(?:[\w-]+\s+){0,2}$", re.I)
_IN_BEFORE = re.compile(r"\b(?:in|at|to|into|inside)\s+$")
_MEETING_AFTER = re.compile(r"\s+(?:conference|meeting|summit|talks|gathering)")
_HERE = re.compile(r"\b(?:here|in\s+the\s+city)\b")
_OBJECT_BEFORE = re.compile(r"(?:\b(?:of|against|from|about|on))\s+(?:[A-Z][\w.-]*\s+){0,4}$")
# "a delegation led by X", "attended by X": people named there take part
_LED_BY = re.compile(r"\b(?:led|headed|represented|attended|joined|accompanied|chaired|hosted|received|welcomed)\s+by\s+"
                     r"(?:[A-Z][\w.’'-]*\s+){0,4}$|[A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,2}(?:['’]s|s['’])\s+$")
_SAID_AFTER = re.compile(r"\s*(?:said|says|told)\b")
_NON_ATTENDING_ROLES = {"Spokesperson", "Analyst", "Journalist", "Other", "Candidate"}
_ATTEND_ROLES = {"President", "VicePresident", "HeadOfState", "HeadOfGovernment", "PrimeMinister",
                 "DeputyPrimeMinister", "Chancellor", "ForeignMinister", "DefenceMinister", "InteriorMinister",
                 "FinanceMinister", "Minister", "SecretaryOfState", "Monarch", "SupremeLeader"}


@functools.cache
def meeting_re() -> re.Pattern:
    """Any meeting word, as a whole word."""
    words = sorted(lexicon._lines("meeting_words.txt"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\w-])", re.I)


@functools.cache
def meeting_finder() -> lexicon.PhraseFinder:
    """meeting_re() as a PhraseFinder: the same matches, found faster."""
    return lexicon.PhraseFinder(meeting_re(), lexicon._lines("meeting_words.txt"), name="meetings")


@dataclass
class _Draft:
    city: City | None
    planned: bool
    main: bool = False   # the meeting the article reports (it may take a date from the article's lead)
    sentences: list[Sentence] = field(default_factory=list)
    dates: list = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    hosts: set = field(default_factory=set)
    participants: set = field(default_factory=set)
    absent: set = field(default_factory=set)
    attendees: set = field(default_factory=set)


def find_meetings(doc: Document, facts: ArticleFacts, *, people: PeopleIndex) -> None:
    """Find the meetings an article tells of and add them to facts.meetings.

    Each sentence with a meeting word or a meeting verb ("received X", "welcomed X") is a mention.
    Mentions that name a city group by (city, planned); the others join the main held meeting when
    they speak of it ("the talks", "their meeting"), or start one of their own when they tell of a
    different encounter ("separately met X", "met X" with people the main meeting does not have),
    placed where the main meeting is. Calls by phone or video are not meetings.
    """
    table = gazetteer.countries()
    issued = dates.reference_date(doc.article)   # the stamp, else the dateline's date
    dateline = _dateline(doc)
    drafts: dict[tuple, _Draft] = {}
    loose: list[tuple[Sentence, bool, list]] = []   # sentences without a city, planned?, their trigger spans
    name_words = None   # the words of the people's names, gathered when a meeting sentence first needs them
    for sentence in doc.sentences:
        text = sentence.text
        triggers = _verb_triggers(text)
        words = meeting_finder().spans(text, doc.heads(text)) + triggers
        if not words and (_PRESENCE.search(text) if "present" in text or "attend" in text or "deleg" in text
                          or "negotiat" in text or "also at" in text or "represented" in text
                          or "participants" in text or "counterpart" in text else None):
            loose.append((sentence, False, []))   # "X was also present", "The delegation included X"
            continue
        if not words or _REMOTE_SCAN.search(text) or _NOT_AN_EVENT_SCAN.search(text):
            continue
        words.sort()
        if name_words is None:
            name_words = _name_words(people)
        city = _city_of(text, words, table, dateline, name_words)
        planned = _is_planned(text, words)
        if city is None:
            if _definite(text, words) or triggers or _refers_back(text):
                loose.append((sentence, planned, words))
            continue
        if _background(text, words) and not planned:
            key = (city, planned, "background", sentence.span.start)
        else:
            key = (city, planned)
        draft = drafts.setdefault(key, _Draft(city, planned))
        draft.sentences.append(sentence)
    held = [d for k, d in drafts.items() if not d.planned and len(k) == 2]
    if not held and loose and any(not planned for _, planned, _ in loose):
        # "PARIS — ... a conference": the dateline city; else a place unknown here
        drafts[(dateline, False)] = _Draft(dateline, False)
        held = [drafts[(dateline, False)]]
    if held:
        main = max(held, key=lambda d: (len(d.sentences), -min((s.span.start for s in d.sentences), default=0)))
        main.main = True
        members = _people_in(main.sentences, people)
        for sentence, planned, words in loose:
            if _background(sentence.text, words):
                continue
            new = _people_in([sentence], people, doc, taking_part=True) - members
            if not main.sentences:   # the dateline's meeting: its first sentence tells of it
                if not planned:
                    main.sentences.append(sentence)
                    members |= new
                continue
            if _SEPARATELY_SCAN.search(sentence.text) or (_met_verb(sentence.text) and new and not planned
                                                      and not _refers_back(sentence.text)):
                drafts[("separate", sentence.span.start)] = _Draft(main.city, False, sentences=[sentence])
            elif not planned or _refers_back(sentence.text):   # "X will take part in the talks"
                main.sentences.append(sentence)
                members |= new
    for n, draft in enumerate(sorted(drafts.values(), key=lambda d: min(s.span.start for s in d.sentences) if d.sentences else 0)):
        if not draft.sentences:
            continue
        draft.sentences.sort(key=lambda s: s.span.start)
        meeting = Meeting(key=f"m{n + 1}", city=draft.city, planned=draft.planned)
        meeting.spans = [s.span for s in draft.sentences]
        _fill(meeting, draft, doc, facts, people, table, issued)
        facts.meetings.append(meeting)
    _attendees_by_role(facts, people, doc)
    for meeting in facts.meetings:
        _host_side(meeting, facts, doc, people)
        _ministers_by_meeting(meeting, facts, doc)


# a meeting verb with a person, title or demonym after it: "received the Saudi foreign minister"
_VERB_TRIGGER = re.compile(r"\b(?:received|receives|receiving|welcomed|welcomes|welcoming|called\s+on|hosted|hosts|"
                           r"is\s+hosting|held\s+talks\s+with|talked\s+with|sat\s+down\s+with|met\s+with|met)\s+"
                           r"(?:the\s+|his\s+|her\s+|their\s+|visiting\s+)*(?=[A-Z])")
# _VERB_TRIGGER as it is scanned: opening with the verbs' first letters (see word_start_alternation), same matches
_VERB_TRIGGER_SCAN = re.compile(word_start_alternation(
    [r"received", r"receives", r"receiving", r"welcomed", r"welcomes", r"welcoming", r"called\s+on", r"hosted", r"hosts",
     r"is\s+hosting", r"held\s+talks\s+with", r"talked\s+with", r"sat\s+down\s+with", r"met\s+with", r"met"])
    + r"\s+(?:the\s+|his\s+|her\s+|their\s+|visiting\s+)*(?=[A-Z])")
_REMOTE = re.compile(r"\b(?:video\s*(?:call|link|conference)s?|videoconference|teleconference|phone\s+call|"
                     r"by\s+(?:tele)?phone|telephone\s+(?:call|conversation)|virtual(?:ly)?\s+(?:meeting|summit|talks)|"
                     r"via\s+video|online\s+meeting)\b", re.I)
# "his decision to meet X", "refused to meet": no meeting took place
_NOT_AN_EVENT = re.compile(r"\b(?:decision|refusal|refused|declined|willingness|readiness|ready|offer|request|"
                           r"invitation|wants?|wanted|hopes?|hoped|would\s+like)\s+to\s+(?:meet|visit|hold)\b", re.I)
_PRESENCE = re.compile(r"\b(?:counterparts?\b|(?:was|were)\s+(?:also\s+)?(?:present|in\s+attendance|at\s+the\s+(?:meeting|talks|forum|"
                       r"summit|dinner|lunch|event))|(?:also\s+)?attend(?:ed|s|ing)?\b|delegations?\b|negotiators\b|"
                       r"represented\b|participants\b)", re.I)
_MET_VERB = re.compile(r"\b(?:met|meets|received|receives|hosted|welcomed)\b")
# (each match holds one of the cues: "video", "phone" …; "meet", "visit" or "hold"; …)
_REMOTE_SCAN = lexicon.Caseless(_REMOTE, ("video", "phone", "virtual", "online", "teleconference"))
_NOT_AN_EVENT_SCAN = lexicon.Caseless(_NOT_AN_EVENT, ("meet", "visit", "hold"))
_SEPARATELY = re.compile(r"\bseparately\b|\bin\s+a\s+separate\s+meeting\b|\bon\s+the\s+sidelines\b", re.I)
_REFERS_BACK = re.compile(r"\b(?:the|their|this|that|these)\s+(?:\w+\s+){0,2}(?:talks|meeting|summit|conference|session)\b", re.I)
# (each match holds one of these words)
_SEPARATELY_SCAN = lexicon.Caseless(_SEPARATELY, ("separate", "sidelines"))
_REFERS_BACK_SCAN = lexicon.Caseless(_REFERS_BACK, ("talks", "meeting", "summit", "conference", "session"))
# a sentence about an earlier round: "In December, …", "in October 2005", "last year", "previously met"
_BACKGROUND = re.compile(r"\b(?:previously|last\s+(?:year|month)|earlier\s+this\s+year|in\s+(?:19|20)\d\d|the\s+last\s+"
                         r"(?:\w+\s+){0,3}(?:talks|meeting|summit)|(?:in|since)\s+(?:january|february|march|april|may|june|"
                         r"july|august|september|october|november|december)(?:\s+(?:19|20)\d\d)?\b(?!\s+\d))", re.I)
# (each _BACKGROUND match holds one of these: a word, a year's first digits or a month's letters)
_BACKGROUND_SCAN = lexicon.Caseless(_BACKGROUND, ("previously", "last", "earlier", "19", "20", "uary", "march", "april",
                                                  "may", "june", "july", "august", "ber"))


def _met_verb(text: str) -> bool:
    """_MET_VERB.search(text), run only on a text that holds one of its words' letters (most do not)."""
    return ("met" in text or "meets" in text or "receive" in text or "hosted" in text or "welcomed" in text) \
        and _MET_VERB.search(text) is not None


def _verb_triggers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each meeting verb that has a person after it ("received the U.S. Secretary of State")."""
    if not ("rece" in text or "welcom" in text or "called on" in text or "host" in text or "talk" in text
            or "sat down" in text or "met" in text):
        return []
    return [(m.start(), m.end()) for m in _VERB_TRIGGER_SCAN.finditer(text)]


def _refers_back(text: str) -> bool:
    """Does a sentence speak of a meeting already told ("the talks", "their meeting")?"""
    return _REFERS_BACK_SCAN.search(text) is not None


def _background(text: str, words) -> bool:
    """Does a sentence tell of an earlier meeting, not the one the article reports ("previously met in
    September", "the last talks were held in October 2005")? The phrase must stand near a meeting word."""
    for match in _BACKGROUND_SCAN.finditer(text):
        if any(abs(w_start - match.start()) < 50 or abs(match.start() - w_end) < 50 for w_start, w_end in words):
            return True
    return False


def _people_in(sentences, people: PeopleIndex, doc: Document | None = None, *, taking_part: bool = False) -> set[str]:
    """Keys of the people named (not by pronoun) in some sentences; with `taking_part`, not those who only
    report it ("X confirmed that A and B met")."""
    out = set()
    for s in sentences:
        for m in people.in_span(s.span.start, s.span.end):
            if m.kind != "pronoun" and not (taking_part and _REPORTS_AFTER.match(doc.text, m.end)):
                out.add(m.key)
    return out


_REPORTS_AFTER = re.compile(r"\s*(?:,[^,;.]{0,80},\s*)?(?:also\s+)?(?:said|says|told|affirmed|confirmed|added|stated|"
                            r"announced|noted|recalled|explained|stressed|reported|insisted)\b")


def _host_side(meeting: Meeting, facts: ArticleFacts, doc: Document, people: PeopleIndex) -> None:
    """The host country of a meeting held in a country that takes part, and the country of government
    people the article leaves without one: who receives, hosts or welcomes at a meeting in country C
    speaks for C; so does, at a talk between two sides (not a summit) one of which is known, an
    attendee of no known country."""
    if meeting.city is None or meeting.planned:
        return
    code = meeting.city.country
    attendees = [facts.persons[k] for k in sorted(meeting.attendees) if k in facts.persons]
    known = {p.country for p in attendees if p.country}
    texts = [doc.text[span.start:span.end] for span in meeting.spans]
    hosts = set()
    for span, text in zip(meeting.spans, texts):
        for match in _HOST_VERB.finditer(text) if _host_verb_cue(text) else ():
            subject = people.last_before(span.start + match.start(), kinds=("name", "surname", "description"))
            if subject is not None and subject.start >= span.start and subject.key in meeting.attendees:
                hosts.add(subject.key)
        for mention in people.in_span(span.start, span.end):   # "signed by host Alberto Fernandez"
            if mention.key in meeting.attendees and _HOST_NOUN.search(doc.text, max(0, mention.start - 12), mention.start):
                hosts.add(mention.key)
    if code not in meeting.absent:
        bilateral = len(known) <= 1 and not any(_MULTILATERAL_SCAN.search(t) for t in texts)
        for person in attendees:
            if person.country is None and (person.role is None or lexicon.government_role(person.role)) \
                    and (person.key in hosts or (bilateral and code not in known)):
                person.country = code
                _note(meeting, "participant", code, meeting.evidence.get(("attendee", person.key)))
    hosted = any("host" in t and _CITY_HOSTED.search(t) and fold(meeting.city.name) in fold(t) for t in texts)
    if (code in meeting.participants or hosted) and code not in meeting.absent:   # "Riyadh hosted the talks"
        span = meeting.spans[0] if meeting.spans else None
        _note(meeting, "host", code, span)


_CITY_HOSTED = re.compile(r"[A-Z][\w’'-]+\s+(?:hosted|hosts|is\s+hosting|will\s+host|played\s+host)\b")
_HOST_NOUN = re.compile(r"\b(?:host|co-host|hosts)\s+$")
_HOST_VERB = re.compile(r"\s(?:received|receives|hosted|hosts|welcomed|welcomes|invited)\b")
_MULTILATERAL = re.compile(r"\b(?:summits?|(?<!press )(?<!news )conference|council|forum|assembly|ministerial|leaders)\b", re.I)
# (every _MULTILATERAL match holds one of its words; every _HOST_VERB match one of these, "host" every _CITY_HOSTED one)
_MULTILATERAL_SCAN = lexicon.Caseless(_MULTILATERAL, ("summit", "conference", "council", "forum", "assembly",
                                                      "ministerial", "leaders"))


def _host_verb_cue(text: str) -> bool:
    """Does a text hold a word _HOST_VERB needs ("received", "hosts" …)? (A test at C speed before the scan.)"""
    return "receive" in text or "host" in text or "welcome" in text or "invited" in text


_VERB_FORMS = {"met", "meet", "meets", "gathered", "visited", "visiting", "hosted", "co-hosted", "held talks", "sat down with"}


def _copula_before(before: str) -> bool:
    """_COPULA_BEFORE.search(before) ("is", "was" … and spaces at the end), tested on the end first."""
    core = before.rstrip()
    return core != before and core.endswith(("been", "is", "are", "was", "were", "be")) \
        and _COPULA_BEFORE.search(before) is not None


def _object_before(before: str) -> bool:
    """_OBJECT_BEFORE.search(before) ("talks with the head of X"), searched from where a match can start;
    never after "led by", "attended by" or a country's possessive (_LED_BY), where the person takes part.

    A match ends in spaces and holds at most five runs of spaces, so it starts within the last five
    space-separated chunks of the text.
    """
    core = before.rstrip()
    if core == before or ("by" in before or core.endswith(("'s", "’s", "s'", "s’"))) and _LED_BY.search(before):
        return False   # (every _LED_BY match holds "by" or ends in a possessive and spaces: a cheap test first)
    parts = before.rsplit(None, 5)
    start = len(parts[0]) if len(parts) == 6 else 0
    return _OBJECT_BEFORE.search(before, start) is not None


def _definite(text: str, words) -> bool:
    """Does a sentence without a city speak of a particular meeting ("the talks", "met", "Tuesday's meeting")?"""
    for start, end in words:
        word = _SPACES.sub(" ", text[start:end].lower())
        if _WITH_AFTER.match(text, end) and not word.endswith("s"):
            return True
        if word in _VERB_FORMS or _copula_before(text[:start]):
            return True
        before = text[max(0, start - 40):start]
        if _DEFINITE_BEFORE.search(before) and not word.endswith("s") or \
                _THE_THIS_BEFORE.search(before) and word in ("talks", "negotiations", "consultations"):
            return True
    return False


def _is_planned(text: str, words) -> bool:
    """An announced meeting: "will meet in Brussels next month", "is expected to meet", "are to make a
    visit", "plans to host" (the phrase close to, or governing, a meeting word)."""
    for match in _PLANNED_SCAN.finditer(text):
        if any(abs(w_start - match.start()) < 45 for w_start, _ in words):
            return True
    for w_start, w_end in words:
        if _governed_by_future(text, w_start) or _FUTURE_AFTER.match(text, w_end):
            return True
    return False


_FUTURE_AFTER = re.compile(r"\s+(?:(?:is|are|was|were)\s+(?:planned|scheduled|due|expected|set)\b|(?:will|would)\s+"
                           r"(?:be\s+held|take\s+place)\b|to\s+be\s+held\b)", re.I)


# a future or intention right before a meeting word: "will meet", "is expected to meet", "are to make a
# joint visit", "plans to host the", "agreed to meet again", "to be held"
_GOVERNED_BY_FUTURE = re.compile(
    r"(?:\b(?:will|shall|would)|['’]ll|\b(?:is|are|was|were)\s+(?:also\s+)?(?:expected|due|scheduled|set|going|slated|"
    r"supposed)?\s*to|\b(?:plans?|planning|planned|agreed|arranging|intends?|hopes?|expected|due|scheduled|set|"
    r"preparing|ready)\s+to|\bto\s+be)\s+(?:also\s+|again\s+|soon\s+)?(?:[\w-]+\s+){0,3}$", re.I)


def _governed_by_future(text: str, start: int) -> bool:
    """_GOVERNED_BY_FUTURE.search(text, start - 60, start), run only when those characters hold "ll", "to" or
    "would" (in any case), one of which every match holds: the search tries every position, the test is C speed."""
    window = text[max(0, start - 60):start].lower()
    if "to" not in window and "ll" not in window and "would" not in window:
        return False
    return _GOVERNED_BY_FUTURE.search(text, max(0, start - 60), start) is not None


def _dateline(doc: Document) -> City | None:
    """The city of a dateline ("PARIS —", "BRUSSELS (Reuters) -", "CAIRO:", a line "ISTANBUL") near the start
    of the body, or the one the read stage found."""
    found = getattr(doc.article, "dateline", None)
    if found is not None:
        city = gazetteer.cities_named(found.place, countries=_article_countries(doc))
        if city:
            return city
    for sentence in doc.sentences[:8]:
        text = sentence.text   # (every _DATELINE match holds a dash: a test at C speed first)
        match = _DATELINE.match(text) if "-" in text or "—" in text or "–" in text else None
        if match:
            city = gazetteer.cities_named(match.group("city").strip().title(), countries=_article_countries(doc))
            if city:
                return city
        words = sentence.text.split()
        if len(words) <= 7 and sentence.text[-1:].isalpha():   # a credit line: "Press Trust Of India New Delhi"
            for n in (3, 2, 1):
                name = " ".join(words[-n:]).title()
                if len(words) >= n and fold(name) in gazetteer.major_city_names() and not gazetteer.countries().lookup(name):
                    return gazetteer.cities_named(name, countries=_article_countries(doc))
    return None


def _article_countries(doc: Document) -> frozenset[str]:
    """The countries an article names (computed once per document)."""
    found = getattr(doc, "_countries", None)
    if found is None:
        found = frozenset(code for s in doc.sentences for code, *_ in mentions.countries_in(s.text))
        doc._countries = found
    return found


# where a sentence puts a meeting: "the Argentine city of X", "the Pakistani capital, X", "in capital X",
# "X, capital of …", "at the State House, X", "X hosted", "in X's Dolmabahce Palace"
_PLACE_CUES = re.compile(
    r"\b(?:in|at|to|into|inside|near)\s+(?:(?:the\s+)?(?:[A-Z][\w’'-]*\s+)?(?:(?:resort|port|coastal|border|holy|ancient)\s+)?"
    r"(?:(?:city|town)\s+of|capital(?:\s+city)?,?)\s+|the\s+)?$")
_AT_VENUE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){1,5}[A-Z][\w’'.-]*,\s+$")
_HOSTED_AFTER = re.compile(r"^\s+(?:hosted|hosts|is\s+hosting|will\s+host|played\s+host|welcomed)\b")


def _city_of(text: str, words, table, dateline: City | None, name_words: frozenset[str]) -> City | None:
    """The city a meeting sentence names as a place, or None: a gazetteer name counts only where the
    text uses it as one (after "in", "at", "the city of", "capital"; before a meeting word, "hosted",
    ", capital of"; a possessive place "X's … Palace"), never as a person's or a country's name;
    "to X" only when no other place is named."""
    best = weak = None
    for city, s, e in mentions.cities_in(text):
        name = text[s:e]
        if table.demonym(name) or fold(name) in name_words or _titled_word(name):
            continue
        if text.endswith(("the ", "The "), max(0, s - 4), s) and not name.lower().startswith("the "):
            continue   # "in the White House", "at the Kremlin": a building, not the town of that name
        if table.lookup(name) and not _city_state(name, city, table):
            continue
        near = any(abs(w_start - e) < 160 or abs(s - w_end) < 160 for w_start, w_end in words)
        if not near:
            continue
        before, after = text[max(0, s - 40):s], text[e:e + 30]
        cue = _PLACE_CUES.search(before)
        if cue and cue.group().lstrip().lower().startswith("to"):
            weak = weak or city   # "ambassador to Washington": a place, but a meeting is rather "in" one
        elif cue or _AT_VENUE.search(before) or meeting_re().match(after.lstrip()) \
                or _MEETING_AFTER.match(after) or _HOSTED_AFTER.match(after) \
                or (after.startswith(("'s ", "’s ")) and _PLACE_NOUN.match(after, 3)):
            best = best or city
    if best or weak:
        return best or weak
    cap = _CAPITAL.search(text) if "capital" in text else None   # (every match holds the word)
    if cap:
        code = table.demonym(cap.group("dem")) if cap.group("dem") else None
        if code and table.capital.get(code):
            found = gazetteer.city(table.capital[code])
            if found and found.country == code:
                return found
        if cap.group("dem") is None and dateline:
            return dateline
    if dateline and ("here" in text or "city" in text) and _HERE.search(text):   # (each match holds one)
        return dateline
    return None


_PLACE_NOUN = re.compile(r"(?:[A-Z][\w’'-]*\s+){0,3}(?:Palace|Hall|House|Hotel|Centre|Center|Arena|Residence|Castle|"
                         r"Guesthouse|Building|Mansion|Complex|Square|Kremlin)\b")


def _city_state(name: str, city: City, table) -> bool:
    """Is a country's name also its city's ("Singapore", "Monaco", "Luxembourg")?"""
    return table.lookup(name) == city.country and fold(city.name) == fold(name)


def _name_words(people: PeopleIndex) -> frozenset[str]:
    """The folded words of the article's people's names: a city name among them names a person ("Obama" is
    also a town in Japan)."""
    return frozenset(word for p in people.persons.values() for n in {p.name, *p.alt_names} for word in name_tokens(n))


def _fill(meeting: Meeting, draft: _Draft, doc: Document, facts: ArticleFacts, people: PeopleIndex, table, issued) -> None:
    """Date, hosts, participants, absent countries and attendees from the meeting's sentences."""
    found_dates = []
    for sentence in draft.sentences:   # (whether the sentence speaks of the future matters only for a weekday)
        for s, e, value in dates.find_dates(sentence.text, issued=issued, future=functools.partial(_FUTURE_SCAN.search, sentence.text)):
            found_dates.append(value)
    for lead in doc.sentences[:3]:
        if found_dates or meeting.planned or not draft.main:
            break
        found_dates = [d for _, _, d in dates.find_dates(lead.text, issued=issued, future=functools.partial(_FUTURE_SCAN.search, lead.text))]
    if found_dates and not meeting.planned:
        meeting.date = max(set(found_dates), key=lambda d: (found_dates.count(d), d))
    for sentence in draft.sentences:
        text, span = sentence.text, sentence.span
        absent = _absent(text, table)
        for code in absent:
            _note(meeting, "absent", code, span)
        for code in _hosts(text, sentence, table, people, facts):
            if code not in absent:
                _note(meeting, "host", code, span)
        for match in _list_matches(text):
            for code, s, e, kind in mentions.countries_in(match.group("list")):
                if code not in absent and kind == "name":
                    _note(meeting, "participant", code, span)
        for mention in people.in_span(span.start, span.end):
            person = facts.persons.get(mention.key)
            if person is None or person.role in _NON_ATTENDING_ROLES:
                continue
            if mention.kind == "pronoun" and text[mention.start - span.start:mention.end - span.start].lower() not in ("he", "she"):
                continue
            if _reporting_only(text, mention, span) and person.role not in _ATTEND_ROLES:
                continue
            if _object_before(text[:mention.start - span.start]):
                continue
            _note(meeting, "attendee", person.key, span)
    for key in sorted(meeting.attendees):
        person = facts.persons[key]
        if person.country and person.country not in meeting.absent:
            span = meeting.evidence.get(("attendee", key))
            _note(meeting, "participant", person.country, span)
    for code in sorted(meeting.hosts):
        _note(meeting, "participant", code, meeting.evidence[("host", code)])
    meeting.participants -= meeting.absent
    meeting.hosts -= meeting.absent
    place = meeting.city.name if meeting.city else "an unknown place"
    meeting.label = f"{'Planned meeting' if meeting.planned else 'Meeting'} in {place}" + (
        f" on {meeting.date.isoformat()}" if meeting.date else "")


def _note(meeting: Meeting, prop: str, value: str, span: Span | None) -> None:
    getattr(meeting, {"host": "hosts", "participant": "participants", "absent": "absent", "attendee": "attendees"}[prop]).add(value)
    if span is not None:
        meeting.evidence.setdefault((prop, value), span)


def _list_matches(text: str) -> list[re.Match]:
    """_LIST_CUE.finditer(text): the pattern matched only where one of _LIST_STARTS begins (no match
    begins elsewhere), left to right, skipping places inside the last match."""
    out, last = [], 0
    for start in occurrences(text, _LIST_STARTS):
        if start >= last:
            match = _LIST_CUE.match(text, start)
            if match:
                out.append(match)
                last = match.end()
    return out


def _reporting_only(text: str, mention, span: Span) -> bool:
    """Is the person only reporting ("…, X said") rather than taking part?"""
    rel_end = mention.end - span.start
    return bool(_SAID_AFTER.match(text, rel_end))


def _absent_matches(text: str) -> list[re.Match]:
    """_ABSENT.finditer(text), each search started as late as it can be (as _host_matches does).

    A match holds a cue (_ABSENT_CUE) at some c: it starts there, or (the lazy alternatives) at most
    32 characters (a 31-character name and a comma) before the spaces ahead of the cue's verb.
    """
    out, pos = [], 0
    while True:
        cue = _ABSENT_CUE_SCAN.search(text[pos:]) if pos else _ABSENT_CUE_SCAN.search(text)
        if cue is None:
            return out
        c = pos + cue.start()
        ws = c + 1 if text[c].isspace() else c   # "\swhich", "\swas": the verb follows the space
        while ws > 0 and text[ws - 1].isspace():
            ws -= 1
        match = _ABSENT.search(text, max(pos, ws - 32))
        if match is None:
            return out
        out.append(match)
        pos = match.end()


def _absent(text: str, table) -> set[str]:
    """Countries a meeting sentence says are absent, not invited or excluded."""
    out = set()
    for match in _absent_matches(text):
        for group in ("list", "list2", "one", "neg"):
            if match.group(group):
                piece = match.group(group)
                if group in ("list", "list2"):
                    lst = _COUNTRY_LIST_RE.match(piece)
                    piece = lst.group() if lst else ""
                if group == "neg":
                    piece = piece.rsplit(",", 1)[-1]
                for code, s, e, kind in mentions.countries_in(piece):
                    if kind == "name" or group in ("list", "list2"):
                        out.add(code)
    return out


def _host_matches(text: str) -> list[re.Match]:
    """_HOST.finditer(text), each search started as late as it can be.

    A match holds a cue (_HOST_CUE) at some c: it starts at c, or (the lazy alternatives) after the
    last [,;.] before c and at most 80 characters before the whitespace ahead of c. Those bounds grow
    with c, so the first cue after the search position bounds where the next match can start.
    """
    out, pos = [], 0
    while True:
        cue = _HOST_CUE_SCAN.search(text[pos:]) if pos else _HOST_CUE_SCAN.search(text)
        if cue is None:
            return out
        c = pos + cue.start()
        ws = c
        while ws > 0 and text[ws - 1].isspace():
            ws -= 1
        start = max(pos, ws - 80, text.rfind(",", 0, c) + 1, text.rfind(";", 0, c) + 1, text.rfind(".", 0, c) + 1)
        match = _HOST.search(text, start)
        if match is None:
            return out
        out.append(match)
        pos = match.end()


def _hosts(text: str, sentence: Sentence, table, people: PeopleIndex, facts: ArticleFacts) -> set[str]:
    """Countries a meeting sentence says host the meeting (by name or through a host's person)."""
    out = set()
    for match in _host_matches(text):   # (no cue in the text: no match, at the cost of one search)
        group = next(g for g in ("what", "who", "who2", "opener") if match.group(g))
        piece = match.group(group)
        if group == "who2" and not meeting_re().search(text[match.end():match.end() + 60]):
            continue
        start = sentence.span.start + match.start(group)
        codes = {code for code, s, e, kind in mentions.countries_in(piece)}
        if group == "who2":
            codes = {c for c, s, e, k in mentions.countries_in(piece) if s >= len(piece) - 40}
        for mention in people.in_span(start, start + len(piece)):
            person = facts.persons.get(mention.key)
            if person and person.country:
                codes.add(person.country)
        out |= codes
    return out


def _ministers_by_meeting(meeting: Meeting, facts: ArticleFacts, doc: Document) -> None:
    """At a meeting of foreign (or defence) ministers, an attendee of known country and no title is one."""
    text = " ".join(doc.text[s.start:s.end] for s in meeting.spans)
    kind = _MINISTERS_MEETING_SCAN.search(text)
    if kind is None:
        return
    role = "DefenceMinister" if kind.group(1).lower().startswith("defen") else "ForeignMinister"
    for key in sorted(meeting.attendees):
        person = facts.persons.get(key)
        if person is not None and person.role is None and person.country:
            person.role, person.minister = role, True


_MINISTERS_MEETING = re.compile(r"\b(foreign|defen[cs]e)[\s-]+minist(?:ers|erial)\b", re.I)
_MINISTERS_MEETING_SCAN = lexicon.Caseless(_MINISTERS_MEETING, ("minist",))


def _attendees_by_role(facts: ArticleFacts, people: PeopleIndex, doc: Document) -> None:
    """Leaders and ministers quoted within the stretch of text that tells of the article's main held
    meeting attend it: those of its participant countries, and at a summit or council any government
    leader (not one who spoke by video)."""
    held = [m for m in facts.meetings if not m.planned]
    if not held:
        return
    meeting = max(held, key=lambda m: (len(m.spans), -m.spans[0].start if m.spans else 0))
    if not meeting.spans:
        return
    first, last = meeting.spans[0].start, meeting.spans[-1].end
    summit = any(_MULTILATERAL_SCAN.search(doc.text[s.start:s.end]) for s in meeting.spans)
    for key, person in sorted(facts.persons.items()):
        if key in meeting.attendees or person.role not in _ATTEND_ROLES:
            continue
        if person.country not in meeting.participants and not (summit and _speaks(key, people, doc, first, last)):
            continue
        if any(_REMOTE_SCAN.search(doc.text[s.start:s.end]) for s in person.spans):
            continue
        spans = [s for s in person.spans if first <= s.start <= last]
        if spans:
            _note(meeting, "attendee", key, spans[0])
            if person.country and person.country not in meeting.absent:
                _note(meeting, "participant", person.country, spans[0])


_SPEAKS_AFTER = re.compile(r"\s*(?:,[^,;.]{0,80},\s*)?(?:said|says|told|stressed|defended|added|noted|stated|urged|"
                           r"warned|insisted|argued|declared)\b")


def _speaks(key: str, people: PeopleIndex, doc: Document, first: int, last: int) -> bool:
    """Is a person named as speaking ("X said", "X, the Estonian prime minister, told reporters") between
    two offsets?"""
    for mention in people.in_span(first, last):
        if mention.key == key and mention.kind != "pronoun" and _SPEAKS_AFTER.match(doc.text, mention.end):
            return True
    return False


def _titled_word(name: str) -> bool:
    """Is a capitalised word a title or honorific ("King", "President") rather than a town of that name?"""
    low = fold(name)
    return low in lexicon.titles() or low in lexicon.honorifics()
