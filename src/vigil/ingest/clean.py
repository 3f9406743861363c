"""Body cleaning (placeholder: passes text through until the cleaning component lands)."""

from __future__ import annotations

from vigil.document import Document
from vigil.settings import Settings


class Cleaner:
    name = "clean"

    def __call__(self, doc: Document) -> Document:
        doc.text = doc.raw_text
        return doc


def make_cleaner(settings: Settings) -> Cleaner:
    return Cleaner()
