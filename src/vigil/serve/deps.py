"""What every route needs: the caller (set by the gate), the engine, role checks, audit."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from vigil.registry.audit import record
from vigil.serve.auth.accounts import Principal
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
    record(
        conn,
        who.organisation_id,
        who.email,
        action,
        object_type,
        object_id,
        user_id=who.user_id,
        **detail,
    )
