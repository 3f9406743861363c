"""``vigil eval stories``: story clustering on ECB+ (``../shared/eval/stories``), end to end.

The texts go through the real ingest (full pipeline, near-duplicate check, store)
into a scratch database in file order, then ``vigil.stories.update`` assigns
stories online; the assignment is scored against the gold ``story`` with B-cubed
and ARI. ``--cv`` adds the topic-grouped 5-fold cross-validation of the story
scorer (trained on 28 topics, scored on the 7 held out) from the same records;
``--orders N`` repeats it in N arrival orders.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.eval.stories import (
    bcubed,
    cross_validate,
    documents_of,
    predicted,
    purity_report,
    read_items,
)


@eval_app.command("stories")
def eval_stories(
    data: Path | None = typer.Option(None, help="The JSON Lines file (default ECB+ dev)."),
    limit: int | None = typer.Option(None, min=1, help="Only the first N texts."),
    db: str | None = typer.Option(
        None, help="Scratch database (default: a temporary SQLite file)."
    ),
    cv: bool = typer.Option(
        False, "--cv", help="Also cross-validate the story scorer, grouped by topic."
    ),
    orders: int = typer.Option(
        1,
        min=1,
        help="With --cv: repeat it in this many arrival orders (the file's, then shuffles).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    batch_size: int = typer.Option(16, help="Documents per pipeline batch."),
) -> None:
    """B-cubed precision/recall/F1 and adjusted Rand index of the stories vigil forms."""
    from vigil.pipeline import Pipeline
    from vigil.registry.db import open_db
    from vigil.store.ingest import ingest, local_runner
    from vigil.stories import update

    path = data or shared_eval_dir() / "stories" / "ecbplus-dev.jsonl"
    try:
        items = read_items(path)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error[/red]: {path}: {exc}")
        raise typer.Exit(2) from exc
    items = items[:limit] if limit else items
    gold = {str(it["id"]): str(it["story"]) for it in items}
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="vigil-eval-stories-")
        db = str(Path(tmp.name) / "stories.db")
    t0 = time.monotonic()
    docs = documents_of(items)
    with open_db(db) as store:
        stats = ingest(store, docs, local_runner(Pipeline), batch_size=batch_size)
        update(store)
        pred = predicted(store.engine)
        records = [a.record for a in store.iter_articles()] if cv else []
        copies = len(pred) - len(store.known_ids(pred))
    elapsed = time.monotonic() - t0
    score = bcubed(gold, pred)
    result = {
        "file": str(path),
        "texts": len(items),
        "stored": stats.new,
        "near_duplicates": copies,
        "rejected": stats.rejected,
        # neither text nor title: nothing to read; scored as stories of their own
        "empty": len(items) - len(docs),
        "seconds": round(elapsed, 1),
        "score": score.as_dict(),
        "errors": purity_report(gold, pred),
    }
    failed = None
    if cv:
        try:
            result["cross_validation"] = cross_validate(records, gold, orders)
        except ValueError as exc:
            failed = result["cross_validation_error"] = f"{path}: {exc}"
    if tmp is not None:
        tmp.cleanup()
    if as_json:
        out.file.write(json.dumps(result, indent=2) + "\n")
    else:
        _print(result, path)
    if failed:
        err.print(f"[red]error[/red]: cross-validation: {failed}")
        raise typer.Exit(1)


def _print(result: dict[str, Any], path: Path) -> None:
    score = result["score"]
    table = Table("run", "P", "R", "F1", "ARI", "stories (gold)", title="B-cubed on " + path.name)
    cross = result.get("cross_validation") or {}
    rows = [("online, all", score)]
    rows += [(f"held-out topics {f['topics'][0]}..", f["score"]) for f in cross.get("folds", [])]
    if cross:
        rows.append(("5-fold by topic, pooled", cross["pooled"]))
    for name, c in rows:
        table.add_row(
            name,
            f"{c['precision']:.3f}",
            f"{c['recall']:.3f}",
            f"{c['f1']:.3f}",
            f"{c['ari']:.3f}",
            f"{c['predicted_stories']} ({c['gold_stories']})",
        )
    out.print(table)
    if "orders" in cross:
        o = cross["orders"]
        out.print(
            f"5-fold by topic in {len(o['f1'])} arrival orders: B3 F1 mean {o['mean']:.3f}, "
            f"sd {o['sd']:.3f}, range {min(o['f1']):.3f}-{max(o['f1']):.3f}"
        )
    out.print(
        f"{result['texts']} texts, {result['stored']} stored, "
        f"{result['near_duplicates']} near-duplicate(s), {result['rejected']} rejected, "
        + (f"{result['empty']} empty (scored as stories of their own), " if result["empty"] else "")
        + f"{result['seconds']:.0f} s"
    )
