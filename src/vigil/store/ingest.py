"""Documents in, stored records out: the loop behind ``vigil ingest`` and the Dask backfill.

The loop owns the rules that make ingest cheap and safe to repeat:

- an article whose id is already stored is not run through the pipeline again
  (the id is a content hash, known before any NLP), so a re-ingest is fast;
- each article is saved in its own transaction as soon as its batch is done, so a
  crash loses only unfinished work;
- a document that makes a component fail is isolated at its own boundary
  (:meth:`vigil.pipeline.Pipeline.run_batch`) and stored as a failure (stage,
  error, traceback, time, and the input itself, for ``--retry-failed``); the rest go on.

*Where* the pipeline runs is a parameter (``run_batches``): in this process, or
on Dask workers (:mod:`vigil.store.backfill`), with the same storing logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from vigil.document import Document
from vigil.ingest import IngestError
from vigil.pipeline import Pipeline, StageFailure
from vigil.store.repository import Store
from vigil.stories import claim, forget, record_source
from vigil.stories import update as update_stories

#: What processing one document yields: its record, or the stage that failed on it.
Result = dict[str, Any] | StageFailure
BatchRunner = Callable[[Iterator[list[Document]]], Iterator[list[Result]]]


@dataclass
class IngestStats:
    new: int = 0
    unchanged: int = 0
    rejected: int = 0  # inputs that could not be read
    failed: int = 0  # documents a stage failed on
    copies: int = 0  # near-duplicates kept as further sources of a stored article
    failures: list[IngestError] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.new} new, {self.unchanged} unchanged, {self.rejected} rejected"
        text += f", {self.copies} near-duplicate(s)" if self.copies else ""
        return text + (f", {self.failed} failed" if self.failed else "")


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def process(pipeline: Pipeline, docs: list[Document]) -> list[Result]:
    """A record, or the failure that stopped it, for each document of a batch, in order."""
    return [record_of(outcome) for outcome in pipeline.run_batch(docs)]


def record_of(outcome: Document | StageFailure) -> Result:
    """The extraction record of a processed document; rendering it is a stage that can fail."""
    if isinstance(outcome, StageFailure):
        return outcome
    try:
        return outcome.to_record()
    except Exception as exc:  # noqa: BLE001 - isolated like any stage
        return StageFailure.of(outcome, "record", exc)


def failed_documents(store: Store) -> list[Document]:
    """The documents stored as failures, rebuilt from their input, for ``--retry-failed``."""
    return [Document.from_input(f.input) for f in store.failures()]


def local_runner(make_pipeline: Callable[[], Pipeline]) -> BatchRunner:
    """Run batches in this process; the pipeline (and spaCy) loads only if there is work."""

    def run(batches: Iterator[list[Document]]) -> Iterator[list[Result]]:
        pipeline: Pipeline | None = None
        for batch in batches:
            pipeline = pipeline or make_pipeline()
            yield process(pipeline, batch)

    return run


def ingest(
    store: Store,
    items: Iterable[Document | IngestError],
    run_batches: BatchRunner,
    *,
    batch_size: int = 8,
    pipeline_version: str | None = None,
    on_reject: Callable[[IngestError], None] | None = None,
    on_batch: Callable[[IngestStats], None] | None = None,
) -> IngestStats:
    """Store every readable document of ``items``; return what happened.

    ``on_reject`` hears of every input that was not stored: unreadable ones
    (:class:`IngestError`) and those a stage failed on (:class:`StageFailure`).
    """
    stats = IngestStats()

    def reject(err: IngestError) -> None:
        stats.failures.append(err)
        if isinstance(err, StageFailure):
            stats.failed += 1
            store.fail(err)
            if err.doc_id:
                forget(store.engine, err.doc_id)
        else:
            stats.rejected += 1
            store.reject(err.source, err.reason)
        if on_reject:
            on_reject(err)

    def fresh_batches() -> Iterator[list[Document]]:
        seen: set[str] = set()
        for chunk in batched(items, batch_size):
            docs = [d for d in chunk if isinstance(d, Document)]
            for err in chunk:
                if isinstance(err, IngestError):
                    reject(err)
            known = store.known_ids(d.id for d in docs)
            fresh = []
            for d in docs:
                if d.id in known or d.id in seen:
                    stats.unchanged += 1
                elif (original := claim(store.engine, d)) is not None:
                    # a syndicated copy or re-scrape: a further source, never processed
                    stats.copies += record_source(store.engine, original, d)
                    stats.unchanged += 1
                else:  # claimed: its signature is stored, a later copy finds it
                    seen.add(d.id)
                    fresh.append(d)
            if fresh:
                yield fresh
            elif on_batch:
                on_batch(stats)

    for results in run_batches(fresh_batches()):
        for res in results:
            if isinstance(res, StageFailure):
                reject(res)
                continue
            try:
                saved = store.save(res, pipeline_version)
            except Exception as exc:  # noqa: BLE001 - e.g. a value the database refuses
                reject(StageFailure.of_record(res, "store", exc))
                continue
            if saved:
                stats.new += 1
            else:
                stats.unchanged += 1
        update_stories(store)  # the batch's articles join stories, in arrival order
        if on_batch:
            on_batch(stats)
    return stats
