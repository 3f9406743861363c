"""Stories, canonical events, article sources and near-duplicate signatures.

Revision ID: 0004_stories
Revises: 0002_registry_alerts
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_stories"
down_revision = "0002_registry_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("copy_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("domain", sa.String(255), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_sources"),
        sa.UniqueConstraint("copy_id", name="uq_article_sources_copy_id"),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_signatures"),
    )
    op.create_table(
        "minhash_bands",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "band", name="pk_minhash_bands"),
    )
    op.create_index("ix_minhash_bands_band_hash", "minhash_bands", ["band", "hash"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("last_published", sa.Date(), nullable=True),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_index("ix_stories_first_published", "stories", ["first_published"])
    op.create_index("ix_stories_last_published", "stories", ["last_published"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_story_articles_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_story_articles_story_id_stories",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_articles"),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])
    state = op.create_table(
        "story_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_state"),
    )
    op.bulk_insert(state, [{"id": 1, "assigned": 0}])
    op.create_table(
        "story_terms",
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_story_terms"),
    )
    op.create_table(
        "canonical_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("acled_type", sa.String(64), nullable=True),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("precision", sa.String(16), nullable=True),
        sa.Column("day_lo", sa.Date(), nullable=True),
        sa.Column("day_hi", sa.Date(), nullable=True),
        sa.Column("granularity", sa.String(16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name="fk_canonical_events_story_id_stories",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_canonical_events"),
    )
    op.create_index("ix_canonical_events_story_id", "canonical_events", ["story_id"])
    op.create_index("ix_canonical_events_category", "canonical_events", ["category"])
    op.create_index("ix_canonical_events_day_lo", "canonical_events", ["day_lo"])
    op.create_table(
        "canonical_event_reports",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("canonical_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(255), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_canonical_event_reports_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["canonical_id"],
            ["canonical_events.id"],
            name="fk_canonical_event_reports_canonical_id_canonical_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "event_id", name="pk_canonical_event_reports"),
    )
    op.create_index(
        "ix_canonical_event_reports_canonical_id", "canonical_event_reports", ["canonical_id"]
    )


def downgrade() -> None:
    for table in (
        "canonical_event_reports",
        "canonical_events",
        "story_terms",
        "story_state",
        "story_articles",
        "stories",
        "minhash_bands",
        "article_signatures",
        "article_sources",
    ):
        op.drop_table(table)
