"""A durable work queue in the database: fetched items become jobs, workers lease them.

Why in the database: a fetched item must survive a crash of any process, and
the store is the one thing every worker (on one machine or many) already shares.

- **Enqueue once.** A job's ``key`` is a hash of the item's guid or link; the
  insert does nothing if the key is there, so re-polling a feed, or two
  organisations following it, queue an item once.
- **Lease.** ``claim`` moves up to *n* due jobs to ``running`` with a lease, in
  one statement: on PostgreSQL the rows are picked ``FOR UPDATE SKIP LOCKED``,
  so many workers never take the same job nor wait for each other; on SQLite
  the single statement runs under the database's one writer lock.
- **At least once, idempotent.** A worker killed with ``kill -9`` leaves its
  jobs ``running``; when their lease runs out, ``claim`` takes them back. The
  work itself is idempotent by content id (an article stored already is not
  stored again), so doing a job twice stores nothing twice.
- **Poison.** A job whose worker died ``max_attempts`` times, or that failed
  that often, is ``failed`` for good and left for a person (``vigil failures``).

Clocks: lease times come from the worker's clock; keep the machines of a
multi-host deployment in NTP sync (leases are minutes, skew is milliseconds).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from vigil.registry.db import utcnow
from vigil.watch.tables import jobs

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Job:
    id: int
    key: str
    feed_id: int | None
    url: str | None
    payload: dict[str, Any]
    attempts: int


def job_key(guid: str | None, url: str | None) -> str:
    """What makes two fetched items one: the guid if the feed gives one, else the link."""
    ident = (guid or url or "").strip()
    if not ident:
        raise ValueError("an item needs a guid or a link to be queued")
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:40]


def enqueue(
    engine: sa.Engine, items: list[tuple[str, str | None, dict[str, Any]]], feed_id: int | None
) -> int:
    """Queue ``(key, url, payload)`` items not queued before; returns how many were new."""
    if not items:
        return 0
    now = utcnow()
    rows = [
        {
            "key": key,
            "feed_id": feed_id,
            "url": (url or "")[:2000] or None,
            "payload": payload,
            "status": QUEUED,
            "attempts": 0,
            "not_before": now,
            "created_at": now,
            "updated_at": now,
        }
        for key, url, payload in dict((i[0], i) for i in items).values()
    ]
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(jobs).on_conflict_do_nothing(index_elements=["key"]).returning(jobs.c.id)
    with engine.begin() as conn:
        # only the rows actually inserted come back: a concurrent poll's rows don't count
        return len(conn.execute(stmt, rows).all())


def claim(
    engine: sa.Engine,
    worker: str,
    n: int = 1,
    lease: timedelta = timedelta(minutes=5),
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> list[Job]:
    """Lease up to ``n`` due jobs (queued and due, or running with an expired lease)."""
    now = now or utcnow()
    expired = sa.and_(jobs.c.status == RUNNING, jobs.c.lease_until < now)
    with engine.begin() as conn:
        # a job whose worker died on it too often is poison: stop handing it out
        conn.execute(
            sa.update(jobs)
            .where(expired, jobs.c.attempts >= max_attempts)
            .values(
                status=FAILED,
                error=f"its worker stopped {max_attempts} times while holding it",
                lease_until=None,
                updated_at=now,
            )
        )
        due = sa.or_(sa.and_(jobs.c.status == QUEUED, jobs.c.not_before <= now), expired)
        pick = (
            sa.select(jobs.c.id)
            .where(due)
            .order_by(jobs.c.not_before, jobs.c.id)
            .limit(n)
            .with_for_update(skip_locked=True)
        )
        rows = conn.execute(
            sa.update(jobs)
            .where(jobs.c.id.in_(pick.scalar_subquery()))
            .values(
                status=RUNNING,
                worker=worker[:200],
                lease_until=now + lease,
                attempts=jobs.c.attempts + 1,
                updated_at=now,
            )
            .returning(
                jobs.c.id, jobs.c.key, jobs.c.feed_id, jobs.c.url, jobs.c.payload, jobs.c.attempts
            )
        ).all()
    return sorted((Job(*r) for r in rows), key=lambda j: j.id)


def complete(engine: sa.Engine, job: Job, worker: str, article_id: str | None) -> None:
    """Mark a job done (whoever holds it now: the work is idempotent either way)."""
    with engine.begin() as conn:
        conn.execute(
            sa.update(jobs)
            .where(jobs.c.id == job.id, jobs.c.status != DONE)
            .values(
                status=DONE,
                article_id=article_id,
                lease_until=None,
                error=None,
                updated_at=utcnow(),
            )
        )


def retry_later(engine: sa.Engine, job: Job, error: str, max_attempts: int = MAX_ATTEMPTS) -> str:
    """Put a job back with exponential backoff (30 s, 1 min, 2 min ...), or fail it for good
    after ``max_attempts``; returns the job's new status."""
    now = utcnow()
    status = FAILED if job.attempts >= max_attempts else QUEUED
    delay = timedelta(seconds=min(3600, 30 * 2 ** max(0, job.attempts - 1)))
    with engine.begin() as conn:
        conn.execute(
            sa.update(jobs)
            .where(jobs.c.id == job.id)
            .values(
                status=status,
                error=error[:4000],
                not_before=now + delay,
                lease_until=None,
                updated_at=now,
            )
        )
    return status


def give_up(engine: sa.Engine, job: Job, error: str) -> None:
    """Fail a job for good: retrying cannot help (the page holds no article)."""
    with engine.begin() as conn:
        conn.execute(
            sa.update(jobs)
            .where(jobs.c.id == job.id)
            .values(status=FAILED, error=error[:4000], lease_until=None, updated_at=utcnow())
        )


def counts(engine: sa.Engine) -> dict[str, int]:
    """Jobs per status."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(jobs.c.status, sa.func.count()).group_by(jobs.c.status))
        return {QUEUED: 0, RUNNING: 0, DONE: 0, FAILED: 0} | {s: c for s, c in rows}


def pending(engine: sa.Engine) -> int:
    """Jobs a worker could take now or later (queued, or running under some lease)."""
    with engine.connect() as conn:
        return (
            conn.scalar(
                sa.select(sa.func.count())
                .select_from(jobs)
                .where(jobs.c.status.in_([QUEUED, RUNNING]))
            )
            or 0
        )
