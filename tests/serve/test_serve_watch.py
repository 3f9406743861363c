"""The watch floor's data over a real server, on both databases: stories with canonical
events, presence edits, renaming a site (its history follows), assessments computed once
per state of the data."""

from __future__ import annotations

import json
from datetime import date

from serve_helpers import event_record, record_assessment

from vigil.registry.db import open_db


def _second_report(article_id: str, dead: int, outlet: str) -> dict:
    """Another outlet's report of the seeded Taji attack, with its own death toll."""
    rec = event_record(article_id, 33.54, 44.25, "2026-12-01", "Taji")
    text = f"Gunmen attacked a convoy near Taji, killing {dead} guards, police said."
    rec |= {"url": f"https://{outlet}/taji", "source": f"https://{outlet}/taji", "text": text}
    rec["events"][0] |= {"fatalities": dead, "evidence": [text]}
    return rec


def test_stories_and_canonical_events(server):
    from vigil.stories.update import update

    with open_db(server.db) as store:
        store.save(_second_report("art-taji-b", 5, "other.example"))
        store.save(_second_report("art-taji-c", 5, "third.example"))
        assert update(store) >= 3
    with server.client(server.orgs["Bravo"].viewer) as c:
        everything = c.get("/api/v1/stories").json()
        assert everything["cursor"] is None and len(everything["items"]) == 2
        recent = c.get("/api/v1/stories", params={"since": "2026-11-25"}).json()["items"]
        assert len(recent) == 1  # the Erbil story (2026-11-20) is older
        taji = recent[0]
        assert taji["article_count"] == 3 and taji["disputed"] is True
        first = c.get("/api/v1/stories", params={"limit": 1}).json()
        second = c.get("/api/v1/stories", params={"limit": 1, "cursor": first["cursor"]}).json()
        assert {first["items"][0]["id"], second["items"][0]["id"]} == {
            s["id"] for s in everything["items"]
        }
        story = c.get(f"/api/v1/stories/{taji['id']}").json()
        assert story["public_id"] == f"s{taji['id']}"
        assert {a["id"] for a in story["articles"]} == {"art-taji", "art-taji-b", "art-taji-c"}
        (event,) = story["events"]
        assert event["report_count"] == 3 and event["source_count"] >= 2
        assert event["first_seen"] and event["disputed"] is True
        killed = {f["value"] for f in event["figures"] if f["about"] == "killed"}
        assert killed == {2, 5}
        # shared news: nothing any organisation owns appears in it
        text = json.dumps(story)
        for private in ("Camp Taji", "Baghdad Office", "Erbil Base", "Alpha", "Bravo", "duty@"):
            assert private not in text
        missing = c.get("/api/v1/stories/999999")
        assert missing.status_code == 404
    with server.client(server.orgs["Alpha"].viewer) as c:  # the same for every organisation
        assert c.get(f"/api/v1/stories/{taji['id']}").json() == story


def test_presence_can_be_changed(server):
    alpha = server.orgs["Alpha"]
    pid = alpha.presence[0]
    with server.client(alpha.viewer) as v:
        assert v.patch(f"/api/v1/presence/{pid}", json={"people": 3}).status_code == 403
    with server.client(alpha.admin) as c:
        r = c.patch(f"/api/v1/presence/{pid}", json={"people": 30, "who": "contractors"})
        assert r.status_code == 200, r.text
        assert r.json() == {"id": pid, "country": "IRQ", "people": 30, "who": "contractors"}
        assert c.get(f"/api/v1/presence/{pid}").json()["people"] == 30
        log = c.get("/api/v1/audit").json()["items"][0]
        assert (log["action"], log["object_type"], log["detail"]["changes"]["people"]) == (
            "update",
            "presence",
            30,
        )
        # a value one database cannot hold (PostgreSQL: NUL in text) is the request's fault
        odd = c.patch(f"/api/v1/presence/{pid}", json={"who": "a\x00b"})
        assert odd.status_code in (200, 422), odd.text
        assert c.get("/api/v1/alerts", params={"site": "a\x00b"}).status_code in (200, 422)


def test_renaming_a_site_keeps_its_history_alerts_and_subscribers(server):
    alpha, bravo = server.orgs["Alpha"], server.orgs["Bravo"]
    sid = alpha.sites["Camp Taji"]
    record_assessment(
        server.db, "Bravo", "Camp Taji", 33.53, 44.26, 3, "Bravo's.", date(2026, 12, 1)
    )
    with server.client(alpha.admin) as c:
        alerts_before = c.get("/api/v1/alerts", params={"site": "Camp Taji"}).json()["items"]
        assert alerts_before
        r = c.patch(f"/api/v1/sites/{sid}", json={"name": "Taji Garrison"})
        assert r.status_code == 200 and r.json()["name"] == "Taji Garrison"
        site = c.get(f"/api/v1/sites/{sid}").json()
        assert site["level"] == 4 and site["reasons"]  # its latest assessment followed
        history = c.get(f"/api/v1/sites/{sid}/history").json()["items"]
        assert [h["level"] for h in history] == [4, 2]
        moved = c.get("/api/v1/alerts", params={"site": "Taji Garrison"}).json()["items"]
        assert [a["id"] for a in moved] == [a["id"] for a in alerts_before]
        assert c.get("/api/v1/alerts", params={"site": "Camp Taji"}).json()["items"] == []
        subs = c.get("/api/v1/subscriptions").json()["items"]
        assert [s["site"] for s in subs] == ["Taji Garrison"]
    with server.client(bravo.admin) as b:  # Bravo's own Camp Taji is not renamed
        assert b.get("/api/v1/alerts", params={"site": "Camp Taji"}).json()["items"]
        own = b.get(f"/api/v1/sites/{bravo.sites['Camp Taji']}/history").json()["items"]
        assert [h["level"] for h in own] == [3]
    # the next assessment at the same level is no change: the previous level was found
    record_assessment(
        server.db, "Alpha", "Taji Garrison", 33.53, 44.25, 4, "Quiet.", date(2026, 12, 4)
    )
    with server.client(alpha.admin) as c:
        after = c.get("/api/v1/alerts", params={"site": "Taji Garrison"}).json()["items"]
    known = {a["id"] for a in moved}
    assert not [a for a in after if a["kind"] == "level_change" and a["id"] not in known]


def test_assessments_are_computed_once_per_state_of_the_data(server):
    alpha = server.orgs["Alpha"]
    params = {"at": "2026-12-02"}
    with server.client(alpha.viewer) as c:
        first = c.get("/api/v1/assessments", params=params)
        again = c.get("/api/v1/assessments", params=params)
        assert first.status_code == again.status_code == 200
        assert first.headers["x-assessed-at"] == again.headers["x-assessed-at"]
        assert first.json() == again.json()
        office = {a["subject"]: a for a in first.json()["items"]}["Baghdad Office"]
        # a new article near the office: the next request recomputes and sees it
        with open_db(server.db) as store:
            store.save(event_record("art-office", 33.311, 44.361, "2026-12-02", "Baghdad"))
        fresh = c.get("/api/v1/assessments", params=params)
        assert fresh.headers["x-assessed-at"] != first.headers["x-assessed-at"]
        now = {a["subject"]: a for a in fresh.json()["items"]}["Baghdad Office"]
        assert now["score"] > office["score"]
    with server.client(alpha.admin) as c:  # so does an edited site
        before = c.get("/api/v1/assessments", params=params).headers["x-assessed-at"]
        c.patch(f"/api/v1/sites/{alpha.sites['Baghdad Office']}", json={"radius_km": 50})
        assert c.get("/api/v1/assessments", params=params).headers["x-assessed-at"] != before
