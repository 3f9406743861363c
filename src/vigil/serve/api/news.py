"""Public news, shared by every organisation: articles, events, quotes, conflicts
(stories: ``stories``).

Only the ``site`` filter of events touches an organisation's data: it must be one of
the caller's sites (another's answers 404 as a missing one).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Query

from vigil.places.gazetteer import haversine_km
from vigil.registry import tables as rt
from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine
from vigil.serve.errors import ApiError, not_found
from vigil.store.models import Article, EntityRow, EventRow, PlaceRow, QuoteRow

router = APIRouter(prefix="/api/v1")
E = EventRow.__table__
ART = Article.__table__


def DateQuery():  # noqa: N802 - one Query object per parameter (FastAPI needs that)
    return Query(None, description="YYYY-MM-DD")


def _date_ok(*days: date | None) -> None:
    for d in days:
        if d is not None and not date(1, 1, 2) <= d <= date(9999, 12, 30):
            raise ApiError(422, "date out of range")


def _key2(cursor: str | None) -> tuple[str, str] | None:
    value = pg.decode(cursor)
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ApiError(400, "bad cursor")
    return value[0], value[1]


@router.get("/articles", tags=["articles"], summary="Search stored articles")
def search_articles(
    _who: Caller,
    engine: Engine,
    q: str | None = Query(None, max_length=200, description="Words, all must occur."),
    since: date | None = DateQuery(),
    until: date | None = DateQuery(),
    place: str | None = Query(None, max_length=200),
    entity: str | None = Query(None, max_length=200),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    _date_ok(since, until)
    after = pg.decode(cursor, "")
    if not isinstance(after, str):
        raise ApiError(400, "bad cursor")
    stmt = sa.select(ART.c.id, ART.c.title, ART.c.url, ART.c.published, ART.c.source).where(
        ART.c.id > after
    )
    for word in (q or "").split()[:10]:
        w = word.lower()
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(ART.c.title).contains(w, autoescape=True),
                sa.func.lower(ART.c.text).contains(w, autoescape=True),
            )
        )
    if since:
        stmt = stmt.where(ART.c.published >= since)
    if until:
        stmt = stmt.where(ART.c.published <= until)
    if place:
        p = PlaceRow.__table__
        stmt = stmt.where(
            sa.exists().where(
                p.c.article_id == ART.c.id,
                sa.or_(
                    sa.func.lower(p.c.name) == place.lower(),
                    sa.func.lower(p.c.text) == place.lower(),
                ),
            )
        )
    if entity:
        en = EntityRow.__table__
        stmt = stmt.where(
            sa.exists().where(
                en.c.article_id == ART.c.id,
                sa.func.lower(en.c.canonical).contains(entity.lower(), autoescape=True),
            )
        )
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(ART.c.id).limit(limit + 1)).mappings()
        items = [
            {**r, "published": r["published"].isoformat() if r["published"] else None} for r in rows
        ]
    return pg.page(items, limit, lambda x: x["id"])


@router.get("/articles/{article_id}", tags=["articles"], summary="An article and its record")
def get_article(_who: Caller, engine: Engine, article_id: str) -> dict[str, Any]:
    if len(article_id) > 64:
        raise not_found()
    with engine.connect() as conn:
        row = conn.execute(sa.select(ART).where(ART.c.id == article_id)).mappings().first()
    if row is None:
        raise not_found()
    return {
        "id": row["id"],
        "title": row["title"],
        "url": row["url"],
        "source": row["source"],
        "published": row["published"].isoformat() if row["published"] else None,
        "text": row["text"],
        "record": row["record"],
    }


def event_json(r: Any) -> dict[str, Any]:
    return {
        "article_id": r["article_id"],
        "event_id": r["event_id"],
        "category": r["category"],
        "mode": r["mode"],
        "negated": r["negated"],
        "hypothetical": r["hypothetical"],
        "actors": r["actors"],
        "recipients": r["recipients"],
        "place": r["place"],
        "lat": r["lat"],
        "lon": r["lon"],
        "country": r["country"],
        "precision": r["precision"],
        "day": r["day"].isoformat() if r["day"] else None,
        "fatalities": r["fatalities"],
        "acled_type": r["acled_type"],
        "acled_subtype": r["acled_subtype"],
        "evidence": r["evidence"],
        "confidence": r["confidence"],
    }


@router.get("/events", tags=["events"], summary="Events by place, time, category or site")
def list_events(
    who: Caller,
    engine: Engine,
    bbox: str | None = Query(None, max_length=200, description="min_lon,min_lat,max_lon,max_lat"),
    lat: float | None = Query(None, ge=-90, le=90),
    lon: float | None = Query(None, ge=-180, le=180),
    radius_km: float | None = Query(None, gt=0, le=20000),
    since: date | None = DateQuery(),
    until: date | None = DateQuery(),
    category: str | None = Query(None, max_length=32, description="PLOVER category"),
    acled_type: str | None = Query(None, max_length=64),
    site: int | None = Query(
        None, ge=0, le=pg.MAX_ID, description="One of your sites (id): events in its radius"
    ),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    _date_ok(since, until)
    stmt = sa.select(E)
    if site is not None:
        with engine.connect() as conn:
            s = (
                conn.execute(
                    sa.select(rt.sites).where(
                        rt.sites.c.id == site, rt.sites.c.organisation_id == who.organisation_id
                    )
                )
                .mappings()
                .first()
            )
        if s is None:
            raise not_found()
        lat, lon, radius_km = s["lat"], s["lon"], s["radius_km"]
    circle = None
    if radius_km is not None or lat is not None or lon is not None:
        if None in (lat, lon, radius_km):
            raise ApiError(422, "a radius needs lat, lon and radius_km")
        circle = (lat, lon, radius_km)
        dlat = radius_km / 111.0
        dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(lat))))
        stmt = stmt.where(E.c.lat.between(lat - dlat, lat + dlat))
        if lon - dlon >= -180 and lon + dlon <= 180:  # else the exact test alone decides
            stmt = stmt.where(E.c.lon.between(lon - dlon, lon + dlon))
    if bbox:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError:
            raise ApiError(422, "bbox: four numbers min_lon,min_lat,max_lon,max_lat") from None
        if not all(map(math.isfinite, (x0, y0, x1, y1))) or x0 > x1 or y0 > y1:
            raise ApiError(422, "bbox: min_lon,min_lat,max_lon,max_lat with min <= max")
        stmt = stmt.where(E.c.lon.between(x0, x1), E.c.lat.between(y0, y1))
    if since:
        stmt = stmt.where(E.c.day >= since)
    if until:
        stmt = stmt.where(E.c.day <= until)
    if category:
        stmt = stmt.where(E.c.category == category.upper())
    if acled_type:
        stmt = stmt.where(sa.func.lower(E.c.acled_type) == acled_type.lower())
    key = _key2(cursor)
    items: list[dict[str, Any]] = []
    with engine.connect() as conn:
        while len(items) <= limit:
            batch_stmt = stmt
            if key:
                batch_stmt = batch_stmt.where(sa.tuple_(E.c.article_id, E.c.event_id) > key)
            batch = list(
                conn.execute(
                    batch_stmt.order_by(E.c.article_id, E.c.event_id).limit(2 * limit + 2)
                ).mappings()
            )
            for r in batch:
                if circle and haversine_km(circle[0], circle[1], r["lat"], r["lon"]) > circle[2]:
                    continue
                items.append(event_json(r))
                if len(items) > limit:
                    break
            if len(batch) < 2 * limit + 2:
                break
            key = (batch[-1]["article_id"], batch[-1]["event_id"])
    return pg.page(items, limit, lambda x: [x["article_id"], x["event_id"]])


@router.get("/quotes", tags=["quotes"], summary="The quote ledger")
def quotes(
    _who: Caller,
    engine: Engine,
    speaker: str | None = Query(None, max_length=200),
    since: date | None = DateQuery(),
    until: date | None = DateQuery(),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    _date_ok(since, until)
    qt = QuoteRow.__table__
    stmt = sa.select(qt).where(qt.c.id > pg.after_id(cursor))
    if speaker:
        stmt = stmt.where(sa.func.lower(qt.c.speaker).contains(speaker.lower(), autoescape=True))
    if since:
        stmt = stmt.where(qt.c.published >= since)
    if until:
        stmt = stmt.where(qt.c.published <= until)
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(qt.c.id).limit(limit + 1)).mappings()
        items = [
            {
                "id": r["id"],
                "article_id": r["article_id"],
                "speaker": r["speaker"],
                "speaker_text": r["speaker_text"],
                "kind": r["kind"],
                "cue": r["cue"],
                "text": r["text"],
                "published": r["published"].isoformat() if r["published"] else None,
            }
            for r in rows
        ]
    return pg.page(items, limit, lambda x: x["id"])


@router.get("/conflicts", tags=["conflicts"], summary="Figures that disagree")
def conflicts(
    _who: Caller,
    engine: Engine,
    since: date | None = DateQuery(),
    until: date | None = DateQuery(),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    from vigil.language.quantities.conflicts import cross_document_conflicts
    from vigil.records import to_dict
    from vigil.store import Store

    _date_ok(since, until)
    records = [a.record for a in Store(engine).iter_articles(since, until)]
    within = [
        {**c, "scope": "within", "article": r.get("id"), "published": r.get("published")}
        for r in records
        for c in r.get("conflicts") or []
    ]
    across = [{**c, "scope": "across"} for c in to_dict(cross_document_conflicts(records))]
    everything = within + across
    start = pg.after_id(cursor)
    more = start + limit < len(everything)
    return {
        "items": everything[start : start + limit],
        "cursor": pg.encode(start + limit) if more else None,
    }
