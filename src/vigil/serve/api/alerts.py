"""The caller's organisation's alerts (listed, acknowledged) and who receives them
(subscriptions)."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from vigil.registry import tables as rt
from vigil.registry.db import utcnow
from vigil.serve import tables as st
from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine, audit, require
from vigil.serve.errors import ApiError, not_found

router = APIRouter(prefix="/api/v1")
AL = rt.alerts


def alert_json(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "kind": r["kind"],
        "site": r["site"],
        "level": r["level"],
        "previous_level": r["previous_level"],
        "headline": r["headline"],
        "description": r["description"],
        "lat": r["lat"],
        "lon": r["lon"],
        "radius_km": r["radius_km"],
        "event_id": r["event_id"],
        "created_at": r["created_at"].isoformat(),
        "acknowledged_at": r["ack_at"].isoformat() if r.get("ack_at") else None,
        "acknowledged_by": r.get("ack_by"),
        "note": r.get("note"),
    }


def _alerts_stmt(who) -> sa.Select:
    ack, u = st.alert_acks, st.users
    return (
        sa.select(AL, ack.c.at.label("ack_at"), u.c.email.label("ack_by"), ack.c.note)
        .outerjoin(ack, ack.c.alert_id == AL.c.id)
        .outerjoin(u, u.c.id == ack.c.user_id)
        .where(AL.c.organisation == who.organisation)
    )


@router.get("/alerts", tags=["alerts"], summary="The caller's alerts, newest first")
def list_alerts(
    who: Caller,
    engine: Engine,
    state: Literal["all", "open", "acknowledged"] = "all",
    site: str | None = Query(None, max_length=200),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    stmt = (
        _alerts_stmt(who)
        .where(pg.before(AL.c.id, cursor))
        .order_by(AL.c.id.desc())
        .limit(limit + 1)
    )
    if state == "open":
        stmt = stmt.where(st.alert_acks.c.alert_id.is_(None))
    elif state == "acknowledged":
        stmt = stmt.where(st.alert_acks.c.alert_id.is_not(None))
    if site:
        stmt = stmt.where(sa.func.lower(AL.c.site) == site.lower())
    with engine.connect() as conn:
        items = [alert_json(r) for r in conn.execute(stmt).mappings()]
    return pg.page(items, limit, lambda x: x["id"])


def _own_alert(conn: sa.Connection, who, alert_id: pg.IdPath) -> dict[str, Any]:
    row = conn.execute(_alerts_stmt(who).where(AL.c.id == alert_id)).mappings().first()
    if row is None:
        raise not_found()
    return dict(row)


@router.get("/alerts/{alert_id}", tags=["alerts"])
def get_alert(who: Caller, engine: Engine, alert_id: pg.IdPath) -> dict[str, Any]:
    with engine.connect() as conn:
        row = _own_alert(conn, who, alert_id)
    return {**alert_json(row), "payload": row["payload"]}


class AckIn(BaseModel):
    note: str | None = Field(None, max_length=2000)


@router.post("/alerts/{alert_id}/ack", tags=["alerts"], summary="Acknowledge (analyst, admin)")
def ack_alert(who: Caller, engine: Engine, alert_id: pg.IdPath, body: AckIn | None = None) -> dict:
    with engine.begin() as conn:
        row = _own_alert(conn, who, alert_id)  # 404 before 403: nothing leaks
        require(who, "analyst")
        note = body.note if body else None
        if row["ack_at"] is None:
            conn.execute(
                sa.insert(st.alert_acks).values(
                    alert_id=alert_id, user_id=who.user_id, note=note, at=utcnow()
                )
            )
        elif note is not None:
            conn.execute(
                sa.update(st.alert_acks)
                .where(st.alert_acks.c.alert_id == alert_id)
                .values(note=note)
            )
        audit(conn, who, "acknowledge", "alert", alert_id, note=note)
        row = _own_alert(conn, who, alert_id)
    return alert_json(row)


# ---------------------------------------------------------------- subscriptions
SUB = rt.subscriptions


class SubscriptionIn(BaseModel):
    channel: Literal["webhook", "email"]
    target: str = Field(min_length=3, max_length=1000)
    secret: str | None = Field(None, max_length=500)
    site: str | None = Field(None, max_length=200)


def sub_json(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "channel": r["channel"],
        "target": r["target"],
        "site": r["site"],
        "active": r["active"],
        "created_at": r["created_at"].isoformat(),
    }


def _subs_stmt(who) -> sa.Select:
    return sa.select(SUB).where(SUB.c.organisation_id == who.organisation_id)


@router.get("/subscriptions", tags=["subscriptions"])
def list_subscriptions(
    who: Caller, engine: Engine, limit: int = pg.LimitQuery(), cursor: str | None = pg.CursorQuery()
) -> dict[str, Any]:
    stmt = _subs_stmt(who).where(SUB.c.id > pg.after_id(cursor)).order_by(SUB.c.id).limit(limit + 1)
    with engine.connect() as conn:
        items = [sub_json(r) for r in conn.execute(stmt).mappings()]
    return pg.page(items, limit, lambda x: x["id"])


@router.post("/subscriptions", status_code=201, tags=["subscriptions"])
def create_subscription(who: Caller, engine: Engine, body: SubscriptionIn) -> dict[str, Any]:
    from vigil.alert.outbox import subscribe
    from vigil.net.guard import UnsafeURL

    require(who, "admin")
    if body.site is not None:
        with engine.connect() as conn:
            mine = conn.scalar(
                sa.select(rt.sites.c.id).where(
                    rt.sites.c.organisation_id == who.organisation_id,
                    sa.func.lower(rt.sites.c.name) == body.site.lower(),
                )
            )
        if mine is None:
            raise not_found()
    # unique per organisation: another's identical subscription is not seen, not touched
    try:
        sid = subscribe(
            engine,
            body.channel,
            body.target,
            body.secret,
            body.site,
            organisation=who.organisation,
        )
    except (ValueError, UnsafeURL) as exc:
        raise ApiError(422, str(exc)) from None
    with engine.begin() as conn:
        audit(conn, who, "create", "subscription", sid, channel=body.channel, site=body.site)
        row = conn.execute(_subs_stmt(who).where(SUB.c.id == sid)).mappings().one()
    return sub_json(row)


@router.get("/subscriptions/{sub_id}", tags=["subscriptions"])
def get_subscription(who: Caller, engine: Engine, sub_id: pg.IdPath) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(_subs_stmt(who).where(SUB.c.id == sub_id)).mappings().first()
    if row is None:
        raise not_found()
    return sub_json(row)


@router.delete("/subscriptions/{sub_id}", status_code=204, tags=["subscriptions"])
def delete_subscription(who: Caller, engine: Engine, sub_id: pg.IdPath) -> Response:
    with engine.begin() as conn:
        row = conn.execute(_subs_stmt(who).where(SUB.c.id == sub_id)).first()
        if row is None:
            raise not_found()
        require(who, "admin")
        conn.execute(sa.update(SUB).where(SUB.c.id == sub_id).values(active=False))
        audit(conn, who, "deactivate", "subscription", sub_id)
    return Response(status_code=204)
