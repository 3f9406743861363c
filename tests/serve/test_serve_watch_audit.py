"""The watch's alerts are audited in their organisation as ``system:watch`` (the
watch's own assess-and-alert step over stored news and the stored registry)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from serve_helpers import event_record

from vigil.registry import tables as rt
from vigil.registry.db import open_db
from vigil.registry.model import Organisation, RegisteredSite, Registry
from vigil.registry.repo import save_registry
from vigil.watch.work import assess_and_alert


def test_the_watchs_alerts_are_audited_as_the_watch(db_url):
    a, o = rt.audit_log, rt.organisations
    with open_db(db_url) as store:
        site = RegisteredSite("Camp Taji", 33.53, 44.25, organisation="Org W", country="IRQ")
        save_registry(store.engine, Registry([Organisation("Org W")], [site], []))
        store.save(event_record("art-1", 33.54, 44.25, "2026-12-01", "Taji"))
        raised = assess_and_alert(store, at=date(2026, 12, 2))
        with store.engine.connect() as conn:
            made = conn.execute(
                sa.select(o.c.name, a.c.actor)
                .join(o, o.c.id == a.c.organisation_id)
                .where(a.c.object_type == "alert")
            ).all()
    assert raised and len(made) == raised
    assert set(made) == {("Org W", "system:watch")}
