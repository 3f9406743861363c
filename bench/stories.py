"""Benchmark: what stories cost on top of reading the news, as ratios in one process.

Story assignment (``vigil.stories.update``: features, the learnt scorer against the
candidate stories, canonical events, and the split checks as stories grow) runs
after the NLP, once per article. What matters is its cost next to the reading
itself, so it is timed against bare spaCy (``nlp.pipe`` of the same model) on the
same texts: ECB+ dev texts, read from ``../shared`` (never copied), in file order,
so stories of 10-30 reports form and are checked for splits. Assignment is timed on
a fresh SQLite store twice: as shipped, and with splitting off (``split_min=0``),
so the split checks' own cost is visible. The NLP runs once, untimed.

    python bench/stories.py [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import spacy
import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from vigil.eval.stories import documents_of, read_items
from vigil.pipeline import Pipeline
from vigil.settings import Settings
from vigil.store import open_store
from vigil.stories import tables as t
from vigil.stories import update
from vigil.stories.clustering.compare import DEFAULT

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stories" / "ecbplus-dev.jsonl"


def assign(docs: list[Any], params: Any) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of assigning every stored article; stories and splits."""
    with tempfile.TemporaryDirectory(prefix="vigil-bench-stories-") as tmp:
        with open_store(f"sqlite:///{tmp}/bench.db") as store:
            for d in docs:
                store.save(d)
            t0, c0 = time.perf_counter(), time.process_time()
            assigned = update(store, params)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert assigned == len(docs), f"{assigned} of {len(docs)} assigned"
            s = t.stories
            with store.engine.connect() as conn:
                live = conn.scalar(
                    sa.select(sa.func.count()).select_from(s).where(s.c.merged_into.is_(None))
                )
                splits = conn.scalar(
                    sa.select(sa.func.count()).select_from(s).where(s.c.split_from.is_not(None))
                )
    return wall, cpu, int(live or 0), int(splits or 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="the first N texts (0: all 772)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()
    items = read_items(DATA)
    items = items[: args.limit] if args.limit else items
    texts = [d.raw_text for d in documents_of(items)]

    nlp = spacy.load(Settings().model)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare_wall, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

    docs = list(Pipeline().pipe(documents_of(items)))
    shipped = assign(docs, DEFAULT)
    no_split = assign(docs, replace(DEFAULT, split_min=0))

    table = Table("story assignment", "wall s", "CPU s", "CPU / bare spaCy", "stories", "splits")
    table.add_row("bare spaCy (baseline)", f"{bare_wall:.1f}", f"{bare_cpu:.1f}", "1.00", "", "")
    result: dict[str, Any] = {
        "texts": len(texts),
        "bare_spacy": {"wall": bare_wall, "cpu": bare_cpu},
    }
    for name, (wall, cpu, live, splits) in (("as shipped", shipped), ("splits off", no_split)):
        ratio = cpu / bare_cpu if bare_cpu else float("nan")
        table.add_row(name, f"{wall:.1f}", f"{cpu:.1f}", f"{ratio:.3f}", str(live), str(splits))
        result[name] = {"wall": wall, "cpu": cpu, "cpu_ratio": ratio, "stories": live}
        result[name]["splits"] = splits
    console = Console()
    console.print(table)
    extra = (shipped[1] - no_split[1]) / bare_cpu if bare_cpu else float("nan")
    console.print(
        f"{len(texts)} ECB+ texts; the split checks add {extra:.3f}x bare spaCy's CPU time"
    )
    result["split_cpu_over_bare"] = extra
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
