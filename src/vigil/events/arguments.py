"""Who did it and to whom: actor and recipient from the dependency parse.

Arguments are found around the trigger's anchor (see :mod:`vigil.events.detect`):
the subject (or the ``by`` agent of a passive) is the actor; the object, the
passive subject or the ``of``/``on``/``against`` complement is the recipient.
Event nouns take their actor from a possessive or a national modifier ("Iran's
attack", "an American air strike"). A phrase is resolved to the document's
canonical entity through the entities stage; a phrase naming no entity stays a
descriptive, entity-less reference ("foreign troops").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from vigil.document import Document
from vigil.events.detect import Trigger
from vigil.records import Entity, EntityRef

try:  # the entities stage's look-up; fall back to a plain mention scan without it
    from vigil.language.entities.api import find_entity as _find_entity
except ImportError:  # pragma: no cover - only when the entities package is absent
    _find_entity = None

_SUBJ = {"nsubj", "csubj"}
_PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj", "dative", "iobj"}
_RECIPIENT_PREPS = {"against", "on", "at", "to", "with", "from", "upon", "into"}
_VICTIM_NOUNS = {
    "killing",
    "murder",
    "assassination",
    "arrest",
    "detention",
    "execution",
    "abduction",
    "kidnapping",
    "release",
    "deportation",
    "expulsion",
    "beheading",
}
_PRONOUNS = {"it", "they", "he", "she", "we", "i", "you", "them", "this", "that", "which", "who"}
#: Nouns that stand for the last speaker's words ("dismissed the statement").
_UTTERANCE_NOUNS = {
    "statement",
    "remark",
    "comment",
    "claim",
    "call",
    "demand",
    "accusation",
    "allegation",
    "assertion",
    "suggestion",
    "proposal",
    "request",
    "threat",
    "warning",
    "criticism",
}
_ORG_LIKE = {"PERSON", "ORG", "NORP_GROUP"}
#: Event nouns whose governing verb's subject takes part in them ("held talks").
_SHARED_NOUN_CATEGORIES = {"CONSULT", "AGREE", "AID", "COOPERATE"}


def entity_at(doc: Document, start: int, end: int) -> Entity | None:
    """The document entity whose mention covers (or best overlaps) ``[start, end)``."""
    if _find_entity is not None:
        return _find_entity(doc, start, end)
    for ent in doc.entities:  # pragma: no cover - fallback
        for m in ent.mentions:
            if m.start <= start and end <= m.end:
                return ent
    return None


def ref(ent: Entity) -> EntityRef:
    return EntityRef(entity=ent.id, name=ent.canonical)


def _span_entities(doc: Document, tokens: list[Token]) -> list[Entity]:
    """Entities mentioned within ``tokens``, in order, each once."""
    seen: list[Entity] = []
    for tok in tokens:
        if tok.is_punct or tok.is_space:
            continue
        ent = entity_at(doc, tok.idx, tok.idx + len(tok.text))
        if ent is not None and _covers(ent, tok) and ent not in seen:
            seen.append(ent)
    return seen


def _covers(ent: Entity, tok: Token) -> bool:
    return any(m.start <= tok.idx < m.end for m in ent.mentions)


#: Prepositions that keep a phrase's own people in it: "troops of the government",
#: "fighters from Islamic State" (not "forces in a crackdown on the Taliban").
_MEMBER_PREPS = frozenset({"of", "from"})


def _phrase(tok: Token, own_only: bool = False) -> list[Token]:
    """The noun phrase of ``tok`` without relative clauses and trailing clauses;
    with ``own_only`` also without prepositional phrases about something else."""
    cut = {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos"}

    def keep(c: Token) -> bool:
        return not (own_only and c.dep_ == "prep" and c.lower_ not in _MEMBER_PREPS)

    out = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut and keep(c)]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in {"relcl", "acl", "advcl"} and keep(c))
    return sorted(out, key=lambda t: t.i)


def resolve_phrase(doc: Document, tok: Token, agentive: bool = False) -> EntityRef | None:
    """An argument head token -> the entity it names, or a descriptive reference.

    The entity whose mention covers the head word wins ("Iraq's parliament" ->
    the parliament, not Iraq); then persons and organisations inside the
    phrase; then places and nationalities. A country used as an agent
    ("calling for New Zealand to withdraw") stands for its government when the
    document names that government.
    """
    if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
        ent = entity_at(doc, tok.idx, tok.idx + len(tok.text))
        return ref(ent) if ent is not None and _covers(ent, tok) else None
    head_ent = entity_at(doc, tok.idx, tok.idx + len(tok.text))
    if head_ent is not None and _covers(head_ent, tok):
        return ref(_as_agent(doc, head_ent) if agentive else head_ent)
    # An agent is who the phrase itself names: "security forces in a crackdown on
    # Taliban militants" are the forces, not the Taliban.
    phrase = _phrase(tok, own_only=agentive)
    ents = _span_entities(doc, phrase)
    people = [e for e in ents if e.type in {"PERSON", "ORG"}]
    if people:
        return ref(people[0])
    if tok.pos_ == "PROPN" and ents:
        return ref(_as_agent(doc, ents[0]) if agentive else ents[0])
    text = " ".join(t.text for t in phrase if not t.is_punct).strip()
    if not text or tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    return EntityRef(entity=None, name=text)


def country_of(doc: Document, r: EntityRef | None) -> str | None:
    """The country of the entity a reference points to (used to compare sides)."""
    if r is None or not r.entity:
        return None
    ent = doc.entity(r.entity)
    return ent.country if ent is not None else None


def _own(tok: Token) -> bool:
    """ "its troops", "their forces": the actor's own people."""
    return any(c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in tok.children)


_POSSESSIVES = {"its", "their", "his", "her", "our", "my"}


def _place_entity(doc: Document, tok: Token) -> EntityRef | None:
    """ "the country": a place reference the places stage resolved, as that country's entity."""
    for p in doc.places:
        if p.start <= tok.idx < p.end and p.level == "country":
            for ent in doc.entities:
                if ent.type == "GPE" and ent.country and ent.country == p.country:
                    return ref(ent)
    return None


def _is_place(doc: Document, ent: Entity) -> bool:
    """An entity the places stage resolved as a place (NER sometimes calls towns ORG)."""
    spans = {(p.start, p.end) for p in doc.places if getattr(p, "kind", "name") == "name"}
    return any((m.start, m.end) in spans for m in ent.mentions)


def _as_agent(doc: Document, ent: Entity) -> Entity:
    """A country acting (demanding, withdrawing) is its government, if the article names it."""
    if ent.type != "GPE" or not ent.country:
        return ent
    for other in doc.entities:
        if other.type == "ORG" and other.country == ent.country and other.sector == "GOV":
            return other
    return ent


def _subject_of(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in _SUBJ:
            return c
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _inherited_subject(tok: Token) -> Token | None:
    """Subject of a verb without its own: shared with a coordinated or controlling verb."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in {"conj", "xcomp", "advcl"} and cur.head.i != cur.i:
            cur = cur.head
            subj = _subject_of(cur)
            if subj is not None:
                return subj
            continue
        if cur.dep_ in {"acl", "relcl"}:
            noun = cur.head
            if noun.dep_ in _OBJ | {"attr"} and noun.head.pos_ in {"VERB", "AUX"}:
                return _subject_of(noun.head) or noun
            return noun
        break
    return None


def subject_of(tok: Token) -> Token | None:
    """Who does ``tok``: its subject or passive agent, else the subject it shares with a
    coordinated or controlling verb, or the noun a participle modifies."""
    return _subject_of(tok) or _inherited_subject(tok)


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in _PASSIVE_SUBJ or c.dep_ == "auxpass" for c in tok.children)


_GROUP_NOUNS = frozenset(
    "troop force soldier army military police people citizen civilian resident protester "
    "demonstrator worker student official diplomat refugee migrant militant rebel fighter "
    "government authority leader member personnel staff national country state nation "
    "community party group".split()
)


def _groupish(tok: Token) -> bool:
    """Could this noun receive a demand: people, forces, institutions?"""
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.lemma_.lower() in _GROUP_NOUNS)


def find_actor(doc: Document, trig: Trigger) -> tuple[EntityRef | None, Token | None]:
    """The actor of a trigger and the token it was read from."""
    anchor, match = trig.anchor, trig.match
    if trig.kind == "noun" and anchor.i == match.i:
        lemma = match.lemma_.lower()
        if lemma in {"protester", "protestor", "demonstrator", "rioter", "attacker", "gunman"}:
            return resolve_phrase(doc, match), match
        for c in match.children:
            if c.dep_ == "poss" and lemma not in _VICTIM_NOUNS:
                return resolve_phrase(doc, c, agentive=True), c
            if c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return resolve_phrase(doc, g, agentive=True), g
        for c in match.children:
            if c.dep_ in {"amod", "compound", "nmod"}:
                ent = entity_at(doc, c.idx, c.idx + len(c.text))
                if ent is not None and _covers(ent, c) and ent.type in {"GPE", "NORP", "ORG"}:
                    return ref(ent), c
        if match.dep_ in {"dobj", "pobj"} and match.head.lemma_ in {"join", "lead"}:
            subj = _subject_of(match.head)
            if subj is not None:
                return resolve_phrase(doc, subj, agentive=True), subj
        if trig.category in _SHARED_NOUN_CATEGORIES:
            # "Israel and Lebanon renewed negotiations", "X arrived on a visit": the
            # participants of talks, deals and aid are the subject of the verb they hang from.
            verb = None
            if match.dep_ == "dobj":
                verb = match.head
            elif match.dep_ == "pobj" and match.head.dep_ == "prep":
                verb = match.head.head
            if verb is not None and verb.pos_ == "VERB":
                subj = _subject_of(verb) or _inherited_subject(verb)
                if subj is not None:
                    return resolve_phrase(doc, subj, agentive=True), subj
        return None, None
    subj = _subject_of(anchor)
    if subj is None and not _is_passive(anchor):
        subj = _inherited_subject(anchor)
    if subj is None:
        return None, None
    if subj.pos_ == "NOUN" and subj.lemma_.lower() in {"activity", "work", "mission", "focus"}:
        return None, None
    return resolve_phrase(doc, subj, agentive=True), subj


def find_recipient(
    doc: Document, trig: Trigger, actor: EntityRef | None, previous: list[EntityRef]
) -> EntityRef | None:
    """The recipient (target) of a trigger; ``previous`` resolves "the statement"."""
    anchor, match = trig.anchor, trig.match
    cat = trig.category
    cands: list[Token] = []
    if trig.kind == "noun" and anchor.i == match.i:
        for c in match.children:
            if c.dep_ == "prep" and c.lower_ in {"of", "on", "against", "to", "for", "at"}:
                cands.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "poss" and match.lemma_.lower() in _VICTIM_NOUNS:
                cands.append(c)
    else:
        passive = _is_passive(anchor)
        for c in anchor.children:
            if c.dep_ in _OBJ or (passive and c.dep_ in _PASSIVE_SUBJ):
                cands.append(c)
        if trig.kind == "noun":  # support verb: "put the mission on hold", "launch an attack on X"
            for c in match.children:
                if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS | {"of"}:
                    cands.extend(g for g in c.children if g.dep_ == "pobj")
        for c in anchor.children:
            if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS:
                cands.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ in {"advcl", "xcomp", "ccomp"} and cat in {"REQUEST", "THREATEN"}:
                subj = [g for g in c.children if g.dep_ in _SUBJ | _PASSIVE_SUBJ]
                cands.extend(subj)
            if c.dep_ == "prep" and c.lower_ == "for" and cat == "REQUEST":
                for g in c.children:
                    if g.dep_ == "pobj":
                        cands.append(g)
    if cat == "RETREAT":
        # "withdrew its troops from X": the one withdrawn from, not the actor's own forces.
        origin = [
            g
            for c in anchor.children
            if c.dep_ == "prep" and c.lower_ in {"from", "out"}
            for g in c.children
            if g.dep_ == "pobj"
        ]
        cands = origin + [t for t in cands if not _own(t)]
    own_words = set(trig.entry.words)
    for tok in cands:
        if tok.i == match.i or (tok.head.i == anchor.i and tok.lemma_.lower() in own_words):
            continue  # "opened fire": "fire" is part of the predicate
        if tok.lemma_.lower() in _UTTERANCE_NOUNS and not any(
            c.dep_ == "poss" for c in tok.children
        ):
            # "dismissed the statement": the last speaker before this one.
            for prev in reversed(previous):
                if prev.entity and (actor is None or prev.entity != actor.entity):
                    return prev
            continue
        agentive = cat in {"REQUEST", "THREATEN"} and tok.dep_ in _SUBJ | _PASSIVE_SUBJ
        r = resolve_phrase(doc, tok, agentive=agentive)
        if r is None:
            continue
        if r.entity is None:
            r = _place_entity(doc, tok) or r
        if r.entity is None and cat in {"SANCTION", "AID", "COOPERATE", "MOBILIZE"}:
            # "its training mission in X": the country the activity concerns.
            inner = [e for e in _span_entities(doc, list(tok.subtree)) if e.type != "FAC"]
            if inner:
                return ref(inner[0])
            continue
        if actor is not None and r.entity is not None and r.entity == actor.entity:
            continue
        if r.entity is None and cat in {"REQUEST", "REJECT", "ACCUSE", "THREATEN"}:
            # "called for a timetable for the withdrawal of foreign forces": the people concerned.
            group = next((t for t in _phrase(tok) if _groupish(t)), None)
            if group is None:
                continue
            r = resolve_phrase(doc, group) or r
        if r.entity is None and cat in {"ASSAULT", "COERCE"}:
            # A victim group without a name: look inside for an organisation.
            inner = [
                e
                for e in _span_entities(doc, list(tok.subtree))
                if e.type in _ORG_LIKE and not _is_place(doc, e)
            ]
            if inner:
                return ref(inner[-1])
        return r
    return None


def compound_actors(doc: Document, trig: Trigger) -> list[EntityRef]:
    """ "threats between X and Y", "clashes between X and Y": both sides are actors."""
    out: list[EntityRef] = []
    for c in trig.match.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                for tok in [g, *(t for t in g.children if t.dep_ == "conj")]:
                    r = resolve_phrase(doc, tok, agentive=False)
                    if r is not None and r.entity and r not in out:
                        out.append(r)
    return out


def speaker_of(
    doc: Document, sent: Span, trig: Trigger, lex_speech: frozenset[str]
) -> Token | None:
    """The subject of the reporting verb the trigger is the complement of ("X said ...")."""
    cur = trig.anchor
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        nxt = cur.head
        if nxt.lemma_.lower() in lex_speech and cur.dep_ in {"ccomp", "xcomp", "dobj", "advcl"}:
            return _subject_of(nxt)
        cur = nxt
    return None
