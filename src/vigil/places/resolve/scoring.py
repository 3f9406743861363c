"""Scoring pieces of toponym resolution: the tuned weights, the prior, the evidence.

Split out of ``resolve`` so that the numbers that decide a reading (weights in
log-odds-like points, margins, distances) and the stateless functions that
turn a candidate and the text's other names into evidence (prior, eponym
boost, mutual support of names, containment, confidence) sit apart from the
``Resolver``'s orchestration of passes, focus, sites and references. They need
only candidates and mentions, not the resolver, and can be tuned or tested alone.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

from vigil.places.gazetteer import Candidate, haversine_km
from vigil.places.mentions import LIST_GAP, Mention
from vigil.places.names import normalise

LEVEL_BONUS = {
    "country": 6.0,
    "continent": 6.0,
    # A sea, range or world region has no population; without context it beats an
    # area named after it ("the Red Sea" over Sudan's Red Sea state).
    "feature": 9.0,
    "admin1": 3.0,
    "admin2": 0.5,
    "city": 1.0,
}
#: Levels that name an area rather than a place: continents and the hand-kept seas,
#: lakes, ranges and world regions (``scripts/gazetteer_features.tsv``).
WIDE_AREAS = frozenset({"continent", "feature"})
#: Readings too wide to give or take support by distance, or to be "coarsened".
WIDE = WIDE_AREAS | {"country"}
CAPITAL_BONUS = 2.0
ALTERNATE_PENALTY = 2.5
EPONYM_BONUS = 3.5  # a city inside the admin area of the same name beats the area
W_COUNTRY = 5.0
W_ADMIN1 = 4.0
W_CONTAINER = 6.0
W_SUPPORT = 4.0
W_BELIEF = 4.0  # pass 3 replaces pass 1's support by belief-weighted support
FOCUS_PSEUDO = 0.5
IN_COUNTRY_FIT = 0.25
SUPPORT_CAP = 1.0
MAX_CANDIDATES = 40
AMBIGUITY_MARGIN = 0.5  # ~3x population: closer than this is a coin toss...
CONTEXT_EVIDENCE = 0.5  # ...unless the text itself favours the leader this much
FAR_KM = 161.0
#: A list of names is usually of one kind: "British Columbia, Alberta, Ontario and
#: New Brunswick" are provinces (not Ontario, California), of one country.
W_LIST_LEVEL = 3.0
W_LIST_COUNTRY = 1.0
#: Names never said in one sentence support each other less: "Athens, Henderson
#: County" is a stated pair, a roundup's "New York" five lines above "Boston" is not.
OTHER_SENTENCE_FIT = 0.6


def prior(c: Candidate, m: Mention) -> float:
    """Context-free score of a reading: population, level, capital, official name, hint."""
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


def mutual_support(
    named: list[Mention],
    cands,
    demonym_countries: set[str],
    beliefs: dict[int, dict[int, float]] | None = None,
    siblings: dict[int, list[Mention]] | None = None,
) -> dict[int, dict[int, float]]:
    """How well each reading fits the other names of the text (0..SUPPORT_CAP).

    For every other distinct name, the best fit among its readings: lying
    inside it (a town in the named county/state), or being near one of its
    readings. Two small places that are near each other rarely are by
    chance, so this is strong evidence ("Athens" + "Henderson County").

    A name with many readings counts for less (any of twenty Parises is near
    something). With ``beliefs`` (each mention's probability per reading,
    from an earlier pass) a reading the text has come to believe counts as
    much as it is believed, however many namesakes it has: once "Paris" is
    read as Paris, Tennessee, the Henry County that holds it gains.

    Names listed together (``siblings``, from :func:`list_siblings`) are
    members of one list, not one inside the other: "Washington, Pennsylvania
    and California" gives no support to the towns of those names in Pennsylvania.
    """

    def key_of(m: Mention) -> tuple:
        return (normalise(m.text), tuple(c.id for c in cands[id(m)]))

    groups: dict[tuple, list[Mention]] = defaultdict(list)
    for m in named:
        groups[key_of(m)].append(m)
    keys = [k for k in groups if cands[id(groups[k][0])]]
    listed: set[tuple[tuple, tuple]] = set()
    for k, ms in groups.items():
        for m in ms:
            for other in (siblings or {}).get(id(m), []):
                listed.add((k, key_of(other)))
    # Every reading of every name in one row of arrays, name after name; each name
    # is then set against all the others at once, one block of columns per name.
    sizes = [len(cands[id(groups[k][0])]) for k in keys]
    starts = np.cumsum([0, *sizes])
    every = [c for k in keys for c in cands[id(groups[k][0])]]
    lat = np.radians([c.lat for c in every])
    lon = np.radians([c.lon for c in every])
    ids = np.array([c.id for c in every])
    adm1 = np.array([c.admin1 or -1 for c in every])
    adm2 = np.array([c.admin2 or -1 for c in every])
    big = np.array([c.level in WIDE for c in every], dtype=bool)
    cc = np.array([c.country or "" for c in every])
    # A name with many readings counts for less, unless a reading is believed.
    weight = np.repeat([min(1.0, 10.0 / n) for n in sizes], sizes)
    if beliefs is not None and every:
        believed = np.array(
            [
                beliefs[id(groups[k][0])].get(c.id, 0.0)
                for k in keys
                for c in cands[id(groups[k][0])]
            ]
        )
        weight = np.maximum(weight, believed)
    sents = {k: {x.sent for x in groups[k]} for k in keys}
    # Noisy-or over the other names: one clear fit is strong evidence, many
    # weak ones (a town 150 km from several named places) add up only slowly.
    miss = {}
    for n, a in enumerate(keys):
        rows = slice(starts[n], starts[n + 1])
        ida, a1, a2, big_a, cc_a = ids[rows], adm1[rows], adm2[rows], big[rows], cc[rows]
        d = haversine_matrix(lat[rows], lon[rows], lat, lon)
        close = np.where(d < 30, 1.0, np.where(d < 100, 0.6, np.where(d < 200, 0.3, 0.0)))
        close[:, big] = 0.0  # "near the USA" says nothing
        close[big_a, :] = 0.0
        # One inside the other: a town in the named county, the state of a named town.
        inside = (a1[:, None] == ids[None, :]) | (a2[:, None] == ids[None, :])
        inside |= (adm1[None, :] == ida[:, None]) | (adm2[None, :] == ida[:, None])
        for m, b in enumerate(keys):
            if (a, b) in listed:
                inside[:, starts[m] : starts[m + 1]] = False
        # A country reading is supported by places named in that country.
        same_cc = cc_a[:, None] == cc[None, :]
        inside |= big_a[:, None] & ~big[None, :] & same_cc
        fit = np.maximum(close, np.where(inside, 1.0, 0.0))
        for m, b in enumerate(keys):
            if sents[a].isdisjoint(sents[b]):
                fit[:, starts[m] : starts[m + 1]] *= OTHER_SENTENCE_FIT
        # A place inside a country the text names: weaker, countries are big.
        in_named = ~big_a[:, None] & big[None, :] & same_cc
        fit = np.maximum(fit, np.where(in_named, IN_COUNTRY_FIT, 0.0))
        kept = 1.0 - np.maximum.reduceat(weight[None, :] * fit, starts[:-1], axis=1)
        # A name does not support its own readings (nor another spelled the same way);
        # the others multiply in, in order (x * 1.0 is x).
        kept[:, [m for m, b in enumerate(keys) if a[0] == b[0]]] = 1.0
        miss[a] = np.multiply.accumulate(kept, axis=1)[:, -1]
    # Countries named by demonyms ("Palestinian") support places inside them too.
    for n, k in enumerate(keys):
        rows = slice(starts[n], starts[n + 1])
        inside_dem = ~big[rows] & np.isin(cc[rows], list(demonym_countries))
        miss[k] *= 1.0 - np.where(inside_dem, IN_COUNTRY_FIT, 0.0)
    out: dict[int, dict[int, float]] = {}
    for m in named:
        k = key_of(m)
        cs = cands[id(m)]
        vals = SUPPORT_CAP * (1.0 - miss[k]) if k in miss else np.zeros(len(cs))
        out[id(m)] = {c.id: float(v) for c, v in zip(cs, vals, strict=True)}
    return out


def eponyms(cands: list[Candidate], prior: dict[int, float], m: Mention) -> None:
    """'Baghdad' the city, not the governorate named after it (unless told 'province')."""
    if m.admin_hint:
        return
    areas = {c.id: c for c in cands if c.level in {"admin1", "admin2"}}
    for c in cands:
        if c.level != "city":
            continue
        # Only when the town carries the name at least as officially as the area.
        own = [a for a in (c.admin1, c.admin2) if a in areas and c.official >= areas[a].official]
        if c.fcode == "PPLC":
            # A capital outranks a same-named area beside it, as well as one
            # around it ("Buenos Aires" the city, not the province).
            own = [
                a.id for a in areas.values() if a.country == c.country and c.official >= a.official
            ]
        if own:
            area_score = max(prior[a] for a in own)
            prior[c.id] = max(prior[c.id], area_score + EPONYM_BONUS - 3.0) + 0.01


def beliefs(cs: list[Candidate], scores: dict[int, float]) -> dict[int, float]:
    """Softmax of a mention's scores: how much each of its readings is believed."""
    if not cs:
        return {}
    top = max(scores[c.id] for c in cs)
    w = {c.id: math.exp(scores[c.id] - top) for c in cs}
    z = sum(w.values())
    return {k: v / z for k, v in w.items()}


def confidence(cs: list[Candidate], scores: dict[int, float]) -> float:
    """Softmax mass of the best candidate: 1.0 for a unique name."""
    vals = [scores[c.id] for c in cs]
    top = max(vals)
    z = sum(math.exp(v - top) for v in vals)
    return 1.0 / z


def contains(outer: Candidate, inner: Candidate) -> bool:
    if outer.id == inner.id:
        return False
    if outer.level == "country":
        return inner.country == outer.country and inner.level != "country"
    if outer.level in {"admin1", "admin2"}:
        return outer.id in (inner.admin1, inner.admin2)
    if outer.level == "city" and inner.level == "city":
        return haversine_km(outer.lat, outer.lon, inner.lat, inner.lon) < 30
    return False


def haversine_matrix(la, lo, lb, lob) -> np.ndarray:
    """Pairwise great-circle distances (km) between two sets of points in radians."""
    dlat = lb[None, :] - la[:, None]
    dlon = lob[None, :] - lo[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(la)[:, None] * np.cos(lb)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def list_siblings(named: list[Mention], text: str) -> dict[int, list[Mention]]:
    """Each name's fellow members of a list of three or more names ("British Columbia,
    Alberta, Ontario and New Brunswick"), keyed by ``id(mention)``."""
    ordered = sorted(named, key=lambda m: m.start)
    chains: list[list[Mention]] = []
    for m in ordered:
        prev = chains[-1][-1] if chains else None
        if prev is not None and prev.end <= m.start and LIST_GAP.match(text[prev.end : m.start]):
            chains[-1].append(m)
        else:
            chains.append([m])
    out: dict[int, list[Mention]] = {}
    for chain in chains:
        if len(chain) >= 3:
            for m in chain:
                out[id(m)] = [x for x in chain if x is not m]
    return out


def list_levels(
    siblings: list[Mention], best: dict[int, Candidate | None]
) -> tuple[str | None, str | None]:
    """The level, and the country, that most of a name's list-fellows are read at."""
    levels = Counter(b.level for s in siblings if (b := best.get(id(s))) is not None)
    countries = Counter(b.country for s in siblings if (b := best.get(id(s))) is not None)
    n = len(siblings)
    level = next((lv for lv, k in levels.most_common(1) if k * 2 > n), None)
    country = next((c for c, k in countries.most_common(1) if c and k * 2 > n), None)
    return level, country
