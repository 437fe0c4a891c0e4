"""Absolute and relative dates."""
from __future__ import annotations

from datetime import date

from kg.read.dates import find_absolute_dates, find_dates, find_relative_dates


def test_absolute_formats():
    assert [d for *_, d in find_absolute_dates("On 02 June, 2015 and Sept. 26, 2016")] == [date(2015, 6, 2), date(2016, 9, 26)]


def test_weekday_is_the_last_such_day_on_or_before_publication():
    issued = date(2016, 1, 20)   # a Wednesday
    assert [d for *_, d in find_relative_dates("said on Wednesday", issued=issued)] == [issued]
    assert [d for *_, d in find_relative_dates("met on Monday", issued=issued)] == [date(2016, 1, 18)]


def test_future_weekday_is_the_next_one():
    assert [d for *_, d in find_relative_dates("will meet on Wednesday", issued=date(2016, 1, 19), future=True)] == [date(2016, 1, 20)]


def test_yesterday_today_and_month_day():
    issued = date(2018, 3, 1)
    found = [d for *_, d in find_relative_dates("yesterday, today and on Feb. 20", issued=issued)]
    assert found == [date(2018, 2, 28), issued, date(2018, 2, 20)]


def test_nothing_without_publication_date_and_no_overlap_with_absolute():
    assert find_relative_dates("on Tuesday", issued=None) == []
    assert [d for *_, d in find_dates("on Jan. 20, 2016", issued=date(2017, 5, 5))] == [date(2016, 1, 20)]


def test_may_the_verb_is_not_a_month():
    assert find_relative_dates("they may 20 times", issued=date(2018, 3, 1)) == []


def test_future_as_a_function_is_called_only_for_a_weekday():
    calls = []

    def future():
        calls.append(1)
        return True

    issued = date(2016, 1, 19)   # a Tuesday
    assert [d for *_, d in find_dates("met yesterday, on 20 Jan 2016", issued=issued, future=future)] == \
        [date(2016, 1, 18), date(2016, 1, 20)]
    assert calls == []
    assert [d for *_, d in find_dates("will meet on Wednesday and Friday", issued=issued, future=future)] == \
        [date(2016, 1, 20), date(2016, 1, 22)]
    assert calls == [1]
    assert [d for *_, d in find_dates("on Wednesday", issued=issued, future=lambda: None)] == [date(2016, 1, 13)]


def test_words_ignorecase_matches_through_odd_letters_are_read_as_their_ascii_twins():
    """"ſept" (long s), "İune"/"Tueſday" match the patterns as IGNORECASE does; they read as Sept, June, Tuesday."""
    from datetime import date

    from kg.read import dates

    assert [d for _, _, d in dates.find_absolute_dates("held on \u017fept 20, 2016 in Paris")] == [date(2016, 9, 20)]
    found = dates.find_relative_dates("They met on Tue\u017fday and again on \u017fept. 28.", issued=date(2016, 9, 30))
    assert [d for _, _, d in found] == [date(2016, 9, 27), date(2016, 9, 28)]
