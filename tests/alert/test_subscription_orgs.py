"""Subscriptions belong to one organisation, whether made from the command line or the API,
and receive only that organisation's alerts; the migration gives old rows an owner."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import sqlalchemy as sa
from alembic import command
from alert_helpers import SITE, assessment, strike
from typer.testing import CliRunner

from vigil.alert import outbox
from vigil.alert.service import process
from vigil.assess.config import load_weights
from vigil.assess.score.site import assess_site
from vigil.cli.main import app
from vigil.registry import tables as rt
from vigil.registry.db import open_db
from vigil.store.engine import alembic_config, create_engine, migrate, resolve_url


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _delivered_to(engine: sa.Engine) -> set[tuple[str, str]]:
    d, a, s = rt.deliveries, rt.alerts, rt.subscriptions
    with engine.connect() as conn:
        return {
            (r.organisation, r.target)
            for r in conn.execute(
                sa.select(a.c.organisation, s.c.target).select_from(
                    d.join(a, a.c.id == d.c.alert_id).join(s, s.c.id == d.c.subscription_id)
                )
            )
        }


def test_cli_subscriptions_receive_only_their_organisations_alerts(db_url):
    # the same address subscribed for two organisations, and one for the default one
    for org in ("Org B", "Org C"):
        res = run(
            "alerts", "subscribe", "--email", "shared@x.example", "--org", org, "--db", db_url
        )
        assert res.exit_code == 0, res.output
        assert f"of {org}" in res.output
    assert run("alerts", "subscribe", "--email", "root@x.example", "--db", db_url).exit_code == 0
    other = replace(SITE, organisation="Org C", name="Outpost")
    with open_db(db_url) as store:
        eng = store.engine
        b_alerts = process(eng, [assessment([strike()])])  # Org B's Forward Post
        c_alerts = process(eng, [assess_site(other, [strike()], date(2022, 5, 3), load_weights())])
        assert b_alerts and c_alerts
        got = _delivered_to(eng)
        assert got == {("Org B", "shared@x.example"), ("Org C", "shared@x.example")}
        with eng.connect() as conn:
            owners = dict(
                conn.execute(
                    sa.select(rt.subscriptions.c.target, rt.organisations.c.name).join(
                        rt.organisations,
                        rt.organisations.c.id == rt.subscriptions.c.organisation_id,
                    )
                ).all()
            )
        assert owners["root@x.example"] == "default"  # no --org: the default organisation
        # the command line's writes are in each organisation's audit log, with the actor
        with eng.connect() as conn:
            rows = conn.execute(
                sa.select(rt.organisations.c.name, rt.audit_log.c.actor, rt.audit_log.c.action)
                .join(rt.organisations, rt.organisations.c.id == rt.audit_log.c.organisation_id)
                .where(rt.audit_log.c.object_type == "subscription")
            ).all()
        assert {r.name for r in rows} == {"Org B", "Org C", "default"}
        assert all(r.actor.startswith("cli:") and r.action == "create" for r in rows)


def test_migration_gives_every_subscription_an_owner(db_url):
    """A database at 0005: an API subscription (owned) and a CLI one (no owner); after
    the upgrade the first keeps its owner, the second is the default organisation's."""
    engine = create_engine(resolve_url(db_url))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005_serve")
    md = sa.MetaData()
    subs = sa.Table("subscriptions", md, autoload_with=engine)
    owners = sa.Table("subscription_owners", md, autoload_with=engine)
    orgs = sa.Table("organisations", md, autoload_with=engine)
    now = datetime(2026, 12, 1)
    with engine.begin() as conn:
        alpha = conn.execute(sa.insert(orgs).values(name="Alpha")).inserted_primary_key[0]
        common = dict(channel="email", secret=None, site=None, allow_private=False, active=True)
        owned = conn.execute(
            sa.insert(subs).values(target="a@x.example", created_at=now, **common)
        ).inserted_primary_key[0]
        loose = conn.execute(
            sa.insert(subs).values(target="b@x.example", created_at=now, **common)
        ).inserted_primary_key[0]
        conn.execute(sa.insert(owners).values(subscription_id=owned, organisation_id=alpha))
    migrate(engine)
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                sa.select(rt.subscriptions.c.id, rt.organisations.c.name).join(
                    rt.organisations, rt.organisations.c.id == rt.subscriptions.c.organisation_id
                )
            ).all()
        )
    assert rows == {owned: "Alpha", loose: "default"}
    assert "subscription_owners" not in sa.inspect(engine).get_table_names()
    # uniqueness is per organisation now: Bravo may subscribe the same address
    assert outbox.subscribe(engine, "email", "a@x.example", organisation="Bravo") != owned
    assert outbox.subscribe(engine, "email", "a@x.example", organisation="Alpha") == owned
    engine.dispose()
