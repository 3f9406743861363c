"""How many were killed or injured in an attack, where the article says so.

Counts come from the quantities stage (``unit`` killed/injured) in the event's
evidence sentences, and from elsewhere in the article when a later sentence
names the same victim: "X and eight others" counts X too (9).
"""

from __future__ import annotations

import re

from vigil.document import Document
from vigil.records import Entity, Quantity

_KILLED = {"killed", "dead", "deaths", "fatalities"}
_INJURED = {"injured", "wounded"}
_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
#: No report counts a billion dead or wounded: a larger figure is a misread number
#: ("9999...9 people"), not a toll (and would overflow integer columns downstream).
MAX_TOLL = 10**9
_OTHERS = re.compile(r"\s*,?\s+and\s+(\d+|[a-z]+)\s+others\b", re.I)


def _in(q: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(s <= q.start and q.end <= e for s, e in spans)


def _number(word: str) -> int | None:
    if word.isdigit():
        n = int(word) if len(word) <= 10 else None  # int() refuses 4,300 digits and more
        return n if n is not None and n <= MAX_TOLL else None
    return _WORDS.get(word.lower())


def _others_after(doc: Document, ent: Entity) -> tuple[int, int] | None:
    """``(count, offset)`` for "<victim> and N others" anywhere in the article."""
    for m in ent.mentions:
        hit = _OTHERS.match(doc.text, m.end)
        if hit:
            n = _number(hit.group(1))
            if n is not None:
                return n + 1, m.end + hit.start(1)
    return None


def count_casualties(
    doc: Document, sentences: list[tuple[int, int]], victims: list[Entity]
) -> tuple[int | None, int | None]:
    """``(fatalities, injuries)`` stated for an attack reported in ``sentences``."""
    killed: int | None = None
    injured: int | None = None
    used: set[int] = set()
    for victim in victims:
        if victim.type != "PERSON":
            continue
        found = _others_after(doc, victim)
        if found:
            killed = (killed or 0) + found[0]
            used.add(found[1])
    for q in doc.quantities:
        if not isinstance(q.value, int | float) or not _in(q, sentences):
            continue
        if not 0 <= q.value <= MAX_TOLL:  # NaN fails this too
            continue
        if any(q.start <= u < q.end for u in used):
            continue
        if q.unit in _KILLED:
            killed = max(killed or 0, int(q.value))
        elif q.unit in _INJURED:
            injured = max(injured or 0, int(q.value))
    return killed, injured
