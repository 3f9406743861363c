"""Build event records directly for scoring tests (no pipeline needed)."""

from __future__ import annotations

from datetime import date

from vigil.assess.evidence import EventRecord, Party
from vigil.records import EntityRef, Event, Evidence
from vigil.registry.model import RegisteredSite


def site(
    name="Alpha Base", lat=10.0, lon=20.0, radius_km=20.0, tags=(), org="Org A", country="TCD"
):
    return RegisteredSite(
        name=name,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        tags=list(tags),
        organisation=org,
        country=country,
    )


def rec(
    eid="v1",
    category="ASSAULT",
    mode=None,
    lat=None,
    lon=None,
    country="TCD",
    precision="exact",
    place="Somewhere",
    day="2021-03-10",
    published="2021-03-11",
    fatalities=None,
    negated=False,
    hypothetical=False,
    actors=(),
    recipients=(),
    text="A sentence saying what happened.",
    article="a1",
    source="https://news.example/a1",
    where=True,
    acled=None,
    actor_types=None,
) -> EventRecord:
    w = None
    if where:
        w = {"name": place, "lat": lat, "lon": lon, "country": country, "precision": precision}
    ev = Event(
        id=eid,
        category=category,
        mode=mode,
        negated=negated,
        hypothetical=hypothetical,
        actor=[EntityRef(None, a) for a in actors],
        recipient=[EntityRef(None, r) for r in recipients],
        where=w,
        when={"value": day, "granularity": "day"} if day else None,
        fatalities=fatalities,
        acled=acled,
        evidence=[Evidence(text, 0, len(text))],
    )
    types = actor_types or [None] * len(actors)
    return EventRecord(
        event=ev,
        article_id=article,
        source=source,
        title="A title",
        published=date.fromisoformat(published) if published else None,
        url=source,
        actors=[Party(a, t) for a, t in zip(actors, types, strict=False)],
        recipients=[Party(r) for r in recipients],
        article_country=country,
    )
