"""The dateline reader: numeric dates at the top of a report, and only there."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.language.times.dateline import dateline_day


@pytest.mark.parametrize(
    ("title", "text", "day"),
    [
        ("Updated: November 11, 2011 20:09 IST", "", date(2011, 11, 11)),
        ("Esther Williams dies", "06 / 06 / 13 07:05 PM ET EDT  The star...", date(2013, 6, 6)),
        ("Colts clinch", "12/23/12 06:03 PM ET EST  The expectations...", date(2012, 12, 23)),
        ("Article posted on 08. 07. 2012", "Klitschko stops Thompson", date(2012, 7, 8)),
        ("Cable cuts", "On Tue, 16 / 08 / 2011 - 13:42  An undersea cable", date(2011, 8, 16)),
        ("Lohan", "18 September 2013  After skipping out", date(2013, 9, 18)),
        ("", "First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11", date(2011, 10, 25)),
    ],
)
def test_dateline_day(title: str, text: str, day: date) -> None:
    assert dateline_day(title, text) == day


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Colts beat Chiefs 20 - 13", "A 3/4 majority voted on 1.5.2 of the plan."),
        ("Scores", "The Colts won 20 - 13 - 7 in overtime."),
        ("Version 10.12.2021.5 released", ""),
        ("No date here", "x " * 200 + "on 12/23/2012 the vote"),  # past the dateline
        ("Impossible", "31/31/2012"),
    ],
)
def test_no_dateline(title: str, text: str) -> None:
    assert dateline_day(title, text) is None


_DATEY = st.text(alphabet="0123456789 /.-:,APMETJanFebDcOtSpuly", max_size=60)


@settings(max_examples=300, derandomize=True)
@given(title=st.one_of(_DATEY, st.text(max_size=80)), text=st.one_of(_DATEY, st.text(max_size=300)))
def test_any_text_gives_a_real_day_or_none(title: str, text: str) -> None:
    """Hostile page tops (digits, separators, month fragments, any Unicode) never raise;
    what comes back is a valid calendar day in a plausible century."""
    day = dateline_day(title, text)
    assert day is None or (isinstance(day, date) and 1900 <= day.year <= 2099)
