"""Time-expression grammar: find an expression, normalise it against the publication date.

Each rule is a regular expression plus a function turning its match into an ISO
value *with the granularity the words actually carry*: "2015" is a year and
stays one, "June, 2020" is a month, "over the weekend" is a two-day range.
Words that name no definite time ("recent years", "a few days ago") produce
nothing rather than an invented date.

Relative expressions need an anchor (the publication date) and, for bare
weekday and month names, the tense of the clause: "on Saturday" in a past-tense
report means the most recent Saturday on or before publication, in a future
one the next Saturday after it. The caller supplies both through :class:`Context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import SA, SU, relativedelta

from vigil.language.times.calendar import (
    EITHER,
    FUTURE,
    MONTHS,
    NUMBER_WORDS,
    PAST,
    PRESENT,
    WEEKDAYS,
    Context,
    Norm,
    capitalised,
    day,
    days,
    fold,
    month,
    month_no,
    nearer,
    nearest_weekday,
    number,
    safe_date,
    span,
    week_range,
    weekday_no,
    year,
)

__all__ = ["EITHER", "FUTURE", "PAST", "PRESENT", "RULES", "Context", "Norm", "Rule"]

_M = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_WD = r"(?:" + "|".join(WEEKDAYS) + r")"
_Y = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"


# -- rules --------------------------------------------------------------------------------

Handler = Callable[[re.Match[str], Context], Norm | None]

#: Prepositions that may lead each kind of expression (and then belong to its span):
#: "on Monday", "in March", "over the weekend" -- but not "on last year's list".
DAY_PREPS = frozenset({"on", "since", "by", "until", "till", "from", "before", "after"})
PERIOD_PREPS = frozenset(
    {"in", "since", "by", "until", "till", "from", "during", "throughout", "before", "after"}
)
RELATIVE_PREPS = frozenset(
    {"over", "during", "throughout", "since", "until", "till", "by", "before", "after", "at"}
)


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    preps: frozenset[str]


RULES: list[Rule] = []


def rule(name: str, pattern: str, preps: frozenset[str]) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        RULES.append(Rule(name, re.compile(pattern, re.IGNORECASE), fn, preps))
        return fn

    return deco


#: A capitalised word right before a weekday or "Today" makes a name: "Black Friday",
#: "Cyber Monday", "USA Today". These words are the exceptions that still lead a date.
_LEADERS = {"on", "by", "since", "until", "last", "next", "this", "from", "before", "after"}


def _names_follow(after: str) -> bool:
    """A capitalised word (not a month) right after: "Sunday Times", "Monday Night Football"."""
    m = re.match(r"[ \t]+([A-Z][a-z]+)", after)
    return bool(m) and month_no(m.group(1)) is None


def _named(before: str) -> bool:
    m = re.search(r"(\S+)\s+$", before)
    if not m:
        return False
    word = m.group(1).strip("\"'(“‘")
    return word[:1].isupper() and word.isalpha() and word.lower() not in _LEADERS


@rule("iso", r"\b(?P<y>" + _Y + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", DAY_PREPS)
def _iso(m: re.Match[str], ctx: Context) -> Norm | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day(d) if d else None


def _month_day(m: re.Match[str], ctx: Context) -> Norm | None:
    if not capitalised(m["month"]):
        return None
    mo = month_no(m["month"])
    dd = int(re.match(r"\d+", m["day"])[0])  # type: ignore[index]
    if m["year"]:
        d = safe_date(int(m["year"]), mo or 0, dd)
        return day(d) if d else None
    if ctx.anchor is None or mo is None:
        return None
    wd = weekday_no(m["wd"]) if m["wd"] else None
    if wd is not None:  # "Friday, Dec. 6": the year in which that date is that weekday
        years = sorted(
            range(ctx.anchor.year - 1, ctx.anchor.year + 2), key=lambda y: abs(y - ctx.anchor.year)
        )
        for y in years:
            d = safe_date(y, mo, dd)
            if d and d.weekday() == wd:
                return day(d)
    this_year = safe_date(ctx.anchor.year, mo, dd)
    if this_year is None:
        return None
    a = ctx.anchor
    back = this_year if this_year <= a else safe_date(a.year - 1, mo, dd)
    ahead = this_year if this_year >= a else safe_date(a.year + 1, mo, dd)
    tense = ctx.tense()
    d = nearer(a, back, ahead, FUTURE if tense == PRESENT else tense)
    return day(d) if d else None


_WD_LEAD = r"(?:(?P<wd>" + _WD + r"),?\s+)?"
rule(
    "month-day",
    r"\b"
    + _WD_LEAD
    + r"(?P<month>"
    + _M
    + r")\.?\s+(?P<day>"
    + _DAY
    + r")(?:,?\s+(?P<year>"
    + _Y
    + r"))?\b",
    DAY_PREPS,
)(_month_day)
rule(
    "day-month",
    r"\b" + _WD_LEAD + r"(?:the\s+)?(?P<day>" + _DAY + r")(?:\s+of)?\s+(?P<month>" + _M + r")\.?"
    r"(?:,?\s+(?P<year>" + _Y + r"))?\b",
    DAY_PREPS,
)(_month_day)


@rule(
    "month-year",
    r"\b(?:(?:early|late|mid-?)\s*)?(?P<month>" + _M + r")\.?,?\s+(?P<year>" + _Y + r")\b",
    PERIOD_PREPS,
)
def _month_year(m: re.Match[str], ctx: Context) -> Norm | None:
    mo = month_no(m["month"])
    if mo is None or not capitalised(m["month"]):
        return None
    return month(int(m["year"]), mo)


@rule(
    "month",
    r"\b(?:(?P<rel>last|next|this|early|late|mid-?)\s*)?(?P<month>" + _M + r")\b(?![.,]?\s*\d)",
    PERIOD_PREPS,
)
def _month_alone(m: re.Match[str], ctx: Context) -> Norm | None:
    word = m["month"]
    mo = month_no(word)
    rel = (m["rel"] or "").lower().rstrip("-")
    if mo is None or not capitalised(word) or ctx.anchor is None:
        return None
    if not rel and ctx.prep is None and not ctx.spacy_date:
        return None  # "March" alone is too often a verb or a name, unless spaCy agrees
    if len(word) <= 3 and word.lower() != "may" and not rel:
        return None  # "Mar", "Jun" without a day or year: not worth the risk
    a = ctx.anchor
    if rel == "last":
        y = a.year if mo < a.month else a.year - 1
    elif rel == "next":
        y = a.year if mo > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        this = date(a.year, mo, 1)
        back = this if mo <= a.month else date(a.year - 1, mo, 1)
        ahead = this if mo >= a.month else date(a.year + 1, mo, 1)
        tense = FUTURE if ctx.tense() == PRESENT else ctx.tense()
        y = nearer(date(a.year, a.month, 1), back, ahead, tense).year  # type: ignore[union-attr]
    return month(y, mo)


@rule(
    "year",
    r"(?<![\d$£€,.])\b(?:(?P<mod>early|late|mid-?)\s*)?(?P<year>" + _Y + r")\b(?![-–/]?\d|%|,\d)",
    PERIOD_PREPS,
)
def _year(m: re.Match[str], ctx: Context) -> Norm | None:
    # A bare four-digit number is a year only with a preposition, a modifier
    # ("early 2015") or spaCy's agreement; "2015 people" stays a number, and so
    # does a model number ("RTX 2060") even when spaCy calls it a date.
    if not (m["mod"] or ctx.prep or ctx.spacy_date):
        return None
    if not (m["mod"] or ctx.prep) and re.search(r"\b[A-Z]{2,}[- ]?$|[;:]\s*$", ctx.before):
        return None
    return year(int(m["year"]))


@rule(
    "decade",
    r"\b(?:the\s+)?(?:(?:early|mid|late)[- ]?)?(?P<decade>(?:1[89]|20)\d0)'?s\b",
    PERIOD_PREPS,
)
def _decade(m: re.Match[str], ctx: Context) -> Norm | None:
    start = int(m["decade"])
    return span(f"{start:04d}", f"{start + 9:04d}")


_YEAR_OR_MONTH_YEAR = r"(?:(?P<{m}>" + _M + r")\.?,?\s+)?(?P<{y}>" + _Y + r")"


@rule(
    "year-range",
    r"\b(?:between\s+"
    + _YEAR_OR_MONTH_YEAR.format(m="m1", y="y1")
    + r"\s+and\s+"
    + _YEAR_OR_MONTH_YEAR.format(m="m2", y="y2")
    + r"|from\s+"
    + _YEAR_OR_MONTH_YEAR.format(m="m3", y="y3")
    + r"\s+(?:to|until|till|through)\s+"
    + _YEAR_OR_MONTH_YEAR.format(m="m4", y="y4")
    + r"|(?P<y5>"
    + _Y
    + r")\s*[-–]\s*(?P<y6>"
    + _Y
    + r"|\d\d))\b",
    frozenset({"in", "during", "throughout"}),
)
def _year_range(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["y5"]:
        a, b = int(m["y5"]), m["y6"]
        end = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
        return span(f"{a:04d}", f"{end:04d}") if end > a else None
    pairs = [(m["m1"], m["y1"], m["m2"], m["y2"]), (m["m3"], m["y3"], m["m4"], m["y4"])]
    m1, y1, m2, y2 = next(p for p in pairs if p[1])

    def one(mo: str | None, y: str) -> str | None:
        if mo is None:
            return f"{int(y):04d}"
        n = month_no(mo)
        return f"{int(y):04d}-{n:02d}" if n and capitalised(mo) else None

    a_, b_ = one(m1, y1), one(m2, y2)
    if a_ is None or b_ is None or b_ < a_:
        return None
    return span(a_, b_)


@rule(
    "relative-unit",
    r"\b(?:(?P<pos>earlier|later|early|late)\s+)?(?P<rel>last|this|next)\s+"
    r"(?P<unit>year|month|week)\b",
    RELATIVE_PREPS,
)
def _relative_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    a = ctx.anchor
    if a is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1}.get(fold(m["rel"]))
    if shift is None:
        return None
    unit, pos = m["unit"].lower(), (m["pos"] or "").lower()
    if unit == "year":
        y = a.year + shift
        if pos == "earlier" and shift == 0:
            return days(date(y, 1, 1), a)
        if pos == "later" and shift == 0:
            return days(a, date(y, 12, 31))
        return year(y)
    if unit == "month":
        first = date(a.year, a.month, 1) + relativedelta(months=shift)
        if pos == "earlier" and shift == 0:
            return days(first, a)
        if pos == "later" and shift == 0:
            last = first + relativedelta(months=1) - timedelta(days=1)
            return days(a, last)
        return month(first.year, first.month)
    ref = a + timedelta(weeks=shift)
    if pos == "earlier" and shift == 0:
        return days(a - timedelta(days=a.weekday()), a)
    return week_range(ref)


@rule("weekend", r"\b(?P<rel>the|this|last|next|past)\s+weekend\b", RELATIVE_PREPS)
def _weekend(m: re.Match[str], ctx: Context) -> Norm | None:
    a = ctx.anchor
    rel = m["rel"].lower()
    if a is None or (rel in ("last", "next") and re.search(r"\bthe\s+$", ctx.before, re.I)):
        return None  # "the last weekend of the festival" is not a date
    current = a + relativedelta(weekday=SA(-1)) if a.weekday() >= 5 else None
    if rel == "next":
        sat = a + timedelta(days=1) + relativedelta(weekday=SA(+1))
    elif rel in ("last", "past"):
        sat = a - timedelta(days=1) + relativedelta(weekday=SU(-1)) - timedelta(days=1)
    else:  # "the weekend", "this weekend": the current one, else by tense
        back = a + relativedelta(weekday=SA(-1))
        ahead = a + relativedelta(weekday=SA(+1))
        sat = current or nearer(a, back, ahead, ctx.tense())  # type: ignore[assignment]
    return days(sat, sat + timedelta(days=1))


@rule(
    "weekday",
    r"\b(?:(?P<rel>last|next|this)\s+)?(?P<wd>" + _WD + r")" + _PART + r"\b(?!-)",
    DAY_PREPS,
)
def _weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.anchor is None or not capitalised(m["wd"]):
        return None
    if not m["rel"] and not ctx.prep and (_named(ctx.before) or _names_follow(ctx.after)):
        return None  # "Black Friday", "Cyber Monday", "Sunday Times"
    wd = weekday_no(m["wd"])
    if wd is None:
        return None
    rel = fold(m["rel"] or "")
    if rel == "last":
        return day(nearest_weekday(ctx.anchor, wd, PAST, strict=True))
    if rel == "next":
        return day(nearest_weekday(ctx.anchor, wd, FUTURE, strict=True))
    return day(nearest_weekday(ctx.anchor, wd, ctx.tense()))


@rule(
    "deictic",
    r"\b(?P<w>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))"
    + _PART
    + r"\b",
    frozenset({"since", "until", "till", "by", "before", "after"}),
)
def _deictic(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.anchor is None:
        return None
    if m["w"][:1].isupper() and not ctx.prep and _named(ctx.before):
        return None  # "USA Today"
    w = m["w"].lower()
    offset = -1 if w.startswith(("yesterday", "last")) else 1 if w == "tomorrow" else 0
    return day(ctx.anchor + timedelta(days=offset))


@rule("ago", r"\b(?P<n>" + _NUM + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", frozenset())
def _ago(m: re.Match[str], ctx: Context) -> Norm | None:
    n = number(m["n"])
    if ctx.anchor is None or n is None:
        return None
    unit = m["unit"].lower()
    if unit == "day":
        return day(ctx.anchor - timedelta(days=n))
    if unit == "week":
        return week_range(ctx.anchor - timedelta(weeks=n))
    if unit == "month":
        d = ctx.anchor - relativedelta(months=n)
        return month(d.year, d.month)
    return year(ctx.anchor.year - n)
