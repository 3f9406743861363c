"""Failed authentication: audited in the organisation of the account tried, and throttled.

A failed sign-in at ``POST /login`` (password or token) is written to the audit log of
the organisation whose account was tried, so its admins see someone guessing: the
actor is ``anonymous:<client address>`` (nobody has proved who they are), the object
the user, and the detail how (password or token) and why it failed (wrong password,
account disabled, token revoked...). The password or token typed is never stored,
and neither is an e-mail address that names no account (people type passwords into
the e-mail field); those failures go to the server's log without it.

The log must not become the attacker's write amplifier, so the attempts are
throttled: after ``per_account`` failures in a minute on one account (or
``per_client`` from one address, across accounts) further attempts are refused
without checking the secret, even a right one, until the bucket refills; while the
throttle holds, one ``login_throttled`` entry is written, not one per attempt. The
buckets are in this process's memory, like the request rate limit.

An API request refused for its bearer token (401 at the gate) is audited the same way,
as ``auth_rejected`` with ``via: bearer``, through its own :class:`LoginGuard`: after
``per_account`` rejections in a minute of one token's prefix (or ``per_client`` from
one address) one ``auth_throttled`` entry stands for the rest until the bucket
refills. There the throttle bounds the log only: the request is refused for its
token anyway, and refusing the right token too would let anyone who saw a token's
public prefix lock its owner out of the API.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa

from vigil.registry.audit import record
from vigil.serve import tables as st
from vigil.serve.auth.buckets import RateLimiter

log = logging.getLogger(__name__)

#: Failed sign-ins a minute on one account before it is throttled (bursts up to it).
PER_ACCOUNT = 5
#: Failed sign-ins a minute from one client address, whichever accounts it tries.
PER_CLIENT = 30


@dataclass(frozen=True)
class Attempt:
    """One sign-in: the account named (an e-mail, or the public prefix of a token) and
    where it came from. The secret itself is not kept."""

    email: str
    token_prefix: str
    client: str
    via: str  # password | token (at the sign-in form) | bearer (an API request)

    @classmethod
    def of(cls, email: str, token: str, client: str) -> Attempt:
        if token:
            return cls("", _prefix(token), client, "token")
        return cls(email.strip().lower()[:320], "", client, "password")

    @classmethod
    def bearer(cls, token: str, client: str) -> Attempt:
        return cls("", _prefix(token), client, "bearer")

    @property
    def by_token(self) -> bool:
        return self.via in ("token", "bearer")

    @property
    def account_key(self) -> str:
        return f"t:{self.token_prefix}" if self.by_token else f"e:{self.email}"


def _prefix(token: str) -> str:
    """The public part of ``vgl_<prefix>_<secret>``; empty for anything else."""
    parts = token.strip().split("_")
    return parts[1][:32] if len(parts) >= 3 and parts[0] == "vgl" else ""


class LoginGuard:
    """The throttle of failed sign-ins (see the module's docstring); 0 turns it off."""

    def __init__(self, per_account: int = PER_ACCOUNT, per_client: int = PER_CLIENT):
        self.account = RateLimiter(per_account)
        self.client = RateLimiter(per_client)
        self._noted: dict[str, float] = {}  # account -> end of the throttle already logged
        self._lock = threading.Lock()

    def wait(self, attempt: Attempt) -> float:
        """Seconds until this attempt may be checked (0: now)."""
        return max(self.account.peek(attempt.account_key), self.client.peek(f"c:{attempt.client}"))

    def failed(self, attempt: Attempt, named: bool = True) -> None:
        """Spend the attempt's buckets; ``named=False``: it named no account, so only
        its client's (a bucket per made-up account name would grow without end)."""
        if named:
            self.account.take(attempt.account_key)
        self.client.take(f"c:{attempt.client}")

    def first_refusal(self, attempt: Attempt, wait: float) -> bool:
        """True once per throttle of an account: the refusal worth an audit entry."""
        now = time.monotonic()
        with self._lock:
            if self._noted.get(attempt.account_key, 0.0) > now:
                return False
            self._noted = {k: v for k, v in self._noted.items() if v > now}
            self._noted[attempt.account_key] = now + wait
            return True


def _account(conn: sa.Connection, attempt: Attempt) -> tuple[sa.Row | None, str]:
    """The user the attempt named, and why signing in as them failed."""
    u, t = st.users, st.api_tokens
    if attempt.by_token:
        if not attempt.token_prefix:
            return None, "malformed token"
        row = conn.execute(
            sa.select(u.c.id, u.c.organisation_id, u.c.disabled_at, t.c.revoked_at)
            .join(t, t.c.user_id == u.c.id)
            .where(t.c.prefix == attempt.token_prefix)
        ).first()
        if row is None:
            return None, "unknown token"
        if row.revoked_at is not None:
            return row, "token revoked"
        return row, "account disabled" if row.disabled_at is not None else "wrong token"
    row = conn.execute(
        sa.select(u.c.id, u.c.organisation_id, u.c.disabled_at, u.c.password_hash).where(
            u.c.email == attempt.email
        )
    ).first()
    if row is None:
        return None, "unknown account"
    if row.disabled_at is not None:
        return row, "account disabled"
    return row, "no password set" if not row.password_hash else "wrong password"


def record_failure(engine: sa.Engine, attempt: Attempt, throttled: bool = False) -> bool:
    """Audit a failed (or throttled) sign-in or bearer token in the tried account's
    organisation; False when it named no account (then only the server's log has it).

    The refusal stands whatever happens here: when the database cannot take the entry
    (down, locked, full) the failure goes to the server's log and the caller still
    answers 401, not 500."""
    try:
        return _record_failure(engine, attempt, throttled)
    except sa.exc.SQLAlchemyError as exc:
        log.error(
            "could not audit a refused %s from %s: %s: %s",
            attempt.via,
            attempt.client,
            type(exc).__name__,
            exc,
        )
        return False


def _record_failure(engine: sa.Engine, attempt: Attempt, throttled: bool) -> bool:
    api = attempt.via == "bearer"
    with engine.begin() as conn:
        row, reason = _account(conn, attempt)
        if row is None:
            what = "rejected bearer token" if api else "failed sign-in"
            log.warning("%s by %s from %s: %s", what, attempt.via, attempt.client, reason)
            return False
        if throttled:
            action = "auth_throttled" if api else "login_throttled"
            reason = "too many rejected tokens" if api else "too many failed sign-ins"
        else:
            action = "auth_rejected" if api else "login_failed"
        record(
            conn,
            row.organisation_id,
            f"anonymous:{attempt.client}",
            action,
            "user",
            row.id,
            via=attempt.via,
            reason=reason,
            client=attempt.client,
        )
    return True


def record_rejection(engine: sa.Engine, guard: LoginGuard, token: str, client: str) -> None:
    """Audit an API request refused for its bearer token, throttled by ``guard`` (see
    the module's docstring). Only a token that names an account spends that account's
    bucket, so a flood of made-up prefixes leaves no bucket behind."""
    attempt = Attempt.bearer(token, client)
    wait = guard.wait(attempt)
    if wait > 0:
        if guard.first_refusal(attempt, wait):
            record_failure(engine, attempt, throttled=True)
        return
    guard.failed(attempt, named=record_failure(engine, attempt))
