"""Deleting a site takes what exists only because of it (its assessments, alerts with
their deliveries and acknowledgements, subscriptions scoped to it) in one transaction,
within the organisation only, and audits it; a new site of the same name starts clean.
Through the API and the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from serve_helpers import record_assessment, seed
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.registry import tables as rt
from vigil.registry.db import open_db
from vigil.serve import tables as st

TAJI = ("Camp Taji", 33.53, 44.25)


def _counts(url: str, org: str, site: str) -> dict[str, int]:
    """How many assessments, alerts, pending deliveries and scoped subscriptions name
    ``site`` in ``org``."""
    a, al, s, d, o = rt.assessments, rt.alerts, rt.subscriptions, rt.deliveries, rt.organisations
    with open_db(url) as store, store.engine.connect() as conn:
        oid = conn.scalar(sa.select(o.c.id).where(o.c.name == org))
        alert_ids = sa.select(al.c.id).where(al.c.organisation == org, al.c.site == site)

        def n(stmt) -> int:
            return conn.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))

        return {
            "assessments": n(sa.select(a.c.id).where(a.c.organisation == org, a.c.subject == site)),
            "alerts": n(alert_ids),
            "deliveries": n(sa.select(d.c.id).where(d.c.alert_id.in_(alert_ids))),
            "subscriptions": n(
                sa.select(s.c.id).where(s.c.organisation_id == oid, s.c.site == site)
            ),
        }


def test_api_delete_takes_the_sites_history_and_a_new_namesake_starts_clean(server):
    alpha = server.orgs["Alpha"]
    site_id = alpha.sites["Camp Taji"]
    before_bravo = _counts(server.db, "Bravo", "Camp Taji")
    assert min(_counts(server.db, "Alpha", "Camp Taji").values()) > 0  # seeded history
    with server.client(alpha.analyst) as c:  # an acknowledgement goes with its alert
        assert c.post(f"/api/v1/alerts/{alpha.alerts[0]}/ack", json={}).status_code == 200
    with server.client(server.orgs["Bravo"].admin) as c:  # another org's: 404, nothing gone
        assert c.delete(f"/api/v1/sites/{site_id}").status_code == 404
    assert min(_counts(server.db, "Alpha", "Camp Taji").values()) > 0
    with server.client(alpha.admin) as c:
        assert c.delete(f"/api/v1/sites/{site_id}").status_code == 204
        assert _counts(server.db, "Alpha", "Camp Taji") == dict.fromkeys(before_bravo, 0)
        with open_db(server.db) as store, store.engine.connect() as conn:  # cascaded
            acks = sa.select(st.alert_acks).where(st.alert_acks.c.alert_id == alpha.alerts[0])
            assert conn.execute(acks).first() is None
        entry = c.get("/api/v1/audit").json()["items"][0]
        assert (entry["action"], entry["object_id"]) == ("delete", str(site_id))
        assert entry["detail"]["removed"]["alerts"] == len(alpha.alerts)
        assert entry["detail"]["removed"]["subscriptions"] == 1
        # a new site of the same name: no level, no history, no alerts, no subscribers
        new = c.post("/api/v1/sites", json={"name": "Camp Taji", "lat": 33.5, "lon": 44.2}).json()
        got = c.get(f"/api/v1/sites/{new['id']}").json()
        assert got["level"] is None and got["reasons"] == []
        assert c.get(f"/api/v1/sites/{new['id']}/history").json()["items"] == []
        assert c.get("/api/v1/alerts", params={"site": "Camp Taji"}).json()["items"] == []
        subs = c.get("/api/v1/subscriptions").json()["items"]
        assert [x for x in subs if x["site"] == "Camp Taji"] == []
    # the other organisation's namesake keeps everything
    assert _counts(server.db, "Bravo", "Camp Taji") == before_bravo
    # the new site's first assessment alerts as a first one, not silenced by the old keys
    record_assessment(server.db, "Alpha", *TAJI, 4, "rockets struck Camp Taji.", date(2026, 12, 1))
    assert _counts(server.db, "Alpha", "Camp Taji")["alerts"] == 1


def test_cli_delete_is_one_audited_transaction_in_one_organisation(db_url):
    seed(db_url)
    run = CliRunner().invoke
    missing = run(app, ["sites", "delete", "Nowhere", "--org", "Alpha", "--db", db_url])
    assert missing.exit_code == 1 and "no site" in missing.output
    bravo = _counts(db_url, "Bravo", "Camp Taji")
    res = run(app, ["sites", "delete", "Camp Taji", "--org", "Alpha", "--db", db_url])
    assert res.exit_code == 0, res.output
    assert _counts(db_url, "Alpha", "Camp Taji") == dict.fromkeys(bravo, 0)
    assert _counts(db_url, "Bravo", "Camp Taji") == bravo
    with open_db(db_url) as store, store.engine.connect() as conn:
        names = conn.scalars(sa.select(rt.sites.c.name).order_by(rt.sites.c.name)).all()
        log = conn.execute(
            sa.select(rt.audit_log).where(rt.audit_log.c.action == "delete")
        ).mappings()
        (entry,) = list(log)
    assert names == ["Baghdad Office", "Camp Taji", "Erbil Base"]  # Bravo's Taji stays
    assert entry["actor"].startswith("cli:") and entry["detail"]["name"] == "Camp Taji"
    assert entry["detail"]["removed"]["assessments"] == 2
