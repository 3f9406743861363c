"""Train the story scorer (``src/vigil/stories/data/story_scorer.json``) on ECB+ dev.

    vigil eval stories --db /tmp/ecb.db          # the texts through the real pipeline
    python scripts/train_story_scorer.py /tmp/ecb.db [--cv]

Reads the records the eval stored (so the scorer learns from what the pipeline
really extracts), in the file's order, trains the logistic regression of
``vigil.stories.clustering.learn`` on all 35 topics and writes the coefficients, the join
threshold (picked by clustering the file online) and the merge threshold of a bridged
splinter (``learn.MERGE_THRESHOLDS``: 0.5, not tuned). ``--cv`` first prints the topic-grouped 5-fold cross-validation (train
on 28 topics, score the 7 held out). Data: ECB+ (Cybulska & Vossen 2014, CC BY 3.0),
``../shared/eval/stories/ecbplus-dev.jsonl``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import sqlalchemy as sa

from vigil.eval.stories import read_items, topic_of
from vigil.stories.clustering import learn
from vigil.stories.clustering.features import features
from vigil.stories.clustering.scorer import MODEL_PATH

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "stories" / "ecbplus-dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", help="the scratch database of `vigil eval stories --db`")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cv", action="store_true")
    args = ap.parse_args()
    items = read_items(args.data)
    gold = {str(it["id"]): str(it["story"]) for it in items}
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    with sa.create_engine(url).connect() as conn:
        records = {r.id: r.record for r in conn.execute(sa.text("select id, record from articles"))}
    feats = []
    for it in items:  # the file's order is the arrival order
        rec = records.get(str(it["id"]))
        if rec is not None:
            rec = json.loads(rec) if isinstance(rec, str) else rec
            rec.setdefault("id", str(it["id"]))
            feats.append(features(rec))
    if args.cv:
        print(json.dumps(learn.cross_validate(feats, gold, topic_of), indent=2))
    model = learn.fit(
        feats,
        gold,
        about={"trained_on": args.data.name, "articles": len(feats), "topics": "1-35"},
    )
    args.out.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: threshold {model.threshold}, merge {model.merge_threshold}, "
        f"{model.about}"
    )


if __name__ == "__main__":
    main()
