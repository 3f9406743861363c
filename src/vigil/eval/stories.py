"""Scoring story clustering: B-cubed precision/recall/F1 and the adjusted Rand index.

B-cubed (Bagga & Baldwin 1998) averages, over articles, how much of the article's
predicted cluster shares its gold story (precision) and how much of its gold story
is in its predicted cluster (recall). ARI is sklearn's ``adjusted_rand_score``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import adjusted_rand_score


@dataclass
class StoryScore:
    n: int
    gold_stories: int
    predicted_stories: int
    precision: float
    recall: float
    f1: float
    ari: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_items(path: Path) -> list[dict[str, Any]]:
    """The evaluation file: one JSON object a line with ``id``, ``text``, gold ``story``.

    Raises ValueError naming the line for anything that would make the score wrong rather
    than fail: a line that is not an object, a missing ``id`` or ``story``, an id given
    twice (one gold story would silently overwrite the other)."""
    items = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(item, dict):
            raise ValueError(f"line {number}: not a JSON object")
        for key in ("id", "story"):
            if item.get(key) is None or str(item[key]) == "":
                raise ValueError(f"line {number}: no {key!r}")
        if str(item["id"]) in seen:
            raise ValueError(f"line {number}: id {item['id']!r} given twice")
        seen.add(str(item["id"]))
        items.append(item)
    return items


def groups_of(labels: Collection[str]) -> Callable[[str], Any]:
    """How gold stories are grouped for cross-validation: by ECB+ topic (``12ecbplus`` and
    ``12ecb`` are topic 12, two developments of one kind, always in one fold) when every
    label starts with a topic number; otherwise each story is its own group."""
    if labels and all(label[:1].isdigit() for label in labels):
        return topic_of
    return str


def topic_of(item_or_story: Mapping[str, Any] | str) -> int:
    """ECB+ topic number of an item (or gold story label such as ``12ecbplus``)."""
    story = item_or_story if isinstance(item_or_story, str) else str(item_or_story["story"])
    digits = ""
    for c in story:
        if not c.isdigit():
            break
        digits += c
    return int(digits) if digits else 0


def bcubed(gold: Mapping[str, str], pred: Mapping[str, Any]) -> StoryScore:
    """Scored over every gold item: one the system never placed (rejected, empty, lost)
    counts as a story of its own, so losing texts cannot raise the score."""
    pred = {i: pred[i] if i in pred else ("unplaced", i) for i in gold}
    ids = list(gold)
    gold_sets: dict[str, set[str]] = defaultdict(set)
    pred_sets: dict[Any, set[str]] = defaultdict(set)
    for i in ids:
        gold_sets[gold[i]].add(i)
        pred_sets[pred[i]].add(i)
    p = r = 0.0
    for i in ids:
        g, c = gold_sets[gold[i]], pred_sets[pred[i]]
        inter = len(g & c)
        p += inter / len(c)
        r += inter / len(g)
    n = len(ids) or 1
    p, r = p / n, r / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    labels = {lab: k for k, lab in enumerate(sorted({str(pred[i]) for i in ids}))}
    ari = adjusted_rand_score([gold[i] for i in ids], [labels[str(pred[i])] for i in ids])
    return StoryScore(
        n=len(ids),
        gold_stories=len(gold_sets),
        predicted_stories=len(pred_sets),
        precision=round(p, 4),
        recall=round(r, 4),
        f1=round(f1, 4),
        ari=round(float(ari), 4),
    )


def purity_report(gold: Mapping[str, str], pred: Mapping[str, Any]) -> dict[str, int]:
    """Counts for the error analysis: gold stories split, predicted stories mixed."""
    by_pred: dict[Any, Counter] = defaultdict(Counter)
    by_gold: dict[str, Counter] = defaultdict(Counter)
    for i, g in gold.items():
        if i in pred:
            by_pred[pred[i]][g] += 1
            by_gold[g][pred[i]] += 1
    return {
        "mixed_predicted": sum(1 for c in by_pred.values() if len(c) > 1),
        "split_gold": sum(1 for c in by_gold.values() if len(c) > 1),
    }


# -- the end-to-end run and the cross-validation behind ``vigil eval stories`` ---------


def documents_of(items: list[dict[str, Any]]) -> list[Any]:
    """Documents in file order; a record whose body is empty is its title (ECB+ has 51)."""
    from vigil.document import Document

    docs = []
    for it in items:
        text = (it.get("text") or "").strip() or (it.get("title") or "").strip()
        if not text:
            continue
        docs.append(
            Document(
                raw_text=text,
                source=it.get("url") or f"ecbplus:{it['id']}",
                title=it.get("title"),
                url=it.get("url"),
                given_id=str(it["id"]),
            )
        )
    return docs


def predicted(engine: Any) -> dict[str, int]:
    """Item id -> story id, copies included (a near-duplicate is in its original's story)."""
    import sqlalchemy as sa

    from vigil.stories import tables as t

    with engine.connect() as conn:
        pred = {
            r.article_id: r.story_id
            for r in conn.execute(
                sa.select(t.story_articles.c.article_id, t.story_articles.c.story_id)
            )
        }
        for r in conn.execute(
            sa.select(t.article_sources.c.copy_id, t.article_sources.c.article_id)
        ):
            if r.copy_id not in pred and r.article_id in pred:
                pred[r.copy_id] = pred[r.article_id]
    return pred


def cross_validate(
    records: list[dict[str, Any]], gold: Mapping[str, str], orders: int = 1
) -> dict[str, Any]:
    """Topic-grouped 5-fold cross-validation of the story scorer on the records of a run
    (:func:`vigil.stories.clustering.learn.cross_validate`): trained on 28 topics, scored on the 7
    held out, in the file's order, with the in-memory clusterer (the same algorithm
    ``vigil.stories.update`` runs on the database).

    Online clustering depends on arrival order, and on 35 topics one order's score
    moves by about 0.01 with it, more than most changes worth measuring. ``orders`` > 1
    repeats the whole cross-validation in ``orders - 1`` shuffled orders (seeds 1, 2, ...,
    the same every run) and adds their F1s with mean and standard deviation."""
    import random
    import statistics

    from vigil.stories.clustering import learn
    from vigil.stories.clustering.features import features

    order = {k: i for i, k in enumerate(gold)}  # the file's order is the arrival order
    ordered = sorted(
        (r for r in records if str(r["id"]) in gold), key=lambda r: order[str(r["id"])]
    )
    feats = [features(r) for r in ordered]
    group = groups_of(set(gold.values()))
    result = learn.cross_validate(feats, gold, group)
    if orders > 1:
        f1s = [result["pooled"]["f1"]]
        for seed in range(1, orders):
            shuffled = list(feats)
            random.Random(seed).shuffle(shuffled)
            f1s.append(learn.cross_validate(shuffled, gold, group)["pooled"]["f1"])
        result["orders"] = {
            "seeds": list(range(orders)),  # 0: the file's order
            "f1": f1s,
            "mean": round(statistics.fmean(f1s), 4),
            "sd": round(statistics.stdev(f1s), 4),
        }
    return result
