"""A story whose reports fall into two groups that would not have joined each other is
split, in memory and on the store, with its articles, profiles and canonical events."""

from __future__ import annotations

import importlib
import logging
from dataclasses import replace

import numpy as np
import sqlalchemy as sa
from story_helpers import fail_after, stories_of
from test_stories_bridge import HERAT, RAID, REPAIR, doc, feats
from test_stories_bridge import P as BRIDGE_P
from typer.testing import CliRunner

from vigil.cli.main import app
from vigil.store import open_store
from vigil.stories import tables as t
from vigil.stories import update
from vigil.stories.clustering.online import Clusterer
from vigil.stories.clustering.split import CHECK_SIZES, due, pairwise, seam
from vigil.stories.read import resolve, stories

BOTH = f"{RAID} {REPAIR}"
REPAIR_2 = "Engineers rebuilt the damaged runway lights; cranes lifted the burnt aircraft away."


MIXED = "Airfield raid, runway crews at work"
#: a story of two may split off (the default needs three a side)
P = replace(BRIDGE_P, split_min=2)


def chain_docs():
    """A raid, two reports telling raid and repairs, then three on the repairs alone:
    each joins the story as it then is, and the story ends up holding both."""
    return [
        doc(1, RAID, "Airfield rocket raid"),
        doc(2, BOTH, MIXED),
        doc(3, f"{BOTH} {REPAIR_2}", MIXED, HERAT, "PROTEST"),
        doc(4, REPAIR_2, "Runway crews at work", HERAT, "PROTEST"),
        doc(5, f"{REPAIR} {REPAIR_2}", "Runway crews at work", HERAT, "PROTEST"),
        doc(6, f"{REPAIR_2} {REPAIR}", "Runway crews rebuild", HERAT, "PROTEST"),
    ]


def _df(fs):
    df: dict[str, int] = {}
    for f in fs:
        for k in f.vec:
            df[k] = df.get(k, 0) + 1
    return df


def test_the_pairwise_probabilities_show_the_seam():
    fs = feats(chain_docs())
    sim = pairwise(fs, _df(fs), len(fs), P)
    assert np.allclose(sim, sim.T)
    assert sim[0, 1] > 0.5 and min(sim[2, 3], sim[3, 4], sim[4, 5]) > 0.5  # each half holds
    assert max(sim[0, 3:].max(), sim[1, 3:].max()) < 0.3  # no repair report fits the raid
    assert seam(fs, _df(fs), len(fs), P) == [2, 3, 4, 5]  # the oldest article's side stays
    # each part must have at least split_min articles
    assert seam(fs, _df(fs), len(fs), replace(P, split_min=3)) is None
    # the first four alone hold together too well to be cut
    assert seam(fs[:4], _df(fs[:4]), 4, P) is None


def test_a_story_of_one_development_is_not_split():
    fs = feats([doc(i, RAID, f"Airfield rocket raid {i}") for i in range(1, 5)])
    assert seam(fs, _df(fs), len(fs), P) is None


def test_stories_are_checked_as_they_grow_not_on_every_article():
    assert due(3, 4, P) and not due(4, 5, P) and due(5, 7, P)  # a merge can skip a size
    assert not due(3, 4, replace(P, split_min=0))  # splitting off
    assert not any(due(n, n + 1, replace(P, split_max=10)) for n in range(10, 100))
    assert all(due(n - 1, n, P) for n in CHECK_SIZES)


def test_the_clusterer_splits_the_mixed_story_in_memory():
    fs = feats(chain_docs())
    c = Clusterer(P)
    assert [c.add(f) for f in fs[:5]] == [1] * 5  # they chain into one story
    assert c.splits == 0  # checked at four articles: no seam yet
    assert c.add(fs[5]) == 2  # at six the story is checked again and split
    assert c.splits == 1
    assert [c.assignment[f.article_id] for f in fs] == [1, 1, 2, 2, 2, 2]
    assert c.profiles[1]["n"] == 2 and c.profiles[2]["n"] == 4
    assert [f.article_id for f in c.members[2]] == [f.article_id for f in fs[2:]]
    off = Clusterer(replace(P, split_min=0))
    assert {off.add(f) for f in fs} == {1}


def test_the_store_splits_the_story_with_its_articles_and_canonical_events(db_url):
    docs = chain_docs()
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        assert update(store, P) == 6
        with store.engine.connect() as conn:
            assigned = stories_of(store)
            rows = {r["id"]: r for r in conn.execute(sa.select(t.stories)).mappings()}
            events = conn.execute(sa.select(t.canonical_events)).mappings().all()
            reports = dict(
                conn.execute(
                    sa.select(
                        t.canonical_event_reports.c.article_id,
                        t.canonical_event_reports.c.canonical_id,
                    )
                ).all()
            )
        assert [assigned[d.id] for d in docs] == [1, 1, 2, 2, 2, 2]
        assert rows[1]["article_count"] == 2 and rows[2]["article_count"] == 4
        assert rows[1]["profile"]["n"] == 2 and rows[2]["profile"]["n"] == 4
        assert rows[1]["title"] == "Airfield rocket raid" and rows[2]["title"] == MIXED
        assert rows[2]["merged_into"] is None and resolve(store.engine, 2) == 2
        assert rows[2]["split_from"] == 1 and rows[1]["split_from"] is None
        listed = {x["id"]: x for x in stories(store.engine)}
        assert listed["s2"]["split_from"] == "s1" and listed["s2"]["split_into"] == []
        assert listed["s1"]["split_into"] == ["s2"] and listed["s1"]["split_from"] is None
        by_story = {e["story_id"]: e for e in events}
        assert set(by_story) == {1, 2}
        assert by_story[1]["category"] == "ASSAULT" and by_story[1]["report_count"] == 2
        assert by_story[2]["category"] == "PROTEST" and by_story[2]["report_count"] == 4
        assert {reports[d.id] for d in docs[2:]} == {by_story[2]["id"]}
        assert update(store, P) == 0  # nothing pending: nothing changes
        with store.engine.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(t.stories)) == 2
    shown = CliRunner().invoke(app, ["show", "s2", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "split from s1" in shown.stdout
    assert "split into s2" in CliRunner().invoke(app, ["show", "s1", "--db", db_url]).stdout


def test_a_canonical_event_told_on_both_sides_is_divided_between_them(db_url):
    """Unplaced reports of one kind merge only within a story: after the split the
    staying report keeps the event's id, the leaving ones become the new story's event."""
    docs = chain_docs()
    docs[1] = doc(2, BOTH, MIXED, category="PROTEST")
    for d in docs[1:]:
        d.events[0].where = None
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        assert update(store, P) == 6
        with store.engine.connect() as conn:
            assigned = stories_of(store)
            events = conn.execute(
                sa.select(t.canonical_events).order_by(t.canonical_events.c.id)
            ).mappings()
            protests = [dict(e) for e in events if e["category"] == "PROTEST"]
            reports = dict(
                conn.execute(
                    sa.select(
                        t.canonical_event_reports.c.article_id,
                        t.canonical_event_reports.c.canonical_id,
                    )
                ).all()
            )
        assert [assigned[d.id] for d in docs] == [1, 1, 2, 2, 2, 2]
        first, second = protests
        assert first["story_id"] == 1 and first["report_count"] == 1
        assert first["owners"] == ["outlet2.example"]
        assert second["story_id"] == 2 and second["report_count"] == 4
        assert reports[docs[1].id] == first["id"]
        assert {reports[d.id] for d in docs[2:]} == {second["id"]}


def test_a_failing_split_leaves_the_story_whole_and_the_article_assigned(
    db_url, monkeypatch, caplog
):
    """A split is a repair: if it fails half-way, its writes are undone and the article
    that brought the story to a check size is assigned all the same (else it, and every
    later report of that development, would fail on each retry)."""
    fail_after(monkeypatch, "split_story")  # written, then it fails
    docs = chain_docs()
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        with caplog.at_level(logging.WARNING, logger="vigil.stories.update"):
            assert update(store, P) == 6
        with store.engine.connect() as conn:
            assigned = stories_of(store)
            stories_n = conn.scalar(sa.select(sa.func.count()).select_from(t.stories))
            homes = set(conn.scalars(sa.select(t.canonical_events.c.story_id)))
            count = conn.scalar(sa.select(t.stories.c.article_count).where(t.stories.c.id == 1))
    assert [assigned[d.id] for d in docs] == [1] * 6
    assert stories_n == 1 and homes == {1} and count == 6
    assert "split check failed" in caplog.text and "disk on fire" in caplog.text


def test_the_assigner_keeps_features_of_recent_articles_only(tmp_path, monkeypatch):
    module = importlib.import_module("vigil.stories.update")
    monkeypatch.setattr(module, "FEATURES_KEPT", 2)
    with open_store(f"sqlite:///{tmp_path / 'v.db'}") as store:
        worker = module.Assigner(store.engine, P)
        records = [{"id": d.id, **d.to_record()} for d in chain_docs()[:3]]
        first = worker._features(records[0])
        assert worker._features(dict(records[0])) is first  # kept: not computed again
        worker._features(records[1])
        worker._features(records[2])
        assert list(worker._feats) == [records[1]["id"], records[2]["id"]]
        assert worker._features(records[0]) is not first  # evicted, computed afresh
