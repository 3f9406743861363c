"""Named, configurable pipeline components, run in order over documents.

A component is anything with a ``name`` and ``__call__(doc) -> doc``; it may
also offer ``pipe(docs)`` to work on a batch at once (the spaCy stage does, so
that ``nlp.pipe`` sees whole batches). Components are registered by name with
:func:`register`; built-ins are imported lazily so that using one stage does
not load them all. Third-party packages add components through the
``vigil.components`` entry point group: the plugin seam.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import traceback as tb
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from vigil.document import Document
from vigil.ingest.errors import IngestError
from vigil.settings import Settings


@runtime_checkable
class Component(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


Factory = Callable[[Settings], Component]

#: name -> "module:factory" of the components that ship with vigil.
BUILTIN: dict[str, str] = {
    "clean": "vigil.ingest.clean.cleaner:make_cleaner",
    "parse": "vigil.language.nlp:make_parser",
    "embed": "vigil.language.embeddings:make_embedder",
    "entities": "vigil.language.entities:make_entity_linker",
    "times": "vigil.language.times.component:make_time_tagger",
    "places": "vigil.places.component:make_place_resolver",
    "quotes": "vigil.language.quotes.component:make_quote_extractor",
    "quantities": "vigil.language.quantities.component:make_quantity_extractor",
    "conflicts": "vigil.language.quantities.conflicts:make_conflict_finder",
    "events": "vigil.events:make_event_coder",
    "acled": "vigil.events.acled.rows:make_acled_coder",
}

#: The order a full extraction runs in. Later stages read what earlier ones wrote.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "clean",
    "parse",
    "embed",
    "entities",
    "times",
    "places",
    "quotes",
    "quantities",
    "events",
    "acled",
    "conflicts",
)

_registry: dict[str, Factory] = {}


def register(name: str) -> Callable[[Factory], Factory]:
    """Register a component factory under ``name`` (overrides a built-in of that name)."""

    def deco(factory: Factory) -> Factory:
        _registry[name] = factory
        return factory

    return deco


def get_factory(name: str) -> Factory:
    if name in _registry:
        return _registry[name]
    if name in BUILTIN:
        module, attr = BUILTIN[name].split(":")
        return getattr(importlib.import_module(module), attr)
    for ep in entry_points(group="vigil.components"):
        if ep.name == name:
            return ep.load()
    raise KeyError(f"unknown pipeline component {name!r}; known: {sorted(available())}")


def available() -> set[str]:
    names = set(BUILTIN) | set(_registry)
    names |= {ep.name for ep in entry_points(group="vigil.components")}
    return names


_frozen = False


def _freeze_loaded() -> None:
    """Move what is loaded so far (models, gazetteer, lexicons: some 300k objects kept
    for the process's life) out of the cyclic collector's sight, once per process.
    Its full passes would otherwise walk them all again and again: 0.2 s of CPU on
    the 40 bench texts, 3% of bare spaCy's time, for nothing to free. What the
    documents allocate afterwards is collected as before."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


@dataclass
class StageFailure(IngestError):
    """One document that made one component raise: a bug met in the field, not bad input.

    ``str()`` gives the one line users see (``SOURCE: stage NAME failed: Type: message``);
    ``input`` keeps what the document was made from, so the store can retry it later
    without the original file or feed item.
    """

    stage: str = ""
    error: str = ""
    traceback: str = ""
    doc_id: str | None = None
    input: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, doc: Document, stage: str, exc: BaseException) -> StageFailure:
        error = f"{type(exc).__name__}: {exc}"
        return cls(
            source=doc.source,
            reason=f"stage {stage} failed: {error}",
            stage=stage,
            error=error,
            traceback="".join(tb.format_exception(exc)),
            doc_id=doc.id,
            input=doc.input_fields(),
        )

    @classmethod
    def of_record(cls, record: dict[str, Any], stage: str, exc: BaseException) -> StageFailure:
        """A failure after the pipeline (storing, writing out), when only the record is left:
        the record's text stands in for the input, under the record's id."""
        doc = Document(
            raw_text=record.get("text") or "",
            source=record.get("source") or "<memory>",
            title=record.get("title"),
            url=record.get("url"),
            language=record.get("language"),
            given_id=record.get("id"),
        )
        failure = cls.of(doc, stage, exc)
        failure.input["published"] = record.get("published")
        return failure


Outcome = Document | StageFailure


class Pipeline:
    """Components in order.

    ``pipe`` streams documents through them lazily and lets the first exception
    end the stream: right for one document and for tests. Batch work (extract,
    ingest, backfill, the watch) uses ``pipe_isolated``, where an exception is
    caught at the boundary of the one document that caused it.
    """

    def __init__(self, names: Sequence[str] | None = None, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.names = list(names or self.settings.pipeline or DEFAULT_PIPELINE)
        self.components: list[Component] = [get_factory(n)(self.settings) for n in self.names]
        _freeze_loaded()

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        stream: Iterable[Document] = docs
        for comp in self.components:
            stream = _pipe_one(comp, stream)
        yield from stream

    def pipe_isolated(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Outcome]:
        """Each document processed, or a :class:`StageFailure` naming the stage that broke it;
        in input order. One document's failure never costs another document its result."""
        it = iter(docs)
        while batch := list(islice(it, max(1, batch_size))):
            yield from self.run_batch(batch)

    def run_batch(self, docs: list[Document]) -> list[Outcome]:
        """One batch through every stage. A stage that takes batches gets the batch whole;
        if that raises, the stage is rerun document by document to find the culprit.
        A failed document leaves the batch; the others go on to the next stage."""
        out: list[Outcome] = list(docs)
        alive = list(range(len(docs)))
        for name, comp in zip(self.names, self.components, strict=True):
            if not alive:
                break
            batch = [out[i] for i in alive]
            done: list[Document] | None = None
            if getattr(comp, "pipe", None) is not None and len(batch) > 1:
                try:
                    done = list(comp.pipe(batch))  # type: ignore[attr-defined]
                    if len(done) != len(batch):
                        done = None
                except Exception:  # noqa: BLE001 - rerun one by one below
                    done = None
            still: list[int] = []
            for k, i in enumerate(alive):
                doc = out[i]
                assert isinstance(doc, Document)
                try:
                    out[i] = done[k] if done is not None else comp(doc)
                    still.append(i)
                except Exception as exc:  # noqa: BLE001 - isolated: reported, batch goes on
                    out[i] = StageFailure.of(doc, name, exc)
                    _release(doc)
            alive = still
        return out


def one_thread_per_process() -> None:
    """For a worker among several: its native libraries (PyTorch's BLAS, OpenMP) use one
    thread, as spaCy does, so N processes on N cores don't fight over them.

    Set before the pipeline loads (torch reads the environment when it starts its pool).
    """
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _release(doc: Document) -> None:
    """Drop what a failed document holds (parse, vectors): a failure list must stay small."""
    doc.spacy = None
    doc.vector = doc.sent_vectors = None


def _pipe_one(comp: Component, docs: Iterable[Document]) -> Iterator[Document]:
    batch = getattr(comp, "pipe", None)
    if batch is not None:
        yield from batch(docs)
    else:
        for doc in docs:
            yield comp(doc)
