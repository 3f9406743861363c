"""Events: who did what to whom, where and when, coded in PLOVER with ACLED types.

Public surface: :func:`make_event_coder` (the ``events`` pipeline component),
:class:`EventCoder`, :class:`CodedEvent` (the record, with vigil's extras).

The names are imported on first use (PEP 562): importing one module of the
package (the ACLED tables, the record) must not import the coder, which needs
spaCy; commands that parse no text read those modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'vigil.events' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value
