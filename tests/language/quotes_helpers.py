"""Running invented text through the language stages that quotes and quantities need."""

from __future__ import annotations

import functools

from vigil.document import Document
from vigil.pipeline import Pipeline

STAGES = ["parse", "entities", "quotes", "quantities", "conflicts"]


@functools.cache
def _pipeline() -> Pipeline:
    return Pipeline(STAGES)


def run(text: str) -> Document:
    return _pipeline()(Document(raw_text=text))


def speaker_name(q) -> str | None:
    return q.speaker.name if q.speaker is not None else None


def quote_with(doc: Document, fragment: str):
    found = [q for q in doc.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}: {[q.text for q in doc.quotes]}"
    return found[0]


def quantity_with(doc: Document, fragment: str):
    found = [q for q in doc.quantities if fragment in q.text]
    assert found, f"no quantity containing {fragment!r}: {[q.text for q in doc.quantities]}"
    return found[0]
