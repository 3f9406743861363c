"""Toponym resolution in context: which of the places called X the text means.

Each candidate gets a prior (population, feature level, official vs alternate
name) and then context (in log-odds-like points):

* **country focus**: candidates in the countries the text is about (explicit
  country names, demonyms, confidently resolved places) gain;
* **state/province focus**: likewise for the admin1 areas in play;
* **stated hierarchy**: "Pandi, Bulacan" / "Alexandria in Rapides Parish"
  favours the Pandi inside a Bulacan, and that Bulacan;
* **proximity**: candidates near the other places of the text gain;
* **feature words**: "Bulacan province", "the state of X" favour admin areas.

A name whose best reading is not clearly ahead of a far-away alternative, and
has no context for it, stays at the level the candidates share (their country)
rather than a confident wrong point. References ("the city", "the camp",
"their base") are then tied to places already resolved, and registered sites
take their aliases when the text supports them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from vigil.places.gazetteer import Candidate, Gazetteer, haversine_km
from vigil.places.lexicon import SITE_KINDS
from vigil.places.recognize import Mention
from vigil.places.sites import Site

LEVEL_BONUS = {"country": 6.0, "continent": 6.0, "admin1": 3.0, "admin2": 0.5, "city": 1.0}
CAPITAL_BONUS = 1.0
ALTERNATE_PENALTY = 2.5
EPONYM_BONUS = 3.5  # a city inside the admin area of the same name beats the area
W_COUNTRY = 5.0
W_ADMIN1 = 2.5
W_CONTAINER = 6.0
W_NEAR = 2.0
AMBIGUITY_MARGIN = 1.0
FAR_KM = 161.0


@dataclass
class Resolution:
    """A mention with the place it was resolved to (``cand`` or ``site``), if any."""

    mention: Mention
    cand: Candidate | None = None
    site: Site | None = None
    coarse: bool = False  # fell back to the shared country of ambiguous candidates
    scores: dict[int, float] = field(default_factory=dict)

    @property
    def lat(self) -> float | None:
        return self.site.lat if self.site else (self.cand.lat if self.cand else None)

    @property
    def lon(self) -> float | None:
        return self.site.lon if self.site else (self.cand.lon if self.cand else None)


def _prior(c: Candidate, m: Mention) -> float:
    score = math.log10(c.population + 10) + LEVEL_BONUS.get(c.level, 0.0)
    if c.fcode == "PPLC":
        score += CAPITAL_BONUS
    if not c.official:
        score -= ALTERNATE_PENALTY
    if m.admin_hint:
        if c.level.startswith("admin") and m.admin_hint in {"admin", c.level}:
            score += 4.0
        elif c.level == "city":
            score -= 2.0
    return score


class Resolver:
    """Resolves recognised mentions of one document (see module docstring)."""

    def __init__(self, gazetteer: Gazetteer, sites: list[Site] | None = None):
        self.gaz = gazetteer
        self.sites = sites or []
        self.site_country: dict[str, str | None] = {}
        for site in self.sites:
            near = self.gaz.nearest(site.lat, site.lon, radius_km=max(50.0, site.radius_km))
            self.site_country[site.name] = near.country if near else None

    def __call__(self, mentions: list[Mention], text: str = "") -> list[Resolution]:
        named = [m for m in mentions if m.source in {"ner", "gazetteer", "site"}]
        cands = {id(m): list(self.gaz.lookup(m.text)) for m in named}
        priors = {id(m): {c.id: _prior(c, m) for c in cands[id(m)]} for m in named}
        for m in named:
            self._eponyms(cands[id(m)], priors[id(m)], m)

        # Pass 1: prior only -> provisional readings, focus and proximity anchors.
        best1 = {id(m): self._best(cands[id(m)], priors[id(m)]) for m in named}
        countries, admin1s = self._focus(named, cands, priors, best1, mentions)

        scores: dict[int, dict[int, float]] = {}
        for m in named:
            sc = {}
            for c in cands[id(m)]:
                s = priors[id(m)][c.id]
                s += W_COUNTRY * countries.get(c.country or "", 0.0)
                s += W_ADMIN1 * admin1s.get(c.admin1 or (c.id if c.level == "admin1" else 0), 0.0)
                s += W_NEAR * self._proximity(c, m, named, best1)
                sc[c.id] = s
            scores[id(m)] = sc
        self._containment(mentions, cands, scores)

        out: list[Resolution] = []
        by_id = {id(m): m for m in mentions}
        resolved: dict[int, Resolution] = {}
        for m in named:
            res = self._decide(m, cands[id(m)], scores[id(m)], countries)
            resolved[id(m)] = res
        focus_countries = [c for c, w in sorted(countries.items(), key=lambda x: -x[1]) if w > 0.15]
        self._attach_sites(named, resolved, focus_countries, mentions)
        for m in mentions:
            if m.source == "demonym":
                out.append(Resolution(m, cand=self.gaz.country(m.country)))
            elif m.source == "reference":
                res = self._reference(
                    m, [resolved[id(x)] for x in named if x.start < m.start], focus_countries
                )
                if res is not None:
                    out.append(res)
            else:
                out.append(resolved[id(by_id[id(m)])])
        return out

    # -- scoring pieces ----------------------------------------------------
    @staticmethod
    def _best(cands: list[Candidate], scores: dict[int, float]) -> Candidate | None:
        return max(cands, key=lambda c: scores[c.id], default=None)

    @staticmethod
    def _eponyms(cands: list[Candidate], prior: dict[int, float], m: Mention) -> None:
        """'Baghdad' the city, not the governorate named after it (unless told 'province')."""
        if m.admin_hint:
            return
        areas = {c.id for c in cands if c.level in {"admin1", "admin2"}}
        for c in cands:
            if c.level == "city" and (c.admin1 in areas or c.admin2 in areas):
                area_score = max(prior[a] for a in areas if a in (c.admin1, c.admin2))
                prior[c.id] = max(prior[c.id], area_score + EPONYM_BONUS - 3.0) + 0.01

    def _focus(self, named, cands, priors, best1, mentions):
        """Country and admin1 shares of the text, from confident readings and demonyms."""
        country_w: Counter[str] = Counter()
        admin_w: Counter[int] = Counter()
        for m in named:
            cs = cands[id(m)]
            if not cs:
                continue
            conf = self._confidence(cs, priors[id(m)])
            b = best1[id(m)]
            if b.country:
                country_w[b.country] += conf * (1.5 if b.level == "country" else 1.0)
            if b.level == "admin1":
                admin_w[b.id] += conf
            elif b.admin1:
                admin_w[b.admin1] += 0.5 * conf
            if m.source == "site":
                for site in m.sites:
                    cc = self.site_country.get(site.name)
                    if cc:
                        country_w[cc] += 0.5
        for m in mentions:
            if m.source == "demonym" and m.country:
                country_w[m.country] += 0.5
        tc, ta = sum(country_w.values()), sum(admin_w.values())
        countries = {k: v / tc for k, v in country_w.items()} if tc else {}
        admin1s = {k: v / ta for k, v in admin_w.items()} if ta else {}
        return countries, admin1s

    @staticmethod
    def _confidence(cs: list[Candidate], scores: dict[int, float]) -> float:
        """Softmax mass of the best candidate: 1.0 for a unique name."""
        vals = [scores[c.id] for c in cs]
        top = max(vals)
        z = sum(math.exp(v - top) for v in vals)
        return 1.0 / z

    @staticmethod
    def _proximity(c: Candidate, m: Mention, named: list[Mention], best1) -> float:
        """Closeness to the provisional readings of the other names (max over them)."""
        best = 0.0
        for o in named:
            if o is m or o.text == m.text:
                continue
            b = best1[id(o)]
            if b is None or b.level in {"country", "continent"}:
                continue
            d = haversine_km(c.lat, c.lon, b.lat, b.lon)
            if d < 50:
                best = max(best, 1.0)
            elif d < 200:
                best = max(best, 0.5)
        return best

    def _containment(self, mentions, cands, scores) -> None:
        """'Pandi, Bulacan': reward readings where the first lies in the second."""
        for m in mentions:
            if m.container is None:
                continue
            outer = mentions[m.container]
            if id(m) not in cands or id(outer) not in cands:
                continue
            inner_c, outer_c = cands[id(m)], cands[id(outer)]
            for ic in inner_c:
                for oc in outer_c:
                    if self._contains(oc, ic):
                        scores[id(m)][ic.id] += W_CONTAINER
                        scores[id(outer)][oc.id] += W_CONTAINER / 2
                        break

    @staticmethod
    def _contains(outer: Candidate, inner: Candidate) -> bool:
        if outer.id == inner.id:
            return False
        if outer.level == "country":
            return inner.country == outer.country and inner.level != "country"
        if outer.level in {"admin1", "admin2"}:
            return outer.id in (inner.admin1, inner.admin2)
        if outer.level == "city" and inner.level == "city":
            return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 30
        return False

    def _decide(self, m: Mention, cs: list[Candidate], sc: dict[int, float], countries):
        if not cs:
            return Resolution(m)
        ranked = sorted(cs, key=lambda c: -sc[c.id])
        best = ranked[0]
        res = Resolution(m, cand=best, scores=sc)
        if len(ranked) > 1 and best.level not in {"country", "continent"}:
            rival = next(
                (
                    r
                    for r in ranked[1:]
                    if haversine_km(best.lat, best.lon, r.lat, r.lon) > FAR_KM
                    and not self._contains(best, r)
                    and not self._contains(r, best)
                ),
                None,
            )
            if rival is not None and sc[best.id] - sc[rival.id] < AMBIGUITY_MARGIN:
                # No evidence separates them: say only what they share.
                res.coarse = True
                res.cand = self.gaz.country(best.country) if best.country == rival.country else None
        return res

    # -- sites and references ---------------------------------------------
    def _attach_sites(self, named, resolved, focus_countries, mentions) -> None:
        """A site name or alias resolves to the site when the text supports it."""
        mentioned_names = {m.text for m in named}
        for m in named:
            if m.source != "site":
                continue
            for site in m.sites:
                other_names = (set(site.names) - {m.text}) & mentioned_names
                supported = (
                    m.text == site.name
                    or not self.gaz.has_name(m.text)
                    or self.site_country.get(site.name) in focus_countries[:2]
                    or bool(other_names)
                )
                if supported:
                    res = resolved[id(m)]
                    res.site, res.coarse = site, False
                    near = [
                        c
                        for c in self.gaz.lookup(m.text)
                        if haversine_km(c.lat, c.lon, site.lat, site.lon) <= max(site.radius_km, 5)
                    ]
                    res.cand = near[0] if near else None
                    break

    def _reference(self, m: Mention, before: list[Resolution], focus: list[str]):
        kind = m.ref
        if kind in SITE_KINDS:
            kinds = SITE_KINDS[kind]
            for r in reversed(before):
                if r.site is not None and r.site.kind in kinds:
                    return Resolution(m, cand=r.cand, site=r.site)
            if m.possessive:
                for site in self.sites:
                    if site.kind in kinds and self.site_country.get(site.name) in focus[:2]:
                        return Resolution(m, site=site)
            return None
        if kind == "capital":
            cap = self.gaz.capital(focus[0]) if focus else None
            return Resolution(m, cand=cap) if cap else None
        want = {"city": {"city"}, "country": {"country"}, "admin": {"admin1", "admin2"}}[kind]
        for r in reversed(before):
            if r.cand is not None and r.cand.level in want and not r.coarse:
                return Resolution(m, cand=r.cand, site=r.site if kind == "city" else None)
            if kind == "city" and r.site is not None and r.site.kind == "city":
                return Resolution(m, cand=r.cand, site=r.site)
        return None


def country_shares(resolutions: list[Resolution]) -> dict[str, float]:
    """How much of the text is about each country (for callers wanting a focus)."""
    w: dict[str, float] = defaultdict(float)
    for r in resolutions:
        if r.cand is not None and r.cand.country:
            w[r.cand.country] += 1.0
    total = sum(w.values())
    return {k: v / total for k, v in w.items()} if total else {}
