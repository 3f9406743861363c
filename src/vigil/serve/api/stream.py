"""Server-sent events: new assessments and alerts of the caller's organisation, live.

Each connection polls the database (``poll_s``) for rows newer than the last it
sent, filtered by the caller's organisation in SQL, so another organisation's
rows never reach the stream. ``Last-Event-ID`` (``a<id>`` / ``s<id>``) resumes.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import sqlalchemy as sa
from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from vigil.registry import tables as rt
from vigil.serve.deps import Caller, Engine

router = APIRouter(prefix="/api/v1", tags=["stream"])
A, AL = rt.assessments, rt.alerts


def _max_ids(engine: sa.Engine, org: str) -> tuple[int, int]:
    with engine.connect() as conn:
        a = conn.scalar(sa.select(sa.func.max(A.c.id)).where(A.c.organisation == org)) or 0
        al = conn.scalar(sa.select(sa.func.max(AL.c.id)).where(AL.c.organisation == org)) or 0
    return a, al


def _new_rows(engine: sa.Engine, org: str, after_a: int, after_al: int) -> list[dict[str, Any]]:
    out = []
    with engine.connect() as conn:
        for r in conn.execute(
            sa.select(
                A.c.id, A.c.subject_type, A.c.subject, A.c.at, A.c.level, A.c.posture, A.c.score
            )
            .where(A.c.organisation == org, A.c.id > after_a)
            .order_by(A.c.id)
            .limit(500)
        ).mappings():
            out.append(
                {
                    "event": "assessment",
                    "id": f"s{r['id']}",
                    "data": {**r, "at": r["at"].isoformat()},
                }
            )
        for r in conn.execute(
            sa.select(
                AL.c.id,
                AL.c.kind,
                AL.c.site,
                AL.c.level,
                AL.c.previous_level,
                AL.c.headline,
                AL.c.lat,
                AL.c.lon,
                AL.c.created_at,
            )
            .where(AL.c.organisation == org, AL.c.id > after_al)
            .order_by(AL.c.id)
            .limit(500)
        ).mappings():
            out.append(
                {
                    "event": "alert",
                    "id": f"a{r['id']}",
                    "data": {**r, "created_at": r["created_at"].isoformat()},
                }
            )
    return out


@router.get("/stream", summary="Server-sent events: new assessments and alerts (yours only)")
async def stream(who: Caller, engine: Engine, request: Request) -> EventSourceResponse:
    poll_s = request.app.state.poll_s
    org = who.organisation
    last_a, last_al = await anyio.to_thread.run_sync(_max_ids, engine, org)

    async def events():
        nonlocal last_a, last_al
        yield {"event": "ready", "data": json.dumps({"organisation": org})}
        while True:
            if await request.is_disconnected():
                return
            rows = await anyio.to_thread.run_sync(_new_rows, engine, org, last_a, last_al)
            for row in rows:
                n = int(row["id"][1:])
                if row["event"] == "assessment":
                    last_a = max(last_a, n)
                else:
                    last_al = max(last_al, n)
                yield {"event": row["event"], "id": row["id"], "data": json.dumps(row["data"])}
            await anyio.sleep(poll_s)

    return EventSourceResponse(events(), ping=15)
