"""What a cluster of mentions says about its entity: name, type, country, sector, role.

Evidence is ranked: the knowledge file and explicit qualifiers ("US Secretary of
State") beat inferences; an organisation without either gets its country from a place
word in its name ("Auckland Peace Action") or from the words describing it ("lobby
group", "the Iraqi militia", "Syria's state news agency, X").
"""

from __future__ import annotations

from vigil.document import Document
from vigil.language.entities.candidates import Cand
from vigil.language.entities.knowledge import Knowledge


def best(group: list[Cand]) -> Cand:
    """The mention that names the entity: highest priority, then longest, then first."""
    return max(
        group,
        key=lambda c: (c.priority, len(c.name), -c.start),
    )


def _org_country(name: str, kb: Knowledge, focus: str | None, anywhere: bool = False) -> str | None:
    """Country named inside an organisation's name: "Auckland Peace Action" -> NZL."""
    words = name.split()
    # Only where a place can qualify a name: at its start ("Auckland Peace Action") or
    # after "of"/"in" ("Bank of England"); not inside it ("New York Times" is not York).
    starts = [0] + [i + 1 for i, w in enumerate(words) if w in ("of", "in", "for")]
    if anywhere:
        starts = list(range(len(words)))
    for n in (3, 2, 1):
        for i in starts:
            if i + n > len(words):
                continue
            gram = " ".join(words[i : i + n])
            a3 = kb.country_of_word(gram) if gram[:1].isupper() else None
            a3 = a3 or kb.place_country(gram, focus)
            if a3:
                return a3
    return None


def _descriptor(doc: Document, c: Cand) -> str:
    """Words right before a mention that describe it: "lobby group X", "the Iraqi militia
    X", or an apposition ending in a common noun ("North Korea's news agency, X")."""
    sd = doc.spacy
    assert sd is not None
    if c.tok_start <= 0:
        return ""
    i = c.tok_start - 1
    if sd[i].text == "," and i > 0 and sd[i - 1].pos_ == "NOUN":
        i -= 1
    words: list[str] = []
    while i >= 0 and len(words) < 6:
        tok = sd[i]
        if tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP", "PRON") or "\n" in tok.text:
            break
        words.insert(0, tok.text)
        i -= 1
    return " ".join(words)


def attrs(
    group: list[Cand], kb: Knowledge, doc: Document
) -> tuple[str, str, str | None, str | None, str | None]:
    """(type, canonical, country, sector, role) of a cluster."""
    top = best(group)
    focus = doc.meta.get("focus_country")
    named = [c for c in group if c.priority >= 0] or [top]
    canonical = top.canonical or top.name
    label = "PERSON" if any(c.label == "PERSON" for c in named) else top.label
    ranked = sorted(
        named,
        key=lambda c: (c.person is not None and c.person.country_explicit, c.priority),
        reverse=True,
    )
    country = next((c.country for c in ranked if c.country), None)
    sector = next((c.sector for c in ranked if c.sector), None)
    role = next(
        (c.role for c in sorted(named, key=lambda c: (-c.priority, c.start)) if c.role), None
    )
    if label in ("ORG", "NORP") and (country is None or sector is None):
        descriptors = " ".join(_descriptor(doc, c) for c in named)
        if country is None and label == "ORG":
            country = _org_country(canonical, kb, focus) or _org_country(
                descriptors, kb, focus, anywhere=True
            )
        if sector is None:
            sector = kb.sector_of_words(descriptors) or kb.sector_of_words(canonical)
    if label in ("GPE", "FAC", "LOC") and country is None:
        country = kb.place_country(canonical, focus) or kb.country_of_word(canonical)
    return label, canonical, country, sector, role
