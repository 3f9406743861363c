"""The tables of stories, canonical events and article sources (SQLAlchemy Core).

The schema is created by the Alembic revision ``0004_stories``; these Table
objects mirror it for queries (``tests/store/test_migrations.py`` checks that
they agree). Timestamps are naive UTC on every backend.

Why each exists:

- ``article_sources``: every copy of an article that arrived, the first one
  included (url, outlet, title, published, first seen). A syndicated copy or a
  re-scrape is a row here, never a second article.
- ``article_signatures`` / ``minhash_bands``: the MinHash signature of each
  processed text and its LSH band hashes, so that near-duplicates are found with
  one indexed query from any worker, across restarts. Keyed by the id the article
  is (or is about to be) stored under: a signature is written before the NLP runs,
  so a copy arriving in the same batch is already caught.
- ``stories`` / ``story_articles``: which development each article tells;
  ``story_articles`` rows are written in arrival order (``seq``) and an article
  without one is still pending. A story merged into another keeps its row, with
  ``merged_into`` set and nothing else in it, so that its id resolves; a story
  split off another names it in ``split_from``.
- ``story_terms``: document frequencies of the features stories are compared on
  (online IDF, updated as articles are assigned).
- ``canonical_events`` / ``canonical_event_reports``: one row per real-world
  event, one per extracted event that reports it.
"""

from __future__ import annotations

import sqlalchemy as sa

from vigil.store.models import Base

metadata = Base.metadata

article_sources = sa.Table(
    "article_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # not a foreign key: a copy may arrive while its original is still being processed
    sa.Column("article_id", sa.String(64), nullable=False, index=True),
    sa.Column("copy_id", sa.String(64), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("domain", sa.String(255)),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.UniqueConstraint("copy_id", name="uq_article_sources_copy_id"),
)

article_signatures = sa.Table(
    "article_signatures",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Column("numbers", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

minhash_bands = sa.Table(
    "minhash_bands",
    metadata,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("hash", sa.String(32), nullable=False),
    sa.Index("ix_minhash_bands_band_hash", "band", "hash"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("first_published", sa.Date, index=True),
    sa.Column("last_published", sa.Date, index=True),
    sa.Column("article_count", sa.Integer, nullable=False),
    sa.Column("profile", sa.JSON, nullable=False),
    # a story merged into another (migration 0009_story_merged_into) stays as this
    # row, pointing at the story that holds its articles now, so its id still resolves
    # (and, on SQLite, is never handed to a new story)
    sa.Column("merged_into", sa.Integer, index=True),
    # the story this one was split off from (migration 0010_story_split_from), so that
    # a reader who knew the articles under the old id can follow them
    sa.Column("split_from", sa.Integer, index=True),
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column(
        "article_id",
        sa.String(64),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "story_id",
        sa.Integer,
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("similarity", sa.Float),
    sa.Column("assigned_at", sa.DateTime, nullable=False),
)

#: One row (id 1): how many articles have been assigned. Every assignment updates it
#: first, so the row lock serialises assigners (PostgreSQL row lock, SQLite write
#: lock) and a worker whose count is stale knows to reload its cached profiles.
story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("assigned", sa.Integer, nullable=False),
)

story_terms = sa.Table(
    "story_terms",
    metadata,
    sa.Column("term", sa.String(200), primary_key=True),
    sa.Column("df", sa.Integer, nullable=False),
)

canonical_events = sa.Table(
    "canonical_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "story_id",
        sa.Integer,
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("category", sa.String(32), nullable=False, index=True),
    sa.Column("acled_type", sa.String(64)),
    sa.Column("actors", sa.JSON, nullable=False),
    sa.Column("recipients", sa.JSON, nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(8)),
    sa.Column("precision", sa.String(16)),
    sa.Column("day_lo", sa.Date, index=True),
    sa.Column("day_hi", sa.Date),
    sa.Column("granularity", sa.String(16)),
    sa.Column("fatalities", sa.Integer),
    sa.Column("figures", sa.JSON, nullable=False),
    sa.Column("summary", sa.Text),
    sa.Column("report_count", sa.Integer, nullable=False),
    sa.Column("source_count", sa.Integer, nullable=False),
    sa.Column("owners", sa.JSON, nullable=False),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("first_published", sa.Date),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

canonical_event_reports = sa.Table(
    "canonical_event_reports",
    metadata,
    sa.Column(
        "article_id",
        sa.String(64),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("event_id", sa.String(32), primary_key=True),
    sa.Column(
        "canonical_id",
        sa.Integer,
        sa.ForeignKey("canonical_events.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("domain", sa.String(255)),
    sa.Column("fatalities", sa.Integer),
    sa.Column("claimed_by", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("seen_at", sa.DateTime, nullable=False),
)
