"""``vigil eval acled``: each ACLED note's ``report_acled`` row against ACLED's coders."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from vigil.cli.common import err, out
from vigil.cli.eval import eval_app, shared_eval_dir
from vigil.cli.eval.events import _table
from vigil.eval.acled import (
    SPLITS,
    code_notes,
    confusion_png,
    cross_validate,
    evaluate,
    read_acled,
    select,
)
from vigil.eval.events import read_case


@eval_app.command("acled")
def eval_acled(
    data: Path | None = typer.Option(None, help="ACLED CSV (default ../shared/eval/events)."),
    split: str = typer.Option("all", help="dev, test (held out: (data_id // 2) % 5 == 0) or all."),
    limit: int | None = typer.Option(None, min=1, help="Only N notes, spread evenly."),
    plot: Path = typer.Option(
        Path("acled-confusion.png"), help="Where to write the confusion matrices (PNG)."
    ),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    cv: int = typer.Option(
        0,
        min=0,
        help="Folds over DEV: each note typed by a model trained without it "
        "(0 = the packaged model; needs --split dev).",
    ),
) -> None:
    """Event type, sub-event type, actors, inter codes, place and fatalities vs ACLED."""
    if split not in SPLITS:
        err.print(f"[red]error[/red]: --split must be one of {', '.join(SPLITS)}")
        raise typer.Exit(2)
    if fmt not in {"text", "json"}:
        err.print("[red]error[/red]: --format must be text or json")
        raise typer.Exit(2)
    path = data or shared_eval_dir() / "events" / "acled-dev.csv"
    try:
        rows = select(read_acled(path), split, limit)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]error[/red]: {path}: {exc}")
        raise typer.Exit(2) from exc
    if cv == 1 or (cv > 1 and split != "dev"):
        err.print("[red]error[/red]: --cv needs 2 folds or more and --split dev (TEST is held out)")
        raise typer.Exit(2)
    case = read_case(path.parent / "case2021-task2-dev.tsv") if cv else []
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(f"ACLED {split}: coding notes (cv={cv})", total=len(rows))
        if cv:
            preds, failures = cross_validate(
                rows,
                cv,
                [r.text for r in case],
                [r.label for r in case],
                progress=lambda n: bar.advance(task, n),
            )
        else:
            preds, failures = code_notes(rows, progress=lambda n: bar.advance(task, n))
    result = evaluate(rows, preds, split, failures)
    png = confusion_png(result, plot)
    if fmt == "json":
        data_out = result.as_dict()
        data_out.pop("gold", None)
        data_out.pop("pred", None)
        data_out["plot"] = str(png)
        out.file.write(json.dumps(data_out, indent=2, default=str) + "\n")
        return
    t = Table(
        "field", "accuracy", title=f"vigil vs ACLED's coders ({split}, n={result.n}, cv={cv})"
    )
    for k, v in result.fields.items():
        t.add_row(k, f"{v:.3f}")
    out.print(t)
    out.print(_table("event type", result.event_type))
    out.print(_table("sub-event type", result.sub_event_type))
    out.print(
        f"n={result.n}  no ACLED row: {result.no_row}  failed: {len(failures)}  "
        f"event type macro-F1={result.event_type.macro_f1:.3f}  sub-event type "
        f"macro-F1={result.sub_event_type.macro_f1:.3f}\nconfusion matrices: {png}"
    )
    for line in failures[:10]:
        err.print(f"[yellow]failed[/yellow]: {line}")
