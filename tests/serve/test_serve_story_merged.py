"""A story merged into another still answers at its old id over a real server, on both
databases: with the story it joined, and a Content-Location naming that story."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vigil.document import Document
from vigil.registry.db import open_db
from vigil.stories.clustering.compare import DEFAULT
from vigil.stories.clustering.scorer import NAMES, Model
from vigil.stories.read import resolve, stories

DAY = date(2024, 3, 4)
RAID = "Rockets struck the airfield beside the river overnight, wrecking three hangars."
REPAIR = "Engineers rebuilt the damaged runway lights while cranes lifted burnt aircraft."
#: Only the overall cosine counts (p = 0.5 at cosine 0.5): the third report, telling
#: both, bridges the first two (as in tests/stories/test_stories_bridge.py; the bar is
#: lower here, as the seeded articles make the words' IDF different).
P = replace(
    DEFAULT,
    model=Model(
        tuple(10.0 if n == "cos_all" else 0.0 for n in NAMES), -5.0, 0.3, {}, merge_threshold=0.3
    ),
)


def test_a_merged_story_answers_with_the_story_it_joined(server):
    from vigil.stories.update import update

    texts = [(RAID, "Airfield rocket raid"), (REPAIR, "Runway crews at work")]
    docs = [
        Document(
            raw_text=text,
            source=f"https://www.outlet{i}.example/r{i}",
            title=title,
            published=DAY,
            url=f"https://www.outlet{i}.example/r{i}",
        )
        for i, (text, title) in enumerate([*texts, (f"{RAID} {REPAIR}", "Raid and repairs")])
    ]
    with open_db(server.db) as store:
        update(store, P)  # the seeded articles first
        store.save(docs[0])
        store.save(docs[1])
        update(store, P)
        ids = {s["title"]: int(s["id"][1:]) for s in stories(store.engine)}
        keep, gone = ids["Airfield rocket raid"], ids["Runway crews at work"]
        store.save(docs[2])
        assert update(store, P) == 1
        assert resolve(store.engine, gone) == keep
    with server.client(server.orgs["Bravo"].viewer) as c:
        direct = c.get(f"/api/v1/stories/{keep}")
        old = c.get(f"/api/v1/stories/{gone}")
        listed = {s["id"] for s in c.get("/api/v1/stories", params={"limit": 100}).json()["items"]}
    assert old.status_code == 200
    assert old.headers["content-location"] == f"/api/v1/stories/{keep}"
    assert "content-location" not in direct.headers
    assert old.json() == direct.json()
    story = old.json()
    assert story["id"] == keep and story["merged"] == [f"s{gone}"]
    assert {a["title"] for a in story["articles"]} >= {
        "Airfield rocket raid",
        "Runway crews at work",
    }
    assert keep in listed and gone not in listed
