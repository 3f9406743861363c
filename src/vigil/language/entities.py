"""Canonical entities (placeholder: one entity per spaCy span until the linker lands)."""

from __future__ import annotations

from vigil.document import Document
from vigil.records import Entity, Mention
from vigil.settings import Settings


class EntityLinker:
    name = "entities"

    def __call__(self, doc: Document) -> Document:
        assert doc.spacy is not None, "entities needs the parse stage first"
        by_name: dict[tuple[str, str], Entity] = {}
        for span in doc.spacy.ents:
            if span.label_ not in {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}:
                continue
            key = (span.text, span.label_)
            if key not in by_name:
                by_name[key] = Entity(
                    id=f"e{len(by_name) + 1}", canonical=span.text, type=span.label_
                )
            by_name[key].mentions.append(Mention(span.text, span.start_char, span.end_char))
        doc.entities = list(by_name.values())
        return doc


def make_entity_linker(settings: Settings) -> EntityLinker:
    return EntityLinker()
