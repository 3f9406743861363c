"""Time expressions (placeholder until the normaliser lands)."""

from __future__ import annotations

from vigil.document import Document
from vigil.settings import Settings


class TimeTagger:
    name = "times"

    def __call__(self, doc: Document) -> Document:
        return doc


def make_time_tagger(settings: Settings) -> TimeTagger:
    return TimeTagger()
