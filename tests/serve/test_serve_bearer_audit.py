"""An API request refused for its bearer token (401) is audited like a failed sign-in:
in the organisation of the token's owner, as ``anonymous:<client>``, with the reason
and never the token. A flood of bad tokens writes a bounded number of entries (five a
minute per token, then one for the throttle), and the throttle only limits the log:
the token's owner is not locked out of the API."""

from __future__ import annotations

import json

import sqlalchemy as sa

from vigil.registry import tables as rt
from vigil.registry.db import open_db


def test_rejected_bearer_tokens_are_audited_and_throttled(server):
    alpha = server.orgs["Alpha"]
    forged = alpha.viewer[: alpha.viewer.rindex("_") + 1] + "x" * 40  # the viewer's prefix
    with server.client(forged) as c:
        r = c.get("/api/v1/sites")
    assert r.status_code == 401
    (entry,) = server.audit("Alpha", "auth_rejected")
    assert entry["object_type"] == "user" and entry["object_id"] == str(alpha.users["viewer"])
    assert entry["actor"] == "anonymous:127.0.0.1"
    assert entry["detail"] == {"via": "bearer", "reason": "wrong token", "client": "127.0.0.1"}
    assert server.audit("Bravo", "auth_rejected") == []  # only the owner's organisation

    # a token naming no account, or no token at all: in no organisation's log
    with server.client("vgl_nosuchprefix_" + "y" * 40) as c:
        assert c.get("/api/v1/sites").status_code == 401
    with server.client() as c:
        assert c.get("/api/v1/sites").status_code == 401

    # a flood: every request is refused, but the log gets five entries and one throttle
    with server.client(forged) as c:
        assert all(c.get("/api/v1/sites").status_code == 401 for _ in range(12))
    assert len(server.audit("Alpha", "auth_rejected")) == 5
    (throttled,) = server.audit("Alpha", "auth_throttled")
    assert throttled["object_id"] == str(alpha.users["viewer"])
    assert throttled["detail"]["reason"] == "too many rejected tokens"
    # the throttle holds back the log, not the owner: the real token still works
    with server.client(alpha.viewer) as c:
        assert c.get("/api/v1/sites").status_code == 200

    with open_db(server.db) as store, store.engine.connect() as conn:
        log = json.dumps(
            [dict(r) for r in conn.execute(sa.select(rt.audit_log)).mappings()], default=str
        )
    assert "x" * 40 not in log and "nosuchprefix" not in log


def _refuse_audit_entries(url: str) -> None:
    """Make the database itself refuse audit entries (as a full or failing disk would)."""
    with open_db(url) as store, store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'audit store unavailable'; END $$ LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_down()"
            )


def test_a_refusal_stands_when_its_audit_entry_cannot_be_written(server):
    alpha = server.orgs["Alpha"]
    forged = alpha.viewer[: alpha.viewer.rindex("_") + 1] + "x" * 40
    _refuse_audit_entries(server.db)
    with server.client(forged) as c:
        assert c.get("/api/v1/sites").status_code == 401  # not 500
    with server.client(alpha.viewer) as c:
        assert c.get("/api/v1/sites").status_code == 200
    assert server.audit("Alpha", "auth_rejected") == []  # it was refused, not written
