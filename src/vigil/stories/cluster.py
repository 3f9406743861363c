"""Online story clustering: a new article joins the most similar story or opens one.

No global re-clustering: each article is compared once, on arrival, with the
stories that exist then (their *profiles*: the summed feature vectors of their
articles, the days they are anchored on), and the choice is final. This module is
pure (no database): :mod:`vigil.stories.update` keeps profiles and document
frequencies in the store and calls :func:`choose` / :func:`absorb`.

Similarity is the cosine between the article's and the story's TF-IDF vectors,
with each feature group weighted (:class:`Params`): shared actors and places say
"same development" far more than shared topic words, which is what keeps two
earthquakes, or two arrests of one group, apart. Time vetoes a join: when both the
article and the story are anchored on a day (publication or dateline) and the
article's anchor is more than ``max_gap_days`` from every day of the story, it is
another development, unless the article itself names one of the story's days (a
follow-up weeks later that recalls "the January 8 attack").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vigil.stories.features import Features


@dataclass(frozen=True)
class Params:
    #: weight of each feature group (words, entities, places, years, event@place)
    weights: Mapping[str, float] = field(
        default_factory=lambda: {"w": 1.0, "e": 1.0, "p": 0.6, "y": 1.0, "v": 0.2}
    )
    #: least similarity to join a story
    threshold: float = 0.15
    #: anchors further apart than this (days) are different developments
    max_gap_days: int = 10
    #: a day the article names within this many days of a story's day links them
    recall_days: int = 1
    #: terms kept per story profile (the heaviest)
    max_terms: int = 600
    #: similarity multiplier when the people each side is about are absent from the other
    people_penalty: float = 0.5
    #: ... and when their main places are further apart than ``place_km``
    place_penalty: float = 1.0
    place_km: float = 150.0
    #: ... and when a dated side's year is one the other side never mentions
    year_penalty: float = 1.0


DEFAULT = Params()


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


def weighted(
    vec: Mapping[str, float], df: Mapping[str, int], n: int, p: Params
) -> dict[str, float]:
    out = {}
    for k, v in vec.items():
        g = p.weights.get(k.split(":", 1)[0], 0.0)
        if g:
            out[k] = v * g * idf(df.get(k, 0), n)
    return out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot <= 0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def new_profile() -> dict[str, Any]:
    return {"vec": {}, "anchors": [], "days": [], "n": 0, "people": {}, "places": {}}


def people_conflict(feat: Features, profile: Mapping[str, Any]) -> bool:
    """Each side is about people the other never names: Tara Reid's rehab is not
    Lindsay Lohan's, however alike the words."""
    people = profile.get("people") or {}
    n = int(profile.get("n") or 0)
    if not feat.people or not people or not n:
        return False
    if set(feat.people) & set(people):
        return False
    named = {k[2:].split()[-1] for k in feat.vec if k.startswith("e:") and len(k) > 2}
    dominant = {k for k, c in people.items() if c >= max(1, n / 2)}
    return bool(dominant) and not (dominant & named)


def year_conflict(feat: Features, profile: Mapping[str, Any]) -> bool:
    """A dated report (publication or dateline) whose year the story never mentions,
    while the story names other years; or the reverse. ECB+-style pairs of one kind of
    event years apart."""
    story_years = {k[2:] for k in (profile.get("vec") or {}) if k.startswith("y:")}
    mine = {k[2:] for k in feat.vec if k.startswith("y:")}
    anchors = {a[:4] for a in profile.get("anchors") or []}
    if feat.anchor is not None and story_years and str(feat.anchor.year) not in story_years:
        return True
    return bool(anchors and mine and feat.anchor is None and not (anchors & mine))


def _point(key: str) -> tuple[float, float]:
    lat, lon = key.split(",")
    return float(lat), float(lon)


def place_conflict(feat: Features, profile: Mapping[str, Any], p: Params) -> bool:
    """Their main places are far apart: two earthquakes, two attacks in two towns."""
    places = profile.get("places") or {}
    if not feat.place or not places:
        return False
    if feat.place in places:
        return False
    main = min(places, key=lambda k: (-places[k], k))
    from vigil.stories.canonical import haversine_km

    return haversine_km(*_point(feat.place), *_point(main)) > p.place_km


def _dates(items: Iterable[str]) -> list[date]:
    return [date.fromisoformat(x) for x in items]


def time_conflict(feat: Features, profile: Mapping[str, Any], p: Params) -> bool:
    anchors = _dates(profile.get("anchors") or [])
    if feat.anchor is None or not anchors:
        return False
    if min(abs((feat.anchor - a).days) for a in anchors) <= p.max_gap_days:
        return False
    story_days = anchors + _dates(profile.get("days") or [])
    return not any(abs((d - s).days) <= p.recall_days for d in feat.days for s in story_days)


def similarity(
    feat: Features,
    profile: Mapping[str, Any],
    df: Mapping[str, int],
    n: int,
    p: Params = DEFAULT,
    article_vec: Mapping[str, float] | None = None,
    story_vec: Mapping[str, float] | None = None,
) -> float:
    if time_conflict(feat, profile, p):
        return 0.0
    a = article_vec if article_vec is not None else weighted(feat.vec, df, n, p)
    sim = cosine(
        a, story_vec if story_vec is not None else weighted(profile.get("vec") or {}, df, n, p)
    )
    if people_conflict(feat, profile):
        sim *= p.people_penalty
    if place_conflict(feat, profile, p):
        sim *= p.place_penalty
    if p.year_penalty != 1.0 and year_conflict(feat, profile):
        sim *= p.year_penalty
    return sim


def choose(
    feat: Features,
    profiles: Mapping[int, Mapping[str, Any]],
    df: Mapping[str, int],
    n: int,
    p: Params = DEFAULT,
    cache: dict[int, tuple[Any, dict[str, float]]] | None = None,
) -> tuple[int | None, float]:
    """The story to join (None: open a new one) and the similarity that decided it.

    Ties go to the older story (the smaller id), so the choice does not depend on
    dictionary order. ``cache`` keeps each story's weighted vector until the story
    changes or the collection grows by a tenth (IDF moves slowly)."""
    a = weighted(feat.vec, df, n, p)
    best: tuple[float, int] | None = None
    epoch = int(math.log(n + 1) * 10)
    for sid in sorted(profiles):
        prof = profiles[sid]
        sv = None
        if cache is not None:
            version = (prof.get("n"), epoch)
            hit = cache.get(sid)
            if hit is None or hit[0] != version:
                hit = (version, weighted(prof.get("vec") or {}, df, n, p))
                cache[sid] = hit
            sv = hit[1]
        s = similarity(feat, prof, df, n, p, a, sv)
        if best is None or s > best[0]:
            best = (s, sid)
    if best is None or best[0] < p.threshold:
        return None, best[0] if best else 0.0
    return best[1], best[0]


def absorb(profile: dict[str, Any], feat: Features, p: Params = DEFAULT) -> dict[str, Any]:
    """The profile with the article added (a new dict; JSON-able)."""
    vec = dict(profile.get("vec") or {})
    for k, v in feat.vec.items():
        vec[k] = vec.get(k, 0.0) + v
    if len(vec) > p.max_terms:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_terms])
    anchors = set(profile.get("anchors") or [])
    if feat.anchor:
        anchors.add(feat.anchor.isoformat())
    days = set(profile.get("days") or []) | {d.isoformat() for d in feat.days}
    people = dict(profile.get("people") or {})
    for name in feat.people:
        people[name] = people.get(name, 0) + 1
    places = dict(profile.get("places") or {})
    if feat.place:
        places[feat.place] = places.get(feat.place, 0) + 1
    return {
        "vec": {k: round(v, 5) for k, v in vec.items()},
        "anchors": sorted(anchors),
        "days": sorted(days)[-50:],
        "n": int(profile.get("n") or 0) + 1,
        "people": dict(sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:30]),
        "places": dict(sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[:20]),
    }


class Clusterer:
    """The same online algorithm in memory: for evaluation and tuning on cached records."""

    def __init__(self, p: Params = DEFAULT):
        self.p = p
        self.profiles: dict[int, dict[str, Any]] = {}
        self.df: dict[str, int] = {}
        self.n = 0
        self.assignment: dict[str, int] = {}
        self.cache: dict[int, tuple[Any, dict[str, float]]] = {}

    def add(self, feat: Features) -> int:
        sid, _ = choose(feat, self.profiles, self.df, self.n, self.p, self.cache)
        if sid is None:
            sid = len(self.profiles) + 1
            self.profiles[sid] = new_profile()
        self.profiles[sid] = absorb(self.profiles[sid], feat, self.p)
        for k in feat.vec:
            self.df[k] = self.df.get(k, 0) + 1
        self.n += 1
        self.assignment[feat.article_id] = sid
        return sid
