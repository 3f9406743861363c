"""Candidate mentions: the statistical NER, corrected, plus knowledge and pattern matches.

The small spaCy model makes a few errors that recur in news and that rules fix well:

* a place tagged PERSON ("Taji" after "at", or elsewhere named "Camp Taji");
* a photo credit tagged ORG/PERSON ("Photo / Jane Doe");
* the possessive swallowed into the name ("Donald Trump's");
* a title word tagged ORG ("Defence" of "Defence Minister", "State" of "Secretary of State");
* a first name left out of a long name ("Abdul Mahdi" for "Adil Abdul Mahdi").

The corrected spans are written back to ``doc.spacy.ents`` so later stages (places)
see them too. Each candidate then carries a *key*: mentions with equal keys are one
entity (the linker merges further by acronym, surname and short form).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from vigil.language.entities.context import inside
from vigil.language.entities.knowledge import Institution, Knowledge
from vigil.language.entities.names import clean_name, looks_like_acronym, norm_key
from vigil.language.entities.roles import PersonContext, TitleSpan, person_context
from vigil.language.entities.ruler import ADJ, COUNTRY, INST, ORG, PEOPLE, KbMatch
from vigil.language.parsed import parsed_text

LINKED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_PLACE_LABELS = {"GPE", "FAC", "LOC"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor"}
_HONORIFICS |= {"rev", "reverend", "sheikh", "sheik", "mullah", "mufti", "rabbi"}
_STRONG_LOCATIVE = {"in", "near", "outside", "inside", "across", "around", "towards"}
_LOCATIVE = {"at", "in", "near", "from", "outside", "to", "towards", "into", "around", "inside"}


@dataclass
class Cand:
    """One mention on its way to an entity."""

    start: int  # char offsets of the mention in doc.text
    end: int
    text: str
    label: str
    tok_start: int  # token span of the name itself (no title)
    tok_end: int
    key: tuple[str, ...] | None = None
    canonical: str | None = None
    priority: int = 0  # higher wins the canonical name
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    person: PersonContext | None = None
    institution: Institution | None = None  # bare institution awaiting the focus country
    salience: bool = False  # counts towards the document's focus country
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        cached = self.extras.get("_name")
        if cached is None or self.extras.get("_name_of") != self.extras.get("name", self.text):
            raw = self.extras.get("name", self.text)
            cached = clean_name(raw)  # type: ignore[arg-type]
            self.extras["_name"], self.extras["_name_of"] = cached, raw
        return cached  # type: ignore[return-value]


def _place_names(doc: Doc, kb: Knowledge) -> set[str]:
    """Names the NER already reads as places, with facility words dropped ("Camp X" -> X)."""
    names: set[str] = set()
    for ent in doc.ents:
        after_in = ent.start > 0 and doc[ent.start - 1].lower_ in _STRONG_LOCATIVE
        if ent.label_ == "ORG" and after_in and len(ent) == 1:
            names.add(ent.text)  # "in Chelsea" tagged ORG: still a place name
        if ent.label_ in _PLACE_LABELS:
            names.add(ent.text)
            if len(ent) > 1 and ent[0].lower_ in kb.facility_words:
                names.add(ent[1:].text)
    return names


def fix_ents(
    doc: Doc,
    kb: Knowledge,
    matches: list[KbMatch],
    titles: list[TitleSpan],
    credits: list[tuple[int, int]],
) -> list[Span]:
    """The NER's spans with the news-specific errors corrected; written back to the Doc."""
    title_tok = {i for t in titles for i in range(t.start, t.end)}
    country_tok = {i for m in matches if m.kind in (COUNTRY, ADJ) for i in range(m.start, m.end)}
    text = parsed_text(doc)  # Doc.text would rebuild it from the tokens
    places = _place_names(doc, kb)
    # A name read as a place once (after "in", after "Camp") is a place everywhere.
    for ent in doc.ents:
        if ent.label_ == "PERSON" and _place_label(doc, ent.start, ent.end, kb, places):
            places.add(ent.text)
    keep: list[Span] = []
    for ent in doc.ents:
        label, s, e = ent.label_, ent.start, ent.end
        if label not in LINKED_LABELS:
            keep.append(ent)
            continue
        if inside(ent.start_char, ent.end_char, credits) or ent.text.lower().startswith("photo"):
            continue
        if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in ent):
            continue  # "meth" tagged GPE: a name has a capital somewhere
        while e > s and (doc[e - 1].text in _POSSESSIVE or doc[e - 1].is_punct):
            e -= 1
        if label == "PERSON":
            while s < e and (s in title_tok or doc[s].is_punct):
                s += 1
            if any(ch.isdigit() for ch in doc[s:e].text):
                continue  # "H5N1", "F-16": codes, not people
            verbs = [i for i in range(s + 1, e) if doc[i].pos_ in ("VERB", "AUX")]
            if verbs:
                e = verbs[0]  # a Title Case headline: "Warren Urges Banks" is Warren
        if s >= e:
            continue
        core = [i for i in range(s, e) if doc[i].lower_ != "the"]
        if core and all(i in title_tok for i in core):
            continue  # "Defence" of "Defence Minister", "State" of "Secretary of State"
        if label == "PERSON":
            label = _place_label(doc, s, e, kb, places) or label
        text_title = ent.text.title()
        if ent.text.isupper() and len(ent.text) > 4 and text_title in kb.places:
            label = "GPE"  # a dateline: "BAGHDAD (Reuters) -"
        elif label == "PERSON" and e - s == 1 and looks_like_acronym(doc[s].text):
            label = "ORG"  # "SANA", "KCNA": people are not written as acronyms
        if label == "PERSON" and not _headline_like(doc, text, s):
            # One missed first name at most ("Abdul Mahdi" -> "Adil Abdul Mahdi").
            if (
                s > 0
                and doc[s - 1].pos_ == "PROPN"
                and doc[s - 1].is_title
                and (s - 1) not in title_tok
                and (s - 1) not in country_tok
                and doc[s - 1].ent_iob_ != "I"
                and not doc[s - 1].ent_type_
                and doc[s - 1].lower_ not in kb.facility_words
                and not (s > 1 and doc[s - 2].pos_ == "PROPN" and doc[s - 2].is_title)
            ):
                s -= 1
            while (
                e < len(doc)
                and doc[e].pos_ == "PROPN"
                and doc[e].is_title
                and e not in title_tok
                and e not in country_tok
                and not doc[e].ent_type_
                and not doc[e - 1].whitespace_ == ""  # "Le-" / "O'" joins are the tokenizer's
            ):
                e += 1
        keep.append(Span(doc, s, e, label=label))
    fixed = filter_spans(keep)
    doc.ents = fixed
    return [sp for sp in fixed if sp.label_ in LINKED_LABELS]


def _place_label(doc: Doc, s: int, e: int, kb: Knowledge, places: set[str]) -> str | None:
    """FAC/GPE when a PERSON span is really a place; None when it is a person."""
    text = doc[s:e].text
    prev = doc[s - 1] if s > 0 else None
    if prev is not None and prev.is_title and prev.lower_ in kb.facility_words:
        return "FAC"
    if text in places:
        return "FAC"
    if text.lower() in kb.country_names and text[:1].isupper():
        return "GPE"  # "Chad's President": a country name standing alone is the country
    if e - s != 1 or prev is None or (e < len(doc) and doc[e].text in _POSSESSIVE):
        return None
    if prev.lower_ in _STRONG_LOCATIVE:
        return "GPE"  # "in Chelsea", "near Tikrit": people are rarely "in" someone
    if text in kb.places and prev.lower_ in _LOCATIVE:
        return "GPE"
    return None


def _headline_like(doc: Doc, text: str, i: int) -> bool:
    """Whether token ``i`` stands in a line without final punctuation (a headline or label).

    A name's spelling in body prose is preferred to its spelling in a related-story
    headline, which scraped text often keeps.
    """
    pos = doc[i].idx
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)].rstrip()
    return bool(line) and line[-1] not in ".!?\"'\u201d\u2019:;)"


def _exact(matches: list[KbMatch], s: int, e: int) -> KbMatch | None:
    for m in matches:
        if m.start == s and m.end == e and m.kind in (COUNTRY, ADJ, PEOPLE, ORG):
            return m
    return None


def _country_before(matches: list[KbMatch], doc: Doc, i: int) -> tuple[int, str] | None:
    """A country (or its adjective) ending at token ``i``, possibly with a possessive."""
    for m in matches:
        if m.kind in (COUNTRY, ADJ) and m.end == i:
            return m.start, m.key
    if i >= 1 and doc[i - 1].text in _POSSESSIVE:
        for m in matches:
            if m.kind == COUNTRY and m.end == i - 1:
                return m.start, m.key
    return None


def _cand(doc: Doc, s: int, e: int, label: str, **kw: object) -> Cand:
    span = doc[s:e]
    return Cand(span.start_char, span.end_char, span.text, label, s, e, **kw)  # type: ignore[arg-type]


def institution_cand(
    doc: Doc, kb: Knowledge, matches: list[KbMatch], m: KbMatch, s: int, e: int, proper: bool
) -> Cand | None:
    """ "Iraq's parliament", "NZ Government", "the military", "New Zealand Defence Force".

    ``proper``: ``doc[s:e]`` is a NER name ending in the institution noun ``m``; else
    ``m`` stands alone and its country is looked for around it.
    """
    inst = kb.institutions[m.key]
    country: str | None = None
    start, end = s, e
    adjective = False
    if proper:
        ns = s + 1 if doc[s].lower_ == "the" else s
        if m.start > ns:
            found = _country_before(matches, doc, m.start)
            if found is None or found[0] != ns:
                return None  # something else qualifies the noun: "Peace Action Army"
            country = found[1]
    else:
        found = _country_before(matches, doc, m.start)
        if found is not None:
            start, country = found
            if doc[start : m.start].text.lower() in kb.country_adj:
                adjective = True
        elif m.end + 1 < len(doc) and doc[m.end].lower_ == "of":
            after = [x for x in matches if x.kind == COUNTRY and x.start == m.end + 1]
            if after:
                country, end = after[0].key, after[0].end
        if country is None:
            if m.start == 0 or doc[m.start - 1].lower_ != "the":
                return None
            start = m.start - 1
    if country is None and inst.needs_country:
        return None
    c = _cand(doc, start, end, "ORG", sector=inst.sector, priority=60)
    if adjective and doc[start : m.start].text.lower() not in kb.country_names:
        c.extras["adjective"] = True
    if proper and inst.national and country is not None:
        c.extras["name"], c.priority = clean_name(doc[s:e].text), 90
    if country is None:
        c.institution = inst
    else:
        assign_institution(c, inst, country, kb)
    return c


def assign_institution(c: Cand, inst: Institution, country: str, kb: Knowledge) -> None:
    """Give an institution mention its country, key and (template) canonical name."""
    c.country, c.key, c.institution = country, ("I", inst.group, country), None
    if c.priority >= 90:
        c.canonical = c.name
        return
    cname = kb.country_name(country) or country
    if inst.noun in ("defence force", "defense force", "defence forces", "defense forces"):
        c.canonical, c.priority = f"{cname} {inst.noun.title()}", 70
    else:
        c.canonical = inst.canonical.format(country=cname)


def build_candidates(
    doc: Doc,
    kb: Knowledge,
    matches: list[KbMatch],
    titles: list[TitleSpan],
    ents: list[Span],
    credits: list[tuple[int, int]],
) -> list[Cand]:
    """Every mention the linker will cluster (persons get their title context)."""
    cands: list[Cand] = []
    text = parsed_text(doc)  # Doc.text would rebuild it from the tokens
    covered = [(sp.start, sp.end) for sp in ents]
    org_ends: dict[int, int] = {sp.end: sp.start for sp in ents if sp.label_ == "ORG"}
    org_ends.update({m.end: m.start for m in matches if m.kind == ORG})
    for sp in ents:
        s, e, label = sp.start, sp.end, sp.label_
        ns = s + 1 if doc[s].lower_ == "the" and e - s > 1 else s
        exact = _exact(matches, ns, e)
        if exact is not None and (label != "PERSON" or exact.kind == ORG):
            cands.append(kb_cand(doc, kb, exact, s, e))  # "Hamas" tagged PERSON is Hamas
            continue
        if label == "PERSON":
            ctx = person_context(doc, s, e, titles, matches, kb, org_ends)
            c = _cand(doc, ctx.mention_start, e, "PERSON", person=ctx)
            core = s
            while core < e - 1 and doc[core].text.rstrip(".").lower() in _HONORIFICS:
                core += 1  # "Mrs. Clinton" is Clinton
            c.tok_start, c.extras["name"] = core, doc[core:e].text
            c.priority = 50 + (5 if ctx.title else 0) - (10 if _headline_like(doc, text, s) else 0)
            c.role, c.country = ctx.role, ctx.country
            c.sector = ctx.title.sector if ctx.title else None
            cands.append(c)
            continue
        inst = [m for m in matches if m.kind == INST and m.end == e and m.start >= ns]
        if inst and label in ("ORG", "NORP"):
            c = institution_cand(
                doc, kb, matches, max(inst, key=lambda m: m.end - m.start), s, e, True
            )
            if c is not None:
                cands.append(c)
                continue
        c = _cand(doc, s, e, label)
        place = label in _PLACE_LABELS
        name = doc[ns:e]
        if place and len(name) > 1 and name[0].lower_ in kb.facility_words:
            c.key = ("L", norm_key(name[1:].text))
        else:
            c.key = ("L" if place else "N", norm_key(name.text))
        c.extras["name"] = name.text
        if place and name.text.isupper() and name.text.title() in kb.places:
            c.extras["name"] = name.text.title()  # "KABUL" of a dateline is Kabul
        c.priority = 10 + len(name)
        if 0 < s and e < len(doc) and doc[s - 1].text == "(" and doc[e].text == ")":
            c.extras["bracketed"] = True
        cands.append(c)
    # Knowledge matches the NER missed ("US" as an adjective, "Isis" untagged...).
    for m in matches:
        if m.kind not in (COUNTRY, ADJ, PEOPLE, ORG):
            continue
        if any(s < m.end and m.start < e for s, e in covered):
            continue
        c = kb_cand(doc, kb, m, m.start, m.end)
        if inside(c.start, c.end, credits):
            continue
        cands.append(c)
        covered.append((m.start, m.end))
    # Institutions named by a common noun ("Iraq's parliament", "the military").
    for m in matches:
        if m.kind != INST or any(s < m.end and m.start < e for s, e in covered):
            continue
        if m.end < len(doc) and doc[m.end].pos_ in ("NOUN", "PROPN"):
            continue  # a modifier: "military personnel", "government forces"
        c = institution_cand(doc, kb, matches, m, m.start, m.end, False)
        if c is not None and not inside(c.start, c.end, credits):
            cands.append(c)
    return cands


def kb_cand(doc: Doc, kb: Knowledge, m: KbMatch, s: int, e: int) -> Cand:
    """A candidate for a knowledge-file match (country, demonym, people, organisation)."""
    if m.kind == ORG:
        org = next(o for o in kb.org_alias.values() if o.canonical == m.key)
        c = _cand(doc, s, e, org.type, canonical=org.canonical, priority=100)
        c.country, c.sector = org.country, org.sector
        if org.national and org.country:
            c.key = ("I", "MILITARY", org.country)
        else:
            c.key = ("O", org.canonical)
        if c.text.replace(".", "").isupper():
            c.extras["kb_acronym"] = True  # may yield to a name in the text: see cluster
        return c
    name = kb.country_name(m.key) or m.key
    if m.kind == PEOPLE:
        c = _cand(doc, s, e, "NORP", canonical=f"{name} citizens", priority=100)
        c.key, c.country, c.sector = ("P", m.key), m.key, "CVL"
        c.salience = True
        return c
    c = _cand(doc, s, e, "GPE", canonical=name, priority=100)
    c.key, c.country, c.salience = ("C", m.key), m.key, True
    if m.kind == ADJ and doc[s:e].text.lower() not in kb.country_names:
        c.extras["adjective"] = True
    return c
