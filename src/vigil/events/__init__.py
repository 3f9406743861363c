"""Events: who did what to whom, where and when, coded in PLOVER with ACLED types.

Public surface: :func:`make_event_coder` (the ``events`` pipeline component),
:class:`EventCoder`, :class:`CodedEvent` (the record, with vigil's extras).
"""

from vigil.events.coder import EventCoder, make_event_coder
from vigil.events.record import CodedEvent

__all__ = ["CodedEvent", "EventCoder", "make_event_coder"]
