"""``vigil watch``: the poller and the workers, started, watched over and stopped cleanly.

With one worker everything runs in this process, turn about: poll what is due,
work the queue, sleep a little when idle (a laptop's watch, and cron's
``--once``). With ``--workers N`` (N > 1), N worker processes take jobs from the
queue while this process polls; on PostgreSQL more workers on other machines
can join with ``vigil watch --no-poll``. SIGINT or SIGTERM stops the loop; every
worker finishes the document in hand, then exits. ``--once`` polls what is due
once, works until nothing is due, and exits.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from vigil.net.fetch import Fetcher
from vigil.pipeline import one_thread_per_process
from vigil.settings import Settings
from vigil.store import open_store
from vigil.watch import queue
from vigil.watch.poll import PollResult, poll_due
from vigil.watch.work import StepReport, Worker

#: How long an idle loop waits before asking the queue (and the feeds) again.
IDLE_S = 1.0


@dataclass
class WatchOptions:
    once: bool = False
    workers: int = 1
    poll: bool = True
    batch: int = 4
    lease: timedelta = timedelta(minutes=5)
    poll_concurrency: int = 8
    #: Stop after this many seconds (tests and benchmarks); None: until a signal.
    max_seconds: float | None = None


@dataclass
class WatchReport:
    polls: int = 0
    poll_errors: int = 0
    queued: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    alerts: int = 0
    errors: list[str] = field(default_factory=list)

    def add_poll(self, r: PollResult) -> None:
        self.polls += 1
        self.queued += r.new_items
        if not r.ok:
            self.poll_errors += 1
            self.errors.append(r.status)

    def add_step(self, r: StepReport) -> None:
        self.new += r.new
        self.unchanged += r.unchanged
        self.failed += r.failed
        self.alerts += r.alerts
        self.errors += r.errors

    def summary(self) -> str:
        return (
            f"{self.polls} polls ({self.poll_errors} failed), {self.queued} items queued, "
            f"{self.new} new articles, {self.unchanged} unchanged, {self.failed} failed, "
            f"{self.alerts} alerts"
        )


Listener = Callable[[WatchReport, dict[str, int]], None]


def watch(
    db_url: str,
    settings: Settings,
    options: WatchOptions,
    on_change: Listener | None = None,
    stop: Any = None,
) -> WatchReport:
    """Run the watch until stopped (or once); ``on_change`` hears of progress."""
    ctx = multiprocessing.get_context("spawn")
    stop = stop or ctx.Event()
    restore = _on_signals(stop.set)
    report = WatchReport()
    store = open_store(db_url)
    fetcher = Fetcher()
    started = time.monotonic()
    procs: list[Any] = []
    before = _totals(store)
    try:
        in_process = options.workers <= 1
        worker = Worker(store, settings, fetcher, batch=options.batch, lease=options.lease)
        if options.poll:  # before any worker starts: --once workers must find the items
            poll_due(store.engine, fetcher, options.poll_concurrency, report.add_poll)
        if not in_process:
            procs = [
                ctx.Process(
                    target=run_worker_process,
                    args=(db_url, settings, stop, options.once, options.batch, options.lease),
                    name=f"vigil-worker-{i}",
                )
                for i in range(options.workers)
            ]
            for p in procs:
                p.start()

        def tell() -> None:
            if on_change:
                on_change(report, queue.counts(store.engine))

        first = True
        while not stop.is_set():
            if options.poll and not options.once and not first:
                poll_due(store.engine, fetcher, options.poll_concurrency, report.add_poll)
            first = False
            busy = False
            if in_process:
                step = worker.step()
                report.add_step(step)
                busy = step.claimed > 0
            tell()
            if options.max_seconds and time.monotonic() - started > options.max_seconds:
                break
            if options.once:
                if in_process and not busy:
                    break
                if not in_process and not any(p.is_alive() for p in procs):
                    break
            if not busy:
                stop.wait(IDLE_S)
        stop.set()
        for p in procs:
            p.join()
        if procs:  # the workers counted in their own processes: read the outcome back
            after = _totals(store)
            report.new = after["articles"] - before["articles"]
            report.failed = after["failures"] - before["failures"]
            report.alerts = after["alerts"] - before["alerts"]
        tell()
    finally:
        stop.set()
        for p in procs:
            if p.is_alive():
                p.join(timeout=60)
        fetcher.close()
        store.close()
        restore()
    return report


def _totals(store: Any) -> dict[str, int]:
    counts = store.counts()
    return {k: counts.get(k, 0) for k in ("articles", "failures", "alerts")}


def run_worker_process(
    db_url: str, settings: Settings, stop: Any, once: bool, batch: int, lease: timedelta
) -> None:
    """A worker process: take jobs until stopped (or, with ``once``, until none is due).

    SIGINT is left to the parent (Ctrl-C reaches the whole process group, and the
    parent sets ``stop``); SIGTERM sent to this process alone also stops it after
    the document in hand.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    one_thread_per_process()
    store = open_store(db_url)
    fetcher = Fetcher()
    worker = Worker(store, settings, fetcher, batch=batch, lease=lease)
    try:
        while not stop.is_set():
            if worker.step().claimed == 0:
                if once:
                    break
                stop.wait(IDLE_S)
    finally:
        fetcher.close()
        store.close()


def _on_signals(handler: Callable[[], None]) -> Callable[[], None]:
    """Route SIGINT and SIGTERM to ``handler`` (main thread only); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    old = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in old:
        signal.signal(s, lambda *_: handler())

    def restore() -> None:
        for s, h in old.items():
            signal.signal(s, h)

    return restore
