"""The tables of the watch floor: users, tokens, web sessions, acks.

Created by the Alembic revision ``0005_serve``; these Core tables mirror it (the
serve tests check that they agree). Timestamps are naive UTC, as in the registry.

Subscriptions carry their organisation themselves (``subscriptions.organisation_id``,
revision ``0006_serve_isolation``). Alert acknowledgements live in ``alert_acks``:
the alert outbox knows nothing of the watch floor's users, and an alert deleted below
the server (a site's, by :func:`vigil.registry.repo.delete_site`) takes its
acknowledgement with it through the foreign key's ``ON DELETE CASCADE``. The audit
log, written by system jobs too, is the registry's (:mod:`vigil.registry.audit`).
"""

from __future__ import annotations

import sqlalchemy as sa

from vigil.registry import tables as _registry  # noqa: F401 - users reference organisations
from vigil.store.models import Base

metadata = Base.metadata

ROLES = ("viewer", "analyst", "admin")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    #: argon2id hash (PHC string); null: this user logs in by token only
    sa.Column("password_hash", sa.String(200)),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("disabled_at", sa.DateTime),
    sa.UniqueConstraint("email", name="uq_users_email"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    #: the public part of the token (``vgl_<prefix>_<secret>``): finds the row to verify
    sa.Column("prefix", sa.String(32), nullable=False),
    sa.Column("hash", sa.String(200), nullable=False),  # argon2id of the whole token
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
    sa.Column("last_used_at", sa.DateTime),
    sa.UniqueConstraint("prefix", name="uq_api_tokens_prefix"),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    #: SHA-256 of the cookie's random value (256 bits: a fast hash is enough)
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

alert_acks = sa.Table(
    "alert_acks",
    metadata,
    sa.Column(
        "alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("at", sa.DateTime, nullable=False),
)
