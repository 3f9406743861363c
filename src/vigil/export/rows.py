"""The stored ACLED-typed events as rows in ACLED's export columns.

Each event's ACLED row is read as the store keeps it (``events.acled``, the
``acled`` stage's output); an event stored before that stage existed has only
its type there, and its place, point and fatalities come from the event's own
columns. ``source`` is the article's source and ``notes`` the event's evidence
sentences: what ACLED's coders summarise in their note.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from vigil.places.gazetteer import haversine_km
from vigil.records import ACLED_ROW_KEYS
from vigil.registry.model import RegisteredSite
from vigil.store import Store
from vigil.store.models import Article, EventRow

#: ACLED's export columns, in ACLED's order (what existing ACLED tooling reads).
COLUMNS: tuple[str, ...] = ("event_date", *ACLED_ROW_KEYS[:-1], "source", "notes", "fatalities")
INT_COLUMNS = frozenset({"inter1", "inter2", "interaction", "geo_precision", "fatalities"})
FLOAT_COLUMNS = frozenset({"latitude", "longitude"})


def export_rows(
    store: Store, since: date | None = None, site: RegisteredSite | None = None
) -> list[dict[str, Any]]:
    """Every stored factual ACLED-typed event (day >= ``since``; within ``site``'s radius),
    oldest first, as a dict of :data:`COLUMNS` plus ``article_id``, ``event_id`` and ``url``."""
    stmt = (
        sa.select(EventRow, Article.source, Article.url)
        .join(Article, Article.id == EventRow.article_id)
        .where(EventRow.acled_type.is_not(None))
        .where(EventRow.negated.is_(False), EventRow.hypothetical.is_(False))
    )
    if since is not None:
        stmt = stmt.where(EventRow.day >= since)
    stmt = stmt.order_by(EventRow.day, EventRow.article_id, EventRow.event_id)
    out: list[dict[str, Any]] = []
    with store.session() as s:
        for ev, source, url in s.execute(stmt):
            row = to_row(ev, source)
            if site is not None and not _inside(row, site):
                continue
            row.update(article_id=ev.article_id, event_id=ev.event_id, url=url)
            out.append(row)
    return out


def to_row(ev: EventRow, source: str | None) -> dict[str, Any]:
    """One event in :data:`COLUMNS` (ints and floats typed; empty text as "")."""
    acled: dict[str, Any] = dict(ev.acled or {})
    fallback = {
        "event_type": ev.acled_type,
        "sub_event_type": ev.acled_subtype,
        "location": ev.place,
        "latitude": ev.lat,
        "longitude": ev.lon,
        "fatalities": ev.fatalities,
    }
    for key, value in fallback.items():
        if acled.get(key) in (None, ""):
            acled[key] = value
    notes = " ".join(str(e.get("text", "")).strip() for e in ev.evidence or [] if e)
    row: dict[str, Any] = {
        "event_date": ev.day.isoformat() if ev.day else "",
        "source": source or "",
        "notes": notes,
    }
    for col in COLUMNS:
        if col in row:
            continue
        value = acled.get(col)
        if col in INT_COLUMNS:
            row[col] = _as_int(value)
        elif col in FLOAT_COLUMNS:
            row[col] = _as_float(value)
        else:
            row[col] = "" if value is None else str(value)
    return {c: row[c] for c in COLUMNS}


def _inside(row: dict[str, Any], site: RegisteredSite) -> bool:
    lat, lon = row["latitude"], row["longitude"]
    if lat is None or lon is None:
        return False
    return haversine_km(site.lat, site.lon, lat, lon) <= site.radius_km


def _as_int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _as_float(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if out == out else None  # NaN is no coordinate
