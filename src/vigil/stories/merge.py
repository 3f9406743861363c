"""Merging stories on the store: what happens when an arriving report bridges a splinter.

:func:`merge_stories` runs in the assignment's transaction
(:mod:`vigil.stories.update`) once :mod:`vigil.stories.online` decided that the
stories ``gone`` are the same development as ``keep`` (the oldest):

- their articles move to ``keep``; the counts, first seen and published range add up;
- each merged story keeps its row with ``merged_into = keep`` and nothing else in it,
  so its id still resolves (``vigil show s7``, ``/api/v1/stories/7``) and is never
  given to another story; stories merged into a merged story are re-pointed, so
  ``merged_into`` is always one step to a live story;
- their canonical events move to ``keep``, and two that are one event by the merge
  rules of :mod:`vigil.stories.canonical` (which, with place or time unknown, only
  merge within a story, so could not merge while the stories were apart) become one
  (:func:`fold_events`): the older id survives, and alerts raised about the other
  are re-pointed to it, so a later report is a CAP Update of the first alert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from vigil.stories import canonical as canon
from vigil.stories import tables as t


def merge_stories(
    conn: sa.Connection, keep: int, profile: dict[str, Any], gone: list[int], now: datetime
) -> None:
    """Merge the stories ``gone`` into ``keep`` (see the module docstring)."""
    s, ce = t.stories, t.canonical_events
    rows = conn.execute(sa.select(s).where(s.c.id.in_([keep, *gone]))).mappings().all()
    firsts = [r["first_published"] for r in rows if r["first_published"]]
    lasts = [r["last_published"] for r in rows if r["last_published"]]
    origin = {
        r.id: r.story_id
        for r in conn.execute(
            sa.select(ce.c.id, ce.c.story_id).where(ce.c.story_id.in_([keep, *gone]))
        )
    }
    for table in (t.story_articles, t.canonical_events):
        conn.execute(sa.update(table).where(table.c.story_id.in_(gone)).values(story_id=keep))
    conn.execute(
        sa.update(s)
        .where(s.c.id == keep)
        .values(
            profile=profile,
            article_count=sum(r["article_count"] for r in rows),
            first_seen=min(r["first_seen"] for r in rows),
            first_published=min(firsts) if firsts else None,
            last_published=max(lasts) if lasts else None,
            updated_at=now,
        )
    )
    conn.execute(sa.update(s).where(s.c.merged_into.in_(gone)).values(merged_into=keep))
    conn.execute(
        sa.update(s)
        .where(s.c.id.in_(gone))
        .values(merged_into=keep, article_count=0, profile={}, updated_at=now)
    )
    fold_events(conn, origin, now)


def fold_events(
    conn: sa.Connection, origin: dict[int, int], now: datetime
) -> list[tuple[int, int]]:
    """Fold canonical events of different former stories that are one event.

    ``origin`` maps each canonical event (all now in one story) to the story it was
    in before the merge. In id order, each event joins the closest earlier survivor
    from another former story that :func:`vigil.stories.canonical.agree` with it
    (as one story: the merge just made them one), else survives itself. Returns the
    (absorbed, survivor) pairs."""
    ce, rep = t.canonical_events, t.canonical_event_reports
    rows = (
        conn.execute(sa.select(ce).where(ce.c.id.in_(sorted(origin))).order_by(ce.c.id))
        .mappings()
        .all()
    )
    survivors: list[tuple[dict[str, Any], set[int]]] = []
    folded: list[tuple[int, int]] = []
    for row in map(dict, rows):
        fits = [
            (cur, stories)
            for cur, stories in survivors
            if origin[row["id"]] not in stories and canon.agree(cur, row, same_story=True)
        ]
        if not fits:
            survivors.append((row, {origin[row["id"]]}))
            continue
        cur, stories = min(fits, key=lambda f: (canon.distance(row, f[0]), f[0]["id"]))
        upd = canon.folded(cur, row, now)
        conn.execute(
            sa.update(rep).where(rep.c.canonical_id == row["id"]).values(canonical_id=cur["id"])
        )
        conn.execute(sa.update(ce).where(ce.c.id == cur["id"]).values(**upd))
        conn.execute(sa.delete(ce).where(ce.c.id == row["id"]))
        cur.update(upd)
        stories.add(origin[row["id"]])
        folded.append((row["id"], cur["id"]))
    if folded:
        from vigil.alert.outbox import repoint_incident  # only when events were folded

        for old, new in folded:
            repoint_incident(conn, old, new)
    return folded
