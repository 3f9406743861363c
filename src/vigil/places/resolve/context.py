"""Toponym resolution in context: which of the places called X the text means.

Each candidate gets a prior (population, feature level, official vs alternate
name) and then context (in log-odds-like points):

* **country focus**: candidates in the countries the text is about (explicit
  country names, demonyms, confidently resolved places) gain;
* **state/province focus**: likewise for the admin1 areas in play;
* **stated hierarchy**: "Pandi, Bulacan" / "Alexandria in Rapides Parish"
  favours the Pandi inside a Bulacan, and that Bulacan;
* **proximity**: candidates near the other places of the text gain, more so
  when said in the same sentence;
* **feature words**: "Bulacan province", "the state of X" favour admin areas;
* **lists**: names in one enumeration lean to the level and country of the rest.

A name whose best reading is not clearly ahead of a far-away alternative, and
has no context for it, stays at the level the candidates share (their country)
rather than a confident wrong point. A name the gazetteer lacks is placed at
the place the text puts it in ("Greenlane, Auckland"). Registered sites and
references ("the city", "the camp", "their base") are then tied to places
(``vigil.places.references``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from vigil.places.gazetteer import Candidate, Gazetteer, haversine_km
from vigil.places.mentions import Mention, Resolution
from vigil.places.names import normalise
from vigil.places.references import attach_sites, resolve_reference
from vigil.places.resolve.scoring import (
    AMBIGUITY_MARGIN,
    CONTEXT_EVIDENCE,
    FAR_KM,
    FOCUS_PSEUDO,
    MAX_CANDIDATES,
    W_ADMIN1,
    W_BELIEF,
    W_CONTAINER,
    W_COUNTRY,
    W_LIST_COUNTRY,
    W_LIST_LEVEL,
    W_SUPPORT,
    WIDE,
    WIDE_AREAS,
    beliefs,
    confidence,
    contains,
    eponyms,
    list_levels,
    list_siblings,
    mutual_support,
    prior,
)
from vigil.places.sites import Site

#: A town big enough that its alternate spelling, tagged LOC, still means it.
BIG_TOWN = 50_000

#: Mentions that name a place (as opposed to demonyms and references).
NAMED = frozenset({"ner", "gazetteer", "site", "inname"})


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
        priors = {id(m): {c.id: prior(c, m) for c in cands[id(m)]} for m in named}
        for m in named:
            eponyms(cands[id(m)], priors[id(m)], m)

        # Pass 1: prior + mutual support of the names -> provisional readings.
        demonym_countries = {m.country for m in mentions if m.source == "demonym" and m.country}
        siblings = list_siblings(named, text)
        support = mutual_support(named, cands, demonym_countries, siblings=siblings)
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

        # Pass 3: support again, each other name weighted by how much its
        # readings are now believed (joint consistency of the readings).
        belief = {id(m): beliefs(cands[id(m)], scores[id(m)]) for m in named}
        support3 = mutual_support(named, cands, demonym_countries, belief, siblings)
        for m in named:
            for c in cands[id(m)]:
                scores[id(m)][c.id] += W_BELIEF * (support3[id(m)][c.id] - support[id(m)][c.id])
        self._lists(named, cands, scores, siblings)

        resolved = {
            id(m): self._decide(m, cands[id(m)], scores[id(m)], priors[id(m)]) for m in named
        }
        self._place_within(named, cands, resolved, mentions)
        focus_countries = [c for c, w in sorted(countries.items(), key=lambda x: -x[1]) if w > 0.15]
        self._unknown_areas(named, resolved, contrib, base)
        attach_sites(self.gaz, self.site_country, named, resolved, focus_countries)
        out: list[Resolution] = []
        for m in mentions:
            if m.source == "demonym" or m.country:
                out.append(Resolution(m, cand=self.gaz.country(m.country)))
            elif m.source == "reference":
                before = [resolved[id(x)] for x in named if x.start < m.start]
                res = resolve_reference(
                    self.gaz, self.sites, self.site_country, m, before, focus_countries, text
                )
                if res is not None:
                    out.append(res)
            else:
                out.append(resolved[id(m)])
        return out

    def _candidates(self, m: Mention) -> list[Candidate]:
        cands = list(self.gaz.lookup(m.text))
        if m.label == "LOC":
            # LOC is a region, sea or mountain range: a town that merely lists
            # the name as an alternate ("Middle East") is not what is meant.
            kept = [c for c in cands if c.level != "city" or c.official]
            # ...unless nothing else is called so and the town is a real one
            # ("Al-Fashir", a spelling of El Fasher, tagged LOC).
            cands = kept or [c for c in cands if c.population >= BIG_TOWN]
            # A sea, range or region of that name is what a LOC means ("the
            # Pacific", "the Atlantic"), unless told "X state", "X province".
            wide = [c for c in cands if c.level in WIDE_AREAS]
            if wide and not m.admin_hint:
                cands = wide
        return cands[:MAX_CANDIDATES]

    # -- scoring pieces ----------------------------------------------------
    @staticmethod
    def _best(cands: list[Candidate], scores: dict[int, float]) -> Candidate | None:
        return max(cands, key=lambda c: scores[c.id], default=None)

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
            conf = rep * confidence(cs, priors[id(m)])
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
                    if contains(oc, ic):
                        scores[id(m)][ic.id] += W_CONTAINER
                        scores[id(outer)][oc.id] += W_CONTAINER / 2
                        break

    @staticmethod
    def _lists(named, cands, scores, siblings) -> None:
        """Names in one list lean to the level and country most of the others are read at."""
        if not siblings:
            return
        best = {id(m): Resolver._best(cands[id(m)], scores[id(m)]) for m in named}
        for m in named:
            if id(m) not in siblings:
                continue
            level, country = list_levels(siblings[id(m)], best)
            for c in cands[id(m)]:
                if level is not None and c.level == level:
                    scores[id(m)][c.id] += W_LIST_LEVEL
                if country is not None and c.country == country:
                    scores[id(m)][c.id] += W_LIST_COUNTRY

    def _decide(
        self, m: Mention, cs: list[Candidate], sc: dict[int, float], prior: dict[int, float]
    ) -> Resolution:
        if not cs:
            return Resolution(m)
        ranked = sorted(cs, key=lambda c: -sc[c.id])
        best = ranked[0]
        res = Resolution(m, cand=best, scores=sc)
        if len(ranked) > 1 and best.level not in WIDE:
            rival = next(
                (
                    r
                    for r in ranked[1:]
                    if haversine_km(best.lat, best.lon, r.lat, r.lon) > FAR_KM
                    and not contains(best, r)
                    and not contains(r, best)
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

    def _place_within(self, named, cands, resolved, mentions) -> None:
        """A name the gazetteer lacks ("Greenlane, Auckland", "the Mukuru slums in
        Nairobi", "the Gondra district of Uttar Pradesh"), or knows only as towns
        outside the area the text puts it in ("Stroud, Ontario"), is placed at
        that place, at that place's precision: the town or province it lies in
        is what a watcher needs, a namesake abroad is worse than nothing.

        Containers are settled first ("Lome city (Golfe, Maritime)": Golfe, a town of
        Angola only, is placed in Maritime before Lome is judged against it)."""

        def depth(m: Mention) -> int:
            hops, k = 0, m.container
            while k is not None and hops < 5:
                hops, k = hops + 1, mentions[k].container
            return hops

        named_countries = {
            r.cand.country
            for r in resolved.values()
            if r.cand is not None and r.cand.level == "country" and not r.coarse
        } | {m.country for m in mentions if m.source == "demonym" and m.country}
        for m in sorted(named, key=depth):
            if m.container is None or m.source == "site":
                continue
            outer = resolved.get(id(mentions[m.container]))
            hops = 0
            while outer is not None and outer.cand is None and hops < 3:
                # "Bossaso town (Bossaso, Bari)": an unknown town in an unknown district
                # lies in the province the district lies in.
                up = outer.mention.container
                outer = resolved.get(id(mentions[up])) if up is not None else None
                hops += 1
            if outer is None or outer.cand is None or outer.coarse or outer.site is not None:
                continue
            area, cs = outer.cand, cands[id(m)]
            if area.level in WIDE_AREAS:
                continue
            if area.country not in named_countries and any(
                c.country in named_countries for c in cs
            ):
                continue  # "Malawi ... Lilongwe (Central)": not Uganda's Central region
            if cs:
                # Towns and districts elsewhere ("Pati village (Barwani, Madhya Pradesh)" is
                # not Indonesia's Pati); a state or country name keeps its reading.
                towns_only = all(c.level in {"city", "admin2"} for c in cs)
                if (
                    not towns_only
                    or area.id < 0  # a composite region ("Darfur"): membership unknown
                    or any(
                        c.id == area.id  # "Warangal city (Warangal, Telangana)"
                        or contains(area, c)
                        or (
                            (area.level != "city" or c.admin1 == area.admin1)
                            and haversine_km(area.lat, area.lon, c.lat, c.lon) < FAR_KM
                        )
                        for c in cs
                    )
                ):
                    continue
            if normalise(m.text) == normalise(outer.mention.text):
                # "Bossaso town (Bossaso, Bari)": the town its district is named after.
                resolved[id(m)] = Resolution(m, cand=area)
                continue
            # Another spelling of a town of that area ("Bossaso (Bari)" is Bosaso).
            same = self.gaz.spelled_like(m.text, area) if area.id > 0 else None
            if same is not None:
                resolved[id(m)] = Resolution(m, cand=same)
            else:
                resolved[id(m)] = Resolution(m, cand=area, within=True)

    def _unknown_areas(self, named, resolved, contrib, base) -> None:
        """'Nyanza province' in a story about Kenya, when the gazetteer knows no such
        area (a former province) but a town of the name abroad: the province is
        somewhere in the country the rest of the text is about, not in that town."""
        for m in named:
            res = resolved[id(m)]
            cand = res.cand
            if (
                m.admin_hint not in {"admin", "admin1", "admin2"}
                or cand is None
                or cand.level != "city"
                or res.site is not None
            ):
                continue
            shares, _ = self._shares(contrib, base, normalise(m.text))
            focus = [c for c, w in sorted(shares.items(), key=lambda x: -x[1]) if w > 0.15]
            if focus and cand.country not in focus[:2]:
                resolved[id(m)] = Resolution(m, cand=self.gaz.country(focus[0]), coarse=True)


def country_shares(resolutions: list[Resolution]) -> dict[str, float]:
    """How much of the text is about each country (for callers wanting a focus)."""
    w: dict[str, float] = defaultdict(float)
    for r in resolutions:
        if r.cand is not None and r.cand.country:
            w[r.cand.country] += 1.0
    total = sum(w.values())
    return {k: v / total for k, v in w.items()} if total else {}
