"""The store's public face: save records, record rejections, read them back.

Every write is its own short transaction: ``save`` commits one article with
all its derived rows or nothing, so a crash mid-batch keeps every article
committed before it and a rerun simply skips them (the article id is the
primary key, and ``save`` of a known id changes nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

import vigil
from vigil.document import Document
from vigil.store.engine import create_engine, migrate, resolve_url
from vigil.store.models import (
    Article,
    Base,
    EntityRow,
    EventRow,
    Failure,
    PlaceRow,
    QuoteRow,
    Rejection,
    TimeRow,
)
from vigil.store.rows import article_rows

if TYPE_CHECKING:  # pragma: no cover
    from vigil.pipeline import StageFailure


class AmbiguousId(LookupError):
    """An id prefix that matches more than one stored article."""


def default_pipeline_version(names: Iterable[str] | None = None) -> str:
    """``vigil X.Y.Z`` plus the component names: which code made a stored record."""
    version = f"vigil {vigil.__version__}"
    return f"{version} [{','.join(names)}]" if names else version


class Store:
    """A migrated database and the operations vigil's stages need on it."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.session = sessionmaker(engine, expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------
    def save(self, doc: Document | dict[str, Any], pipeline_version: str | None = None) -> bool:
        """Store a processed document (or its record); True if it was new.

        Idempotent: an id already stored is left exactly as it is.
        """
        record = doc.to_record() if isinstance(doc, Document) else doc
        rows = article_rows(
            record, pipeline_version or default_pipeline_version(), datetime.now(UTC)
        )
        try:
            with self.session.begin() as s:
                if s.get(Article, record["id"]) is not None:
                    return False
                s.add(rows[0])
                s.flush()  # the article first: derived rows reference it
                s.add_all(rows[1:])
                # a document that failed before and now went through is no longer a failure
                s.execute(
                    sa.update(Failure)
                    .where(Failure.doc_id == record["id"], Failure.resolved_at.is_(None))
                    .values(resolved_at=rows[0].ingested_at)
                )
        except IntegrityError:
            # another writer stored the same id between our check and commit
            if self.has(record["id"]):
                return False
            raise
        return True

    def reject(self, source: str, reason: str) -> bool:
        """Record that ``source`` could not be used, once per (source, reason); True if new."""
        source, reason = source[:1000], reason[:2000]
        try:
            with self.session.begin() as s:
                exists = s.scalar(
                    sa.select(Rejection.id).where(
                        Rejection.source == source, Rejection.reason == reason
                    )
                )
                if exists is not None:
                    return False
                s.add(Rejection(source=source, reason=reason, at=datetime.now(UTC)))
        except IntegrityError:
            return False
        return True

    def fail(self, failure: StageFailure, retry_in: timedelta | None = None) -> int:
        """Record that a stage failed on a document (one row per document, kept for retry);
        returns how many times it has failed. ``retry_in``: when it may be tried again."""
        now = datetime.now(UTC)
        doc_id = failure.doc_id or failure.source[:64]
        values = {
            "source": failure.source[:1000],
            "stage": failure.stage[:100],
            "error": failure.error,
            "traceback": failure.traceback,
            "input": json.loads(json.dumps(failure.input, default=str)),
            "last_at": now,
            "next_retry_at": now + retry_in if retry_in is not None else None,
            "resolved_at": None,
        }
        for _ in range(2):  # a concurrent worker may insert the same document first
            try:
                with self.session.begin() as s:
                    row = s.scalar(sa.select(Failure).where(Failure.doc_id == doc_id))
                    if row is None:
                        s.add(Failure(doc_id=doc_id, attempts=1, first_at=now, **values))
                        return 1
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.attempts += 1
                    return row.attempts
            except IntegrityError:
                continue
        return 1

    # -- reads -----------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        return bool(self.known_ids([article_id]))

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored (one query per 500 ids)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.session() as s:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(s.scalars(sa.select(Article.id).where(Article.id.in_(chunk))))
        return found

    def get_article(self, key: str) -> Article | None:
        """The article with this id, or the only one whose id starts with ``key``.

        Raises :class:`AmbiguousId` when a prefix matches several articles.
        """
        with self.session() as s:
            art = s.get(Article, key)
            if art is not None:
                return art
            matches = list(
                s.scalars(
                    sa.select(Article).where(Article.id.startswith(key, autoescape=True)).limit(11)
                )
            )
        if len(matches) > 1:
            ids = ", ".join(a.id for a in matches[:10])
            raise AmbiguousId(f"{key!r} matches several articles: {ids}")
        return matches[0] if matches else None

    def iter_articles(
        self, since: date | None = None, until: date | None = None, newest_first: bool = False
    ) -> Iterator[Article]:
        """Stored articles published in [since, until] (inclusive), oldest first by default."""
        stmt = sa.select(Article)
        if since:
            stmt = stmt.where(Article.published >= since)
        if until:
            stmt = stmt.where(Article.published <= until)
        if newest_first:
            stmt = stmt.order_by(
                Article.published.desc().nulls_last(), Article.ingested_at.desc(), Article.id
            )
        else:
            stmt = stmt.order_by(Article.published, Article.id)
        with self.session() as s:
            yield from s.scalars(stmt.execution_options(yield_per=200))

    def entities(self, article_id: str | None = None, name: str | None = None) -> list[EntityRow]:
        stmt = sa.select(EntityRow)
        if article_id:
            stmt = stmt.where(EntityRow.article_id == article_id)
        if name:
            stmt = stmt.where(sa.func.lower(EntityRow.canonical) == name.lower())
        with self.session() as s:
            return list(s.scalars(stmt.order_by(EntityRow.article_id, EntityRow.entity_id)))

    def quotes(
        self,
        speaker: str | None = None,
        article_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[QuoteRow]:
        """Quotes, optionally by speaker (canonical name, any case), oldest first."""
        stmt = sa.select(QuoteRow)
        if speaker:
            stmt = stmt.where(sa.func.lower(QuoteRow.speaker) == speaker.lower())
        if article_id:
            stmt = stmt.where(QuoteRow.article_id == article_id)
        if since:
            stmt = stmt.where(QuoteRow.published >= since)
        if until:
            stmt = stmt.where(QuoteRow.published <= until)
        stmt = stmt.order_by(QuoteRow.published, QuoteRow.article_id, QuoteRow.seq)
        with self.session() as s:
            return list(s.scalars(stmt))

    def events(
        self,
        since: date | None = None,
        until: date | None = None,
        category: str | None = None,
        country: str | None = None,
        article_id: str | None = None,
    ) -> list[EventRow]:
        """Events whose day (``when``, else publication date) is in [since, until]."""
        stmt = sa.select(EventRow)
        if since:
            stmt = stmt.where(EventRow.day >= since)
        if until:
            stmt = stmt.where(EventRow.day <= until)
        if category:
            stmt = stmt.where(EventRow.category == category)
        if country:
            stmt = stmt.where(EventRow.country == country)
        if article_id:
            stmt = stmt.where(EventRow.article_id == article_id)
        stmt = stmt.order_by(EventRow.day, EventRow.article_id, EventRow.event_id)
        with self.session() as s:
            return list(s.scalars(stmt))

    def places(self, article_id: str | None = None, site: str | None = None) -> list[PlaceRow]:
        stmt = sa.select(PlaceRow)
        if article_id:
            stmt = stmt.where(PlaceRow.article_id == article_id)
        if site:
            stmt = stmt.where(PlaceRow.site == site)
        with self.session() as s:
            return list(s.scalars(stmt.order_by(PlaceRow.article_id, PlaceRow.id)))

    def times(self, article_id: str) -> list[TimeRow]:
        stmt = sa.select(TimeRow).where(TimeRow.article_id == article_id).order_by(TimeRow.id)
        with self.session() as s:
            return list(s.scalars(stmt))

    def rejections(self) -> list[Rejection]:
        with self.session() as s:
            return list(s.scalars(sa.select(Rejection).order_by(Rejection.id)))

    def failures(self, include_resolved: bool = False) -> list[Failure]:
        """Documents a stage failed on, oldest first; by default only those still failing."""
        stmt = sa.select(Failure).order_by(Failure.first_at, Failure.id)
        if not include_resolved:
            stmt = stmt.where(Failure.resolved_at.is_(None))
        with self.session() as s:
            return list(s.scalars(stmt))

    def counts(self) -> dict[str, int]:
        """Rows per vigil table: a cheap fingerprint for tests and ``vigil show --list``."""
        out: dict[str, int] = {}
        with self.session() as s:
            for table in Base.metadata.sorted_tables:
                out[table.name] = s.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        return out


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the database at ``url``.

    ``url`` is a SQLAlchemy URL or a bare path (SQLite); None means ``VIGIL_DB`` or the
    default path from :func:`vigil.settings.default_db_path`.
    """
    engine = create_engine(resolve_url(url))
    migrate(engine)
    return Store(engine)
