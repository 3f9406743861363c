"""Where a count stands: the place named in its clause, or the one its context fixes.

Uses ``doc.places`` when the places component ran (names, countries, levels);
otherwise falls back to spaCy's GPE/FAC/LOC spans, with countries looked up in
pycountry and the towns of the packaged gazetteer (no network).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vigil.document import Document
from vigil.language.quantities.units import family
from vigil.records import Quantity

if TYPE_CHECKING:  # the cross-document conflict finder runs without spaCy
    from spacy.tokens import Token

_LOC_PREPS = {"at", "in", "near", "inside", "outside", "around", "from", "across", "into", "on"}
_PLACE_LABELS = {"GPE", "FAC", "LOC"}
#: Demonyms that are not their country's name plus a suffix.
_DEMONYMS = {
    "american": "United States", "americans": "United States", "british": "United Kingdom",
    "briton": "United Kingdom", "britons": "United Kingdom", "french": "France",
    "german": "Germany", "germans": "Germany", "afghan": "Afghanistan", "afghans": "Afghanistan",
    "filipino": "Philippines", "filipinos": "Philippines", "dutch": "Netherlands",
    "swiss": "Switzerland", "kiwi": "New Zealand", "kiwis": "New Zealand", "turks": "Turkey",
    "israelis": "Israel", "emiratis": "United Arab Emirates", "saudis": "Saudi Arabia",
}  # fmt: skip


@dataclass
class _Place:
    start: int
    end: int
    name: str
    country: str | None  # country name
    level: str | None


@functools.cache
def _countries() -> dict[str, str]:
    """Lower-case country names and common names -> display name."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        for n in {c.name, name, getattr(c, "official_name", c.name)}:
            out[n.lower()] = name
    out.update({"us": "United States", "usa": "United States", "uk": "United Kingdom"})
    out.update({"united states": "United States", "the united states": "United States"})
    return out


@functools.cache
def _country_by_code() -> dict[str, str]:
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        out[c.alpha_2] = name
        out[c.alpha_3] = name
    return out


@functools.cache
def _city_countries() -> dict[str, str]:
    """City name -> country code of the most populous town of that name (15,000 people
    or more, as GeoNames' cities15000, in the packaged gazetteer)."""
    from vigil.places.gazetteer import load_gazetteer

    best: dict[str, tuple[int, str]] = {}
    for name, _lat, _lon, country, population in load_gazetteer().towns(15_000):
        key = name.lower()
        if key not in best or population > best[key][0]:
            best[key] = (population, country)
    return {k: v[1] for k, v in best.items()}


def demonym_country(word: str) -> str | None:
    """'New Zealanders' -> 'New Zealand', 'Iraqis' -> 'Iraq': the longest country name prefix."""
    low = word.lower().strip()
    if low in _DEMONYMS:
        return _DEMONYMS[low]
    best = None
    for name, display in _countries().items():
        if len(name) >= 4 and low.startswith(name) and len(low) - len(name) <= 4:
            if best is None or len(name) > len(best[0]):
                best = (name, display)
    return best[1] if best else None


def country_of(name: str) -> str | None:
    """Country (display name) a place name lies in, if the packaged data knows it."""
    low = name.lower()
    if low in _countries():
        return _countries()[low]
    code = _city_countries().get(low)
    return _country_by_code().get(code) if code else None


def _where(verb: Token) -> bool:
    return any(c.lower_ in {"where", "wherein"} for c in verb.children)


class PlaceFinder:
    """Place mentions of one document, and the rules that tie a count to one of them."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.places: list[_Place] = []
        codes = _country_by_code()
        for p in doc.places:
            if getattr(p, "kind", "name") == "demonym":
                continue  # "Iraqi forces" names a people, not where a figure stands
            country = codes.get(p.country or "", None)
            self.places.append(_Place(p.start, p.end, p.name, country, p.level))
        # Places the resolver left out (an unknown camp or facility) still name where
        # a figure stands: spaCy's GPE/FAC/LOC spans fill the gaps, never overriding.
        if doc.spacy is not None:
            for ent in doc.spacy.ents:
                if ent.label_ not in _PLACE_LABELS or any(
                    p.start < ent.end_char and ent.start_char < p.end for p in self.places
                ):
                    continue
                text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                level = "country" if text.lower() in _countries() else None
                country = country_of(text) if ent.label_ == "GPE" else None
                self.places.append(_Place(ent.start_char, ent.end_char, text, country, level))
        self.places.sort(key=lambda p: p.start)

    def _in_tokens(self, toks: list[Token]) -> list[tuple[int, _Place]]:
        found = []
        for tok in toks:
            for p in self.places:
                if p.start <= tok.idx < p.end:
                    found.append((tok.i, p))
                    break
            else:
                if tok.dep_ == "pobj" and tok.head.lower_ in _LOC_PREPS:
                    definite = self._definite(tok)
                    if definite is not None:
                        found.append((tok.i, definite))
        return found

    def _definite(self, tok: Token) -> _Place | None:
        """'near the camp' -> the last place named '... Camp ...'; 'the city' -> the last city."""
        if tok.pos_ != "NOUN" or not any(c.lower_ == "the" for c in tok.children):
            return None
        before = [p for p in self.places if p.end <= tok.idx]
        word = tok.lower_
        for p in reversed(before):
            if word in p.name.lower().split():
                return p
        if word in {"city", "town", "capital"}:
            for p in reversed(before):
                if p.level in {"city", None} and p.name.lower() not in _countries():
                    return p
        return None

    def place_for(self, noun: Token, num: Token) -> str | None:
        """The place of a count: in its own phrase, then its clause, then the event it belongs to."""
        own = [t for c in noun.rights if c.dep_ not in {"relcl", "conj"} for t in c.subtree]
        hits = self._in_tokens(own)
        if not hits:
            verb = noun.head if noun.dep_ in {"nsubj", "nsubjpass", "dobj"} else None
            if verb is not None:
                toks = [
                    t
                    for c in verb.children
                    if c is not noun and c.dep_ not in {"conj", "ccomp", "advcl", "relcl"}
                    for t in c.subtree
                ]
                hits = self._in_tokens(toks)
                if not hits and verb.dep_ == "relcl" and _where(verb):
                    # "the town of X, where 300 soldiers are stationed": the place it hangs on
                    hits = self._in_tokens([verb.head])
        if not hits:
            return self._event_place(noun)
        _, place = min(hits, key=lambda h: abs(h[0] - num.i))
        return place.name

    def _event_place(self, noun: Token) -> str | None:
        """'the US killing of X and eight others' -> where 'the killing' was placed before."""
        tok = noun
        for _ in range(4):
            if tok.head is tok:
                return None
            tok = tok.head
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in {"killing", "attack", "strike", "raid"}:
                break
        else:
            return None
        for other in tok.doc[: tok.i]:
            if other.lemma_.lower() == tok.lemma_.lower():
                hits = self._in_tokens(list(other.subtree))
                if hits:
                    return hits[-1][1].name
        return None

    def fill_scope(self, quantities: list[Quantity]) -> None:
        """A total with no place ('the remaining 43 members of X') is where X's parts are:
        the one country all earlier located figures of the same owner and unit lie in."""
        for i, q in enumerate(quantities):
            if q.at is not None or q.of is None:
                continue
            countries = set()
            for prev in quantities[:i]:
                if prev.at and prev.of and prev.of.name == q.of.name:
                    if family(prev.unit) == family(q.unit):
                        c = self.country_for(prev.at)
                        if c:
                            countries.add(c)
            if len(countries) == 1:
                q.at = countries.pop()

    def country_for(self, name: str) -> str | None:
        for p in self.places:
            if p.name == name and p.country:
                return p.country
        return country_of(name)
