"""Benchmark: the extra time of quotes + quantities + conflicts over the rest of the pipeline.

The three stages read ``doc.spacy`` and never re-parse, so their cost is measured
directly: run the stages of ``DEFAULT_PIPELINE`` before them over the texts (timed),
then run the three stages over the same parsed documents (timed). The ratio
``extra / foundation`` is the number to watch (target <= 0.15), with
``extra / bare spaCy`` (``nlp.pipe`` alone on the same texts) beside it; ratios
are machine independent enough to compare runs. Texts: the founding article, the HTML
benchmark's gold bodies and PolNeAR dev texts, read from ``../shared``.

    python bench/quotes.py [--limit N] [--repeat N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from vigil.document import Document
from vigil.language.nlp import load_nlp
from vigil.pipeline import DEFAULT_PIPELINE, Pipeline
from vigil.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MINE = ("quotes", "quantities", "conflicts")


def load_texts(limit: int | None) -> list[str]:
    texts = [(SHARED / "corpus" / "nzdf-taji.txt").read_text(encoding="utf-8")]
    truth = json.loads((SHARED / "eval" / "html" / "ground-truth.json").read_text())
    texts += [v["articleBody"] for _, v in sorted(truth.items()) if v.get("articleBody")]
    polnear = SHARED / "eval" / "quotes" / "polnear" / "dev" / "text"
    texts += [p.read_text(encoding="utf-8") for p in sorted(polnear.glob("*.txt"))]
    return texts[:limit] if limit else texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    texts = load_texts(args.limit)
    settings = Settings(sites_file=ROOT / "demo" / "sites.yaml")
    # The foundation: every stage that runs before ours (later stages, e.g. events, are
    # not needed by ours and would only dilute the ratio).
    first = min(DEFAULT_PIPELINE.index(n) for n in MINE if n in DEFAULT_PIPELINE)
    base_names = list(DEFAULT_PIPELINE[:first])
    base = Pipeline(base_names, settings)
    mine = [Pipeline([n], settings) for n in MINE if n in DEFAULT_PIPELINE]
    list(base.pipe([Document(raw_text=texts[0])]))  # warm up: model load, lexicons
    t_base = 0.0
    t_mine = dict.fromkeys(MINE, 0.0)
    for _ in range(args.repeat):
        docs = [Document(raw_text=t, source=f"bench:{i}") for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        parsed = list(base.pipe(docs))
        t_base += time.perf_counter() - t0
        for name, pipe in zip(MINE, mine, strict=False):
            t0 = time.perf_counter()
            parsed = list(pipe.pipe(parsed))
            t_mine[name] += time.perf_counter() - t0
    extra = sum(t_mine.values())
    # Bare spaCy on the same texts: the machine-independent yardstick bench/run.py uses.
    nlp = load_nlp(settings.model)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
    t_bare = time.perf_counter() - t0
    result = {
        "documents": len(texts) * args.repeat,
        "foundation_pipeline": base_names,
        "foundation_s": round(t_base, 3),
        **{f"{k}_s": round(v, 3) for k, v in t_mine.items()},
        "extra_s": round(extra, 3),
        "ratio": round(extra / t_base, 4) if t_base else None,
        "bare_spacy_s": round(t_bare, 3),
        "ratio_to_bare_spacy": round(extra / t_bare, 4) if t_bare else None,
    }
    table = Table("measure", "value", title="quotes + quantities + conflicts: extra time")
    for k, v in result.items():
        table.add_row(k, str(v))
    Console().print(table)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
