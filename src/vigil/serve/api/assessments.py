"""The caller's organisation's assessments: computed now (from the cache), and as stored."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response

from vigil.registry import tables as rt
from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine
from vigil.serve.errors import ApiError

router = APIRouter(prefix="/api/v1")
A = rt.assessments


@router.get(
    "/assessments",
    tags=["assessments"],
    summary="Every site and presence assessed now or at a date",
    description="Computed once per state of the data (articles, stories, your sites, the "
    "weights) and then served from memory; the `X-Assessed-At` header says when.",
)
def assessments(
    who: Caller,
    engine: Engine,
    request: Request,
    response: Response,
    at: date | None = Query(None, description="As of this date (default today)."),
    site: str | None = Query(None, max_length=200),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    if at is not None and not date(1900, 1, 1) <= at <= date(2200, 1, 1):
        raise ApiError(422, "at: out of range")
    when = at or datetime.now(UTC).date()
    start = pg.after_id(cursor)
    computed_at, results = request.app.state.assessments.get(engine, who.organisation, when, site)
    response.headers["x-assessed-at"] = computed_at.isoformat() + "Z"
    items = results[start : start + limit]
    more = start + limit < len(results)
    return {"items": items, "cursor": pg.encode(start + limit) if more else None}


@router.get("/assessments/history", tags=["assessments"], summary="Stored assessments")
def assessment_history(
    who: Caller,
    engine: Engine,
    since: datetime | None = None,
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    stmt = (
        sa.select(A.c.id, A.c.subject_type, A.c.subject, A.c.at, A.c.level, A.c.score, A.c.posture)
        .where(A.c.organisation == who.organisation, pg.before(A.c.id, cursor))
        .order_by(A.c.id.desc())
        .limit(limit + 1)
    )
    if since:
        stmt = stmt.where(A.c.at >= since.replace(tzinfo=None))
    with engine.connect() as conn:
        items = [{**r, "at": r["at"].isoformat()} for r in conn.execute(stmt).mappings()]
    return pg.page(items, limit, lambda x: x["id"])
