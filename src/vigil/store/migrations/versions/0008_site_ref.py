"""Sites get a stable key, ``sites.ref``, unique in their organisation.

A registry file matched its sites by name only, so a site renamed in the file
came back as a second site. ``vigil sites import`` (and the API's import) now
matches a file's ``ref`` first, then the name; export writes every site's ref,
so an exported, edited and re-imported file renames rather than duplicates.
Sites stored before this revision get a random ref here (what a new site
without one gets too).

Revision ID: 0008_site_ref
Revises: 0007_event_acled
Create Date: 2026-12-07
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008_site_ref"
down_revision = "0007_event_acled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("ref", sa.String(64), nullable=True))
    conn = op.get_bind()
    sites = sa.table("sites", sa.column("id", sa.Integer), sa.column("ref", sa.String))
    for (site_id,) in conn.execute(sa.select(sites.c.id)).all():
        conn.execute(
            sa.update(sites).where(sites.c.id == site_id).values(ref="s" + secrets.token_hex(6))
        )
    with op.batch_alter_table("sites") as batch:
        batch.alter_column("ref", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_sites_org_ref", ["organisation_id", "ref"])


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_constraint("uq_sites_org_ref", type_="unique")
        batch.drop_column("ref")
