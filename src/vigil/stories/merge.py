"""Merging and splitting stories on the store.

A merge is what happens when an arriving report bridges a splinter; a split
(:func:`split_story`) when a story turns out to hold two developments
(:mod:`vigil.stories.clustering.split`).

:func:`merge_stories` runs in the assignment's transaction
(:mod:`vigil.stories.update`) once :mod:`vigil.stories.clustering.online` decided that the
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

from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from vigil.store.models import Article
from vigil.stories import canonical as canon
from vigil.stories import tables as t
from vigil.stories.sources import outlet


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


def merge_event(conn: sa.Connection, rep: canon.Report, now: datetime) -> None:
    """File one extracted event: it joins the closest compatible canonical event (same
    story, or overlapping days in any story) or becomes a new one."""
    ce = t.canonical_events
    cond = ce.c.story_id == rep.story_id
    if rep.lo and rep.hi:
        cond = sa.or_(cond, sa.and_(ce.c.day_lo <= rep.hi, ce.c.day_hi >= rep.lo))
    cands = [
        dict(r)
        for r in conn.execute(
            sa.select(ce).where(ce.c.category == rep.category, cond).order_by(ce.c.id)
        ).mappings()
    ]
    fits = [c for c in cands if canon.compatible(rep, c)]
    owner = outlet(rep.domain).owner
    if fits:
        best = min(fits, key=lambda c: (canon.distance(rep, c), c["id"]))
        cid = best["id"]
        conn.execute(
            sa.update(ce).where(ce.c.id == cid).values(**canon.merged(best, rep, owner, now))
        )
    else:
        cid = conn.execute(
            sa.insert(ce).values(**canon.new_canonical(rep, owner, now))
        ).inserted_primary_key[0]
    conn.execute(
        sa.insert(t.canonical_event_reports).values(
            article_id=rep.article_id,
            event_id=rep.event_id,
            canonical_id=cid,
            domain=rep.domain[:255],
            fatalities=rep.fatalities,
            claimed_by=rep.claimed_by,
            published=rep.published,
            seen_at=now,
        )
    )


def split_story(
    conn: sa.Connection,
    sid: int,
    leaving: list[str],
    profiles: tuple[dict[str, Any], dict[str, Any]],
    reports: dict[tuple[str, str], canon.Report],
    now: datetime,
) -> int:
    """Move the articles ``leaving`` out of story ``sid`` into a new story; returns its id.

    ``profiles`` are the two stories' new profiles (staying, leaving) and ``reports``
    every member article's events as reports, by (article id, event id). Canonical
    events go with their reports: one told only by leaving articles moves whole (its
    id, so alerts about it, stay); one told by both sides keeps its id with the
    staying reports, rebuilt from them in arrival order, and its leaving reports are
    filed again in the new story (:func:`merge_event`)."""
    s, sa_, a = t.stories, t.story_articles, Article.__table__
    ce, rep = t.canonical_events, t.canonical_event_reports
    gone = set(leaving)
    members = conn.execute(
        sa.select(sa_.c.article_id, a.c.title, a.c.text, a.c.ingested_at, a.c.published)
        .join(a, a.c.id == sa_.c.article_id)
        .where(sa_.c.story_id == sid)
        .order_by(sa_.c.seq)
    ).all()
    out = [m for m in members if m.article_id in gone]
    stay = [m for m in members if m.article_id not in gone]
    if not out or not stay:
        raise ValueError(f"story {sid}: a split must leave articles on both sides")
    new = conn.execute(
        sa.insert(s).values(
            title=out[0].title or (out[0].text or "").strip().split("\n", 1)[0][:200],
            updated_at=now,
            profile=profiles[1],
            split_from=sid,
            **_span(out),
        )
    ).inserted_primary_key[0]
    conn.execute(sa.update(s).where(s.c.id == sid).values(profile=profiles[0], **_span(stay)))
    conn.execute(sa.update(sa_).where(sa_.c.article_id.in_(leaving)).values(story_id=new))
    refiled: list[tuple[canon.Report, datetime]] = []
    for cid in conn.scalars(sa.select(ce.c.id).where(ce.c.story_id == sid).order_by(ce.c.id)):
        rows = conn.execute(
            sa.select(rep).where(rep.c.canonical_id == cid).order_by(rep.c.seen_at)
        ).all()
        moving = [r for r in rows if r.article_id in gone]
        if not moving:
            continue
        if len(moving) == len(rows):
            conn.execute(sa.update(ce).where(ce.c.id == cid).values(story_id=new))
            continue
        kept = [r for r in rows if r.article_id not in gone]
        conn.execute(sa.update(ce).where(ce.c.id == cid).values(**_rebuilt(kept, reports)))
        conn.execute(
            sa.delete(rep).where(
                rep.c.canonical_id == cid, rep.c.article_id.in_([r.article_id for r in moving])
            )
        )
        for r in moving:
            report = reports.get((r.article_id, r.event_id))
            if report is not None:
                refiled.append((replace(report, story_id=new), r.seen_at))
    for report, seen in sorted(refiled, key=lambda rs: rs[1]):
        merge_event(conn, report, seen)
    return int(new)


def _span(members: list[Any]) -> dict[str, Any]:
    published = [m.published for m in members if m.published]
    return {
        "article_count": len(members),
        "first_seen": min(m.ingested_at for m in members),
        "first_published": min(published) if published else None,
        "last_published": max(published) if published else None,
    }


def _rebuilt(kept: list[Any], reports: dict[tuple[str, str], canon.Report]) -> dict[str, Any]:
    """A canonical event's columns from its remaining reports, as if only they had come."""
    row: dict[str, Any] | None = None
    for r in kept:
        report = reports.get((r.article_id, r.event_id))
        if report is None:
            continue
        owner = outlet(report.domain).owner
        if row is None:
            row = canon.new_canonical(report, owner, r.seen_at)
        else:
            row.update(canon.merged(row, report, owner, r.seen_at))
    if row is None:
        return {}
    row.pop("story_id", None)
    return row
