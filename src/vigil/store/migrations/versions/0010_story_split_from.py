"""A story split off another names it: ``stories.split_from``.

A story that took in two developments of one kind is split as it grows
(:mod:`vigil.stories.clustering.split`): the articles of one development move to a new
story. Without a link, a reader who had seen them under the old id could not
tell where they went; ``split_from`` names the story they left, and readers list
the stories split off each story.

Revision ID: 0010_story_split_from
Revises: 0009_story_merged_into
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_story_split_from"
down_revision = "0009_story_merged_into"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("split_from", sa.Integer(), nullable=True))
        batch.create_index("ix_stories_split_from", ["split_from"])


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_split_from")
        batch.drop_column("split_from")
