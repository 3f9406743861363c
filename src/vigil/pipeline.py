"""Named, configurable pipeline components, run in order over documents.

A component is anything with a ``name`` and ``__call__(doc) -> doc``; it may
also offer ``pipe(docs)`` to work on a batch at once (the spaCy stage does, so
that ``nlp.pipe`` sees whole batches). Components are registered by name with
:func:`register`; built-ins are imported lazily so that using one stage does
not load them all. Third-party packages add components through the
``vigil.components`` entry point group: the plugin seam.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from vigil.document import Document
from vigil.settings import Settings


@runtime_checkable
class Component(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


Factory = Callable[[Settings], Component]

#: name -> "module:factory" of the components that ship with vigil.
BUILTIN: dict[str, str] = {
    "clean": "vigil.ingest.clean:make_cleaner",
    "parse": "vigil.language.nlp:make_parser",
    "embed": "vigil.language.embeddings:make_embedder",
    "entities": "vigil.language.entities:make_entity_linker",
    "times": "vigil.language.times:make_time_tagger",
    "places": "vigil.places.component:make_place_resolver",
    "quotes": "vigil.language.quotes:make_quote_extractor",
    "quantities": "vigil.language.quantities:make_quantity_extractor",
    "conflicts": "vigil.language.conflicts:make_conflict_finder",
    "events": "vigil.events:make_event_coder",
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


class Pipeline:
    """Components in order; ``pipe`` streams documents through them lazily."""

    def __init__(self, names: Sequence[str] | None = None, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.names = list(names or DEFAULT_PIPELINE)
        self.components: list[Component] = [get_factory(n)(self.settings) for n in self.names]

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        stream: Iterable[Document] = docs
        for comp in self.components:
            stream = _pipe_one(comp, stream)
        yield from stream


def _pipe_one(comp: Component, docs: Iterable[Document]) -> Iterator[Document]:
    batch = getattr(comp, "pipe", None)
    if batch is not None:
        yield from batch(docs)
    else:
        for doc in docs:
            yield comp(doc)
