"""When a bridged splinter is merged into an older story: canonical events of the two that
are one event become one (older id kept, alerts re-pointed), and the splinter's id still
resolves (``vigil show``, the API)."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
import yaml
from story_helpers import report
from test_stories_alerts import SITES, TAJI
from test_stories_bridge import RAID, REPAIR, P
from typer.testing import CliRunner

from vigil.alert.feeds import cap_xml
from vigil.alert.outbox import list_alerts
from vigil.alert.service import process
from vigil.assess.config import load_weights
from vigil.assess.run import assess_stored
from vigil.cli.main import app
from vigil.registry.db import open_db
from vigil.registry.io import load_registry
from vigil.registry.repo import load_registry_db, save_registry
from vigil.registry.tables import audit_log
from vigil.store import open_store
from vigil.stories import tables as t
from vigil.stories import update
from vigil.stories.read import resolve, stories

DAY = date(2024, 3, 1)


def doc(i, text, title, outlet, **kw):
    kw.setdefault("when", DAY.isoformat())
    return report(text, title=title, url=f"https://www.{outlet}/a{i}", published=DAY, **kw)


def unplaced(i, text, outlet, dead):
    """A report of the attack that places it nowhere: it can only merge within its story."""
    return doc(i, text, f"Report {i}", outlet, category="ASSAULT", mode="aerial", fatalities=dead)


def canonical(conn) -> list[dict]:
    return [
        dict(r)
        for r in conn.execute(
            sa.select(t.canonical_events).order_by(t.canonical_events.c.id)
        ).mappings()
    ]


def test_merged_stories_fold_their_duplicate_canonical_events(db_url):
    """Story 1 and the splinter 2 each hold an unplaced report of one attack (6 and 8
    dead): apart they could not merge; once the bridge merges the stories, they must."""
    docs = [
        unplaced(1, RAID, "reuters.com", 6),
        unplaced(2, REPAIR, "ap.org", 8),
        unplaced(3, f"{RAID} {REPAIR}", "apnews.com", 6),  # AP again: one owner
    ]
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        with store.engine.connect() as conn:
            assert update(store, P, limit=2) == 2
            before = canonical(conn)
        assert [e["story_id"] for e in before] == [1, 2]  # one per story: not yet one
        assert update(store, P) == 1
        with store.engine.connect() as conn:
            after = canonical(conn)
            reports = (
                conn.execute(sa.select(t.canonical_event_reports.c.canonical_id)).scalars().all()
            )
        (ev,) = after
        assert ev["id"] == before[0]["id"]  # the older id survives
        assert ev["story_id"] == 1 and set(reports) == {ev["id"]}
        assert ev["report_count"] == 3
        assert ev["source_count"] == 2  # Reuters, Associated Press (ap.org + apnews.com)
        assert ev["owners"] == ["Associated Press", "Thomson Reuters"]
        assert ev["first_seen"] == min(e["first_seen"] for e in before)
        assert ev["fatalities"] == 8
        figures = {f["value"]: {s["domain"] for s in f["sources"]} for f in ev["figures"]}
        assert figures == {6: {"reuters.com", "apnews.com"}, 8: {"ap.org"}}
        (story,) = stories(store.engine)
        (out,) = story["events"]
        assert out["disputed"] is True and out["report_count"] == 3
        assert update(store, P) == 0  # re-running changes nothing
        with store.engine.connect() as conn:
            assert canonical(conn) == after


def test_an_alert_about_the_folded_event_is_updated_not_repeated(db_url, tmp_path):
    """The splinter's event at the site raised the alert; the story's older, unplaced
    event of the same attack survives the fold. A later report with the dead is a CAP
    Update of that first alert."""
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(SITES))
    at_taji = {"place": TAJI, "site": "Camp Taji", "category": "ASSAULT", "mode": "aerial"}

    def assess_and_alert(store):
        reg = load_registry_db(store.engine)
        (a,) = assess_stored(store, reg, DAY, load_weights(), site="Camp Taji")
        process(store.engine, [a])

    with open_db(db_url) as store:
        save_registry(store.engine, load_registry(path))
        store.save(unplaced(1, RAID, "reuters.com", None))
        store.save(doc(2, REPAIR, "Runway crews", "apnews.com", **at_taji))
        assert update(store, P) == 2
        assess_and_alert(store)
        (first,) = [a for a in list_alerts(store.engine) if a.kind == "severe_event"]
        assert first.payload["incident"].endswith(":ce2")
        store.save(doc(3, f"{RAID} {REPAIR}", "Raid and repairs", "bbc.co.uk"))
        assert update(store, P) == 1  # bridges: story 2 and its event ce2 fold into 1
        (moved,) = [a for a in list_alerts(store.engine) if a.kind == "severe_event"]
        assert moved.id == first.id and moved.payload["incident"].endswith(":ce1")
        assert moved.dedupe_key.startswith(moved.payload["incident"] + ":")
        assert "<incidents>vigil-ce1</" in cap_xml(moved).replace("cap:", "")
        with store.engine.connect() as conn:
            log = conn.execute(
                sa.select(audit_log.c.actor, audit_log.c.action, audit_log.c.object_id).where(
                    audit_log.c.object_type == "alert", audit_log.c.action == "update"
                )
            ).all()
        assert [tuple(x) for x in log] == [("system:stories", "update", str(first.id))]
        later = f"{RAID} Five soldiers were killed, the coalition said."
        store.save(doc(4, later, "Five killed at Taji", "aljazeera.com", fatalities=5, **at_taji))
        assert update(store, P) == 1
        assess_and_alert(store)
        alerts = [a for a in list_alerts(store.engine) if a.kind == "severe_event"]
    assert len(alerts) == 2, [a.headline for a in alerts]
    latest = max(alerts, key=lambda a: a.id)
    assert latest.payload["incident"] == moved.payload["incident"]
    assert latest.payload.get("msg_type") == "Update"
    assert f"vigil-{first.id}," in cap_xml(latest)


def test_a_merged_story_id_resolves_to_the_story_it_joined(db_url):
    docs = [
        doc(1, RAID, "Airfield rocket raid", "reuters.com"),
        doc(2, REPAIR, "Runway crews at work", "apnews.com"),
        doc(3, f"{RAID} {REPAIR}", "Raid and repairs", "bbc.co.uk"),
    ]
    with open_store(db_url) as store:
        for d in docs[:2]:
            store.save(d)
        assert update(store, P) == 2
        assert resolve(store.engine, 2) == 2
        store.save(docs[2])
        assert update(store, P) == 1
        assert resolve(store.engine, 2) == 1 and resolve(store.engine, 1) == 1
        assert resolve(store.engine, 99) is None
        (story,) = stories(store.engine)  # the merged one is not listed on its own
        assert story["id"] == "s1" and story["merged"] == ["s2"]
        assert len(story["articles"]) == 3
        # a new story after the merge never gets the merged one's id (SQLite reuses
        # the largest deleted rowid)
        store.save(
            doc(4, "A ferry capsized in the bay; divers searched all day.", "Ferry", "x.org")
        )
        assert update(store, P) == 1
        assert resolve(store.engine, 3) == 3
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "s2", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "s2 was merged into s1" in shown.stdout and "Airfield rocket raid" in shown.stdout
    listed = json.loads(runner.invoke(app, ["stories", "--format", "json", "--db", db_url]).stdout)
    assert [s["id"] for s in listed] == ["s3", "s1"]
    assert "merged from s2" in runner.invoke(app, ["stories", "--db", db_url]).stdout
