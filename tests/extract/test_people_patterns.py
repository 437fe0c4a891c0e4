"""People's pattern shortcuts: each cheap test or lower-cased scan gives exactly what the plain pattern gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import lexicon, people

_WORDS = ["said", "Said", "SAID", "says", "according", "to", "met", "with", "talks", "his", "her", "He", "she", "HIM",
          "hers", "the", "French", "counterpart", "counterparts", ",", "Iraq's", "Iraq’s", "U.S.'s", "Laurent", "Fabius",
          "\u017faid", "\u0130t", "shehe", "history", "(said", "other", "\n", " ", "é", "Hollande"]
before_texts = st.tuples(st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join),
                         st.sampled_from(["", " ", "  ", "\n", " \n", "\t"])).map("".join)


def _same(a, b):
    return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@settings(max_examples=500, deadline=None)
@given(before_texts)
def test_end_of_text_tests_agree_with_the_patterns(text):
    assert people._verb_before(text) == bool(people._VERB_BEFORE.search(text))
    assert people._meet_before(text) == bool(people._MEET_BEFORE.search(text))
    assert _same(people._counterpart_before(text), people._COUNTERPART.search(text))
    assert _same(people._possessive_before(text), people._POSSESSIVE_BEFORE.search(text))


_PRONOUN_PIECES = ["he", "He", "HE", "him", "his", "His", "she", "her", "hers", "the", "she's", "he'd", "x", "_", "5", "é",
                   "-", "’", ".", " ", "\u0130", "\u212a"]


@settings(max_examples=800, deadline=None)
@given(before_texts | st.text(max_size=30) | st.lists(st.sampled_from(_PRONOUN_PIECES), max_size=10).map("".join)
       | st.lists(st.sampled_from(_PRONOUN_PIECES), max_size=10).map(" ".join))
def test_pronouns_in_is_pronoun_re(text):
    plain = [(m.start(), m.end(), m.group()) for m in people.PRONOUN_RE.finditer(text)]
    assert people.pronouns_in(text) == plain
    assert people.pronouns_in(text, lexicon.heads_in(text)) == plain


def test_pronouns_keep_their_case_and_skip_words_that_contain_them():
    assert people.pronouns_in("He said history was his; THEY told her.") == [(0, 2, "He"), (20, 23, "his"), (35, 38, "her")]


def test_name_runs_give_tokens_with_offsets():
    text = "French Foreign Minister Laurent Fabius met Haider al-Abadi."
    runs = [[tok for _, _, tok in run] for run in people.name_runs(text)]
    assert ["Laurent", "Fabius"] in [run[-2:] for run in runs]
    for run in people.name_runs(text):
        for start, end, tok in run:
            assert text[start:end] == tok


def test_reporting_verb_before_a_name_anchors_it():
    assert people._verb_before("the minister said ")
    assert people._verb_before("according to  ")
    assert not people._verb_before("the minister said")      # no space: the name is glued on
    assert people._verb_before("the minister SAID ")          # the pattern ignores case
    assert not people._verb_before("the minister sailed ")


_RUN_WORDS = ["Laurent", "Fabius", "al-Abadi", "de", "von", "der", "O'Brien", "F.", "Jean-Yves", "McDonald", "Abc1", "the",
              "said", "Émile", "x-", "al", "-", "Ab", "'s", "’", ".", ",", "ÉLYSÉE", "Zürich"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_RUN_WORDS), max_size=12).map(" ".join)
       | st.lists(st.sampled_from(_RUN_WORDS + ["A.B.", "X'", "Mc", "-Yves", "\n", "\t", " ", "D’", "ß"]), max_size=10)
       .map("".join))
def test_name_runs_are_the_tokens_of_each_run(text):
    plain = []
    for run in people.NAME_RUN.finditer(text):
        base = run.start()
        plain.append([(m.start() + base, m.end() + base, m.group()) for m in people.TOKEN_RE.finditer(run.group())])
    assert people.name_runs(text) == plain


def test_mentions_are_bisected_by_start_as_by_their_order():
    import bisect

    index = people.PeopleIndex(mentions=sorted(
        people.Mention(s, e, k, kind) for s, e, k, kind in
        [(0, 4, "a", "name"), (0, 9, "b", "surname"), (5, 6, "a", "pronoun"), (5, 6, "a", "name"), (12, 20, "c", "name")]))
    for at in range(-1, 22):
        assert bisect.bisect_left(index.mentions, at, key=people._START) == \
            bisect.bisect_left(index.mentions, people.Mention(at, -1, ""))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.sampled_from("abc"),
                          st.sampled_from(["name", "surname", "pronoun", "description"]))))
def test_mentions_sort_as_span_key_kind(rows):
    """Mention tuples sort as the (Span, key, kind) records they replace did."""
    from kg.model import Span

    assert [tuple(m) for m in sorted(people.Mention(*row) for row in rows)] == \
        [(span.start, span.end, key, kind) for span, key, kind in sorted((Span(s, e), k, kind) for s, e, k, kind in rows)]
    assert all(people.Mention(*row).span == Span(row[0], row[1]) for row in rows)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([w for w in _RUN_WORDS if "al-" not in w] + ["Ärger", "ÉM", "Ö'Neil", "A.", "b", "-", "de la"]),
                max_size=12).map(lambda words: " ".join(words).replace(" - ", "-")))
def test_capital_first_name_run_scan_is_name_run_where_no_run_opens_with_al(text):
    if people._NAME_PREFIX.search(text):
        return
    assert [m.span() for m in people._CAPITAL_NAME_RUN.finditer(text)] == [m.span() for m in people.NAME_RUN.finditer(text)]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["French", "Iraq's", "’s", "U.S.", "foreign", "-", ".", ",", "(", "'", "’", "x_y", "5", " ",
                                 "  ", "\n", "é", "—", "!"]), max_size=12).map("".join))
def test_modifier_word_scan_is_the_modifier_word_pattern(text):
    assert people._MODIFIER_WORD_SCAN.findall(text) == people._MODIFIER_WORD.findall(text)
