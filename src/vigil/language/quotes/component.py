"""The ``quotes`` component: who said what, as direct, partial and indirect quotes.

Three sources of candidates, then one pass of speaker resolution in document
order (so that "he said" and unattributed continuation paragraphs can lean on
the speakers already heard):

* quoted stretches found by their marks (:mod:`quotes_direct`), attributed to the
  speech verb just after or just before them in the same sentence;
  embedded short ones ("described it as a 'political assassination'") are
  *partial* quotes of the subject of the verb that governs them;
* indirect speech from the parse (:mod:`quotes_indirect`);
* a quote paragraph with no cue of its own continues the last speaker of the
  paragraph before (or, when left open, the speaker of the paragraph after).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from vigil.document import Document
from vigil.language.quotes.direct import Marked, find_all_marked, paragraphs, trim
from vigil.language.quotes.indirect import Candidate, find_indirect, subject_of
from vigil.language.quotes.lexicon import (
    BELIEF_CUES,
    PARTIAL_VERBS,
    RECIPIENT_VERBS,
    SPEECH_VERBS,
)
from vigil.language.quotes.speakers import Resolved, SpeakerIndex, resolve_speaker
from vigil.records import Quote
from vigil.settings import Settings

#: Tokens the cue search walks past the quote, each way, before giving up.
CUE_WINDOW = 12
_STOP_TEXT = {".", "!", "?"}
_MARKS = set("\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb")


def _para_index(paras: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if s <= pos < e:
            return i
    return -1


def _is_cue(tok: Token) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in {"VERB", "AUX"}


def _cue_after(
    sp: Doc, m: Marked, quoted: list[tuple[int, int]], starts: list[int]
) -> Token | None:
    """'"...," a spokesman said.' / '"...," said Peters.': a cue right after the quote."""
    k = _token_at_or_after(starts, m.outer_end)
    if k is None:
        return None
    for tok in sp[k : k + CUE_WINDOW]:
        if "\n" in tok.text or tok.text in _MARKS or _inside(tok.idx, quoted):
            return None
        if _is_cue(tok):
            return tok
        if tok.lower_ == "according":
            return tok
        if tok.text in _STOP_TEXT:
            return None
    return None


def _cue_before(
    sp: Doc, m: Marked, quoted: list[tuple[int, int]], starts: list[int]
) -> Token | None:
    """'Peters said: "..."': a cue just before the quote in the same sentence."""
    k = _token_at_or_after(starts, m.outer_start)
    if k is None or k == 0:
        return None
    for i in range(k - 1, max(-1, k - 1 - CUE_WINDOW), -1):
        tok = sp[i]
        if "\n" in tok.text or tok.text in _STOP_TEXT or _inside(tok.idx, quoted):
            return None
        if tok.text in _MARKS:
            return None
        if _is_cue(tok):
            return tok
    return None


def _cue_before_colon(sp: Doc, text: str, prev_para: tuple[int, int]) -> Token | None:
    """'Peters said:' closing the paragraph before a quote paragraph introduces it."""
    if not text[prev_para[0] : prev_para[1]].rstrip().endswith(":"):
        return None
    span = sp.char_span(prev_para[0], prev_para[1], alignment_mode="expand")
    if span is None:
        return None
    last = list(span.sents)[-1]
    cues = [t for t in last if _is_cue(t)]
    return cues[-1] if cues else last.root


def _colon_speaker(
    sp: Doc, text: str, m: Marked, starts: list[int], para_start: int
) -> tuple[Token | None, Token | None]:
    """'Trump went even further: "..."' / 'More from Jones: "..."': who stands before the colon.

    The subject of the verb before the colon, else (a label, a headline) the last name
    before it. Only a colon directly before the quote counts.
    """
    j = m.outer_start - 1
    while j >= para_start and text[j].isspace():
        j -= 1
    if j < para_start or text[j] != ":":
        return None, None
    k = _token_at_or_after(starts, j)
    if k is None or k == 0:
        return None, None
    sent = sp[k - 1].sent
    before = [t for t in sp[sent.start : k] if not t.is_punct]
    verbs = [t for t in before if t.pos_ in {"VERB", "AUX"}]
    if verbs:
        verb = verbs[-1]
        return verb, subject_of(verb, (m.outer_start, m.outer_end))
    names = [t for t in before if t.pos_ == "PROPN"]
    return None, (names[-1] if names else None)


def _token_at_or_after(starts: list[int], char: int) -> int | None:
    """Index of the first token starting at or after ``char`` (``starts``: token offsets)."""
    i = bisect.bisect_left(starts, char)
    return i if i < len(starts) else None


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _embedded(text: str, m: Marked, para_start: int) -> bool:
    """Does the quote sit inside a sentence of the reporter's (after a word, not ':')?"""
    j = m.outer_start - 1
    while j >= para_start and text[j].isspace():
        j -= 1
    return j >= para_start and (text[j].isalnum() or text[j] in "(-")


def _looks_like_speech(sp: Doc, start: int, end: int, text: str) -> bool:
    """A full utterance: capitalised, several words, with a verb."""
    span = sp.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 4:
        return False
    first = text[start:end].lstrip()
    return first[:1].isupper() and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _title_like(phrase: str) -> bool:
    """'Sunday Morning Futures,' / 'Never Trump': a short all-capitalised phrase is a name."""
    words = [w for w in phrase.strip(" ,.;:").split() if w[:1].isalpha()]
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words)


def _governing_verb(sp: Doc, start: int, end: int) -> Token | None:
    """The verb a partial quote hangs from ("described ... as a 'X'")."""
    span = sp.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok: Token = span.root
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _direct_candidates(doc: Document, marked: list[Marked]) -> Iterator[Candidate]:
    sp = doc.spacy
    assert sp is not None
    text = doc.text
    paras = paragraphs(text)
    quoted = [(m.outer_start, m.outer_end) for m in marked]
    starts = [t.idx for t in sp]
    for m in marked:
        start, end = trim(text, m.start, m.end)
        pidx = _para_index(paras, m.outer_start)
        pstart = paras[pidx][0] if pidx >= 0 else 0
        starts_par = not text[pstart : m.outer_start].strip()
        embedded = _embedded(text, m, pstart)
        if embedded and not _looks_like_speech(sp, start, end, text):
            verb = _governing_verb(sp, start, end)
            if verb is None or verb.lemma_.lower() not in PARTIAL_VERBS:
                continue
            if _title_like(text[start:end]):
                continue
            subj = subject_of(verb, (m.outer_start, m.outer_end))
            if subj is None:
                continue
            yield Candidate(start, end, "partial", verb, subj, anchor=verb.idx)
            continue
        cue = _cue_after(sp, m, quoted, starts) or _cue_before(sp, m, quoted, starts)
        if cue is None and starts_par and pidx > 0:
            cue = _cue_before_colon(sp, text, paras[pidx - 1])
        subj = None
        if cue is not None:
            subj = _speaker_token(cue, m)
        else:
            cue, subj = _colon_speaker(sp, text, m, starts, pstart)
        yield Candidate(
            start,
            end,
            "direct",
            cue,
            subj,
            anchor=min(m.outer_start, cue.idx) if cue is not None else m.outer_start,
            open_end=m.open_end,
            starts_paragraph=starts_par,
        )


def _speaker_token(cue: Token, m: Marked) -> Token | None:
    """The cue's subject, outside the quote; 'according to X' gives X."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    subj = subject_of(cue, (m.outer_start, m.outer_end))
    if subj is not None:
        return subj
    head = cue.head
    if cue.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN", "ADJ", "PRON"}:
        if not (m.outer_start <= head.idx < m.outer_end):
            return head  # '"...?" the 43-year-old asked': the cue parsed as a modifier
    # Inverted "said Peters" parsed as an object: take the adjacent name after the cue.
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is not None and nxt.pos_ in {"PROPN", "NOUN", "PRON"}:
        if cue.lemma_.lower() in RECIPIENT_VERBS:
            return None  # "told reporters": the object heard it
        return nxt.head if nxt.head.head is cue else nxt
    return None


def extract_quotes(doc: Document) -> list[Quote]:
    """All quotes of a parsed document, speakers resolved against ``doc.entities``."""
    sp = doc.spacy
    assert sp is not None, "quotes needs the parse stage first"
    text = doc.text
    marked = find_all_marked(text)
    quoted = [(m.outer_start, m.outer_end) for m in marked]
    cands = list(_direct_candidates(doc, marked))
    explicit = [(c.start, c.end) for c in cands if c.kind == "direct"]
    cands.extend(find_indirect(sp, quoted, explicit))
    cands = _drop_nested_partials(cands)
    cands.sort(key=lambda c: (c.anchor, c.start))
    paras = paragraphs(text)
    index = SpeakerIndex(doc, quote_spans=quoted)
    resolved: list[tuple[Candidate, Resolved | None]] = []
    for cand in cands:
        who: Resolved | None = None
        if cand.subject is not None:
            who = resolve_speaker(index, cand.subject)
            ent = doc.entity(who.ref.entity) if who.ref and who.ref.entity else None
            if ent is not None:
                index.heard(cand.anchor, ent)
        elif cand.kind == "direct" and cand.starts_paragraph:
            who = _continued_from(cand, resolved, paras)
            if who is not None and who.ref and who.ref.entity:
                ent = doc.entity(who.ref.entity)
                if ent is not None:
                    index.heard(cand.start, ent)
        resolved.append((cand, who))
    _fill_forward(resolved, paras)
    quotes = []
    for cand, who in resolved:
        if cand.kind == "direct" and who is None:
            continue  # a quoted stretch nobody is said to have said: a title or scare quote
        quotes.append(
            Quote(
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                kind=cand.kind,
                speaker=who.ref if who else None,
                speaker_text=who.text if who else None,
                cue=cand.cue.text if cand.cue is not None else None,
                speaker_start=who.start if who else None,
                speaker_end=who.end if who else None,
            )
        )
    quotes.sort(key=lambda q: q.start)
    return quotes


def _drop_nested_partials(cands: list[Candidate]) -> list[Candidate]:
    """A partial quote or a belief inside indirect speech is already part of that attribution."""
    indirect = [(c.start, c.end) for c in cands if c.kind == "indirect"]

    def nested(c: Candidate) -> bool:
        lo = min(c.start, c.cue.idx) if c.cue is not None else c.start
        return any(s <= lo and c.end <= e and (s, e) != (c.start, c.end) for s, e in indirect)

    return [
        c
        for c in cands
        if not (
            (c.kind == "partial" or (c.cue is not None and c.cue.lemma_.lower() in BELIEF_CUES))
            and nested(c)
        )
    ]


def _continued_from(
    cand: Candidate,
    done: list[tuple[Candidate, Resolved | None]],
    paras: list[tuple[int, int]],
) -> Resolved | None:
    """An unattributed quote paragraph continues the speaker of the paragraph before."""
    here = _para_index(paras, cand.start)
    for prev, who in reversed(done):
        if who is None or prev.kind == "partial":
            continue
        if here - _para_index(paras, prev.start) <= 1 or here - _para_index(paras, prev.end) <= 1:
            return who
        return None
    return None


def _fill_forward(
    resolved: list[tuple[Candidate, Resolved | None]], paras: list[tuple[int, int]]
) -> None:
    """A quote left open at its paragraph's end is continued by the next paragraph's speaker."""
    for i in range(len(resolved) - 2, -1, -1):
        cand, who = resolved[i]
        if who is not None or cand.kind != "direct" or not cand.open_end:
            continue
        nxt, nwho = resolved[i + 1]
        if nwho is not None and _para_index(paras, nxt.start) - _para_index(paras, cand.end) == 1:
            resolved[i] = (cand, nwho)


class QuoteExtractor:
    """Pipeline component ``quotes``."""

    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        doc.quotes = extract_quotes(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


def make_quote_extractor(settings: Settings) -> QuoteExtractor:
    return QuoteExtractor()
