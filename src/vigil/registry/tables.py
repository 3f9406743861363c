"""The tables of the registry, assessment history and alert outbox (SQLAlchemy Core).

The schema is created by the Alembic revision ``0002_registry_alerts`` (the audit
log by ``0005_serve``) in ``vigil/store/migrations``; these Table objects mirror it
for queries (a test checks that they agree). Timestamps are naive UTC on every backend. JSON columns hold lists (aliases, tags,
reasons) because they are read whole and never queried into.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from vigil.store.models import Base

#: The store's metadata: one schema, one naming convention, one migration history.
metadata = Base.metadata

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.UniqueConstraint("name", name="uq_organisations_name"),
)


def new_site_ref() -> str:
    """The ref of a site registered without one: random, so refs from two servers'
    exports never collide by chance (every insert gets one, bulk loads included). It starts
    with a letter, so no file format reads it back as a number ("012345" is octal in YAML)."""
    return "s" + secrets.token_hex(6)


sites = sa.Table(
    "sites",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("kind", sa.String(50), nullable=False),
    sa.Column("radius_km", sa.Float, nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("country", sa.String(3)),
    #: the stable key a registry file can carry (revision 0008_site_ref): matched
    #: before the name on import, so a site renamed in a file is renamed, not doubled
    sa.Column("ref", sa.String(64), nullable=False, default=new_site_ref),
    sa.UniqueConstraint("organisation_id", "name", name="uq_sites_org_name"),
    sa.UniqueConstraint("organisation_id", "ref", name="uq_sites_org_ref"),
)

presence = sa.Table(
    "presence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("country", sa.String(3), nullable=False),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.UniqueConstraint("organisation_id", "country", "who", name="uq_presence_org_country_who"),
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject_type", sa.String(20), nullable=False),  # site | presence
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("organisation", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("posture", sa.String(200), nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_assessments_subject_at", "subject_type", "organisation", "subject", "at"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    #: whose alerts it receives: only this organisation's (revision 0006_serve_isolation)
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),  # webhook | email
    sa.Column("target", sa.String(1000), nullable=False),
    sa.Column("secret", sa.String(500)),
    sa.Column("site", sa.String(200)),  # null: every site
    sa.Column("allow_private", sa.Boolean, nullable=False, default=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint(
        "organisation_id",
        "channel",
        "target",
        "site",
        name="uq_subscriptions_org_channel_target_site",
    ),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dedupe_key", sa.String(500), nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),  # level_change | severe_event
    sa.Column("site", sa.String(200), nullable=False),
    sa.Column("organisation", sa.String(200), nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("previous_level", sa.Integer),
    sa.Column("headline", sa.String(500), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("radius_km", sa.Float),
    sa.Column("event_id", sa.String(200)),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("dedupe_key", name="uq_alerts_dedupe_key"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
    sa.Column("subscription_id", sa.Integer, sa.ForeignKey("subscriptions.id"), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", sa.DateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("delivered_at", sa.DateTime),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("alert_id", "subscription_id", name="uq_deliveries_alert_subscription"),
)

#: Every organisation's log of writes to its data (revision ``0005_serve``), written
#: through :mod:`vigil.registry.audit` by the API, the command line and system jobs.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("user_id", sa.Integer),
    sa.Column("actor", sa.String(320), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("object_type", sa.String(32), nullable=False),
    sa.Column("object_id", sa.String(200)),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_audit_log_organisation_id", "organisation_id", "id"),
)
