"""ACLED's fatalities field: the number killed in the event, lowest credible figure.

The report's own count of deaths comes from :func:`vigil.events.casualties.deaths_reported`
(figures, and deaths stated in words). ACLED's notes often end with the coder's
own figure ("3 fatalities.", "Fatalities coded as 0 (VoJ reported 1)", "20 fatalities
split up between 3 events"); when a report states the figure it was coded with,
that figure is the answer, shared out over the events it is split between.
"""

from __future__ import annotations

import re
from typing import Any

from vigil.document import Document
from vigil.events.acled.actors.types import event_type, is_note
from vigil.events.casualties import MAX_TOLL, deaths_reported
from vigil.records import Event

_CODED = re.compile(r"\bfatalit(?:y|ies)\s+(?:are\s+|were\s+|was\s+)?coded\s+as\s+(\d+)", re.I)
_STATED = re.compile(r"(?<![\w.,])(\d+)\s+fatalit(?:y|ies)\b(?!\s+(?:were|was)\s+reported)", re.I)
_SPLIT = re.compile(
    r"\b(?:split|spread|divided|distributed)\s+(?:up\s+|equally\s+)?"
    r"(?:between|across|among|over)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:events?|locations?|incidents?)(?:\s*\((\d+)\))?",
    re.I,
)
#: What follows these words is another event's ("In another event, a man was shot").
_ANOTHER = re.compile(
    r"\b(?:in|during)\s+(?:an)?other\s+(?:event|incident|attack)|\bin\s+a\s+separate\s+"
    r"(?:event|incident|attack)|\bseparately\b",
    re.I,
)
#: Types whose events have no deaths by definition (codebook): a peaceful protest and a
#: strategic development are non-violent.
_NON_VIOLENT = {"Peaceful protest", "Protest with intervention"}
_SMALL = dict(
    zip("two three four five six seven eight nine ten".split(), range(2, 11), strict=True)
)


def _share(total: int, parts: int) -> int:
    """One event's share, halves rounded up (a single death split in two is still one)."""
    return int(total / parts + 0.5)


def _parts(split: re.Match[str]) -> int:
    word = split.group(1).lower()
    return max(1, _SMALL.get(word) or int(word))


def coded_figure(text: str) -> int | None:
    """The fatality figure a note says it was coded with, per event, or None."""
    coded = _CODED.search(text)
    stated = _STATED.search(text)
    m = coded or stated
    split = _SPLIT.search(text, m.start() if m is not None else 0)
    if m is None:
        return min(int(split.group(2)), MAX_TOLL) if split and split.group(2) else None
    total = int(m.group(1))
    if split:
        if split.group(2):  # "split across 2 events (7)": this event's share is given
            return min(int(split.group(2)), MAX_TOLL)
        total = _share(total, _parts(split))
    return min(total, MAX_TOLL)


def code_fatalities(doc: Document, event: Event | None, acled: dict[str, Any] | None = None) -> int:
    """Killed in the event: the figure the report says it was coded with, else the
    deaths the report states, else 0.

    ``acled`` is the event's type when the caller has settled it (else the event's own):
    a peaceful protest or a strategic development has none by definition. A figure
    the report says is shared among several events is divided among them.
    """
    text = doc.text or ""
    stated = coded_figure(text)
    if stated is not None:
        return stated
    etype, sub = event_type(doc, event, acled)
    if sub in _NON_VIOLENT or etype == "Strategic developments":
        return 0
    if is_note(doc) or event is None or not event.evidence:
        another = _ANOTHER.search(text)
        spans = [(0, another.start() if another else len(text))]
    else:
        spans = [(e.start, e.end) for e in event.evidence]
    found = deaths_reported(doc, spans) or 0
    split = _SPLIT.search(text)
    if found and split:
        found = _share(found, _parts(split))
    return found
