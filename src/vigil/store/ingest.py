"""Documents in, stored records out: the loop behind ``vigil ingest`` and the Dask backfill.

The loop owns the rules that make ingest cheap and safe to repeat:

- an article whose id is already stored is not run through the pipeline again
  (the id is a content hash, known before any NLP), so a re-ingest is fast;
- each article is saved in its own transaction as soon as its batch is done, so a
  crash loses only unfinished work;
- a document that makes a component fail is isolated (its batch is rerun one by
  one) and recorded as a rejection naming the source and the reason; the rest go on.

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
from vigil.pipeline import Pipeline
from vigil.store.repository import Store

#: What processing one document yields: its record, or why it could not be processed.
Result = dict[str, Any] | IngestError
BatchRunner = Callable[[Iterator[list[Document]]], Iterator[list[Result]]]


@dataclass
class IngestStats:
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    failures: list[IngestError] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.new} new, {self.unchanged} unchanged, {self.rejected} rejected"


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def process(pipeline: Pipeline, docs: list[Document]) -> list[Result]:
    """Records for a batch; if the batch fails, rerun it one document at a time so
    only the document that breaks a component is lost (as an :class:`IngestError`)."""
    try:
        return [d.to_record() for d in pipeline.pipe(docs)]
    except Exception:  # noqa: BLE001 - isolate whichever document caused it
        pass
    out: list[Result] = []
    for doc in docs:
        try:
            out.append(pipeline(doc).to_record())
        except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
            out.append(IngestError(doc.source, f"pipeline failed: {type(exc).__name__}: {exc}"))
    return out


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
    batch_size: int = 32,
    pipeline_version: str | None = None,
    on_reject: Callable[[IngestError], None] | None = None,
    on_batch: Callable[[IngestStats], None] | None = None,
) -> IngestStats:
    """Store every readable document of ``items``; return what happened."""
    stats = IngestStats()

    def reject(err: IngestError) -> None:
        stats.rejected += 1
        stats.failures.append(err)
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
                else:
                    seen.add(d.id)
                    fresh.append(d)
            if fresh:
                yield fresh
            elif on_batch:
                on_batch(stats)

    for results in run_batches(fresh_batches()):
        for res in results:
            if isinstance(res, IngestError):
                reject(res)
            elif store.save(res, pipeline_version):
                stats.new += 1
            else:
                stats.unchanged += 1
        if on_batch:
            on_batch(stats)
    return stats
