"""Each stored event keeps its whole ACLED row (``events.acled``, JSON).

``vigil export`` writes ACLED's columns (actors, inter codes, admin names,
geo_precision...) that the typed columns (``acled_type``, ``acled_subtype``) do
not hold. Rows stored before this revision get theirs from their article's
record, the source every derived row comes from (older records hold only the
type: the export fills the rest it can from the other columns).

Revision ID: 0007_event_acled
Revises: 0006_serve_isolation
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_event_acled"
down_revision = "0006_serve_isolation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("acled", sa.JSON(), nullable=True))
    conn = op.get_bind()
    articles = sa.table("articles", sa.column("id", sa.String), sa.column("record", sa.JSON))
    events = sa.table(
        "events",
        sa.column("article_id", sa.String),
        sa.column("event_id", sa.String),
        sa.column("acled", sa.JSON),
    )
    stored = sa.select(sa.column("article_id")).select_from(sa.table("events")).distinct()
    rows = conn.execute(
        sa.select(articles.c.id, articles.c.record).where(articles.c.id.in_(stored))
    )
    for aid, record in rows:
        for ev in (record or {}).get("events") or []:
            if isinstance(ev, dict) and ev.get("acled") and ev.get("id"):
                conn.execute(
                    events.update()
                    .where(events.c.article_id == aid, events.c.event_id == ev["id"])
                    .values(acled=ev["acled"])
                )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("acled")
