"""What every route needs: the caller (set by the gate), the engine, role checks, audit."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from vigil.registry.db import utcnow
from vigil.serve import tables as st
from vigil.serve.accounts import Principal
from vigil.serve.errors import ApiError

#: Declared so the OpenAPI schema says how to authenticate; the gate does the checking.
bearer = HTTPBearer(auto_error=False, description="`vigil tokens create EMAIL`")


async def caller(request: Request, _b: Any = Depends(bearer)) -> Principal:
    """Async on purpose: no I/O here, so no trip through the thread pool."""
    principal = request.scope.get("state", {}).get("principal")
    if principal is None:  # the gate lets no such request through; defence in depth
        raise ApiError(401, "authentication required")
    return principal


async def engine(request: Request) -> sa.Engine:
    return request.app.state.engine


Caller = Annotated[Principal, Depends(caller)]
Engine = Annotated[sa.Engine, Depends(engine)]


def require(principal: Principal, role: str) -> None:
    if not principal.can(role):
        raise ApiError(403, f"needs the {role} role")


def audit(
    conn: sa.Connection,
    who: Principal,
    action: str,
    object_type: str,
    object_id: Any = None,
    **detail: Any,
) -> None:
    """Record a write in the caller's organisation's audit log (same transaction)."""
    conn.execute(
        sa.insert(st.audit_log).values(
            organisation_id=who.organisation_id,
            user_id=who.user_id,
            actor=who.email,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id)[:200],
            detail=detail,
            at=utcnow(),
        )
    )
