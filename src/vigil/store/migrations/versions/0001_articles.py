"""Articles, rejections, and the normalised entities/quotes/events/places/times tables.

Revision ID: 0001_articles
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_articles"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pipeline_version", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rejections"),
        sa.UniqueConstraint("source", "reason", name="uq_rejections_source_reason"),
    )

    op.create_table(
        "entities",
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_entities_article_id_articles"
            ),
            nullable=False,
        ),
        sa.Column("entity_id", sa.String(32), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("sector", sa.String(16), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("article_id", "entity_id", name="pk_entities"),
    )
    op.create_index("ix_entities_canonical", "entities", ["canonical"])

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_quotes_article_id_articles"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_entity", sa.String(32), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_quotes"),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])
    op.create_index("ix_quotes_published", "quotes", ["published"])

    op.create_table(
        "events",
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_events_article_id_articles"),
            nullable=False,
        ),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(64), nullable=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("hypothetical", sa.Boolean(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("precision", sa.String(16), nullable=True),
        sa.Column("when_value", sa.String(32), nullable=True),
        sa.Column("when_granularity", sa.String(16), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("acled_type", sa.String(64), nullable=True),
        sa.Column("acled_subtype", sa.String(64), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("article_id", "event_id", name="pk_events"),
    )
    op.create_index("ix_events_category", "events", ["category"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_day", "events", ["day"])

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_places_article_id_articles"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("level", sa.String(16), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    op.create_index("ix_places_article_id", "places", ["article_id"])
    op.create_index("ix_places_site", "places", ["site"])

    op.create_table(
        "times",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_times_article_id_articles"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("value", sa.String(32), nullable=True),
        sa.Column("granularity", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_times"),
    )
    op.create_index("ix_times_article_id", "times", ["article_id"])


def downgrade() -> None:
    for table in ("times", "places", "events", "quotes", "entities", "rejections"):
        op.drop_table(table)
    op.drop_index("ix_articles_published", table_name="articles")
    op.drop_table("articles")
