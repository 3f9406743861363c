"""Every subscription belongs to one organisation; uniqueness is per organisation.

A subscription made from the command line had no owner and received every
organisation's alerts; one made through the API kept its owner in the side table
``subscription_owners``. Now ``subscriptions.organisation_id`` says whose it is:
rows owned through the side table keep that owner, the others go to the default
organisation (as ``vigil sites import`` without ``--org`` does), and the side
table is dropped. The unique key becomes (organisation, channel, target, site),
so one organisation's subscription never blocks (or reveals) another's.

Revision ID: 0006_serve_isolation
Revises: 0005_serve
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_serve_isolation"
down_revision = "0005_serve"
branch_labels = None
depends_on = None

DEFAULT_ORGANISATION = "default"  # vigil.registry.model.DEFAULT_ORGANISATION, frozen here


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    subs = sa.table("subscriptions", sa.column("id"), sa.column("organisation_id"))
    owners = sa.table(
        "subscription_owners", sa.column("subscription_id"), sa.column("organisation_id")
    )
    orgs = sa.table("organisations", sa.column("id"), sa.column("name"))
    conn.execute(
        sa.update(subs).values(
            organisation_id=sa.select(owners.c.organisation_id)
            .where(owners.c.subscription_id == subs.c.id)
            .scalar_subquery()
        )
    )
    if conn.scalar(sa.select(sa.func.count()).where(subs.c.organisation_id.is_(None))):
        oid = conn.scalar(sa.select(orgs.c.id).where(orgs.c.name == DEFAULT_ORGANISATION))
        if oid is None:
            oid = conn.execute(
                sa.insert(orgs).values(name=DEFAULT_ORGANISATION).returning(orgs.c.id)
            ).scalar_one()
        conn.execute(
            sa.update(subs).where(subs.c.organisation_id.is_(None)).values(organisation_id=oid)
        )
    with op.batch_alter_table("subscriptions") as batch:
        batch.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("uq_subscriptions_channel_target_site", type_="unique")
        batch.create_unique_constraint(
            "uq_subscriptions_org_channel_target_site",
            ["organisation_id", "channel", "target", "site"],
        )
        batch.create_foreign_key(
            "fk_subscriptions_organisation_id_organisations",
            "organisations",
            ["organisation_id"],
            ["id"],
        )
    op.drop_table("subscription_owners")


def downgrade() -> None:
    op.create_table(
        "subscription_owners",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name="fk_subscription_owners_subscription_id_subscriptions",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name="fk_subscription_owners_organisation_id_organisations",
        ),
        sa.PrimaryKeyConstraint("subscription_id", name="pk_subscription_owners"),
    )
    op.execute(
        "INSERT INTO subscription_owners (subscription_id, organisation_id) "
        "SELECT id, organisation_id FROM subscriptions"
    )
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_constraint("fk_subscriptions_organisation_id_organisations", type_="foreignkey")
        batch.drop_constraint("uq_subscriptions_org_channel_target_site", type_="unique")
        batch.create_unique_constraint(
            "uq_subscriptions_channel_target_site", ["channel", "target", "site"]
        )
        batch.drop_column("organisation_id")
