"""Canonical events: one row per real-world event, however many reports tell it.

An extracted event joins an existing canonical event when all of these agree
(:func:`compatible`):

- **category**: the same PLOVER category;
- **actors**: when both name actors, at least one is shared (by canonical name, or
  one name containing the other: "Taliban" / "Taliban militants"); an unnamed side
  agrees with anyone;
- **place**: both points within a distance that grows with the coarser precision
  (:data:`PLACE_KM`: 10 km exact ... 150 km for a province), or the same country
  when one is placed only to a country;
- **time**: the day intervals overlap, each widened by its granularity (a day is
  +-1 day; a month or year is the whole month or year; a date taken from the
  publication is the three days up to it).

When place or time is unknown on either side the reports must also be in the same
story: "no contradiction" is not enough evidence across developments.

Each canonical event keeps its reports (``canonical_event_reports``), the
independent-source count (distinct owners, :mod:`vigil.stories.sources`), first-seen
time, and ``figures``: every distinct death toll with who reported it and whom
the report quotes for it ("6 killed" per Reuters citing the ministry; "8 killed"
per the BBC). ``fatalities`` is the highest reported toll.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from vigil.store.rows import parse_day

#: Precision -> how far (km) two reports of one event may place it.
PLACE_KM = {"exact": 10.0, "near": 25.0, "admin": 150.0, "country": math.inf}
PRECISION_RANK = {"exact": 0, "near": 1, "admin": 2, "country": 3}
#: A date taken from the publication: the event can be up to this many days older.
PUBLISHED_SLACK = 3


@dataclass
class Report:
    """One extracted event with what merging needs to know about it."""

    article_id: str
    event_id: str
    category: str
    acled_type: str | None
    actors: list[str]
    recipients: list[str]
    place: str | None
    lat: float | None
    lon: float | None
    country: str | None
    precision: str | None
    lo: date | None
    hi: date | None
    granularity: str | None
    fatalities: int | None
    claimed_by: str | None
    story_id: int
    domain: str
    published: date | None
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _fold(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def interval(when: dict[str, Any] | None, published: date | None) -> tuple[date, date] | None:
    """The days an event can have happened on, from its ``when`` (or publication)."""
    when = when or {}
    value = str(when.get("value") or "")
    if when.get("source") == "published" or not value:
        if published is None:
            return None
        return published - timedelta(days=PUBLISHED_SLACK), published
    parts = value.split("/")
    lo = _bounds(parts[0])
    hi = _bounds(parts[-1])
    if lo is None or hi is None:
        return None
    return lo[0], hi[1]


def _bounds(part: str) -> tuple[date, date] | None:
    day = parse_day(part)
    if day is None:
        return None
    if len(part) == 10:
        return day - timedelta(days=1), day + timedelta(days=1)
    if len(part) == 7:
        last = calendar.monthrange(day.year, day.month)[1]
        return day, day.replace(day=last)
    if len(part) == 4:
        return day, date(day.year, 12, 31)
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def actors_agree(a: list[str], b: list[str]) -> bool:
    fa, fb = {_fold(x) for x in a if x}, {_fold(x) for x in b if x}
    if not fa or not fb:
        return True
    return any(x == y or x in y or y in x for x in fa for y in fb)


def place_agrees(a: dict[str, Any], b: dict[str, Any]) -> bool | None:
    """True/False when both are placed; None when either is not (then: same story only)."""
    pa, pb = a.get("precision") or "exact", b.get("precision") or "exact"
    if "country" in (pa, pb):
        if a.get("country") and b.get("country"):
            return a["country"] == b["country"]
        return None
    if a.get("lat") is None or b.get("lat") is None:
        if a.get("country") and b.get("country") and a["country"] != b["country"]:
            return False
        return None
    tol = max(PLACE_KM.get(pa, 10.0), PLACE_KM.get(pb, 10.0))
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= tol


def time_agrees(
    a: tuple[date | None, date | None], b: tuple[date | None, date | None]
) -> bool | None:
    if None in a or None in b:
        return None
    return a[0] <= b[1] and b[0] <= a[1]  # type: ignore[operator]


def agree(a: dict[str, Any], b: dict[str, Any], same_story: bool) -> bool:
    """Whether two events (``canonical_events`` rows, or a report as such a row) are one:
    category, actors, place and time all agree; with place or time unknown on either
    side, only within one story."""
    if a["category"] != b["category"]:
        return False
    if not actors_agree(a.get("actors") or [], b.get("actors") or []):
        return False
    place = place_agrees(a, b)
    when = time_agrees((a.get("day_lo"), a.get("day_hi")), (b.get("day_lo"), b.get("day_hi")))
    if place is False or when is False:
        return False
    if place is None or when is None:
        return same_story
    return True


def as_row(report: Report) -> dict[str, Any]:
    """The report in the shape of a ``canonical_events`` row (for :func:`agree`)."""
    return {
        "category": report.category,
        "actors": report.actors,
        "lat": report.lat,
        "lon": report.lon,
        "country": report.country,
        "precision": report.precision,
        "day_lo": report.lo,
        "day_hi": report.hi,
    }


def compatible(report: Report, canon: dict[str, Any]) -> bool:
    """Whether ``report`` tells the canonical event ``canon`` (a ``canonical_events`` row)."""
    return agree(as_row(report), canon, report.story_id == canon["story_id"])


def distance(report: Report | dict[str, Any], canon: dict[str, Any]) -> float:
    a = as_row(report) if isinstance(report, Report) else report
    if a.get("lat") is None or canon.get("lat") is None:
        return 1e6
    return haversine_km(a["lat"], a["lon"], canon["lat"], canon["lon"])


def claimed_by(record: dict[str, Any], fatalities: int | None) -> str | None:
    """Whom the article quotes for this death toll (a ``killed`` figure of that value)."""
    if not fatalities:
        return None
    names = {e["id"]: e.get("canonical") for e in record.get("entities") or [] if e.get("id")}
    for q in record.get("quantities") or []:
        if q.get("unit") == "killed" and q.get("value") == fatalities and q.get("claimed_by"):
            ref = q["claimed_by"]
            return names.get(ref.get("entity") or "") or ref.get("name")
    return None


def summary(r: Report) -> str:
    who = ", ".join(r.actors[:2])
    whom = ", ".join(r.recipients[:2])
    text = r.category.lower()
    if who:
        text = f"{who}: {text}"
    if whom:
        text += f" against {whom}"
    if r.place:
        text += f" in {r.place}"
    if r.lo and r.hi:
        text += f" ({r.lo.isoformat()}" + (f"..{r.hi.isoformat()})" if r.hi != r.lo else ")")
    return text


def reports_of(
    record: dict[str, Any], story_id: int, domain: str, published: date | None
) -> list[Report]:
    """The factual events of one stored record as :class:`Report` s."""
    names = {e["id"]: e.get("canonical") for e in record.get("entities") or [] if e.get("id")}

    def refs(items: Any) -> list[str]:
        out = []
        for ref in items or []:
            name = names.get(ref.get("entity") or "") or ref.get("name")
            if name and name not in out:
                out.append(name)
        return out

    out = []
    for ev in record.get("events") or []:
        if ev.get("negated") or ev.get("hypothetical") or not ev.get("category"):
            continue
        where = ev.get("where") or {}
        span = interval(ev.get("when"), published)
        when = ev.get("when") or {}
        r = Report(
            article_id=str(record["id"]),
            event_id=str(ev.get("id")),
            category=str(ev["category"]),
            acled_type=(ev.get("acled") or {}).get("event_type"),
            actors=refs(ev.get("actor")),
            recipients=refs(ev.get("recipient")),
            place=where.get("site") or where.get("name"),
            lat=where.get("lat"),
            lon=where.get("lon"),
            country=where.get("country"),
            precision=where.get("precision") or ("exact" if where.get("lat") is not None else None),
            lo=span[0] if span else None,
            hi=span[1] if span else None,
            granularity=None if when.get("source") == "published" else when.get("granularity"),
            fatalities=ev.get("fatalities"),
            claimed_by=claimed_by(record, ev.get("fatalities")),
            story_id=story_id,
            domain=domain,
            published=published,
        )
        r.summary = summary(r)
        out.append(r)
    return out


def new_canonical(r: Report, owner: str, now: datetime) -> dict[str, Any]:
    return {
        "story_id": r.story_id,
        "category": r.category,
        "acled_type": r.acled_type,
        "actors": list(r.actors),
        "recipients": list(r.recipients),
        "place": r.place,
        "lat": r.lat,
        "lon": r.lon,
        "country": r.country,
        "precision": r.precision,
        "day_lo": r.lo,
        "day_hi": r.hi,
        "granularity": r.granularity,
        "fatalities": r.fatalities,
        "figures": add_figure([], r, owner),
        "summary": r.summary,
        "report_count": 1,
        "source_count": 1,
        "owners": [owner],
        "first_seen": now,
        "first_published": r.published,
        "updated_at": now,
    }


def add_figure(figures: list[dict[str, Any]], r: Report, owner: str) -> list[dict[str, Any]]:
    """Figures with this report's death toll added: one entry per distinct value, each
    with the outlets that reported it and whom they quoted."""
    out = [dict(f, sources=list(f.get("sources") or [])) for f in figures]
    if not r.fatalities:
        return out
    entry = {"article_id": r.article_id, "domain": r.domain, "claimed_by": r.claimed_by}
    for f in out:
        if f.get("about") == "killed" and f.get("value") == r.fatalities:
            if entry not in f["sources"]:
                f["sources"].append(entry)
            return out
    out.append({"about": "killed", "value": r.fatalities, "sources": [entry]})
    out.sort(key=lambda f: (f.get("about") or "", f.get("value") or 0))
    return out


def merged(canon: dict[str, Any], r: Report, owner: str, now: datetime) -> dict[str, Any]:
    """The canonical row's new values after ``r`` joined it (only changed columns)."""
    actors = list(canon.get("actors") or [])
    actors += [a for a in r.actors if _fold(a) not in {_fold(x) for x in actors}]
    recips = list(canon.get("recipients") or [])
    recips += [a for a in r.recipients if _fold(a) not in {_fold(x) for x in recips}]
    owners = sorted(set(canon.get("owners") or []) | {owner})
    upd: dict[str, Any] = {
        "actors": actors,
        "recipients": recips,
        "owners": owners,
        "source_count": len(owners),
        "report_count": int(canon.get("report_count") or 0) + 1,
        "figures": add_figure(canon.get("figures") or [], r, owner),
        "updated_at": now,
    }
    if r.fatalities and r.fatalities > (canon.get("fatalities") or 0):
        upd["fatalities"] = r.fatalities
    rank = PRECISION_RANK.get(r.precision or "", 9)
    if r.lat is not None and rank < PRECISION_RANK.get(canon.get("precision") or "", 9):
        upd.update(place=r.place, lat=r.lat, lon=r.lon, country=r.country, precision=r.precision)
    if r.lo and r.hi:
        lo, hi = canon.get("day_lo"), canon.get("day_hi")
        if lo is None or hi is None:
            upd.update(day_lo=r.lo, day_hi=r.hi, granularity=r.granularity)
        elif r.granularity and max(lo, r.lo) <= min(hi, r.hi):
            upd.update(day_lo=max(lo, r.lo), day_hi=min(hi, r.hi))  # narrowest agreed span
    if r.published and (
        canon.get("first_published") is None or r.published < canon["first_published"]
    ):
        upd["first_published"] = r.published
    return upd


def folded(keep: dict[str, Any], gone: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The row ``keep``'s new values when the canonical event ``gone`` (the same event,
    found so when their stories merged) is folded into it: place, time, actors and the
    highest toll as if ``gone`` had been one more report (:func:`merged`); reports,
    owners (so the independent-source count), figures and first seen united."""
    as_report = Report(
        article_id="",
        event_id="",
        category=gone["category"],
        acled_type=gone.get("acled_type"),
        actors=list(gone.get("actors") or []),
        recipients=list(gone.get("recipients") or []),
        place=gone.get("place"),
        lat=gone.get("lat"),
        lon=gone.get("lon"),
        country=gone.get("country"),
        precision=gone.get("precision"),
        lo=gone.get("day_lo"),
        hi=gone.get("day_hi"),
        granularity=gone.get("granularity"),
        fatalities=gone.get("fatalities"),
        claimed_by=None,
        story_id=keep["story_id"],
        domain="",
        published=gone.get("first_published"),
    )
    upd = merged(keep, as_report, "", now)
    owners = sorted(set(keep.get("owners") or []) | set(gone.get("owners") or []))
    figures = [dict(f, sources=list(f.get("sources") or [])) for f in keep.get("figures") or []]
    for f in gone.get("figures") or []:
        same = next(
            (
                x
                for x in figures
                if (x.get("about"), x.get("value")) == (f.get("about"), f.get("value"))
            ),
            None,
        )
        if same is None:
            figures.append(dict(f, sources=list(f.get("sources") or [])))
        else:
            same["sources"] += [s for s in f.get("sources") or [] if s not in same["sources"]]
    figures.sort(key=lambda f: (f.get("about") or "", f.get("value") or 0))
    upd.update(
        owners=owners,
        source_count=len(owners),
        report_count=int(keep.get("report_count") or 0) + int(gone.get("report_count") or 0),
        figures=figures,
        first_seen=min(keep["first_seen"], gone["first_seen"]),
        acled_type=keep.get("acled_type") or gone.get("acled_type"),
    )
    return upd
