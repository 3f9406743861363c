"""The ``times`` component: every time expression, normalised against the publication date.

Candidates come from vigil's own grammar (:mod:`vigil.language.times.grammar`) run
over the whole text, with spaCy's DATE entities as extra evidence (a bare
"2015" counts as a year only with a preposition, a modifier, or spaCy's DATE
label). The span includes a preposition directly before the expression ("on
Saturday", "since 2015", "over the weekend") because the preposition changes
what the date means to a reader. Where expressions overlap the longest wins.

The tense that decides "on Saturday" (the last one or the next one) is read
from the parse: the verb governing the expression, and its auxiliaries.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from vigil.document import Document
from vigil.language.times.grammar import EITHER, FUTURE, PAST, PRESENT, RULES, Context, Norm
from vigil.records import TimeExpr
from vigil.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc

PREPOSITIONS = (
    "on",
    "since",
    "by",
    "in",
    "over",
    "until",
    "till",
    "during",
    "throughout",
    "from",
    "before",
    "after",
    "at",
)
_PREP_BEFORE = re.compile(r"\b(" + "|".join(PREPOSITIONS) + r")[ \t]+$", re.IGNORECASE)

FUTURE_AUX = {"will", "'ll", "ll", "shall", "wo", "can", "may", "might", "must", "should"}
#: "would" / "could" look forward from a reported moment that may itself be past.
EITHER_AUX = {"would", "'d", "could"}
#: Simple present reporting verbs talk about the past ("officials say ... on Saturday");
#: any other simple present in news is a schedule ("the show opens on Friday").
REPORTING = {
    "say",
    "tell",
    "report",
    "claim",
    "confirm",
    "announce",
    "allege",
    "accuse",
    "add",
    "state",
}
FUTURE_HEADS = {"going", "due", "set", "expected", "plan", "scheduled", "poised", "about"}


def tense_at(sdoc: SpacyDoc | None, start: int, end: int) -> str:
    """PAST or FUTURE for the clause around [start, end): the governing verb decides.

    News is told in the past unless the verb says otherwise: FUTURE for a future or
    modal auxiliary (``will``, ``can``...), ``going to`` / ``due to``, a progressive
    "is meeting"; EITHER (the nearer occurrence) for ``would``/``could``; PRESENT
    for a simple present that is not a reporting verb ("the show opens on Friday"
    is a schedule; "officials say" is not). PAST is the default when no verb is found.
    """
    if sdoc is None:
        return PAST
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return PAST
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return PAST
    chain = [tok]
    if tok.dep_ == "xcomp" and tok.head.i != tok.i:
        chain.append(tok.head)  # "is due to meet", "will try to meet"
    for verb in chain:
        if verb.lower_ in FUTURE_AUX:
            return FUTURE
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX for a in auxes):
            return FUTURE
        if verb.lower_ in EITHER_AUX or any(a.lower_ in EITHER_AUX for a in auxes):
            return EITHER
        if verb.lower_ in FUTURE_HEADS or verb.lemma_ in FUTURE_HEADS:
            return FUTURE
        if verb.tag_ in ("VBD", "VBN"):
            return PAST
        if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return FUTURE  # "is meeting on Monday"
        if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_ not in REPORTING:
            if verb.lemma_ != "be" and verb.lemma_ != "have":
                return PRESENT  # "the show opens on Friday": a schedule
    return PAST


def _date_spans(sdoc: SpacyDoc | None) -> list[tuple[int, int]]:
    if sdoc is None:
        return []
    return [
        (e.start_char, e.end_char)
        for e in sdoc.ents
        if e.label_ == "DATE" and not any(_counts_things(t) for t in e)
    ]


def _counts_things(tok) -> bool:  # noqa: ANN001 - a spaCy Token
    """A number counting a plural noun ("some 2015 people") is not a year."""
    return tok.like_num and tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS")


def find_times(text: str, anchor: date | None, sdoc: SpacyDoc | None = None) -> list[TimeExpr]:
    """Every normalisable time expression of ``text``, in text order, none overlapping."""
    dates = _date_spans(sdoc)
    found: list[tuple[int, int, int, Norm]] = []
    for priority, rule in enumerate(RULES):
        for m in rule.regex.finditer(text):
            s, e = m.span()
            prep = _PREP_BEFORE.search(text, max(0, s - 16), s)
            if prep and prep.group(1).lower() not in rule.preps:
                prep = None
            ctx = Context(
                anchor=anchor,
                tense=lambda s=s, e=e: tense_at(sdoc, s, e),
                prep=prep.group(1).lower() if prep else None,
                spacy_date=any(ds < e and s < de for ds, de in dates),
                before=text[max(0, s - 30) : s],
                after=text[e : e + 30],
            )
            try:
                norm = rule.handler(m, ctx)
            except (OverflowError, ValueError):
                # Date arithmetic past the calendar's years 1..9999: a publication date
                # of 0001-01-01 (a CMS's empty date) and "last week" name no date.
                norm = None
            if norm is not None:
                found.append((prep.start(1) if prep else s, e, priority, norm))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    chosen: list[tuple[int, int, int, Norm]] = []
    for cand in found:
        if all(cand[1] <= o[0] or cand[0] >= o[1] for o in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return [TimeExpr(text[s:e], s, e, n.value, n.granularity) for s, e, _, n in chosen]


class TimeTagger:
    """Fills ``doc.times``; reads the parse for tense and DATE evidence when it is there."""

    name = "times"

    def __call__(self, doc: Document) -> Document:
        doc.times = find_times(doc.text, doc.published, doc.spacy)
        return doc


def make_time_tagger(settings: Settings) -> TimeTagger:
    return TimeTagger()
