"""Splitting a story that turns out to tell two developments.

Joining is decided once, on arrival, against the story as it is then. Two
developments of one kind (a boxer's title defence against Rahman in 2008 and
against Thompson in 2012; two emergency patches for one browser) can share so
many words that the first report of the second one joins the first story, and
from then on the story's profile holds both, so every later report of either
fits it. One report against a mixed profile cannot show the seam; the story's
reports against one another can: each half's reports fit each other and not the
other half's.

So a story is looked at again as it grows (at the sizes in :data:`CHECK_SIZES`,
never on every article): every pair of its articles is scored with the same
learnt probability the clusterer joins on (:func:`pairwise`), the articles are
cut in two by average linkage, and the story splits when a report of one part
would, on average, not have joined a story of the other: the mean probability
across the cut is below the join threshold. Both parts must have at least
``Params.split_min`` articles (3), so an odd report or a pair is never cut off. The
part holding the story's oldest article keeps the story.

This is local (one story, at most ``Params.split_max`` articles), so it is no
global re-clustering, and it is the counterpart of the bridge in
:mod:`vigil.stories.clustering.online`, which merges splinters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from vigil.stories.clustering.compare import Params, absorb, candidates, new_profile
from vigil.stories.clustering.features import Features

#: Story sizes at which a story is checked for a seam (each about 1.4 times the last).
CHECK_SIZES = frozenset({4, 6, 8, 11, 15, 20, 27, 36, 48, 64})


def due(before: int, after: int, p: Params) -> bool:
    """Whether a story that grew from ``before`` to ``after`` articles is checked: it
    reached or passed a size of :data:`CHECK_SIZES` (a merge can add several at once)."""
    if p.split_min < 1 or after > p.split_max:
        return False
    return any(before < size <= after for size in CHECK_SIZES)


def pairwise(feats: Sequence[Features], df: Mapping[str, int], n: int, p: Params) -> np.ndarray:
    """The symmetric matrix of join probabilities between the articles, each scored
    against a one-article story of the other (0 where the time veto rules it out)."""
    model = p.scorer()
    k = len(feats)
    probs = np.zeros((k, k))
    singles = {j: absorb(new_profile(), f, p) for j, f in enumerate(feats)}
    views: dict = {}  # each one-article story's view, built once (df and n do not move here)
    for i, f in enumerate(feats):
        others = {j: prof for j, prof in singles.items() if j != i}
        for j, x in candidates(f, others, df, n, p, views):
            probs[i, j] = model.probability(x)
    return (probs + probs.T) / 2.0


def _average_linkage_cut(sim: np.ndarray) -> np.ndarray:
    """The top split of an average-linkage tree over ``sim``: a boolean mask of one part
    (the one holding article 0)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), 2, "maxclust")
    return labels == labels[0]


def seam(feats: Sequence[Features], df: Mapping[str, int], n: int, p: Params) -> list[int] | None:
    """The indices (into ``feats``, oldest first) of the articles that leave the story,
    or None when it tells one development."""
    if len(feats) < 2 * max(1, p.split_min):
        return None
    sim = pairwise(feats, df, n, p)
    stay = _average_linkage_cut(sim)
    leave = ~stay
    if stay.sum() < p.split_min or leave.sum() < p.split_min:
        return None
    across = float(sim[np.ix_(stay, leave)].mean())
    if across >= p.join_threshold():
        return None
    return [int(i) for i in np.flatnonzero(leave)]
