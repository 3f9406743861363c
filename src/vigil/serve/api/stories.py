"""Stories and their canonical events: public news, shared by every organisation.

A story groups the reports of one development; its canonical events are the
incidents those reports describe, each counted once, with how many reports and
independent sources carry it, when it was first seen, and the figures the
sources give (``disputed`` when they disagree on the dead). Everything here is
built from articles, which every organisation sees alike: no site, presence,
assessment or alert (nothing one organisation owns) is read or shown.

A story merged into another (an arriving report showed a splinter story to be
the same development as an older one) is not listed any more, but its id still
answers: ``GET /stories/7`` for a story merged into 3 answers 200 with story 3
(``id`` 3, ``merged`` listing ``s7``) and ``Content-Location: /api/v1/stories/3``,
so a client holding the old id gets the development it asked about and learns its
id now, without having to follow a redirect.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Response

from vigil.serve.api import pagination as pg
from vigil.serve.deps import Caller, Engine
from vigil.serve.errors import ApiError, not_found
from vigil.stories import read
from vigil.stories import tables as t

router = APIRouter(prefix="/api/v1", tags=["stories"])


def _summary(story: dict[str, Any], number: int) -> dict[str, Any]:
    events = story["events"]
    return {
        "id": number,
        "public_id": story["id"],
        "title": story["title"],
        "first_seen": story["first_seen"],
        "first_published": story["first_published"],
        "last_published": story["last_published"],
        "article_count": len(story["articles"]),
        "source_count": story["source_count"],
        "merged": story.get("merged") or [],
        "split_from": story.get("split_from"),
        "split_into": story.get("split_into") or [],
        "event_count": len(events),
        "disputed": any(e["disputed"] for e in events),
    }


@router.get("/stories", summary="Stories, the most recently started first")
def list_stories(
    _who: Caller,
    engine: Engine,
    since: date | None = Query(
        None, description="Only stories with a report published on or after this day."
    ),
    limit: int = pg.LimitQuery(),
    cursor: str | None = pg.CursorQuery(),
) -> dict[str, Any]:
    if since is not None and not date(1, 1, 2) <= since <= date(9999, 12, 30):
        raise ApiError(422, "since: out of range")
    s = t.stories
    stmt = (
        sa.select(s.c.id)
        .where(pg.before(s.c.id, cursor), s.c.merged_into.is_(None))
        .order_by(s.c.id.desc())
    )
    if since:
        stmt = stmt.where(
            sa.or_(
                s.c.last_published >= since,
                sa.and_(s.c.last_published.is_(None), s.c.updated_at >= since),
            )
        )
    with engine.connect() as conn:
        ids = list(conn.scalars(stmt.limit(limit + 1)))
    more = len(ids) > limit
    ids = ids[:limit]
    by_id = {read.story_number(x["id"]): x for x in read.stories(engine, story_ids=ids)}
    items = [_summary(by_id[i], i) for i in ids if i in by_id]
    return {"items": items, "cursor": pg.encode(ids[-1]) if more and ids else None}


@router.get(
    "/stories/{story_id}",
    summary="A story: its articles and canonical events with sources",
    description=(
        "A story merged into another answers with the story it was merged into "
        "(its `id`; the old id is in `merged`), with a `Content-Location` header naming it."
    ),
)
def get_story(
    _who: Caller, engine: Engine, story_id: pg.IdPath, response: Response
) -> dict[str, Any]:
    live = read.resolve(engine, story_id)
    found = [] if live is None else read.stories(engine, story_ids=[live])
    if live is None or not found:
        raise not_found()
    if live != story_id:
        response.headers["Content-Location"] = f"{router.prefix}/stories/{live}"
    story = found[0]
    return {**_summary(story, live), "articles": story["articles"], "events": story["events"]}
