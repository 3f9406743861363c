"""What an arriving article does to the stories: join one, open one, and bridge splinters.

Online, in arrival order: the article is scored once against each story that
exists when it arrives (:func:`vigil.stories.clustering.compare.candidates`) and joins the
most likely one when the learnt probability reaches the join threshold, else it
opens its own story. The choice is final, so an early report that opened a story
of its own (too little in common with the story then, a different angle, an
unknown name) would stay a splinter for good. A *bridge* repairs that without
any re-clustering: when the arriving article fits its chosen story and also, at
the (higher) merge threshold, a story of at most ``bridge_size`` articles, that
splinter is merged into the older of the two. Only the stories the new article
touches are ever merged, and two established stories never are (that is where a
mistaken merge costs the most: two developments of one kind). The opposite
mistake, one story that took in both developments, is undone by a *split*
(:mod:`vigil.stories.clustering.split`): the story the article joined is checked as it grows,
and its reports are cut in two when the two groups would not have joined each other.

:class:`Clusterer` runs the same decisions in memory (evaluation, training);
:mod:`vigil.stories.update` runs them on the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vigil.stories.clustering.compare import (
    DEFAULT,
    Params,
    StoryView,
    absorb,
    candidates,
    merge_profiles,
    new_profile,
)
from vigil.stories.clustering.features import Features
from vigil.stories.clustering.split import due, seam


@dataclass
class Decision:
    #: the story the article joins (None: it opens a new one)
    story: int | None
    #: the probability that decided it (the best one when the article opens a story)
    probability: float
    #: the splinters the article bridges into ``story`` (oldest first)
    merged: list[int] = field(default_factory=list)


def decide(
    feat: Features,
    profiles: Mapping[int, Mapping[str, Any]],
    df: Mapping[str, int],
    n: int,
    p: Params = DEFAULT,
    cache: dict[int, tuple[Any, StoryView]] | None = None,
) -> Decision:
    """Which story the article joins and which splinters it bridges into it.

    Ties go to the older story (the smaller id), so nothing depends on dictionary order.
    """
    model = p.scorer()
    scored = sorted(
        ((model.probability(x), sid) for sid, x in candidates(feat, profiles, df, n, p, cache)),
        key=lambda t: (-t[0], t[1]),
    )
    if not scored or scored[0][0] < p.join_threshold():
        return Decision(None, scored[0][0] if scored else 0.0)
    best, sid = scored[0]
    bar = p.bridge_threshold()
    chosen = int(profiles[sid].get("n") or 0)
    merged = sorted(
        other
        for prob, other in scored[1:]
        if prob >= bar and min(chosen, int(profiles[other].get("n") or 0)) <= p.bridge_size
    )
    return Decision(sid, best, merged)


def combine(parts: Mapping[int, Mapping[str, Any]], p: Params = DEFAULT) -> tuple[int, dict]:
    """The story that remains when the stories ``parts`` (id -> profile) are merged, the
    oldest (smallest id), and its profile: the others' added in id order."""
    keep = min(parts)
    profile = dict(parts[keep])
    for other in sorted(parts):
        if other != keep:
            profile = merge_profiles(profile, parts[other], p)
    return keep, profile


class Clusterer:
    """The same online algorithm in memory: for evaluation and tuning on cached records."""

    def __init__(self, p: Params = DEFAULT):
        self.p = p
        self.profiles: dict[int, dict[str, Any]] = {}
        self.df: dict[str, int] = {}
        self.n = 0
        self.opened = 0
        self.assignment: dict[str, int] = {}
        self.cache: dict[int, tuple[Any, StoryView]] = {}
        #: each story's articles in arrival order (what a split re-reads)
        self.members: dict[int, list[Features]] = {}
        self.arrival: dict[str, int] = {}
        self.splits = 0

    def add(self, feat: Features, story: int | None = None) -> int:
        """File the article (under ``story`` when given: the gold story, for training,
        where stories are never split)."""
        merged: list[int] = []
        forced = story is not None
        if story is None:
            d = decide(feat, self.profiles, self.df, self.n, self.p, self.cache)
            story, merged = d.story, d.merged
        if story is None:
            self.opened += 1
            story = self.opened
        elif story > self.opened:
            self.opened = story
        parts = {story: absorb(self.profiles.get(story) or new_profile(), feat, self.p)}
        parts.update({m: self.profiles.pop(m) for m in merged})
        keep, profile = combine(parts, self.p)
        for other in parts:
            self.cache.pop(other, None)
        self.profiles.pop(story, None)
        self.profiles[keep] = profile
        before = max(len(self.members.get(other) or []) for other in parts)
        members = [f for other in sorted(parts) for f in self.members.pop(other, [])]
        members.append(feat)
        self.arrival[feat.article_id] = self.n
        self.members[keep] = sorted(members, key=lambda f: self.arrival[f.article_id])
        if merged:
            gone = set(merged) | {story}
            for aid, sid in self.assignment.items():
                if sid in gone:
                    self.assignment[aid] = keep
        for k in feat.vec:
            self.df[k] = self.df.get(k, 0) + 1
        self.n += 1
        self.assignment[feat.article_id] = keep
        if not forced and due(before, len(self.members[keep]), self.p):
            self._split(keep)
        return self.assignment[feat.article_id]

    def _split(self, sid: int) -> None:
        members = self.members[sid]
        leaving = seam(members, self.df, self.n, self.p)
        if not leaving:
            return
        self.splits += 1
        self.opened += 1
        new = self.opened
        out = set(leaving)
        parts = {
            sid: [f for i, f in enumerate(members) if i not in out],
            new: [f for i, f in enumerate(members) if i in out],
        }
        for story, feats in parts.items():
            profile = new_profile()
            for f in feats:
                profile = absorb(profile, f, self.p)
                self.assignment[f.article_id] = story
            self.profiles[story] = profile
            self.members[story] = feats
            self.cache.pop(story, None)
