"""The one object every pipeline stage reads and enriches.

Like spaCy's ``Doc``, a :class:`Document` is created once (by ingest) and then
passed through the registered components in order; each component adds the
facts it is responsible for and leaves the rest alone. ``to_record`` renders it
as the extraction record of ``shared/spec/extract-output.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vigil.records import (
    Caption,
    Conflict,
    Entity,
    Event,
    Place,
    Quantity,
    Quote,
    TimeExpr,
    to_dict,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc


#: The longest id an article can be stored under (the ``articles.id`` column).
MAX_ID_LENGTH = 64


def check_given_id(value: object) -> str | None:
    """The id an input gives itself, as text; None if it gives none. Raises ValueError
    for one the store cannot hold, so the reader can reject that input by name."""
    if value is None or value == "":
        return None
    text = storable(str(value)).strip()
    if not text:
        return None
    if len(text) > MAX_ID_LENGTH:
        raise ValueError(f"id is longer than {MAX_ID_LENGTH} characters")
    return text


def content_id(text: str) -> str:
    """A stable id from normalised content: the same article re-scraped keeps its id.

    Normalisation folds Unicode forms, quotes, case and whitespace, so trivial
    differences in scraping (curly vs straight quotes, wrapped lines) don't
    create a second copy of the article.
    """
    norm = unicodedata.normalize("NFKC", text)
    norm = norm.translate(_QUOTE_FOLD).casefold()
    norm = re.sub(r"\s+", " ", norm).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


#: NUL and the other C0 controls but tab, newline and carriage return: no news text holds
#: them, PostgreSQL refuses NUL in text, and they confuse tokenisers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Lone UTF-16 surrogates (from "\ud800" in JSON): not text, and not encodable as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` without what no database or parser should be handed: control characters
    go, lone surrogates become U+FFFD. Everything else, any script, stays."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


_QUOTE_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass
class Document:
    """A news report on its way through the pipeline.

    ``raw_text`` is what ingest extracted; ``text`` is the cleaned body that all
    offsets refer to (set by the ``clean`` component; equal to ``raw_text``
    until then). ``spacy`` holds the parsed spaCy ``Doc`` of ``text``.
    """

    raw_text: str
    source: str = "<memory>"
    title: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = "en"
    given_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    text: str = ""
    related: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    spacy: SpacyDoc | None = None

    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: The report's ACLED row as a whole (type from ``events``; actors, place and deaths
    #: from the ``acled`` stage, keys as in ACLED's export) or None:
    #: what an analyst comparing with ACLED files one report under.
    report_acled: dict[str, Any] | None = None
    #: Unit sentence vectors (numpy arrays) from the ``embed`` stage: ``vector`` for the
    #: report's lead, ``sent_vectors`` one row per spaCy sentence. Features, not facts,
    #: so they are not part of the record.
    vector: Any = None
    sent_vectors: Any = None

    def __post_init__(self) -> None:
        self.raw_text = storable(self.raw_text)
        self.title = storable(self.title) if self.title else self.title
        self.source = storable(self.source)
        self.url = storable(self.url) if self.url else self.url
        if not self.text:
            self.text = self.raw_text

    @property
    def id(self) -> str:
        return self.given_id or content_id(self.raw_text)

    def input_fields(self) -> dict[str, Any]:
        """What ingest made this document from, as JSON: enough to build it again
        (:meth:`from_input`) for a retry, without the original file or feed."""
        return {
            "raw_text": self.raw_text,
            "source": self.source,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "language": self.language,
            "given_id": self.given_id,
            "meta": self.meta,
        }

    @classmethod
    def from_input(cls, fields: dict[str, Any]) -> Document:
        """The document :meth:`input_fields` describes, before any stage has run."""
        published = fields.get("published")
        return cls(
            raw_text=fields["raw_text"],
            source=fields.get("source") or "<memory>",
            title=fields.get("title"),
            published=date.fromisoformat(published) if published else None,
            url=fields.get("url"),
            language=fields.get("language") or "en",
            given_id=fields.get("given_id"),
            meta=dict(fields.get("meta") or {}),
        )

    def entity(self, entity_id: str | None) -> Entity | None:
        """Look up an entity of this document by its id (``e1``, ``e2``...)."""
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def to_record(self) -> dict[str, Any]:
        """The extraction record (spec fields first, then vigil's extras)."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "text": self.text,
            "related": list(self.related),
            "captions": to_dict(self.captions),
            "entities": to_dict(self.entities),
            "places": to_dict(self.places),
            "times": to_dict(self.times),
            "quotes": to_dict(self.quotes),
            "quantities": to_dict(self.quantities),
            "conflicts": to_dict(self.conflicts),
            "events": to_dict(self.events),
            "report_acled": self.report_acled,
            "url": self.url,
            "language": self.language,
        }
