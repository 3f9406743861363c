"""An event's actors and fatalities the way ACLED's coders record them.

ACLED's codebook names each event's two sides: ``actor1`` (who acted) and
``actor2`` (against whom), each with an inter code (1 state forces, 2 rebels,
3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
8 external forces) and associated actors; ``interaction`` is the two inter
digits, smaller first (a lone actor's is its code times ten). The event type
decides the roles the codebook gives: a demonstration's actor1 is
"Protesters (Country)" or "Rioters (Country)", violence against civilians has
"Civilians (Country)" as actor2, and armed actors the report names (named groups,
state forces, unidentified gunmen) take the remaining places in the order the
report gives them, the event's own actor (from the parse) first.
"""

from __future__ import annotations

import re
from typing import Any

from vigil.document import Document
from vigil.events.acled.actors.fatalities import code_fatalities
from vigil.events.acled.actors.naming import (
    INTER,
    Actor,
    associated,
    country_name,
    find_actors,
    with_country,
)
from vigil.events.acled.actors.types import event_type, is_note
from vigil.places.acled.location import code_location
from vigil.records import Event

EMPTY: dict[str, Any] = {
    "actor1": "",
    "assoc_actor_1": "",
    "inter1": 0,
    "actor2": "",
    "assoc_actor_2": "",
    "inter2": 0,
    "interaction": 0,
}
#: Two sides of one crowd: ACLED codes both as rioters (actor1 and actor2).
_MUTUAL = re.compile(
    r"\beach other\b|\bone another\b|\btwo (?:rival )?(?:mobs|groups|communities|factions|"
    r"families|clans|sides|villages|tribes)\b",
    re.I,
)
_ARMED = {"group", "military", "police", "unidentified"}


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, smaller first; alone, times ten."""
    if not inter1:
        return 0
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def event_country(doc: Document, event: Event | None) -> str:
    """The event's country (ACLED spelling): a vote of the report's places and national
    entities, where the event's own place (:func:`vigil.places.acled.location.code_location`) counts
    most. One misread town ("Zone" in "the North Zone of Rio de Janeiro") does not outvote
    the rest of the report."""
    try:
        own = str(code_location(doc, event).get("country") or "")
    except Exception:  # noqa: BLE001 - a place lookup failure leaves the vote to the rest
        own = ""
    votes: dict[str, int] = {}
    if own:
        votes[own] = 3
    for p in doc.places:
        name = country_name(p.country) if p.kind != "reference" else ""
        if name:
            votes[name] = votes.get(name, 0) + (2 if p.kind == "name" else 1)
    for ent in doc.entities:
        name = country_name(ent.country) if ent.type in {"GPE", "NORP"} else ""
        if name:
            votes[name] = votes.get(name, 0) + 1
    return max(votes, key=lambda k: (votes[k], k == own), default="")


def scope(doc: Document, event: Event | None) -> tuple[str, int]:
    """The text whose actors are the event's (and its offset): a short report whole,
    an article's event by its evidence sentences."""
    text = doc.text or ""
    if is_note(doc) or event is None or not event.evidence:
        return text, 0
    first = min(e.start for e in event.evidence)
    last = max(e.end for e in event.evidence)
    return text[first:last], first


def code_actors(
    doc: Document, event: Event | None, acled: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction``.

    ``acled`` is the row's type (``event_type``, ``sub_event_type``) when the caller has
    settled it; without it the event's or the report's type is used (:func:`event_type`).
    """
    etype, sub = event_type(doc, event, acled)
    country = event_country(doc, event)
    text, offset = scope(doc, event)
    actors = find_actors(text, country)
    armed = _ordered([a for a in actors if a.kind in _ARMED], doc, event, offset)
    people = {a.kind for a in actors if a.kind not in _ARMED}
    first: Actor | None = None
    second: Actor | None = None
    assoc1: list[str] = []
    assoc2: list[str] = []
    if etype in {"Protests", "Riots"}:
        kind = "protesters" if etype == "Protests" else "rioters"
        first = Actor(with_country(kind.capitalize(), country), INTER[kind], kind, 0, 0)
        assoc1 = associated(text, country)
        state = [a for a in armed if a.kind in {"police", "military"}]
        if state and sub != "Peaceful protest":
            second = state[0]
        elif etype == "Riots" and _MUTUAL.search(text):
            second = first  # two rioting sides: "two groups clashed with each other"
        elif sub == "Mob violence" or (etype == "Riots" and "civilians" in people and not state):
            second = _civilians(country)
    elif etype == "Violence against civilians":
        first = armed[0] if armed else _unidentified(country)
        second = _civilians(country)
        assoc2 = associated(text, country)
    elif etype:
        first = armed[0] if armed else None
        rest = [a for a in armed[1:] if first is None or a.name != first.name]
        if rest:
            second = rest[0]
        elif etype == "Explosions/Remote violence" and "civilians" in people:
            second = _civilians(country)
        elif first is None and etype == "Battles":
            first = _unidentified(country)
    if first is None:
        return dict(EMPTY)
    if second is not None and second.name == first.name and first.kind in _ARMED:
        second = None
    inter1 = first.inter
    inter2 = second.inter if second is not None else 0
    return {
        "actor1": first.name,
        "assoc_actor_1": "; ".join(assoc1),
        "inter1": inter1,
        "actor2": second.name if second is not None else "",
        "assoc_actor_2": "; ".join(assoc2) if second is not None else "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
    }


def _civilians(country: str) -> Actor:
    return Actor(with_country("Civilians", country), INTER["civilians"], "civilians", 0, 0)


def _unidentified(country: str) -> Actor:
    name = with_country("Unidentified Armed Group", country)
    return Actor(name, INTER["unidentified"], "unidentified", 0, 0)


def _ordered(armed: list[Actor], doc: Document, event: Event | None, offset: int) -> list[Actor]:
    """Armed actors, who acted before who was acted on (ACLED's actor1 is the initiator):
    the event's parsed actor and the subject of an active verb or the agent of a passive
    one first, its recipient and what was attacked, killed or hit last; else text order.
    The same name once."""
    spans: dict[str, list[tuple[int, int]]] = {"actor": [], "recipient": []}
    if event is not None:
        for role in ("actor", "recipient"):
            for r in getattr(event, role):
                ent = doc.entity(r.entity) if r is not None and r.entity else None
                if ent is not None:
                    spans[role] += [(m.start - offset, m.end - offset) for m in ent.mentions]

    def hit(a: Actor, role: str) -> bool:
        return any(a.start < e and s < a.end for s, e in spans[role])

    def rank(a: Actor) -> int:
        if hit(a, "actor"):
            return 0
        if hit(a, "recipient"):
            return 2
        return _syntactic_role(doc, a.start + offset, a.end + offset)

    out: list[Actor] = []
    for a in sorted(armed, key=rank):
        if all(a.name != b.name for b in out):
            out.append(a)
    return out


#: Prepositions whose object is what an attack was aimed at.
_TARGET_PREPS = frozenset({"on", "at", "against", "targeting", "toward", "towards"})
#: Dependencies through which a name stands for the phrase it modifies ("Taliban-planted").
_MODIFIER = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod", "det"})


def _syntactic_role(doc: Document, start: int, end: int) -> int:
    """0 for the doer of a clause (active subject, passive agent), 2 for its target
    (passive subject, object, "attack on X"), 1 when the parse does not say."""
    if doc.spacy is None:
        return 1
    span = doc.spacy.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 1
    tok = span.root
    for _ in range(3):
        if tok.dep_ in _MODIFIER and tok.head is not tok:
            tok = tok.head
        else:
            break
    if tok.dep_ == "nsubj":
        return 0
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return 0
    if tok.dep_ == "pobj" and tok.head.lower_ == "by":
        return 0
    if tok.dep_ in {"nsubjpass", "dobj"}:
        return 2
    if tok.dep_ == "pobj" and tok.head.lower_ in _TARGET_PREPS:
        return 2
    return 1


__all__ = ["code_actors", "code_fatalities", "interaction", "EMPTY"]
