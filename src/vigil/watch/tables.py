"""The watch's tables: the feeds each organisation follows, and the durable job queue.

Created by the Alembic revision ``0003_watch``; these Core tables mirror it (the
migration test checks that they agree). Timestamps are naive UTC on every
backend, as in the registry's tables.
"""

from __future__ import annotations

import sqlalchemy as sa

from vigil.registry import tables as _registry  # noqa: F401 - feeds reference organisations
from vigil.store.models import Base

metadata = Base.metadata

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("url", sa.String(2000), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("every_s", sa.Integer, nullable=False),
    sa.Column("allow_private", sa.Boolean, nullable=False),
    #: validators from the last 200 answer, sent back for a conditional GET
    sa.Column("etag", sa.String(500)),
    sa.Column("last_modified", sa.String(200)),
    sa.Column("next_poll_at", sa.DateTime, nullable=False),
    sa.Column("last_polled_at", sa.DateTime),
    sa.Column("last_status", sa.String(200)),
    #: consecutive failed polls: the backoff's exponent
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("items", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("organisation_id", "url", name="uq_feeds_organisation_id"),
    sa.Index("ix_feeds_next_poll_at", "next_poll_at"),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    #: what makes two fetched items the same item (hash of its link or guid): enqueued once
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="SET NULL")),
    sa.Column("url", sa.String(2000)),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # queued | running | done | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("not_before", sa.DateTime, nullable=False),
    sa.Column("lease_until", sa.DateTime),
    sa.Column("worker", sa.String(200)),
    sa.Column("error", sa.Text),
    sa.Column("article_id", sa.String(64)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("key", name="uq_jobs_key"),
    sa.Index("ix_jobs_status_not_before", "status", "not_before"),
)
