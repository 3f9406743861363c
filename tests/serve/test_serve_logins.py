"""Failed sign-ins are audited in the organisation of the account tried (never the
secret, never an e-mail that names no account), and throttled: after five failures
in a minute the account's sign-ins are refused unchecked, with one audit entry for
the throttle rather than one per attempt."""

from __future__ import annotations

import json

import sqlalchemy as sa
from serve_helpers import PASSWORD

from vigil.registry import tables as rt
from vigil.registry.db import open_db

WRONG = "Tr0ub4dor&3-not-it"


def _login(server, **form):
    with server.client() as web:
        return web.post("/login", data=form)


def test_failed_sign_ins_are_audited_and_throttled(server):
    alpha = server.orgs["Alpha"]
    admin_id = alpha.users["admin"]
    r = _login(server, email="ADMIN@alpha.example ", password=WRONG)
    assert r.headers["location"] == "/login?error=1"
    (entry,) = server.audit("Alpha", "login_failed")
    assert entry["object_type"] == "user" and entry["object_id"] == str(admin_id)
    assert entry["actor"] == "anonymous:127.0.0.1"
    assert entry["detail"] == {"via": "password", "reason": "wrong password", "client": "127.0.0.1"}
    assert server.audit("Bravo", "login_failed") == []  # only the account's organisation
    # a token whose secret is wrong names its account by its public prefix
    forged = alpha.viewer[: alpha.viewer.rindex("_") + 1] + "x" * 40
    assert _login(server, token=forged).headers["location"] == "/login?error=1"
    tokens = [x for x in server.audit("Alpha", "login_failed") if x["detail"]["via"] == "token"]
    assert [x["detail"]["reason"] for x in tokens] == ["wrong token"]
    assert tokens[0]["object_id"] == str(alpha.users["viewer"])
    # an address that names no account (a password typed there?) is in no audit log
    _login(server, email=WRONG + "@nowhere.example", password=WRONG)
    with open_db(server.db) as store, store.engine.connect() as conn:
        log = json.dumps(
            [dict(r) for r in conn.execute(sa.select(rt.audit_log)).mappings()], default=str
        )
    assert WRONG not in log and len(server.audit("Alpha", "login_failed")) == 2

    # four more failures on the admin: the sixth attempt is refused unchecked, even right
    for _ in range(4):
        assert _login(server, email="admin@alpha.example", password=WRONG).status_code == 303
    for _ in range(3):
        r = _login(server, email="admin@alpha.example", password=PASSWORD)
        assert r.headers["location"] == "/login?error=throttled" and "set-cookie" not in r.headers
        assert int(r.headers["retry-after"]) >= 1
    failed = [x for x in server.audit("Alpha", "login_failed") if x["detail"]["via"] == "password"]
    assert len(failed) == 5
    (throttled,) = server.audit("Alpha", "login_throttled")
    assert throttled["object_id"] == str(admin_id)
    # another account is not held back by this one's throttle
    ok = _login(server, email="admin@bravo.example", password=PASSWORD)
    assert ok.headers["location"] == "/" and "set-cookie" in ok.headers
