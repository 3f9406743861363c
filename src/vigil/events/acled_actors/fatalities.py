"""ACLED's fatalities field: the number killed in the event, lowest credible figure.

The report's own count of deaths comes from :func:`vigil.events.casualties.deaths_reported`
(figures, and deaths stated in words). ACLED's notes often end with the coder's
own figure ("3 fatalities.", "Fatalities coded as 0 (VoJ reported 1)", "20 fatalities
split up between 3 events"); when a report states the figure it was coded with,
that figure is the answer, shared out over the events it is split between.
"""

from __future__ import annotations

import re

from vigil.document import Document
from vigil.events.casualties import MAX_TOLL, deaths_reported
from vigil.records import Event

_CODED = re.compile(r"\bfatalit(?:y|ies)\s+(?:are\s+|were\s+|was\s+)?coded\s+as\s+(\d+)", re.I)
_STATED = re.compile(r"(?<![\w.,])(\d+)\s+fatalit(?:y|ies)\b(?!\s+(?:were|was)\s+reported)", re.I)
_SPLIT = re.compile(
    r"\bsplit\s+(?:up\s+)?(?:between|across|among|over)\s+(\d+|two|three|four|five)\s+events?"
    r"(?:\s*\((\d+)\))?",
    re.I,
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5}
_NOTE_LENGTH = 1500


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
        parts = _SMALL.get(split.group(1).lower()) or int(split.group(1))
        if parts > 0:
            total = round(total / parts)
    return min(total, MAX_TOLL)


def code_fatalities(doc: Document, event: Event | None) -> int:
    """Killed in the event: the coder's stated figure, else the report's, else 0."""
    text = doc.text or ""
    stated = coded_figure(text)
    if stated is not None:
        return stated
    if len(text) <= _NOTE_LENGTH or event is None or not event.evidence:
        spans = [(0, len(text))]
    else:
        spans = [(e.start, e.end) for e in event.evidence]
    return deaths_reported(doc, spans) or 0
