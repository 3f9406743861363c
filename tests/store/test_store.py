"""The store on real SQLite and PostgreSQL: idempotent saves, rejections, lookups, crash safety."""

from __future__ import annotations

from datetime import date

import pytest
from store_fixtures import make_doc

from vigil.store import AmbiguousId, open_store


@pytest.fixture
def docs():
    return [make_doc(n) for n in range(1, 6)]


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def test_save_is_idempotent(store, docs):
    assert [store.save(d) for d in docs] == [True] * len(docs)
    before = store.counts()
    records = {a.id: a.record for a in store.iter_articles()}
    assert before["articles"] == len(docs) and before["quotes"] == len(docs)

    assert [store.save(d) for d in docs] == [False] * len(docs)
    assert store.counts() == before
    assert {a.id: a.record for a in store.iter_articles()} == records


def test_record_round_trips_whole(store, docs):
    store.save(docs[0], pipeline_version="vigil test [clean]")
    art = store.get_article(docs[0].id)
    assert art is not None
    assert art.record == docs[0].to_record()
    assert art.title == "Report 1" and art.published == date(2021, 3, 4)
    assert art.pipeline_version == "vigil test [clean]"


def test_rejection_recorded_once(store):
    assert store.reject("in/bad.html", "not UTF-8") is True
    assert store.reject("in/bad.html", "not UTF-8") is False
    assert store.reject("in/bad.html", "empty body") is True
    assert [(r.source, r.reason) for r in store.rejections()] == [
        ("in/bad.html", "not UTF-8"),
        ("in/bad.html", "empty body"),
    ]


def test_get_by_prefix(store, docs):
    for d in docs:
        store.save(d)
    target = docs[2]
    prefix = next(
        target.id[:n]
        for n in range(1, 17)
        if sum(d.id.startswith(target.id[:n]) for d in docs) == 1
    )
    assert store.get_article(prefix).id == target.id
    assert store.get_article("zzzz-no-such") is None
    assert store.get_article("%") is None  # LIKE wildcards are escaped, not matched


def test_ambiguous_prefix_is_an_error(store):
    a, b = make_doc(1), make_doc(2)
    a.given_id, b.given_id = "abc-1", "abc-2"
    store.save(a)
    store.save(b)
    with pytest.raises(AmbiguousId, match="abc-1"):
        store.get_article("abc")


def test_queries_over_normalised_tables(store):
    store.save(make_doc(1, published=date(2021, 1, 10)))
    store.save(make_doc(2, published=date(2021, 2, 10)))
    quotes = store.quotes(speaker="speaker 2")
    assert [q.speaker for q in quotes] == ["Speaker 2"]
    assert quotes[0].cue == "said" and quotes[0].published == date(2021, 2, 10)

    events = store.events(category="ASSAULT")
    assert len(events) == 2
    ev = events[0]
    assert ev.actors == ["Group 1"] and ev.recipients == ["Speaker 1"]
    assert ev.day == date(2021, 3, 1)  # the event's own date, not the publication date
    assert ev.acled_subtype == "Air/drone strike" and ev.fatalities == 1
    assert store.events(since=date(2021, 3, 2)) == []
    assert store.entities(name="group 2")[0].country == "IRQ"

    mid = list(store.iter_articles(since=date(2021, 2, 1)))
    assert [a.title for a in mid] == ["Report 2"]
    assert [a.title for a in store.iter_articles(until=date(2021, 1, 31))] == ["Report 1"]
    assert [a.title for a in store.iter_articles(newest_first=True)] == ["Report 2", "Report 1"]


def test_crash_mid_batch_keeps_committed_and_rerun_does_not_duplicate(store, docs):
    def flaky(items, fail_at):
        for i, d in enumerate(items):
            if i == fail_at:
                raise RuntimeError("worker died")
            yield d

    with pytest.raises(RuntimeError):
        for d in flaky(docs, fail_at=3):
            store.save(d)
    assert {a.id for a in store.iter_articles()} == {d.id for d in docs[:3]}

    saved = [store.save(d) for d in docs]
    assert saved == [False, False, False, True, True]
    counts = store.counts()
    assert counts["articles"] == 5 and counts["events"] == 5 and counts["entities"] == 10


def test_failing_article_leaves_no_partial_rows(store, docs):
    bad = make_doc(9)
    bad.events.append(bad.events[0])  # duplicate event id: the insert fails at commit
    with pytest.raises(Exception):  # noqa: B017 - the backend's IntegrityError
        store.save(bad)
    assert store.counts()["articles"] == 0
    assert store.counts()["entities"] == 0
    assert store.save(docs[0]) is True  # the store is still usable
