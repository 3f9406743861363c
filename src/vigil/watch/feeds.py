"""The feeds each organisation follows: add, list, remove, and the poll bookkeeping.

A feed belongs to one organisation (two organisations may follow the same URL;
the articles it brings are public news and stored once). Each feed keeps its
own schedule: ``next_poll_at`` moves on by ``every_s`` after a good poll and by
an exponential backoff after a failed one, so a broken feed is asked less and
less often (at most every six hours) until it answers again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from vigil.net.guard import UnsafeURL, check_scheme, check_url
from vigil.registry.db import utcnow
from vigil.registry.model import DEFAULT_ORGANISATION
from vigil.registry.repo import _org_id
from vigil.registry.tables import organisations
from vigil.watch.tables import feeds

#: A failing feed is retried after every_s * 2**errors, but never later than this.
MAX_BACKOFF = timedelta(hours=6)
#: Polling more often than this is impolite whatever the user asks.
MIN_EVERY_S = 60


@dataclass(frozen=True)
class Feed:
    id: int
    organisation: str
    url: str
    name: str
    every_s: int
    allow_private: bool
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_status: str | None
    errors: int
    items: int


def add_feed(
    engine: sa.Engine,
    url: str,
    *,
    organisation: str = DEFAULT_ORGANISATION,
    name: str | None = None,
    every_s: int = 300,
    allow_private: bool = False,
) -> tuple[Feed, bool]:
    """Follow ``url`` for ``organisation``; returns the feed and whether it is new.

    Re-adding a followed URL updates its name, interval and permission. A URL
    that resolves into a private network is refused here already (the watch
    checks again at every poll), unless ``allow_private``.
    """
    check_scheme(url)
    if not allow_private:
        try:
            check_url(url)
        except UnsafeURL as exc:
            if "cannot resolve" not in str(exc):  # offline now is no reason to refuse
                raise
    every_s = max(MIN_EVERY_S, int(every_s))
    now = utcnow()
    with engine.begin() as conn:
        oid = _org_id(conn, organisation)
        row = conn.execute(
            sa.select(feeds.c.id).where(feeds.c.organisation_id == oid, feeds.c.url == url)
        ).first()
        values = {"name": name or url, "every_s": every_s, "allow_private": allow_private}
        if row:
            if name is None:
                del values["name"]
            conn.execute(sa.update(feeds).where(feeds.c.id == row[0]).values(**values))
            feed_id, new = row[0], False
        else:
            feed_id = conn.execute(
                sa.insert(feeds).values(
                    organisation_id=oid,
                    url=url,
                    next_poll_at=now,
                    errors=0,
                    items=0,
                    created_at=now,
                    **values,
                )
            ).inserted_primary_key[0]
            new = True
    return get_feed(engine, feed_id), new


def get_feed(engine: sa.Engine, feed_id: int) -> Feed:
    (feed,) = _select(engine, feeds.c.id == feed_id)
    return feed


def list_feeds(engine: sa.Engine, organisation: str | None = None) -> list[Feed]:
    """Every feed (or one organisation's), by organisation and name."""
    cond = organisations.c.name == organisation if organisation is not None else sa.true()
    return _select(engine, cond)


def remove_feed(engine: sa.Engine, key: str, organisation: str = DEFAULT_ORGANISATION) -> bool:
    """Stop following a feed, named by URL or id, of ``organisation``; True if one was removed.

    Its queued items stay in the queue (they are news already fetched)."""
    with engine.begin() as conn:
        oid = conn.scalar(sa.select(organisations.c.id).where(organisations.c.name == organisation))
        if oid is None:
            return False
        match = feeds.c.url == key
        if key.isdigit():
            match = sa.or_(match, feeds.c.id == int(key))
        done = conn.execute(sa.delete(feeds).where(feeds.c.organisation_id == oid, match))
        return done.rowcount > 0


def due_feeds(engine: sa.Engine, now: datetime | None = None) -> list[Feed]:
    """Feeds whose next poll is due, the most overdue first."""
    due = _select(engine, feeds.c.next_poll_at <= (now or utcnow()))
    return sorted(due, key=lambda feed: feed.next_poll_at)


def next_due(engine: sa.Engine) -> datetime | None:
    with engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.min(feeds.c.next_poll_at)))


def record_poll(
    engine: sa.Engine,
    feed: Feed,
    *,
    ok: bool,
    status: str,
    new_items: int = 0,
    etag: str | None = None,
    last_modified: str | None = None,
    now: datetime | None = None,
) -> None:
    """What one poll found; schedules the next one (backing off after failures)."""
    now = now or utcnow()
    errors = 0 if ok else feed.errors + 1
    delay = timedelta(seconds=feed.every_s)
    if errors:
        delay = min(MAX_BACKOFF, delay * 2**errors)
    values = {
        "last_polled_at": now,
        "last_status": status[:200],
        "errors": errors,
        "next_poll_at": now + delay,
        "items": feeds.c["items"] + new_items,
    }
    if ok and (etag or last_modified):
        values |= {"etag": etag, "last_modified": last_modified}
    with engine.begin() as conn:
        conn.execute(sa.update(feeds).where(feeds.c.id == feed.id).values(**values))


def _select(engine: sa.Engine, cond: sa.ColumnElement) -> list[Feed]:
    stmt = (
        sa.select(feeds, organisations.c.name.label("organisation"))
        .join(organisations, organisations.c.id == feeds.c.organisation_id)
        .where(cond)
        .order_by(organisations.c.name, feeds.c.name, feeds.c.id)
    )
    with engine.connect() as conn:
        return [
            Feed(**{k: r[k] for k in Feed.__dataclass_fields__})
            for r in conn.execute(stmt).mappings()
        ]
