"""Five reports of one rocket attack on a base: one event alert, CAP Updates when the
facts grow (more dead, the attacker named), level floors at the site that decay."""

from __future__ import annotations

from datetime import date, timedelta

import yaml
from story_helpers import FILLER, CountingRunner, report

from vigil.alert.feeds import cap_xml
from vigil.alert.outbox import list_alerts
from vigil.alert.service import process
from vigil.assess.config import load_weights
from vigil.assess.run import assess_stored
from vigil.registry.db import open_db
from vigil.registry.io import load_registry
from vigil.registry.repo import load_registry_db, save_registry
from vigil.store.ingest import ingest

TAJI = ("Camp Taji", 33.5294, 44.2775, "IRQ")
SITES = {
    "organisation": "Coalition Trainers",
    "sites": [
        {
            "name": "Camp Taji",
            "lat": 33.5294,
            "lon": 44.2775,
            "kind": "base",
            "radius_km": 25,
            "people": 40,
            "aliases": ["Taji"],
            "tags": ["foreign-military"],
        },
    ],
}


def rocket(n, outlet, published, dead=None, when="2024-03-01", actor=None):
    text = (
        "Rockets struck Camp Taji overnight, the coalition said"
        + (f", killing {dead} soldiers" if dead else "")
        + (f". {actor} claimed the attack" if actor else "")
        + f". Report {n} of our correspondent. "
        + FILLER
    )
    return report(
        text,
        title=f"Rockets hit Camp Taji ({n})",
        url=f"https://www.{outlet}/t{n}",
        published=published,
        place=TAJI,
        site="Camp Taji",
        category="ASSAULT",
        mode="aerial",
        fatalities=dead,
        when=when,
        actor=actor,
    )


REPORTS = [
    rocket(1, "reuters.com", date(2024, 3, 1)),
    rocket(2, "apnews.com", date(2024, 3, 1), dead=2),
    rocket(3, "wsj.com", date(2024, 3, 2), dead=2, when=None),
    rocket(4, "thetimes.co.uk", date(2024, 3, 2), dead=3, actor="Kataib Hezbollah"),
    rocket(5, "bbc.co.uk", date(2024, 3, 3), dead=3, when=None),
]


def run(db_url, tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(SITES))
    levels = []
    with open_db(db_url) as store:
        save_registry(store.engine, load_registry(path))
        for doc in REPORTS:
            ingest(store, [doc], CountingRunner())
            (a,) = assess_stored(
                store,
                load_registry_db(store.engine),
                doc.published,
                load_weights(),
                site="Camp Taji",
            )
            levels.append(a.level)
            process(store.engine, [a])
        alerts = list(reversed(list_alerts(store.engine)))
    return levels, alerts


def test_one_attack_alerts_once_and_updates_when_facts_grow(db_url, tmp_path):
    levels, alerts = run(db_url, tmp_path)
    events = [a for a in alerts if a.kind == "severe_event"]
    assert len(events) == 3, [a.headline for a in events]  # first + 2 updates (report 2, 4)
    first, *updates = events
    assert first.payload.get("msg_type") is None
    assert "msgType>Alert</" in cap_xml(first)
    assert [u.payload["facts"]["fatalities"] for u in updates] == [2, 3]
    assert "Kataib Hezbollah" in updates[1].payload["facts"]["actors"]
    for u in updates:
        xml = cap_xml(u)
        assert "msgType>Update</" in xml
        assert (
            f"references>vigil@localhost,vigil-{first.id}," in xml
        )  # <references> the first alert
        assert u.payload["incident"] == first.payload["incident"]
    # a rocket strike on the site: level 3 at once; people killed there: level 4
    assert levels[0] == 3 and max(levels[1:]) == 4
    assert [a.level for a in alerts if a.kind == "level_change"] == [3, 4]


def test_floors_decay_as_quiet_days_pass(db_url, tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(SITES))
    with open_db(db_url) as store:
        save_registry(store.engine, load_registry(path))
        ingest(store, REPORTS[:2], CountingRunner())
        reg = load_registry_db(store.engine)
        lv = {}
        for days in (0, 2, 4, 8, 20):
            (a,) = assess_stored(
                store,
                reg,
                date(2024, 3, 1) + timedelta(days=days),
                load_weights(),
                site="Camp Taji",
            )
            lv[days] = a.level
    assert lv[0] >= 4 and lv[2] >= 4
    assert lv[4] == 3 and lv[8] <= 2 and lv[20] == 1


def test_five_outlets_and_a_syndicated_copy_alert_once_then_an_update_with_more_dead(
    db_url, tmp_path
):
    """The lead's note: how many alerts one development raises, report by report."""
    import dataclasses

    outlets = ["reuters.com", "apnews.com", "aljazeera.com", "wsj.com", "thetimes.co.uk"]
    desks = ["Baghdad bureau", "Erbil stringer", "Doha desk", "Washington staff", "London desk"]
    told = [
        dataclasses.replace(  # five outlets, each its own wording around the same facts
            doc,
            raw_text=doc.raw_text.replace(
                "Report", f"Written by our {desk}, who visited the base's gate; report"
            ),
        )
        for doc, desk in zip(
            (rocket(i, o, date(2024, 3, 1), dead=2) for i, o in enumerate(outlets, 1)),
            desks,
            strict=True,
        )
    ]
    first = told[0]
    copy = dataclasses.replace(
        first,
        raw_text="By Wire Staff. " + first.raw_text,
        url="https://news.example.com/wire/taji",
        source="https://news.example.com/wire/taji",
        title="Rockets hit Camp Taji (wire)",
    )
    more_dead = rocket(7, "bbc.co.uk", date(2024, 3, 2), dead=5)
    path = tmp_path / "sites.yaml"
    path.write_text(yaml.safe_dump(SITES))
    events_after: list[int] = []
    copies = 0
    with open_db(db_url) as store:
        save_registry(store.engine, load_registry(path))
        for doc in [*told, copy, more_dead]:
            copies += ingest(store, [doc], CountingRunner()).copies
            (a,) = assess_stored(
                store,
                load_registry_db(store.engine),
                doc.published,
                load_weights(),
                site="Camp Taji",
            )
            process(store.engine, [a])
            events_after.append(
                sum(1 for x in list_alerts(store.engine) if x.kind == "severe_event")
            )
        alerts = list(reversed(list_alerts(store.engine)))
    assert copies == 1  # the wire copy is a further source, not a report
    # five outlets and the copy: one alert; the report with more dead: one Update
    assert events_after == [1, 1, 1, 1, 1, 1, 2], events_after
    alert, update = [a for a in alerts if a.kind == "severe_event"]
    assert update.payload["facts"]["fatalities"] == 5
    assert "msgType>Update</" in cap_xml(update)
    assert f"references>vigil@localhost,vigil-{alert.id}," in cap_xml(update)
