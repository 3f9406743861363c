"""The audit log: every write to an organisation's data, by whom, from the API, the web
app or the command line.

One writer for all three, so the log reads the same whichever door a change came
through. The actor is the user's e-mail for API and web requests, and
``cli:<operating-system user>`` for the command line (which has no vigil user:
whoever can run it on the server can open the database anyway, so the log names
the account that did). What the system writes on its own is ``system:<component>``:
alerts raised by ``system:assess`` or ``system:watch``, delivery attempts by
``system:outbox``. A failed sign-in is ``anonymous:<client address>``
(``auth.attempts``).

It lives with the registry, below the server, because it is every organisation's
log rather than the watch floor's: the alert outbox and the watch write to it
without a server running.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

import sqlalchemy as sa

from vigil.registry import tables as rt
from vigil.registry.db import utcnow


def cli_actor() -> str:
    """``cli:<login name>``; the uid when the system knows no name for it (a container)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = f"uid{os.getuid()}"
    return f"cli:{name}"


def record(
    conn: sa.Connection,
    organisation_id: int,
    actor: str,
    action: str,
    object_type: str,
    object_id: Any = None,
    user_id: int | None = None,
    **detail: Any,
) -> None:
    """Append one entry to ``organisation_id``'s log, in the caller's transaction."""
    conn.execute(
        sa.insert(rt.audit_log).values(
            organisation_id=organisation_id,
            user_id=user_id,
            actor=actor[:320],
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id)[:200],
            detail=detail,
            at=utcnow(),
        )
    )


def record_cli(
    engine: sa.Engine,
    organisation: str,
    action: str,
    object_type: str,
    object_id: Any = None,
    **detail: Any,
) -> None:
    """A command-line write to ``organisation`` (by name; it exists by now)."""
    with engine.begin() as conn:
        oid = conn.scalar(
            sa.select(rt.organisations.c.id).where(rt.organisations.c.name == organisation)
        )
        if oid is not None:
            record(conn, oid, cli_actor(), action, object_type, object_id, **detail)
