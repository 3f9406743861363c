"""The ``acled`` component: every coded event as a full ACLED row, and the report's main row.

The ``events`` stage gives each factual violent, demonstration or strategic
event its ACLED type (``Event.acled = {event_type, sub_event_type}``) and the
report one type as a whole (``doc.report_acled``). This stage completes both
into the row ACLED's coders would write, keyed by ACLED's export column names
(:data:`ROW_KEYS`): actors, associated actors and inter codes
(:func:`vigil.events.acled.actors.code_actors`), the killed
(:func:`~vigil.events.acled.actors.code_fatalities`) and the place at ACLED's
precision (:func:`vigil.places.acled.location.code_location`).

The report's row is built around its *main event*: the most confident factual
event of the report's type, else the most confident ACLED-typed one, else the
report itself (a note that names no trigger word still has a type); the row's
actors are read as for an event of the report's type, since ACLED's actor
conventions follow the type (an attack's second actor is civilians).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from vigil.document import Document
from vigil.events.acled import types as acled_mod
from vigil.events.acled.actors import code_actors, code_fatalities
from vigil.places.acled.location import code_location
from vigil.records import ACLED_ROW_KEYS, Event, Evidence
from vigil.settings import Settings

#: An ACLED row's keys, in ACLED's export order (the fields vigil codes).
ROW_KEYS = ACLED_ROW_KEYS


def acled_row(doc: Document, event: Event) -> dict[str, Any]:
    """The full ACLED row of one event whose ``acled`` holds its type."""
    assert event.acled is not None
    row: dict[str, Any] = {
        "event_type": event.acled["event_type"],
        "sub_event_type": event.acled["sub_event_type"],
    }
    row.update(code_actors(doc, event, acled=row))
    row.update(code_location(doc, event))
    row["fatalities"] = int(code_fatalities(doc, event) or 0)
    return {k: row.get(k) for k in ROW_KEYS}


def main_event(doc: Document, sub: str) -> Event | None:
    """The event the report's row describes: the first told factual event of the report's
    event type, else the first ACLED-typed one. A report leads with the event it is about
    ("On 6 May, ... protested in Mogilev ...; the blogger covered a Minsk demonstration"),
    as ACLED's notes do; its sub-event type is the report's, however that event was read."""
    typed = [e for e in doc.events if e.factual and e.acled]
    if not typed:
        return None
    etype = acled_mod.ACLED_TYPES[sub]

    def key(e: Event) -> tuple[bool, int]:
        assert e.acled is not None
        start = min((ev.start for ev in e.evidence), default=0)
        return (e.acled["event_type"] == etype, -start)

    return max(typed, key=key)


def report_row(doc: Document) -> dict[str, Any] | None:
    """``doc.report_acled`` completed into a full row (None when the report has no type)."""
    rep = doc.report_acled
    if not rep or rep.get("sub_event_type") not in acled_mod.ACLED_TYPES:
        return None
    sub = rep["sub_event_type"]
    record = acled_mod.acled_record(sub)
    main = main_event(doc, sub)
    if main is None:
        category, mode = acled_mod.TO_PLOVER.get(sub, ("ASSAULT", None))
        main = Event(
            id="report",
            category=category,
            mode=mode,
            evidence=[Evidence(doc.text, 0, len(doc.text))],
            confidence=0.0,
        )
    return acled_row(doc, dataclasses.replace(main, acled=record))


class AcledCoder:
    """Fills every ACLED-typed factual event's ``acled`` row and ``doc.report_acled``.

    ``events=False`` codes only the report's row (cheaper when only it is wanted)."""

    name = "acled"

    def __init__(self, events: bool = True):
        self.events = events

    def __call__(self, doc: Document) -> Document:
        if self.events:
            for ev in doc.events:
                if (
                    ev.factual
                    and ev.acled
                    and ev.acled.get("sub_event_type") in (acled_mod.ACLED_TYPES)
                ):
                    ev.acled = acled_row(doc, ev)
        doc.report_acled = report_row(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def make_acled_coder(settings: Settings) -> AcledCoder:
    return AcledCoder()
