"""Is it an event at all? Negation, irrealis (plans, demands, conditions) and background.

PLOVER's auxiliary modes: a negated act ("is not preparing an evacuation") is not
an event; the content of a plan, demand or threat ("calling for troops to be
expelled", "threatened to strike") is not the act itself (the demand is coded, as
REQUEST, by its own trigger); an act the report only holds possible ("the strike
could kill dozens", "if talks fail, the rebels would attack") is kept but marked
hypothetical, so that it is never counted as having happened; an act dated well
before the report is historical background.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Token

from vigil.events.detect import Trigger
from vigil.events.lexicon import Lexicon

#: Prepositions that attach a circumstance (cause, time, place), not the content of a plan.
_CIRCUMSTANCE = frozenset(
    {"over", "after", "amid", "despite", "following", "because", "since", "before", "during"}
    | {"in", "at", "near", "from", "by", "with", "as", "among", "inside", "outside", "across"}
)
_NEG_WORDS = frozenset({"not", "n't", "never", "no"})


#: Modals and conditional markers that make the act a possibility, not a plan or demand.
POSSIBILITY = frozenset({"could", "might", "may", "would", "'d", "if", "unless", "whether"})
#: Governors that report a possibility rather than intend or demand the act: "analysts
#: warned that militants could attack" holds the attack possible, as "could" alone does.
_FORESEE = frozenset({"warn", "warning", "fear", "concern", "worry", "risk", "expect"})


@dataclass
class Modality:
    negated: bool = False
    irrealis: bool = False
    governor: str | None = None  # the plan/demand/modal word that made it irrealis

    @property
    def hypothetical(self) -> bool:
        """Held possible ("could", "if ...") rather than planned, demanded or threatened."""
        return self.irrealis and self.governor in POSSIBILITY


def _negated(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in _NEG_WORDS and c.dep_ in {"advmod", "det"}):
            return True
    return False


def _modal(tok: Token, lex: Lexicon) -> str | None:
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in lex.modals | {"'d", "'ll", "wo", "ca"}:
            return c.lower_
        if c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"}:
            return c.lower_
    return None


def _irrealis_word(tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ in {"VERB", "AUX"}:
        return lemma in lex.irrealis_verbs
    if tok.pos_ in {"NOUN", "PROPN"}:
        return lemma in lex.irrealis_nouns or tok.lower_ in lex.irrealis_nouns
    if tok.pos_ == "ADJ":
        return lemma in lex.irrealis_adjectives
    return False


def _reported_future(tok: Token, lex: Lexicon) -> bool:
    """ "announced the mission would end": *would* is the reported *will*, a plan, not a
    possibility (the tense of the reporting verb moved it back)."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    head = cur.head
    return cur.dep_ == "ccomp" and head.lemma_.lower() in lex.speech and head.tag_ in {"VBD", "VBN"}


def modality(trig: Trigger, lex: Lexicon) -> Modality:
    """Negation and irrealis status of a trigger, read from the parse."""
    out = _modality(trig, lex)
    if out.governor in {"would", "'d"} and _reported_future(trig.anchor, lex):
        out.governor = "will"
    return out


def _modality(trig: Trigger, lex: Lexicon) -> Modality:
    out = Modality()
    own = [trig.match] if trig.anchor.i == trig.match.i else [trig.match, trig.anchor]
    if any(_negated(t) for t in own):
        out.negated = True
    for t in own:
        m = _modal(t, lex)
        if m:
            out.irrealis, out.governor = True, m
    # Climb towards the root through content relations.
    cur = trig.anchor
    for _ in range(8):
        if cur.head.i == cur.i:
            break
        dep, nxt = cur.dep_, cur.head
        if dep == "pobj" and nxt.lower_ in _CIRCUMSTANCE:
            break
        if dep in {"advmod", "npadvmod", "appos"}:
            break
        if dep == "prep" and cur.lower_ in _CIRCUMSTANCE:
            break
        if dep == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in cur.children
        ):
            # "... , as the focus turns to X": a separate clause, not a complement,
            # unless it is a purpose or condition clause.
            if not any(
                c.lower_ in {"to", "for"} and c.dep_ in {"aux", "mark"} for c in cur.children
            ):
                break
        if _irrealis_word(nxt, lex) and dep != "conj":
            if out.governor in POSSIBILITY and nxt.lemma_.lower() in _FORESEE:
                break  # a possibility foreseen stays a possibility
            out.irrealis, out.governor = True, nxt.lemma_.lower()
            if _negated(nxt):
                out.negated = True
            break
        m = _modal(nxt, lex)
        if m and dep in {"ccomp", "xcomp", "advcl", "dobj", "pobj", "prep"}:
            out.irrealis, out.governor = True, m
            break
        cur = nxt
    return out


def is_historical(when: dict | None, published: date | None) -> bool:
    """Background: the event's date ends more than a month before publication."""
    if not when or when.get("source") != "text" or published is None:
        return False
    value = str(when.get("value") or "")
    end = value.split("/")[-1]
    try:
        parts = [int(p) for p in end.split("-")]
    except ValueError:
        return False
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else 28
    try:
        last = date(year, month, min(day, 28))
    except ValueError:
        return False
    return (published - last).days > 31
