"""Helpers of the serve tests: a real ``vigil serve`` process on a free loopback port,
over each real database, with two organisations (Alpha, Bravo) that each have sites, alerts, assessments,
presence, a feed and a subscription, and users of every role."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from vigil.serve.process import free_port, start, stop  # noqa: F401 - stop: for the tests

ROOT = Path(__file__).resolve().parents[2]
VIGIL = Path(sys.executable).with_name("vigil")
PASSWORD = "watch-floor-pw"


@dataclass
class Org:
    name: str
    admin: str = ""
    analyst: str = ""
    viewer: str = ""
    sites: dict[str, int] = field(default_factory=dict)
    alerts: list[int] = field(default_factory=list)
    presence: list[int] = field(default_factory=list)
    feeds: list[int] = field(default_factory=list)
    subscriptions: list[int] = field(default_factory=list)
    users: dict[str, int] = field(default_factory=dict)


def event_record(article_id: str, lat: float, lon: float, day: str, place: str) -> dict:
    """A stored article with one attack event at a point (the store's record shape)."""
    sentence = f"Gunmen attacked a convoy near {place}, killing two guards."
    return {
        "id": article_id,
        "source": f"test:{article_id}",
        "title": f"Attack near {place}",
        "published": day,
        "text": sentence,
        "entities": [],
        "quotes": [],
        "places": [
            {
                "text": place,
                "start": 30,
                "end": 30 + len(place),
                "name": place,
                "lat": lat,
                "lon": lon,
                "country": "IRQ",
                "level": "city",
            }
        ],
        "events": [
            {
                "id": "e1",
                "category": "ASSAULT",
                "mode": "attack",
                "where": {
                    "name": place,
                    "lat": lat,
                    "lon": lon,
                    "country": "IRQ",
                    "precision": "exact",
                },
                "when": {"value": day, "granularity": "day"},
                "fatalities": 2,
                "acled": {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                "evidence": [sentence],
                "confidence": 0.9,
            }
        ],
        "times": [],
    }


def reason(site: str, sentence: str, article_id: str) -> object:
    from vigil.assess.model import Reason

    return Reason(
        event_id="e1",
        article_id=article_id,
        category="ASSAULT",
        mode="attack",
        sentence=sentence,
        source="test",
        title="Attack",
        published="2026-12-01",
        date="2026-12-01",
        place=site,
        distance_km=2.0,
        relation="inside radius",
        fatalities=2,
        hypothetical=False,
        severity=3.0,
        place_factor=1.0,
        recency=1.0,
        corroboration=1.0,
        sources=["test"],
        contribution=3.0,
    )


def record_assessment(
    url: str,
    org: str,
    site: str,
    lat: float,
    lon: float,
    level: int,
    sentence: str,
    at: date = date(2026, 12, 1),
) -> None:
    from vigil.alert.service import process
    from vigil.assess.model import Assessment
    from vigil.registry.db import open_db

    a = Assessment(
        subject_type="site",
        subject=site,
        organisation=org,
        at=at,
        window_days=14,
        level=level,
        posture=f"posture {level}",
        score=float(level * 10),
        trend="rising",
        reasons=[reason(site, sentence, "art-taji")],  # a stored article
        lat=lat,
        lon=lon,
        radius_km=10.0,
    )
    with open_db(url) as store:
        process(store.engine, [a])


def seed(url: str) -> dict[str, Org]:
    import sqlalchemy as sa

    from vigil.registry import tables as rt
    from vigil.registry.db import open_db
    from vigil.registry.model import Organisation, Presence, RegisteredSite, Registry
    from vigil.registry.repo import save_registry
    from vigil.serve.auth import accounts

    orgs = {"Alpha": Org("Alpha"), "Bravo": Org("Bravo")}
    places = {
        "Alpha": [("Camp Taji", 33.53, 44.25), ("Baghdad Office", 33.31, 44.36)],
        "Bravo": [("Erbil Base", 36.19, 44.01), ("Camp Taji", 33.53, 44.26)],
    }
    with open_db(url) as store:
        eng = store.engine
        for name, org in orgs.items():
            accounts.add_org(eng, name)
            reg = Registry(
                [Organisation(name)],
                [
                    RegisteredSite(n, la, lo, people=25 * (i + 1), organisation=name, country="IRQ")
                    for i, (n, la, lo) in enumerate(places[name])
                ],
                [Presence("IRQ", 12, "staff", organisation=name)],
            )
            save_registry(eng, reg)
            for role in ("admin", "analyst", "viewer"):
                email = f"{role}@{name.lower()}.example"
                pw = PASSWORD if role == "admin" else None  # argon2 is slow on purpose
                org.users[role] = accounts.add_user(eng, email, name, role, pw)
                setattr(org, role, accounts.create_token(eng, email))
            with eng.connect() as conn:
                oid = conn.scalar(
                    sa.select(rt.organisations.c.id).where(rt.organisations.c.name == name)
                )
                for r in conn.execute(sa.select(rt.sites).where(rt.sites.c.organisation_id == oid)):
                    org.sites[r.name] = r.id
                org.presence = [
                    r.id
                    for r in conn.execute(
                        sa.select(rt.presence.c.id).where(rt.presence.c.organisation_id == oid)
                    )
                ]
            from vigil.watch.feeds import add_feed

            feed, _ = add_feed(eng, f"https://{name.lower()}.example/rss.xml", organisation=name)
            org.feeds.append(feed.id)
            from vigil.alert.outbox import subscribe

            sid = subscribe(
                eng,
                "email",
                f"duty@{name.lower()}.example",
                site=places[name][0][0],
                organisation=name,
            )
            org.subscriptions.append(sid)
        store.save(event_record("art-taji", 33.54, 44.25, "2026-12-01", "Taji"))
        store.save(event_record("art-erbil", 36.2, 44.0, "2026-11-20", "Erbil"))
    for name, org in orgs.items():
        site, lat, lon = places[name][0]
        record_assessment(
            url, name, site, lat, lon, 2, f"{name} saw shots fired at {site}.", date(2026, 11, 30)
        )
        record_assessment(url, name, site, lat, lon, 4, f"{name}: rockets struck {site}.")
        with open_db(url) as store, store.engine.connect() as conn:
            org.alerts = [
                r.id
                for r in conn.execute(
                    sa.select(rt.alerts.c.id).where(rt.alerts.c.organisation == name)
                )
            ]
        assert org.alerts, "seeding must raise alerts"
    return orgs


@dataclass
class Server:
    base: str
    db: str
    orgs: dict[str, Org]
    proc: subprocess.Popen

    def client(self, token: str | None = None, **kw) -> httpx.Client:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30, **kw)

    def audit(self, org: str, action: str) -> list[dict]:
        """The organisation's audit entries of one action, as its admin reads them."""
        with self.client(self.orgs[org].admin) as c:
            items = c.get("/api/v1/audit", params={"limit": 500}).json()["items"]
        return [x for x in items if x["action"] == action]


def start_server(
    db: str,
    rate_limit: int = 0,
    env: dict | None = None,
    cli: bool = False,
    extra: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """A real server process: uvicorn with the app factory (fast start), or with
    ``cli=True`` the ``vigil serve`` command itself."""
    port = free_port()
    command = None
    if cli:
        command = [str(VIGIL), "serve", "--db", db, "--port", str(port)]
        command += ["--rate-limit", str(rate_limit), *extra]
    return start(
        db,
        rate_limit=rate_limit,
        env={"VIGIL_SERVE_POLL_S": "0.2", **(env or {})},
        command=command,
        port=port,
    )
