"""The feeds the caller's organisation's watch follows."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine, audit, require
from vigil.serve.errors import ApiError, not_found

router = APIRouter(prefix="/api/v1")


class FeedIn(BaseModel):
    url: str = Field(min_length=8, max_length=2000)
    name: str | None = Field(None, max_length=200)
    every_s: int = Field(300, ge=60, le=7 * 86400)


def feed_json(f: Any) -> dict[str, Any]:
    return {
        "id": f.id,
        "url": f.url,
        "name": f.name,
        "every_s": f.every_s,
        "last_polled_at": f.last_polled_at.isoformat() if f.last_polled_at else None,
        "last_status": f.last_status,
        "errors": f.errors,
        "items": f.items,
    }


def _own_feed(engine: sa.Engine, who, feed_id: pg.IdPath):
    from vigil.watch.feeds import list_feeds

    for f in list_feeds(engine, who.organisation):
        if f.id == feed_id:
            return f
    raise not_found()


@router.get("/feeds", tags=["feeds"])
def list_feeds_(
    who: Caller, engine: Engine, limit: int = pg.LimitQuery(), cursor: str | None = pg.CursorQuery()
) -> dict[str, Any]:
    from vigil.watch.feeds import list_feeds

    start = pg.after_id(cursor)
    feeds = [f for f in list_feeds(engine, who.organisation) if f.id > start]
    feeds.sort(key=lambda f: f.id)
    return pg.page([feed_json(f) for f in feeds[: limit + 1]], limit, lambda x: x["id"])


@router.post("/feeds", status_code=201, tags=["feeds"])
def add_feed_(who: Caller, engine: Engine, body: FeedIn) -> dict[str, Any]:
    from vigil.net.guard import UnsafeURL
    from vigil.watch.feeds import add_feed

    require(who, "admin")
    try:
        feed, new = add_feed(
            engine, body.url, organisation=who.organisation, name=body.name, every_s=body.every_s
        )
    except (UnsafeURL, ValueError) as exc:
        raise ApiError(422, str(exc)) from None
    with engine.begin() as conn:
        audit(conn, who, "create" if new else "update", "feed", feed.id, url=feed.url)
    return feed_json(feed)


@router.get("/feeds/{feed_id}", tags=["feeds"])
def get_feed_(who: Caller, engine: Engine, feed_id: pg.IdPath) -> dict[str, Any]:
    return feed_json(_own_feed(engine, who, feed_id))


@router.delete("/feeds/{feed_id}", status_code=204, tags=["feeds"])
def delete_feed(who: Caller, engine: Engine, feed_id: pg.IdPath) -> Response:
    from vigil.watch.feeds import remove_feed

    _own_feed(engine, who, feed_id)
    require(who, "admin")
    remove_feed(engine, str(feed_id), who.organisation)
    with engine.begin() as conn:
        audit(conn, who, "delete", "feed", feed_id)
    return Response(status_code=204)
