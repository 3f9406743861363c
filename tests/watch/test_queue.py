"""The job queue on real databases: leases, expiry, poison, and two processes taking jobs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import sqlalchemy as sa

from vigil.registry.db import utcnow
from vigil.store import open_store
from vigil.watch import queue
from vigil.watch.tables import jobs


def fill(url: str, n: int) -> None:
    with open_store(url) as store:
        items = [(queue.job_key(f"g{i}", None), None, {"text": f"Item {i}."}) for i in range(n)]
        assert queue.enqueue(store.engine, items, None) == n
        assert queue.enqueue(store.engine, items, None) == 0  # known keys: nothing new


def test_a_leased_job_is_nobody_elses_until_its_lease_runs_out(db_url):
    fill(db_url, 3)
    with open_store(db_url) as store:
        e = store.engine
        mine = queue.claim(e, "w1", n=2, lease=timedelta(seconds=30))
        assert [j.payload["text"] for j in mine] == ["Item 0.", "Item 1."]
        theirs = queue.claim(e, "w2", n=5)
        assert [j.payload["text"] for j in theirs] == ["Item 2."]
        assert queue.claim(e, "w3", n=5) == []
        # w1 dies: after its lease, its jobs are taken back, with the attempt counted
        later = utcnow() + timedelta(seconds=31)
        back = queue.claim(e, "w3", n=5, now=later)
        assert {j.id for j in back} == {j.id for j in mine}
        assert all(j.attempts == 2 for j in back)
        queue.complete(e, back[0], "w3", "a1")
        assert queue.counts(e) == {"queued": 0, "running": 2, "done": 1, "failed": 0}


def test_a_job_whose_worker_keeps_dying_is_failed_for_good(db_url):
    fill(db_url, 1)
    with open_store(db_url) as store:
        e = store.engine
        t = utcnow()
        for attempt in range(1, 4):
            (job,) = queue.claim(e, "w", lease=timedelta(seconds=1), max_attempts=3, now=t)
            assert job.attempts == attempt
            t += timedelta(seconds=2)
        assert queue.claim(e, "w", max_attempts=3, now=t) == []
        assert queue.counts(e)["failed"] == 1
        with e.connect() as conn:
            assert "stopped 3 times" in conn.scalar(sa.select(jobs.c.error))


def test_retry_later_backs_off_then_gives_up(db_url):
    fill(db_url, 1)
    with open_store(db_url) as store:
        e = store.engine
        (job,) = queue.claim(e, "w")
        assert queue.retry_later(e, job, "boom", max_attempts=2) == "queued"
        assert queue.claim(e, "w") == []  # not due yet
        soon = utcnow() + timedelta(seconds=31)
        (job,) = queue.claim(e, "w", now=soon)
        assert queue.retry_later(e, job, "boom again", max_attempts=2) == "failed"


CLAIMER = """
import json, sys, time
from vigil.store import open_store
from vigil.watch import queue
url, name = sys.argv[1], sys.argv[2]
taken = []
with open_store(url) as store:
    while True:
        jobs = queue.claim(store.engine, name, n=1)
        if not jobs:
            break
        for job in jobs:
            taken.append(job.id)
            time.sleep(0.01)  # work on it, holding the lease
            queue.complete(store.engine, job, name, None)
print(json.dumps(taken))
"""


def test_two_worker_processes_share_the_queue_without_taking_a_job_twice(db_url):
    fill(db_url, 60)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, db_url, f"w{i}"], stdout=subprocess.PIPE, text=True
        )
        for i in range(2)
    ]
    taken = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(taken[0] + taken[1]) == sorted(set(taken[0] + taken[1]))  # nobody twice
    assert len(taken[0]) + len(taken[1]) == 60  # nothing lost
    assert taken[0] and taken[1]  # both worked
    with open_store(db_url) as store:
        assert queue.counts(store.engine)["done"] == 60


def test_watch_with_two_worker_processes_works_the_queue_off(db_url):
    from vigil.settings import Settings
    from vigil.watch.service import WatchOptions, watch

    fill(db_url, 12)
    report = watch(
        db_url,
        Settings(pipeline=("clean",)),
        WatchOptions(once=True, poll=False, workers=2, batch=2),
    )
    assert report.new == 12 and report.failed == 0
    with open_store(db_url) as store:
        assert queue.counts(store.engine)["done"] == 12
        assert store.counts()["articles"] == 12
