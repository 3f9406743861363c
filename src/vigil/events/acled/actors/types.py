"""Which ACLED type an actor or fatality reading assumes for an event."""

from __future__ import annotations

from typing import Any

from vigil.document import Document
from vigil.records import Event

#: Reports longer than this are articles (several events); shorter ones are notes, typed
#: as a whole, whose every sentence is about their one event.
NOTE_LENGTH = 1500


def is_note(doc: Document) -> bool:
    return len(doc.text or "") <= NOTE_LENGTH


def event_type(
    doc: Document, event: Event | None, given: dict[str, Any] | None = None
) -> tuple[str, str]:
    """(event_type, sub_event_type): the one given, else a short report's own (a note is
    one event, typed as a whole), else the event's, else the report's, else empty."""
    own = event.acled if event is not None else None
    order = [own, doc.report_acled]
    if is_note(doc):
        order.reverse()
    for rec in (given, *order):
        if rec and rec.get("event_type"):
            return str(rec["event_type"]), str(rec.get("sub_event_type") or "")
    return "", ""
