"""kill -9 a worker at any moment: no fetched item is lost and nothing is stored twice.

Real worker processes (``vigil watch --no-poll``) with a real pipeline (spaCy)
take jobs from a real database; the test kills them mid-run, twice, at
different moments, and then checks the outcome against the queue's contents.
SIGTERM, in contrast, lets the worker finish the document in hand.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from vigil.store import open_store
from vigil.store.models import Article, EntityRow
from vigil.watch import queue

N = 40
CITIES = ["Kano", "Goma", "Mosul", "Kirkuk", "Aleppo", "Sanaa", "Gao"]


def fill(url: str) -> None:
    items = []
    for i in range(N):
        city = CITIES[i % len(CITIES)]
        text = (
            f"Police in {city} arrested {i + 2} men on Monday after a raid on a warehouse, "
            f"officials said. Report number {i}.\n\nThe governor of {city} praised the operation."
        )
        items.append((queue.job_key(f"urn:k:{i}", None), None, {"text": text, "title": f"R{i}"}))
    with open_store(url) as store:
        assert queue.enqueue(store.engine, items, None) == N


def start(url: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, VIGIL_PIPELINE="clean,parse,entities,times")
    cmd = [sys.executable, "-c", "from vigil.cli.main import app; app()"]
    cmd += ["watch", "--no-poll", "--db", url]
    return subprocess.Popen(
        [*cmd, "--lease", "3s", "--batch", "2", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def done(url: str) -> int:
    with open_store(url) as store:
        return queue.counts(store.engine)["done"]


def wait_for(url: str, n: int, proc: subprocess.Popen, limit: float = 120) -> None:
    t0 = time.monotonic()
    while done(url) < n:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() - t0 < limit, "worker made no progress"
        time.sleep(0.05)


@pytest.mark.slow
def test_kill_9_at_any_moment_loses_nothing_and_doubles_nothing(db_url):
    fill(db_url)
    for target, extra_delay in ((3, 0.0), (12, 0.15)):
        proc = start(db_url)
        wait_for(db_url, target, proc)
        time.sleep(extra_delay)  # a different moment in the worker's cycle
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with open_store(db_url) as store:
        left = queue.counts(store.engine)
    assert left["done"] < N  # the kills did leave work behind
    time.sleep(3.2)  # the dead workers' leases run out
    finish = start(db_url, "--once")
    assert finish.wait(timeout=180) == 0, finish.stderr.read().decode()[-2000:]

    with open_store(db_url) as store:
        assert queue.counts(store.engine) == {"queued": 0, "running": 0, "done": N, "failed": 0}
        with store.session() as s:
            arts = list(s.scalars(sa.select(Article)))
            assert len(arts) == N and len({a.record["text"] for a in arts}) == N
            for art in arts:  # derived rows were written once per article, not twice
                rows = s.scalar(sa.select(sa.func.count()).where(EntityRow.article_id == art.id))
                assert rows == len(art.record["entities"])
        assert store.failures() == []


@pytest.mark.slow
def test_sigterm_finishes_the_document_in_hand(db_url):
    fill(db_url)
    proc = start(db_url)
    wait_for(db_url, 2, proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    with open_store(db_url) as store:
        counts = queue.counts(store.engine)
        assert counts["running"] == 0  # nothing left held by a worker that stopped cleanly
        assert counts["done"] + counts["queued"] == N
        assert store.counts()["articles"] == counts["done"]
