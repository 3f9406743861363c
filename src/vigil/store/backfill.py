"""Parallel runners: the NLP runs on worker processes, the caller stores results in order.

Two kinds of workers, one logic: a local pool of processes (``--workers N``) and
a Dask cluster (``--dask``, a backfill across machines).

The client reads the inputs (cheap I/O), drops articles already stored (by
content id, before any NLP), and submits batches of raw documents; each worker
keeps one pipeline per process (spaCy loads once per worker, not per batch) and
returns plain records. Only the client writes to the database, one transaction
per article, in input order, so the result is identical to a local ingest, works
with SQLite (single writer) as well as PostgreSQL, and a crash or killed run can
simply be rerun: everything stored is skipped.

At most ``2 x workers`` batches are in flight, so memory stays bounded however
large the backfill is. A component error is isolated on the worker, per document
(:meth:`Pipeline.run_batch`); a batch whose task dies with its worker (out of
memory, a crash in native code) is resubmitted one document at a time, and a
document that kills a worker on its own becomes a failure of stage ``worker``.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from vigil.document import Document
from vigil.pipeline import Pipeline, StageFailure, one_thread_per_process
from vigil.settings import Settings
from vigil.store.ingest import BatchRunner, Result, process

_pipelines: dict[tuple[str, tuple[str, ...]], Pipeline] = {}


def process_remote(settings: Settings, names: Sequence[str], docs: list[Document]) -> list[Result]:
    """Runs on a worker: the batch through this worker's cached pipeline."""
    key = (repr(settings), tuple(names))
    if key not in _pipelines:
        one_thread_per_process()
        _pipelines[key] = Pipeline(list(names), settings=settings)
    return process(_pipelines[key], docs)


def dask_runner(client, settings: Settings, names: Sequence[str]) -> BatchRunner:  # noqa: ANN001
    """A batch runner submitting to a ``distributed.Client``; results come back in order."""
    # parallelism comes from Dask workers, not from spaCy processes inside them
    remote_settings = dataclasses.replace(settings, workers=1)

    def submit(batch: list[Document]) -> Any:
        return client.submit(process_remote, remote_settings, list(names), batch, pure=False)

    def run(batches: Iterator[list[Document]]) -> Iterator[list[Result]]:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _in_order(batches, submit, 2 * n_workers)

    return run


def pool_runner(settings: Settings, names: Sequence[str], workers: int) -> BatchRunner:
    """A batch runner on a pool of ``workers`` local processes (each loads the pipeline once).

    A pool whose process died (killed, out of memory) is replaced, so the batches
    after it still run; the batch in hand is retried document by document.
    """
    remote_settings = dataclasses.replace(settings, workers=1)
    context = multiprocessing.get_context("spawn")  # no fork of a process holding torch/spaCy
    pool: list[ProcessPoolExecutor] = []

    def submit(batch: list[Document]) -> Future:
        if not pool:
            pool.append(ProcessPoolExecutor(max_workers=workers, mp_context=context))
        try:
            return pool[0].submit(process_remote, remote_settings, list(names), batch)
        except BrokenProcessPool:
            pool.pop().shutdown(wait=False, cancel_futures=True)
            return submit(batch)

    def run(batches: Iterator[list[Document]]) -> Iterator[list[Result]]:
        try:
            yield from _in_order(batches, submit, 2 * workers)
        finally:
            for executor in pool:
                executor.shutdown(wait=True, cancel_futures=True)

    return run


def _in_order(
    batches: Iterator[list[Document]], submit: Callable[[list[Document]], Any], in_flight: int
) -> Iterator[list[Result]]:
    """Submit batches, at most ``in_flight`` at a time, and yield their results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        while len(pending) >= in_flight:
            yield _outcome(*pending.popleft(), submit)
    while pending:
        yield _outcome(*pending.popleft(), submit)


def _outcome(batch: list[Document], future: Any, submit: Callable) -> list[Result]:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - the task died, not one stage
        if len(batch) == 1:
            return [StageFailure.of(batch[0], "worker", exc)]
        return [r for doc in batch for r in _outcome([doc], submit([doc]), submit)]


def local_cluster(n_workers: int):  # noqa: ANN201 - distributed is imported lazily
    """A LocalCluster of single-threaded worker processes (spaCy is not thread-parallel)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clash with a running cluster
        silence_logs=40,
    )
