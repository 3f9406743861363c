"""The ``entities`` pipeline component: candidates -> clusters -> :class:`Entity` records.

Order of work, each step rule-based on the one spaCy parse (no extra model pass):
knowledge ruler and title spans, corrected NER spans, candidates with keys, the
document's focus country (for "the Government"), clustering, then what needs whole
clusters: organisation of a "member", linked descriptions ("a top Iranian commander"),
pronouns, and finally country/sector/role per entity.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from vigil.document import Document
from vigil.language.entities.attributes import attrs
from vigil.language.entities.candidates import Cand, assign_institution, build_candidates, fix_ents
from vigil.language.entities.cluster import cluster
from vigil.language.entities.context import credit_ranges, quote_ranges
from vigil.language.entities.knowledge import Knowledge, load_knowledge
from vigil.language.entities.mentions import (
    descriptions,
    pronouns,
    role_organisations,
    untagged_surnames,
)
from vigil.language.entities.roles import title_spans
from vigil.language.entities.ruler import KnowledgeRuler
from vigil.language.nlp import load_nlp
from vigil.records import Entity, Mention
from vigil.settings import Settings

#: Title sectors of a state office: a holder with no other clue belongs to the focus country.
_STATE_SECTORS = {"GOV", "LEG", "JUD", "COP", "MIL"}


class EntityLinker:
    """Fills ``doc.entities``: one :class:`Entity` per real-world actor, with all mentions."""

    name = "entities"

    def __init__(self, nlp: Language, kb: Knowledge | None = None):
        self.kb = kb or load_knowledge()
        self.ruler = KnowledgeRuler(nlp, self.kb)

    def __call__(self, doc: Document) -> Document:
        if doc.spacy is None:
            raise ValueError(f"{doc.source}: the entities component needs the parse stage first")
        doc.entities = self.link(doc)
        return doc

    def link(self, doc: Document) -> list[Entity]:
        sd, kb, text = doc.spacy, self.kb, doc.text
        assert sd is not None
        matches = self.ruler(sd)
        titles = title_spans(sd, matches, kb)
        credits = credit_ranges(text, kb)
        quotes = quote_ranges(text)
        ents = fix_ents(sd, kb, matches, titles, credits)
        cands = build_candidates(sd, kb, matches, titles, ents, credits)
        focus = focus_country(doc, cands, kb)
        doc.meta["focus_country"] = focus
        kept: list[Cand] = []
        for c in sorted(cands, key=lambda c: c.start):
            if c.institution is not None:
                country = _bare_institution_country(c, kept, sd, focus)
                if country is None:
                    continue
                assign_institution(c, c.institution, country, kb)
            ctx = c.person
            if ctx and ctx.title and not c.country and ctx.title.kind != "role":
                if ctx.title.sector in _STATE_SECTORS:
                    c.country = focus
            kept.append(c)
        groups = cluster(kept, kb)
        untagged_surnames(groups, doc, credits)
        role_organisations(groups, quotes, kb, doc)
        descriptions(groups, text, kb)
        pronouns(groups, doc, quotes)
        return [_entity(i + 1, g, kb, doc) for i, g in enumerate(_order(groups))]


def make_entity_linker(settings: Settings) -> EntityLinker:
    return EntityLinker(load_nlp(settings.model))


def focus_country(doc: Document, cands: list[Cand], kb: Knowledge) -> str | None:
    """The country the report is from (or about): metadata first, else most mentioned.

    "The Government" in a report means this country's government. The publisher's
    country wins when known: a ``country`` in the metadata, the URL's country-code
    domain, or the metadata's ``timezone``. Otherwise mentions of each country, its
    demonyms and its institutions are counted (an adjective half, a title mention
    double); ties go to the country mentioned first.
    """
    given = doc.meta.get("country")
    if isinstance(given, str):
        a3 = given.upper() if given.upper() in kb.countries else kb.country_of_word(given)
        if a3:
            return a3
    tld = _cctld_country(doc.url, kb)
    if tld:
        return tld
    zone = doc.meta.get("timezone")
    if isinstance(zone, str) and zone in kb.timezones:
        return kb.timezones[zone]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for c in cands:
        if c.country and (c.salience or (c.key and c.key[0] == "I")):
            # A name counts fully, an adjective ("Iraqi forces") half.
            weight = 0.5 if c.extras.get("adjective") else 1.0
            counts[c.country] += weight
            first.setdefault(c.country, c.start)
    for word in re.findall(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?", doc.title or ""):
        a3 = kb.country_of_word(word)
        if a3:
            counts[a3] += 2
            first.setdefault(a3, -1)
    if not counts:
        return None
    return max(counts, key=lambda a3: (counts[a3], -first[a3]))


def _bare_institution_country(
    c: Cand, before: list[Cand], sd: SpacyDoc, focus: str | None
) -> str | None:
    """Whose is "the government" / "the military"?

    Capitalised inside a sentence ("... the Government said") it is the home country's
    by press convention; otherwise it is the one of that kind named last before it
    ("Iraq's government ... the government"), else the focus country's.
    """
    assert c.institution is not None
    noun = sd[c.tok_end - 1] if c.tok_end > 0 else None
    if noun is not None and noun.text[:1].isupper() and not sd[c.tok_start].is_sent_start:
        return focus
    group = c.institution.group
    for prev in reversed(before):
        if c.start - prev.end > _INSTITUTION_REACH:
            break
        if prev.key and prev.key[0] == "I" and prev.key[1] == group and prev.end <= c.start:
            return prev.country
    return focus


#: characters back to the institution a bare "the government" may repeat.
_INSTITUTION_REACH = 1000


def _cctld_country(url: str | None, kb: Knowledge) -> str | None:
    """The country of a URL's country-code top-level domain (".nz" -> NZL)."""
    m = re.match(r"[a-z]+://([^/:]+)", url or "")
    if not m:
        return None
    tld = m.group(1).rsplit(".", 1)[-1].upper()
    if len(tld) != 2 or tld in _GENERIC_CCTLDS:
        return None
    return next((a3 for a3, c in kb.countries.items() if c.alpha2 == tld), None)


#: Country-code domains used as generic ones (".tv", ".io", ".co", ...).
_GENERIC_CCTLDS = {"TV", "IO", "CO", "ME", "FM", "AI", "LY", "AM", "CC", "WS", "GG", "TO", "SH"}


def _order(groups: list[list[Cand]]) -> list[list[Cand]]:
    return sorted(groups, key=lambda g: min(c.start for c in g))


def _entity(n: int, group: list[Cand], kb: Knowledge, doc: Document) -> Entity:
    label, canonical, country, sector, role = attrs(group, kb, doc)
    seen: set[tuple[int, int]] = set()
    mentions: list[Mention] = []
    for c in sorted(group, key=lambda c: (c.start, c.end)):
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            mentions.append(Mention(c.text, c.start, c.end))
    return Entity(f"e{n}", canonical, label, country, sector, role, mentions)
