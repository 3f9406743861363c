"""``vigil eval quotes``: attribution on PolNeAR, vigil against textacy on the same parses."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.eval.quotes import evaluate, load_split
from vigil.pipeline import Pipeline
from vigil.settings import Settings

#: result key -> short column header (the terminal is narrow; --format json has all).
HEADERS = {
    "system": "system",
    "predicted": "pred",
    "gold": "gold",
    "content_p": "P",
    "content_r": "R",
    "content_f1": "F1",
    "any_overlap_f1": "F1 any",
    "speaker_acc": "spk acc",
    "attribution_p": "attr P",
    "attribution_r": "attr R",
    "attribution_f1": "attr F1",
}

#: Only what attribution needs: no cleaning (offsets must stay those of the gold files).
EVAL_PIPELINE = ["parse", "entities", "quotes"]


@eval_app.command("quotes")
def eval_quotes(
    data: Path | None = typer.Option(
        None, help="PolNeAR folder (default: shared/eval/quotes/polnear)."
    ),
    split: str = typer.Option("dev", help="dev (report) or train (development)."),
    limit: int | None = typer.Option(None, min=1, help="Only the first N articles."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Precision/recall/F1 of quote content spans and speaker accuracy, vs textacy."""
    root = data or shared_eval_dir() / "quotes" / "polnear"
    try:
        articles = load_split(root, split, limit)
    except FileNotFoundError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    pipeline = Pipeline(EVAL_PIPELINE, Settings())
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(f"PolNeAR {split}", total=len(articles))
        scores = evaluate(articles, pipeline.pipe, lambda: bar.advance(task))
    result = {
        subset: {name: s.as_dict() for name, s in by.items()} for subset, by in scores.items()
    }
    if format == "json":
        out.file.write(json.dumps(result, indent=2) + "\n")
        return
    titles = {
        "all": f"PolNeAR {split}: all attributions ({len(articles)} articles)",
        "direct": f"PolNeAR {split}: gold direct quotes only",
    }
    for subset, by in result.items():
        table = Table(*HEADERS.values(), title=titles[subset])
        for row in by.values():
            table.add_row(
                *(f"{row[k]:.3f}" if isinstance(row[k], float) else str(row[k]) for k in HEADERS)
            )
        out.print(table)
    out.print(
        "P/R/F1: content spans, match = >= 80% of the shorter span's word tokens (F1 any: any "
        "overlap). spk acc: speaker right among matched pairs with a gold Source (mention "
        "overlaps it, or resolves to an entity that does). attr: content matched and speaker "
        "right."
    )
