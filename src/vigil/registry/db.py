"""Opening the database for the registry, assessment history and alerts.

The store owns the database and its migrations: :func:`vigil.store.open_store`
brings it to the newest Alembic revision (ours included), so every stage sees
one schema. Importing :mod:`vigil.registry.tables` registers our tables on the
store's metadata.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from vigil.registry import tables  # noqa: F401 - registers the tables on Base.metadata
from vigil.store import Store, open_store


def open_db(url_or_path: str | Path | None) -> Store:
    """The migrated store at a URL, a SQLite path, or (None) the configured default."""
    return open_store(str(url_or_path) if url_or_path else None)


def engine_for(url_or_path: str | Path | None) -> sa.Engine:
    return open_db(url_or_path).engine


def utcnow() -> datetime:
    """Naive UTC now: the form our timestamp columns hold on SQLite and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)
