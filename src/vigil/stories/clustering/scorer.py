"""How likely an article tells the development a story tells: a learnt pairwise scorer.

The clusterer compares a new article with each candidate story once, on arrival.
Hand-set weights and multipliers cannot say how much a shared name is worth
against a conflicting date, so the comparison is a short vector of evidence
(:data:`NAMES`) combined by a logistic regression trained on labelled stories
(``scripts/train_story_scorer.py``; the coefficients ship in
``data/story_scorer.json``). The evidence follows the definition of one
development (same kind of event, compatible participants, places and times):

- how alike their words, names, places, years, events and lead names are
  (cosine of IDF-weighted vectors, one per feature group, and overall);
- vetoes turned into evidence: the people each side is about are absent from
  the other, their main places are far apart, a dated side's year is one the
  other never names, neither side's lead names are named by the other (days
  further apart than a follow-up, where the newcomer names no day of the story,
  rule the story out before any scoring);
- what the article brings that the story lacks: the share of its lead names
  (IDF-weighted) the story never names, and whether the figures both give for
  one thing agree ("23 pirates" and "23 pirates") or differ ("26 pirates");
- the gap between their anchor days, and the story's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from vigil.stories.clustering.features import Features

NAMES = (
    "cos_words",
    "cos_entities",
    "cos_places",
    "cos_years",
    "cos_events",
    "cos_lead",
    "cos_all",
    "people_conflict",
    "place_conflict",
    "year_conflict",
    "lead_conflict",
    "log_gap_days",
    "both_anchored",
    "log_story_size",
    "lead_novelty",
    "figures_agree",
    "figures_differ",
)
_GROUPS = ("w", "e", "p", "y", "v", "l")
MODEL_PATH = Path(__file__).parents[1] / "data" / "story_scorer.json"


@dataclass(frozen=True)
class Model:
    """Logistic-regression coefficients over :data:`NAMES` and the join threshold."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    about: Mapping[str, Any]
    #: least probability for a splinter the article also fits to be merged (above 1: never)
    merge_threshold: float = 2.0

    def probability(self, x: Sequence[float]) -> float:
        z = self.intercept + sum(c * v for c, v in zip(self.coef, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(NAMES),
            "coef": [round(c, 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "merge_threshold": self.merge_threshold,
            "about": dict(self.about),
        }


def load(path: Path = MODEL_PATH) -> Model:
    """The model in ``path``; its features must be today's :data:`NAMES`, in order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != NAMES:
        raise ValueError(f"{path}: trained on other features; rerun scripts/train_story_scorer.py")
    return Model(
        tuple(float(c) for c in data["coef"]),
        float(data["intercept"]),
        float(data["threshold"]),
        data.get("about") or {},
        float(data.get("merge_threshold", 2.0)),
    )


@cache
def packaged() -> Model:
    return load(MODEL_PATH)


def group_norms(vec: Mapping[str, float]) -> dict[str, float]:
    """Squared norm of a weighted vector per feature group (kept with a view: a story
    is compared with many articles, an article with many stories)."""
    out: dict[str, float] = {}
    for k, v in vec.items():
        out[k[0]] = out.get(k[0], 0.0) + v * v
    return out


def group_cosines(
    a: Mapping[str, float],
    b: Mapping[str, float],
    na: Mapping[str, float] | None = None,
    nb: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Cosine of the two weighted vectors per feature group, and over all groups."""
    na = group_norms(a) if na is None else na
    nb = group_norms(b) if nb is None else nb
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    dot: dict[str, float] = {}
    for k, v in small.items():
        w = big.get(k)
        if w:
            dot[k[0]] = dot.get(k[0], 0.0) + v * w
    out = {}
    for g in _GROUPS:
        d = dot.get(g, 0.0)
        out[g] = d / math.sqrt(na[g] * nb[g]) if d and na.get(g) and nb.get(g) else 0.0
    total, norm_a, norm_b = sum(dot.values()), sum(na.values()), sum(nb.values())
    out["all"] = total / math.sqrt(norm_a * norm_b) if total > 0 and norm_a and norm_b else 0.0
    return out


def name_tokens(vec: Mapping[str, float], prefixes: tuple[str, ...]) -> set[str]:
    """The words of the names under ``prefixes`` (``"e:"`` entities, ``"l:"`` lead names)."""
    out: set[str] = set()
    for k in vec:
        if k[:2] in prefixes:
            out.update(k[2:].split())
    return out


def lead_novelty(lead: Sequence[tuple[str, float]], story_names: set[str]) -> float:
    """The IDF-weighted share of the article's lead names (name, IDF) the story never names."""
    total = sum(w for _, w in lead)
    new = sum(w for name, w in lead if name not in story_names)
    return new / total if total else 0.0


def figures_of(vec: Mapping[str, float]) -> dict[str, set[str]]:
    """What is counted -> the figures given for it (from ``n:`` terms)."""
    out: dict[str, set[str]] = {}
    for k in vec:
        if k.startswith("n:"):
            value, _, unit = k[2:].partition(" ")
            out.setdefault(unit, set()).add(value)
    return out


def figure_agreement(mine: dict[str, set[str]], theirs: dict[str, set[str]]) -> tuple[float, float]:
    """Of the things both count, the share given the same figure and the share not."""
    both = [u for u in mine if u in theirs]
    if not both:
        return 0.0, 0.0
    agree = sum(1 for u in both if mine[u] & theirs[u])
    return agree / len(both), (len(both) - agree) / len(both)


def anchor_gap(feat: Features, profile: Mapping[str, Any]) -> tuple[float, float]:
    anchors = [date.fromisoformat(a) for a in profile.get("anchors") or []]
    if feat.anchor is None or not anchors:
        return 0.0, 0.0
    return math.log1p(min(abs((feat.anchor - a).days) for a in anchors)), 1.0
