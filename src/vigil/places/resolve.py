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
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from vigil.places.gazetteer import Candidate, Gazetteer, haversine_km
from vigil.places.lexicon import SITE_KINDS
from vigil.places.names import normalise
from vigil.places.recognize import Mention
from vigil.places.sites import Site

#: Mentions that name a place (as opposed to demonyms and references).
NAMED = frozenset({"ner", "gazetteer", "site", "inname"})
LEVEL_BONUS = {"country": 6.0, "continent": 6.0, "admin1": 3.0, "admin2": 0.5, "city": 1.0}
CAPITAL_BONUS = 2.0
ALTERNATE_PENALTY = 2.5
EPONYM_BONUS = 3.5  # a city inside the admin area of the same name beats the area
W_COUNTRY = 5.0
W_ADMIN1 = 4.0
W_CONTAINER = 6.0
W_SUPPORT = 4.0
FOCUS_PSEUDO = 0.5
IN_COUNTRY_FIT = 0.25
SUPPORT_CAP = 1.0
MAX_CANDIDATES = 40
AMBIGUITY_MARGIN = 0.5  # ~3x population: closer than this is a coin toss...
CONTEXT_EVIDENCE = 0.5  # ...unless the text itself favours the leader this much
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
        named = [m for m in mentions if m.source in NAMED and not m.country]
        cands = {id(m): self._candidates(m) for m in named}
        priors = {id(m): {c.id: _prior(c, m) for c in cands[id(m)]} for m in named}
        for m in named:
            self._eponyms(cands[id(m)], priors[id(m)], m)

        # Pass 1: prior + mutual support of the names -> provisional readings.
        demonym_countries = {m.country for m in mentions if m.source == "demonym" and m.country}
        support = self._support(named, cands, demonym_countries)
        s1 = {
            id(m): {c.id: priors[id(m)][c.id] + W_SUPPORT * support[id(m)][c.id] for c in cs}
            for m in named
            for cs in [cands[id(m)]]
        }
        best1 = {id(m): self._best(cands[id(m)], s1[id(m)]) for m in named}
        contrib, base = self._focus(named, cands, s1, best1, mentions)
        countries, _ = self._shares(contrib, base, None)

        # Pass 2: add the country and state focus of the rest of the text.
        scores: dict[int, dict[int, float]] = {}
        for m in named:
            countries_m, admin1s = self._shares(contrib, base, normalise(m.text))
            sc = {}
            for c in cands[id(m)]:
                v = s1[id(m)][c.id]
                v += W_COUNTRY * countries_m.get(c.country or "", 0.0)
                v += W_ADMIN1 * admin1s.get(c.admin1 or (c.id if c.level == "admin1" else 0), 0.0)
                sc[c.id] = v
            scores[id(m)] = sc
        self._containment(mentions, cands, scores)

        resolved = {
            id(m): self._decide(m, cands[id(m)], scores[id(m)], priors[id(m)]) for m in named
        }
        focus_countries = [c for c, w in sorted(countries.items(), key=lambda x: -x[1]) if w > 0.15]
        self._attach_sites(named, resolved, focus_countries, mentions)
        out: list[Resolution] = []
        for m in mentions:
            if m.source == "demonym" or m.country:
                out.append(Resolution(m, cand=self.gaz.country(m.country)))
            elif m.source == "reference":
                before = [resolved[id(x)] for x in named if x.start < m.start]
                res = self._reference(m, before, focus_countries, text)
                if res is not None:
                    out.append(res)
            else:
                out.append(resolved[id(m)])
        return out

    def _support(
        self, named: list[Mention], cands, demonym_countries: set[str]
    ) -> dict[int, dict[int, float]]:
        """How well each reading fits the other names of the text (0..SUPPORT_CAP).

        For every other distinct name, the best fit among its readings: lying
        inside it (a town in the named county/state), or being near one of its
        readings. Two small places that are near each other rarely are by
        chance, so this is strong evidence ("Athens" + "Henderson County").
        """

        def key_of(m: Mention) -> tuple:
            return (normalise(m.text), tuple(c.id for c in cands[id(m)]))

        groups: dict[tuple, list[Mention]] = defaultdict(list)
        for m in named:
            groups[key_of(m)].append(m)
        keys = [k for k in groups if cands[id(groups[k][0])]]
        arr = {}
        for k in keys:
            cs = cands[id(groups[k][0])]
            arr[k] = (
                np.radians([c.lat for c in cs]),
                np.radians([c.lon for c in cs]),
                np.array([c.id for c in cs]),
                np.array([c.admin1 or -1 for c in cs]),
                np.array([c.admin2 or -1 for c in cs]),
                np.array([c.level in {"country", "continent"} for c in cs]),
                np.array([c.country or "" for c in cs]),
            )
        # Noisy-or over the other names: one clear fit is strong evidence, many
        # weak ones (a town 150 km from several named places) add up only slowly.
        miss = {k: np.ones(len(arr[k][0])) for k in keys}
        for a in keys:
            la, lo, ida, a1, a2, big_a, cc_a = arr[a]
            for b in keys:
                if a[0] == b[0]:
                    continue
                lb, lob, idb, b1, b2, big_b, cc_b = arr[b]
                weight = min(1.0, 10.0 / len(idb))
                d = _haversine_matrix(la, lo, lb, lob)
                close = np.where(d < 30, 1.0, np.where(d < 100, 0.6, np.where(d < 200, 0.3, 0.0)))
                close[:, big_b] = 0.0  # "near the USA" says nothing
                close[big_a, :] = 0.0
                # One inside the other: a town in the named county, the state of a named town.
                inside = (a1[:, None] == idb[None, :]) | (a2[:, None] == idb[None, :])
                inside |= (b1[None, :] == ida[:, None]) | (b2[None, :] == ida[:, None])
                # A country reading is supported by places named in that country.
                inside |= big_a[:, None] & ~big_b[None, :] & (cc_a[:, None] == cc_b[None, :])
                fit = np.maximum(close, np.where(inside, 1.0, 0.0))
                # A place inside a country the text names: weaker, countries are big.
                in_named = ~big_a[:, None] & big_b[None, :] & (cc_a[:, None] == cc_b[None, :])
                fit = np.maximum(fit, np.where(in_named, IN_COUNTRY_FIT, 0.0))
                miss[a] *= 1.0 - weight * fit.max(axis=1)
        # Countries named by demonyms ("Palestinian") support places inside them too.
        for k in keys:
            _, _, _, _, _, big, cc = arr[k]
            inside_dem = ~big & np.isin(cc, list(demonym_countries))
            miss[k] *= 1.0 - np.where(inside_dem, IN_COUNTRY_FIT, 0.0)
        out: dict[int, dict[int, float]] = {}
        for m in named:
            k = key_of(m)
            cs = cands[id(m)]
            vals = SUPPORT_CAP * (1.0 - miss[k]) if k in miss else np.zeros(len(cs))
            out[id(m)] = {c.id: float(v) for c, v in zip(cs, vals, strict=True)}
        return out

    def _candidates(self, m: Mention) -> list[Candidate]:
        cands = list(self.gaz.lookup(m.text))
        if m.label == "LOC":
            # LOC is a region, sea or mountain range: a town that merely lists
            # the name as an alternate ("Middle East") is not what is meant.
            cands = [c for c in cands if c.level != "city" or c.official]
        return cands[:MAX_CANDIDATES]

    # -- scoring pieces ----------------------------------------------------
    @staticmethod
    def _best(cands: list[Candidate], scores: dict[int, float]) -> Candidate | None:
        return max(cands, key=lambda c: scores[c.id], default=None)

    @staticmethod
    def _eponyms(cands: list[Candidate], prior: dict[int, float], m: Mention) -> None:
        """'Baghdad' the city, not the governorate named after it (unless told 'province')."""
        if m.admin_hint:
            return
        areas = {c.id: c for c in cands if c.level in {"admin1", "admin2"}}
        for c in cands:
            if c.level != "city":
                continue
            # Only when the town carries the name at least as officially as the area.
            own = [
                a for a in (c.admin1, c.admin2) if a in areas and c.official >= areas[a].official
            ]
            if own:
                area_score = max(prior[a] for a in own)
                prior[c.id] = max(prior[c.id], area_score + EPONYM_BONUS - 3.0) + 0.01

    def _focus(self, named, cands, priors, best1, mentions):
        """Country and admin1 evidence of the text, per distinct name, for leave-one-out use.

        Returns ``(contrib, demonyms)``: each name's own contribution is kept so
        that a name is never its own evidence (one "Springfield" must not make
        its own Missouri reading the state of the text).
        """
        contrib: dict[str, tuple[Counter, Counter]] = {}
        repeats = Counter(normalise(m.text) for m in named)
        for m in named:
            cs = cands[id(m)]
            key = normalise(m.text)
            if not cs or key in contrib:
                continue
            # A name repeated throughout is what the text is about, but twenty
            # "Russia"s must not drown every other name: weight grows with the log.
            rep = 1.0 + math.log(repeats[key])
            cw: Counter[str] = Counter()
            aw: Counter[int] = Counter()
            conf = rep * self._confidence(cs, priors[id(m)])
            b = best1[id(m)]
            if b.country:
                cw[b.country] += conf * (1.5 if b.level == "country" else 1.0)
            if b.level == "admin1":
                aw[b.id] += conf
            elif b.admin1:
                aw[b.admin1] += 0.5 * conf
            if m.source == "site":
                for site in m.sites:
                    cc = self.site_country.get(site.name)
                    if cc:
                        cw[cc] += 0.5
            contrib[key] = (cw, aw)
        base: Counter[str] = Counter()
        for m in mentions:
            if m.source == "demonym" and m.country:
                base[m.country] += 0.5
        return contrib, base

    @staticmethod
    def _shares(contrib, base, exclude: str | None) -> tuple[dict[str, float], dict[int, float]]:
        cw: Counter[str] = Counter(base)
        aw: Counter[int] = Counter()
        for key, (c, a) in contrib.items():
            if key != exclude:
                cw.update(c)
                aw.update(a)
        # A pseudo-count keeps one stray name from setting the whole text's focus.
        tc, ta = sum(cw.values()) + FOCUS_PSEUDO, sum(aw.values()) + FOCUS_PSEUDO
        return ({k: v / tc for k, v in cw.items()}, {k: v / ta for k, v in aw.items()})

    @staticmethod
    def _confidence(cs: list[Candidate], scores: dict[int, float]) -> float:
        """Softmax mass of the best candidate: 1.0 for a unique name."""
        vals = [scores[c.id] for c in cs]
        top = max(vals)
        z = sum(math.exp(v - top) for v in vals)
        return 1.0 / z

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

    def _decide(
        self, m: Mention, cs: list[Candidate], sc: dict[int, float], prior: dict[int, float]
    ) -> Resolution:
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
            context_gap = (
                (sc[best.id] - prior[best.id]) - (sc[rival.id] - prior[rival.id]) if rival else 0
            )
            if (
                rival is not None
                and sc[best.id] - sc[rival.id] < AMBIGUITY_MARGIN
                and context_gap < CONTEXT_EVIDENCE
            ):
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

    def _reference(self, m: Mention, before: list[Resolution], focus: list[str], text: str = ""):
        kind = m.ref
        if kind in SITE_KINDS:
            kinds = SITE_KINDS[kind]
            for r in reversed(before):
                if r.site is not None and r.site.kind in kinds:
                    return Resolution(m, cand=r.cand, site=r.site)
            if m.possessive:
                # "their base": a base of an organisation the text names, in its focus.
                for site in self.sites:
                    if (
                        site.kind in kinds
                        and self.site_country.get(site.name) in focus[:2]
                        and _organisation_named(site.organisation, text)
                    ):
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


def _organisation_named(org: str | None, text: str) -> bool:
    """Does the text name the organisation: in full, by its acronym, or by its head words
    ("Defence Force" for "New Zealand Defence Force")? Sites without one always count."""
    if not org:
        return True
    words = [w for w in re.findall(r"[A-Za-z]+", org) if w[0].isupper()]
    forms = {org}
    if len(words) >= 2:
        forms.add("".join(w[0] for w in words))  # NZDF
        forms.add(" ".join(words[-2:]))  # Defence Force
    return any(re.search(r"\b" + re.escape(f) + r"\b", text) for f in forms if len(f) >= 3)


def country_shares(resolutions: list[Resolution]) -> dict[str, float]:
    """How much of the text is about each country (for callers wanting a focus)."""
    w: dict[str, float] = defaultdict(float)
    for r in resolutions:
        if r.cand is not None and r.cand.country:
            w[r.cand.country] += 1.0
    total = sum(w.values())
    return {k: v / total for k, v in w.items()} if total else {}


def _haversine_matrix(la, lo, lb, lob) -> np.ndarray:
    """Pairwise great-circle distances (km) between two sets of points in radians."""
    dlat = lb[None, :] - la[:, None]
    dlon = lob[None, :] - lo[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(la)[:, None] * np.cos(lb)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
