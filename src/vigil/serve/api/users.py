"""Who is calling (``/session``), and the organisation's users and audit log (admin only)."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from vigil.registry import tables as rt
from vigil.registry.db import utcnow
from vigil.serve import tables as st
from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine, audit, require
from vigil.serve.errors import ApiError, not_found

router = APIRouter(prefix="/api/v1")


@router.get("/session", tags=["session"], summary="Who is calling (and the CSRF token)")
def session_info(who: Caller) -> dict[str, Any]:
    return {
        "email": who.email,
        "role": who.role,
        "organisation": who.organisation,
        "via": who.via,
        "csrf": who.csrf,
    }


class UserIn(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    role: Literal["viewer", "analyst", "admin"] = "viewer"
    password: str | None = Field(None, min_length=8, max_length=200)


def _user_json(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "email": r["email"],
        "role": r["role"],
        "disabled": r["disabled_at"] is not None,
    }


@router.get("/users", tags=["users"], summary="The organisation's users (admin)")
def list_users(
    who: Caller, engine: Engine, limit: int = pg.LimitQuery(), cursor: str | None = pg.CursorQuery()
) -> dict[str, Any]:
    require(who, "admin")
    stmt = pg.org_page_stmt(st.users, who.organisation_id, cursor, limit)
    with engine.connect() as conn:
        items = [_user_json(r) for r in conn.execute(stmt).mappings()]
    return pg.page(items, limit, lambda x: x["id"])


@router.post("/users", status_code=201, tags=["users"], summary="Add a user (admin)")
def create_user(who: Caller, engine: Engine, body: UserIn) -> dict[str, Any]:
    from vigil.serve.auth.accounts import AccountError, Actor, add_user

    require(who, "admin")
    try:
        uid = add_user(
            engine,
            body.email,
            who.organisation,
            body.role,
            body.password,
            actor=Actor(who.email, who.user_id),
        )
    except AccountError as exc:
        # e-mail addresses are login names, unique across organisations (see add_user)
        raise ApiError(409 if "exists" in str(exc) else 422, str(exc)) from None
    with engine.connect() as conn:
        row = conn.execute(sa.select(st.users).where(st.users.c.id == uid)).mappings().one()
    return _user_json(row)


@router.delete("/users/{user_id}", status_code=204, tags=["users"], summary="Disable a user")
def disable_user(who: Caller, engine: Engine, user_id: pg.IdPath) -> Response:
    u = st.users
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(u.c.id).where(u.c.id == user_id, u.c.organisation_id == who.organisation_id)
        ).first()
        if row is None:
            raise not_found()
        require(who, "admin")
        conn.execute(sa.update(u).where(u.c.id == user_id).values(disabled_at=utcnow()))
        audit(conn, who, "disable", "user", user_id)
    return Response(status_code=204)


@router.get("/audit", tags=["audit"], summary="The organisation's audit log (admin)")
def audit_log(
    who: Caller, engine: Engine, limit: int = pg.LimitQuery(), cursor: str | None = pg.CursorQuery()
) -> dict[str, Any]:
    require(who, "admin")
    a = rt.audit_log
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(a)
            .where(a.c.organisation_id == who.organisation_id, pg.before(a.c.id, cursor))
            .order_by(a.c.id.desc())
            .limit(limit + 1)
        ).mappings()
        items = [
            {
                "id": r["id"],
                "actor": r["actor"],
                "action": r["action"],
                "object_type": r["object_type"],
                "object_id": r["object_id"],
                "detail": r["detail"],
                "at": r["at"].isoformat(),
            }
            for r in rows
        ]
    return pg.page(items, limit, lambda x: x["id"])
