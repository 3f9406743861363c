"""The ``entities`` pipeline component: candidates -> clusters -> :class:`Entity` records.

Order of work, each step rule-based on the one spaCy parse (no extra model pass):
knowledge ruler and title spans, corrected NER spans, candidates with keys, the
document's focus country (for "the Government"), clustering, then what needs whole
clusters: organisation of a "member", linked descriptions ("a top Iranian commander"),
pronouns, and finally country/sector/role per entity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.language import Language

from vigil.document import Document
from vigil.language.entities.candidates import Cand, assign_institution, build_candidates, fix_ents
from vigil.language.entities.cluster import cluster
from vigil.language.entities.context import credit_ranges, inside, quote_ranges
from vigil.language.entities.knowledge import Knowledge, load_knowledge
from vigil.language.entities.roles import title_spans
from vigil.language.entities.ruler import KnowledgeRuler
from vigil.language.nlp import load_nlp
from vigil.records import Entity, Mention
from vigil.settings import Settings

#: Title sectors of a state office: a holder with no other clue belongs to the focus country.
_STATE_SECTORS = {"GOV", "LEG", "JUD", "COP", "MIL"}
_PRONOUNS = {"he", "she", "him"}
_PRONOUN_REACH = 800  # characters back to the person a pronoun may refer to
_ROLE_ORG_REACH = 600  # characters back to the organisation a "member" belongs to


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
        for c in cands:
            if c.institution is not None:
                if focus is None:
                    continue
                assign_institution(c, c.institution, focus, kb)
            ctx = c.person
            if ctx and ctx.title and not c.country and ctx.title.kind != "role":
                if ctx.title.sector in _STATE_SECTORS:
                    c.country = focus
            kept.append(c)
        groups = cluster(kept, kb)
        _untagged_surnames(groups, doc, credits)
        _role_organisations(groups, quotes, kb, doc)
        _descriptions(groups, text, kb)
        _pronouns(groups, doc, quotes)
        return [_entity(i + 1, g, kb, doc) for i, g in enumerate(_order(groups))]


def make_entity_linker(settings: Settings) -> EntityLinker:
    return EntityLinker(load_nlp(settings.model))


def focus_country(doc: Document, cands: list[Cand], kb: Knowledge) -> str | None:
    """The country the report is about (or from): metadata first, else most mentioned.

    "The Government" in a report means this country's government. A ``country`` in
    the document's metadata (publisher country) wins; otherwise mentions of the
    country, its demonyms and its institutions are counted, a title mention counting
    double; ties go to the country mentioned first.
    """
    given = doc.meta.get("country")
    if isinstance(given, str):
        a3 = given.upper() if given.upper() in kb.countries else kb.country_of_word(given)
        if a3:
            return a3
    tld = _cctld_country(doc.url, kb)
    if tld:
        return tld
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


def _best(group: list[Cand]) -> Cand:
    """The mention that names the entity: highest priority, then longest, then first."""
    return max(
        group,
        key=lambda c: (c.priority, len(c.name), -c.start),
    )


def _group_of(groups: list[list[Cand]], cand: Cand) -> list[Cand] | None:
    for g in groups:
        if any(c is cand for c in g):
            return g
    return None


def _role_organisations(
    groups: list[list[Cand]], quotes: list[tuple[int, int]], kb: Knowledge, doc: Document
) -> None:
    """'member Jane Doe' -> 'member of <the organisation in context>'."""
    orgs = [
        (c, g)
        for g in groups
        if _best(g).label == "ORG"
        for c in g
        if not inside(c.start, c.end, quotes)
    ]
    for g in groups:
        for c in g:
            ctx = c.person
            if ctx is None or ctx.title is None or ctx.title.kind != "role":
                continue
            org = None
            if ctx.org_token is not None:
                org = next(
                    (og for oc, og in orgs if oc.tok_start <= ctx.org_token < oc.tok_end), None
                )
            if org is None:
                before = [
                    (oc, og)
                    for oc, og in orgs
                    if oc.end <= c.start and c.start - oc.end <= _ROLE_ORG_REACH
                ]
                if before:
                    org = max(before, key=lambda p: p[0].end)[1]
            if org is not None:
                _, name, country, sector, _ = _attrs(org, kb, doc)
                c.role = f"{ctx.title.title} of {name}"
                c.country = c.country or country
                c.sector = c.sector or sector


def _descriptions(groups: list[list[Cand]], text: str, kb: Knowledge) -> None:
    """Link "a top Iranian commander" to the person later called "top Iranian commander X".

    A noun phrase whose head is the title of a person's description links to that
    person when its modifiers are among the description's ("an Iranian commander",
    "the commander"), and it is definite or has a modifier; among several people of
    that title, the one introduced last before the phrase (else first after) wins.
    """
    taken = [(c.start, c.end) for g in groups for c in g if c.label == "PERSON"]
    found: dict[tuple[int, int], list[tuple[int, list[Cand]]]] = {}
    for g in groups:
        for c in list(g):
            ctx = c.person
            if ctx is None or not ctx.description:
                continue
            words = ctx.description
            head, mods = words[-ctx.head_len :], set(words[: -ctx.head_len])
            pat = re.compile(
                r"\b(a|an|the)\s+((?:[\w'\u2019-]+\s+){0,3}?)"
                + r"\s+".join(re.escape(w) for w in head)
                + r"\b",
                re.IGNORECASE,
            )
            for m in pat.finditer(text):
                have = [w.lower() for w in m.group(2).split()]
                if not set(have) <= mods or (not have and m.group(1).lower() != "the"):
                    continue
                if inside(m.start(), m.end(), taken):
                    continue
                nxt = text[m.end() : m.end() + 2]
                if nxt[:1] == " " and nxt[1:2].isupper():
                    continue  # followed by a name: that person's own title
                found.setdefault((m.start(), m.end()), []).append((c.start, g))
            if not c.country:
                for w in words:
                    a3 = kb.country_adj.get(w) or kb.country_names.get(w)
                    if a3:
                        c.country = a3
    for (start, end), owners in sorted(found.items()):
        before = [o for o in owners if o[0] < start]
        g = max(before, key=lambda o: o[0])[1] if before else min(owners, key=lambda o: o[0])[1]
        d = Cand(start, end, text[start:end], "PERSON", -1, -1, priority=-1)
        d.extras["description"] = True
        g.append(d)


def _untagged_surnames(
    groups: list[list[Cand]], doc: Document, credits: list[tuple[int, int]]
) -> None:
    """A person's surname the NER missed ('"...," Badenoch said') is still a mention."""
    assert doc.spacy is not None
    taken = [(c.start, c.end) for g in groups for c in g]
    surnames: dict[str, list[tuple[int, list[Cand]]]] = {}
    for g in groups:
        if _best(g).label != "PERSON":
            continue
        words = (_best(g).canonical or _best(g).name).split()
        if len(words) >= 2:
            first = min(c.start for c in g)
            surnames.setdefault(words[-1], []).append((first, g))
    for tok in doc.spacy:
        if tok.text not in surnames or tok.pos_ != "PROPN" or not tok.is_title:
            continue
        if tok.ent_type_ not in ("", "PERSON"):
            continue
        end = tok.idx + len(tok)
        if inside(tok.idx, end, taken) or inside(tok.idx, end, credits):
            continue
        before = [p for p in surnames[tok.text] if p[0] < tok.idx]
        if not before:
            continue
        g = max(before, key=lambda p: p[0])[1]
        g.append(Cand(tok.idx, end, tok.text, "PERSON", tok.i, tok.i + 1, priority=40))


def _pronouns(groups: list[list[Cand]], doc: Document, quotes: list[tuple[int, int]]) -> None:
    """A third-person pronoun outside quotes refers back to the last person mentioned."""
    assert doc.spacy is not None
    persons = sorted(
        ((c.end, g) for g in groups if _best(g).label == "PERSON" for c in g),
        key=lambda p: p[0],
    )
    if not persons:
        return
    ends = [p[0] for p in persons]
    for tok in doc.spacy:
        if tok.lower_ not in _PRONOUNS or tok.pos_ != "PRON":
            continue
        if inside(tok.idx, tok.idx + len(tok), quotes):
            continue
        k = bisect.bisect_right(ends, tok.idx) - 1
        if k < 0 or tok.idx - ends[k] > _PRONOUN_REACH:
            continue
        g = persons[k][1]
        p = Cand(tok.idx, tok.idx + len(tok), tok.text, "PERSON", tok.i, tok.i + 1, priority=-2)
        p.extras["pronoun"] = True
        g.append(p)


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


def _attrs(
    group: list[Cand], kb: Knowledge, doc: Document
) -> tuple[str, str, str | None, str | None, str | None]:
    """(type, canonical, country, sector, role) of a cluster."""
    best = _best(group)
    focus = doc.meta.get("focus_country")
    named = [c for c in group if c.priority >= 0] or [best]
    canonical = best.canonical or best.name
    label = "PERSON" if any(c.label == "PERSON" for c in named) else best.label
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


def _entity(n: int, group: list[Cand], kb: Knowledge, doc: Document) -> Entity:
    label, canonical, country, sector, role = _attrs(group, kb, doc)
    seen: set[tuple[int, int]] = set()
    mentions: list[Mention] = []
    for c in sorted(group, key=lambda c: (c.start, c.end)):
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            mentions.append(Mention(c.text, c.start, c.end))
    return Entity(f"e{n}", canonical, label, country, sector, role, mentions)
