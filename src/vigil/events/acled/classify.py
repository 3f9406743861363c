"""ACLED typing of coded events, and the events only the text model sees.

Each sentence gets ACLED sub-event-type scores: the text model on the sentence
and on its neighbourhood (averaged), plus the lexicon's hint words ("grenade").
A candidate event takes the best type its PLOVER category allows
(:func:`vigil.events.acled.types.choose`); a sentence whose top ACLED type is
probable, beats every non-ACLED reading and is not what the lexicon's events
got becomes a classifier-only event. Candidates whose trigger also names
accidents ("explosion", "killed") are dropped when the text reads as an
accident or disaster and no attack is named in the sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.events.acled import featurise, protest, territory
from vigil.events.acled import types as acled_mod
from vigil.events.arguments import country_of, resolve_phrase
from vigil.events.detect import present_passive
from vigil.events.lexicon import Lexicon
from vigil.events.merge import Candidate
from vigil.events.where import find_when, find_where
from vigil.language.embeddings import pooled, sentence_texts

#: Classifier-only events: a sentence's top ACLED type becomes an event when it is at
#: least this probable and beats every non-ACLED type (disaster, crime, diplomacy) ...
FALLBACK_MIN_P = 0.15
#: ... and beats (by this factor) the types the lexicon's events got in that sentence.
FALLBACK_MARGIN = 1.0
#: Confidence of an ACLED-typed event: this much from the lexicon's reading, the rest
#: from the text model's probability of its type.
ACLED_RULE_WEIGHT = 0.3
#: Weight of an ACLED hint word (e.g. "grenade") added to the text model's probability.
HINT_WEIGHT = 0.25


@dataclass
class TextScores:
    """The n-gram reader's probabilities for one document, read in one batch with others:
    its prose sentences alone and in their windows, and the whole report (``None`` when
    the report must be read as text, see :func:`text_scores`)."""

    own: np.ndarray
    ctx: np.ndarray
    report: np.ndarray | None


def text_scores(
    clf: acled_mod.AcledClassifier, items: list[tuple[Document, list[Span]]]
) -> list[TextScores]:
    """:class:`TextScores` for each (document, prose sentences) pair, every sentence of
    every document cut into n-grams once. The whole report's counts are the sums of its
    pieces' counts, a piece being a run of sentences that meet without whitespace
    between them (a closing quote spaCy put in the next sentence) and so read as one
    text, so that no word or character n-gram straddles two pieces: the same
    probabilities as reading the whole text (to rounding). A model whose counts do not
    add up (:func:`featurise.sums_exactly`) leaves ``report`` to be read as text."""
    texts: list[str] = []
    windows: list[list[int]] = []
    shapes: list[tuple[int, bool]] = []
    whole = featurise.sums_exactly(clf)
    for doc, sents in items:
        assert doc.spacy is not None
        every = list(doc.spacy.sents)
        base = len(texts)
        texts.extend(sentence_texts(doc.spacy, every))
        own_texts = texts[base:]
        row = {s.start_char: base + k for k, s in enumerate(every)}
        idx = [row[s.start_char] for s in sents]
        n = len(idx)
        windows.extend([i] for i in idx)
        windows.extend(idx[_window_range(n, i)] for i in range(n))
        pieces = _pieces(doc, every, own_texts) if whole else None
        if pieces is not None:
            report: list[int] = []
            for first, last in pieces:
                if first == last:
                    report.append(base + first)
                else:
                    report.append(len(texts))
                    texts.append(doc.text[every[first].start_char : every[last].end_char])
            windows.append(report)
        shapes.append((n, pieces is not None))
    p = featurise.window_text_proba(clf, texts, windows)
    out, at = [], 0
    for n, has_report in shapes:
        own, ctx = p[at : at + n], p[at + n : at + 2 * n]
        at += 2 * n
        out.append(TextScores(own, ctx, p[at] if has_report else None))
        at += int(has_report)
    return out


def _pieces(doc: Document, sents: list[Span], texts: list[str]) -> list[tuple[int, int]] | None:
    """(first, last) sentence of each run of sentences with no whitespace between them;
    ``None`` unless the sentences (``texts``) and whitespace make up the document's text."""
    text = doc.text
    runs: list[tuple[int, int]] = []
    pos = 0
    for k, s in enumerate(sents):
        at = s.start_char
        if at < pos or text[at : s.end_char] != texts[k] or not _blank(text[pos:at]):
            return None  # the parse is not of this text
        if runs and not (text[at - 1].isspace() or text[at].isspace()):
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
        pos = s.end_char
    return runs if _blank(text[pos:]) else None


def _blank(gap: str) -> bool:
    return not gap or gap.isspace()


def sentence_probs(
    clf: acled_mod.AcledClassifier | None,
    lex: Lexicon,
    sents: list[Span],
    doc: Document,
    scores: TextScores | None = None,
) -> list[dict[str | None, float]]:
    """ACLED sub-event-type scores per sentence: text model on the sentence and on
    its neighbourhood (averaged), plus the lexicon's ACLED hint words. The
    sentence vectors of the ``embed`` stage, where present, join the text.
    ``scores``: the n-gram reader's part, read already (:func:`text_scores`)."""
    n = len(sents)
    out: list[dict[str | None, float]] = [{} for _ in range(n)]
    if clf is not None and n:
        vecs = _sentence_vectors(doc, sents)
        own_x = ctx_x = None
        if vecs is not None:
            own_x = np.stack([acled_mod.vector_features(v) for v in vecs])
            ctx_x = np.stack(
                [acled_mod.vector_features(pooled(vecs[_window_range(n, i)])) for i in range(n)]
            )
        if scores is None:
            scores = text_scores(clf, [(doc, sents)])[0]
        own = clf.as_dicts(clf.mix(scores.own, own_x))
        ctx = clf.as_dicts(clf.mix(scores.ctx, ctx_x))
        for i in range(n):
            # in the model's class order, so a tie goes the same way in every process
            keys = dict.fromkeys([*own[i], *ctx[i]])
            out[i] = {k: 0.5 * own[i].get(k, 0.0) + 0.5 * ctx[i].get(k, 0.0) for k in keys}
    any_hint = _any_hint(tuple(p for pats in lex.acled_hints.values() for p in pats))
    lows = [t.lower() for t in sentence_texts(sents[0].doc, sents)] if sents else []
    for i, low in enumerate(lows):
        if any_hint is not None and not any_hint.search(low):
            continue  # no type's hint word in the sentence
        for sub, pats in lex.acled_hints.items():
            if any(p.search(low) for p in pats):
                out[i][sub] = out[i].get(sub, 0.0) + HINT_WEIGHT
    return out


@functools.lru_cache(maxsize=8)
def _any_hint(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One alternation of every hint pattern: it finds something exactly when one of
    them does, so most sentences are searched once instead of once per type."""
    if not patterns or any(p.flags != re.UNICODE for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _sentence_vectors(doc: Document, sents: list[Span]) -> np.ndarray | None:
    """The ``embed`` stage's vectors of ``sents`` (a subset of the document's sentences)."""
    if doc.sent_vectors is None or doc.spacy is None:
        return None
    row = {s.start_char: i for i, s in enumerate(doc.spacy.sents)}
    if len(row) != len(doc.sent_vectors) or any(s.start_char not in row for s in sents):
        return None  # vectors of another parse: ignore them rather than misalign
    return np.asarray(doc.sent_vectors)[[row[s.start_char] for s in sents]]


def add_acled(
    clf: acled_mod.AcledClassifier | None,
    lex: Lexicon,
    doc: Document,
    sents: list[Span],
    cands: list[Candidate],
    fallback: bool = True,
    scores: TextScores | None = None,
) -> None:
    """ACLED types for candidates, and classifier-only candidates where it is sure."""
    index = {(s.start_char, s.end_char): i for i, s in enumerate(sents)}
    probs = sentence_probs(clf, lex, sents, doc, scores)
    covered: set[int] = set()
    attacks = {c.sentences[0] for c in cands if c.category == "ASSAULT" and not c.accidental}
    for c in list(cands):
        i = index.get(c.sentences[0])
        if not c.factual:
            continue
        # The accident reading is weighed against the ACLED types the category allows;
        # a category with none ("the storm threatened the village": THREATEN by an
        # inanimate cause) is weighed against every ACLED type.
        allowed = acled_mod.ALLOWED.get(c.category) or list(acled_mod.ACLED_TYPES)
        if (
            i is not None
            and c.accidental
            and c.actor is None
            and (c.recipient is None or c.recipient.entity is None)
            and c.sentences[0] not in attacks
            and probs[i].get(None, 0.0) > 0.5 * max(probs[i].get(k, 0.0) for k in allowed)
        ):
            # "an explosion at the plant": the text reads as an accident, not an attack.
            cands.remove(c)
            continue
        sub, conf = acled_mod.choose(c.category, c.mode, probs[i] if i is not None else None)
        if i is not None:
            sub = _settle(sub, doc, sents[i])
        if sub is not None:
            c.acled, c.acled_p = acled_mod.acled_record(sub), min(1.0, conf)
            c.score = ACLED_RULE_WEIGHT * c.score + (1 - ACLED_RULE_WEIGHT) * c.acled_p
            if i is not None:
                covered.add(i)
    if not fallback or clf is None:
        return
    for i, p in enumerate(probs):
        if not p:
            continue
        sub = max((k for k in p if k not in (None, "Other")), key=lambda k: p[k], default=None)
        if sub is None or p[sub] < FALLBACK_MIN_P or p[sub] <= p.get(None, 0.0):
            continue
        if _irrealis_clause(sents[i].root, lex) or _stative_clause(sents[i].root, lex):
            continue
        span = (sents[i].start_char, sents[i].end_char)
        if any(c.sentences[0] == span and not c.factual for c in cands):
            continue  # the coder read this sentence's act as not (or not yet) done
        here = [c for c in cands if c.sentences[0] == span and c.acled]
        if any(c.acled and c.acled["sub_event_type"] == sub for c in here):
            continue
        if i in covered and max((c.acled_p or 0.0 for c in here), default=0.0) >= (
            FALLBACK_MARGIN * p[sub]
        ):
            continue
        prob = min(1.0, p[sub])
        sub = _settle(sub, doc, sents[i]) or sub
        cands.append(_fallback(doc, sents[i], sub, prob))


def _settle(sub: str | None, doc: Document, sent: Span) -> str | None:
    """Re-choose within ACLED's territorial pair and its demonstration types by the
    facts the sentence states (who gained ground; who used force, how much)."""
    if sub in territory.TERRITORIAL:
        return territory.settle(sub, territory.sentence_side(sent, doc))
    if sub in protest.DEMONSTRATION:
        return protest.settle(sub, protest.read_facts([sent]))
    return sub


def _fallback(doc: Document, sent: Span, sub: str, p: float) -> Candidate:
    category, mode = acled_mod.TO_PLOVER[sub]
    root = sent.root
    actor = None
    for c in root.children:
        if c.dep_ in {"nsubj", "agent"}:
            actor = resolve_phrase(doc, c, agentive=True)
    return Candidate(
        category=category,
        mode=mode,
        sentences=[(sent.start_char, sent.end_char)],
        senses={f"acled:{sub}"},
        content=set(),
        actor=actor,
        where=find_where(doc, sent, None)[0],
        where_weak=True,
        when=find_when(doc, sent, None),
        score=0.8 * p,
        actor_country=country_of(doc, actor),
        acled=acled_mod.acled_record(sub),
        acled_p=p,
    )


def _irrealis_clause(root: Token, lex: Lexicon) -> bool:
    """A sentence whose main verb is negated, modal or conditional reports no event
    ("X could attack, officials said": the reported clause's verb counts)."""
    if root.lemma_.lower() in lex.speech:
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    for c in root.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in lex.modals):
            return True
        if c.dep_ == "advcl" and any(g.lower_ in {"if", "unless"} for g in c.children):
            return True
    return root.lemma_.lower() in lex.irrealis_verbs


#: Main verbs that describe how things are, not something that happened.
_STATE_VERBS = frozenset({"be", "remain", "stay", "have", "seem", "appear", "continue"})


def _stative_clause(root: Token, lex: Lexicon) -> bool:
    """A sentence that describes a state reports no new event: "five more personnel
    are based in Baghdad", "force protection remains in place". Its main verb is a
    verb of being, or a passive in the present tense ("are based", "is stationed")."""
    if root.lemma_.lower() in lex.speech:
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    if root.lemma_.lower() in _STATE_VERBS:
        return True
    return present_passive(root)


def _window_range(n: int, i: int) -> slice:
    return slice(max(0, i - 1), min(n, i + 2))
