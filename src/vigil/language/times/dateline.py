"""The day a report's dateline gives, read from its title line and first lines.

A page that carries no publication date in its metadata often prints one at its
top: "Updated: November 11, 2011 20:09 IST", "First Posted: 10/25/11 06:44 PM ET",
"Article posted on 08.07.2012", "On Tue, 16/08/2011 - 13:42". The time grammar
(:mod:`vigil.language.times.grammar`) reads dates written in words anywhere in
a text, but deliberately not all-numeric ones: in running text "3/4" is a
fraction and "20-13" a score. At the top of a report, a numeric date with a
four- or two-digit year is the dateline, so it is read here and only here.

Which part is the month: slashes follow the American order (month/day/year)
and dots the European one (day.month.year), unless a part above 12 settles it.
A two-digit year is 20YY up to 69 and 19YY from 70.
"""

from __future__ import annotations

import re
from datetime import date

from vigil.language.times.calendar import MONTHS, safe_date

#: How far into the text a date still reads as the report's dateline.
DATELINE_CHARS = 250

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_WORDED = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_WORDS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORDS})\.?,?\s+(?P<y2>(?:19|20)\d\d))\b",
    re.I,
)
# Separators may carry spaces ("12 / 23 / 12": tokenised text); the year has two or
# four digits and no digit may follow it (a longer number is no date).
_NUMERIC = re.compile(
    r"(?<![\d./-])(?P<a>\d{1,2})\s?(?P<sep>[/.])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d])(?!\s?(?P=sep)\s?\d)"
)


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _numeric(m: re.Match[str]) -> date | None:
    a, b, y = int(m.group("a")), int(m.group("b")), _year(m.group("y"))
    month, day = (a, b) if m.group("sep") == "/" else (b, a)
    if month > 12 >= day:
        month, day = day, month
    return safe_date(y, month, day)


def _worded(m: re.Match[str]) -> date | None:
    month = MONTHS.get((m.group("m1") or m.group("m2")).casefold().rstrip("."))
    if month is None:
        return None
    return safe_date(
        int(m.group("y1") or m.group("y2")), month, int(m.group("d1") or m.group("d2"))
    )


def dateline_day(title: str | None, text: str | None, limit: int = DATELINE_CHARS) -> date | None:
    """The first date the title line gives, else the first one within ``limit``
    characters of the text; a date in words before a numeric one at the same place."""
    for part in (title or "", (text or "")[:limit]):
        found = [(m.start(), _worded(m)) for m in _WORDED.finditer(part)]
        found += [(m.start(), _numeric(m)) for m in _NUMERIC.finditer(part)]
        days = [d for _, d in sorted(found, key=lambda t: t[0]) if d is not None]
        if days:
            return days[0]
    return None
