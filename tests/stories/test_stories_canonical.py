"""Canonical events: merge rules (category, actors, distance by precision, time by
granularity), disputed figures with who said which, independent sources by owner."""

from __future__ import annotations

from datetime import date

from story_helpers import FILLER, CountingRunner, report

from vigil.store import open_store
from vigil.store.ingest import ingest
from vigil.stories.canonical import Report, compatible, interval
from vigil.stories.read import stories
from vigil.stories.sources import independent_count, outlet, outlet_for


def rep(**kw) -> Report:
    base = dict(
        article_id="a",
        event_id="v1",
        category="ASSAULT",
        acled_type=None,
        actors=["Red Hand"],
        recipients=[],
        place="X",
        lat=33.0,
        lon=44.0,
        country="IRQ",
        precision="exact",
        lo=date(2024, 3, 1),
        hi=date(2024, 3, 3),
        granularity="day",
        fatalities=None,
        claimed_by=None,
        story_id=1,
        domain="reuters.com",
        published=date(2024, 3, 2),
    )
    base.update(kw)
    return Report(**base)


def canon(**kw) -> dict:
    base = dict(
        category="ASSAULT",
        actors=["Red Hand"],
        lat=33.0,
        lon=44.0,
        country="IRQ",
        precision="exact",
        day_lo=date(2024, 3, 2),
        day_hi=date(2024, 3, 2),
        story_id=1,
    )
    base.update(kw)
    return base


def test_category_and_actors_must_agree():
    assert compatible(rep(), canon())
    assert not compatible(rep(category="PROTEST"), canon())
    assert not compatible(rep(actors=["Blue Crescent"]), canon())
    assert compatible(rep(actors=["Red Hand militants"]), canon())  # one name inside the other
    assert compatible(rep(actors=[]), canon())  # an unnamed attacker agrees with anyone


def test_distance_allowed_grows_with_precision():
    # about 0.45 degrees of latitude: ~50 km
    far = dict(lat=33.45, lon=44.0)
    assert not compatible(rep(**far), canon())  # two exact points 50 km apart
    assert not compatible(rep(**far, precision="near"), canon())  # near: 25 km
    assert compatible(rep(**far, precision="admin"), canon())  # a province: 150 km
    assert compatible(rep(lat=None, lon=None, precision="country"), canon())
    assert not compatible(rep(lat=None, lon=None, precision="country", country="SYR"), canon())


def test_time_compatible_at_its_granularity():
    assert interval({"value": "2024-03", "granularity": "month"}, None) == (
        date(2024, 3, 1),
        date(2024, 3, 31),
    )
    assert interval(
        {"value": "2024-03-05", "granularity": "day", "source": "published"}, date(2024, 3, 5)
    ) == (date(2024, 3, 2), date(2024, 3, 5))
    month = interval({"value": "2024-03", "granularity": "month"}, None)
    assert compatible(rep(lo=month[0], hi=month[1], granularity="month"), canon())
    assert not compatible(rep(lo=date(2024, 4, 1), hi=date(2024, 4, 1)), canon())
    # unknown time: only within one story
    assert compatible(rep(lo=None, hi=None), canon())
    assert not compatible(rep(lo=None, hi=None, story_id=2), canon())


def test_independent_sources_count_owners_once():
    assert outlet("wsj.com").owner == outlet("thetimes.co.uk").owner == "News Corp"
    assert independent_count({"wsj.com", "thetimes.co.uk", "nypost.com"}) == 1
    assert independent_count({"wsj.com", "reuters.com", "unknown-blog.example"}) == 3
    assert outlet_for("https://edition.cnn.com/x").name == "CNN"
    assert outlet("unknown-blog.example").grade == "F"  # documented default


def attack(n: int, outlet_domain: str, dead: int, said_by: str | None):
    text = (
        f"Rockets struck the airfield at Tall Afar on Monday, killing {dead} people, "
        f"{said_by or 'officials'} said. Outlet {n} reporting. " + FILLER
    )
    return report(
        text,
        title=f"Attack kills {dead}",
        url=f"https://www.{outlet_domain}/a{n}",
        published=date(2024, 3, 5),
        place=("Tall Afar", 36.37, 42.45, "IRQ"),
        category="ASSAULT",
        fatalities=dead,
        claimed_by=said_by,
        org="Red Hand",
        when="2024-03-04",
    )


def test_one_event_many_reports_with_disputed_figures(db_url):
    docs = [
        attack(1, "reuters.com", 6, "the health ministry"),
        attack(2, "wsj.com", 6, None),
        attack(3, "thetimes.co.uk", 8, "a hospital official"),  # News Corp again
        attack(4, "bbc.co.uk", 8, "a hospital official"),
    ]
    with open_store(db_url) as store:
        ingest(store, docs, CountingRunner())
        (story,) = stories(store.engine)
    assert len(story["articles"]) == 4
    assert story["source_count"] == 3  # Reuters, News Corp (WSJ + The Times), BBC
    (ev,) = [e for e in story["events"] if e["category"] == "ASSAULT"]
    assert ev["report_count"] == 4 and ev["source_count"] == 3
    assert ev["fatalities"] == 8 and ev["disputed"]
    said = {
        f["value"]: {(s["outlet"]["name"], s["claimed_by"]) for s in f["sources"]}
        for f in ev["figures"]
    }
    assert said == {
        6: {("Reuters", "the health ministry"), ("The Wall Street Journal", None)},
        8: {("The Times", "a hospital official"), ("BBC", "a hospital official")},
    }
