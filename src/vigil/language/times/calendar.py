"""Calendar vocabulary and arithmetic for time expressions.

What the grammar (:mod:`vigil.language.times.grammar`) needs but is not grammar: the
month, weekday and number words; the :class:`Norm` value with its granularity;
and how "the nearest Saturday" or "the nearer March" is computed from the
publication date and the tense of the clause.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta, weekday

#: The direction a bare "Saturday" or "in March" points: back, forward, or (for
#: "would") whichever occurrence is nearer. PRESENT is a schedule in the simple
#: present ("the tour opens on June 9"): the nearer weekday, but a date ahead.
PAST, FUTURE, EITHER, PRESENT = "past", "future", "either", "present"

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


@dataclass(frozen=True)
class Norm:
    """A normalised value: ISO text and its honest granularity."""

    value: str
    granularity: str  # day | month | year | range


@dataclass
class Context:
    """What a rule may consult besides its own words."""

    anchor: date | None  # publication date; None: relative expressions can't be resolved
    tense: Callable[[], str]  # PAST, FUTURE or EITHER for the clause around the expression
    prep: str | None = None  # preposition right before the match ("on", "since", ...)
    spacy_date: bool = False  # spaCy tagged the words as DATE
    before: str = ""  # a little of the text before the match (names like "Black Friday")
    after: str = ""  # ... and after it ("Sunday Times")


# -- formatting and calendar helpers -------------------------------------------------------


def day(d: date) -> Norm:
    return Norm(d.isoformat(), "day")


def month(y: int, m: int) -> Norm:
    return Norm(f"{y:04d}-{m:02d}", "month")


def year(y: int) -> Norm:
    return Norm(f"{y:04d}", "year")


def span(a: str, b: str) -> Norm:
    return Norm(f"{a}/{b}", "range")


def days(a: date, b: date) -> Norm:
    return span(a.isoformat(), b.isoformat())


def fold(word: str) -> str:
    """Lower case as the rules' case-insensitive regexes see it: they also match the
    letters that equal an ASCII one only ignoring case ("Tueſday" with a long s,
    "Frıday" with a dotless i), which ``str.lower`` keeps as they are."""
    return word.lower().replace("\u017f", "s").replace("\u0131", "i").replace("i\u0307", "i")


def weekday_no(word: str) -> int | None:
    """0 for Monday ... 6 for Sunday; ``None`` for a word that is no weekday."""
    w = fold(word)
    return WEEKDAYS.index(w) if w in WEEKDAYS else None


def month_no(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def number(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def safe_date(y: int, m: int, d: int) -> date | None:
    if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]:
        return date(y, m, d)
    return None


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def nearer(anchor: date, back: date | None, ahead: date | None, tense: str) -> date | None:
    """Pick the earlier or later candidate by tense; otherwise the closer (ties: earlier)."""
    if tense == PAST or ahead is None:
        return back
    if tense == FUTURE or back is None:
        return ahead
    return back if (anchor - back) <= (ahead - anchor) else ahead


def nearest_weekday(anchor: date, wd: int, tense: str, strict: bool = False) -> date:
    """The named weekday nearest the anchor in the direction of the tense.

    Past: on or before the anchor; future: on or after it ("will play Wednesday
    night" written on a Wednesday is tonight). ``strict`` excludes the anchor day
    itself, as "last Monday" and "next Monday" do.
    """
    step = timedelta(days=1) if strict else timedelta(0)
    back = anchor - step + relativedelta(weekday=weekday(wd)(-1))
    ahead = anchor + step + relativedelta(weekday=weekday(wd)(+1))
    return nearer(anchor, back, ahead, tense)  # type: ignore[return-value]


def week_range(d: date) -> Norm:
    monday = d - timedelta(days=d.weekday())
    return days(monday, monday + timedelta(days=6))
