"""Stories merged into another keep their row: ``stories.merged_into``.

When an arriving report bridges a splinter story into an older one, the
splinter's id used to vanish (its row was deleted), so ``vigil show s7`` and
``/api/v1/stories/7`` found nothing, and on SQLite the next new story could be
given the same id. The merged story now stays as a row with ``merged_into``
naming the story that holds its articles (always the surviving one: a chain of
merges is flattened), and readers resolve through it. Stories merged before
this revision were deleted and cannot be recovered.

Revision ID: 0009_story_merged_into
Revises: 0004_stories
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_story_merged_into"
down_revision = "0004_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch.create_index("ix_stories_merged_into", ["merged_into"])


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_merged_into")
        batch.drop_column("merged_into")
