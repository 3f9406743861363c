"""Organisations, users, API tokens and web sessions: creating them and checking them.

Passwords and tokens are stored as argon2id hashes (argon2-cffi). A token reads
``vgl_<prefix>_<secret>``: the prefix is public and finds the one row to verify,
so a request costs one argon2 verification, not one per stored token; a verified
token is remembered in memory (by its SHA-256) for a short while so that a busy
client is not slowed by argon2 on every request, and revocation is still checked
in the database on every request. Web sessions are random 256-bit values whose
SHA-256 is the row's key: the database never holds a usable cookie.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigil.registry import tables as rt
from vigil.registry.audit import cli_actor, record
from vigil.registry.db import utcnow
from vigil.registry.repo import _org_id
from vigil.serve import tables as st

_HASHER = PasswordHasher()  # passwords: argon2id, RFC 9106 low-memory profile
#: Tokens carry 256 random bits, so no guessing attack needs a costly hash; a cheaper
#: argon2id keeps the first request of a token (and its creation) fast.
_TOKEN_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
#: Verified tokens are remembered this long before argon2 runs again.
TOKEN_CACHE_S = 300.0
#: How long a web session lasts unless ``vigil serve --session-hours`` (or
#: ``VIGIL_SESSION_HOURS``) says otherwise: one long watch shift.
SESSION_TTL = timedelta(hours=12)
_verified: dict[str, tuple[int, float]] = {}


class AccountError(ValueError):
    """A request about accounts that cannot be done, with the reason in the message."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user, their organisation and role, and how they proved it."""

    user_id: int
    email: str
    role: str
    organisation_id: int
    organisation: str
    via: str  # token | session
    token_id: int | None = None
    csrf: str | None = None

    def can(self, role: str) -> bool:
        return st.ROLES.index(self.role) >= st.ROLES.index(role)


def hash_secret(secret: str) -> str:
    return _HASHER.hash(secret)


def verify_secret(stored: str | None, secret: str) -> bool:
    if not stored:
        _HASHER.hash("timing")  # same cost whether or not the user has a password
        return False
    try:
        return _HASHER.verify(stored, secret)  # the parameters are read from the hash
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Actor:
    """Who makes an account change, for the audit log: a user of the API or web app,
    or (the default) the operating-system user at the command line."""

    name: str
    user_id: int | None = None

    @classmethod
    def cli(cls) -> Actor:
        return cls(cli_actor())


def add_org(engine: sa.Engine, name: str, actor: Actor | None = None) -> tuple[int, bool]:
    name = name.strip()
    if not name:
        raise AccountError("an organisation needs a name")
    with engine.begin() as conn:
        found = conn.scalar(sa.select(rt.organisations.c.id).where(rt.organisations.c.name == name))
        if found is not None:
            return found, False
        # alert dedupe keys fold case: "Alpha" and "alpha" would silence each other's alerts
        twin = conn.scalar(
            sa.select(rt.organisations.c.name).where(
                sa.func.lower(rt.organisations.c.name) == name.lower()
            )
        )
        if twin is not None:
            raise AccountError(f"{name!r} differs from the organisation {twin!r} only in case")
        oid = _org_id(conn, name)
        by = actor or Actor.cli()
        record(conn, oid, by.name, "create", "organisation", oid, by.user_id, name=name)
        return oid, True


def add_user(
    engine: sa.Engine,
    email: str,
    org: str,
    role: str,
    password: str | None = None,
    actor: Actor | None = None,
) -> int:
    """A new user of ``org``. E-mail addresses are unique across organisations: one is
    the login name, so it must name one account; that an address is taken is all an
    admin of another organisation can learn (the message names no organisation)."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an email address")
    if role not in st.ROLES:
        raise AccountError(f"unknown role {role!r} ({', '.join(st.ROLES)})")
    with engine.begin() as conn:
        oid = conn.scalar(sa.select(rt.organisations.c.id).where(rt.organisations.c.name == org))
        if oid is None:
            raise AccountError(f"no organisation {org!r} (add it with `vigil orgs add`)")
        if conn.scalar(sa.select(st.users.c.id).where(st.users.c.email == email)) is not None:
            raise AccountError(f"user {email} exists already")
        uid = conn.execute(
            sa.insert(st.users).values(
                organisation_id=oid,
                email=email,
                role=role,
                password_hash=hash_secret(password) if password else None,
                created_at=utcnow(),
            )
        ).inserted_primary_key[0]
        by = actor or Actor.cli()
        record(conn, oid, by.name, "create", "user", uid, by.user_id, email=email, role=role)
        return uid


def user_id(conn: sa.Connection, email: str) -> int:
    uid = conn.scalar(sa.select(st.users.c.id).where(st.users.c.email == email.strip().lower()))
    if uid is None:
        raise AccountError(f"no user {email}")
    return uid


def _user_org(conn: sa.Connection, uid: int) -> int:
    return conn.scalar(sa.select(st.users.c.organisation_id).where(st.users.c.id == uid))


def create_token(engine: sa.Engine, email: str, actor: Actor | None = None) -> str:
    """A new bearer token for the user; only its hash is kept, so it is shown once."""
    prefix = secrets.token_hex(6)
    token = f"vgl_{prefix}_{secrets.token_urlsafe(32)}"
    with engine.begin() as conn:
        uid = user_id(conn, email)
        tid = conn.execute(
            sa.insert(st.api_tokens).values(
                user_id=uid, prefix=prefix, hash=_TOKEN_HASHER.hash(token), created_at=utcnow()
            )
        ).inserted_primary_key[0]
        by = actor or Actor.cli()
        record(
            conn, _user_org(conn, uid), by.name, "create", "token", tid, by.user_id, prefix=prefix
        )
    return token


def revoke_tokens(
    engine: sa.Engine,
    email: str | None = None,
    prefix: str | None = None,
    actor: Actor | None = None,
) -> int:
    """Revoke one token (by its prefix or the whole token) or every token of a user."""
    if prefix and prefix.startswith("vgl_"):
        prefix = prefix.split("_")[1]
    t = st.api_tokens
    with engine.begin() as conn:
        cond = t.c.revoked_at.is_(None)
        if email:
            cond &= t.c.user_id == user_id(conn, email)
        if prefix:
            cond &= t.c.prefix == prefix
        if not (email or prefix):
            raise AccountError("name a user (EMAIL) or a token (--token PREFIX)")
        hits = conn.execute(sa.select(t.c.id, t.c.user_id, t.c.prefix).where(cond)).all()
        by = actor or Actor.cli()
        for tid, uid, pre in hits:
            conn.execute(sa.update(t).where(t.c.id == tid).values(revoked_at=utcnow()))
            record(
                conn, _user_org(conn, uid), by.name, "revoke", "token", tid, by.user_id, prefix=pre
            )
        return len(hits)


def _principal_stmt() -> sa.Select:
    u, o = st.users, rt.organisations
    return sa.select(
        u.c.id, u.c.email, u.c.role, u.c.organisation_id, o.c.name.label("organisation")
    ).join(o, o.c.id == u.c.organisation_id)


def _principal(row, via: str, **extra) -> Principal:
    return Principal(
        user_id=row.id,
        email=row.email,
        role=row.role,
        organisation_id=row.organisation_id,
        organisation=row.organisation,
        via=via,
        **extra,
    )


def check_token(engine: sa.Engine, token: str) -> Principal | None:
    parts = token.split("_")
    if len(parts) < 3 or parts[0] != "vgl" or len(token) > 200:
        return None
    prefix = parts[1]
    t, u = st.api_tokens, st.users
    with engine.connect() as conn:
        row = conn.execute(
            _principal_stmt()
            .add_columns(t.c.id.label("token_id"), t.c.hash)
            .join(t, t.c.user_id == u.c.id)
            .where(t.c.prefix == prefix, t.c.revoked_at.is_(None), u.c.disabled_at.is_(None))
        ).first()
    if row is None:
        return None
    key = hashlib.sha256(token.encode()).hexdigest()
    cached = _verified.get(key)
    if not (cached and cached[0] == row.token_id and cached[1] > time.monotonic()):
        if not verify_secret(row.hash, token):
            return None
        _verified[key] = (row.token_id, time.monotonic() + TOKEN_CACHE_S)
    return _principal(row, "token", token_id=row.token_id)


def check_password(engine: sa.Engine, email: str, password: str) -> int | None:
    u = st.users
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(u.c.id, u.c.password_hash).where(
                u.c.email == email.strip().lower(), u.c.disabled_at.is_(None)
            )
        ).first()
    if row is None:
        verify_secret(None, password)
        return None
    return row.id if verify_secret(row.password_hash, password) else None


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def open_session(
    engine: sa.Engine, uid: int, ttl: timedelta = SESSION_TTL, via: str = "password"
) -> tuple[str, str]:
    """A new web session for the user, ``ttl`` long: (cookie value, CSRF token).
    The login is audited in the user's organisation."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(sa.delete(st.web_sessions).where(st.web_sessions.c.expires_at < now))
        conn.execute(
            sa.insert(st.web_sessions).values(
                id=_sha(cookie),
                user_id=uid,
                csrf=csrf,
                created_at=now,
                expires_at=now + ttl,
            )
        )
        u = conn.execute(sa.select(st.users).where(st.users.c.id == uid)).mappings().one()
        record(conn, u["organisation_id"], u["email"], "login", "session", None, uid, via=via)
    return cookie, csrf


def check_session(engine: sa.Engine, cookie: str, now: datetime | None = None) -> Principal | None:
    if not cookie or len(cookie) > 100:
        return None
    ws, u = st.web_sessions, st.users
    with engine.connect() as conn:
        row = conn.execute(
            _principal_stmt()
            .add_columns(ws.c.csrf)
            .join(ws, ws.c.user_id == u.c.id)
            .where(
                ws.c.id == _sha(cookie),
                ws.c.expires_at > (now or utcnow()),
                u.c.disabled_at.is_(None),
            )
        ).first()
    return _principal(row, "session", csrf=row.csrf) if row else None


def close_session(engine: sa.Engine, cookie: str) -> None:
    """End the session (the logout is audited in its user's organisation)."""
    ws, u = st.web_sessions, st.users
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(u.c.id, u.c.email, u.c.organisation_id)
            .join(ws, ws.c.user_id == u.c.id)
            .where(ws.c.id == _sha(cookie))
        ).first()
        conn.execute(sa.delete(ws).where(ws.c.id == _sha(cookie)))
        if row is not None:
            record(conn, row.organisation_id, row.email, "logout", "session", None, row.id)
