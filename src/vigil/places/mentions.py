"""The ``Mention`` and ``Resolution`` records and the passes over a text's mentions.

Split out of ``recognize``: once the ``Recogniser`` has found the names, these
steps need no gazetteer and no parse, only the text and the other mentions:
overlapping mentions are deduplicated, descriptions ("the city", "the camp",
"their base") become references for the resolver to tie to a place already in
the text, and each mention is annotated with near-relations ("north of X"),
admin hints ("the state of X", "X County") and "X, Y" containment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vigil.places.gazetteer import Candidate
from vigil.places.lexicon import ADMIN_SUFFIX, NEAR_BEFORE, REFERENCE_NOUNS, WITHIN_NOUNS
from vigil.places.recognize.cues import overlaps
from vigil.places.sites import Site


@dataclass
class Mention:
    """A stretch of text that names or points at a place, before resolution."""

    start: int
    end: int
    text: str
    source: str  # ner | gazetteer | site | inname | demonym | reference
    sent: int = 0
    label: str | None = None
    admin_hint: str | None = None  # 'admin' | 'admin1' | 'admin2' from "X County", "state of X"
    near: bool = False  # "near X", "north of X", "outside X"
    sites: list[Site] = field(default_factory=list)
    ref: str | None = None  # for references: city | capital | country | admin | base | ...
    possessive: bool = False  # "their base" rather than "the base"
    container: int | None = None  # index of a mention said to contain this one
    country: str | None = None  # for demonyms: ISO3


@dataclass
class Resolution:
    """A mention with the place it was resolved to (``cand`` or ``site``), if any."""

    mention: Mention
    cand: Candidate | None = None
    site: Site | None = None
    coarse: bool = False  # fell back to the shared country of ambiguous candidates
    within: bool = False  # not known itself: placed at the place the text puts it in
    scores: dict[int, float] = field(default_factory=dict)

    @property
    def lat(self) -> float | None:
        return self.site.lat if self.site else (self.cand.lat if self.cand else None)

    @property
    def lon(self) -> float | None:
        return self.site.lon if self.site else (self.cand.lon if self.cand else None)


_REF_RE = re.compile(
    r"\b(?:(the|this|that)|(their|its|our|his|her))\s+(?:(?:same|nearby|northern|southern|"
    r"eastern|western|military|main|local|coalition)\s+)?("
    + "|".join(sorted((re.escape(k) for k in REFERENCE_NOUNS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_NEAR_RE = re.compile(
    r"(?:\b(?:"
    + "|".join(re.escape(p) for p in sorted(NEAR_BEFORE, key=len, reverse=True))
    + r")|\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\s+(?:\w+\s+)?(?:of|from))"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def find_references(
    text: str, found: list[Mention], blocked: list[tuple[int, int]], sent_of
) -> list[Mention]:
    """Descriptions ('the city', 'their base') not overlapping a name, as references."""
    out = []
    spans = [(m.start, m.end) for m in found] + blocked
    for m in _REF_RE.finditer(text):
        noun = m.group(3).lower()
        s, e = m.span()
        if overlaps((s, e), spans):
            continue
        if re.match(r"\s+of\b|\s+(?:[A-Z]\w+)", text[e : e + 12]):
            continue  # "the city of Basra", "the Taji base": named, not referring
        kind = REFERENCE_NOUNS.get(noun)
        if kind is None:  # matched only ignoring case ("baſe" with a long s): not the word
            continue
        out.append(
            Mention(
                s,
                e,
                m.group(0),
                "reference",
                sent_of(s),
                ref=kind,
                possessive=m.group(2) is not None,
            )
        )
    return out


#: What joins the names of one list: "A, B and C", "A or B".
LIST_GAP = re.compile(r"^\s*(?:,|and|or|&|, and|, or)\s*$")
_CLOSING_GAP = re.compile(r"^\s*,?\s*(?:and|or|&)\s*$")
#: "X, Y", "X in Y", "X district of Y", "X refugee camp in Y", "X (Y, Z)", "X village (Y)":
#: Y is said to contain X.
_CONTAINER_GAP = re.compile(
    r"\s+in\s+(?:the\s+)?|\s+(?:refugee\s+)?(?:"
    + "|".join(sorted(WITHIN_NOUNS))
    + r")\s+(?:of|in)\s+(?:the\s+)?"
    + r"|\s+(?:"
    + "|".join(sorted(ADMIN_SUFFIX))
    + r")\s*,\s*"
    + r"|\s*(?:\s(?:"
    + "|".join(sorted(WITHIN_NOUNS | set(ADMIN_SUFFIX)))
    + r"))?\s*\(\s*",
    re.IGNORECASE,
)


_WITHIN_BEFORE = re.compile(r"\s+(?:" + "|".join(sorted(WITHIN_NOUNS)) + r")\s+")


def in_enumerations(text: str, mentions: list[Mention]) -> set[int]:
    """Indexes of mentions in an enumeration: three or more names closed by
    'and'/'or' ("Georgia, Oklahoma, Pennsylvania and California"). There a comma
    separates list members, not a place and its state, as it does in the
    commas-only "Pandi, Bulacan, Philippines"."""
    out: set[int] = set()
    chain: list[int] = []
    closed = False

    def flush() -> None:
        if len(chain) >= 3 and closed:
            out.update(chain)

    for idx, m in enumerate(mentions):
        if chain:
            prev = mentions[chain[-1]]
            gap = text[prev.end : m.start]
            if prev.end <= m.start and LIST_GAP.match(gap):
                chain.append(idx)
                closed = closed or bool(_CLOSING_GAP.match(gap))
                continue
            flush()
        chain, closed = [idx], False
    flush()
    return out


def annotate(text: str, mentions: list[Mention]) -> None:
    """Near-relations, admin hints and 'X, Y' containment."""
    listed = in_enumerations(text, mentions)
    for idx, m in enumerate(mentions):
        before = text[max(0, m.start - 40) : m.start]
        m.near = bool(_NEAR_RE.search(before))
        after = text[m.end : m.end + 16].lower()
        w = re.match(r"\s+(\w+)", after)
        if w and w.group(1) in ADMIN_SUFFIX:
            m.admin_hint = ADMIN_SUFFIX[w.group(1)]
        b = re.search(
            r"\b(state|province|county|region|governorate)\s+of\s+(?:the\s+)?$", before.lower()
        )
        if b:
            m.admin_hint = ADMIN_SUFFIX.get(b.group(1), "admin")
        if idx > 0:
            # "Nairobi slum Kibera", "Baghdad district Adhamiyah": the first contains the second.
            prev = mentions[idx - 1]
            if prev.source in {"ner", "gazetteer", "site"} and _WITHIN_BEFORE.fullmatch(
                text[prev.end : m.start]
            ):
                m.container = idx - 1
        if idx + 1 < len(mentions):
            nxt = mentions[idx + 1]
            gap = text[m.end : nxt.start]
            comma = re.fullmatch(r",\s*", gap)
            if comma and idx in listed and idx + 1 in listed:
                continue
            if nxt.source in {"ner", "gazetteer", "site"} and (
                comma or _CONTAINER_GAP.fullmatch(gap)
            ):
                m.container = idx + 1
    _implicit_containers(text, mentions)


#: "... in Camargo community", "in Guama neighbourhood": a part of a town the text named.
_PART_AFTER = re.compile(
    r"\s+(?:community|neighbou?rhood|village|hamlet|settlement|locality)\b", re.IGNORECASE
)


def _implicit_containers(text: str, mentions: list[Mention]) -> None:
    """ "In Celaya, Guanajuato, gunmen attacked a patrol in Camargo community": a
    community, neighbourhood or village with no stated container lies in the innermost
    place named before it in its sentence (Celaya, not Guanajuato, which holds Celaya)."""
    named = {"ner", "gazetteer", "site"}
    for idx, m in enumerate(mentions):
        if m.container is not None or m.source not in named:
            continue
        if not _PART_AFTER.match(text, m.end):
            continue
        before = [
            k for k in range(idx) if mentions[k].source in named and mentions[k].sent == m.sent
        ]
        holders = {mentions[k].container for k in before}
        inner = [k for k in before if k not in holders]
        if inner:
            m.container = inner[-1]


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: a site beats an entity, a longer span beats a shorter one."""
    rank = {"site": 0, "ner": 1, "gazetteer": 2, "inname": 3, "demonym": 4, "reference": 5}
    ordered = sorted(mentions, key=lambda m: (rank[m.source], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        clash = [k for k in kept if m.start < k.end and k.start < m.end]
        if not clash:
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
