"""How many were killed or injured in an attack, where the article says so.

Counts come from the quantities stage (``unit`` killed/injured) in the event's
evidence sentences, from the parse for deaths stated without a figure ("a man
was shot dead", :mod:`vigil.events.deaths`), and from elsewhere in the article
when a later sentence names the same victim: "X and eight others" counts X too (9).
Sentences about an earlier period (dated over a month before publication) do not
count: their deaths are background, not this event's.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from vigil.document import Document
from vigil.events.deaths import GENERIC, Death, deaths_in, says_none_died
from vigil.events.modality import is_historical
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
        if q.unit in _INJURED:
            injured = max(injured or 0, int(q.value))
    read = deaths_reported(doc, sentences, skip=used)
    if read is not None:
        killed = max(killed or 0, read) if killed else read
    return killed, injured


def deaths_reported(
    doc: Document, spans: list[tuple[int, int]], skip: set[int] | None = None
) -> int | None:
    """Deaths stated in the sentences overlapping ``spans``: 0 when they say none died,
    None when they say nothing of deaths.

    Within a sentence each victim phrase adds; across sentences the same kind of
    victim ("the man" ... "the victim") is counted once (the figures may be one
    death told twice), different kinds add ("two soldiers ... a civilian").
    A range or a bound ("at least 5", "10 to 12") gives its lowest figure.
    """
    if doc.spacy is None:
        return None
    skip = skip or set()
    by_head: dict[str, int] = {}
    generic = 0
    said_none = False
    for sent in doc.spacy.sents:
        if not any(s < sent.end_char and sent.start_char < e for s, e in spans):
            continue
        if _background(doc, sent.start_char, sent.end_char):
            continue
        read = [d for d in deaths_in(sent) if not any(d.start <= u < d.end for u in skip)]
        found = [d for d in read if not _background(doc, *d.clause)]
        for q in doc.quantities:
            if q.unit not in _KILLED or not (sent.start_char <= q.start < sent.end_char):
                continue
            if any(q.start <= u < q.end for u in skip):
                continue
            if any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in read):
                continue
            if _in_agent(sent, q.start) or any(t.start <= q.start < t.end for t in doc.times):
                continue  # "killed by two armed men": the killers, not the dead
            low = _lowest(q)
            if low is not None:
                found.append(Death(low, "victim", q.start, q.end))  # whose: not known
        if says_none_died(sent.text) and not any(d.count for d in found):
            said_none = True
        sums: dict[str, int] = {}
        for d in found:
            if d.count:
                key = "" if d.head in GENERIC else d.head
                sums[key] = sums.get(key, 0) + d.count
        for key, n in sums.items():
            if key:
                by_head[key] = max(by_head.get(key, 0), n)
            else:
                generic = max(generic, n)
    total = max(sum(by_head.values()), generic)
    if total:
        return total
    return 0 if said_none else None


def _in_agent(sent: Span, offset: int) -> bool:
    for tok in sent:
        if tok.idx <= offset < tok.idx + len(tok):
            return any(a.dep_ == "agent" for a in [tok, *tok.ancestors])
    return False


def _lowest(q: Quantity) -> int | None:
    value = q.range[0] if q.range else q.value
    if not isinstance(value, int | float) or not 0 <= value <= MAX_TOLL:
        return None
    return int(value)


def _background(doc: Document, start: int, end: int) -> bool:
    """A sentence dated only to a time over a month before publication."""
    dated = [t for t in doc.times if start <= t.start < end]
    return bool(dated) and all(
        is_historical({"source": "text", "value": t.value}, doc.published) for t in dated
    )
