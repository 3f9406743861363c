"""Events: who did what to whom, where and when, coded in PLOVER with ACLED types.

Public surface: :func:`make_event_coder` (the ``events`` pipeline component),
:class:`EventCoder`, :class:`CodedEvent` (the record, with vigil's extras).

The names are imported on first use (PEP 562): importing one module of the
package (the ACLED tables, the record) must not import the coder, which needs
spaCy; commands that parse no text read those modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vigil.lazy import exports

if TYPE_CHECKING:
    from vigil.events.coder import EventCoder, make_event_coder
    from vigil.events.record import CodedEvent

_HOME = {
    "CodedEvent": "vigil.events.record",
    "EventCoder": "vigil.events.coder",
    "make_event_coder": "vigil.events.coder",
}

__all__ = [
    "CodedEvent",
    "EventCoder",
    "make_event_coder",
]

__getattr__ = exports(__name__, _HOME)
