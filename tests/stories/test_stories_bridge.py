"""A new article that fits its story and a splinter bridges them: the splinter is merged,
online (only the stories it touches); two established stories are never merged."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from story_helpers import fail_after, report, stories_of

from vigil.store import open_store
from vigil.stories import tables as t
from vigil.stories import update
from vigil.stories.clustering.compare import DEFAULT, merge_profiles
from vigil.stories.clustering.features import features
from vigil.stories.clustering.online import Clusterer, combine, decide
from vigil.stories.clustering.scorer import NAMES, Model

DAY = date(2024, 3, 4)
RAID = "Rockets struck the airfield beside the river overnight, wrecking three hangars."
REPAIR = "Engineers rebuilt the damaged runway lights while cranes lifted burnt aircraft."

#: Only the overall cosine counts: p = 0.5 at cosine 0.5 (a model easy to reason about).
COSINE = Model(
    tuple(10.0 if n == "cos_all" else 0.0 for n in NAMES), -5.0, 0.3, {}, merge_threshold=0.5
)
P = replace(DEFAULT, model=COSINE)


TAJI = ("Camp Taji", 33.53, 44.28, "IRQ")
HERAT = ("Herat", 34.35, 62.2, "AFG")


def doc(i: int, text: str, title: str, place=TAJI, category: str = "ASSAULT"):
    return report(
        text,
        title=title,
        url=f"https://www.outlet{i}.example/a{i}",
        published=DAY,
        category=category,
        place=place,
    )


def bridge_docs():
    """A raid, a report on repairs (nothing in common with it), and one telling both."""
    return [
        doc(1, RAID, "Airfield rocket raid"),
        doc(2, REPAIR, "Runway crews at work", HERAT, "PROTEST"),
        doc(3, f"{RAID} {REPAIR}", "Airfield raid, runway crews at work"),
    ]


def feats(docs):
    return [features({"id": d.id, **d.to_record()}) for d in docs]


def test_an_article_that_fits_a_story_and_a_splinter_merges_them_in_memory():
    f1, f2, f3 = feats(bridge_docs())
    c = Clusterer(P)
    assert c.add(f1) == 1 and c.add(f2) == 2  # nothing in common: two stories
    d = decide(f3, c.profiles, c.df, c.n, P, c.cache)
    assert d.story is not None and d.merged and d.probability >= 0.5
    assert c.add(f3) == 1
    assert set(c.assignment.values()) == {1} and list(c.profiles) == [1]
    assert c.profiles[1]["n"] == 3
    # the merge threshold above any probability: no bridge, the splinter stays
    c = Clusterer(replace(P, merge_threshold=1.01))
    for f in (f1, f2, f3):
        c.add(f)
    assert sorted(set(c.assignment.values())) == [1, 2]


def test_two_established_stories_are_not_merged():
    docs = bridge_docs()
    f1, f2, f3 = feats(docs)
    g1, g2 = feats(
        [doc(4, RAID, "Airfield rocket raid"), doc(5, REPAIR, "Runway", HERAT, "PROTEST")]
    )
    c = Clusterer(P)
    for f in (f1, f2, g1, g2):
        c.add(f)
    assert sorted(set(c.assignment.values())) == [1, 2] and c.profiles[2]["n"] == 2
    assert decide(f3, c.profiles, c.df, c.n, P, c.cache).merged == []
    # with larger splinters allowed, the same article bridges them
    assert decide(f3, c.profiles, c.df, c.n, replace(P, bridge_size=2), c.cache).merged == [2]


def test_merging_profiles_adds_up_what_each_story_counts():
    f1, f2, _ = feats(bridge_docs())
    c = Clusterer(P)
    c.add(f1)
    c.add(f2)
    keep, merged = combine({2: c.profiles[2], 1: c.profiles[1]}, P)
    assert keep == 1 and merged == merge_profiles(c.profiles[1], c.profiles[2], P)
    assert merged["n"] == 2
    for k, v in c.profiles[2]["vec"].items():
        assert abs(merged["vec"][k] - v - c.profiles[1]["vec"].get(k, 0.0)) < 1e-4


def test_the_store_merges_a_bridged_splinter_with_its_articles_and_events(db_url):
    docs = bridge_docs()
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        assert update(store, P) == 3
        with store.engine.connect() as conn:
            assigned = stories_of(store)
            rows = conn.execute(sa.select(t.stories)).mappings().all()
            events = set(conn.scalars(sa.select(t.canonical_events.c.story_id)))
        assert set(assigned) == {d.id for d in docs} and set(assigned.values()) == {1}
        (story,) = [r for r in rows if r["merged_into"] is None]
        (splinter,) = [r for r in rows if r["merged_into"] is not None]
        assert splinter["id"] == 2 and splinter["merged_into"] == 1  # its id still resolves
        assert splinter["article_count"] == 0
        assert story["id"] == 1 and story["article_count"] == 3
        assert story["profile"]["n"] == 3 and story["title"] == "Airfield rocket raid"
        assert events == {1}  # the splinter's canonical event moved with it
        assert update(store, P) == 0  # nothing pending: nothing changes


def test_a_failing_bridge_leaves_the_stories_apart_and_the_article_assigned(
    db_url, monkeypatch, caplog
):
    """A merge is a repair: if it fails half-way, its writes are undone and the bridging
    article stays in the story it joined."""
    fail_after(monkeypatch, "merge_stories")  # written, then it fails
    docs = bridge_docs()
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        with caplog.at_level(logging.WARNING, logger="vigil.stories.update"):
            assert update(store, P) == 3
        with store.engine.connect() as conn:
            assigned = stories_of(store)
            rows = {r["id"]: r for r in conn.execute(sa.select(t.stories)).mappings()}
    assert [assigned[d.id] for d in docs] == [1, 2, 1]
    assert rows[2]["merged_into"] is None and rows[2]["article_count"] == 1
    assert rows[1]["article_count"] == 2
    assert "merging 2 into it failed" in caplog.text and "disk on fire" in caplog.text
