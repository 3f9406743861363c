"""Look-ups later stages use to resolve a mention to an entity of the document.

Quotes, quantities and events find a speaker, a counted group or an actor as a
span of text; these functions turn that span (or a phrase) into the document's
canonical entity, so every stage agrees on who is who.
"""

from __future__ import annotations

from vigil.document import Document
from vigil.language.entities.knowledge import Institution, Knowledge, load_knowledge
from vigil.language.entities.names import acronyms, clean_name, name_skeleton, norm_key
from vigil.records import Entity


def find_entity(doc: Document, start: int, end: int | None = None) -> Entity | None:
    """The entity with a mention covering ``[start, end)`` (or the offset ``start``).

    Nested mentions are common ("US" inside "US Secretary of State Mike Pompeo");
    the tightest mention that covers the span wins, so a name's offset gives the
    person and the offset of "US" gives the country. If no mention covers the span,
    the mention that overlaps it most is used.
    """
    end = start + 1 if end is None else end
    best: tuple[int, Entity] | None = None
    overlap: tuple[int, Entity] | None = None
    for ent in doc.entities:
        for m in ent.mentions:
            if m.start <= start and end <= m.end:
                size = m.end - m.start
                if best is None or size < best[0]:
                    best = (size, ent)
            elif m.start < end and start < m.end:
                ov = min(end, m.end) - max(start, m.start)
                if overlap is None or ov > overlap[0]:
                    overlap = (ov, ent)
    if best is not None:
        return best[1]
    return overlap[1] if overlap else None


def entity_for_text(doc: Document, text: str, near: int | None = None) -> Entity | None:
    """Resolve a phrase ("the military", "NZDF", "Peters", "Iraqi") to an entity.

    Tried in order: a mention with the same text (article and case ignored; the one
    nearest ``near`` if given); a canonical name; a country's name or demonym; an
    acronym of an entity's name; a person's surname or transliteration variant; a
    bare institution noun ("the government", "the military") of the focus country.
    """
    key = norm_key(text)
    if not key:
        return None
    hits = [
        (abs(m.start - near) if near is not None else 0, i, ent)
        for i, ent in enumerate(doc.entities)
        for m in ent.mentions
        if norm_key(m.text) == key
    ]
    if hits:
        return min(hits, key=lambda h: (h[0], h[1]))[2]
    for ent in doc.entities:
        if norm_key(ent.canonical) == key:
            return ent
    kb = load_knowledge()
    a3 = kb.country_of_word(clean_name(text))
    if a3:
        return next((e for e in doc.entities if e.type == "GPE" and e.country == a3), None)
    bare = clean_name(text)
    if bare.replace(".", "").isupper():
        for ent in doc.entities:
            if bare.replace(".", "") in acronyms(ent.canonical):
                return ent
    sk = name_skeleton(text)
    if sk:
        people = [e for e in doc.entities if e.type == "PERSON"]
        for ent in people:
            full = name_skeleton(ent.canonical)
            if full == sk or (len(full) > len(sk) and full[-len(sk) :] == sk):
                return ent
    inst = kb.institutions.get(bare.lower())
    if inst is None:
        return None
    # A bare "the government": that kind of body named last before ``near``, else the
    # focus country's (the rule the entities stage itself follows).
    matching = [ent for ent in doc.entities if _is_institution(ent, inst, kb)]
    if near is not None:
        before = [(m.start, ent) for ent in matching for m in ent.mentions if m.start < near]
        if before:
            return max(before, key=lambda p: p[0])[1]
    focus = doc.meta.get("focus_country")
    return next((ent for ent in matching if ent.country == focus), None)


def _is_institution(ent: Entity, inst: Institution, kb: Knowledge) -> bool:
    if not ent.country or ent.type != "ORG":
        return False
    if inst.national:
        return ent.sector == "MIL" and _national(ent, kb)
    name = kb.country_name(ent.country) or ent.country
    return norm_key(ent.canonical) == norm_key(inst.canonical.format(country=name))


def _national(ent: Entity, kb: Knowledge) -> bool:
    """A country's own armed forces, not a militia of that country."""
    name = norm_key(kb.country_name(ent.country) or "")
    canon = norm_key(ent.canonical)
    return (
        canon.startswith(name)
        or canon.startswith("military of")
        or any(o.national and norm_key(o.canonical) == canon for o in kb.org_alias.values())
    )


def person_before(doc: Document, offset: int, reach: int = 800) -> Entity | None:
    """The person mentioned last before ``offset`` (within ``reach`` characters).

    The usual antecedent of "he"/"she" in news; the entities stage already links
    such pronouns outside quotations, this helps stages that meet others.
    """
    best: tuple[int, Entity] | None = None
    for ent in doc.entities:
        if ent.type != "PERSON":
            continue
        for m in ent.mentions:
            if m.end <= offset and offset - m.end <= reach and (best is None or m.end > best[0]):
                best = (m.end, ent)
    return best[1] if best else None
