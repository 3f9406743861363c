"""Backfill on Dask: the NLP runs on workers, the client stores results in order.

The client reads the inputs (cheap I/O), drops articles already stored (by
content id, before any NLP), and submits batches of raw documents; each worker
keeps one pipeline per process (spaCy loads once per worker, not per batch) and
returns plain records. Only the client writes to the database, one transaction
per article, in input order, so the result is identical to a local ingest, works
with SQLite (single writer) as well as PostgreSQL, and a crash or killed run can
simply be rerun: everything stored is skipped.

At most ``2 x workers`` batches are in flight, so memory stays bounded however
large the backfill is.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator, Sequence

from vigil.document import Document
from vigil.pipeline import Pipeline
from vigil.settings import Settings
from vigil.store.ingest import BatchRunner, Result, process

_pipelines: dict[tuple[str, tuple[str, ...]], Pipeline] = {}


def process_remote(settings: Settings, names: Sequence[str], docs: list[Document]) -> list[Result]:
    """Runs on a worker: the batch through this worker's cached pipeline."""
    key = (repr(settings), tuple(names))
    if key not in _pipelines:
        _pipelines[key] = Pipeline(list(names), settings=settings)
    return process(_pipelines[key], docs)


def dask_runner(client, settings: Settings, names: Sequence[str]) -> BatchRunner:  # noqa: ANN001
    """A batch runner submitting to a ``distributed.Client``; results come back in order."""
    # parallelism comes from Dask workers, not from spaCy processes inside them
    remote_settings = dataclasses.replace(settings, workers=1)

    def run(batches: Iterator[list[Document]]) -> Iterator[list[Result]]:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for batch in batches:
            pending.append(
                client.submit(process_remote, remote_settings, list(names), batch, pure=False)
            )
            while len(pending) >= 2 * n_workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return run


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
