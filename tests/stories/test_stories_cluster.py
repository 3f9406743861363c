"""Stories: reports of one development join; two developments of one kind stay apart;
order and re-ingest do not change the stories; assignment resumes after a crash."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from story_helpers import FILLER, CountingRunner, report, stories_of

from vigil.registry.db import utcnow
from vigil.store import open_store
from vigil.store.ingest import ingest
from vigil.stories import tables as t
from vigil.stories import update
from vigil.stories.update import pending_ids

TAJI = ("Camp Taji", 33.53, 44.28, "IRQ")
HERAT = ("Herat", 34.35, 62.2, "AFG")
LUZON = ("Baguio", 16.41, 120.6, "PHL")


def quake(n: int, where, day: date, dead: int, outlet: str):
    name = where[0]
    text = (
        f"A strong earthquake struck near {name} on {day:%B %d}, killing {dead} people and "
        f"flattening houses, the national disaster agency said. Rescuers searched the rubble "
        f"of collapsed buildings in {name} through the night. "
        f"Our correspondent number {n} filed this report. " + FILLER
    )
    return report(
        text,
        title=f"Earthquake kills {dead} near {name}",
        url=f"https://www.{outlet}/quake-{n}",
        published=day,
        place=where,
        when=day.isoformat(),
    )


def arrest(n: int, day: date, outlet: str, who: str):
    text = (
        f"Police arrested {who}, a leader of the Red Hand group, in a raid on a farmhouse, "
        f"officials said. {who} faces charges of financing the group's attacks. "
        f"The Red Hand group has been banned since 2009. " + FILLER
    )
    return report(
        text,
        title=f"Red Hand leader {who} arrested",
        people=(who,),
        org="Red Hand",
        url=f"https://www.{outlet}/arrest-{n}",
        published=day,
        category="COERCE",
        when=day.isoformat(),
    )


def attack(n: int, day: date, outlet: str, dead: int = 0):
    text = (
        f"Rockets struck Camp Taji on {day:%B %d}, the coalition said, "
        + (f"killing {dead} soldiers. " if dead else "causing no casualties. ")
        + "The base hosts coalition trainers. Sirens sounded across the camp. "
        + f"Our correspondent number {n} filed this report. "
        + FILLER
    )
    return report(
        text,
        title=f"Rocket attack on Camp Taji ({n})",
        url=f"https://www.{outlet}/taji-{n}",
        published=day,
        place=TAJI,
        category="ASSAULT",
        mode="aerial",
        fatalities=dead or None,
        when=day.isoformat(),
        site="Camp Taji",
    )


def partition(assign: dict[str, int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for aid, sid in assign.items():
        groups.setdefault(sid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


def developments():
    """Three pairs of same-kind developments, each told by two outlets."""
    a1 = [
        attack(1, date(2024, 3, 1), "reuters.com", 2),
        attack(2, date(2024, 3, 2), "bbc.co.uk", 3),
    ]
    a2 = [attack(3, date(2024, 4, 2), "reuters.com"), attack(4, date(2024, 4, 2), "aljazeera.com")]
    q1 = [
        quake(1, HERAT, date(2023, 10, 7), 120, "reuters.com"),
        quake(2, HERAT, date(2023, 10, 8), 150, "apnews.com"),
    ]
    q2 = [
        quake(3, LUZON, date(2024, 1, 9), 7, "reuters.com"),
        quake(4, LUZON, date(2024, 1, 9), 9, "bbc.co.uk"),
    ]
    r1 = [
        arrest(1, date(2019, 6, 3), "reuters.com", "Omar Haddad"),
        arrest(2, date(2019, 6, 4), "bbc.co.uk", "Omar Haddad"),
    ]
    r2 = [
        arrest(3, date(2022, 2, 10), "reuters.com", "Omar Haddad"),
        arrest(4, date(2022, 2, 10), "apnews.com", "Omar Haddad"),
    ]
    return [a1, a2, q1, q2, r1, r2]


def expected(groups) -> set[frozenset[str]]:
    return {frozenset(d.id for d in g) for g in groups}


def test_same_kind_developments_are_different_stories_and_order_does_not_matter(db_url, tmp_path):
    groups = developments()
    interleaved = [d for pair in zip(*groups, strict=False) for d in pair]
    with open_store(db_url) as store:
        ingest(store, interleaved, CountingRunner(), batch_size=3)
        assert partition(stories_of(store)) == expected(groups)
        before = store.counts()
        assert update(store) == 0
        ingest(store, interleaved, CountingRunner())  # re-ingest: nothing changes
        assert store.counts() == before
    # the same reports in reverse arrival order form the same stories
    with open_store(f"sqlite:///{tmp_path / 'reverse.db'}") as store:
        ingest(store, list(reversed(interleaved)), CountingRunner(), batch_size=2)
        assert partition(stories_of(store)) == expected(groups)


def test_assignment_resumes_after_a_crash(db_url):
    docs = [d for g in developments()[:2] for d in g]
    with open_store(db_url) as store:
        for d in docs:  # stored, but the process died before stories were assigned
            store.save(d)
        assert len(pending_ids(store.engine)) == 4
        assert update(store, limit=1) == 1
        assert len(pending_ids(store.engine)) == 3
        assert update(store) == 3
        assert pending_ids(store.engine) == []
        assert partition(stories_of(store)) == expected(developments()[:2])
        with store.engine.connect() as conn:
            seqs = sorted(conn.scalars(sa.select(t.story_articles.c.seq)))
        assert seqs == [1, 2, 3, 4]


def test_two_workers_assign_each_article_once(db_url):
    import threading

    docs = [d for g in developments() for d in g]
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        counts: list[int] = []
        errors: list[BaseException] = []

        def work() -> None:
            try:
                with open_store(db_url) as mine:
                    counts.append(update(mine))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors, errors
        assert sum(counts) == len({d.id for d in docs})
        with store.engine.connect() as conn:
            seqs = sorted(conn.scalars(sa.select(t.story_articles.c.seq)))
        assert seqs == list(range(1, len(seqs) + 1))
        assert partition(stories_of(store)) == expected(developments())


def test_one_article_that_breaks_assignment_does_not_stop_the_others(db_url, monkeypatch):
    import sys

    update_mod = sys.modules["vigil.stories.update"]  # the package's `update` is the function
    docs = [d for g in developments()[:2] for d in g]
    bad = docs[1].id
    real = update_mod.features

    def brittle(record):
        if record.get("id") == bad:
            raise KeyError("a label no table has")
        return real(record)

    monkeypatch.setattr(update_mod, "features", brittle)
    with open_store(db_url) as store:
        for d in docs:
            store.save(d)
        assert update(store) == 3  # the others are assigned
        assert pending_ids(store.engine) == [bad]  # the broken one waits, named in the log
        monkeypatch.setattr(update_mod, "features", real)
        assert update(store) == 1 and pending_ids(store.engine) == []


def followup(n: int, day: date, recalls: date, outlet: str):
    """A report weeks after the attack that names the attack's day."""
    text = (
        f"Three weeks after rockets struck Camp Taji on {recalls:%B %d}, the coalition said "
        f"the base's defences had been strengthened. Sirens sounded across the camp again "
        f"in drills. Our correspondent number {n} filed this report. " + FILLER
    )
    return report(
        text,
        title=f"Camp Taji after the rocket attack ({n})",
        url=f"https://www.{outlet}/taji-followup-{n}",
        published=day,
        place=TAJI,
        when=recalls.isoformat(),
        site="Camp Taji",
    )


def test_a_follow_up_weeks_later_joins_an_attack_a_year_later_does_not(db_url):
    first = [
        attack(1, date(2024, 3, 1), "reuters.com", 2),
        attack(2, date(2024, 3, 2), "bbc.co.uk"),
    ]
    later = followup(5, date(2024, 3, 22), date(2024, 3, 1), "apnews.com")
    next_year = attack(6, date(2025, 3, 1), "reuters.com", 1)
    with open_store(db_url) as store:
        ingest(store, [*first, later, next_year], CountingRunner(), batch_size=1)
        assert partition(stories_of(store)) == {
            frozenset({first[0].id, first[1].id, later.id}),
            frozenset({next_year.id}),
        }


def test_a_story_idle_longer_than_the_setting_takes_no_new_article(db_url, monkeypatch):
    def idle(store, days: int) -> None:  # nothing joined any story for that many days
        with store.engine.begin() as conn:
            conn.execute(sa.update(t.stories).values(updated_at=utcnow() - timedelta(days=days)))

    first, again = (
        attack(1, date(2024, 3, 1), "reuters.com", 2),
        attack(2, date(2024, 3, 2), "bbc.co.uk"),
    )
    q1 = quake(1, HERAT, date(2023, 10, 7), 120, "reuters.com")
    q2 = quake(2, HERAT, date(2023, 10, 8), 150, "apnews.com")
    with open_store(db_url) as store:
        ingest(store, [first], CountingRunner())
        idle(store, 100)
        ingest(store, [again], CountingRunner())
        assigned = stories_of(store)
        assert assigned[again.id] != assigned[first.id]  # the default window is 90 days
        monkeypatch.setenv("VIGIL_STORY_IDLE_DAYS", "365")
        ingest(store, [q1], CountingRunner())
        idle(store, 100)
        ingest(store, [q2], CountingRunner())
        assigned = stories_of(store)
        assert assigned[q2.id] == assigned[q1.id]  # a longer window: it joins
