"""Online story clustering: a new article joins the most likely story or opens one.

No global re-clustering: each article is compared once, on arrival, with the
stories that exist then (their *profiles*: the summed feature vectors of their
articles, the days they are anchored on, the people, places and lead names they
are about). This module is pure (no database): :mod:`vigil.stories.clustering.online` decides
what an arriving article does, :mod:`vigil.stories.update` keeps profiles and
document frequencies in the store.

The comparison is :func:`evidence`, a short vector (TF-IDF cosines per feature
group, conflicts of people, places, years, days and lead names, what the article
brings that the story lacks), turned into the probability that both tell one
development by a learnt logistic regression (:mod:`vigil.stories.clustering.scorer`). The
article joins the most likely story if that probability reaches the model's
threshold; a one-article story it fits as well is merged into that one
(:mod:`vigil.stories.clustering.online`). Time still vetoes: when both the article and the story are anchored
on a day (publication or dateline) further apart than ``max_gap_days``, it is
another development, unless the article itself names one of the story's days
(a follow-up weeks later that recalls "the January 8 attack").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vigil.stories.clustering.features import Features
from vigil.stories.clustering.scorer import (
    Model,
    anchor_gap,
    figure_agreement,
    figures_of,
    group_cosines,
    group_norms,
    lead_novelty,
    name_tokens,
    packaged,
)


@dataclass(frozen=True)
class Params:
    #: weight of each feature group (words, entities, places, years, event@place, lead
    #: names, figures) in the overall cosine
    weights: Mapping[str, float] = field(
        default_factory=lambda: {"w": 1.0, "e": 1.0, "p": 0.6, "y": 1.0, "v": 0.2, "l": 1.0}
    )
    #: least probability to join a story (None: the model's own threshold)
    threshold: float | None = None
    #: anchors further apart than this (days) are different developments
    max_gap_days: int = 10
    #: a day the article names within this many days of a story's day links them
    recall_days: int = 1
    #: terms kept per story profile (the heaviest)
    max_terms: int = 600
    #: main places further apart than this are a place conflict
    place_km: float = 150.0
    #: the scorer (None: the packaged one, ``data/story_scorer.json``)
    model: Model | None = None
    #: least probability for a second story the article also fits to be merged into the
    #: one it joins (None: the model's own)
    merge_threshold: float | None = None
    #: the most articles a story may have to be merged so: a splinter, never two
    #: established stories
    bridge_size: int = 1
    #: the fewest articles each part of a split story must have (0: stories never split)
    split_min: int = 3
    #: the most articles a story may have to be checked for a split (the check scores
    #: every pair of its articles)
    split_max: int = 64

    def scorer(self) -> Model:
        return self.model or packaged()

    def join_threshold(self) -> float:
        return self.scorer().threshold if self.threshold is None else self.threshold

    def bridge_threshold(self) -> float:
        m = self.scorer().merge_threshold if self.merge_threshold is None else self.merge_threshold
        return max(m, self.join_threshold())


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


def new_profile() -> dict[str, Any]:
    return {"vec": {}, "anchors": [], "days": [], "n": 0, "people": {}, "places": {}}


def people_conflict(a: ArticleView, profile: Mapping[str, Any]) -> bool:
    """Each side is about people the other never names: Tara Reid's rehab is not
    Lindsay Lohan's, however alike the words."""
    people = profile.get("people") or {}
    n = int(profile.get("n") or 0)
    if not a.feat.people or not people or not n:
        return False
    if set(a.feat.people) & set(people):
        return False
    dominant = {k for k, c in people.items() if c >= max(1, n / 2)}
    return bool(dominant) and not (dominant & a.surnames)


@dataclass
class StoryView:
    """A story as an arriving article is compared with it: the profile, its IDF-weighted
    vector and what the conflicts read from it (kept while the story does not change)."""

    profile: Mapping[str, Any]
    vec: dict[str, float]
    names: set[str]
    years: set[str]
    figures: dict[str, set[str]]
    norms: dict[str, float]


@dataclass
class ArticleView:
    """The arriving article as it is compared with every story: read once, not per story."""

    feat: Features
    vec: dict[str, float]
    norms: dict[str, float]
    lead: set[str]
    names: set[str]
    surnames: set[str]
    years: set[str]
    figures: dict[str, set[str]]
    #: each lead name with its IDF
    lead_idf: list[tuple[str, float]]


def article_view(feat: Features, df: Mapping[str, int], n: int, p: Params) -> ArticleView:
    vec = weighted(feat.vec, df, n, p)
    return ArticleView(
        feat,
        vec,
        group_norms(vec),
        name_tokens(feat.vec, ("l:",)),
        name_tokens(feat.vec, ("e:", "l:")),
        {k[2:].split()[-1] for k in feat.vec if k.startswith("e:") and len(k) > 2},
        {k[2:] for k in feat.vec if k.startswith("y:")},
        figures_of(feat.vec),
        [(k[2:], idf(df.get(k, 0), n)) for k in feat.vec if k.startswith("l:")],
    )


def view(profile: Mapping[str, Any], df: Mapping[str, int], n: int, p: Params) -> StoryView:
    raw = profile.get("vec") or {}
    vec = weighted(raw, df, n, p)
    return StoryView(
        profile,
        vec,
        name_tokens(raw, ("l:", "e:")) | set(profile.get("lead") or {}),
        {k[2:] for k in raw if k.startswith("y:")},
        figures_of(raw),
        group_norms(vec),
    )


def lead_conflict(a: ArticleView, story: StoryView) -> bool:
    """The names in the report's lead are absent from the story, and the names most of
    the story's leads give are absent from the report: INS Sukanya's 26 pirates are not
    INS Mysore's 23, the Red Sox's offer is not the Angels'."""
    lead = story.profile.get("lead") or {}
    n = int(story.profile.get("n") or 0)
    if not a.lead or not lead or not n or a.lead & story.names:
        return False
    dominant = {k for k, c in lead.items() if c >= max(1, n / 2)}
    return bool(dominant) and not (dominant & a.names)


def year_conflict(a: ArticleView, story: StoryView) -> bool:
    """A dated report (publication or dateline) whose year the story never mentions,
    while the story names other years; or the reverse. ECB+-style pairs of one kind of
    event years apart."""
    mine, anchor = a.years, a.feat.anchor
    anchors = {d[:4] for d in story.profile.get("anchors") or []}
    if anchor is not None and story.years and str(anchor.year) not in story.years:
        return True
    return bool(anchors and mine and anchor is None and not (anchors & mine))


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


def evidence(a: ArticleView, story: StoryView, p: Params) -> list[float]:
    """What says the article tells the story's development, and what says not, in the
    order of :data:`vigil.stories.clustering.scorer.NAMES`."""
    profile = story.profile
    cos = group_cosines(a.vec, story.vec, a.norms, story.norms)
    gap, both = anchor_gap(a.feat, profile)
    agree, differ = figure_agreement(a.figures, story.figures)
    return [
        cos["w"],
        cos["e"],
        cos["p"],
        cos["y"],
        cos["v"],
        cos["l"],
        cos["all"],
        float(people_conflict(a, profile)),
        float(place_conflict(a.feat, profile, p)),
        float(year_conflict(a, story)),
        float(lead_conflict(a, story)),
        gap,
        both,
        math.log(max(1, int(profile.get("n") or 1))),
        lead_novelty(a.lead_idf, story.names),
        agree,
        differ,
    ]


def candidates(
    feat: Features,
    profiles: Mapping[int, Mapping[str, Any]],
    df: Mapping[str, int],
    n: int,
    p: Params = DEFAULT,
    cache: dict[int, tuple[Any, StoryView]] | None = None,
) -> list[tuple[int, list[float]]]:
    """The evidence for each story (ascending id). ``cache`` keeps each story's view
    until the story changes or the collection grows by a tenth (IDF moves slowly).
    A story the time veto rules out is no candidate."""
    a = article_view(feat, df, n, p)
    epoch = int(math.log(n + 1) * 10)
    out = []
    for sid in sorted(profiles):
        prof = profiles[sid]
        if time_conflict(feat, prof, p):
            continue
        if cache is None:
            story = view(prof, df, n, p)
        else:
            version = (prof.get("n"), epoch)
            hit = cache.get(sid)
            if hit is None or hit[0] != version:
                hit = (version, view(prof, df, n, p))
                cache[sid] = hit
            story = hit[1]
        out.append((sid, evidence(a, story, p)))
    return out


def _top(counts: Mapping[str, int], cap: int) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:cap])


def merge_profiles(
    a: Mapping[str, Any], b: Mapping[str, Any], p: Params = DEFAULT
) -> dict[str, Any]:
    """The profile of both stories' articles together (a new dict; JSON-able)."""
    vec = dict(a.get("vec") or {})
    for k, v in (b.get("vec") or {}).items():
        vec[k] = vec.get(k, 0.0) + v
    if len(vec) > p.max_terms:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_terms])
    out: dict[str, Any] = {
        "vec": {k: round(v, 5) for k, v in vec.items()},
        "anchors": sorted(set(a.get("anchors") or []) | set(b.get("anchors") or [])),
        "days": sorted(set(a.get("days") or []) | set(b.get("days") or []))[-50:],
        "n": int(a.get("n") or 0) + int(b.get("n") or 0),
    }
    for key, cap in (("people", 30), ("places", 20), ("lead", 40)):
        counts = dict(a.get(key) or {})
        for k, c in (b.get(key) or {}).items():
            counts[k] = counts.get(k, 0) + c
        out[key] = _top(counts, cap)
    return out


def absorb(profile: Mapping[str, Any], feat: Features, p: Params = DEFAULT) -> dict[str, Any]:
    """The profile with the article added (a new dict; JSON-able)."""
    one = {
        "vec": feat.vec,
        "anchors": [feat.anchor.isoformat()] if feat.anchor else [],
        "days": [d.isoformat() for d in feat.days],
        "n": 1,
        "people": dict.fromkeys(feat.people, 1),
        "places": {feat.place: 1} if feat.place else {},
        "lead": dict.fromkeys(name_tokens(feat.vec, ("l:",)), 1),
    }
    return merge_profiles(profile, one, p)
