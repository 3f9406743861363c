"""Where and when an event happened, from the places and times stages.

Where: the place attached to the predicate or its object by a locative
preposition ("in Baghdad", "near the camp") wins over other places of the
sentence; "near"/"outside"/"around" (or a place the places stage marked
``near``) gives precision ``near``. Without a places stage, GPE/FAC/LOC
entities stand in. When: the time expression of the sentence nearest the
trigger, else the publication date, flagged ``source: "published"``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.events.detect import Trigger
from vigil.places.component import PRECISION, SPECIFICITY
from vigil.records import Place

_LOC_PREPS = {"in", "at", "near", "outside", "around", "inside", "across", "into", "on", "off"}
_NEAR_PREPS = {"near", "outside", "around", "off"}


def _record(p: Place, near: bool) -> dict[str, Any]:
    level = p.level or "other"
    precision = PRECISION.get(level, "exact")
    if (near or getattr(p, "near", False)) and precision == "exact":
        precision = "near"
    return {
        "name": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "precision": precision,
    }


def _best_place(doc: Document, lo: int, hi: int, demonyms: bool = False) -> Place | None:
    inside = [
        p
        for p in doc.places
        if lo <= p.start and p.end <= hi and (demonyms or getattr(p, "kind", "name") != "demonym")
    ]
    if not inside:
        return None
    return min(inside, key=lambda p: (SPECIFICITY.get(p.level, 2), p.start))


def _entity_place(doc: Document, lo: int, hi: int, near: bool) -> dict[str, Any] | None:
    """Stand-in while no places stage ran: a GPE/FAC/LOC entity mention."""
    for ent in doc.entities:
        if ent.type not in {"GPE", "FAC", "LOC"}:
            continue
        for m in ent.mentions:
            if lo <= m.start and m.end <= hi:
                precision = (
                    "near"
                    if near
                    else (
                        "country"
                        if ent.type == "GPE" and ent.country and ent.canonical
                        else "exact"
                    )
                )
                return {
                    "name": ent.canonical,
                    "lat": None,
                    "lon": None,
                    "country": ent.country,
                    "precision": precision,
                }
    return None


def _locative_objects(trig: Trigger) -> list[tuple[Token, bool]]:
    heads = [trig.anchor, trig.match]
    for h in list(heads):
        heads.extend(c for c in h.children if c.dep_ in {"dobj", "nsubjpass", "nsubj", "pobj"})
    out: list[tuple[Token, bool]] = []
    for _ in range(2):  # "training activities with the forces at X": one level down too
        nxt: list[Token] = []
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            if c.lower_ in _LOC_PREPS:
                                out.append((g, c.lower_ in _NEAR_PREPS))
                            nxt.append(g)
        heads = nxt
    # Where the object is, or the demanded act happens ("advised citizens believed to
    # be in X to leave", "troops who are stationed at X"): locatives of the clauses
    # describing the object or complementing the predicate, last.
    for h in (trig.anchor, trig.match):
        objs = [c for c in h.children if c.dep_ in {"dobj", "nsubjpass"}]
        clauses = [c for o in objs for c in o.children if c.dep_ in {"acl", "relcl"}]
        clauses += [c for c in h.children if c.dep_ in {"ccomp", "xcomp"}]
        for clause in clauses:
            for t in clause.subtree:
                if t.dep_ == "prep" and t.lower_ in _LOC_PREPS:
                    near = t.lower_ in _NEAR_PREPS
                    out.extend((g, near) for g in t.children if g.dep_ == "pobj")
    return out


def _clause_spans(anchor: Token) -> list[tuple[int, int]]:
    """Character spans of the anchor's own clause: its subtree less coordinated clauses."""
    skip = {t.i for c in anchor.children if c.dep_ in {"conj", "cc"} for t in c.subtree}
    toks = [t for t in anchor.subtree if t.i not in skip]
    return [(toks[0].idx, toks[-1].idx + len(toks[-1].text))] if toks else []


def find_where(
    doc: Document, sent: Span, trig: Trigger | None
) -> tuple[dict[str, Any] | None, bool]:
    """The place of an event reported in ``sent`` (``trig`` may be ``None``).

    The flag says the place is only *mentioned in the sentence*, not attached
    to the event: good enough to report, too weak to keep two mentions apart.
    """
    if trig is not None:
        for tok, near in _locative_objects(trig):
            sub = list(tok.subtree)
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            place = _best_place(doc, lo, hi)
            if place is not None:
                return _record(place, near), False
            found = _entity_place(doc, lo, hi, near) if not doc.places else None
            if found:
                return found, False
    if trig is not None:
        # Places inside the predicate's own clause before the rest of the sentence
        # ("six ... in the Iraqi militia were killed ..., and concerns about NZ troops").
        for lo, hi in _clause_spans(trig.anchor):
            place = _best_place(doc, lo, hi) or _best_place(doc, lo, hi, demonyms=True)
            if place is not None:
                return _record(place, False), True
    place = _best_place(doc, sent.start_char, sent.end_char)
    if place is not None:
        return _record(place, False), True
    if not doc.places:
        return _entity_place(doc, sent.start_char, sent.end_char, False), True
    return None, True


def find_when(doc: Document, sent: Span, trig: Trigger | None) -> dict[str, Any] | None:
    """The date of an event: a time expression of its sentence, else the publication date."""
    inside = [t for t in doc.times if sent.start_char <= t.start and t.end <= sent.end_char]
    if inside:
        pos = trig.anchor.idx if trig is not None else sent.start_char
        best = min(inside, key=lambda t: abs(t.start - pos))
        return {"value": best.value, "granularity": best.granularity, "source": "text"}
    if doc.published is not None:
        return {"value": doc.published.isoformat(), "granularity": "day", "source": "published"}
    return None
