"""The event record vigil emits: PLOVER :class:`~vigil.records.Event` plus vigil's extras.

The extraction contract allows extra fields; these say what an analyst needs
to weigh an event: how many were hurt, whether it is background, and who
reported it when the article only relays someone's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.records import EntityRef, Event


@dataclass
class CodedEvent(Event):
    injuries: int | None = None
    historical: bool = False  # dated well before the report: background, not news
    reported_by: EntityRef | None = None  # whose words the article relays
