"""Indirect speech from the dependency parse: the clausal complement of a speech verb.

"Ron Mark said [the main work ... was being put on pause]" - the bracketed
clause is the ``ccomp`` of *said*; "New Zealand had not been given notice,
he said" is the same relation pointing left; "according to X, Y" makes Y the
content and X the source. Nothing is re-parsed: this reads ``doc.spacy``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from vigil.language.quotes.lexicon import BELIEF_CUES, SPEECH_VERBS, WEAK_CUES

_EDGE_PUNCT = set(",;:-\u2014\u2013\"'\u201c\u201d\u2018\u2019.")
#: How far up the tree a participle/conjunct climbs for the subject it shares.
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "acl", "pcomp"}


@dataclass
class Candidate:
    """An attribution before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: Token | None
    subject: Token | None
    anchor: int  # where in the text the attribution is made (for ordering)
    open_end: bool = False
    starts_paragraph: bool = False


def subject_of(cue: Token, outside: tuple[int, int] | None = None) -> Token | None:
    """The speaker token of a cue: its subject, or the subject it shares with its head.

    ``outside`` excludes a character range (the quote itself): a subject inside
    the quoted words is the parser's confusion, not the speaker.
    """

    def ok(t: Token) -> bool:
        return outside is None or not (outside[0] <= t.idx < outside[1])

    tok: Token | None = cue
    for _ in range(4):
        if tok is None:
            break
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and ok(child):
                if child.dep_ == "nsubjpass" and tok is cue:
                    continue  # "he was told": the subject heard it
                return child
            if child.dep_ == "agent" and ok(child):
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.dep_ in _CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None


def trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Token range ``[lo, hi]`` without punctuation/space at either edge."""
    while lo <= hi and (doc[lo].is_space or doc[lo].text in _EDGE_PUNCT):
        lo += 1
    while hi >= lo and (doc[hi].is_space or doc[hi].text in _EDGE_PUNCT):
        hi -= 1
    return lo, hi


def find_indirect(
    doc: Doc, quoted: list[tuple[int, int]], explicit: list[tuple[int, int]]
) -> Iterator[Candidate]:
    """Indirect-speech candidates.

    Cues inside any quoted text are skipped (reported words, not reporting);
    a clause that is mostly an ``explicit`` direct quote is left to the direct
    attribution; a clause with a partial quote inside stays indirect speech.
    """

    spans = sorted(quoted)
    span_starts = [s for s, _ in spans]

    def inside_quote(i: int) -> bool:
        k = bisect.bisect_right(span_starts, i) - 1
        return k >= 0 and spans[k][0] <= i < spans[k][1]

    def overlap_quoted(s: int, e: int) -> float:
        covered = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in explicit)
        return covered / max(1, e - s)

    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma != "accord" and (
            tok.pos_ not in {"VERB", "AUX"}
            or (lemma not in SPEECH_VERBS and lemma not in BELIEF_CUES)
        ):
            continue
        if inside_quote(tok.idx):
            continue
        if lemma == "accord":
            cand = _according(doc, tok)
            if cand and overlap_quoted(cand.start, cand.end) < 0.5:
                yield cand
            continue
        belief = lemma in BELIEF_CUES
        if not belief and (lemma not in SPEECH_VERBS or lemma in WEAK_CUES):
            continue
        if belief and any(c.dep_ == "auxpass" for c in tok.children):
            continue  # "believed to be in Iraq": nobody is said to believe anything
        if tok.dep_ == "parataxis" and not any(c.dep_ == "ccomp" for c in tok.children):
            cand = _parenthetical(doc, tok)
            if cand and overlap_quoted(cand.start, cand.end) < 0.5:
                yield cand
            continue
        for child in tok.children:
            if child.dep_ != "ccomp":
                continue
            lo, hi = trim_tokens(doc, child.left_edge.i, child.right_edge.i)
            if hi - lo < 2:
                continue
            start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
            if overlap_quoted(start, end) >= 0.5:
                continue  # the clause is an explicit quote: attributed as direct
            yield Candidate(
                start, end, "indirect", tok, subject_of(tok, (start, end)), anchor=tok.idx
            )


def _according(doc: Doc, tok: Token) -> Candidate | None:
    """'According to X, Y' / 'Y, according to X': Y is the content, X the source."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    src = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if src is None:
        return None
    head = tok.head if tok.head is not tok else tok
    sub = set(range(tok.left_edge.i, tok.right_edge.i + 1))
    rest = [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in sub]
    if not rest:
        return None
    if tok.left_edge.i <= rest[0]:
        lo, hi = tok.right_edge.i + 1, head.right_edge.i
    else:
        lo, hi = head.left_edge.i, tok.left_edge.i - 1
    lo, hi = trim_tokens(doc, lo, hi)
    if hi - lo < 2:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
    return Candidate(start, end, "indirect", tok, src, anchor=tok.idx)


def _parenthetical(doc: Doc, tok: Token) -> Candidate | None:
    """'This campaign, he says, is different': the clause around a parenthetical cue."""
    head = tok.head
    sub = set(range(tok.left_edge.i, tok.right_edge.i + 1))
    rest = [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in sub]
    if len(rest) < 3:
        return None
    lo, hi = trim_tokens(doc, rest[0], rest[-1])
    if hi - lo < 2:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
    return Candidate(start, end, "indirect", tok, subject_of(tok, (start, end)), anchor=tok.idx)
