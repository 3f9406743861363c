"""Which side took the ground: the one fact that splits ACLED's two territorial types.

ACLED codes a change of territorial control by who gained it: *Government
regains territory* when state forces (or forces acting for the state) take an
area, *Non-state actor overtakes territory* when rebels, militias or other
armed groups do. The text model reads "recaptured the town" well but cannot
tell who did it, and the two types share almost every word. The parse can:
the subject of the taking verb ("ISIS fighters recaptured ...", "the army
seized control of ..."), the agent of a passive ("was retaken by government
troops") or the side a place fell to ("the town fell to the rebels").

This module finds that side for a sentence or a whole report. The events stage
and the report-level chooser only use it to choose *between* the two
territorial types; it never makes a territorial event out of anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.events.arguments import entity_at, subject_of

Side = Literal["state", "non-state"]

GOVERNMENT = "Government regains territory"
NON_STATE = "Non-state actor overtakes territory"
TERRITORIAL = frozenset({GOVERNMENT, NON_STATE})

#: Verbs whose subject gains an area ("took" and "gained" only with an area or "control").
_TAKE = frozenset(
    "capture recapture seize retake regain liberate overrun conquer occupy reoccupy "
    "reclaim storm clear free".split()
)
_TAKE_NEEDS_OBJECT = frozenset({"take", "gain", "win", "wrest", "assume"})
#: Objects that make a taking territorial (a GPE/LOC/FAC name does too).
_AREA = frozenset(
    "village villages town towns city cities district districts area areas region regions "
    "province provinces territory territories locality localities base bases airbase airport "
    "position positions hill hills road highway crossing checkpoint outpost neighbourhood "
    "neighborhood suburb suburbs camp control ground enclave stronghold island islands port "
    "valley border frontier county municipality zone".split()
)
#: Head nouns of a state actor's phrase: the state's own armed or civil organs.
_STATE_HEADS = frozenset(
    "army armies military troops soldiers soldier police policemen gendarmerie government "
    "regime authorities navy marines commandos paratroopers".split()
)
#: Modifiers that make "forces"/"units" the state's.
_STATE_MODS = frozenset(
    "government governmental state national security armed federal regime army military "
    "pro-government loyalist official".split()
)
#: Words naming non-state armed groups.
_NON_STATE = frozenset(
    "rebels rebel insurgents insurgent militants militant militia militias militiamen "
    "jihadists jihadist terrorists terrorist extremists extremist fighters gunmen guerrillas "
    "guerrilla separatists separatist bandits insurgency mujahideen opposition".split()
)
_STATE_SECTORS = frozenset({"MIL", "GOV", "COP"})


def sentence_side(sent: Span, doc: Document | None = None) -> Side | None:
    """The side that gained territory in ``sent``, or ``None`` if no taking is stated."""
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT":
            continue
        gainer = _gainer(tok)
        if gainer is None:
            continue
        side = side_of(gainer, doc)
        if side is not None:
            return side
    return None


def report_side(doc: Document, sents: Iterable[Span] | None = None) -> Side | None:
    """The side of the first sentence of the report that states a territorial gain."""
    if doc.spacy is None:
        return None
    for sent in sents if sents is not None else doc.spacy.sents:
        side = sentence_side(sent, doc)
        if side is not None:
            return side
    return None


def settle(sub: str | None, side: Side | None) -> str | None:
    """``sub``, switched to the other territorial type if ``side`` says it is the other."""
    if sub not in TERRITORIAL or side is None:
        return sub
    return GOVERNMENT if side == "state" else NON_STATE


#: Irregular forms the small pipeline's lemmatiser sometimes leaves as they are.
_IRREGULAR = {
    "took": "take", "taken": "take", "retook": "retake", "retaken": "retake",
    "overran": "overrun", "won": "win", "fell": "fall", "fallen": "fall",
}  # fmt: skip


def _gainer(verb: Token) -> list[Token] | None:
    """The gaining actor's tokens if ``verb`` states a territorial gain."""
    lemma = _IRREGULAR.get(verb.lower_, verb.lemma_.lower())
    if lemma == "fall":  # "the town fell to the rebels" / "into the hands of the army"
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "into"):
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lower_ == "hands":
                    of = next((c for c in obj.children if c.lower_ == "of"), None)
                    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
                if obj is not None:
                    return _phrase(obj)
        return None
    if lemma in _TAKE_NEEDS_OBJECT:
        if not _has_area_object(verb, particle_ok=lemma == "take"):
            return None
    elif lemma not in _TAKE:
        return None
    elif not _has_area_object(verb, particle_ok=True):
        return None
    # The subject, or the agent of a passive ("was retaken by government troops").
    subj = subject_of(verb)
    return _phrase(subj) if subj is not None else None


def _phrase(head: Token) -> list[Token]:
    """The actor phrase around ``head``: its modifiers, coordinates and "of"/"from"/
    "loyal to" complements, but not other prepositional phrases ("security forces
    in a crackdown on Taliban militants" is the security forces)."""
    out = [t for left in head.lefts for t in left.subtree] + [head]
    for right in head.rights:
        if right.dep_ in ("appos", "conj", "cc", "amod", "compound"):
            out += list(right.subtree)
        elif right.dep_ == "prep" and right.lower_ in ("of", "from"):
            out += list(right.subtree)
    return sorted(out, key=lambda t: t.i)


def _has_area_object(verb: Token, particle_ok: bool) -> bool:
    """The verb's object is an area ("the town", "control of X", a place name), or,
    with ``particle_ok``, a bare "took over" leaves the area to the context."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if any(c.dep_ == "auxpass" for c in verb.children):
        objs += [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not objs:
        return particle_ok and any(c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)
    return any(
        obj.lemma_.lower() in _AREA or obj.lower_ in _AREA or obj.ent_type_ in ("GPE", "LOC", "FAC")
        for obj in objs
    )


def side_of(tokens: list[Token], doc: Document | None = None) -> Side | None:
    """State or non-state, from the actor phrase's words or its entity's sector."""
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    if words & _NON_STATE:
        return "non-state"
    if words & _STATE_HEADS:
        return "state"
    if {"forces", "force", "units", "unit"} & words and words & _STATE_MODS:
        return "state"
    if doc is not None and tokens:
        ent = entity_at(doc, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if ent is None:
            for t in tokens:
                ent = entity_at(doc, t.idx, t.idx + len(t))
                if ent is not None and ent.sector:
                    break
        if ent is not None and ent.sector == "REB":
            return "non-state"
        if ent is not None and ent.sector in _STATE_SECTORS:
            return "state"
    return None
