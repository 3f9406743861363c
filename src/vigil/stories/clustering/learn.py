"""Training and cross-validating the story scorer on labelled stories (ECB+ style).

Training pairs come from replaying the labelled articles online in their order
with the gold stories (teacher forcing): each article is compared, exactly as the
clusterer would compare it, with every story that exists at its arrival; the pair
with its own story is positive, the rest negative (those sharing no weighted term
at all are left out: they teach nothing). A logistic regression fits the pairs;
the join threshold and the merge threshold of a bridged splinter
(:mod:`vigil.stories.clustering.online`) are the pair that gives the best B-cubed F1 when the
training articles are clustered online with them.

Cross-validation is by topic: no topic is both trained on and scored, so the
numbers say how the scorer does on developments it has never seen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from vigil.stories.clustering.compare import DEFAULT, Params, candidates
from vigil.stories.clustering.features import Features
from vigil.stories.clustering.online import Clusterer
from vigil.stories.clustering.scorer import NAMES, Model

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3)
#: merge threshold of a splinter the article bridges: more likely than not one development
#: (not tuned: picking it with the join threshold on the training topics overfitted them)
MERGE_THRESHOLDS = (0.5,)


def pairs(
    feats: Sequence[Features], gold: Mapping[str, str], p: Params = DEFAULT
) -> tuple[np.ndarray, np.ndarray]:
    """Evidence vectors (rows) and labels (1: the article's own story) in arrival order."""
    c = Clusterer(p)
    ids: dict[str, int] = {}
    xs: list[list[float]] = []
    ys: list[int] = []
    for f in feats:
        own = ids.setdefault(gold[f.article_id], len(ids) + 1)
        for sid, x in candidates(f, c.profiles, c.df, c.n, p, c.cache):
            if sid != own and x[NAMES.index("cos_all")] <= 0.0:
                continue
            xs.append(x)
            ys.append(int(sid == own))
        c.add(f, own)
    return np.array(xs, dtype=float).reshape(-1, len(NAMES)), np.array(ys, dtype=int)


def cluster(feats: Sequence[Features], p: Params) -> dict[str, int]:
    c = Clusterer(p)
    for f in feats:
        c.add(f)
    return c.assignment


def fit(
    feats: Sequence[Features],
    gold: Mapping[str, str],
    p: Params = DEFAULT,
    thresholds: Sequence[float] = THRESHOLDS,
    about: Mapping[str, Any] | None = None,
    merge_thresholds: Sequence[float] = MERGE_THRESHOLDS,
) -> Model:
    """A scorer trained on ``feats`` (in arrival order), its join and merge thresholds
    picked together on them (the best B-cubed F1 of the online clustering)."""
    from sklearn.linear_model import LogisticRegression

    from vigil.eval.stories import bcubed

    x, y = pairs(feats, gold, p)
    if len(set(y.tolist())) < 2:
        raise ValueError(
            f"the scorer needs pairs of one story and of two stories to learn from; "
            f"these {len(feats)} articles give {int(y.sum())} of {len(y)} pairs of one story"
        )
    lr = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    model = Model(
        tuple(float(c) for c in lr.coef_[0]),
        float(lr.intercept_[0]),
        thresholds[0],
        dict(about or {}, pairs=int(len(y)), positives=int(y.sum())),
    )
    labels = {f.article_id: gold[f.article_id] for f in feats}

    def f1(ths: tuple[float, float]) -> float:
        return bcubed(labels, cluster(feats, _with(p, model, *ths))).f1

    grid = [(th, m) for th in thresholds for m in merge_thresholds]
    best = max(grid, key=lambda ths: (f1(ths), -ths[0], -ths[1]))
    return Model(model.coef, model.intercept, best[0], model.about, best[1])


def _with(
    p: Params, model: Model, threshold: float | None = None, merge: float | None = None
) -> Params:
    from dataclasses import replace

    return replace(p, model=model, threshold=threshold, merge_threshold=merge)


def topic_folds(topics: Sequence[Any], k: int = 5) -> list[set[Any]]:
    ordered = sorted(set(topics))
    return [set(ordered[i::k]) for i in range(min(k, len(ordered)))]


def cross_validate(
    feats: Sequence[Features],
    gold: Mapping[str, str],
    topic_of: Any,
    k: int = 5,
    p: Params = DEFAULT,
) -> dict[str, Any]:
    """Train on the other folds' topics, cluster the held-out fold's articles online;
    the folds' assignments pooled are scored as one (B-cubed, ARI) and each fold alone."""
    from vigil.eval.stories import bcubed

    folds = topic_folds([topic_of(gold[f.article_id]) for f in feats], k)
    if len(folds) < 2:
        raise ValueError(
            f"cross-validation needs at least 2 topics to hold out in turn; "
            f"the articles give {len(folds)}"
        )
    pooled: dict[str, tuple[int, int]] = {}
    per_fold = []
    for i, test in enumerate(folds):
        train = [f for f in feats if topic_of(gold[f.article_id]) not in test]
        held = [f for f in feats if topic_of(gold[f.article_id]) in test]
        model = fit(train, gold, p)
        assigned = cluster(held, _with(p, model))
        pooled.update({a: (i, s) for a, s in assigned.items()})
        score = bcubed({f.article_id: gold[f.article_id] for f in held}, assigned)
        per_fold.append(
            {
                "topics": sorted(test),
                "threshold": model.threshold,
                "merge_threshold": model.merge_threshold,
                "score": score.as_dict(),
            }
        )
    total = bcubed({f.article_id: gold[f.article_id] for f in feats}, pooled)
    return {"folds": per_fold, "pooled": total.as_dict()}
