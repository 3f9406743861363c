"""The ``events`` component: who did what to whom, where and when, coded in PLOVER.

For every prose sentence (headlines, captions and verbless lines are skipped)
the lexicon proposes triggers; modality drops plans, demands' content and
conditions and marks negation; the parse gives actor and recipient, resolved
to the document's canonical entities; places, times, quotes and quantities
(from the earlier stages) give where, when, who reported it and how many died.
Repeated mentions are merged into one event with several evidence sentences.
A text classifier adds ACLED types and, with high confidence only, events the
lexicon missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.events.acled import protest, territory
from vigil.events.acled import types as acled_mod
from vigil.events.acled.classify import TextScores, add_acled, text_scores
from vigil.events.arguments import (
    compound_actors,
    country_of,
    entity_at,
    find_actor,
    find_recipient,
    ref,
    resolve_phrase,
)
from vigil.events.arguments import speaker_of as speech_subject
from vigil.events.casualties import count_casualties
from vigil.events.detect import Trigger, find_triggers, prose_sentences
from vigil.events.lexicon import SPEECH_ACT_CATEGORIES, Entry, Lexicon, load_lexicon
from vigil.events.merge import Candidate, merge
from vigil.events.modality import is_historical, modality
from vigil.events.record import CodedEvent
from vigil.events.where import find_when, find_where
from vigil.pipeline_threads import one_blas_thread
from vigil.records import EntityRef, Event, Evidence
from vigil.settings import Settings

#: Content categories -> the REQUEST/REJECT mode of a demand for them.
_DEMAND_MODES = {
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "SANCTION": "yield",
    "CONSULT": "meet",
    "AID": "assist",
    "COOPERATE": "assist",
}
_YIELD_WORDS = {"withdrawal", "withdraw", "release", "ceasefire", "expel", "leave", "de-escalation"}
#: Cooperative acts that, announced for the future, are coded AGREE (PLOVER manual).
_COOPERATIVE = frozenset({"SUPPORT", "AID", "COOPERATE", "RETREAT", "CONCEDE", "CONSULT"})
_INTENT = frozenset(
    {"will", "'ll", "offer", "promise", "pledge", "ready", "willing", "commit", "agree", "vow"}
)
#: Triggers that also name accidents (a gas explosion, a factory fire).
_ACCIDENTAL = frozenset(
    {"explosion", "blast", "explode", "detonation", "fire", "burn", "collapse"}
    | {"kill", "injure", "wound", "destroy", "killing", "violence"}
)
#: Inanimate causes: "the earthquake killed", "a tank exploded" are not attacks.
_CAUSES = frozenset(
    "earthquake quake flood storm fire wildfire blaze landslide tsunami cyclone hurricane "
    "typhoon tornado explosion blast tank furnace boiler crash accident collision bus train "
    "plane car truck vehicle building collapse lightning rain heat disease virus outbreak "
    "avalanche mudslide eruption volcano drought heatwave".split()
)


#: Modals of a forecast: "warned that militants could attack" (not "troops will strike").
_FORECAST = frozenset({"could", "might", "may"})


def _warns_of_others(tok: Token) -> bool:
    """A warning whose content is another party's act ("warned that militants could
    attack"), not the warner's own ("warned that it would strike", "warned of
    retaliation"): a forecast, not a threat."""
    if tok.lemma_.lower() not in {"warn", "warning"}:
        return False
    for clause in tok.children:
        if clause.dep_ not in {"ccomp", "acl"}:
            continue
        subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.pos_ == "PRON":
            continue
        if any(c.dep_ == "aux" and c.lower_ in _FORECAST for c in clause.children):
            return True
    return False


def report_acled(
    doc: Document, clf: acled_mod.AcledClassifier | None, text_p: np.ndarray | None = None
) -> dict[str, str] | None:
    """ACLED type of the report as a whole: the text model's reading of all of it,
    nudged by the coder's ACLED-typed events that happened; None without a model.
    ``text_p``: the n-gram reader's probabilities of the whole text, read already
    (:func:`vigil.events.acled.classify.text_scores`)."""
    if clf is None:
        return None
    typed = [(e.acled["sub_event_type"], e.confidence) for e in doc.events if e.acled and e.factual]
    lethal = any(
        e.factual and (e.fatalities or 0) > 0 and not getattr(e, "historical", False)
        for e in doc.events
    )
    if text_p is None:
        probs = clf.probs([doc.text], report_vectors(doc))[0]
    else:
        probs = clf.as_dicts(clf.mix(text_p[None, :], report_vectors(doc)))[0]
    sub = acled_mod.report_subtype(typed, probs, lethal=lethal)
    # The facts are read only when they can change the choice (a parse walk each).
    if sub in territory.TERRITORIAL:
        sub = territory.settle(sub, territory.report_side(doc))
    elif sub in protest.DEMONSTRATION and doc.spacy is not None:
        sub = protest.settle(sub, protest.read_facts(doc.spacy.sents))
    return acled_mod.acled_record(sub) if sub in acled_mod.ACLED_TYPES else None


def report_vectors(doc: Document) -> np.ndarray | None:
    """The vector reader's input for the whole report (``None`` without the ``embed`` stage)."""
    if doc.vector is None or doc.sent_vectors is None:
        return None
    return acled_mod.vector_features(doc.vector, doc.sent_vectors)[None, :]


def _prose(doc: Document) -> list[Span]:
    """The sentences events are read from (headlines, captions, verbless lines left out)."""
    assert doc.spacy is not None
    return prose_sentences(doc.spacy, doc.text)


class EventCoder:
    name = "events"

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        classifier: acled_mod.AcledClassifier | None | bool = True,
        fallback: bool = True,
    ):
        self.lex = lexicon or load_lexicon()
        if classifier is True:
            classifier = acled_mod.load_classifier()
        self.clf = classifier or None
        self.fallback = fallback

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def report_type(self, doc: Document, text_p: np.ndarray | None = None) -> dict[str, str] | None:
        """The report's one ACLED type (:func:`acled.report_subtype`), needing the text model."""
        return report_acled(doc, self.clf, text_p)

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The batch's n-gram features are read in one pass (:func:`text_scores`), then
        each document is coded, with one BLAS thread (:func:`one_blas_thread`)."""
        docs = list(docs)
        for doc in docs:
            if doc.spacy is None:
                raise ValueError(f"{doc.source}: events needs the parse stage first")
        with one_blas_thread():
            prose = [_prose(doc) for doc in docs]
            scores: list[TextScores | None] = [None] * len(docs)
            if self.clf is not None:
                scores = list(text_scores(self.clf, list(zip(docs, prose, strict=True))))
            for doc, sents, sc in zip(docs, prose, scores, strict=True):
                doc.events = self.code(doc, sents, sc)
                doc.report_acled = self.report_type(doc, None if sc is None else sc.report)
        yield from docs

    # -- the steps -----------------------------------------------------------------

    def code(
        self, doc: Document, sents: list[Span] | None = None, scores: TextScores | None = None
    ) -> list[Event]:
        assert doc.spacy is not None
        if sents is None:
            sents = _prose(doc)
        previous: list[tuple[int, EntityRef]] = [
            (q.start, q.speaker) for q in doc.quotes if q.speaker is not None
        ]
        cands: list[Candidate] = []
        names = _name_tokens(doc)
        for sent in sents:
            triggers = find_triggers(sent, self.lex, names)
            for trig in triggers:
                prev = [
                    r for off, r in sorted(previous, key=lambda x: x[0]) if off < sent.start_char
                ]
                cand = self._candidate(doc, sent, trig, triggers, prev)
                if cand is None:
                    continue
                cands.append(cand)
                if cand.category in SPEECH_ACT_CATEGORIES and cand.actor is not None:
                    previous.append((sent.start_char, cand.actor))
        cands = _fold_protest_demands(cands)
        add_acled(self.clf, self.lex, doc, sents, cands, self.fallback, scores)
        merged = merge(cands)
        return self._records(doc, merged)

    def _candidate(
        self,
        doc: Document,
        sent: Span,
        trig: Trigger,
        triggers: list[Trigger],
        previous: list[EntityRef],
    ) -> Candidate | None:
        mod = modality(trig, self.lex)
        entry = trig.entry
        if trig.category == "THREATEN" and _warns_of_others(trig.match):
            return None  # "analysts warned that militants could attack": no threat by them
        hypothetical = False
        if mod.irrealis and not mod.negated:
            if trig.category in _COOPERATIVE and mod.governor in _INTENT:
                # "X will support Y", "X is ready to send troops": an intent, coded AGREE.
                entry = Entry(("intent", *entry.words), "AGREE", None, 0)
            elif mod.hypothetical and trig.category not in SPEECH_ACT_CATEGORIES:
                hypothetical = True  # "the strike could kill dozens": kept, never counted
            else:
                return None
        actor, actor_tok = find_actor(doc, trig)
        inanimate = actor_tok is not None and actor_tok.lemma_.lower() in _CAUSES
        if inanimate:
            actor = None
        more: list[EntityRef] = []
        if actor is None:
            both = compound_actors(doc, trig)
            actor, more = (both[0], both[1:]) if both else (None, [])
        recipient = find_recipient(doc, trig, actor, previous)
        if trig.category in {"ACCUSE", "REJECT", "SUPPORT"}:
            recipient = _accused(doc, trig, triggers) or recipient
        if recipient is not None and actor is not None and recipient == actor:
            recipient = None
        reporter = self._reporter(doc, sent, trig, actor)
        if actor is None and actor_tok is not None and actor_tok.pos_ == "PRON" and reporter:
            # "X said it will ...": the speaker speaks of itself.
            actor, reporter = reporter, None
        if reporter is not None and actor is not None and reporter == actor:
            reporter = None
        mode = trig.mode
        if trig.category in {"REQUEST", "REJECT"} and mode is None:
            mode = _demand_mode(trig, triggers)
        where, weak = find_where(doc, sent, trig)
        when = find_when(doc, sent, trig)
        score = 0.45 + (0.1 if trig.kind == "verb" else 0.0)
        score += 0.2 if actor is not None and actor.entity else 0.0
        score += 0.1 if recipient is not None else 0.0
        if entry is not trig.entry:
            mode = None
        return Candidate(
            category=entry.category,
            mode=mode,
            accidental=inanimate or trig.match.lemma_.lower() in _ACCIDENTAL,
            sentences=[(sent.start_char, sent.end_char)],
            text=doc.text,
            senses={entry.sense},
            content=_content(trig),
            actor=actor,
            more_actors=more,
            recipient=recipient,
            reported_by=reporter,
            where=where,
            where_weak=weak,
            when=when,
            negated=mod.negated,
            hypothetical=hypothetical,
            score=score,
            actor_country=country_of(doc, actor),
            recipient_country=country_of(doc, recipient),
            victims=[recipient.entity]
            if recipient is not None and recipient.entity and trig.category == "ASSAULT"
            else [],
        )

    def _reporter(
        self, doc: Document, sent: Span, trig: Trigger, actor: EntityRef | None
    ) -> EntityRef | None:
        pos = trig.match.idx
        for q in doc.quotes:
            if q.start <= pos < q.end and q.speaker is not None:
                return q.speaker
        subj = speech_subject(doc, sent, trig, self.lex.speech)
        if subj is not None:
            return resolve_phrase(doc, subj)
        return None

    def _records(self, doc: Document, cands: list[Candidate]) -> list[Event]:
        events: list[Event] = []
        for n, c in enumerate(cands, start=1):
            fatalities = injuries = None
            if c.category == "ASSAULT" and c.factual:
                victims = [e for e in (doc.entity(v) for v in c.victims) if e is not None]
                fatalities, injuries = count_casualties(doc, c.sentences, victims)
            conf = min(0.97, c.score + 0.05 * min(3, len(c.sentences) - 1))
            if not c.factual:
                conf *= 0.5
            events.append(
                CodedEvent(
                    id=f"v{n}",
                    category=c.category,
                    mode=c.mode,
                    negated=c.negated,
                    hypothetical=c.hypothetical,
                    actor=([c.actor] if c.actor is not None else []) + c.more_actors,
                    recipient=[c.recipient] if c.recipient is not None else [],
                    where=c.where,
                    when=c.when,
                    fatalities=fatalities,
                    injuries=injuries,
                    acled=c.acled,
                    evidence=[Evidence(doc.text[s:e], s, e) for s, e in c.sentences],
                    confidence=round(conf, 3),
                    historical=is_historical(c.when, doc.published),
                    reported_by=c.reported_by,
                )
            )
        return events


def _fold_protest_demands(cands: list[Candidate]) -> list[Candidate]:
    """A demand voiced by demonstrating is the protest (PLOVER): drop its REQUEST."""
    protests = {c.sentences[0] for c in cands if c.category == "PROTEST" and c.factual}
    return [c for c in cands if not (c.category == "REQUEST" and c.sentences[0] in protests)]


def _content(trig: Trigger) -> set[str]:
    toks: list[Token] = [trig.match]
    for c in trig.anchor.children:
        if c.dep_ in {"dobj", "nsubjpass", "nsubj", "attr"}:
            toks.extend(c.subtree)
    return {
        t.lemma_.lower()
        for t in toks
        if t.pos_ in {"NOUN", "VERB", "PROPN"} and not t.is_stop and t.lemma_.lower() != "be"
    }


def _accused(doc: Document, trig: Trigger, triggers: list[Trigger]) -> EntityRef | None:
    """ "condemned the US killing of X": the one accused is who did the killing."""
    objects = {c.i for c in trig.anchor.children if c.dep_ in {"dobj", "nsubjpass"}}
    for other in triggers:
        if other is not trig and other.match.i in objects:
            actor, _ = find_actor(doc, other)
            if actor is not None and actor.entity:
                return actor
    return None


def _name_tokens(doc: Document) -> set[int]:
    """Token indices inside proper names of organisations, people and facilities."""
    assert doc.spacy is not None
    out: set[int] = set()
    for ent in doc.entities:
        if ent.type not in {"ORG", "PERSON", "FAC"}:
            continue
        for m in ent.mentions:
            span = doc.spacy.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            words = [t for t in span if t.is_alpha and t.lower_ not in {"the", "of", "and"}]
            if words and all(t.text[0].isupper() for t in words):
                out.update(t.i for t in span)
    return out


def _demand_mode(trig: Trigger, triggers: list[Trigger]) -> str | None:
    below = set(t.i for t in trig.anchor.subtree)
    for other in triggers:
        if other is trig or other.match.i not in below:
            continue
        mode = _DEMAND_MODES.get(other.category)
        if mode:
            return mode
    words = {t.lemma_.lower() for t in trig.anchor.subtree}
    if words & _YIELD_WORDS:
        return "yield"
    return None


def make_event_coder(settings: Settings) -> EventCoder:
    return EventCoder()


__all__ = ["EventCoder", "make_event_coder", "entity_at", "ref"]
