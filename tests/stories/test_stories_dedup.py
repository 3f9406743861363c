"""Near-duplicates: a syndicated copy becomes a further source of one article and is
never processed again; a re-scrape that changes a figure is a report of its own."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from story_helpers import FILLER, CountingRunner, report

from vigil.store import open_store
from vigil.store.ingest import ingest
from vigil.stories import find_duplicate
from vigil.stories import tables as t
from vigil.stories.read import stories

BODY = (
    "Three rockets struck the perimeter of the northern airfield late on Tuesday, "
    "damaging two hangars and a fuel truck, the provincial police chief said. "
    "No group claimed the attack. It was the second strike on the airfield this year. " + FILLER * 3
)


def original() -> object:
    return report(
        BODY,
        title="Rockets hit airfield",
        url="https://www.reuters.com/world/rockets-1",
        published=date(2024, 5, 8),
    )


def syndicated() -> object:
    # another outlet: new headline, its own boilerplate around the same wire text
    text = "By Wire Staff\n\n" + BODY + "\nSubscribe to our newsletter for more world news."
    return report(
        text,
        title="Airfield attacked: rockets damage hangars",
        url="https://www.thetimes.co.uk/article/airfield-attacked",
        published=date(2024, 5, 9),
    )


def test_syndicated_copy_is_one_article_with_two_sources_processed_once(db_url):
    runner = CountingRunner()
    with open_store(db_url) as store:
        stats = ingest(store, [original(), syndicated()], runner, batch_size=1)
        assert stats.new == 1 and stats.copies == 1
        assert runner.seen == [original().id]  # the copy never reached the pipeline
        assert store.counts()["articles"] == 1
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.article_sources.c.domain, t.article_sources.c.article_id).order_by(
                    t.article_sources.c.id
                )
            ).all()
        assert sorted(r.domain for r in rows) == ["reuters.com", "thetimes.co.uk"]
        assert {r.article_id for r in rows} == {original().id}
        (story,) = stories(store.engine)
        (art,) = story["articles"]
        assert art["outlet"]["name"] == "Reuters" and art["outlet"]["grade"] == "A"
        assert [c["outlet"]["name"] for c in art["copies"]] == ["The Times"]


def test_copy_in_the_same_batch_is_caught_and_reingest_changes_nothing(db_url):
    runner = CountingRunner()
    with open_store(db_url) as store:
        ingest(store, [original(), syndicated()], runner, batch_size=8)
        before = store.counts()
        again = ingest(store, [original(), syndicated()], runner, batch_size=8)
        assert runner.seen == [original().id]
        assert again.new == 0 and again.copies == 0 and again.unchanged == 2
        assert store.counts() == before


def test_rescrape_with_a_new_figure_is_not_a_copy(db_url):
    changed = report(
        BODY.replace("Three rockets", "Five rockets"),
        title="Rockets hit airfield",
        url="https://www.reuters.com/world/rockets-1?update=2",
        published=date(2024, 5, 8),
    )
    unrelated = report(
        "A flood closed the coastal road after heavy rain. " + FILLER * 3,
        title="Flood",
        url="https://example.org/flood",
        published=date(2024, 5, 8),
    )
    with open_store(db_url) as store:
        ingest(store, [original()], CountingRunner())
        assert find_duplicate(store.engine, syndicated()) == original().id
        assert find_duplicate(store.engine, changed) is None
        assert find_duplicate(store.engine, unrelated) is None


def test_two_workers_checking_a_text_and_its_copy_at_once_process_it_once(db_url, monkeypatch):
    """Each worker's look-up is held open for a while before it writes the signature: without
    the lock both would find nothing and both would process the text."""
    import threading
    import time

    from vigil.stories import dedup

    looked = dedup._original

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - widens the race window only
        found = looked(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(dedup, "_original", slow)
    runners = [CountingRunner(), CountingRunner()]
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    with open_store(db_url) as store:

        def work(i: int, doc: object) -> None:
            try:
                with open_store(db_url) as mine:
                    start.wait()
                    ingest(mine, [doc], runners[i], batch_size=1)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [
            threading.Thread(target=work, args=(0, original())),
            threading.Thread(target=work, args=(1, syndicated())),
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors, errors
        processed = runners[0].seen + runners[1].seen
        assert len(processed) == 1  # one of the two texts went through the NLP, never both
        assert store.counts()["articles"] == 1
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(t.article_sources.c.article_id)).all()
        assert len(rows) == 2 and {r.article_id for r in rows} == set(processed)


def test_a_copy_of_a_text_whose_worker_died_before_saving_it_is_processed(db_url):
    """A claim whose article never arrived (the worker was killed between the claim and
    the save) holds a copy back only while it may still be in progress."""
    from datetime import timedelta

    from vigil.registry.db import utcnow
    from vigil.stories import claim

    with open_store(db_url) as store:
        assert claim(store.engine, original()) is None  # claimed; the worker then dies
        assert claim(store.engine, syndicated()) == original().id  # may still be in progress
        with store.engine.begin() as conn:
            conn.execute(
                sa.update(t.article_signatures).values(created_at=utcnow() - timedelta(hours=2))
            )
        runner = CountingRunner()
        stats = ingest(store, [syndicated()], runner)
        assert runner.seen == [syndicated().id] and stats.new == 1 and stats.copies == 0
        with store.engine.begin() as conn:
            conn.execute(
                sa.update(t.article_signatures).values(created_at=utcnow() - timedelta(days=9))
            )
        # a stored original is found however old its signature
        assert find_duplicate(store.engine, original()) == syndicated().id
