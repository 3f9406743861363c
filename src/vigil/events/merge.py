"""One event, one record: fold repeated mentions of the same event together.

A news article reports its main event several times ("put its training mission
on hold" ... "the work was being put on pause" ... "training activities are on
hold"). Two mentions are the same event when they share the category, their
actors, recipients, places and dates do not contradict each other, and their
predicates are alike (the same lexicon sense, the same mode, or overlapping
content words); mentions in one sentence with the same category are one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vigil.records import EntityRef

#: Material events an article narrates over consecutive sentences.
_NARRATED = {"ASSAULT", "PROTEST", "COERCE"}


@dataclass
class Candidate:
    """An event mention (or several merged) before it becomes an :class:`Event`."""

    category: str
    mode: str | None
    sentences: list[tuple[int, int]]
    senses: set[str]
    content: set[str]  # content-word lemmas of the predicate and its object
    actor: EntityRef | None = None
    recipient: EntityRef | None = None
    reported_by: EntityRef | None = None
    where: dict[str, Any] | None = None
    where_weak: bool = True  # only mentioned in the sentence, not attached to the predicate
    when: dict[str, Any] | None = None
    negated: bool = False
    hypothetical: bool = False  # held possible ("could", "if ..."), not reported as done
    historical: bool = False
    accidental: bool = False  # trigger word also used for accidents ("explosion")
    score: float = 0.5
    actor_country: str | None = None
    recipient_country: str | None = None
    victims: list[str] = field(default_factory=list)
    acled: dict[str, str] | None = None
    acled_p: float = 0.0
    more_actors: list[EntityRef] = field(default_factory=list)  # compound actors
    text: str | None = None  # the document text (to see what lies between two mentions)

    @property
    def factual(self) -> bool:
        return not (self.negated or self.hypothetical)


def _ref_ok(a: EntityRef | None, b: EntityRef | None, ca: str | None, cb: str | None) -> bool:
    if a is None or b is None or a.entity is None or b.entity is None:
        return True
    if a.entity == b.entity:
        return True
    # "Iraq" and "the Iraqi forces": one side, named at two levels.
    return ca is not None and ca == cb


def _actor_ok(a: Candidate, b: Candidate) -> bool:
    if a.actor is None or b.actor is None or a.actor.entity is None or b.actor.entity is None:
        return True
    return a.actor.entity == b.actor.entity


def _where_ok(a: dict | None, b: dict | None) -> bool:
    if not a or not b:
        return True
    if a.get("name") == b.get("name"):
        return True
    if a.get("country") is None or b.get("country") is None or a.get("lat") is None:
        return True  # a place we could not resolve contradicts nothing
    # A country contains its places: "in Iraq" vs "at Taji".
    return "country" in {a.get("precision"), b.get("precision")} and a.get("country") == b.get(
        "country"
    )


def _when_ok(a: dict | None, b: dict | None) -> bool:
    if not a or not b or a.get("source") != "text" or b.get("source") != "text":
        return True
    va, vb = str(a.get("value")), str(b.get("value"))
    return va.startswith(vb) or vb.startswith(va) or va.split("/")[0] == vb.split("/")[0]


def _alike(a: Candidate, b: Candidate) -> bool:
    if set(a.sentences) & set(b.sentences):
        return True
    if a.category in _NARRATED and a.text is not None:
        # The next sentence usually goes on about the same attack or protest.
        gap = b.sentences[0][0] - a.sentences[-1][1]
        if 0 <= gap <= 3 and not a.text[a.sentences[-1][1] : b.sentences[0][0]].strip():
            return True
    if a.senses & b.senses:
        return True
    if a.mode is not None and a.mode == b.mode:
        return True
    if a.content and b.content:
        jac = len(a.content & b.content) / len(a.content | b.content)
        return jac >= 0.25
    return False


def compatible(a: Candidate, b: Candidate) -> bool:
    return (
        a.category == b.category
        and a.negated == b.negated
        and a.hypothetical == b.hypothetical
        and _actor_ok(a, b)
        and _ref_ok(a.recipient, b.recipient, a.recipient_country, b.recipient_country)
        and (a.where_weak or b.where_weak or _where_ok(a.where, b.where))
        and _when_ok(a.when, b.when)
        and _alike(a, b)
    )


def _better_where(a: dict | None, b: dict | None) -> dict | None:
    rank = {"exact": 0, "near": 1, "admin": 2, "country": 3}
    if not a:
        return b
    if not b:
        return a
    return a if rank.get(a.get("precision"), 4) <= rank.get(b.get("precision"), 4) else b


def _better_when(a: dict | None, b: dict | None) -> dict | None:
    if not a:
        return b
    if not b:
        return a
    return a if a.get("source") == "text" or b.get("source") != "text" else b


def absorb(a: Candidate, b: Candidate) -> None:
    """Fold ``b`` into ``a`` (``a`` is the earlier, usually fuller, mention)."""
    for s in b.sentences:
        if s not in a.sentences:
            a.sentences.append(s)
    a.sentences.sort()
    a.senses |= b.senses
    a.content |= b.content
    a.mode = a.mode or b.mode
    if a.actor is None or (a.actor.entity is None and b.actor and b.actor.entity):
        a.actor, a.actor_country = b.actor, b.actor_country
    if a.recipient is None or (a.recipient.entity is None and b.recipient and b.recipient.entity):
        a.recipient, a.recipient_country = b.recipient, b.recipient_country
    # Who reported it is the first mention's: the lead sentence is the article's own claim.
    if a.where_weak and not b.where_weak:
        a.where, a.where_weak = b.where, False
    elif a.where_weak == b.where_weak:
        a.where = _better_where(a.where, b.where)
    a.when = _better_when(a.when, b.when)
    a.historical = a.historical and b.historical
    a.score = max(a.score, b.score)
    a.victims += [v for v in b.victims if v not in a.victims]
    if b.acled_p > a.acled_p:
        a.acled, a.acled_p = b.acled, b.acled_p


def merge(cands: list[Candidate]) -> list[Candidate]:
    """Greedy merge in reading order: first the mentions of one sentence, then across
    sentences, each mention joining the first compatible event (its own sentence's first)."""
    out: list[Candidate] = []
    for c in cands:
        same = [k for k in out if set(k.sentences) & set(c.sentences)]
        for kept in same + [k for k in out if k not in same]:
            if compatible(kept, c):
                absorb(kept, c)
                break
        else:
            out.append(c)
    # Events that grew may now match each other ("the strike" ... "the US strike").
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for b in out[i + 1 :]:
                if compatible(a, b):
                    absorb(a, b)
                    out.remove(b)
                    changed = True
                    break
            if changed:
                break
    return out
