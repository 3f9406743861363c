"""Time rules match case-insensitively, so they also match letters that equal an ASCII
one only ignoring case (a long s, a dotless i). The words they read must then be
looked up the same way, never as a KeyError or ValueError on an odd spelling."""

from __future__ import annotations

from datetime import date

import pytest

from vigil.language.nlp import load_nlp
from vigil.language.times.calendar import fold, weekday_no
from vigil.language.times.component import find_times
from vigil.settings import Settings

WED_2021_01_06 = date(2021, 1, 6)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(Settings().model)


def test_fold_and_weekday_lookup():
    assert fold("Tue\u017fday") == "tuesday"
    assert fold("Fr\u0131day") == "friday"
    assert weekday_no("Wedne\u017fday") == 2
    assert weekday_no("Blursday") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # was ValueError: 'tueſday' is not in list (the weekday rule)
        ("The convoy was attacked on Tue\u017fday.", ("on Tue\u017fday", "2021-01-05", "day")),
        # was KeyError: 'laſt' (the relative-unit rule)
        ("Prices rose la\u017ft week.", ("la\u017ft week", "2020-12-28/2021-01-03", "range")),
        # was ValueError in the "Friday, Dec. 6" reading of a month and day
        ("The deal was signed on Fr\u0131day, January 1.", None),
    ],
)
def test_odd_letters_in_time_words(nlp, sentence, expected):
    got = [
        (t.text, t.value, t.granularity)
        for t in find_times(sentence, WED_2021_01_06, nlp(sentence))
    ]
    if expected is not None:
        assert expected in got
    for t in find_times(sentence, WED_2021_01_06, nlp(sentence)):
        assert sentence[t.start : t.end] == t.text


@pytest.mark.parametrize("anchor", [date.min, date(1, 1, 2), date.max, date(9999, 12, 25)])
def test_publication_dates_at_the_ends_of_the_calendar(nlp, anchor):
    # was ValueError: year 0 is out of range / OverflowError in the month-day and
    # relative rules (a CMS's empty date 0001-01-01 as the anchor)
    text = "Gunmen attacked the town last week, on January 3 and 999 months ago; talks resume next Monday."
    got = find_times(text, anchor, nlp(text))
    for t in got:
        assert text[t.start : t.end] == t.text
