"""Who is speaking: from the subject of a cue verb to a canonical entity of the document.

Speakers are resolved against ``doc.entities`` mentions *by character offset*,
so the better the entity linker gets (aliases, "the military" -> NZDF), the
better speakers get, with no change here. Three things need more than a lookup:

* pronouns ("he said") go to the last speaker or subject of a matching type
  in the preceding sentences; speakers already heard are preferred, because
  news reports keep quoting the same person;
* spokes-nouns ("a spokesman", "officials") go to the organisation they speak
  for: one named inside the phrase ("a Pentagon spokesman", "a spokesman for
  X"), else the organisation that is the subject/topic of the sentences just
  before ("In a statement, the X rejected ... '...,' a spokesman said");
* a bare surname ("Peters said") is lifted to the full name mentioned earlier
  when the linker left them apart.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.language.quotes.lexicon import (
    GENDER_WORDS,
    PRONOUN_GENDER,
    PRONOUN_TYPES,
    SPEAKER_TYPE_RANK,
    SPOKES_NOUNS,
)
from vigil.records import Entity, EntityRef

_RELATIVE = {"who", "that", "which", "whom"}
#: "I"/"you"/"we" outside quotes are the writer or, in a transcript, the labelled speaker.
_FIRST_SECOND = {"i", "me", "you", "we", "us"}
_LABEL = re.compile(r"\s*([A-Z][A-Za-z.'\- ]{1,40}):")

#: How far back (in sentences) a pronoun or spokes-noun looks for its referent.
LOOKBACK_SENTENCES = 4

_SPAN_CUT_DEPS = {"relcl", "acl", "punct", "cc", "conj", "advcl", "prep"}


@dataclass
class Resolved:
    """A speaker as written (``text`` at ``start:end``) and as resolved (``ref``)."""

    text: str
    start: int
    end: int
    ref: EntityRef | None


@dataclass
class SpeakerIndex:
    """Entity mentions by offset, plus the speakers heard so far in document order."""

    doc: Document
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int, Entity]] = field(init=False)
    starts: list[int] = field(init=False)
    history: list[tuple[int, Entity]] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # entity id -> "m" | "f"

    def __post_init__(self) -> None:
        self.mentions = sorted(
            ((m.start, m.end, e) for e in self.doc.entities for m in e.mentions),
            key=lambda x: (x[0], -x[1]),
        )
        self.starts = [m[0] for m in self.mentions]
        text = self.doc.text
        for start, end, ent in self.mentions:
            if ent.type != "PERSON" or ent.id in self.gender:
                continue
            words = re.findall(r"[A-Za-z]+", text[max(0, start - 24) : end].lower())[-6:]
            for w in words:
                if w in GENDER_WORDS:
                    self.gender[ent.id] = GENDER_WORDS[w]
                    break

    def in_quote(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quote_spans)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions that overlap ``[start, end)``."""
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[:hi] if m[1] > start]

    def entity_at(self, start: int, end: int, head: int | None = None) -> Entity | None:
        """The best speaker-like entity mentioned inside ``[start, end)``.

        A mention containing the head word wins; else persons before
        organisations before groups before places ("Iraq's Prime Minister,
        Adil Abdul Mahdi" is the person, not Iraq).
        """
        cands = [m for m in self.overlapping(start, end) if m[2].type in SPEAKER_TYPE_RANK]
        if not cands:
            return None
        if head is not None:
            holding = [m for m in cands if m[0] <= head < m[1]]
            if holding:
                return max(holding, key=lambda m: m[1] - m[0])[2]
        best = min(
            cands,
            key=lambda m: (SPEAKER_TYPE_RANK[m[2].type], abs(m[0] - (head or m[0]))),
        )
        return best[2]

    def heard(self, pos: int, entity: Entity) -> None:
        """Record that ``entity`` spoke at ``pos`` (pronouns prefer speakers heard)."""
        self.history.append((pos, entity))


def ref(entity: Entity | None) -> EntityRef | None:
    return EntityRef(entity.id, entity.canonical) if entity else None


def noun_phrase(tok: Token) -> Span:
    """The mention a subject token stands for: its subtree minus clauses and trailing punctuation."""
    doc = tok.doc
    left = tok.i
    for child in tok.lefts:
        if child.dep_ not in _SPAN_CUT_DEPS:
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.is_punct:
            continue
        if child.dep_ in {"appos", "compound", "flat"}:
            right = max(right, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            right = max(right, child.right_edge.i)
        else:
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


def _sentence_window_start(tok: Token, n: int) -> int:
    """Character offset of the sentence ``n`` sentences before ``tok``'s."""
    sent = tok.sent
    start = sent.start
    for _ in range(n):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    return tok.doc[start].idx


def resolve_pronoun(index: SpeakerIndex, tok: Token) -> Entity | None:
    """Last-mentioned entity of a fitting type before ``tok``, speakers and subjects first."""
    types = PRONOUN_TYPES.get(tok.lower_)
    if not types:
        return None
    lo = _sentence_window_start(tok, LOOKBACK_SENTENCES)
    pos = tok.idx
    want = PRONOUN_GENDER.get(tok.lower_)

    def fits(e: Entity) -> bool:
        return e.type in types and (want is None or index.gender.get(e.id, want) == want)

    heard = [(p, e) for p, e in index.history if lo <= p < pos and fits(e)]
    subjects: list[tuple[int, Entity]] = []
    anywhere: list[tuple[int, Entity]] = []
    spacy_doc = tok.doc
    for start, end, ent in index.overlapping(lo, pos):
        if not fits(ent) or end > pos or index.in_quote(start, end):
            continue
        span = spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        anywhere.append((start, ent))
        if span.root.dep_ in {"nsubj", "nsubjpass"} or span.root.head.dep_ in {
            "nsubj",
            "nsubjpass",
        }:
            subjects.append((start, ent))
    # Prefer by type order (he -> PERSON), then speakers/subjects, then recency.
    for typ in types:
        for pool in (heard + subjects, anywhere):
            cands = [c for c in pool if c[1].type == typ]
            if cands:
                chosen = max(cands, key=lambda c: c[0])[1]
                if want is not None:
                    index.gender.setdefault(chosen.id, want)  # 'he' said it: now we know
                return chosen
    return None


def resolve_spokes(index: SpeakerIndex, tok: Token, phrase: Span) -> Entity | None:
    """The organisation a spokes-noun speaks for: named in the phrase, else the recent topic."""
    inner = [
        m
        for m in index.overlapping(phrase.start_char, phrase.end_char)
        if m[2].type in {"ORG", "GPE", "NORP"}
    ]
    if inner:
        return min(inner, key=lambda m: ("ORG", "GPE", "NORP").index(m[2].type))[2]
    spacy_doc = tok.doc
    sent = tok.sent
    # This sentence before the phrase, then each earlier sentence, nearest first.
    windows: list[tuple[int, int]] = [(sent.start_char, phrase.start_char)]
    start = sent.start
    for _ in range(2):
        if start == 0:
            break
        prev = spacy_doc[start - 1].sent
        windows.append((prev.start_char, prev.end_char))
        start = prev.start
    for lo, hi in windows:
        orgs = [
            m
            for m in index.overlapping(lo, hi)
            if m[2].type == "ORG" and m[1] <= hi and not index.in_quote(m[0], m[1])
        ]
        if not orgs:
            continue
        for m in orgs:
            span = spacy_doc.char_span(m[0], m[1], alignment_mode="expand")
            if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}:
                return m[2]
        return orgs[-1][2]
    return None


def full_name(index: SpeakerIndex, entity: Entity) -> Entity:
    """Lift a one-word person ("Peters") to the full name mentioned before ("Winston Peters")."""
    if entity.type != "PERSON" or " " in entity.canonical.strip():
        return entity
    first = min((m.start for m in entity.mentions), default=0)
    surname = entity.canonical.strip().lower()
    for other in index.doc.entities:
        if other is entity or other.type != "PERSON":
            continue
        words = other.canonical.lower().split()
        if len(words) > 1 and words[-1] == surname:
            if min((m.start for m in other.mentions), default=first) <= first:
                return other
    return entity


def resolve_speaker(index: SpeakerIndex, tok: Token) -> Resolved:
    """Resolve the subject token of a cue to the speaker mention and entity."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl" and tok.head.head is not tok.head:
        # "Bernie Sanders, who said ...": written "who", meant the noun the clause hangs on.
        said = resolve_speaker(index, tok.head.head)
        return Resolved(tok.text, tok.idx, tok.idx + len(tok), said.ref)
    phrase = noun_phrase(tok)
    text = phrase.text
    start, end = phrase.start_char, phrase.end_char
    entity: Entity | None
    if tok.lower_ in _FIRST_SECOND:
        return Resolved(text, start, end, _transcript_speaker(index, tok))
    if tok.pos_ == "PRON" or tok.lower_ in PRONOUN_TYPES:
        # Ours first (it knows who has been speaking); else the linker's own coreference.
        entity = resolve_pronoun(index, tok) or index.entity_at(start, end, head=tok.idx)
        if entity is None:
            return Resolved(text, start, end, None)
    else:
        entity = index.entity_at(start, end, head=tok.idx)
        if entity is None and tok.lemma_.lower() in SPOKES_NOUNS:
            entity = resolve_spokes(index, tok, phrase)
        if entity is None:
            entity = _linker_lookup(index.doc, text, start)
    if entity is None:
        return Resolved(text, start, end, EntityRef(None, text))
    entity = full_name(index, entity)
    return Resolved(text, start, end, ref(entity))


def _linker_lookup(doc: Document, text: str, near: int) -> Entity | None:
    """The entity linker's phrase resolution ("the military" -> the focus country's army).

    Optional: with another ``entities`` component that lacks the helper, nothing changes.
    """
    try:
        from vigil.language.entities import entity_for_text
    except ImportError:  # pragma: no cover - a linker without the helper
        return None
    ent = entity_for_text(doc, text, near=near)
    return ent if ent is not None and ent.type in SPEAKER_TYPE_RANK else None


def _transcript_speaker(index: SpeakerIndex, tok: Token) -> EntityRef | None:
    """'I'/'we' in a transcript turn ("FALLIN: I think ...") is the labelled speaker;
    anywhere else it is the writer, whom we do not name."""
    doc = index.doc
    para_start = doc.text.rfind("\n", 0, tok.idx) + 1
    m = _LABEL.match(doc.text, para_start)
    if m is None or m.end() > tok.idx:
        return None
    s, e = m.span(1)
    entity = index.entity_at(s, e) or _linker_lookup(doc, m.group(1), s)
    return ref(full_name(index, entity)) if entity else EntityRef(None, m.group(1).strip())
