"""Reading stories back: for ``vigil stories``, ``vigil show sN`` and the assessment.

A story's public id is ``s<number>`` (``s12``): hex content ids never contain an
``s``, and ``vigil show`` prefers an article stored under exactly that id if a
JSON Lines input ever chose one (``story:12`` is always the story).

A story merged into another (:mod:`vigil.stories.merge`) is not listed; its id
resolves to the story that holds its articles (:func:`resolve`), and that story
lists it under ``merged`` (``["s7"]``). A story split off another
(:mod:`vigil.stories.clustering.split`) names it under ``split_from``, and the story it left
lists it under ``split_into``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa

from vigil.store.models import Article
from vigil.stories import tables as t
from vigil.stories.sources import domain_of, independent_count, outlet

_STORY_ID = re.compile(r"^(?:s|story:)(\d+)$", re.I)


def story_number(key: str) -> int | None:
    m = _STORY_ID.match((key or "").strip())
    return int(m.group(1)) if m else None


def public_id(story_id: int) -> str:
    return f"s{story_id}"


def resolve(engine: sa.Engine, story_id: int) -> int | None:
    """The live story that ``story_id`` is (itself) or was merged into; None if none."""
    s = t.stories
    with engine.connect() as conn:
        for _ in range(8):  # merged_into is kept one step deep; a bound all the same
            row = conn.execute(sa.select(s.c.merged_into).where(s.c.id == story_id)).first()
            if row is None:
                return None
            if row.merged_into is None:
                return story_id
            story_id = row.merged_into
    return None


def _iso(v: Any) -> str | None:
    return v.isoformat() if v is not None else None


def cite(domain: str) -> dict[str, Any]:
    o = outlet(domain)
    return {"name": o.name, "domain": o.domain, "owner": o.owner, "grade": o.grade}


def stories(
    engine: sa.Engine, since: date | None = None, story_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """Stories (newest first) in the ``vigil stories --format json`` shape."""
    s = t.stories
    stmt = (
        sa.select(s).where(s.c.merged_into.is_(None)).order_by(s.c.first_seen.desc(), s.c.id.desc())
    )
    if since:
        stmt = stmt.where(
            sa.or_(
                s.c.last_published >= since,
                sa.and_(s.c.last_published.is_(None), s.c.updated_at >= since),
            )
        )
    if story_ids is not None:
        stmt = stmt.where(s.c.id.in_(story_ids))
    a, sa_ = Article.__table__, t.story_articles
    with engine.connect() as conn:
        rows = list(conn.execute(stmt).mappings())
        ids = [r["id"] for r in rows]
        arts: dict[int, list[dict[str, Any]]] = defaultdict(list)
        copies: dict[str, list[dict[str, Any]]] = defaultdict(list)
        events: dict[int, list[dict[str, Any]]] = defaultdict(list)
        merged: dict[int, list[int]] = defaultdict(list)
        split: dict[int, list[int]] = defaultdict(list)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for r in conn.execute(
                sa.select(s.c.id, s.c.merged_into)
                .where(s.c.merged_into.in_(chunk))
                .order_by(s.c.id)
            ):
                merged[r.merged_into].append(r.id)
            for r in conn.execute(
                sa.select(s.c.id, s.c.split_from).where(s.c.split_from.in_(chunk)).order_by(s.c.id)
            ):
                split[r.split_from].append(r.id)
            q = (
                sa.select(
                    sa_.c.story_id,
                    sa_.c.seq,
                    a.c.id,
                    a.c.title,
                    a.c.source,
                    a.c.url,
                    a.c.published,
                    a.c.ingested_at,
                )
                .join(a, a.c.id == sa_.c.article_id)
                .where(sa_.c.story_id.in_(chunk))
                .order_by(sa_.c.seq)
            )
            for r in conn.execute(q).mappings():
                arts[r["story_id"]].append(dict(r))
            aids = [x["id"] for sid in chunk for x in arts[sid]]
            src = t.article_sources
            for j in range(0, len(aids), 500):
                q2 = (
                    sa.select(src)
                    .where(
                        src.c.article_id.in_(aids[j : j + 500]), src.c.copy_id != src.c.article_id
                    )
                    .order_by(src.c.id)
                )
                for r in conn.execute(q2).mappings():
                    copies[r["article_id"]].append(dict(r))
            for r in canonical_rows(conn, chunk):
                events[r["_story"]].append(r)
    out = []
    for r in rows:
        items = []
        domains = set()
        for x in arts[r["id"]]:
            dom = domain_of(x["url"], x["source"])
            domains.add(dom)
            items.append(
                {
                    "id": x["id"],
                    "title": x["title"],
                    "source": x["source"],
                    "url": x["url"],
                    "published": _iso(x["published"]),
                    **{"outlet": cite(dom)},
                    "copies": [
                        {
                            "url": c["url"],
                            "source": c["source"],
                            "title": c["title"],
                            "published": _iso(c["published"]),
                            "first_seen": _iso(c["first_seen"]),
                            "outlet": cite(c["domain"] or ""),
                        }
                        for c in copies[x["id"]]
                    ],
                }
            )
        out.append(
            {
                "id": public_id(r["id"]),
                "title": r["title"],
                "first_seen": _iso(r["first_seen"]),
                "first_published": _iso(r["first_published"]),
                "last_published": _iso(r["last_published"]),
                "source_count": independent_count(domains),
                "merged": [public_id(m) for m in merged[r["id"]]],
                "split_from": public_id(r["split_from"]) if r["split_from"] else None,
                "split_into": [public_id(m) for m in split[r["id"]]],
                "articles": items,
                "events": [_event_out(e) for e in events[r["id"]]],
            }
        )
    return out


def canonical_rows(conn: sa.Connection, story_ids: list[int]) -> list[dict[str, Any]]:
    """Canonical events with at least one report from these stories, each with its reports."""
    ce, rep, sa_ = t.canonical_events, t.canonical_event_reports, t.story_articles
    pairs = conn.execute(
        sa.select(rep.c.canonical_id, sa_.c.story_id)
        .join(sa_, sa_.c.article_id == rep.c.article_id)
        .where(sa_.c.story_id.in_(story_ids))
        .distinct()
    ).all()
    by_id: dict[int, dict[str, Any]] = {}
    wanted = sorted({p.canonical_id for p in pairs})
    for i in range(0, len(wanted), 500):
        for r in conn.execute(sa.select(ce).where(ce.c.id.in_(wanted[i : i + 500]))).mappings():
            by_id[r["id"]] = dict(r)
    rows = [
        {**by_id[p.canonical_id], "_story": p.story_id}
        for p in sorted(pairs, key=lambda p: (p.canonical_id, p.story_id))
        if p.canonical_id in by_id
    ]
    reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
    cids = sorted({r["id"] for r in rows})
    for i in range(0, len(cids), 500):
        q2 = (
            sa.select(rep)
            .where(rep.c.canonical_id.in_(cids[i : i + 500]))
            .order_by(rep.c.seen_at, rep.c.article_id, rep.c.event_id)
        )
        for r in conn.execute(q2).mappings():
            reports[r["canonical_id"]].append(dict(r))
    for r in rows:
        r["_reports"] = reports[r["id"]]
    return rows


def _event_out(e: dict[str, Any]) -> dict[str, Any]:
    figures = e.get("figures") or []
    return {
        "id": f"ce{e['id']}",
        "category": e["category"],
        "acled_type": e.get("acled_type"),
        "summary": e.get("summary"),
        "actors": e.get("actors") or [],
        "recipients": e.get("recipients") or [],
        "place": e.get("place"),
        "lat": e.get("lat"),
        "lon": e.get("lon"),
        "precision": e.get("precision"),
        "from": _iso(e.get("day_lo")),
        "to": _iso(e.get("day_hi")),
        "fatalities": e.get("fatalities"),
        "figures": [
            {
                "about": f.get("about"),
                "value": f.get("value"),
                "sources": [
                    {**s, **{"outlet": cite(s.get("domain") or "")}} for s in f.get("sources") or []
                ],
            }
            for f in figures
        ],
        "disputed": len({f.get("value") for f in figures if f.get("about") == "killed"}) > 1,
        "report_count": e.get("report_count"),
        "source_count": e.get("source_count"),
        "first_seen": _iso(e.get("first_seen")),
        "first_published": _iso(e.get("first_published")),
        "reports": [
            {"article_id": r["article_id"], "event_id": r["event_id"], **cite(r["domain"] or "")}
            for r in e.get("_reports") or []
        ],
    }


def canonical_index(engine: sa.Engine, article_ids: list[str]) -> dict[tuple[str, str], dict]:
    """(article id, event id) -> its canonical event (with report and source counts),
    for the assessment: reports of one event are scored once."""
    rep, ce = t.canonical_event_reports, t.canonical_events
    out: dict[tuple[str, str], dict] = {}
    with engine.connect() as conn:
        for i in range(0, len(article_ids), 500):
            q = (
                sa.select(rep.c.article_id, rep.c.event_id, ce)
                .join(ce, ce.c.id == rep.c.canonical_id)
                .where(rep.c.article_id.in_(article_ids[i : i + 500]))
            )
            for r in conn.execute(q).mappings():
                out[(r["article_id"], r["event_id"])] = dict(r)
    return out
