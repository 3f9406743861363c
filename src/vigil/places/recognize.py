"""Toponym recognition: which stretches of the text name (or point at) a place.

spaCy's GPE/LOC/FAC entities are the backbone, corrected in both directions:

* a place name inside a longer organisation name ("Auckland Peace Action") is
  not a place; an ORG/PERSON entity that is nothing but a known place name in a
  locative context ("at Taji", "Pandi, Bulacan") is one (the small model often
  mislabels rare place names);
* capitalised proper nouns the model missed are looked up in the gazetteer,
  but only with evidence that they are places (a locative preposition, a
  following ", <state>", or a name that only big places carry);
* registered site names and aliases are found verbatim;
* demonyms ("Iraqi forces") become country mentions, and descriptions ("the
  city", "the camp", "their base") become references for the resolver to tie to
  a place already in the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from vigil.places.gazetteer import Gazetteer
from vigil.places.lexicon import (
    ADMIN_SUFFIX,
    FEATURE_SUFFIXES,
    LOCATIVE_PREPS,
    NAME_PREFIXES,
    NEAR_BEFORE,
    ORG_WORDS,
    PART_WORDS,
    PLACE_NOUNS,
    REFERENCE_NOUNS,
)
from vigil.places.sites import Site

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Entities whose text is never a place (a name inside them is part of something else).
BLOCKING_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE"}


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
_TITLE_WORD = re.compile(r"^[A-Z][\w'.\-]*$")
_DATELINE_RE = re.compile(
    r"(?:^|\n|\.\s)\s*([A-Z]{3,}(?: [A-Z]{2,}){0,2})\s*(?:,[^\n]{0,20}?)?\s*(?:—|–|--+|-)\s"
)
_PARTY_RE = re.compile(r"\b(?:R|D|I|DFL)-([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


def _trim(span: Span) -> tuple[int, int]:
    """Token bounds without a leading determiner or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’", ".", ","}:
        end -= 1
    return start, end


def _char_span(doc: SpacyDoc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _locative_before(doc: SpacyDoc, i: int) -> bool:
    """Is token ``i`` introduced as a place ("in X", "the town of X")?"""
    j = i - 1
    while j >= 0 and doc[j].lower_ in {"the", "downtown", "central", "rural", "nearby"}:
        j -= 1
    if j < 0:
        return False
    prev = doc[j].lower_
    if prev in LOCATIVE_PREPS:
        return True
    if prev != "of" or j == 0:
        return False
    # "the town of X"; "Rebecca Sears, 41, of Grovetown"; "Terry McAuliffe of McLean"
    before = doc[j - 1]
    return before.lower_ in PLACE_NOUNS or before.text == "," or before.ent_type_ == "PERSON"


#: Lower-case words after a name that make it a place: "a Crafton man", "Danbury police".
LOCAL_NOUNS = frozenset(
    "man woman men women resident residents police officer officers student students pupils "
    "teen teenager boy girl native natives homeowner homeowners area neighborhood "
    "neighbourhood neighborhoods landlord mayor council schools voters businesses".split()
)
_PLURAL_ADMIN = re.compile(
    r"^(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?)*\s+"
    r"(counties|parishes|provinces|states|districts)\b"
)


def _local_evidence(text: str, doc: SpacyDoc, i: int, j: int) -> str | None:
    """Evidence after tokens ``i:j`` that they name a place; the admin hint if any.

    Returns ``'admin2'``/``'admin'`` for "Jackson and Barrow counties", ``''`` for
    other evidence ("Sligo-based", "a Crafton man", "Danbury police"), else None.
    """
    end = doc[j - 1].idx + len(doc[j - 1].text)
    m = _PLURAL_ADMIN.match(text[end : end + 80])
    if m:
        return "admin2" if m.group(1) in {"counties", "parishes"} else "admin"
    if text[end : end + 6].lower() == "-based":
        return ""
    if j < len(doc):
        nxt = doc[j]
        if nxt.text.islower() and nxt.lower_ in LOCAL_NOUNS:
            return ""
    return None


class Recogniser:
    """Finds place mentions in a parsed document (see module docstring)."""

    def __init__(self, gazetteer: Gazetteer, sites: list[Site] | None = None):
        self.gaz = gazetteer
        self.sites = sites or []
        self._site_names: dict[str, list[Site]] = {}
        for site in self.sites:
            for name in site.names:
                self._site_names.setdefault(name, []).append(site)
        names = sorted(self._site_names, key=len, reverse=True)
        self._site_re = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
            if names
            else None
        )

    # -- helpers -----------------------------------------------------------
    def _is_name(self, text: str) -> bool:
        return text in self._site_names or self.gaz.has_name(text)

    def _big_name(self, text: str) -> bool:
        """Names whose bearers are all notable (a country, a state, a big city)."""
        cands = self.gaz.lookup(text)
        if not cands:
            return False
        top = cands[0]
        return top.official and (top.level in {"country", "admin1"} or top.population >= 100_000)

    def _plausible(self, m: Mention, text: str) -> bool:
        """Drop what the model tagged but no place name looks like.

        Lower-case words ("the swan"), codes with digits ("H1N1"), unknown
        acronyms ("FAO"), and a bare small-town name after "the" ("the Pope",
        "the Church") are not toponyms.
        """
        if m.source in {"reference", "demonym"} or m.country:
            return True
        name = m.text
        if not name[:1].isupper() or any(ch.isdigit() for ch in name):
            return False
        cands = self.gaz.lookup(name) if m.source != "site" else ()
        letters = name.replace(".", "")
        if letters.isupper() and len(letters) <= 4 and m.source != "site":
            # An acronym is a place only as a known country/state abbreviation.
            dotted = "." in name and bool(cands)  # "D.C.", "N.Y.": written as abbreviations
            return dotted or any(c.level in {"country", "admin1"} for c in cands)
        before = text[max(0, m.start - 4) : m.start].lower()
        after = re.match(r"\s*([\w-]*)", text[m.end : m.end + 20])
        nxt = after.group(1) if after else ""
        bare = not nxt[:1].isupper() and nxt.lower() not in PLACE_NOUNS | ADMIN_SUFFIX.keys()
        if m.source != "inname" and before.endswith("the ") and " " not in name and bare and cands:
            top = cands[0]
            if top.level == "city" and top.population < 100_000:
                return False
        return True

    def _area_name(self, text: str) -> bool:
        """A country or state name ("Georgia" tagged PERSON by the model)."""
        cands = self.gaz.lookup(text)
        return bool(cands) and cands[0].official and cands[0].level in {"country", "admin1"}

    # -- main --------------------------------------------------------------
    def __call__(self, text: str, doc: SpacyDoc) -> list[Mention]:
        sent_starts = [s.start_char for s in doc.sents]

        def sent_of(ch: int) -> int:
            return max(0, bisect.bisect_right(sent_starts, ch) - 1)

        found: list[Mention] = []
        pending: list[tuple[int, Span, int, int, int]] = []
        blocked: list[tuple[int, int]] = []
        covered: list[tuple[int, int]] = []  # every entity, to keep the gazetteer scan off them

        ents = list(doc.ents)
        for k, ent in enumerate(ents):
            covered.append((ent.start_char, ent.end_char))
            t0, t1 = _trim(ent)
            if t0 >= t1:
                continue
            s, e = _char_span(doc, t0, t1)
            span_text = text[s:e]
            if ent.label_ in PLACE_LABELS:
                if any(w.lower() in ORG_WORDS for w in span_text.split()[1:]) and not (
                    self._is_name(span_text)
                ):
                    # "Santa Ana City Council": an organisation the model called a place.
                    blocked.append((s, e))
                    found.extend(self._names_inside(text, doc, t0, t1, sent_of))
                    continue
                for ps, pe in self._split_list(text, s, e):
                    ps, pe, hint = self._core_name(text, ps, pe, deep=ent.label_ != "FAC")
                    sub = text[ps:pe]
                    if not self._is_name(sub) and self.gaz.demonym(sub):
                        iso = self.gaz.demonym(sub)  # "Sri Lankan" tagged GPE
                        found.append(Mention(ps, pe, sub, "demonym", sent_of(ps), country=iso))
                        continue
                    if ent.label_ == "FAC" and not self._is_name(sub):
                        continue
                    found.append(
                        Mention(ps, pe, sub, "ner", sent_of(ps), label=ent.label_, admin_hint=hint)
                    )
            elif ent.label_ == "NORP":
                iso = self.gaz.demonym(span_text)
                if iso:
                    found.append(
                        Mention(s, e, span_text, "demonym", sent_of(s), label="NORP", country=iso)
                    )
                elif self._is_name(span_text):
                    pending.append((k, ent, s, e, t0))  # "in Pewaukee" tagged NORP
            elif ent.label_ in BLOCKING_LABELS:
                if self._is_name(span_text):
                    pending.append((k, ent, s, e, t0))
                else:
                    blocked.append((ent.start_char, ent.end_char))
                    if ent.label_ in {"ORG", "FAC"}:
                        found.extend(self._names_inside(text, doc, t0, t1, sent_of))

        # A bare known name the model labelled ORG/PERSON, said as a place, or
        # named as a place elsewhere in the text: keep it.
        place_texts = {m.text for m in found if m.source == "ner"}
        for k, ent, s, e, t0 in pending:
            span_text = text[s:e]
            local = _local_evidence(text, doc, t0, ent.end)
            if local:
                found.append(
                    Mention(s, e, span_text, "ner", sent_of(s), label=ent.label_, admin_hint=local)
                )
            elif local == "" or (
                span_text in place_texts
                or _locative_before(doc, t0)
                or self._listed_with_place(text, s, e, ents, k)
                or self._followed_by_container(doc, ent.end)
                or (ent.label_ == "ORG" and self._big_name(span_text) and len(ent) == 1)
                or (ent.label_ == "PERSON" and self._area_name(span_text))
            ):
                found.append(Mention(s, e, span_text, "ner", sent_of(s), label=ent.label_))
            else:
                blocked.append((ent.start_char, ent.end_char))

        found.extend(self._site_mentions(text, blocked, sent_of))
        taken = [(m.start, m.end) for m in found]
        found.extend(self._patterns(text, taken, sent_of))
        taken = [(m.start, m.end) for m in found]
        found.extend(self._gazetteer_scan(text, doc, covered + taken, sent_of))
        taken = [(m.start, m.end) for m in found]
        for tok in doc:
            if tok.is_title and not _overlaps((tok.idx, tok.idx + len(tok)), covered + taken):
                iso = self.gaz.demonym(tok.text)
                if iso and tok.pos_ in {"ADJ", "PROPN", "NOUN"}:
                    s = tok.idx
                    found.append(
                        Mention(s, s + len(tok), tok.text, "demonym", sent_of(s), country=iso)
                    )
        found = [m for m in _dedupe(found) if self._plausible(m, text)]
        found.extend(self._references(text, found, blocked, sent_of))
        found.sort(key=lambda m: (m.start, -m.end))
        self._annotate(text, doc, found)
        return found

    def _names_inside(self, text: str, doc: SpacyDoc, t0: int, t1: int, sent_of) -> list[Mention]:
        """'Alexandria Police Department' -> 'Alexandria' as a name inside an organisation.

        Kept apart (source ``inname``): not a place of the story, but evidence of
        where the story is, and what corpora such as LGL annotate.
        """
        out: list[Mention] = []
        i = t0
        while i < t1:
            hit = None
            if _TITLE_WORD.match(doc[i].text) and doc[i].lower_ not in ORG_WORDS:
                for j in range(min(t1, i + 4), i, -1):
                    s, e = _char_span(doc, i, j)
                    cands = self.gaz.lookup(text[s:e])
                    top = cands[0] if cands else None
                    if top is not None and (
                        top.level in {"country", "admin1"}
                        or (top.official and (top.level != "city" or top.population >= 1000))
                    ):
                        hit = (j, Mention(s, e, text[s:e], "inname", sent_of(s), label="ORG"))
                        break
                    iso = self.gaz.demonym(text[s:e]) if j == i + 1 else None
                    if iso:  # "American Red Cross"
                        m = Mention(
                            s, e, text[s:e], "inname", sent_of(s), label="NORP", country=iso
                        )
                        hit = (j, m)
                        break
            if hit:
                out.append(hit[1])
                i = hit[0]
            else:
                i += 1
        return out

    def _patterns(self, text: str, avoid: list[tuple[int, int]], sent_of) -> list[Mention]:
        """Datelines ('ROSWELL - A man...') and party-hometown tags ('R-Marshall')."""
        out = []
        for m in _DATELINE_RE.finditer(text):
            name = m.group(1)
            s, e = m.span(1)
            if not _overlaps((s, e), avoid) and self.gaz.has_name(name.title()):
                out.append(Mention(s, e, name, "gazetteer", sent_of(s), label="DATELINE"))
        for m in _PARTY_RE.finditer(text):
            s, e = m.span(1)
            if not _overlaps((s, e), avoid) and self.gaz.has_name(m.group(1)):
                out.append(Mention(s, e, m.group(1), "gazetteer", sent_of(s), label="HOMETOWN"))
        return out

    def _core_name(
        self, text: str, s: int, e: int, deep: bool = True
    ) -> tuple[int, int, str | None]:
        """The known name inside an entity span: 'City of X', 'X province', 'Eastern X'.

        Only used when the whole span is not itself a known name.
        """
        name = text[s:e]
        if self._is_name(name):
            return s, e, None
        low = name.lower()
        for prefix in NAME_PREFIXES:
            if low.startswith(prefix) and self._is_name(name[len(prefix) :]):
                return (
                    s + len(prefix),
                    e,
                    "admin" if prefix.startswith(("county", "state", "prov")) else None,
                )
        words = name.split()
        if len(words) > 1 and words[-1].lower() in FEATURE_SUFFIXES:
            core = name[: name.rfind(" ")]
            if self._is_name(core):
                return s, s + len(core), FEATURE_SUFFIXES[words[-1].lower()]
        if len(words) > 1 and words[0].lower() in PART_WORDS:
            rest = name.index(" ") + 1
            if self._is_name(name[rest:]):
                return s + rest, e, None
        # Otherwise the longest well-attested name inside ("Guernsey County Courthouse").
        for size in range(len(words) - 1 if deep else 0, 0, -1):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i : i + size])
                if not sub[:1].isupper() or sub.lower() in PART_WORDS:
                    continue
                cands = self.gaz.lookup(sub)
                if (
                    cands
                    and cands[0].official
                    and (cands[0].level != "city" or cands[0].population >= 10_000)
                ):
                    off = name.find(sub)
                    if off >= 0:
                        return s + off, s + off + len(sub), None
        return s, e, None

    def _split_list(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """'Pandi, Bulacan' as one entity -> two mentions, when both parts are names."""
        inner = text[s:e]
        if "," not in inner:
            return [(s, e)]
        parts, pos = [], s
        for piece in inner.split(","):
            lead = len(piece) - len(piece.lstrip())
            ps, pe = pos + lead, pos + len(piece.rstrip())
            parts.append((ps, pe))
            pos += len(piece) + 1
        if all(pe > ps and self._is_name(text[ps:pe]) for ps, pe in parts):
            return parts
        return [(s, e)]

    def _listed_with_place(self, text: str, s: int, e: int, ents: list[Span], k: int) -> bool:
        """'Pandi, Bulacan': a name joined by a comma to a place entity next to it."""
        for j in (k - 1, k + 1):
            if not 0 <= j < len(ents) or ents[j].label_ not in PLACE_LABELS:
                continue
            other = ents[j]
            gap = text[other.end_char : s] if j < k else text[e : other.start_char]
            if gap.strip() == ",":
                return True
        return False

    def _site_mentions(self, text: str, blocked: list[tuple[int, int]], sent_of) -> list[Mention]:
        if self._site_re is None:
            return []
        out = []
        for m in self._site_re.finditer(text):
            s, e = m.span()
            # Inside a longer organisation name ("Auckland Peace Action") it is not the site.
            if any(bs <= s and e <= be and (be - bs) > (e - s) for bs, be in blocked):
                continue
            out.append(
                Mention(s, e, m.group(0), "site", sent_of(s), sites=self._site_names[m.group(0)])
            )
        return out

    def _gazetteer_scan(
        self, text: str, doc: SpacyDoc, avoid: list[tuple[int, int]], sent_of
    ) -> list[Mention]:
        """Capitalised proper-noun runs the model missed, kept only with place evidence."""
        out: list[Mention] = []
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if not (tok.pos_ == "PROPN" and _TITLE_WORD.match(tok.text)) or tok.is_sent_start:
                i += 1
                continue
            hit = None
            for j in range(min(n, i + 4), i, -1):
                words = doc[i:j]
                if not all(_TITLE_WORD.match(t.text) for t in words):
                    continue
                s, e = _char_span(doc, i, j)
                if _overlaps((s, e), avoid):
                    continue
                if j < n and doc[j].lower_ in ORG_WORDS and doc[j].is_title:
                    continue  # "Springfield Police ..." starts an organisation name
                name = text[s:e]
                if not self.gaz.has_name(name):
                    continue
                if (
                    _locative_before(doc, i)
                    or self._followed_by_container(doc, j)
                    or _local_evidence(text, doc, i, j) is not None
                    or self._big_name(name)
                ):
                    hit = (j, Mention(s, e, name, "gazetteer", sent_of(s), label="GAZ"))
                    break
            if hit:
                out.append(hit[1])
                i = hit[0]
            else:
                i += 1
        return out

    def _followed_by_container(self, doc: SpacyDoc, j: int) -> bool:
        """'Cottonport, La.' / 'Pandi, Bulacan': a comma and then a state or country."""
        if j + 1 >= len(doc) or doc[j].text != ",":
            return False
        nxt = doc[j + 1]
        if not nxt.is_title:
            return False
        for k in (3, 2, 1):
            name = doc[j + 1 : min(len(doc), j + 1 + k)].text
            if any(c.level in {"country", "admin1", "admin2"} for c in self.gaz.lookup(name)):
                return True
        return False

    def _references(
        self, text: str, found: list[Mention], blocked: list[tuple[int, int]], sent_of
    ) -> list[Mention]:
        out = []
        spans = [(m.start, m.end) for m in found] + blocked
        for m in _REF_RE.finditer(text):
            noun = m.group(3).lower()
            s, e = m.span()
            if _overlaps((s, e), spans):
                continue
            if re.match(r"\s+of\b|\s+(?:[A-Z]\w+)", text[e : e + 12]):
                continue  # "the city of Basra", "the Taji base": named, not referring
            kind = REFERENCE_NOUNS[noun]
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

    def _annotate(self, text: str, doc: SpacyDoc, mentions: list[Mention]) -> None:
        """Near-relations, admin hints and 'X, Y' containment."""
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
            if idx + 1 < len(mentions):
                nxt = mentions[idx + 1]
                gap = text[m.end : nxt.start]
                if nxt.source in {"ner", "gazetteer", "site"} and re.fullmatch(
                    r",\s*|\s+in\s+(?:the\s+)?", gap
                ):
                    m.container = idx + 1


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions: a site beats an entity, a longer span beats a shorter one."""
    rank = {"site": 0, "ner": 1, "gazetteer": 2, "inname": 3, "demonym": 4, "reference": 5}
    ordered = sorted(mentions, key=lambda m: (rank[m.source], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        clash = [k for k in kept if m.start < k.end and k.start < m.end]
        if not clash:
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
