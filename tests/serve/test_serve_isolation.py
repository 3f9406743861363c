"""Another organisation's objects are invisible: 404 exactly like a missing object, for
every object type and verb, in every list and search, and on the live stream."""

from __future__ import annotations

import json
import threading
from datetime import date

from serve_helpers import record_assessment

MISSING = 999_999


def _same_as_missing(client, method: str, path_of, theirs: int, body=None) -> None:
    kw = {"json": body} if body is not None else {}
    r_theirs = client.request(method, path_of(theirs), **kw)
    r_missing = client.request(method, path_of(MISSING), **kw)
    assert r_theirs.status_code == 404, (method, path_of(theirs), r_theirs.text)
    assert r_missing.status_code == 404
    assert r_theirs.json() == r_missing.json() == {"error": {"status": 404, "message": "not found"}}


def test_cross_organisation_every_type_and_verb_and_stream(server):
    alpha, bravo = server.orgs["Alpha"], server.orgs["Bravo"]
    b_site = bravo.sites["Erbil Base"]
    with server.client(alpha.admin) as c:
        # single objects, every verb
        cases = [
            ("GET", lambda i: f"/api/v1/sites/{i}", b_site, None),
            ("PATCH", lambda i: f"/api/v1/sites/{i}", b_site, {"people": 5}),
            ("DELETE", lambda i: f"/api/v1/sites/{i}", b_site, None),
            ("GET", lambda i: f"/api/v1/sites/{i}/history", bravo.sites["Camp Taji"], None),
            ("GET", lambda i: f"/api/v1/events?site={i}", b_site, None),
            ("GET", lambda i: f"/api/v1/presence/{i}", bravo.presence[0], None),
            ("PATCH", lambda i: f"/api/v1/presence/{i}", bravo.presence[0], {"people": 1}),
            ("DELETE", lambda i: f"/api/v1/presence/{i}", bravo.presence[0], None),
            ("GET", lambda i: f"/api/v1/alerts/{i}", bravo.alerts[0], None),
            ("POST", lambda i: f"/api/v1/alerts/{i}/ack", bravo.alerts[0], {"note": "x"}),
            ("GET", lambda i: f"/api/v1/subscriptions/{i}", bravo.subscriptions[0], None),
            ("DELETE", lambda i: f"/api/v1/subscriptions/{i}", bravo.subscriptions[0], None),
            ("GET", lambda i: f"/api/v1/feeds/{i}", bravo.feeds[0], None),
            ("DELETE", lambda i: f"/api/v1/feeds/{i}", bravo.feeds[0], None),
            ("DELETE", lambda i: f"/api/v1/users/{i}", bravo.users["viewer"], None),
        ]
        for method, path_of, theirs, body in cases:
            _same_as_missing(c, method, path_of, theirs, body)
        # a viewer of Alpha gets the same 404 (not 403) for Bravo's alert
        with server.client(alpha.viewer) as v:
            _same_as_missing(v, "POST", lambda i: f"/api/v1/alerts/{i}/ack", bravo.alerts[0])
        # lists and searches hold only Alpha's objects
        sites = c.get("/api/v1/sites").json()["items"]
        assert {s["id"] for s in sites} == set(alpha.sites.values())
        assert c.get("/api/v1/sites", params={"q": "Erbil"}).json()["items"] == []
        alerts = c.get("/api/v1/alerts").json()["items"]
        assert {a["id"] for a in alerts} == set(alpha.alerts)
        assert c.get("/api/v1/alerts", params={"site": "Erbil Base"}).json()["items"] == []
        hist = c.get("/api/v1/assessments/history").json()["items"]
        assert hist and all(h["subject"] in alpha.sites for h in hist)
        now = c.get("/api/v1/assessments", params={"at": "2026-12-02"}).json()["items"]
        assert {a["subject"] for a in now if a["subject_type"] == "site"} == set(alpha.sites)
        assert all(a["organisation"] == "Alpha" for a in now)
        assert [p["id"] for p in c.get("/api/v1/presence").json()["items"]] == alpha.presence
        assert [f["id"] for f in c.get("/api/v1/feeds").json()["items"]] == alpha.feeds
        subs = c.get("/api/v1/subscriptions").json()["items"]
        assert [s["id"] for s in subs] == alpha.subscriptions
        assert set(u["id"] for u in c.get("/api/v1/users").json()["items"]) == set(
            alpha.users.values()
        )
        exported = c.get("/api/v1/sites/export", params={"format": "geojson"}).json()
        names = {f["properties"].get("name") for f in exported["features"]}
        assert "Erbil Base" not in names and "Camp Taji" in names
        # an import cannot write into another organisation, whatever the file says
        yaml_text = "organisation: Bravo\nsites:\n  - {name: Smuggled, lat: 1, lon: 1}\n"
        assert (
            c.post(
                "/api/v1/sites/import", content=yaml_text, headers={"content-type": "text/plain"}
            ).status_code
            == 200
        )
        # the same site name in Alpha's org was not confused with Bravo's Camp Taji
        r = c.post(
            "/api/v1/subscriptions",
            json={"channel": "email", "target": "duty@bravo.example", "site": "Erbil Base"},
        )
        assert r.status_code == 404
        # uniqueness is per organisation: Bravo's identical subscription (same address, a
        # "Camp Taji" of its own) neither blocks nor reveals itself
        r = c.post(
            "/api/v1/subscriptions",
            json={"channel": "email", "target": "duty@bravo.example", "site": "Camp Taji"},
        )
        assert r.status_code == 201, r.text
        assert r.json()["id"] not in bravo.subscriptions
        feed = c.post("/api/v1/feeds", json={"url": "https://bravo.example/rss.xml"})
        assert feed.status_code == 201 and feed.json()["id"] not in bravo.feeds, feed.text
        same_site = c.post("/api/v1/sites", json={"name": "Erbil Base", "lat": 36.0, "lon": 44.0})
        assert same_site.status_code == 201, same_site.text  # Bravo's name is no obstacle
        audit = [
            a for a in c.get("/api/v1/audit").json()["items"] if a["actor"] == "admin@alpha.example"
        ]
        # every 404 above wrote nothing; the import, subscription and site did
        assert sorted(a["action"] + ":" + a["object_type"] for a in audit) == [
            "create:feed",
            "create:site",
            "create:subscription",
            "import:site",
        ]
    with server.client(bravo.admin) as b:
        # Bravo's objects are untouched by all of the above
        assert b.get(f"/api/v1/sites/{b_site}").status_code == 200
        assert b.get(f"/api/v1/feeds/{bravo.feeds[0]}").status_code == 200
        assert [f["id"] for f in b.get("/api/v1/feeds").json()["items"]] == bravo.feeds
        assert b.get(f"/api/v1/subscriptions/{bravo.subscriptions[0]}").json()["active"] is True
        assert b.get(f"/api/v1/alerts/{bravo.alerts[0]}").json()["acknowledged_at"] is None
        names = {s["name"] for s in b.get("/api/v1/sites").json()["items"]}
        assert names == {"Erbil Base", "Camp Taji"}  # "Smuggled" went to Alpha, not here
        bravo_log = b.get("/api/v1/audit").json()["items"]
        # only the seeding: its command line and the alerts its assessments raised
        assert bravo_log and all(a["actor"].startswith(("cli:", "system:")) for a in bravo_log)
        subs = b.get("/api/v1/subscriptions").json()["items"]
        assert [x["id"] for x in subs] == bravo.subscriptions
    _stream_carries_only_own_organisation(server)
    _webhooks_carry_only_own_organisation(server)


def _webhooks_carry_only_own_organisation(server):
    """Both organisations have a "Camp Taji"; Alpha's subscriptions (one for the site, one
    for all its sites, made through the API) queue only Alpha's alerts."""
    import sqlalchemy as sa

    from vigil.registry import tables as rt
    from vigil.registry.db import open_db

    with server.client(server.orgs["Alpha"].admin) as c:
        r = c.post(
            "/api/v1/subscriptions", json={"channel": "email", "target": "all@alpha.example"}
        )
        assert r.status_code == 201, r.text
    record_assessment(
        server.db, "Bravo", "Camp Taji", 33.53, 44.26, 5, "Bravo's Taji.", date(2026, 12, 5)
    )
    record_assessment(
        server.db, "Alpha", "Camp Taji", 33.53, 44.25, 5, "Alpha's Taji.", date(2026, 12, 5)
    )
    d, a, s, o = rt.deliveries, rt.alerts, rt.subscriptions, rt.organisations
    with open_db(server.db) as store, store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(a.c.organisation, o.c.name, s.c.target).select_from(
                d.join(a, a.c.id == d.c.alert_id)
                .join(s, s.c.id == d.c.subscription_id)
                .join(o, o.c.id == s.c.organisation_id)
            )
        ).all()
    assert {(r[0], r[2]) for r in rows if r[1] == "Alpha"} >= {
        ("Alpha", "duty@alpha.example"),
        ("Alpha", "all@alpha.example"),
    }
    assert all(alert_org == owner for alert_org, owner, _ in rows), rows
    assert any(r[0] == "Bravo" for r in rows)  # Bravo's own subscription got Bravo's alert


def _stream_carries_only_own_organisation(server):
    import httpx

    got: list[tuple[str, dict]] = []
    ready = threading.Event()

    def listen():
        headers = {"authorization": f"Bearer {server.orgs['Alpha'].viewer}"}
        with httpx.stream("GET", server.base + "/api/v1/stream", headers=headers, timeout=20) as r:
            assert r.status_code == 200
            event = None
            for line in r.iter_lines():
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event:
                    if event == "ready":
                        ready.set()
                    else:
                        got.append((event, json.loads(line.split(":", 1)[1])))
                        if any(e == "alert" and d["site"] == "Baghdad Office" for e, d in got):
                            return

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    assert ready.wait(20)
    # Bravo first: must never arrive; then Alpha's
    record_assessment(
        server.db, "Bravo", "Erbil Base", 36.19, 44.01, 5, "Bravo only.", date(2026, 12, 3)
    )
    record_assessment(
        server.db, "Alpha", "Baghdad Office", 33.31, 44.36, 3, "Alpha news.", date(2026, 12, 3)
    )
    t.join(20)
    assert not t.is_alive(), f"no Alpha alert on the stream: {got}"
    subjects = {d.get("subject") or d.get("site") for _, d in got}
    assert "Baghdad Office" in subjects and "Erbil Base" not in subjects
    assert {e for e, _ in got} == {"assessment", "alert"}
