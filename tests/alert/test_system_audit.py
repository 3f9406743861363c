"""What the system writes on its own is audited: each alert the assessment raises (actor
``system:assess``, or ``system:watch`` from the watch) and each delivery attempt (actor
``system:outbox``), in the organisation it belongs to, in the same transaction as the
write. Both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from alert_helpers import SITE, assessment, strike

from vigil.alert import delivery, outbox
from vigil.alert.service import process
from vigil.assess.config import load_weights
from vigil.assess.score.site import assess_site
from vigil.registry import tables as rt
from vigil.registry.db import open_db


def _log(engine: sa.Engine) -> list[dict]:
    a, o = rt.audit_log, rt.organisations
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(a, o.c.name.label("org"))
            .join(o, o.c.id == a.c.organisation_id)
            .order_by(a.c.id)
        ).mappings()
        return [dict(r) for r in rows]


def test_alerts_and_deliveries_are_audited_as_the_system(db_url):
    other = replace(SITE, organisation="Org C", name="Outpost")
    with open_db(db_url) as store:
        eng = store.engine
        good = outbox.subscribe(eng, "email", "duty@b.example", organisation="Org B")
        bad = outbox.subscribe(eng, "email", "down@b.example", organisation="Org B")
        outbox.subscribe(eng, "email", "duty@c.example", organisation="Org C")
        from_watch = process(eng, [assessment([strike()])], "watch")
        from_assess = process(
            eng, [assess_site(other, [strike()], date(2022, 5, 3), load_weights())]
        )
        assert from_watch and from_assess
        assert process(eng, [assessment([strike()])], "watch") == []  # nothing new, no entry
        made = [x for x in _log(eng) if x["object_type"] == "alert"]
        assert [(x["org"], x["actor"], x["action"], x["object_id"]) for x in made] == [
            *(("Org B", "system:watch", "create", str(a.id)) for a in from_watch),
            *(("Org C", "system:assess", "create", str(a.id)) for a in from_assess),
        ]
        assert sorted(made[0]["detail"]["subscriptions"]) == sorted([good, bad])
        assert made[0]["detail"]["site"] == "Forward Post" and made[0]["user_id"] is None

        def send(sub, alert):
            if sub.target.startswith("down@"):
                raise ConnectionError("mail server refused")

        report = delivery.deliver(eng, send)
        assert report.failed == len(from_watch) and report.delivered > 0
        sent = [x for x in _log(eng) if x["object_type"] == "delivery"]
        assert {x["actor"] for x in sent} == {"system:outbox"}
        assert len(sent) == report.delivered + report.failed
        failed = [x for x in sent if x["action"] == "delivery_failed"]
        assert {(x["org"], x["detail"]["subscription"]) for x in failed} == {("Org B", bad)}
        assert "mail server refused" in failed[0]["detail"]["error"]
        assert failed[0]["detail"]["attempts"] == 1
        ok = [x for x in sent if x["action"] == "deliver"]
        assert {x["org"] for x in ok} == {"Org B", "Org C"}
        assert all(x["detail"]["error"] is None for x in ok)
