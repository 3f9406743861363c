"""The tables vigil keeps, as SQLAlchemy 2 ORM models.

``articles`` holds each extraction record whole (``record``, JSON) so nothing a
stage produced is ever lost; the other tables are *normalised copies* of parts
of that record, there only so that later stages (quote ledger, assessment, the
API) can query them with plain SQL instead of scanning JSON. They are derived
data: a row in ``entities``/``quotes``/``events``/``places``/``times`` always
belongs to exactly one article and is written in the same transaction.

Types are portable on purpose (``sa.JSON``, ``Date``, ``DateTime``, ``Text``):
the same models and migrations run on SQLite and PostgreSQL. Changing a table
here means writing an Alembic revision too (see :mod:`vigil.store`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names that are the same on every backend (Alembic needs stable names).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Shared metadata: other stages' models subclass this to live in the same database."""

    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON}


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    source: Mapped[str] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.Text)
    title: Mapped[str | None] = mapped_column(sa.Text)
    published: Mapped[date | None] = mapped_column(sa.Date, index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    record: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    ingested_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    pipeline_version: Mapped[str] = mapped_column(sa.String(200))


class Rejection(Base):
    """An input that could not be read or processed; recorded once per (source, reason)."""

    __tablename__ = "rejections"
    __table_args__ = (sa.UniqueConstraint("source", "reason", name="uq_rejections_source_reason"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(sa.String(1000))
    reason: Mapped[str] = mapped_column(sa.String(2000))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class Failure(Base):
    """A document a pipeline stage failed on: kept whole (``input``) so it can be retried.

    One row per document (``doc_id``): a later failure of the same document updates
    it (``attempts``), a later successful save marks it ``resolved_at``.
    """

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    source: Mapped[str] = mapped_column(sa.String(1000))
    stage: Mapped[str] = mapped_column(sa.String(100))
    error: Mapped[str] = mapped_column(sa.Text)
    traceback: Mapped[str] = mapped_column(sa.Text)
    input: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=1)
    first_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    last_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    next_retry_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)


class EntityRow(Base):
    __tablename__ = "entities"

    article_id: Mapped[str] = mapped_column(_article_fk(), primary_key=True)
    entity_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    canonical: Mapped[str] = mapped_column(sa.Text, index=True)
    type: Mapped[str] = mapped_column(sa.String(32))
    country: Mapped[str | None] = mapped_column(sa.String(8))
    sector: Mapped[str | None] = mapped_column(sa.String(16))
    role: Mapped[str | None] = mapped_column(sa.Text)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    seq: Mapped[int] = mapped_column(sa.Integer)  # position of the quote in its record
    speaker: Mapped[str | None] = mapped_column(sa.Text, index=True)  # canonical name
    speaker_entity: Mapped[str | None] = mapped_column(sa.String(32))
    speaker_text: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str | None] = mapped_column(sa.String(16))
    cue: Mapped[str | None] = mapped_column(sa.Text)
    start: Mapped[int | None] = mapped_column(sa.Integer)
    end: Mapped[int | None] = mapped_column(sa.Integer)
    published: Mapped[date | None] = mapped_column(sa.Date, index=True)
    source: Mapped[str | None] = mapped_column(sa.Text)


class EventRow(Base):
    __tablename__ = "events"

    article_id: Mapped[str] = mapped_column(_article_fk(), primary_key=True)
    event_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(32), index=True)
    mode: Mapped[str | None] = mapped_column(sa.String(64))
    negated: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    hypothetical: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    actors: Mapped[list[Any]] = mapped_column(sa.JSON)  # canonical names
    recipients: Mapped[list[Any]] = mapped_column(sa.JSON)
    place: Mapped[str | None] = mapped_column(sa.Text)
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    country: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    precision: Mapped[str | None] = mapped_column(sa.String(16))
    when_value: Mapped[str | None] = mapped_column(sa.String(32))
    when_granularity: Mapped[str | None] = mapped_column(sa.String(16))
    #: first day the event can have happened on: ``when`` if known, else publication date
    day: Mapped[date | None] = mapped_column(sa.Date, index=True)
    fatalities: Mapped[int | None] = mapped_column(sa.Integer)
    acled_type: Mapped[str | None] = mapped_column(sa.String(64))
    acled_subtype: Mapped[str | None] = mapped_column(sa.String(64))
    #: the event's whole ACLED row (export column names), as the record holds it
    acled: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    evidence: Mapped[list[Any]] = mapped_column(sa.JSON)
    confidence: Mapped[float | None] = mapped_column(sa.Float)
    published: Mapped[date | None] = mapped_column(sa.Date)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    start: Mapped[int | None] = mapped_column(sa.Integer)
    end: Mapped[int | None] = mapped_column(sa.Integer)
    name: Mapped[str | None] = mapped_column(sa.Text)
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    country: Mapped[str | None] = mapped_column(sa.String(8))
    level: Mapped[str | None] = mapped_column(sa.String(16))
    geonameid: Mapped[int | None] = mapped_column(sa.Integer)
    site: Mapped[str | None] = mapped_column(sa.Text, index=True)


class TimeRow(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(_article_fk(), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    start: Mapped[int | None] = mapped_column(sa.Integer)
    end: Mapped[int | None] = mapped_column(sa.Integer)
    value: Mapped[str | None] = mapped_column(sa.String(32))
    granularity: Mapped[str | None] = mapped_column(sa.String(16))
